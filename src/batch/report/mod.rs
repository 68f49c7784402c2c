//! Batch output: one format per file, each behind [`Report`]. A report
//! writes a header, then one piece per case (worked out in parallel, so a
//! report only reads), then the summary. Cases that failed are pieces too,
//! so every input case appears in the output exactly once.
//!
//! A report must not evaluate (the engine did, with the sections the report
//! asked for through [`Report::sections`]), write anywhere itself (the
//! batch writes what it returns, through the cleaning boundary for text
//! formats), or drop a failed case.

pub(crate) mod csv;
pub(crate) mod html;
pub(crate) mod json;
pub(crate) mod jsonl;
pub(crate) mod markdown;
pub(crate) mod table;

use std::{fmt::Write as _, sync::LazyLock};

use serde_json::{Value as JsonValue, json};

use crate::{
    DISCLAIMER,
    batch::summary::Summary,
    cases::case_error::CaseError,
    cases::case_file::Expected,
    cases::reader::{CaseRecord, Source},
    engine::explanation::Explanation,
    engine::{Sections, ranking::main_reasons},
    pack::Pack,
    pack::profile::ProfileId,
    render,
};

/// One case as a report sees it: the record read, and its explanation when
/// it could be evaluated.
pub(crate) struct CaseView<'a, 'p> {
    pub(crate) record: &'a CaseRecord,
    pub(crate) explanation: Option<&'a Explanation<'p>>,
    /// The case's number in the run, from 0, in input order.
    pub(crate) ordinal: u64,
}

impl CaseView<'_, '_> {
    pub(crate) fn expected(&self) -> Option<Expected> {
        match &self.record.case {
            Ok(case) => case.expected,
            // A case refused for its repeated id was read whole: what it
            // expected stays in the output.
            Err(error) => match &error.kind {
                crate::cases::case_error::CaseErrorKind::RepeatedId { expected, .. } => *expected,
                _ => None,
            },
        }
    }

    /// The reading error, if the case could not be read.
    pub(crate) fn error(&self) -> Option<&CaseError> {
        self.record.case.as_ref().err()
    }

    /// Whether the verdict differs from the expected one.
    pub(crate) fn disagrees(&self) -> bool {
        match (self.explanation, self.expected()) {
            (Some(e), Some(Expected::Profile(p))) => e.verdict != Some(p),
            (Some(e), Some(Expected::NoClearDifference)) => e.verdict.is_some(),
            _ => false,
        }
    }
}

/// One output format of `batch`.
pub(crate) trait Report: Sync {
    /// What comes before the first case.
    fn begin(&self, _pack: &Pack, _out: &mut String) {}
    /// What goes between two cases.
    fn separator(&self) -> &'static str {
        ""
    }
    /// The sections of an explanation this format reads, for the engine
    /// to work out: none, unless a format says otherwise.
    fn sections(&self) -> Sections {
        Sections::NONE
    }
    /// The sections for the case numbered `ordinal` (from 0): those of
    /// [`Report::sections`], unless a format treats some cases apart.
    fn sections_of(&self, _ordinal: u64) -> Sections {
        self.sections()
    }
    /// One case.
    fn case(&self, case: &CaseView<'_, '_>, out: &mut String);
    /// What comes after the last case.
    fn end(&self, summary: &Summary, pack: &Pack, out: &mut String);
    /// Whether the batch keeps the cases' text and writes it after
    /// [`Report::end`] (then [`Report::after_held`]), for a format that
    /// shows its summary first. Such a format must keep what it writes per
    /// run bounded (HTML writes nothing past its row limit).
    fn holds_cases(&self) -> bool {
        false
    }
    /// What follows the held cases, for a report that holds them.
    fn after_held(&self, _summary: &Summary, _pack: &Pack, _out: &mut String) {}
    /// Whether the summary is printed on standard error, as text, because
    /// this format has no room for it.
    fn summary_on_stderr(&self) -> bool;
    /// Whether the results themselves carry the disclaimer. CSV has no
    /// room for it, so it goes to standard error even with `--quiet`.
    fn carries_disclaimer(&self) -> bool {
        true
    }
}

/// `ALS`, or `none` for no clear difference.
pub(crate) fn verdict_word(pack: &Pack, verdict: Option<ProfileId>) -> &str {
    verdict.map_or("none", |p| pack.profiles[p].id.as_str())
}

/// The verdict as the human-readable formats (table, Markdown) show it:
/// `conflict` for a "no clear difference" whose findings conflict, so that
/// it reads apart from one where little is known.
pub(crate) fn verdict_cell<'p>(pack: &'p Pack, e: &Explanation<'_>) -> &'p str {
    if e.conflicting.is_empty() { verdict_word(pack, e.verdict) } else { "conflict" }
}

pub(crate) fn expected_word(pack: &Pack, expected: Expected) -> &str {
    match expected {
        Expected::Profile(p) => pack.profiles[p].id.as_str(),
        Expected::NoClearDifference => "none",
    }
}

