//! The vignettes in `tests/cases/`: written from the reference document
//! before anyone looked at the pack's output, each stating the verdict the
//! document implies. A vignette the pack gets wrong is a finding about the
//! pack, reported in `KNOWN_DISAGREEMENTS` with the reason, never a test to
//! bend: the list must match exactly, so a new disagreement fails, and so
//! does a fixed one that is still listed.

use std::{fmt::Write as _, fs, path::Path};

use crate::{
    cases::case_file::{Expected, parse_yaml},
    engine::{Options, evaluate},
    load::{PackSource, load},
};

/// Vignettes the built-in pack disagrees with, and why (see the closing
/// note of issue 2 and `tests/cases/README.md`).
const KNOWN_DISAGREEMENTS: [(&str, &str); 1] = [(
    "none-09-long-survival-with-wasting",
    "the document says ALS life expectancy is at most 5 years (C34), so twelve years of \
     twitching and wasting fits neither profile well; the pack weighs twitching (+3) and \
     wasting (+2) against only a moderate +2 for MS from the long course",
)];

#[test]
fn every_vignette_gets_the_verdict_the_document_implies() {
    let pack = load(&PackSource::Builtin).pack.expect("the built-in pack loads");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .expect("tests/cases exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 20, "at least 20 vignettes, found {}", paths.len());

    let mut table = String::new();
    let mut disagreements = Vec::new();
    for path in &paths {
        let text = fs::read_to_string(path).expect("readable vignette");
        let file = parse_yaml(&pack, &text)
            .unwrap_or_else(|e| panic!("{}: {e} ({:?})", path.display(), e.at));
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        assert_eq!(file.id, stem, "a vignette's id matches its file name");
        let expected = file.expected.expect("every vignette states its expected verdict");
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
    let known: Vec<String> = KNOWN_DISAGREEMENTS.iter().map(|(id, _)| (*id).to_owned()).collect();
    assert_eq!(
        disagreements, known,
        "vignettes and pack part ways differently than recorded:\n{table}"
    );
}
