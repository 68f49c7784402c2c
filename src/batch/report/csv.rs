//! CSV: one row per case (id, source, expected, verdict, whether the
//! findings conflict, margin, a score column per profile, agreement,
//! deciding rules, error), for a spreadsheet. The summary, with the disclaimer, goes to standard error.
//!
//! Case files are untrusted, and a spreadsheet reads a cell that starts
//! with `=`, `+`, `-` or `@` (and, in some, a tab or a carriage return) as
//! a formula, which can compute, fetch a web address or run a command
//! ("CSV injection"). Following OWASP's advice, every cell that starts
//! with one of those characters, after any number of `'`, gets one more
//! `'` in front ([`neutralise`]), in every column: an id, a file name and
//! an error message come from files, and a check on the column would be
//! one more thing a new column could forget. A cell that is a whole
//! number (`-3`, a margin or a score) is left alone: a number is never a
//! formula. Read back by taking one `'` off a cell that starts with `'`s
//! followed by one of those characters (`docs/cases.md`).
//!
//! A CSV file is read by people, in a spreadsheet or on a terminal, so
//! every cell also passes the text boundary ([`clean`]) here, wherever the
//! CSV goes (a file or a pipe too): a control, bidirectional or invisible
//! format character from a file is replaced, and a tab becomes a space.
//! The exact values are in JSON Lines (`--format jsonl`).

use std::borrow::Cow;

use super::{CaseView, Report, expected_word, place, verdict_word};
use crate::engine::ranking;
use crate::{batch::summary::Summary, pack::Pack, render::clean::clean};

pub(crate) struct Csv<'p> {
    pub(crate) pack: &'p Pack,
}

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `cell` as a spreadsheet cannot take it for a formula: with a `'` in
/// front when it starts with a formula character, or with `'`s and then
/// one (so that taking one `'` off always gives the text back), unless it
/// is a whole number.
pub(crate) fn neutralise(cell: &str) -> Cow<'_, str> {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let is_number = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    if cell.trim_start_matches('\'').starts_with(FORMULA_STARTS) && !is_number {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// One CSV row, every cell cleaned and neutralised, quoted as needed.
pub(crate) fn row(fields: &[String]) -> String {
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    // Writing to memory cannot fail.
    // Neutralised before it is cleaned: cleaning turns a leading tab into a
    // space and a carriage return into U+FFFD, which would hide them.
    let _ = writer.write_record(fields.iter().map(|f| clean(&neutralise(f), false).into_owned()));
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

impl Report for Csv<'_> {
    fn begin(&self, pack: &Pack, out: &mut String) {
        let mut fields: Vec<String> = ["id", "source", "expected", "verdict", "conflict", "margin"]
            .map(String::from)
            .to_vec();
        fields.extend(pack.profiles.iter().map(|p| format!("score_{}", p.id)));
        fields.extend(["agrees", "deciding_rules", "error"].map(String::from));
        out.push_str(&row(&fields));
    }

    fn case(&self, case: &CaseView<'_, '_>, out: &mut String) {
        let pack = self.pack;
        let record = case.record;
        let mut fields = vec![
            record.id().unwrap_or_default().to_owned(),
            place(&record.source, case.error()),
            case.expected().map(|e| expected_word(pack, e).to_owned()).unwrap_or_default(),
        ];
        match case.explanation {
            Some(e) => {
                fields.push(verdict_word(pack, e.verdict).to_owned());
                fields.push((!e.conflicting.is_empty()).to_string());
                fields.push(e.margin.to_string());
                fields.extend(e.scores.iter().map(ToString::to_string));
                fields.push(match case.expected() {
                    Some(_) => (!case.disagrees()).to_string(),
                    None => String::new(),
                });
                let rules: Vec<&str> =
                    ranking::deciding(e).iter().map(|r| pack.rules[*r].id.as_str()).collect();
                fields.push(rules.join(" "));
                fields.push(String::new());
            }
            None => {
                fields.extend(std::iter::repeat_n(String::new(), 3 + pack.profiles.len() + 2));
                fields.push(case.error().map(ToString::to_string).unwrap_or_default());
            }
        }
        out.push_str(&row(&fields));
    }

    fn end(&self, _summary: &Summary, _pack: &Pack, _out: &mut String) {}

    fn summary_on_stderr(&self) -> bool {
        true
    }

    fn carries_disclaimer(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formulas_are_neutralised_and_numbers_are_not() {
        for (cell, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("-1+2", "'-1+2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
            ("''-", "'''-"),
            ("-", "'-"),
            ("-3", "-3"),
            ("12", "12"),
            ("case-1", "case-1"),
            ("'quoted'", "'quoted'"),
            ("", ""),
        ] {
            assert_eq!(neutralise(cell), written, "{cell:?}");
            // Taking one `'` off gives the text back.
            let after = written.trim_start_matches('\'');
            let back = if written.starts_with('\'') && after.starts_with(super::FORMULA_STARTS) {
                &written[1..]
            } else {
                written
            };
            assert_eq!(back, cell);
        }
    }
}
