//! `quiz report FILE...`: a class's record files (written by
//! `quiz --record`), aggregated for the teacher.
//!
//! - [`reader`] reads the files line by line ([`record_line`] checks each
//!   line into a record; [`object_spans`] finds the field a message points
//!   at; [`record_error`] holds the mistakes) and drops answers read twice;
//! - [`summary`] works out the aggregates, per pack: agreement per case
//!   and stage, the findings most often missed and over-weighted
//!   ([`counts`]), calibration ([`calibration`]) and premature closure;
//! - [`text`], [`markdown`], [`json`] and [`html`] render them.
//!
//! Records of several packs are reported pack by pack (agreement with one
//! pack says nothing about another), each in a section of its own.
//!
//! A bad line is one message on standard error, with its file, line and
//! column and a caret where known; the other lines are still counted and
//! the exit status is 1. A file that cannot be read at all stops the
//! report (exit status 2): a class report that silently lacks a student
//! would mislead.
//!
//! Everything copied from a record (names, ids, findings) is untrusted:
//! control and invisible characters are replaced before text is laid out
//! in columns ([`plain`]), Markdown is escaped ([`markdown::esc`]) and so
//! is HTML ([`crate::render::html::esc`]).
//!
//! # The JSON shape
//!
//! One object; keys are stable (new keys may be added, none removed);
//! shares are fractions from 0 to 1 with three decimals, `null` when there
//! is nothing to divide; lists are in the order the text report uses.
//!
//! ```json
//! {
//!   "disclaimer": "neurotriage is an educational tool ...",
//!   "files": 3,                 // files read
//!   "lines": 22,                // lines that were not blank
//!   "failed_lines": 1,          // lines that could not be read (see stderr)
//!   "duplicates_dropped": 2,    // records read twice (identical in every field)
//!   "answers": 19,              // answers counted, all packs
//!   "packs": [{
//!     "pack": "als-ms",
//!     "answers": 19,
//!     "students": 3,
//!     "cases": [{
//!       "case": "t01-weak-hand",
//!       "stages": 2,            // stages the case has
//!       "expected": "ALS",      // or null when not recorded
//!       "answers": 6,
//!       "by_stage": [{
//!         "stage": 1, "name": "history", "answers": 3, "agreeing": 1, "agreement": 0.333,
//!         "verdict": "none",    // the pack's verdict at this stage
//!         "most_common_leaning": ["ALS"],   // several on a tie
//!         "leanings": [{"name": "ALS", "count": 2}, {"name": "undecided", "count": 1}]
//!       }],
//!       "missed": [{"name": "fasciculations", "count": 2}],
//!       "over_weighted": [{"name": "age", "count": 1}]
//!     }],
//!     "missed": [{"name": "fasciculations", "count": 4}],         // every case
//!     "over_weighted": [{"name": "age", "count": 3}],
//!     "calibration": {
//!       "class": {
//!         "low": {"answers": 5, "agreeing": 4, "agreement": 0.8},
//!         "medium": {...}, "high": {...},
//!         "over_confident": ["high_below_low", "high_under_half"]  // empty when not
//!       },
//!       "students": [{"student": "ana", "answers": 7, "low": {...}, "medium": {...},
//!                     "high": {...}, "over_confident": []}]        // student null: no name
//!     },
//!     "premature_closure": {
//!       "early_high": 6,        // high-confidence answers before a case's last stage
//!       "premature": 2,         // of which leaned to a profile other than the final verdict
//!       "students": [{"student": "ana", "early_high": 2, "premature": 1,
//!                     "answers": [{"case": "t01-weak-hand", "stage": 1, "stage_name": "history",
//!                                  "leaning": "MS", "final_verdict": "ALS"}]}]
//!     },
//!     "notes": []               // where records of one case disagree on what the pack said
//!   }]
//! }
//! ```

pub(crate) mod calibration;
pub(crate) mod counts;
pub(crate) mod html;
pub(crate) mod json;
pub(crate) mod markdown;
pub(crate) mod object_spans;
pub(crate) mod reader;
pub(crate) mod record_error;
pub(crate) mod record_line;
pub(crate) mod summary;
pub(crate) mod text;

use std::path::PathBuf;

use crate::{
    error::exit,
    render::{self, diagnostic},
};

/// Most findings listed in a text or Markdown list (JSON lists them all);
/// the count of the others follows.
pub(crate) const MAX_LISTED_FINDINGS: usize = 10;

/// The label of records without a student.
pub(crate) const NO_NAME: &str = "(no name)";

