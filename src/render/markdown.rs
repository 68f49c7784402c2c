//! Markdown for handouts: the same sections as the text output, as
//! headings, tables and lists.

use std::fmt::Write as _;

use super::{
    Render, capitalised, claims_text, condition_text, effects_text, flip_text, flips_summary,
    need_lines, scores_text, sections_for, still_open::still_open, verdict_text,
};
use crate::{
    DISCLAIMER,
    cases::case_file::CaseFile,
    engine::{Sections, explanation::Explanation, ranking::main_reasons},
    pack::alert::AlertKind,
    pack::truth::Truth,
};

/// The Markdown renderer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Markdown {
    pub(crate) brief: bool,
    /// In a clear case, list every rule that did not fire (`--full`)
    /// rather than what could still change the verdict.
    pub(crate) full: bool,
}

/// Escapes the characters that would change a table or emphasis.
pub(crate) fn esc(text: &str) -> String {
    text.replace('|', "\\|").replace('*', "\\*").replace('_', "\\_")
}

impl Render for Markdown {
    fn sections(&self) -> Sections {
        // A brief handout keeps one line of the flip search.
        let flips = Sections { flips: true, ..Sections::NONE };
        if self.brief { flips } else { sections_for(false) }
    }

    fn render_case(&self, case: &CaseFile, e: &Explanation<'_>, out: &mut String) {
        self.render(e, out);
        super::case_sheet::case_markdown(case, e, out);
    }

