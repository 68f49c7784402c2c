//! The report as one web page, for a teacher to project or print: the
//! parts of the text report, pack by pack, with a horizontal bar beside
//! every share. Each bar carries its figures as text ("2 of 3 (67%)"),
//! so colour is never the only cue.
//!
//! The page is built with the explain page's pieces
//! ([`crate::render::html`]): the same head, style and disclaimer, and the
//! same escaping. Text from a record is untrusted: control and invisible
//! characters are replaced ([`plain`]) and the rest escaped ([`esc`]), so
//! no record can add markup, a script or a link.
//!
//! What names students (calibration and premature closure by student)
//! folds in `<details>`: a teacher can project the class's figures
//! without showing a student's, and open the fold when it helps.

use std::fmt::Write as _;

use super::{
    MAX_LISTED_FINDINGS,
    calibration::Calibration,
    counts::Counts,
    percent, plain, plural,
    reader::Reading,
    rounded, student_label,
    summary::{CaseSummary, PackSummary},
    text::{CLOSURE_NOTE, leaning_words, overview},
};
use crate::{
    quiz::record::Confidence,
    render::html::{disclaimer, esc, page_end, page_start},
};

/// How to read the calibration table, for this page's cells.
const CALIBRATION_NOTE: &str = "Each cell: the answers given at that confidence which agreed \
    with the pack, of all answers given at it, and a bar for the share. A well-calibrated \
    student agrees with the pack more often the surer they are; over-confident means \
    high-confidence answers agreed under half the time, or less often than low-confidence ones.";

/// Text from a record, ready for the page.
fn text(value: &str) -> String {
    esc(&plain(value))
}

/// `2 of 3 (67%)`.
fn figure(part: u64, whole: u64) -> String {
    format!("{part} of {whole} ({}%)", percent(part, whole))
}

/// A bar for `part` of `whole` and the words beside it. The bar is an
/// outlined track, so that 0% still shows an empty bar, filled from the
/// left; `fill` is the class of the filled part. The bar is hidden from
/// screen readers: the words say the same.
fn share(part: u64, whole: u64, fill: &str, words: &str) -> String {
    // In thousandths of the track, in whole numbers; a count above its
    // whole (a hand-edited record naming a finding twice) fills it.
    let length = rounded(part.min(whole), whole, 1000);
    format!(
        "<svg class=\"quiz-bar\" viewBox=\"0 0 1000 100\" preserveAspectRatio=\"none\" \
         aria-hidden=\"true\"><rect class=\"track\" x=\"0\" y=\"5\" width=\"1000\" height=\"90\"/>\
         <rect class=\"{fill}\" x=\"0\" y=\"5\" width=\"{length}\" height=\"90\"/></svg> \
         <span class=\"figure\">{}</span>",
        esc(words)
    )
}

pub(crate) fn render(reading: &Reading, packs: &[PackSummary]) -> String {
    let mut out = String::new();
    let names: Vec<String> = packs.iter().map(|p| plain(&p.pack)).collect();
    let title = if names.is_empty() {
        "Quiz report".to_owned()
    } else {
        format!("Quiz report: {}", names.join(", "))
    };
    page_start(&title, &mut out);
    let _ = writeln!(out, "<header>\n<h1>{}</h1>", esc(&title));
    disclaimer(&mut out);
    out.push_str("</header>\n<main>\n<section class=\"quiz-read\">\n");
    for line in overview(reading, packs) {
        let _ = writeln!(out, "<p>{}</p>", esc(&line));
    }
    if packs.len() > 1 {
        out.push_str("<nav aria-label=\"Packs\"><ul>\n");
        for (n, name) in names.iter().enumerate() {
            let _ = writeln!(out, "<li><a href=\"#pack-{}\">Pack {}</a></li>", n + 1, esc(name));
        }
        out.push_str("</ul></nav>\n");
    }
    if packs.is_empty() {
        out.push_str("<p>No answers to report.</p>\n");
    }
    out.push_str("</section>\n");
    for (n, pack) in packs.iter().enumerate() {
        pack_section(n + 1, pack, &mut out);
    }
    out.push_str("</main>\n");
    page_end(&mut out);
    out
}

