//! The report as a Markdown handout: the disclaimer first, as a quote,
//! then the same parts as the text report, as headings and tables.
//!
//! Text from records is untrusted: [`esc`] makes it plain text in any
//! place it is put (a table cell, a heading, a list item).

use std::fmt::Write as _;

use super::{
    MAX_LISTED_FINDINGS,
    calibration::Calibration,
    counts::Counts,
    percent, plain, plural,
    reader::Reading,
    summary::PackSummary,
    text::{CALIBRATION_NOTE, CLOSURE_NOTE, findings_words, overview},
};
use crate::{DISCLAIMER, quiz::record::Confidence};

/// Text from a record as literal Markdown text: control and invisible
/// characters replaced ([`plain`]), then escaped by the one Markdown
/// escaping of the tool ([`crate::render::markdown::esc`]), so that no name can
/// make a link, an image, HTML, emphasis or a new table cell.
pub(crate) fn esc(text: &str) -> String {
    crate::render::markdown::esc(&plain(text))
}

fn level_cell(calibration: &Calibration, confidence: Confidence) -> String {
    let t = calibration.level(confidence);
    if t.answers == 0 {
        return String::new();
    }
    format!("{}/{} ({}%)", t.agreeing, t.answers, percent(t.agreeing, t.answers))
}

fn leaning_cell(leanings: &Counts) -> String {
    let top = leanings.most_common();
    let count = leanings.sorted().first().map_or(0, |(_, n)| *n);
    let names: Vec<String> = top.iter().map(|n| esc(n)).collect();
    if names.len() > 1 {
        format!("{} ({count} each)", names.join(", "))
    } else {
        format!("{} ({count})", names.join(""))
    }
}

pub(crate) fn render(reading: &Reading, packs: &[PackSummary]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Quiz report\n");
    let _ = writeln!(out, "> **Disclaimer:** {DISCLAIMER}\n");
    for line in overview(reading, packs) {
        let _ = writeln!(out, "{line}  ");
    }
    for pack in packs {
        pack_markdown(pack, &mut out);
    }
    if packs.is_empty() {
        let _ = writeln!(out, "\nNo answers to report.");
    }
    out
}

