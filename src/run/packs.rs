//! `neurotriage packs`: the built-in rule packs, each with its title, the
//! source its `pack.yaml` names, its size, and which is the default.

use std::fmt::Write as _;

use serde_json::json;

use super::Error;
use crate::{
    load::{self, PackSource, builtin::BuiltinPack},
    pack::Pack,
    render,
};

/// Every pack of `table` (the first is the default), loaded.
pub(super) fn loaded(
    table: &'static [BuiltinPack],
) -> Result<Vec<(&'static BuiltinPack, Pack)>, Error> {
    table
        .iter()
        .map(|entry| {
            let mut report = load::load(&PackSource::Embedded(entry));
            match report.pack.take() {
                Some(pack) => Ok((entry, pack)),
                None => Err(Error::Pack { report: Box::new(report), from_env: false }),
            }
        })
        .collect()
}

/// The list as text, wrapped at `width`.
pub(super) fn text(packs: &[(&BuiltinPack, Pack)], width: usize) -> String {
    let mut out = String::new();
    for (i, (entry, pack)) in packs.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let default = if i == 0 { " (default)" } else { "" };
        render::text::wrap(
            &mut out,
            width,
            "",
            4,
            &format!("{}{default}: {}", entry.name, pack.title),
        );
        render::text::wrap(&mut out, width, "  folder: ", 4, &format!("{}/", entry.display_folder));
        render::text::wrap(&mut out, width, "  source: ", 4, &pack.source);
        let _ = writeln!(out, "  {}", sizes(pack));
    }
    out.push('\n');
    render::text::wrap(
        &mut out,
        width,
        "",
        0,
        "`--pack NAME` picks a built-in pack; `--rules DIR` uses a pack folder instead.",
    );
    out
}

/// `2 profiles, 27 features, 29 rules, 34 claims`.
fn sizes(pack: &Pack) -> String {
    let plural = crate::batch::report::plural;
    format!(
        "{}, {}, {}, {}",
        plural(pack.profiles.len() as u64, "profile"),
        plural(pack.features.len() as u64, "feature"),
        plural(pack.rules.len() as u64, "rule"),
        plural(pack.claims.len() as u64, "claim"),
    )
}

/// The list as JSON (docs/json.md).
pub(super) fn json(packs: &[(&BuiltinPack, Pack)]) -> String {
    let list: Vec<serde_json::Value> = packs
        .iter()
        .enumerate()
        .map(|(i, (entry, pack))| {
            json!({
                "name": entry.name,
                "default": i == 0,
                "folder": entry.display_folder,
                "pack": pack.name,
                "title": pack.title,
                "source": pack.source,
                "profiles": pack.profiles.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
                "features": pack.features.len(),
                "rules": pack.rules.len(),
                "claims": pack.claims.len(),
            })
        })
        .collect();
    let mut out = render::json_text::pretty(&json!({
        "disclaimer": crate::DISCLAIMER,
        "packs": list,
    }));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use crate::load::builtin::PACKS;

    #[test]
    fn every_builtin_pack_is_listed_the_default_first() {
        let packs = super::loaded(PACKS).expect("the built-in packs load");
        assert_eq!(packs.len(), PACKS.len());
        let text = super::text(&packs, 80);
        assert!(text.starts_with("document (default): "), "{text}");
        let json: serde_json::Value = serde_json::from_str(&super::json(&packs)).expect("JSON");
        assert_eq!(json["packs"][0]["name"], "document");
        assert_eq!(json["packs"][0]["default"], true);
    }
}
