//! Entry points for the benchmarks and the fuzz targets, which time or
//! shake one part of a run that the command line reaches only with a
//! process around it. Each does what the command does, with nothing
//! printed; none is meant for any other use.

use std::sync::Arc;

use crate::{
    batch::report::{self, CaseView, Detail},
    cases::{
        assignment::parse_all,
        case::Case,
        reader::{self, CaseFormat, Chunk},
    },
    engine::{Options, Sections, evaluate},
    load::{PackSource, builtin, check, from_texts, load, node::Node, yaml},
    pack::{Pack, feature::FeatureKind, value::Value},
    render::{Render, text::Text},
};

/// Every section worked out, as a full explanation needs.
const ALL: Options = Options { closed_world: false, sections: Sections::ALL };

/// A case-file format, for [`read_cases`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    JsonLines,
    Csv,
}

/// The built-in pack, loaded as every command loads it.
pub fn builtin_pack() -> Option<Pack> {
    load(&PackSource::Builtin).pack
}

/// Parses the built-in pack's YAML files into positioned trees and checks
/// nothing: where the time of `rules check` goes. True if all parse.
pub fn parse_builtin_yaml() -> bool {
    builtin::DEFAULT.files.iter().all(|(_, text)| yaml::parse::<yaml::Spanned<Node>>(text).is_ok())
}

/// A case made from the feature syntax of `explain`, ready to evaluate.
#[derive(Debug, Clone)]
pub struct Prepared(Case);

/// Reads `tokens` as `explain` reads its arguments; `None` if they are not
/// a valid case for `pack`.
pub fn prepare(pack: &Pack, tokens: &[&str]) -> Option<Prepared> {
    parse_all(pack, tokens).ok().map(Prepared)
}

/// Checks the built-in pack from its YAML, as `rules check` does. True if
/// it is sound.
pub fn check_builtin() -> bool {
    check(&PackSource::Builtin).pack.is_some()
}

/// Evaluates a case: what every command pays. Returns the number of rules
/// that fired.
pub fn evaluate_case(pack: &Pack, case: &Prepared) -> usize {
    evaluate(pack, &case.0, Options::default()).fired.len()
}

/// Evaluates a case and works out every section a full explanation shows;
/// the text renderer's share is left out. Returns how many items they hold.
pub fn evaluate_all_sections(pack: &Pack, case: &Prepared) -> usize {
    let e = evaluate(pack, &case.0, ALL);
    e.not_fired().len() + e.contrast().len() + e.next_questions().len()
}

/// Evaluates a case and searches for the smallest changes that flip its
/// verdict (the flip section alone). Returns how many flips of the
/// smallest size there are.
pub fn flip_search(pack: &Pack, case: &Prepared) -> usize {
    flip_work(pack, case).found
}

/// What one flip search did: for the search over cases for the slowest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlipWork {
    /// Budget spent (`limits::MAX_FLIP_EVALUATIONS`): sets of changes
    /// tried and bounds checked.
    pub work: usize,
    /// Changes the smallest flips take, if any within the limit.
    pub changes_needed: Option<usize>,
    /// Flips of that size.
    pub found: usize,
    /// Whether the search finished within its budget.
    pub complete: bool,
}

/// The flip search on a case, with what it did.
pub fn flip_work(pack: &Pack, case: &Prepared) -> FlipWork {
    let sections = Sections { flips: true, ..Sections::NONE };
    let e = evaluate(pack, &case.0, Options { closed_world: false, sections });
    let flips = e.flips();
    FlipWork {
        work: flips.work,
        changes_needed: flips.changes_needed,
        found: flips.found,
        complete: flips.complete,
    }
}

/// A random case of `pack` in the feature syntax, from `seed` (the same
/// seed gives the same case in every version): each feature left unknown
/// with a chance that depends on the seed (from most to few known), else
/// a random answer; a number is one of the pack's thresholds, one next to
/// it, or anywhere in its range.
pub fn random_case(pack: &Pack, seed: u64) -> Vec<String> {
    // xorshift64*: small, and fixed here so that a seed names a case.
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 32
    };
    let unknown_in_8 = next() % 8;
    let mut tokens = Vec::new();
    for (id, feature) in pack.features.iter().enumerate() {
        if next() % 8 < unknown_in_8 {
            continue;
        }
        let value = match &feature.kind {
            FeatureKind::YesNo => Value::Flag(next() % 2 == 0),
            FeatureKind::Choice { choices } => {
                #[allow(clippy::cast_possible_truncation)]
                let index = (next() % choices.len().max(1) as u64) as u8;
                Value::Choice(index)
            }
            FeatureKind::Number { min, max, .. } => {
                let thresholds = &pack.thresholds[id];
                #[allow(clippy::cast_precision_loss)]
                let share = (next() % 1001) as f64 / 1000.0;
                let number = match (next() % 3, thresholds.is_empty()) {
                    (0, false) => {
                        #[allow(clippy::cast_possible_truncation)]
                        let at = (next() % thresholds.len() as u64) as usize;
                        thresholds[at] + [-1.0, 0.0, 1.0][(next() % 3) as usize]
                    }
                    _ => (min + share * (max - min)).round(),
                };
                Value::Number(number.clamp(*min, *max))
            }
        };
        tokens.push(format!("{}={}", feature.name, value.display(feature)));
    }
    tokens
}

