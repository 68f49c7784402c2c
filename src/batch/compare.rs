//! `batch` with `--pack` given more than once: every case evaluated with
//! each pack, each case shown with every pack's verdict, and a summary of
//! where the packs agree, where they part, and how each agrees with the
//! cases' `expected`.
//!
//! A case is read and checked against each pack on its own: a case that
//! names a feature one pack lacks fails for that pack only, and is shown
//! and counted so, never dropped. Inputs are read one file at a time, once
//! per pack, so memory holds one input file's cases, not the run; for the
//! same reason standard input, which can be read only once, is refused.
//! The cases are evaluated on this thread (`--jobs` is not used here).

use std::{
    fmt::Write as _,
    io::{self, Write},
};

use serde_json::{Value as JsonValue, json};

use super::{BatchError, BatchFormat, BatchOptions, input, note, report};
use crate::{
    DISCLAIMER,
    batch::input::InputKind,
    cases::case_error::{CaseError, CaseErrorKind},
    cases::reader::{CaseRecord, Source},
    engine::{self, Options},
    error::{exit, io_reason, one_line},
    limits,
    pack::Pack,
    render::{self, clean::CleanWriter, diagnostic::replace_controls},
    verbosity::Verbosity,
};

/// One case as each pack saw it.
struct Row {
    id: Option<String>,
    source: Source,
    /// The expected verdict, as the first pack that read the case words it.
    expected: Option<String>,
    /// Per pack, in the order named: the verdict (`none` for no clear
    /// difference), or `None` when the case failed for that pack.
    words: Vec<Option<String>>,
    /// Per pack: why the case failed for it.
    errors: Vec<Option<CaseError>>,
}

impl Row {
    /// Whether every pack evaluated the case and gave the same verdict;
    /// `None` when a pack could not evaluate it.
    fn packs_agree(&self) -> Option<bool> {
        let words: Option<Vec<&String>> = self.words.iter().map(Option::as_ref).collect();
        let words = words?;
        Some(words.windows(2).all(|w| w[0] == w[1]))
    }
}

/// A case on which the packs part.
struct Parting {
    id: String,
    source: Source,
    verdicts: Vec<String>,
}

/// The totals of a comparison: counts, and the first partings (capped at
/// [`limits::MAX_LISTED_DISAGREEMENTS`]).
struct Totals {
    files: u64,
    skipped: u64,
    read: u64,
    /// Per pack: evaluated, failed, with an expected verdict, agreeing
    /// with it.
    evaluated: Vec<u64>,
    failed: Vec<u64>,
    with_expected: Vec<u64>,
    agreed: Vec<u64>,
    /// Cases every pack evaluated; of those, the ones they agree on.
    compared: u64,
    packs_agree: u64,
    partings: Vec<Parting>,
    parting_count: u64,
}

impl Totals {
    fn new(packs: usize, skipped: u64) -> Self {
        Self {
            files: 0,
            skipped,
            read: 0,
            evaluated: vec![0; packs],
            failed: vec![0; packs],
            with_expected: vec![0; packs],
            agreed: vec![0; packs],
            compared: 0,
            packs_agree: 0,
            partings: Vec::new(),
            parting_count: 0,
        }
    }

    fn add(&mut self, row: &Row) {
        self.read += 1;
        for (p, word) in row.words.iter().enumerate() {
            let Some(word) = word else {
                self.failed[p] += 1;
                continue;
            };
            self.evaluated[p] += 1;
            if let Some(expected) = &row.expected {
                self.with_expected[p] += 1;
                self.agreed[p] += u64::from(word == expected);
            }
        }
        match row.packs_agree() {
            None => {}
            Some(true) => {
                self.compared += 1;
                self.packs_agree += 1;
            }
            Some(false) => {
                self.compared += 1;
                self.parting_count += 1;
                if self.partings.len() < limits::MAX_LISTED_DISAGREEMENTS {
                    self.partings.push(Parting {
                        id: row.id.clone().unwrap_or_default(),
                        source: row.source.clone(),
                        verdicts: row.words.iter().flatten().cloned().collect(),
                    });
                }
            }
        }
    }

