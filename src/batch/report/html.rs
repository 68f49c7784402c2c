//! HTML: a batch as one page to share. The summary comes first (counts,
//! agreement, the confusion matrix shaded, the disagreements with the
//! rules that decided them), then one row per case, and under each of the
//! first cases' rows its whole explanation, folded.
//!
//! A page is for a person, so it stays bounded however many cases a run
//! has: full explanations for the first [`limits::HTML_EXPLAINED_CASES`]
//! cases, rows up to [`limits::HTML_CASE_ROWS`], then only counts (the
//! page says so). Since the summary is known only at the end, the batch
//! holds the rows ([`Report::holds_cases`]) and writes them after it; the
//! limits bound what it holds (a few MiB), as other formats bound what
//! they hold in flight.
//!
//! Every string from a file (ids, file names, messages) goes through
//! [`esc`]; the batch passes the page through the text cleaning boundary
//! too, as it does a table.

use std::fmt::Write as _;

use super::{
    CaseView, Report, expected_word, place, plural, top_reason, verdict_cell, verdict_word,
};
use crate::{
    batch::summary::Summary,
    engine::Sections,
    limits,
    pack::Pack,
    render::html::{disclaimer, esc, nested, page_end, page_start},
    render::scores_text,
};

pub(crate) struct Html<'p> {
    pub(crate) pack: &'p Pack,
}

/// The anchor of a case's explanation.
fn anchor(ordinal: u64) -> String {
    format!("case-{}", ordinal + 1)
}

/// `12,345`: counts on a page read better grouped.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Report for Html<'_> {
    fn begin(&self, pack: &Pack, out: &mut String) {
        page_start(&format!("{}: batch", pack.title), out);
        let _ = writeln!(out, "<header>\n<h1>{}: batch</h1>", esc(&pack.title));
        disclaimer(out);
        out.push_str("</header>\n<main>\n");
    }

    fn sections_of(&self, ordinal: u64) -> Sections {
        if ordinal < limits::HTML_EXPLAINED_CASES { Sections::ALL } else { Sections::NONE }
    }

    fn case(&self, case: &CaseView<'_, '_>, out: &mut String) {
        let ordinal = case.ordinal;
        if ordinal >= limits::HTML_CASE_ROWS {
            return;
        }
        let pack = self.pack;
        let record = case.record;
        let id = esc(&short(record.id().unwrap_or("?")));
        let explained = ordinal < limits::HTML_EXPLAINED_CASES;
        let _ = write!(out, "<tr><td class=\"num\">{}</td><td>", ordinal + 1);
        match (case.explanation, explained) {
            (Some(_), true) => {
                let _ = write!(out, "<a href=\"#{}\">{id}</a>", anchor(ordinal));
            }
            _ => out.push_str(&id),
        }
        for note in &record.notes {
            let _ = write!(out, "<br><span class=\"muted\">note: {}</span>", esc(note));
        }
        out.push_str("</td>");
        let Some(e) = case.explanation else {
            let error = case.error();
            let message = error.map_or_else(|| "not evaluated".to_owned(), ToString::to_string);
            let help = error.and_then(|e| e.help.as_deref());
            let _ = write!(
                out,
                "<td class=\"failed\"><strong>error</strong></td><td colspan=\"5\">{}{}</td>",
                esc(&message),
                help.map(|h| format!("<br><span class=\"muted\">help: {}</span>", esc(h)))
                    .unwrap_or_default(),
            );
            let _ = writeln!(
                out,
                "<td class=\"place\">{}</td></tr>",
                esc(&short(&place(&record.source, error)))
            );
            return;
        };
        let agrees = match case.expected() {
            Some(_) if case.disagrees() => "<strong>no</strong>",
            Some(_) => "yes",
            None => "",
        };
        let _ = writeln!(
            out,
            "<td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{agrees}</td><td class=\"place\">{}</td></tr>",
            esc(verdict_cell(pack, e)),
            e.margin,
            esc(&scores_text(e)),
            top_reason(e).map(|r| format!("<code>{}</code>", esc(&r))).unwrap_or_default(),
            esc(case.expected().map_or("", |x| expected_word(pack, x))),
            esc(&short(&place(&record.source, None))),
        );
        if explained && let Ok(file) = &record.case {
            let _ = writeln!(
                out,
                "<tr class=\"explained\"><td colspan=\"9\"><details>\n<summary>How the rules weigh case <code>{id}</code></summary>\n<div id=\"{}\">",
                anchor(ordinal)
            );
            // The anchor is inside the fold, so that following the row's
            // link opens it.
            nested(e, Some(file), out);
            out.push_str("</div></details></td></tr>\n");
        }
    }

    fn end(&self, summary: &Summary, pack: &Pack, out: &mut String) {
        summary_section(summary, pack, out);
        let _ = writeln!(
            out,
            "<section class=\"cases\">\n<h2>Cases</h2>\n<p>One row a case, in the order read. {}</p>\n\
             <div class=\"table-wrap\"><table class=\"cases\">\n<thead><tr><th class=\"num\">#</th><th>case</th><th>verdict</th><th class=\"num\">margin</th><th>scores</th><th>top reason</th><th>expected</th><th>agrees</th><th>file:line</th></tr></thead>\n<tbody>",
            esc(&limits_text(summary))
        );
    }

    fn holds_cases(&self) -> bool {
        true
    }

    fn after_held(&self, summary: &Summary, _pack: &Pack, out: &mut String) {
        out.push_str("</tbody>\n</table></div>\n");
        let unshown = summary.read - shown(summary);
        if unshown > 0 {
            let _ = writeln!(
                out,
                "<p><strong>{} more {} not shown as rows.</strong> The summary above counts them; <code>--format csv</code> or <code>--format jsonl</code> lists every case.</p>",
                grouped(unshown),
                if unshown == 1 { "case" } else { "cases" }
            );
        }
        out.push_str("</section>\n</main>\n");
        page_end(out);
    }

    fn summary_on_stderr(&self) -> bool {
        false
    }
}

