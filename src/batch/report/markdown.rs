//! Markdown: a handout with the disclaimer first, one table row per case,
//! and the summary at the end.

use std::fmt::Write as _;

use super::{CaseView, Report, expected_word, place, summary_text, top_reason, verdict_cell};
use crate::{DISCLAIMER, batch::summary::Summary, pack::Pack, render};

pub(crate) struct Markdown<'p> {
    pub(crate) pack: &'p Pack,
}

/// Text from a file (an id, a file name, a message) safe inside a table
/// cell: the one Markdown escaping, which keeps it on one line and turns
/// every character that could make markup into itself.
fn cell(text: &str) -> String {
    render::markdown::esc(text)
}

impl Report for Markdown<'_> {
    fn begin(&self, pack: &Pack, out: &mut String) {
        let _ = writeln!(out, "# {}: batch\n", cell(&pack.title));
        let _ = writeln!(out, "> **Disclaimer:** {DISCLAIMER}\n");
        out.push_str("| id | verdict | margin | top reason | expected | agrees |\n");
        out.push_str("| --- | --- | ---: | --- | --- | --- |\n");
    }

    fn case(&self, case: &CaseView<'_, '_>, out: &mut String) {
        let pack = self.pack;
        let id = cell(case.record.id().unwrap_or("?"));
        match case.explanation {
            Some(e) => {
                let agrees = match case.expected() {
                    Some(_) if case.disagrees() => "**no**",
                    Some(_) => "yes",
                    None => "",
                };
                let _ = writeln!(
                    out,
                    "| {id} | {} | {} | {} | {} | {agrees} |",
                    verdict_cell(pack, e),
                    e.margin,
                    cell(&top_reason(e).unwrap_or_default()),
                    case.expected().map_or("", |x| expected_word(pack, x)),
                );
            }
            None => {
                let error = case.error();
                let message = error.map_or_else(|| "not evaluated".to_owned(), ToString::to_string);
                let _ = writeln!(
                    out,
                    "| {id} | **error** | | {} ({}) | | |",
                    cell(&message),
                    cell(&place(&case.record.source, error))
                );
            }
        }
    }

    fn end(&self, summary: &Summary, pack: &Pack, out: &mut String) {
        // The summary lists the ids of disagreeing cases, which come from
        // files: the fence is longer than any run of backticks in it, so
        // that no id can close the block and have the rest read as
        // Markdown.
        let text = summary_text(summary, pack);
        let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let fence = "`".repeat(longest.max(2) + 1);
        let _ = write!(out, "\n## Summary\n\n{fence}text\n{text}{fence}\n");
    }

    fn summary_on_stderr(&self) -> bool {
        false
    }
}