/// `file:line`, or `file:line:column` for a mistake placed exactly.
pub(crate) fn place(source: &Source, error: Option<&CaseError>) -> String {
    match error.and_then(|e| e.at) {
        Some(at) => format!("{}:{}:{}", source.file, at.line, at.column),
        None => format!("{}:{}", source.file, source.line),
    }
}

/// The rule that weighed most, for a one-line view.
pub(crate) fn top_reason(e: &Explanation<'_>) -> Option<String> {
    main_reasons(e, 1).first().map(|r| r.id.clone())
}

/// How much a JSON case holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detail {
    /// The object of `explain --format json`.
    Full,
    /// That object as `explain --brief` gives it: the same keys, the long
    /// sections empty.
    Brief,
    /// A small object for large data sets: verdict, margin, scores, and
    /// the ids of the fired rules and alerts.
    Verdict,
}

impl Detail {
    /// The sections of an explanation a case object of this detail holds.
    pub(crate) fn sections(self) -> Sections {
        if self == Self::Full { Sections::ALL } else { Sections::NONE }
    }
}

/// The disclaimer as a JSON string, escaped once.
pub(crate) static DISCLAIMER_JSON: LazyLock<String> =
    LazyLock::new(|| render::json_text::compact(&DISCLAIMER));

/// Appends `text` as a JSON string, through the one JSON writer
/// ([`render::json_text`]): text from files is escaped so that it is safe
/// on a terminal, and plain ASCII is copied as it is.
fn push_json_str(out: &mut String, text: &str) {
    render::json_text::push_str(out, text);
}

/// Appends an id of the pack (a profile, rule or alert) as a JSON string.
/// Validation allows only letters, digits, `_` and `-` in them, so none
/// needs escaping, and none is checked: a batch writes millions.
fn push_id(out: &mut String, id: &str) {
    debug_assert!(id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'));
    out.push('"');
    out.push_str(id);
    out.push('"');
}

/// Appends an integer (without the formatting machinery: a batch writes
/// millions).
fn push_integer(out: &mut String, number: impl itoa::Integer) {
    out.push_str(itoa::Buffer::new().format(number));
}

/// Appends the per-case JSON object: the disclaimer, `id`, `source`,
/// `expected`, then for a case evaluated `agrees` and the explanation (as
/// `detail` says), or for a case that failed `error`.
pub(crate) fn case_json(pack: &Pack, case: &CaseView<'_, '_>, detail: Detail, out: &mut String) {
    let record = case.record;
    out.push_str("{\"disclaimer\":");
    out.push_str(&DISCLAIMER_JSON);
    out.push_str(",\"id\":");
    match record.id() {
        Some(id) => push_json_str(out, id),
        None => out.push_str("null"),
    }
    out.push_str(",\"source\":{\"file\":");
    push_json_str(out, &record.source.file);
    out.push_str(",\"line\":");
    push_integer(out, record.source.line);
    out.push('}');
    if !record.notes.is_empty() {
        out.push_str(",\"notes\":[");
        for (i, note) in record.notes.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_json_str(out, note);
        }
        out.push(']');
    }
    out.push_str(",\"expected\":");
    match case.expected() {
        Some(e) => push_id(out, expected_word(pack, e)),
        None => out.push_str("null"),
    }
    let Some(e) = case.explanation else {
        let (message, help, at) = match case.error() {
            Some(error) => (error.to_string(), error.help.as_deref(), error.at),
            None => ("not evaluated".to_owned(), None, None),
        };
        out.push_str(",\"error\":{\"message\":");
        push_json_str(out, &message);
        out.push_str(",\"help\":");
        match help {
            Some(help) => push_json_str(out, help),
            None => out.push_str("null"),
        }
        out.push_str(",\"line\":");
        push_integer(out, at.map_or(record.source.line, |a| a.line));
        out.push_str(",\"column\":");
        match at {
            Some(at) => push_integer(out, at.column),
            None => out.push_str("null"),
        }
        out.push_str("}}");
        return;
    };
    out.push_str(",\"agrees\":");
    out.push_str(match case.expected() {
        Some(_) if case.disagrees() => "false",
        Some(_) => "true",
        None => "null",
    });
    match detail {
        Detail::Full | Detail::Brief => {
            if let JsonValue::Object(explained) = render::json::to_value(e, detail == Detail::Brief)
            {
                for (key, value) in explained.iter().filter(|(k, _)| *k != "disclaimer") {
                    out.push(',');
                    push_json_str(out, key);
                    out.push(':');
                    out.push_str(&render::json_text::compact(value));
                }
            }
        }
        Detail::Verdict => {
            out.push_str(",\"verdict\":");
            match e.verdict {
                Some(p) => push_id(out, &pack.profiles[p].id),
                None => out.push_str("null"),
            }
            out.push_str(",\"margin\":");
            push_integer(out, e.margin);
            out.push_str(if e.conflicting.is_empty() {
                ",\"conflict\":false"
            } else {
                ",\"conflict\":true"
            });
            out.push_str(",\"scores\":{");
            for (p, score) in e.scores.iter().enumerate() {
                if p > 0 {
                    out.push(',');
                }
                push_id(out, &pack.profiles[p].id);
                out.push(':');
                push_integer(out, *score);
            }
            out.push_str("},\"fired\":[");
            for (i, r) in e.fired.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_id(out, &pack.rules[*r].id);
            }
            out.push_str("],\"alerts\":[");
            for (i, a) in e.alerts.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_id(out, &pack.alerts[*a].id);
            }
            out.push(']');
        }
    }
    out.push('}');
}