fn pack_section(n: usize, pack: &PackSummary, out: &mut String) {
    let _ = writeln!(
        out,
        "<section class=\"quiz-pack\" id=\"pack-{n}\">\n<h2>Pack {}</h2>\n<p>{} from {} on {}.</p>",
        text(&pack.pack),
        plural(pack.answers, "answer"),
        plural(pack.students.len() as u64, "student"),
        plural(pack.cases.len() as u64, "case"),
    );
    if !pack.notes.is_empty() {
        // On standard error too; here, because the page may be all the
        // teacher looks at.
        out.push_str("<div class=\"quiz-notes\" role=\"note\">\n<p><strong>Note:</strong> records of one case disagree on what the pack said.</p>\n<ul>\n");
        for note in &pack.notes {
            let _ = writeln!(out, "<li>{}</li>", text(note));
        }
        out.push_str("</ul>\n</div>\n");
    }
    out.push_str(
        "<section>\n<h3>Agreement with the pack, by case and stage</h3>\n\
         <p class=\"muted\">Each bar is the share of the answers at that stage that agreed with \
         the pack's verdict there; staying undecided agrees with the verdict <code>none</code> \
         (no clear difference). A stage where few agree is one to discuss.</p>\n",
    );
    for case in &pack.cases {
        case_part(case, out);
    }
    out.push_str("</section>\n");
    for (title, counts) in [
        ("Findings most often missed (weighed by the pack, not named)", &pack.missed),
        ("Findings most often over-weighted (named, but neutral for the pack)", &pack.neutral),
    ] {
        let _ = writeln!(out, "<section>\n<h3>{title}</h3>");
        if counts.is_empty() {
            out.push_str("<p>None.</p>\n");
        } else {
            counts_table(counts, pack.answers, out);
        }
        out.push_str("</section>\n");
    }
    calibration(pack, out);
    closure(pack, out);
    out.push_str("</section>\n");
}

/// One case: a row per stage answered, then its findings.
fn case_part(case: &CaseSummary, out: &mut String) {
    let expected =
        case.expected.as_deref().map(|e| format!(", expected {}", text(e))).unwrap_or_default();
    let _ = writeln!(
        out,
        "<section class=\"quiz-case\">\n<h4>{}: {}{expected}</h4>\n\
         <div class=\"table-wrap\"><table class=\"quiz-stages\">\n<thead><tr><th scope=\"col\">stage</th>\
         <th scope=\"col\">agreeing with the pack</th><th scope=\"col\">the pack's verdict</th>\
         <th scope=\"col\">most common leaning</th></tr></thead>\n<tbody>",
        text(&case.case),
        plural(case.stages as u64, "stage"),
    );
    for s in &case.by_stage {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{} {}</th><td class=\"share\" data-label=\"agreeing\">{}</td>\
             <td data-label=\"the pack's verdict\">{}</td><td data-label=\"most common leaning\">{}</td></tr>",
            s.stage,
            text(&s.name),
            share(s.agreeing, s.answers, "agree", &figure(s.agreeing, s.answers)),
            text(&s.verdict),
            esc(&leaning_words(&s.leanings)),
        );
    }
    out.push_str("</tbody>\n</table></div>\n");
    for (title, counts) in
        [("Missed in this case", &case.missed), ("Over-weighted in this case", &case.neutral)]
    {
        if !counts.is_empty() {
            let _ = writeln!(out, "<p class=\"quiz-list-title\">{title}</p>");
            counts_table(counts, case.answers, out);
        }
    }
    out.push_str("</section>\n");
}

/// Findings with how many of `answers` named or missed them, most common
/// first; past [`MAX_LISTED_FINDINGS`] the others fold.
fn counts_table(counts: &Counts, answers: u64, out: &mut String) {
    let sorted = counts.sorted();
    let (shown, folded) = sorted.split_at(sorted.len().min(MAX_LISTED_FINDINGS));
    let table = |rows: &[(&str, u64)], out: &mut String| {
        out.push_str("<div class=\"table-wrap\"><table class=\"quiz-counts\">\n<thead><tr><th scope=\"col\">finding</th><th scope=\"col\">answers</th></tr></thead>\n<tbody>\n");
        for (name, count) in rows {
            let words = format!("{count} of {}", plural(answers, "answer"));
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td class=\"share\">{}</td></tr>",
                text(name),
                share(*count, answers, "count", &words)
            );
        }
        out.push_str("</tbody>\n</table></div>\n");
    };
    table(shown, out);
    if !folded.is_empty() {
        let _ = writeln!(out, "<details>\n<summary>... and {} more</summary>", folded.len());
        table(folded, out);
        out.push_str("</details>\n");
    }
}

/// A calibration row: the label's cell, a cell per confidence, and
/// whether it is flagged.
fn calibration_row(label: &str, c: &Calibration, class: &str, out: &mut String) {
    let _ = write!(out, "<tr{class}><th scope=\"row\">{}</th>", esc(label));
    for confidence in Confidence::ALL {
        let t = c.level(confidence);
        if t.answers == 0 {
            let _ = write!(
                out,
                "<td class=\"muted\" data-label=\"{}\">no answers</td>",
                confidence.name()
            );
        } else {
            let _ = write!(
                out,
                "<td class=\"share\" data-label=\"{}\">{}</td>",
                confidence.name(),
                share(t.agreeing, t.answers, "agree", &figure(t.agreeing, t.answers))
            );
        }
    }
    let flagged = if c.over_confidence().is_empty() { "no" } else { "<strong>yes</strong>" };
    let _ = writeln!(out, "<td data-label=\"over-confident\">{flagged}</td></tr>");
}

