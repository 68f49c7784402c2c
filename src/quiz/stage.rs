//! A stage as the student meets it: its number and name, its description
//! and the findings it reveals, with a revised value shown as `before ->
//! after`. Nothing here shows what the case expects, its rationale or the
//! pack's verdict: those come only after the student commits.

use std::fmt::Write as _;

use colored::Colorize;

use crate::{
    cases::assignment::entry_text,
    cases::case::Case,
    cases::teaching::StageView,
    engine::explanation::Explanation,
    engine::fact::Origin,
    pack::Pack,
    render::text::{width, wrap},
};

/// `Stage 2 of 3: examination`, the description, the findings revealed.
/// `before` is the case at the end of the previous stage (empty at the
/// first), so that what is new or revised can be told apart; `first` is
/// the quiz's first stage, which says in full how to answer.
pub(crate) fn present(
    pack: &Pack,
    view: &StageView<'_>,
    before: &Case,
    stages: usize,
    first: bool,
    out: &mut String,
) {
    out.push('\n');
    let _ = writeln!(
        out,
        "{}",
        format!("Stage {} of {stages}: {}", view.number, view.name).bold().underline()
    );
    if let Some(description) = view.description {
        wrap(out, width(), "  ", 2, description.trim());
    }
    // Everything known now that was not known, or known otherwise, before:
    // at the first stage that includes the features known from the start.
    let lines: Vec<String> = view
        .so_far
        .iter()
        .filter_map(|(f, entry)| {
            let name = &pack.features[f].name;
            let now = entry_text(pack, f, entry);
            match before.get(f) {
                Some(old) if old == entry => None,
                Some(old) => Some(format!("{name}: {} -> {now}", entry_text(pack, f, old))),
                None => Some(format!("{name}: {now}")),
            }
        })
        .collect();
    if lines.is_empty() {
        let _ = writeln!(out, "  {}", "No new findings at this stage.".dimmed());
    } else {
        let _ = writeln!(out, "  {}", "Findings:".bold());
        for line in lines {
            wrap(out, width(), "    ", 6, &line);
        }
    }
    out.push('\n');
    // How to answer in full once; after that a reminder is enough.
    let hint = if first {
        "Your answer: a leaning, a confidence, and the findings that matter most to you (`help` shows how)."
    } else {
        "Your answer: leaning, confidence, findings."
    };
    wrap(out, width(), "", 0, hint);
}

/// `features`: every finding known at this stage, with its value and the
/// other names it may be given by.
pub(crate) fn known_findings(e: &Explanation<'_>, known: &[bool], out: &mut String) {
    let pack = e.pack;
    let _ = writeln!(out, "{}", "Findings known at this stage:".bold());
    for (f, feature) in pack.features.iter().enumerate() {
        if !known.get(f).copied().unwrap_or(false) {
            continue;
        }
        let mut text = format!("{}: {}", feature.name, e.value_text(f));
        if let Origin::Derived(_) = e.facts[f].origin {
            text.push_str(" (derived)");
        }
        if !feature.synonyms.is_empty() {
            let _ = write!(text, "; also {}", feature.synonyms.join(", "));
        }
        wrap(out, width(), "  ", 4, &text);
    }
}