fn pack_markdown(pack: &PackSummary, out: &mut String) {
    let _ = writeln!(out, "\n## Pack {}\n", esc(&pack.pack));
    let _ = writeln!(
        out,
        "{} from {} on {}.",
        plural(pack.answers, "answer"),
        plural(pack.students.len() as u64, "student"),
        plural(pack.cases.len() as u64, "case"),
    );

    let _ = writeln!(out, "\n### Agreement with the pack, by case and stage");
    for case in &pack.cases {
        let expected =
            case.expected.as_deref().map(|e| format!(", expected {}", esc(e))).unwrap_or_default();
        let _ = writeln!(
            out,
            "\n#### {}: {}{expected}\n",
            esc(&case.case),
            plural(case.stages as u64, "stage")
        );
        out.push_str("| stage | answers | agreeing | verdict | most common leaning |\n");
        out.push_str("| --- | ---: | ---: | --- | --- |\n");
        for s in &case.by_stage {
            let _ = writeln!(
                out,
                "| {} {} | {} | {}% ({}) | {} | {} |",
                s.stage,
                esc(&s.name),
                s.answers,
                percent(s.agreeing, s.answers),
                s.agreeing,
                esc(&s.verdict),
                leaning_cell(&s.leanings)
            );
        }
        if !case.missed.is_empty() || !case.neutral.is_empty() {
            out.push('\n');
        }
        if !case.missed.is_empty() {
            let _ = writeln!(out, "- missed: {}", findings_words(&case.missed, esc));
        }
        if !case.neutral.is_empty() {
            let _ = writeln!(out, "- over-weighted: {}", findings_words(&case.neutral, esc));
        }
    }

    for (title, counts) in [
        ("Findings most often missed (weighed by the pack, not named)", &pack.missed),
        ("Findings most often over-weighted (named, but neutral for the pack)", &pack.neutral),
    ] {
        let _ = writeln!(out, "\n### {title}\n");
        if counts.is_empty() {
            let _ = writeln!(out, "None.");
            continue;
        }
        out.push_str("| finding | answers |\n| --- | ---: |\n");
        let sorted = counts.sorted();
        for (name, count) in sorted.iter().take(MAX_LISTED_FINDINGS) {
            let _ = writeln!(out, "| {} | {count} |", esc(name));
        }
        if sorted.len() > MAX_LISTED_FINDINGS {
            let _ = writeln!(out, "\n... and {} more.", sorted.len() - MAX_LISTED_FINDINGS);
        }
    }

    let _ = writeln!(out, "\n### Calibration: answers agreeing with the pack, by confidence\n");
    let _ = writeln!(out, "{CALIBRATION_NOTE}\n");
    out.push_str("| student | low | medium | high | over-confident |\n");
    out.push_str("| --- | ---: | ---: | ---: | --- |\n");
    let label = |s: Option<&str>| s.map_or_else(|| super::NO_NAME.to_owned(), esc);
    let rows: Vec<(String, &Calibration)> = pack
        .students
        .iter()
        .map(|s| (label(s.student.as_deref()), &s.calibration))
        .chain([("**whole class**".to_owned(), &pack.class)])
        .collect();
    for (name, c) in &rows {
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} | {} |",
            level_cell(c, Confidence::Low),
            level_cell(c, Confidence::Medium),
            level_cell(c, Confidence::High),
            if c.over_confidence().is_empty() { "" } else { "yes" }
        );
    }
    let flagged: Vec<String> = rows
        .iter()
        .filter_map(|(name, c)| c.over_confidence_words().map(|w| format!("- {name}: {w}.")))
        .collect();
    out.push('\n');
    if flagged.is_empty() {
        let _ = writeln!(out, "No one agreed less often when highly confident.");
    }
    for line in flagged {
        let _ = writeln!(out, "{line}");
    }

    let _ = writeln!(
        out,
        "\n### Premature closure: high confidence early, away from the final verdict\n"
    );
    let _ = writeln!(out, "{CLOSURE_NOTE}\n");
    out.push_str("| student | high-confidence early | premature |\n| --- | ---: | ---: |\n");
    let mut listed = Vec::new();
    for s in &pack.students {
        let name = label(s.student.as_deref());
        let _ = writeln!(out, "| {name} | {} | {} |", s.early_high, s.premature.len());
        for p in &s.premature {
            listed.push(format!(
                "- {name}: {} stage {} ({}): leaned {}; the final verdict is {}",
                esc(&p.case),
                p.stage,
                esc(&p.stage_name),
                esc(&p.leaning),
                esc(&p.final_verdict)
            ));
        }
    }
    let _ = writeln!(
        out,
        "| **whole class** | {} | {} |",
        pack.students.iter().map(|s| s.early_high).sum::<u64>(),
        pack.students.iter().map(|s| s.premature.len()).sum::<usize>()
    );
    if !listed.is_empty() {
        out.push('\n');
        for line in listed {
            let _ = writeln!(out, "{line}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn names_from_records_stay_plain_text() {
        assert_eq!(esc("t01-weak-hand"), "t01-weak-hand");
        assert_eq!(esc("sensory_loss"), "sensory\\_loss");
        assert_eq!(esc("_x_ *y* a|b"), "\\_x\\_ \\*y\\* a\\|b");
        assert_eq!(esc("<img src=x>"), "\\<img src=x\\>");
        assert_eq!(esc("[a](http://b.c) www.d.e"), "\\[a\\]\\(http\\:\\/\\/b\\.c\\) www\\.d\\.e");
        assert_eq!(esc("a\nb\u{202e}`c`"), "a\u{fffd}b\u{fffd}\\`c\\`");
    }
}
