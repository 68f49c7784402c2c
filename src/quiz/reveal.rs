//! The reveal, shown once the student has committed: the pack's verdict
//! and margin at this stage, and the rules that fired (those new at this
//! stage marked), each with its effects, weight, reason, claims, note and
//! the caveats of its claims; and the rules a revised finding stopped.

use std::fmt::Write as _;

use colored::Colorize;

use crate::{
    cases::teaching::StageView,
    engine::explanation::Explanation,
    pack::rule::{Rule, RuleId},
    pack::weight,
    render::text::{width, wrap},
    render::{claims_text, effects_text, flip_text, flips_summary, verdict_text},
};

pub(crate) fn reveal(
    e: &Explanation<'_>,
    before: &[RuleId],
    view: &StageView<'_>,
    out: &mut String,
) {
    let pack = e.pack;
    let _ = writeln!(
        out,
        "{}",
        format!("The rule pack at stage {} ({})", view.number, view.name).bold().underline()
    );
    wrap(out, width(), "  ", 4, &format!("{} {}", "Verdict:".bold(), verdict_text(e)));
    wrap(
        out,
        width(),
        "  ",
        4,
        &format!("{}  {}", "Scores:".bold(), crate::render::text::scores_line(e)),
    );
    // How close the verdict is to turning: the smallest change that flips
    // it, with the first way.
    let first = e.flips().listed.first().map(|f| format!("; for example {}", flip_text(e, f)));
    wrap(
        out,
        width(),
        "  ",
        4,
        &format!("{} {}{}.", "Flip:".bold(), flips_summary(e), first.unwrap_or_default()),
    );
    if e.fired.is_empty() {
        let _ = writeln!(out, "  No rule fired yet.");
    } else {
        let later = view.number > 1;
        let marked = later && e.fired.iter().any(|r| !before.contains(r));
        let title = match (later, marked) {
            (true, true) => "Rules that fired (* new at this stage):",
            (true, false) => "Rules that fired (none new at this stage):",
            _ => "Rules that fired:",
        };
        let _ = writeln!(out, "  {}", title.bold());
        for r in &e.fired {
            let mark = if marked && !before.contains(r) { "  * " } else { "    " };
            rule_lines(e, &pack.rules[*r], mark, out);
        }
    }
    let stopped: Vec<&str> = before
        .iter()
        .filter(|r| !e.fired.contains(r))
        .map(|r| pack.rules[*r].id.as_str())
        .collect();
    if !stopped.is_empty() {
        wrap(
            out,
            width(),
            "  ",
            4,
            &format!(
                "{} {} (a finding was revised)",
                "No longer firing:".bold(),
                stopped.join(", ")
            ),
        );
    }
    for a in &e.alerts {
        let alert = &pack.alerts[*a];
        wrap(
            out,
            width(),
            &format!("  {} ", crate::render::alert_mark(alert)),
            4,
            &format!("{} {}", alert.advice, claims_text(pack, &alert.claims)),
        );
    }
}

/// One fired rule: `id: ALS +3 (strong) [C04]`, its reason, note and
/// caveats.
fn rule_lines(e: &Explanation<'_>, rule: &Rule, mark: &str, out: &mut String) {
    let pack = e.pack;
    let strongest = rule.effects.iter().map(|(_, w)| w.abs()).max().unwrap_or(0);
    wrap(
        out,
        width(),
        mark,
        8,
        &format!(
            "{}: {} ({}) {}",
            rule.id.bold(),
            effects_text(pack, rule),
            weight::describe(strongest),
            claims_text(pack, &rule.claims)
        ),
    );
    wrap(out, width(), "      ", 6, &rule.reason);
    if let Some(note) = &rule.note {
        wrap(out, width(), "      ", 8, &format!("{} {note}", "note:".dimmed()));
    }
    for c in pack.caveated(rule.claims.iter().copied()) {
        let claim = &pack.claims[c];
        if let Some(caveat) = &claim.caveat {
            wrap(
                out,
                width(),
                "      ",
                8,
                &format!("{} {caveat}", format!("caveat ({}):", claim.id).yellow()),
            );
        }
    }
}
