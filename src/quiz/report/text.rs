//! The report as text for an 80-column terminal: a heading per part,
//! tables with bars for agreement, and the disclaimer at the end. Text
//! from records is [`plain`]ed before it is fitted to a column.

use std::fmt::Write as _;

use colored::Colorize as _;

use super::{
    MAX_LISTED_FINDINGS, bar, calibration::Calibration, counts::Counts, percent, plain, plural,
    reader::Reading, student_label, summary::PackSummary,
};
use crate::{
    DISCLAIMER,
    quiz::record::Confidence,
    render::text::{width, wrap},
};

/// How to read the calibration table, in text and Markdown.
pub(crate) const CALIBRATION_NOTE: &str = "Each cell is agreeing/answers and the share. A \
    well-calibrated student agrees with the pack more often the surer they are; \
    over-confident means high confidence agreed under half the time, or less often than low \
    confidence.";

/// How to read the premature-closure table, in text and Markdown.
pub(crate) const CLOSURE_NOTE: &str = "Early: answers given with high confidence before a \
    case's last stage. Premature: of those, leaning to a profile other than the pack's verdict \
    at the last stage (staying undecided is not closure).";

/// `text` cut or padded to `width` columns (an ellipsis marks a cut).
pub(crate) fn fit(text: &str, width: usize) -> String {
    let shown = textwrap::core::display_width(text);
    if shown <= width {
        return format!("{text}{}", " ".repeat(width - shown));
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = textwrap::core::display_width(c.encode_utf8(&mut [0; 4]));
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    used += 1;
    out.push_str(&" ".repeat(width.saturating_sub(used)));
    out
}

/// Widths of the stage and verdict columns; the leaning gets the rest.
const STAGE: usize = 15;
const VERDICT: usize = 10;

fn heading(out: &mut String, text: &str) {
    let _ = writeln!(out, "\n{}", text.bold());
}

/// What was read, before the packs: the same words in text and Markdown.
pub(crate) fn overview(reading: &Reading, packs: &[PackSummary]) -> Vec<String> {
    let mut lines = vec![format!(
        "Read {}: {}, {}.",
        plural(reading.files as u64, "file"),
        plural(reading.lines, "line"),
        plural(reading.answer_count(), "answer"),
    )];
    if reading.failed > 0 {
        lines.push(format!(
            "{} could not be read and {} left out (the messages on standard error say why).",
            plural(reading.failed, "line"),
            if reading.failed == 1 { "is" } else { "are" }
        ));
    }
    if reading.duplicates > 0 {
        lines.push(format!(
            "{} dropped: the same record read again.",
            plural(reading.duplicates, "duplicate record")
        ));
    }
    if packs.len() > 1 {
        lines.push(format!(
            "The records come from {} rule packs; each is reported on its own.",
            packs.len()
        ));
    }
    lines
}

/// `ALS (2)`, or on a tie `ALS, MS (1 each)`.
pub(crate) fn leaning_words(leanings: &Counts) -> String {
    let top = leanings.most_common();
    let count = leanings.sorted().first().map_or(0, |(_, n)| *n);
    let names: Vec<String> = top.iter().map(|n| plain(n)).collect();
    if names.len() > 1 {
        format!("{} ({count} each)", names.join(", "))
    } else {
        format!("{} ({count})", names.join(""))
    }
}

/// `a 3, b 2, ... and 4 more`, at most [`MAX_LISTED_FINDINGS`] named.
pub(crate) fn findings_words(counts: &Counts, clean: impl Fn(&str) -> String) -> String {
    let sorted = counts.sorted();
    let mut words: Vec<String> = sorted
        .iter()
        .take(MAX_LISTED_FINDINGS)
        .map(|(name, count)| format!("{} {count}", clean(name)))
        .collect();
    if sorted.len() > MAX_LISTED_FINDINGS {
        words.push(format!("and {} more", sorted.len() - MAX_LISTED_FINDINGS));
    }
    words.join(", ")
}

/// `2/3  67%`, or `-` for no answers.
fn level_cell(calibration: &Calibration, confidence: Confidence) -> String {
    let t = calibration.level(confidence);
    if t.answers == 0 {
        return format!("{:>7}     ", "-");
    }
    format!("{:>7} {:>3}%", format!("{}/{}", t.agreeing, t.answers), percent(t.agreeing, t.answers))
}

pub(crate) fn render(reading: &Reading, packs: &[PackSummary]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", "Quiz report".bold());
    for line in overview(reading, packs) {
        wrap(&mut out, width(), "", 0, &line);
    }
    for pack in packs {
        pack_text(pack, &mut out);
    }
    if packs.is_empty() {
        let _ = writeln!(out, "\nNo answers to report.");
    }
    out.push('\n');
    wrap(&mut out, width(), "", 0, &format!("Disclaimer: {DISCLAIMER}"));
    out
}

fn pack_text(pack: &PackSummary, out: &mut String) {
    let _ = writeln!(out);
    wrap(
        out,
        width(),
        "",
        2,
        &format!(
            "Pack `{}`: {} from {} on {}.",
            plain(&pack.pack),
            plural(pack.answers, "answer"),
            plural(pack.students.len() as u64, "student"),
            plural(pack.cases.len() as u64, "case"),
        ),
    );

    heading(out, "Agreement with the pack, by case and stage");
    for case in &pack.cases {
        let expected = case
            .expected
            .as_deref()
            .map(|e| format!(", expected {}", plain(e)))
            .unwrap_or_default();
        wrap(
            out,
            width(),
            "  ",
            4,
            &format!("{}: {}{expected}", plain(&case.case), plural(case.stages as u64, "stage")),
        );
        let _ = writeln!(
            out,
            "    {} answers  {}  {}  most common leaning",
            fit("stage", STAGE),
            fit("agreeing", 15),
            fit("verdict", VERDICT)
        );
        for stage in &case.by_stage {
            let row = format!(
                "    {} {:>7}  {} {:>3}%  {}  ",
                fit(&format!("{} {}", stage.stage, plain(&stage.name)), STAGE),
                stage.answers,
                bar(stage.agreeing, stage.answers),
                percent(stage.agreeing, stage.answers),
                fit(&plain(&stage.verdict), VERDICT),
            );
            // The last column wraps rather than cut a tie short.
            let indent = " ".repeat(textwrap::core::display_width(&row));
            // `(2 each)` is kept on one line: its space is a no-break
            // space while wrapping (textwrap breaks at ASCII spaces only).
            let leaning = leaning_words(&stage.leanings).replace(" each)", "\u{a0}each)");
            let lines = textwrap::wrap(&leaning, width().saturating_sub(indent.len()).max(10));
            for (i, line) in lines.iter().enumerate() {
                let line = line.replace('\u{a0}', " ");
                let _ = writeln!(out, "{}{line}", if i == 0 { &row } else { &indent });
            }
        }
        if !case.missed.is_empty() {
            wrap(out, width(), "    missed: ", 6, &findings_words(&case.missed, plain));
        }
        if !case.neutral.is_empty() {
            wrap(out, width(), "    over-weighted: ", 6, &findings_words(&case.neutral, plain));
        }
    }

    for (title, counts) in [
        ("Findings most often missed (weighed by the pack, not named)", &pack.missed),
        ("Findings most often over-weighted (named, but neutral for the pack)", &pack.neutral),
    ] {
        heading(out, title);
        if counts.is_empty() {
            let _ = writeln!(out, "  none");
            continue;
        }
        let _ = writeln!(out, "  {} answers", fit("finding", 40));
        let sorted = counts.sorted();
        for (name, count) in sorted.iter().take(MAX_LISTED_FINDINGS) {
            let _ = writeln!(out, "  {} {count:>7}", fit(&plain(name), 40));
        }
        if sorted.len() > MAX_LISTED_FINDINGS {
            let _ = writeln!(out, "  ... and {} more", sorted.len() - MAX_LISTED_FINDINGS);
        }
    }

    heading(out, "Calibration: answers agreeing with the pack, by confidence");
    wrap(out, width(), "  ", 2, CALIBRATION_NOTE);
    let _ =
        writeln!(out, "  {}  {:>12}  {:>12}  {:>12}", fit("student", 20), "low", "medium", "high");
    let whole = ("(whole class)".to_owned(), &pack.class);
    let rows: Vec<(String, &Calibration)> = pack
        .students
        .iter()
        .map(|s| (student_label(s.student.as_deref()), &s.calibration))
        .chain([whole])
        .collect();
    for (label, calibration) in &rows {
        let flag = if calibration.over_confidence().is_empty() { "" } else { "over-confident" };
        let line = format!(
            "  {}  {}  {}  {}  {flag}",
            fit(label, 20),
            level_cell(calibration, Confidence::Low),
            level_cell(calibration, Confidence::Medium),
            level_cell(calibration, Confidence::High),
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    let flagged: Vec<String> = rows
        .iter()
        .filter_map(|(label, c)| c.over_confidence_words().map(|w| format!("{label}: {w}.")))
        .collect();
    if flagged.is_empty() {
        let _ = writeln!(out, "  No one agreed less often when highly confident.");
    }
    for line in flagged {
        wrap(out, width(), "  ", 4, &line);
    }

    heading(out, "Premature closure: high confidence early, away from the final verdict");
    wrap(out, width(), "  ", 2, CLOSURE_NOTE);
    let _ = writeln!(
        out,
        "  {}  {:>22}  {:>9}",
        fit("student", 20),
        "high-confidence early",
        "premature"
    );
    let (mut early, mut premature) = (0, 0);
    for student in &pack.students {
        early += student.early_high;
        premature += student.premature.len() as u64;
        let _ = writeln!(
            out,
            "  {}  {:>22}  {:>9}",
            fit(&student_label(student.student.as_deref()), 20),
            student.early_high,
            student.premature.len()
        );
        for p in &student.premature {
            wrap(
                out,
                width(),
                "    - ",
                6,
                &format!(
                    "{} stage {} ({}): leaned {}; the final verdict is {}",
                    plain(&p.case),
                    p.stage,
                    plain(&p.stage_name),
                    plain(&p.leaning),
                    plain(&p.final_verdict)
                ),
            );
        }
    }
    let _ = writeln!(out, "  {}  {early:>22}  {premature:>9}", fit("(whole class)", 20));
}