/// Aggregates `files` into a report in `format`: what to print on
/// standard output, what on standard error, and the exit status.
pub(crate) fn report(
    files: &[PathBuf],
    format: render::Format,
    color: bool,
) -> (String, String, u8) {
    let reading = reader::read(files);
    let mut err = String::new();
    for problem in &reading.problems {
        let error = &problem.error;
        err.push_str(&diagnostic::line_problem(
            &error.to_string(),
            error.help.as_deref(),
            &problem.text,
            error.span.clone(),
            Some((&problem.file, problem.line)),
            color,
        ));
        err.push_str("\n\n");
    }
    if !reading.stops.is_empty() {
        for stop in &reading.stops {
            err.push_str(&diagnostic::plain(&stop.to_string(), Some(stop.help()), color));
            err.push_str("\n\n");
        }
        err.push_str(&diagnostic::plain("no report: every file must be read", None, color));
        err.push('\n');
        return (String::new(), err, exit::USAGE);
    }
    // Lines read but not one answer: no report, since a report of nothing
    // would replace a good one given with `-o`.
    let nothing = reading.failed > 0 && reading.answer_count() == 0;
    if reading.failed > 0 {
        let unshown = reading.failed - reading.problems.len() as u64;
        let summary = format!(
            "{} of {} could not be read{}; {}",
            reading.failed,
            plural(reading.lines, "line"),
            if unshown > 0 { format!(" ({unshown} not shown)") } else { String::new() },
            if nothing {
                "not one answer is left: no report"
            } else {
                "the report counts the others"
            }
        );
        let help = nothing.then_some("fix the lines above, or name other record files");
        err.push_str(&diagnostic::plain(&summary, help, color));
        err.push('\n');
    }
    if nothing {
        return (String::new(), err, exit::SOME_FAILED);
    }
    let packs = summary::summarise(reading.answers());
    for note in packs.iter().flat_map(|p| &p.notes) {
        err.push_str(&diagnostic::warning(note, None, color));
        err.push('\n');
    }
    let out = match format {
        render::Format::Text => text::render(&reading, &packs),
        render::Format::Html => html::render(&reading, &packs),
        render::Format::Markdown => markdown::render(&reading, &packs),
        render::Format::Json => json::render(&reading, &packs),
    };
    let code = if reading.failed == 0 { exit::OK } else { exit::SOME_FAILED };
    (out, err, code)
}

/// `part` of `whole` as a whole percentage, rounded half up; 0 of 0 is 0.
pub(crate) fn percent(part: u64, whole: u64) -> u64 {
    rounded(part, whole, 100)
}

/// `part * scale / whole`, rounded half up, in whole numbers so that no
/// float rounding rule decides a figure; 0 when `whole` is 0.
fn rounded(part: u64, whole: u64, scale: u64) -> u64 {
    if whole == 0 {
        return 0;
    }
    let (part, whole, scale) = (u128::from(part), u128::from(whole), u128::from(scale));
    u64::try_from((2 * part * scale + whole) / (2 * whole)).unwrap_or(u64::MAX)
}

/// `part` of `whole` as a fraction with three decimals, or `None` for
/// nothing to divide.
pub(crate) fn fraction(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| rounded(part, whole, 1000) as f64 / 1000.0)
}

/// A bar of ten cells, `#` for the share agreeing: `######....`.
pub(crate) fn bar(part: u64, whole: u64) -> String {
    let filled = usize::try_from(rounded(part, whole, 10)).unwrap_or(10).min(10);
    format!("{}{}", "#".repeat(filled), ".".repeat(10 - filled))
}

pub(crate) fn plural(count: u64, word: &str) -> String {
    if count == 1 { format!("1 {word}") } else { format!("{count} {word}s") }
}

/// Text from a record made safe to lay out: every character the output
/// boundary would replace (controls, bidirectional and invisible format
/// characters), and line feeds and tabs too, replaced now, so that widths
/// are measured on what will be shown. A tab is replaced before the
/// boundary sees it (which would make it a space), so that a name with a
/// tab shows that it holds one.
pub(crate) fn plain(text: &str) -> String {
    render::clean::clean(&text.replace(['\n', '\t'], "\u{fffd}"), false).into_owned()
}

/// A student's label.
pub(crate) fn student_label(student: Option<&str>) -> String {
    student.map_or_else(|| NO_NAME.to_owned(), plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_round_half_up_in_whole_numbers() {
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(1, 8), 13);
        assert_eq!(percent(0, 0), 0);
        assert_eq!(fraction(2, 3), Some(0.667));
        assert_eq!(fraction(1, 1), Some(1.0));
        assert_eq!(fraction(0, 0), None);
        assert_eq!(bar(1, 3), "###.......");
        assert_eq!(bar(2, 3), "#######...");
        assert_eq!(bar(3, 3), "##########");
        assert_eq!(bar(0, 0), "..........");
    }

    #[test]
    fn text_from_records_cannot_break_columns() {
        assert_eq!(plain("a\u{1b}[2Jb\nc\u{202e}d"), "a\u{fffd}[2Jb\u{fffd}c\u{fffd}d");
    }
}