    /// Whether some pack's verdict differs from a case's `expected`.
    fn any_disagreement(&self) -> bool {
        self.with_expected.iter().zip(&self.agreed).any(|(w, a)| w != a)
    }
}

fn rate(part: u64, whole: u64) -> Option<f64> {
    #[allow(clippy::cast_precision_loss)]
    (whole > 0).then(|| 100.0 * part as f64 / whole as f64)
}

/// Runs a comparison of `packs` (`(name, pack)`, in the order named) and
/// returns the exit status: 1 when a case failed for some pack (or, with
/// `--fail-on-disagreement`, when some pack's verdict differs from a
/// case's `expected`).
pub(crate) fn run(packs: &[(&str, &Pack)], options: &BatchOptions) -> Result<u8, BatchError> {
    if options.format == BatchFormat::Html {
        return Err(BatchError::CompareFormat);
    }
    let quiet = options.verbosity == Verbosity::Quiet;
    let (mut inputs, skipped) = input::inputs(&options.paths, options.input_format, quiet);
    if inputs.iter().any(|i| matches!(i.kind, InputKind::Stdin(_))) {
        return Err(BatchError::CompareStdin);
    }
    if let Some(output) = &options.output {
        input::drop_output(&mut inputs, &options.paths, output, quiet)?;
    }
    let (file, replacement) = super::open_output(options)?;
    let color = options.color_stdout && options.output.is_none();
    let mut output: Box<dyn Write> = match file {
        None if options.clean_output => {
            Box::new(io::BufWriter::new(CleanWriter::new(io::stdout(), color)))
        }
        None => Box::new(io::BufWriter::new(io::stdout())),
        Some(file) if options.clean_output => {
            Box::new(io::BufWriter::new(CleanWriter::new(file, false)))
        }
        Some(file) => Box::new(io::BufWriter::new(file)),
    };
    let names: Vec<&str> = packs.iter().map(|(name, _)| *name).collect();
    let mut totals = Totals::new(packs.len(), skipped);
    let written = (|| -> io::Result<()> {
        let mut text = String::new();
        begin(options.format, &names, &mut text);
        output.write_all(text.as_bytes())?;
        let mut first = true;
        for input in &inputs {
            totals.files += 1;
            for row in rows(packs, input) {
                totals.add(&row);
                let mut text = String::new();
                case(options.format, &names, &row, first, &mut text);
                first = false;
                output.write_all(text.as_bytes())?;
            }
        }
        let mut text = String::new();
        end(options.format, &names, &totals, &mut text);
        output.write_all(text.as_bytes())?;
        output.flush()
    })();
    match written {
        Ok(()) => {}
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => return Ok(exit::OK),
        Err(error) => return Err(BatchError::Output { reason: io_reason(&error) }),
    }
    if totals.read == 0 {
        return Err(BatchError::NoCase);
    }
    if let Some((path, replacement)) = replacement {
        replacement.commit().map_err(|error| super::cannot(path, &error))?;
    }
    let summary_inside = matches!(options.format, BatchFormat::Json | BatchFormat::Markdown);
    if !summary_inside && !quiet {
        note(&summary_text(&names, &totals));
    } else if options.format == BatchFormat::Csv {
        note(&report::disclaimer_text());
    }
    let failed = totals.failed.iter().any(|f| *f > 0);
    if failed || (options.fail_on_disagreement && totals.any_disagreement()) {
        Ok(exit::SOME_FAILED)
    } else {
        Ok(exit::OK)
    }
}

