//! A table for a terminal, 80 columns: id, verdict, margin, the rule that
//! weighed most, the expected verdict, and `!` where the two part ways. The
//! summary goes to standard error.

use std::fmt::Write as _;

use colored::Colorize;

use super::{CaseView, Report, expected_word, place, top_reason, verdict_cell};
use crate::{batch::summary::Summary, pack::Pack, render::diagnostic::replace_controls};

pub(crate) struct Table<'p> {
    pub(crate) pack: &'p Pack,
}

const ID: usize = 26;
const VERDICT: usize = 8;
const MARGIN: usize = 6;
const REASON: usize = 26;

/// Text cut to `width` characters, marked with `~` when cut.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('~');
    cut
}

impl Report for Table<'_> {
    fn begin(&self, _pack: &Pack, out: &mut String) {
        let header = format!(
            "{:ID$} {:VERDICT$} {:>MARGIN$} {:REASON$} {}",
            "id", "verdict", "margin", "top reason", "expected"
        );
        out.push_str(&header.bold().to_string());
        out.push('\n');
    }

    fn case(&self, case: &CaseView<'_, '_>, out: &mut String) {
        let pack = self.pack;
        // Ids and messages come from files: no control character reaches
        // the terminal, and a line feed or a tab becomes one space here,
        // before the column is measured, so that it cannot push the
        // columns after it out of line.
        let id =
            fit(&replace_controls(case.record.id().unwrap_or("?")).replace(['\n', '\t'], " "), ID);
        match case.explanation {
            Some(e) => {
                let expected = case.expected().map_or("", |x| expected_word(pack, x));
                let mark =
                    if case.disagrees() { " !".red().bold().to_string() } else { String::new() };
                let line = format!(
                    "{id:ID$} {:VERDICT$} {:>MARGIN$} {:REASON$} {expected}{mark}",
                    verdict_cell(pack, e),
                    e.margin,
                    fit(&top_reason(e).unwrap_or_default(), REASON),
                );
                out.push_str(line.trim_end());
            }
            None => {
                let error = case.error();
                let message = replace_controls(
                    &error.map_or_else(|| "not evaluated".to_owned(), ToString::to_string),
                )
                .replace(['\n', '\t'], " ");
                let _ = write!(
                    out,
                    "{id:ID$} {} {message} ({})",
                    "error:".red().bold(),
                    place(&case.record.source, error)
                );
                // The way to fix it belongs on the screen too, not only in
                // the JSON formats.
                if let Some(help) = error.and_then(|e| e.help.as_deref()) {
                    let _ = write!(out, "; {}", replace_controls(help).replace(['\n', '\t'], " "));
                }
            }
        }
        out.push('\n');
    }

    /// The disclaimer closes the table too, so that a table written to a
    /// file carries it (the summary, on standard error, does not go there).
    fn end(&self, _summary: &Summary, _pack: &Pack, out: &mut String) {
        crate::render::text::wrap(
            out,
            crate::render::text::width(),
            "",
            0,
            &format!("Disclaimer: {}", crate::DISCLAIMER),
        );
    }

    fn summary_on_stderr(&self) -> bool {
        true
    }
}