fn calibration_table(rows: &[(String, &Calibration, &str)], out: &mut String) {
    out.push_str("<div class=\"table-wrap\"><table class=\"quiz-calibration\">\n<thead><tr><th scope=\"col\">who</th>");
    for confidence in Confidence::ALL {
        let _ = write!(out, "<th scope=\"col\">{} confidence</th>", confidence.name());
    }
    out.push_str("<th scope=\"col\">over-confident</th></tr></thead>\n<tbody>\n");
    for (label, c, class) in rows {
        calibration_row(label, c, class, out);
    }
    out.push_str("</tbody>\n</table></div>\n");
    let flagged: Vec<String> = rows
        .iter()
        .filter_map(|(label, c, _)| c.over_confidence_words().map(|w| format!("{label}: {w}.")))
        .collect();
    if !flagged.is_empty() {
        out.push_str("<ul>\n");
        for line in flagged {
            let _ = writeln!(out, "<li>{}</li>", esc(&line));
        }
        out.push_str("</ul>\n");
    }
}

fn calibration(pack: &PackSummary, out: &mut String) {
    let _ = writeln!(
        out,
        "<section>\n<h3>Calibration: answers agreeing with the pack, by confidence</h3>\n<p class=\"muted\">{}</p>",
        esc(CALIBRATION_NOTE)
    );
    let whole = " class=\"quiz-whole\"";
    calibration_table(&[("Whole class".to_owned(), &pack.class, whole)], out);
    if pack.class.over_confidence().is_empty() {
        out.push_str("<p>The class did not agree less often when highly confident.</p>\n");
    }
    let rows: Vec<(String, &Calibration, &str)> = pack
        .students
        .iter()
        .map(|s| (student_label(s.student.as_deref()), &s.calibration, ""))
        .collect();
    let flagged = rows.iter().filter(|(_, c, _)| !c.over_confidence().is_empty()).count();
    let _ = writeln!(
        out,
        "<details>\n<summary>By student ({}, {flagged} flagged over-confident)</summary>",
        plural(rows.len() as u64, "student")
    );
    calibration_table(&rows, out);
    out.push_str("</details>\n</section>\n");
}

fn closure(pack: &PackSummary, out: &mut String) {
    let early: u64 = pack.students.iter().map(|s| s.early_high).sum();
    let premature: u64 = pack.students.iter().map(|s| s.premature.len() as u64).sum();
    let _ = writeln!(
        out,
        "<section>\n<h3>Premature closure: high confidence early, away from the final verdict</h3>\n\
         <p class=\"muted\">{}</p>\n<p class=\"quiz-whole\">Whole class: {} early, of which {} premature.</p>",
        esc(CLOSURE_NOTE),
        plural(early, "high-confidence answer"),
        premature,
    );
    let _ = writeln!(
        out,
        "<details>\n<summary>By student ({})</summary>\n\
         <div class=\"table-wrap\"><table class=\"quiz-closure\">\n<thead><tr><th scope=\"col\">student</th>\
         <th scope=\"col\" class=\"num\">high-confidence early</th><th scope=\"col\" class=\"num\">premature</th></tr></thead>\n<tbody>",
        plural(pack.students.len() as u64, "student")
    );
    let mut listed = Vec::new();
    for s in &pack.students {
        let label = student_label(s.student.as_deref());
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"num\" data-label=\"high-confidence early\">{}</td>\
             <td class=\"num\" data-label=\"premature\">{}</td></tr>",
            esc(&label),
            s.early_high,
            s.premature.len()
        );
        for p in &s.premature {
            listed.push(format!(
                "{}: {} stage {} ({}): leaned {}; the final verdict is {}",
                esc(&label),
                text(&p.case),
                p.stage,
                text(&p.stage_name),
                text(&p.leaning),
                text(&p.final_verdict)
            ));
        }
    }
    let _ = writeln!(
        out,
        "<tr class=\"quiz-whole\"><th scope=\"row\">Whole class</th><td class=\"num\" data-label=\"high-confidence early\">{early}</td>\
         <td class=\"num\" data-label=\"premature\">{premature}</td></tr>\n</tbody>\n</table></div>"
    );
    if !listed.is_empty() {
        out.push_str("<ul>\n");
        for line in listed {
            let _ = writeln!(out, "<li>{line}</li>");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</details>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_fills_its_share_and_says_it() {
        let bar = share(2, 3, "agree", &figure(2, 3));
        assert!(bar.contains("<rect class=\"agree\" x=\"0\" y=\"5\" width=\"667\""), "{bar}");
        assert!(bar.ends_with("<span class=\"figure\">2 of 3 (67%)</span>"), "{bar}");
        // Nothing to divide: an empty track; more than the whole: full.
        assert!(share(0, 0, "agree", "").contains("width=\"0\""));
        assert!(
            share(3, 2, "count", "")
                .contains("<rect class=\"count\" x=\"0\" y=\"5\" width=\"1000\"")
        );
    }

    #[test]
    fn text_from_records_is_escaped_and_cleaned() {
        assert_eq!(text("<b>\"x\"</b>\u{202e}"), "&lt;b&gt;&quot;x&quot;&lt;/b&gt;\u{fffd}");
    }
}
