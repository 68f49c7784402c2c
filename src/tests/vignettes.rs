//! The vignettes in `tests/cases/` and the teaching cases in `rules/cases/`:
//! written from the reference document before anyone looked at the pack's
//! output, each stating the verdict the document implies. A case the pack
//! gets wrong is a finding about the pack, reported with the reason in
//! `known_disagreements.json` (vignettes) or
//! `known_library_disagreements.json` (teaching cases, where the case's
//! teaching points say so too), never a test to bend: each list must match
//! exactly, so a new disagreement fails, and so does a fixed one that is
//! still listed.

use std::{fmt::Write as _, fs, path::Path};

use serde::Deserialize;

use crate::{
    cases::case_file::{Expected, parse_yaml},
    engine::{Options, evaluate},
    load::{PackSource, load},
};

/// One vignette the built-in pack disagrees with, and why (see the closing
/// note of issue 2 and `tests/cases/README.md`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KnownDisagreement {
    id: String,
    reason: String,
}

/// The known disagreements, in the order of the vignettes' file names.
/// Kept in a data file, not here, because `tests/batch.rs` (which runs
/// `batch --fail-on-disagreement` on the same vignettes) reads it too: the
/// list is written once. Not in `tests/cases/`, where `batch` would meet it
/// as one more file to skip, and the run the README shows would change.
fn known_disagreements(text: &str) -> Vec<KnownDisagreement> {
    let known: Vec<KnownDisagreement> =
        serde_json::from_str(text).expect("known_disagreements.json is a list of {id, reason}");
    for k in &known {
        assert!(!k.reason.trim().is_empty(), "the known disagreement `{}` says why", k.id);
    }
    known
}

#[test]
fn every_vignette_gets_the_verdict_the_document_implies() {
    check_folder(&PackSource::Builtin, "tests/cases", include_str!("known_disagreements.json"), 20);
}

/// The extended pack's vignettes (`tests/cases-extended/`, written from the
/// criteria before the pack was run) against the extended pack, and the
/// document pack's vignettes against it too: its features are a superset,
/// so every one of them runs.
#[test]
fn every_extended_vignette_gets_the_verdict_the_criteria_imply() {
    let extended = PackSource::Folder(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/extended"));
    check_folder(
        &extended,
        "tests/cases-extended",
        include_str!("known_extended_disagreements.json"),
        10,
    );
    check_folder(
        &extended,
        "tests/cases",
        include_str!("known_extended_document_disagreements.json"),
        20,
    );
}

#[test]
fn every_teaching_case_gets_the_verdict_the_document_implies() {
    let known = include_str!("known_library_disagreements.json");
    check_folder(&PackSource::Builtin, "rules/cases", known, 14);
    // A known disagreement is also a teaching point of its case.
    for k in known_disagreements(known) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("rules/cases/{}.yaml", k.id));
        let text = fs::read_to_string(&path).expect("the listed case exists");
        assert!(
            text.contains("Finding about the rule pack"),
            "{}: a case the pack parts from says so in its teaching points",
            k.id
        );
    }
}

fn check_folder(source: &PackSource, folder: &str, known: &str, at_least: usize) {
    let pack = load(source).pack.expect("the pack loads");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .expect("tests/cases exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= at_least,
        "at least {at_least} cases in {folder}, found {}",
        paths.len()
    );

    let mut table = String::new();
    let mut disagreements = Vec::new();
    for path in &paths {
        let text = fs::read_to_string(path).expect("readable vignette");
        let file = parse_yaml(&pack, &text)
            .unwrap_or_else(|e| panic!("{}: {e} ({:?})", path.display(), e.at));
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        assert_eq!(file.id, stem, "a vignette's id matches its file name");
        let expected = file.expected.expect("every vignette states its expected verdict");
        // Every stage evaluates, and the last one is the whole case.
        let stages = file.stage_views();
        for stage in &stages {
            let _ = evaluate(&pack, &stage.so_far, Options::default());
        }
        assert_eq!(stages.last().map(|s| &s.so_far), Some(&file.case), "{}", file.id);
        let explanation = evaluate(&pack, &file.case, Options::default());
        let got = match explanation.verdict {
            Some(p) => Expected::Profile(p),
            None => Expected::NoClearDifference,
        };
        let name = |e: Expected| match e {
            Expected::Profile(p) => pack.profiles[p].id.clone(),
            Expected::NoClearDifference => "none".to_owned(),
        };
        let _ = writeln!(
            table,
            "{:<48} expected {:<5} got {:<5} margin {}",
            file.id,
            name(expected),
            name(got),
            explanation.margin
        );
        if got != expected {
            disagreements.push(file.id.clone());
        }
    }
    let known: Vec<String> = known_disagreements(known).into_iter().map(|k| k.id).collect();
    assert_eq!(
        disagreements, known,
        "the cases of {folder} and the pack part ways differently than recorded:\n{table}"
    );
}