/// Evaluates a case and renders the full text explanation, as `explain`
/// does.
pub fn explain_text(pack: &Pack, case: &Prepared) -> String {
    let e = evaluate(pack, &case.0, ALL);
    let mut out = String::new();
    Text { brief: false, width: 80, full: true }.render(&e, &mut out);
    out
}

/// Reads `data` as a case file in `format`, then checks, evaluates and
/// renders each case as `batch --format jsonl --detail full` does. Returns
/// the JSON lines; every one holds the disclaimer.
pub fn read_cases(pack: &Pack, format: Format, data: &[u8]) -> Vec<String> {
    let format = match format {
        Format::Yaml => CaseFormat::Yaml,
        Format::JsonLines => CaseFormat::JsonLines,
        Format::Csv => CaseFormat::Csv,
    };
    let name: Arc<str> = Arc::from("probe");
    let mut chunk = Chunk::with_capacity(16, 0);
    let mut input = data;
    // A read error ends the file as it ends one in a batch; the cases read
    // before it are still rendered.
    let _ = reader::read(pack, format, &name, &mut input, &mut |found| {
        chunk.push(found);
        Ok(())
    });
    let (bytes, cases) = chunk.into_parts();
    let options = Options { sections: Detail::Full.sections(), ..Options::default() };
    let mut lines = Vec::with_capacity(cases.len());
    for pending in cases {
        let record = pending.finish(pack, &bytes);
        let explanation = record.case.as_ref().ok().map(|file| evaluate(pack, &file.case, options));
        let mut out = String::new();
        report::case_json(
            pack,
            &CaseView { record: &record, explanation: explanation.as_ref(), ordinal: 0 },
            Detail::Full,
            &mut out,
        );
        lines.push(out);
    }
    lines
}

/// Checks a pack from `(file name, text)` pairs as `rules check` does, and
/// if it is sound, evaluates an empty case and ranks its questions.
/// Returns the number of problems found.
pub fn check_pack_texts(files: Vec<(String, String)>) -> usize {
    let report = from_texts(files);
    if let Some(pack) = &report.pack {
        let explanation = evaluate(pack, &Case::new(), ALL);
        let _ = explanation.next_questions();
    }
    report.problems.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_probe_does_its_work() {
        let pack = builtin_pack().unwrap();
        assert!(parse_builtin_yaml());
        assert!(check_builtin());
        assert!(prepare(&pack, &["nonsense=1"]).is_none());
        let case = prepare(&pack, &["age=62", "fasciculations"]).unwrap();
        assert!(evaluate_case(&pack, &case) > 0);
        assert!(evaluate_all_sections(&pack, &case) > 0);
        assert!(explain_text(&pack, &case).contains("not a diagnosis"));
        let lines = read_cases(&pack, Format::JsonLines, b"{\"id\":\"a\",\"features\":{}}\n{");
        assert_eq!(lines.len(), 2, "a good case and a broken line");
        assert!(lines.iter().all(|l| l.starts_with("{\"disclaimer\":")));
        assert_eq!(read_cases(&pack, Format::Csv, b"id,age\nx,50\n").len(), 1);
        assert_eq!(read_cases(&pack, Format::Yaml, b"id: y\nfeatures: {age: 50}\n").len(), 1);
        let worked = flip_work(&pack, &case);
        assert!(worked.complete && worked.work > 0);
        assert_eq!(flip_search(&pack, &case), worked.found);
        for seed in 0..50 {
            let tokens = random_case(&pack, seed);
            let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
            assert!(prepare(&pack, &tokens).is_some(), "{tokens:?}");
        }
        let broken = vec![("pack.yaml".to_owned(), "[".to_owned())];
        assert!(check_pack_texts(broken) > 0);
    }
}