/// The rows the page shows: those the batch held (up to the row limit,
/// within its budget of bytes).
fn shown(summary: &Summary) -> u64 {
    summary.shown.unwrap_or_else(|| summary.read.min(limits::HTML_CASE_ROWS))
}

/// `text` cut to a length a row can show (an id may be a MiB long).
fn short(text: &str) -> String {
    const LONGEST: usize = 120;
    match text.char_indices().nth(LONGEST) {
        Some((end, _)) => format!("{}… ({} bytes in all)", &text[..end], text.len()),
        None => text.to_owned(),
    }
}

/// What the page shows of how many cases, in words.
fn limits_text(summary: &Summary) -> String {
    let explained = limits::HTML_EXPLAINED_CASES;
    let mut text = if summary.read <= explained {
        "Every case that could be evaluated has its whole explanation folded under its row: open “How the rules weigh”, or follow the case's link.".to_owned()
    } else {
        format!(
            "Among the first {} cases, each that could be evaluated has its whole explanation folded under its row: open “How the rules weigh”, or follow the case's link.",
            grouped(explained)
        )
    };
    let shown = shown(summary);
    if shown < summary.read {
        let _ = write!(
            text,
            " This page shows rows for the first {} cases of {} (at most {} rows, and {} MiB of them); the rest are only counted.",
            grouped(shown),
            grouped(summary.read),
            grouped(limits::HTML_CASE_ROWS),
            limits::HELD_BYTES / (1024 * 1024)
        );
    }
    text
}

/// Counts, agreement, the confusion matrix and the disagreements.
fn summary_section(summary: &Summary, pack: &Pack, out: &mut String) {
    out.push_str("<section class=\"summary\">\n<h2>Summary</h2>\n<ul>\n");
    let _ = writeln!(
        out,
        "<li>{} read from {}: {} evaluated, {} failed{}.</li>",
        counted(summary.read, "case"),
        counted(summary.files, "file"),
        grouped(summary.evaluated),
        grouped(summary.failed),
        if summary.skipped > 0 {
            format!("; {} skipped (not case files)", counted(summary.skipped, "file"))
        } else {
            String::new()
        }
    );
    if summary.with_notes > 0 {
        let _ = writeln!(
            out,
            "<li>Notes: {} (what a case could not carry over to this pack; each is under its case's id below).</li>",
            counted(summary.with_notes, "case")
        );
    }
    if summary.conflicts > 0 {
        let _ = writeln!(
            out,
            "<li>Conflicting findings: {} (strong findings for two profiles or more).</li>",
            counted(summary.conflicts, "case")
        );
    }
    out.push_str("</ul>\n");
    let Some(rate) = summary.agreement_rate() else {
        out.push_str("<p>No case carries an expected verdict, so there is no agreement to measure.</p>\n</section>\n");
        return;
    };
    let _ = writeln!(
        out,
        "<p class=\"agreement\"><strong>Agreement: {} of {} cases with an expected verdict ({rate:.1}%).</strong></p>",
        grouped(summary.agreed),
        grouped(summary.with_expected)
    );
    confusion(summary, pack, out);
    disagreements(summary, pack, out);
    out.push_str("</section>\n");
}