/// The cases of one input, each read and evaluated with every pack.
fn rows(packs: &[(&str, &Pack)], input: &input::Input) -> Vec<Row> {
    let per_pack: Vec<Vec<CaseRecord>> = packs
        .iter()
        .map(|(_, pack)| {
            let mut records = Vec::new();
            input::read_all(pack, std::slice::from_ref(input), &mut |chunk| {
                let (bytes, pending) = chunk.into_parts();
                records.extend(pending.into_iter().map(|p| p.finish(pack, &bytes)));
                Ok(())
            });
            records
        })
        .collect();
    let count = per_pack.iter().map(Vec::len).max().unwrap_or(0);
    (0..count)
        .map(|i| {
            let mut row = Row {
                id: None,
                source: Source { file: input.name.clone(), line: 1 },
                expected: None,
                words: Vec::new(),
                errors: Vec::new(),
            };
            for ((_, pack), records) in packs.iter().zip(&per_pack) {
                let Some(record) = records.get(i) else {
                    // The packs read a different number of cases here.
                    row.errors.push(Some(CaseError::new(CaseErrorKind::NoCase)));
                    row.words.push(None);
                    continue;
                };
                if row.id.is_none() {
                    row.id = record.id().map(str::to_owned);
                    row.source = record.source.clone();
                }
                match &record.case {
                    Ok(file) => {
                        if row.expected.is_none() {
                            row.expected =
                                file.expected.map(|e| report::expected_word(pack, e).to_owned());
                        }
                        let e = engine::evaluate(pack, &file.case, Options::default());
                        row.words.push(Some(report::verdict_word(pack, e.verdict).to_owned()));
                        row.errors.push(None);
                    }
                    Err(error) => {
                        row.words.push(None);
                        row.errors.push(Some(error.clone()));
                    }
                }
            }
            row
        })
        .collect()
}

const ID: usize = 26;
/// The narrowest verdict column; a longer pack name widens its own.
const VERDICT: usize = 10;

fn begin(format: BatchFormat, names: &[&str], out: &mut String) {
    match format {
        BatchFormat::Table => {
            let _ = write!(out, "{:ID$}", "id");
            for name in names {
                let width = VERDICT.max(name.chars().count());
                let _ = write!(out, " {name:width$}");
            }
            out.push_str(" expected\n");
        }
        BatchFormat::Csv => {
            let mut fields: Vec<String> =
                ["id", "file", "line", "expected"].map(str::to_owned).to_vec();
            fields.extend(names.iter().map(|n| (*n).to_owned()));
            fields.push("packs_agree".to_owned());
            out.push_str(&super::report::csv::row(&fields));
        }
        BatchFormat::Markdown => {
            let _ = writeln!(out, "# Batch: the packs `{}` compared\n", names.join("`, `"));
            let _ = writeln!(out, "> **Disclaimer:** {DISCLAIMER}\n");
            out.push_str("| id |");
            for name in names {
                let _ = write!(out, " {name} |");
            }
            out.push_str(" expected | packs agree |\n| --- |");
            for _ in names {
                out.push_str(" --- |");
            }
            out.push_str(" --- | --- |\n");
        }
        BatchFormat::Json => {
            out.push_str("{\n\"disclaimer\": ");
            out.push_str(&report::DISCLAIMER_JSON);
            out.push_str(",\n\"cases\": [\n");
        }
        BatchFormat::JsonLines | BatchFormat::Html => {}
    }
}

fn error_json(error: &CaseError, source: &Source) -> JsonValue {
    json!({
        "message": error.to_string(),
        "help": error.help,
        "line": error.at.map_or(source.line, |a| a.line),
        "column": error.at.map(|a| a.column),
    })
}

fn row_json(names: &[&str], row: &Row) -> JsonValue {
    let mut verdicts = serde_json::Map::new();
    let mut errors = serde_json::Map::new();
    for ((name, word), error) in names.iter().zip(&row.words).zip(&row.errors) {
        verdicts.insert((*name).to_owned(), json!(word));
        if let Some(error) = error {
            errors.insert((*name).to_owned(), error_json(error, &row.source));
        }
    }
    json!({
        "disclaimer": DISCLAIMER,
        "id": row.id,
        "source": {"file": &*row.source.file, "line": row.source.line},
        "expected": row.expected,
        "verdicts": verdicts,
        "packs_agree": row.packs_agree(),
        "errors": errors,
    })
}