/// The summary as a JSON object.
pub(crate) fn summary_json(summary: &Summary, pack: &Pack) -> JsonValue {
    let labels: Vec<&str> = (0..summary.confusion.len())
        .map(|i| verdict_word(pack, (i < pack.profiles.len()).then_some(i)))
        .collect();
    let disagreements: Vec<JsonValue> = summary
        .disagreements
        .iter()
        .map(|d| {
            json!({
                "id": d.id,
                "source": {"file": &*d.source.file, "line": d.source.line},
                "expected": expected_word(pack, d.expected),
                "verdict": verdict_word(pack, d.verdict),
                "deciding_rules": d.deciding.iter().map(|r| pack.rules[*r].id.as_str()).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "disclaimer": DISCLAIMER,
        "files": summary.files,
        "files_skipped": summary.skipped,
        "cases_read": summary.read,
        "evaluated": summary.evaluated,
        "failed": summary.failed,
        "conflicts": summary.conflicts,
        "cases_with_notes": summary.with_notes,
        "agreement": {
            "with_expected": summary.with_expected,
            "agreed": summary.agreed,
            "rate_percent": summary.agreement_rate(),
            "confusion": {"labels": labels, "rows_expected_columns_verdict": summary.confusion},
            "disagreements": summary.disagreement_count,
            "listed": disagreements,
        },
    })
}

/// The summary as text, for standard error or a text report.
pub(crate) fn summary_text(summary: &Summary, pack: &Pack) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Summary: {} read from {}, {} evaluated, {} failed{}",
        plural(summary.read, "case"),
        plural(summary.files, "file"),
        summary.evaluated,
        summary.failed,
        if summary.skipped > 0 {
            format!("; {} skipped (not case files)", plural(summary.skipped, "file"))
        } else {
            String::new()
        }
    );
    if summary.with_notes > 0 {
        let _ = writeln!(
            out,
            "Notes: {} (what a case could not carry over to this pack, such as a term it has no feature for; the JSON outputs list them)",
            plural(summary.with_notes, "case")
        );
    }
    if summary.conflicts > 0 {
        let _ = writeln!(
            out,
            "Conflicting findings: {} (strong findings for two profiles or more)",
            plural(summary.conflicts, "case")
        );
    }
    if let Some(rate) = summary.agreement_rate() {
        let _ = writeln!(
            out,
            "Agreement: {} of {} cases with an expected verdict ({rate:.1}%)",
            summary.agreed, summary.with_expected
        );
        let labels: Vec<&str> = (0..summary.confusion.len())
            .map(|i| verdict_word(pack, (i < pack.profiles.len()).then_some(i)))
            .collect();
        let width = labels.iter().map(|l| l.len()).max().unwrap_or(4).max(5) + 2;
        let _ = writeln!(out, "Confusion (rows: expected; columns: verdict):");
        let mut header = format!("  {:width$}", "");
        for label in &labels {
            let _ = write!(header, "{label:>width$}");
        }
        let _ = writeln!(out, "{}", header.trim_end());
        for (label, row) in labels.iter().zip(&summary.confusion) {
            let mut line = format!("  {label:width$}");
            for count in row {
                let _ = write!(line, "{count:>width$}");
            }
            let _ = writeln!(out, "{line}");
        }
        if summary.disagreement_count > 0 {
            let _ = writeln!(out, "Disagreements ({}):", summary.disagreement_count);
            for d in &summary.disagreements {
                let rules: Vec<&str> =
                    d.deciding.iter().map(|r| pack.rules[*r].id.as_str()).collect();
                let decided = if rules.is_empty() {
                    "no rule fired".to_owned()
                } else {
                    format!("decided by {}", rules.join(", "))
                };
                render::text::wrap(
                    &mut out,
                    render::text::width(),
                    "  - ",
                    4,
                    &format!(
                        "{} ({}:{}): expected {}, verdict {}; {decided}",
                        crate::error::one_line(&d.id),
                        crate::error::one_line(&d.source.file),
                        d.source.line,
                        expected_word(pack, d.expected),
                        verdict_word(pack, d.verdict)
                    ),
                );
            }
            let unlisted = summary.disagreement_count - summary.disagreements.len() as u64;
            if unlisted > 0 {
                let _ = writeln!(out, "  ... and {unlisted} more");
            }
        }
    }
    out.push_str(&disclaimer_text());
    out
}

/// The disclaimer as a wrapped paragraph, for standard error.
pub(crate) fn disclaimer_text() -> String {
    let mut out = String::new();
    render::text::wrap(
        &mut out,
        render::text::width(),
        "",
        0,
        &format!("Disclaimer: {DISCLAIMER}"),
    );
    out
}

pub(crate) fn plural(count: u64, word: &str) -> String {
    if count == 1 { format!("1 {word}") } else { format!("{count} {word}s") }
}