    fn render(&self, e: &Explanation<'_>, out: &mut String) {
        let pack = e.pack;
        let _ = writeln!(out, "# {}\n", esc(&pack.title));
        let _ = writeln!(out, "> **{}**\n", esc(DISCLAIMER));
        let _ = writeln!(out, "**Verdict:** {}\n", esc(&verdict_text(e)));
        let _ = writeln!(out, "**Scores:** {}\n", esc(&scores_text(e)));
        if e.closed_world {
            let _ = writeln!(
                out,
                "**Closed world:** `--unknown-as-absent` is on; every yes/no feature not known was read as absent (choices and numbers stay unknown). This is a teaching switch.\n"
            );
        }
        for (kind, title) in
            [(AlertKind::Care, "Seek medical attention"), (AlertKind::Caution, super::CAUTIONS)]
        {
            let alerts: Vec<_> =
                e.alerts.iter().map(|a| &pack.alerts[*a]).filter(|a| a.kind == kind).collect();
            if alerts.is_empty() {
                continue;
            }
            let _ = writeln!(out, "## {title}\n");
            for alert in alerts {
                let _ = writeln!(
                    out,
                    "- **{}** {}",
                    esc(&alert.advice),
                    claims_text(pack, &alert.claims)
                );
            }
            out.push('\n');
        }
        if self.brief {
            let _ = writeln!(out, "## Main reasons\n");
            for rule in main_reasons(e, 3) {
                let _ = writeln!(
                    out,
                    "- {}: {} {}",
                    effects_text(pack, rule),
                    esc(&rule.reason),
                    claims_text(pack, &rule.claims)
                );
                for c in pack.caveated(rule.claims.iter().copied()) {
                    let claim = &pack.claims[c];
                    if let Some(caveat) = &claim.caveat {
                        let _ = writeln!(out, "  - *Caveat ({}):* {}", claim.id, esc(caveat));
                    }
                }
                if let Some(note) = &rule.note {
                    let _ = writeln!(out, "  - *Note:* {}", esc(note));
                }
            }
            let _ = writeln!(out, "\n**Flip:** {}.", esc(&flips_summary(e)));
            return;
        }
        let _ = writeln!(out, "## Contrast\n");
        let mut header = String::from("| feature | value |");
        let mut rule = String::from("| --- | --- |");
        for p in &pack.profiles {
            let _ = write!(header, " {} |", esc(&p.id));
            rule.push_str(" ---: |");
        }
        let _ = writeln!(out, "{header}\n{rule}");
        for row in e.contrast() {
            let f = &pack.features[row.feature];
            let value = e.marked_value_text(row.feature, " (derived)", " (assumed)");
            let _ = write!(out, "| {} | {} |", esc(&f.name), esc(&value));
            for effect in &row.effects {
                let _ = write!(
                    out,
                    " {} |",
                    if *effect == 0 { String::new() } else { format!("{effect:+}") }
                );
            }
            out.push('\n');
        }
        out.push('\n');
        for (p, profile) in pack.profiles.iter().enumerate() {
            let _ = writeln!(
                out,
                "## Evidence for and against {} ({}, score {})\n",
                esc(&profile.id),
                esc(&profile.name),
                e.scores[p]
            );
            let rules: Vec<_> = e.evidence_on(p).collect();
            if rules.is_empty() {
                let _ = writeln!(out, "No rule for or against {} fired.", esc(&profile.id));
            }
            for rule in rules {
                let _ = writeln!(
                    out,
                    "- **{:+}** `{}` {}: {}",
                    rule.effect_on(p),
                    rule.id,
                    claims_text(pack, &rule.claims),
                    esc(&rule.reason)
                );
                if let Some(note) = &rule.note {
                    let _ = writeln!(out, "  - *Note:* {}", esc(note));
                }
            }
            out.push('\n');
        }
        if e.verdict.is_some() && !self.full {
            let still = still_open(e);
            let _ = writeln!(out, "## What could still change the verdict\n");
            for (r, _) in &still.open {
                let rule = &pack.rules[*r];
                let _ = writeln!(out, "- `{}` ({})", rule.id, effects_text(pack, rule));
            }
            let _ = writeln!(out, "\n{}\n", esc(&still.verdict_line(e)));
            let _ = writeln!(out, "{}\n", esc(&still.not_listed(e)));
        }
        for (p, profile) in pack.profiles.iter().enumerate() {
            let missed = e.why_not(p);
            if missed.is_empty() || (e.verdict.is_some() && !self.full) {
                continue;
            }
            let _ = writeln!(out, "## Why not more for {}\n", esc(&profile.id));
            for n in missed {
                let rule = &pack.rules[n.rule];
                let state =
                    if n.truth == Truth::Unknown { "could still fire" } else { "ruled out" };
                let _ = writeln!(
                    out,
                    "- `{}` (would give {}): {state}",
                    rule.id,
                    effects_text(pack, rule)
                );
                for line in need_lines(e, &n.need) {
                    let _ = writeln!(out, "  - {}", esc(&line));
                }
            }
            out.push('\n');
        }
        let derived: Vec<_> = e.derived().collect();
        if !derived.is_empty() {
            let _ = writeln!(out, "## Derived facts\n");
            for (feature, d) in derived {
                let derivation = &pack.derivations[d];
                let f = &pack.features[feature];
                let value = e.value_text(feature);
                let _ = writeln!(
                    out,
                    "- **{} = {}** by `{}` because {}. {}",
                    esc(&f.name),
                    esc(&value),
                    derivation.id,
                    esc(&condition_text(pack, &derivation.when)),
                    esc(&derivation.reason)
                );
            }
            out.push('\n');
        }
        let _ = writeln!(out, "## The smallest change that flips the verdict\n");
        let _ = writeln!(out, "{}.\n", esc(&capitalised(&flips_summary(e))));
        for flip in &e.flips().listed {
            let _ = writeln!(out, "- {}", esc(&flip_text(e, flip)));
        }
        out.push('\n');
        let questions = e.next_questions();
        if !questions.is_empty() {
            let _ = writeln!(out, "## What to ask next\n");
            for q in questions.iter().take(5) {
                let f = &pack.features[q.feature];
                let _ = writeln!(
                    out,
                    "1. **{}**: {} (swing {})",
                    esc(&f.name),
                    esc(&f.question),
                    q.swing
                );
            }
            out.push('\n');
        }
        if !e.caveats.is_empty() {
            let _ = writeln!(out, "## Where the source is oversimplified\n");
            for c in &e.caveats {
                let claim = &pack.claims[*c];
                let _ = writeln!(out, "- **{}** says: {}", claim.id, esc(&claim.text));
                if let Some(caveat) = &claim.caveat {
                    let _ = writeln!(out, "  *But:* {}", esc(caveat));
                }
            }
            out.push('\n');
        }
    }
}