fn case(format: BatchFormat, names: &[&str], row: &Row, first: bool, out: &mut String) {
    let id = row.id.as_deref().unwrap_or("?");
    let expected = row.expected.as_deref().unwrap_or("");
    match format {
        BatchFormat::Table => {
            let flat = replace_controls(id).replace(['\n', '\t'], " ");
            let shown: String = if flat.chars().count() > ID {
                flat.chars().take(ID - 1).chain(['~']).collect()
            } else {
                flat
            };
            let mut line = format!("{shown:ID$}");
            for (name, word) in names.iter().zip(&row.words) {
                let width = VERDICT.max(name.chars().count());
                let _ = write!(line, " {:width$}", word.as_deref().unwrap_or("error"));
            }
            let mark = if row.packs_agree() == Some(false) { " !" } else { "" };
            let _ = write!(line, " {expected}{mark}");
            out.push_str(line.trim_end());
            out.push('\n');
            for (name, error) in names.iter().zip(&row.errors) {
                if let Some(error) = error {
                    let _ = write!(
                        out,
                        "  {name}: error: {} ({})",
                        replace_controls(&error.to_string()).replace(['\n', '\t'], " "),
                        report::place(&row.source, Some(error))
                    );
                    if let Some(help) = &error.help {
                        let _ =
                            write!(out, "; {}", replace_controls(help).replace(['\n', '\t'], " "));
                    }
                    out.push('\n');
                }
            }
        }
        BatchFormat::Csv => {
            let mut fields =
                vec![id.to_owned(), row.source.file.to_string(), row.source.line.to_string()];
            fields.push(expected.to_owned());
            fields
                .extend(row.words.iter().map(|w| w.clone().unwrap_or_else(|| "error".to_owned())));
            fields.push(match row.packs_agree() {
                Some(true) => "yes".to_owned(),
                Some(false) => "no".to_owned(),
                None => String::new(),
            });
            out.push_str(&super::report::csv::row(&fields));
        }
        BatchFormat::Markdown => {
            let _ = write!(out, "| {} |", render::markdown::esc(id));
            for word in &row.words {
                let _ = write!(out, " {} |", word.as_deref().unwrap_or("error"));
            }
            let agree = match row.packs_agree() {
                Some(true) => "yes",
                Some(false) => "**no**",
                None => "",
            };
            let _ = writeln!(out, " {} | {agree} |", render::markdown::esc(expected));
        }
        BatchFormat::Json => {
            if !first {
                out.push_str(",\n");
            }
            out.push_str(&render::json_text::compact(&row_json(names, row)));
        }
        BatchFormat::JsonLines => {
            out.push_str(&render::json_text::compact(&row_json(names, row)));
            out.push('\n');
        }
        BatchFormat::Html => {}
    }
}

fn end(format: BatchFormat, names: &[&str], totals: &Totals, out: &mut String) {
    match format {
        BatchFormat::Table => {
            render::text::wrap(
                out,
                render::text::width(),
                "",
                0,
                &format!("Disclaimer: {DISCLAIMER}"),
            );
        }
        BatchFormat::Json => {
            out.push_str("\n],\n\"summary\": ");
            out.push_str(&render::json_text::compact(&summary_json(names, totals)));
            out.push_str("\n}\n");
        }
        BatchFormat::Markdown => {
            out.push_str("\n## Summary\n\n```text\n");
            let text = summary_text(names, totals);
            out.push_str(text.replace("```", "'''").as_str());
            out.push_str("```\n");
        }
        BatchFormat::Csv | BatchFormat::JsonLines | BatchFormat::Html => {}
    }
}

fn summary_json(names: &[&str], totals: &Totals) -> JsonValue {
    let per_pack: Vec<JsonValue> = names
        .iter()
        .enumerate()
        .map(|(p, name)| {
            json!({
                "pack": name,
                "evaluated": totals.evaluated[p],
                "failed": totals.failed[p],
                "with_expected": totals.with_expected[p],
                "agreed": totals.agreed[p],
                "rate_percent": rate(totals.agreed[p], totals.with_expected[p]),
            })
        })
        .collect();
    let listed: Vec<JsonValue> = totals
        .partings
        .iter()
        .map(|d| {
            let verdicts: serde_json::Map<String, JsonValue> =
                names.iter().zip(&d.verdicts).map(|(n, v)| ((*n).to_owned(), json!(v))).collect();
            json!({"id": d.id, "source": {"file": &*d.source.file, "line": d.source.line}, "verdicts": verdicts})
        })
        .collect();
    json!({
        "disclaimer": DISCLAIMER,
        "packs": names,
        "files": totals.files,
        "files_skipped": totals.skipped,
        "cases_read": totals.read,
        "by_pack": per_pack,
        "between_packs": {
            "compared": totals.compared,
            "agree": totals.packs_agree,
            "part": totals.parting_count,
            "rate_percent": rate(totals.packs_agree, totals.compared),
            "listed": listed,
        },
    })
}