fn counted(count: u64, word: &str) -> String {
    let text = plural(count, word);
    match text.split_once(' ') {
        Some((_, rest)) => format!("{} {rest}", grouped(count)),
        None => text,
    }
}

/// The confusion matrix: rows expected, columns verdict; each cell shaded
/// by its share of its row, and saying its count, so that the shade is
/// never the only cue. Cells where the two agree are outlined.
fn confusion(summary: &Summary, pack: &Pack, out: &mut String) {
    let labels: Vec<&str> = (0..summary.confusion.len())
        .map(|i| verdict_word(pack, (i < pack.profiles.len()).then_some(i)))
        .collect();
    out.push_str("<h3>Expected and found</h3>\n<p>Rows: the verdict a case expects; columns: the pack's verdict (<code>none</code>: no clear difference, conflicts included). A darker cell holds more of its row; outlined cells agree.</p>\n<div class=\"table-wrap\"><table class=\"confusion\">\n<thead><tr><th>expected \\ verdict</th>");
    for label in &labels {
        let _ = write!(out, "<th class=\"num\">{}</th>", esc(label));
    }
    out.push_str("<th class=\"num\">total</th></tr></thead>\n<tbody>\n");
    for (r, (label, row)) in labels.iter().zip(&summary.confusion).enumerate() {
        let total: u64 = row.iter().sum();
        let _ = write!(out, "<tr><th>{}</th>", esc(label));
        for (c, count) in row.iter().enumerate() {
            // Tenths of the row, rounded, as a class the style sheet turns
            // into a shade (0 to 10): no input reaches the style.
            let shade = (count * 10 + total / 2).checked_div(total).unwrap_or(0);
            let agree = if r == c { " agree" } else { "" };
            let _ = write!(out, "<td class=\"num shade-{shade}{agree}\">{}</td>", grouped(*count));
        }
        let _ = writeln!(out, "<td class=\"num\">{}</td></tr>", grouped(total));
    }
    out.push_str("</tbody>\n</table></div>\n");
}

fn disagreements(summary: &Summary, pack: &Pack, out: &mut String) {
    if summary.disagreement_count == 0 {
        out.push_str("<p>Every case with an expected verdict agrees with the pack.</p>\n");
        return;
    }
    let _ = writeln!(
        out,
        "<h3>Disagreements ({})</h3>\n<p>Where the pack's verdict differs from what the case expects, with the rules that weighed most. A disagreement is a finding to report and teach from.</p>\n\
         <div class=\"table-wrap\"><table>\n<thead><tr><th>case</th><th>expected</th><th>verdict</th><th>decided by</th><th>file:line</th></tr></thead>\n<tbody>",
        grouped(summary.disagreement_count)
    );
    for d in &summary.disagreements {
        let rules: Vec<String> = d
            .deciding
            .iter()
            .map(|r| format!("<code>{}</code>", esc(&pack.rules[*r].id)))
            .collect();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}:{}</td></tr>",
            esc(&d.id),
            esc(expected_word(pack, d.expected)),
            esc(verdict_word(pack, d.verdict)),
            if rules.is_empty() { "no rule fired".to_owned() } else { rules.join(", ") },
            esc(&d.source.file),
            d.source.line
        );
    }
    out.push_str("</tbody>\n</table></div>\n");
    let unlisted = summary.disagreement_count - summary.disagreements.len() as u64;
    if unlisted > 0 {
        let _ = writeln!(out, "<p>... and {} more (counted above).</p>", grouped(unlisted));
    }
}
