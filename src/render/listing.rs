//! Readable listings of a pack: `neurotriage features`, `rules list` and
//! the summary of `rules check`.

use std::fmt::Write as _;

use colored::Colorize;
use serde_json::{Value as JsonValue, json};

use crate::{
    DISCLAIMER,
    pack::Pack,
    pack::feature::{Feature, FeatureKind},
    render::{
        claims_text, condition_text, effects_text,
        text::{width, wrap},
    },
};

/// `neurotriage features --format json`: the object documented in
/// docs/json.md, every feature with its HPO terms.
pub(crate) fn features_json(pack: &Pack) -> String {
    let mut out = super::json_text::pretty(&features_value(pack));
    out.push('\n');
    out
}

/// The HPO terms of a feature or choice in a few words: `HP:0002380`, and
/// `narrower: ...` for the descendants the pack also counts.
fn terms_text(hpo: &[String], narrower: &[String]) -> Option<String> {
    let mut parts = Vec::new();
    if !hpo.is_empty() {
        parts.push(hpo.join(", "));
    }
    if !narrower.is_empty() {
        parts.push(format!("narrower: {}", narrower.join(", ")));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// `neurotriage features` (and `features` at the prompt).
pub(crate) fn features(pack: &Pack) -> String {
    let mut out = String::new();
    wrap(&mut out, width(), "", 0, &pack.title.bold().to_string());
    let _ = writeln!(out, "{} features; names and synonyms ignore case\n", pack.features.len());
    for (id, f) in pack.features.iter().enumerate() {
        let derived = if pack.is_derived(id) { ", can be derived" } else { "" };
        wrap(
            &mut out,
            width(),
            "",
            // Continuation lines of the type sit deeper than the label below.
            6,
            &format!("{}  ({}{derived})", f.name.bold(), f.kind.describe()),
        );
        wrap(&mut out, width(), "    ", 4, &f.label);
        wrap(&mut out, width(), "    asks: ", 10, &f.question);
        if !f.synonyms.is_empty() {
            wrap(&mut out, width(), "    also: ", 10, &f.synonyms.join(", "));
        }
        if let Some(terms) = terms_text(&f.hpo, &f.hpo_narrower) {
            wrap(&mut out, width(), "    hpo: ", 9, &terms);
        }
        if let FeatureKind::Choice { choices } = &f.kind {
            for c in choices {
                let mut line = format!("    - {}", c.name);
                if let Some(label) = &c.label {
                    let _ = write!(line, ": {label}");
                }
                if !c.synonyms.is_empty() {
                    let _ = write!(line, " (also: {})", c.synonyms.join(", "));
                }
                if !c.hpo.is_empty() {
                    let _ = write!(line, " (hpo: {})", c.hpo.join(", "));
                }
                wrap(&mut out, width(), "", 8, &line);
            }
        }
        if let Some(note) = f.neutral() {
            // The claim ids first: at the start of the line, wrapping leaves a
            // short list whole.
            let text = format!("{} {}", claims_text(pack, &note.claims), note.reason);
            wrap(&mut out, width(), "    neutral: ", 13, &text);
        }
    }
    let _ = writeln!(out, "\nExample: neurotriage explain {}", pack.example());
    out
}

/// One feature in the JSON of `features`.
fn feature_json(pack: &Pack, id: usize, f: &Feature) -> JsonValue {
    let (unit, min, max) = match &f.kind {
        FeatureKind::Number { unit, min, max } => (unit.as_deref(), Some(*min), Some(*max)),
        _ => (None, None, None),
    };
    let choices: Option<Vec<JsonValue>> = match &f.kind {
        FeatureKind::Choice { choices } => Some(
            choices
                .iter()
                .map(|c| {
                    json!({"name": c.name, "label": c.label, "synonyms": c.synonyms, "hpo": c.hpo})
                })
                .collect(),
        ),
        _ => None,
    };
    let neutral = f.neutral().map(|n| {
        let claims: Vec<&str> = n.claims.iter().map(|c| pack.claims[*c].id.as_str()).collect();
        json!({"reason": n.reason, "claims": claims})
    });
    json!({
        "name": f.name,
        "label": f.label,
        "question": f.question,
        "type": f.kind.type_name(),
        "synonyms": f.synonyms,
        "unit": unit,
        "min": min,
        "max": max,
        "choices": choices,
        "derived": pack.is_derived(id),
        "neutral": neutral,
        "hpo": f.hpo,
        "hpo_narrower": f.hpo_narrower,
    })
}

/// The value [`features_json`] writes.
fn features_value(pack: &Pack) -> JsonValue {
    let profiles: Vec<JsonValue> =
        pack.profiles.iter().map(|p| json!({"id": p.id, "name": p.name, "ids": p.ids})).collect();
    let features: Vec<JsonValue> =
        pack.features.iter().enumerate().map(|(id, f)| feature_json(pack, id, f)).collect();
    json!({
        "disclaimer": DISCLAIMER,
        "pack": {"name": pack.name, "title": pack.title},
        "profiles": profiles,
        "features": features,
    })
}

/// `neurotriage rules list`.
pub(crate) fn rules(pack: &Pack) -> String {
    let mut out = String::new();
    wrap(&mut out, width(), "", 0, &pack.title.bold().to_string());
    if !pack.source.is_empty() {
        wrap(&mut out, width(), "source: ", 8, &pack.source);
    }
    let _ = writeln!(out, "a margin under {} is \"no clear difference\"\n", pack.margin);
    let _ = writeln!(out, "{}", "Profiles".bold());
    for p in &pack.profiles {
        let aka = if p.also_known_as.is_empty() {
            String::new()
        } else {
            format!(" (also: {})", p.also_known_as.join(", "))
        };
        wrap(&mut out, width(), "  ", 4, &format!("{}: {}{aka}", p.id.bold(), p.name));
        wrap(&mut out, width(), "    ", 4, &p.summary);
    }
    if !pack.derivations.is_empty() {
        let _ = writeln!(out, "\n{}", "Derivations".bold());
        for d in &pack.derivations {
            let f = &pack.features[d.feature];
            let line = format!(
                "{}: {} = {} {}",
                d.id.bold(),
                f.name,
                d.value.display(f),
                claims_text(pack, &d.claims)
            );
            wrap(&mut out, width(), "  ", 4, &line);
            wrap(&mut out, width(), "    when ", 9, &condition_text(pack, &d.when));
        }
    }
    let _ = writeln!(out, "\n{}", "Rules".bold());
    for r in &pack.rules {
        let line =
            format!("{}: {} {}", r.id.bold(), effects_text(pack, r), claims_text(pack, &r.claims));
        wrap(&mut out, width(), "  ", 4, &line);
        wrap(&mut out, width(), "    when ", 9, &condition_text(pack, &r.when));
        wrap(&mut out, width(), "    ", 4, &r.reason);
        if let Some(note) = &r.note {
            wrap(&mut out, width(), "    note: ", 10, note);
        }
    }
    let neutral: Vec<_> =
        pack.features.iter().filter_map(|f| f.neutral().map(|note| (f, note))).collect();
    if !neutral.is_empty() {
        let _ = writeln!(out, "\n{}", "Neutral features (weighed by no rule)".bold());
        for (f, note) in neutral {
            let _ = writeln!(out, "  {} {}", f.name.bold(), claims_text(pack, &note.claims));
            wrap(&mut out, width(), "    ", 4, &note.reason);
        }
    }
    if !pack.alerts.is_empty() {
        let _ = writeln!(out, "\n{}", "Alerts".bold());
        for a in &pack.alerts {
            wrap(
                &mut out,
                width(),
                "  ",
                9,
                &format!(
                    "{}{}: when {}",
                    a.id.bold(),
                    if a.kind == crate::pack::alert::AlertKind::Caution {
                        " (caution)"
                    } else {
                        ""
                    },
                    condition_text(pack, &a.when)
                ),
            );
            wrap(&mut out, width(), "    ", 4, &a.advice);
        }
    }
    out
}

/// The success line of `rules check`.
pub(crate) fn check_summary(pack: &Pack, warnings: usize, cases: usize) -> String {
    let warn = match warnings {
        0 => String::new(),
        1 => " (1 warning)".to_owned(),
        n => format!(" ({n} warnings)"),
    };
    let count =
        |n: usize, word: &str| if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") };
    let cases =
        if cases == 0 { String::new() } else { format!(", {}", count(cases, "teaching case")) };
    format!(
        "ok: rule pack `{}`: {}, {}, {}, {}, {}, {}{cases}{warn}\n",
        pack.name,
        count(pack.profiles.len(), "profile"),
        count(pack.features.len(), "feature"),
        count(pack.derivations.len(), "derivation"),
        count(pack.rules.len(), "rule"),
        count(pack.alerts.len(), "alert"),
        count(pack.claims.len(), "claim")
    )
}