fn summary_text(names: &[&str], totals: &Totals) -> String {
    let plural = report::plural;
    let mut out = String::new();
    let width = render::text::width();
    let line = |out: &mut String, first: &str, text: &str| {
        render::text::wrap(out, width, first, first.len() + 2, text);
    };
    line(
        &mut out,
        "",
        &format!(
            "Summary: {} read from {}{}, with the packs `{}`",
            plural(totals.read, "case"),
            plural(totals.files, "file"),
            if totals.skipped > 0 {
                format!(" ({} skipped, not case files)", plural(totals.skipped, "file"))
            } else {
                String::new()
            },
            names.join("`, `")
        ),
    );
    for (p, name) in names.iter().enumerate() {
        let agreement = match rate(totals.agreed[p], totals.with_expected[p]) {
            Some(r) => format!(
                "; agreement with expected: {} of {} ({r:.1}%)",
                totals.agreed[p], totals.with_expected[p]
            ),
            None => String::new(),
        };
        line(
            &mut out,
            "  ",
            &format!(
                "{name}: {} evaluated, {} failed{agreement}",
                totals.evaluated[p], totals.failed[p]
            ),
        );
    }
    match rate(totals.packs_agree, totals.compared) {
        Some(r) => {
            line(
                &mut out,
                "",
                &format!(
                    "Between the packs: they agree on {} of the {} every pack evaluated ({r:.1}%) and part on {}",
                    totals.packs_agree,
                    plural(totals.compared, "case"),
                    totals.parting_count
                ),
            );
        }
        None => {
            let _ = writeln!(out, "Between the packs: no case was evaluated by every pack");
        }
    }
    for d in &totals.partings {
        let verdicts: Vec<String> =
            names.iter().zip(&d.verdicts).map(|(n, v)| format!("{n} {v}")).collect();
        render::text::wrap(
            &mut out,
            width,
            "  - ",
            4,
            &format!(
                "{} ({}:{}): {}",
                one_line(&d.id),
                one_line(&d.source.file),
                d.source.line,
                verdicts.join(", ")
            ),
        );
    }
    let unlisted = totals.parting_count - totals.partings.len() as u64;
    if unlisted > 0 {
        let _ = writeln!(out, "  ... and {unlisted} more");
    }
    out.push_str(&report::disclaimer_text());
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::{
        batch::{BatchFormat, BatchOptions, report::Detail},
        load::{builtin::DOCUMENT, from_texts},
        pack::Pack,
        verbosity::Verbosity,
    };

    /// A second pack, as `extended` will be: the document pack with one
    /// more feature (`new_finding`) and a margin of 1, so that some
    /// verdicts differ.
    fn extended() -> Pack {
        let texts = DOCUMENT
            .texts()
            .into_iter()
            .map(|(name, text)| {
                let text = if name.ends_with("/pack.yaml") {
                    text.replacen("\nmargin: 3", "\nmargin: 1", 1)
                } else if name.ends_with("/features.yaml") {
                    format!(
                        "{text}\n  new_finding:\n    label: a new finding\n    question: Is there a new finding?\n    type: yes_no\n"
                    )
                } else {
                    text
                };
                (name.replace("rules/", "rules/extended/"), text)
            })
            .collect();
        from_texts(texts).pack.expect("the extended test pack checks")
    }

    fn options(dir: &std::path::Path, format: BatchFormat, output: &str) -> BatchOptions {
        BatchOptions {
            paths: vec![dir.join("cases.yaml")],
            input_format: None,
            format,
            output: Some(dir.join(output)),
            jobs: 1,
            fail_on_disagreement: false,
            detail: Detail::Verdict,
            clean_output: false,
            color_stdout: false,
            stderr_is_terminal: false,
            verbosity: Verbosity::Quiet,
        }
    }

    const CASES: &str = "\
id: both-als
expected: ALS
features: {age: 62, course: progressive, fasciculations: yes, sensory_loss: no}
---
id: parts
expected: none
features: {muscle_wasting: yes}
---
id: extended-only
features: {new_finding: yes, age: 30}
";

    #[test]
    fn two_packs_give_a_verdict_each_and_their_agreement() {
        let document = crate::load::load(&crate::load::PackSource::Builtin).pack.expect("loads");
        let extended = extended();
        let dir = tempfile::tempdir().expect("a folder");
        std::fs::write(dir.path().join("cases.yaml"), CASES).expect("written");
        let packs = [("document", &document), ("extended", &extended)];

        let code = super::run(&packs, &options(dir.path(), BatchFormat::JsonLines, "out.jsonl"))
            .expect("the comparison runs");
        assert_eq!(code, 1, "a case failed for one pack");
        let out = std::fs::read_to_string(dir.path().join("out.jsonl")).expect("output");
        let lines: Vec<serde_json::Value> =
            out.lines().map(|l| serde_json::from_str(l).expect("JSON")).collect();
        assert_eq!(lines.len(), 3, "{out}");
        assert_eq!(lines[0]["verdicts"], serde_json::json!({"document": "ALS", "extended": "ALS"}));
        assert_eq!(lines[0]["packs_agree"], true);
        assert_eq!(lines[1]["id"], "parts");
        assert_eq!(lines[1]["packs_agree"], false, "{}", lines[1]);
        assert_eq!(lines[1]["verdicts"]["document"], "none");
        assert_ne!(lines[1]["verdicts"]["extended"], "none");
        // A case naming a feature only the second pack has fails for the
        // first, in its place.
        assert_eq!(lines[2]["id"], "extended-only");
        assert_eq!(lines[2]["verdicts"]["document"], serde_json::Value::Null);
        assert!(lines[2]["errors"]["document"]["message"].is_string(), "{}", lines[2]);
        assert!(lines[2]["verdicts"]["extended"].is_string());
        assert_eq!(lines[2]["packs_agree"], serde_json::Value::Null);

        super::run(&packs, &options(dir.path(), BatchFormat::Json, "out.json")).expect("runs");
        let json: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join("out.json")).expect("output"),
        )
        .expect("JSON");
        let summary = &json["summary"];
        assert_eq!(summary["cases_read"], 3);
        assert_eq!(summary["between_packs"]["compared"], 2);
        assert_eq!(summary["between_packs"]["agree"], 1);
        assert_eq!(summary["between_packs"]["part"], 1);
        assert_eq!(summary["between_packs"]["listed"][0]["id"], "parts");
        assert_eq!(summary["by_pack"][0]["failed"], 1);
        assert_eq!(summary["by_pack"][0]["with_expected"], 2);
        assert_eq!(summary["by_pack"][0]["agreed"], 2);
        assert_eq!(summary["by_pack"][1]["failed"], 0);
        assert_eq!(summary["by_pack"][1]["agreed"], 1);

        super::run(&packs, &options(dir.path(), BatchFormat::Table, "out.txt")).expect("runs");
        let table = std::fs::read_to_string(dir.path().join("out.txt")).expect("output");
        let first: Vec<&str> = table.lines().take(3).collect();
        assert_eq!(first[0], "id                         document   extended   expected");
        assert_eq!(first[1], "both-als                   ALS        ALS        ALS");
        assert!(first[2].starts_with("parts                      none       "), "{table}");
        assert!(first[2].ends_with(" none !"), "{table}");
        assert!(table.contains("extended-only              error      "), "{table}");
        assert!(table.contains("\n  document: error: "), "{table}");

        let stdin = BatchOptions {
            paths: vec![PathBuf::from("-")],
            ..options(dir.path(), BatchFormat::JsonLines, "x.jsonl")
        };
        assert!(matches!(super::run(&packs, &stdin), Err(super::BatchError::CompareStdin)));
        let html = options(dir.path(), BatchFormat::Html, "x.html");
        assert!(matches!(super::run(&packs, &html), Err(super::BatchError::CompareFormat)));
        assert!(!dir.path().join("x.html").exists(), "nothing is written");
    }
}
