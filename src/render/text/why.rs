//! The text sections about what did not happen and what could: why the
//! rules for each profile did not fire (condensed, in a clear case, to what
//! could still change the verdict), and the smallest change that flips it.
//! Kept apart from `text.rs` for its length.

use std::fmt::Write as _;

use super::{Text, heading};
use crate::{
    engine::explanation::Explanation,
    pack::truth::Truth,
    render::{capitalised, effects_text, flip_text, flips_summary, need_lines},
};

impl Text {
    pub(super) fn why_not(&self, e: &Explanation<'_>, out: &mut String) {
        if e.verdict.is_some() && !self.full {
            self.could_still_change(e, out);
            return;
        }
        for (p, profile) in e.pack.profiles.iter().enumerate() {
            out.push('\n');
            self.wrap(
                out,
                "",
                2,
                &heading(&format!("Why not more for {}", profile.id)).to_string(),
            );
            self.why_not_for(e, p, out);
        }
    }

    /// The smallest change that flips the verdict: to another profile, or
    /// between clear and "no clear difference".
    pub(super) fn flips(&self, e: &Explanation<'_>, out: &mut String) {
        out.push('\n');
        self.wrap(out, "", 2, &heading("The smallest change that flips the verdict").to_string());
        self.wrap(out, "  ", 2, &format!("{}.", capitalised(&flips_summary(e))));
        let flips = e.flips();
        for flip in &flips.listed {
            self.wrap(out, "  - ", 4, &flip_text(e, flip));
        }
        if flips.found > flips.listed.len() {
            let _ = writeln!(out, "  ... and {} more", flips.found - flips.listed.len());
        }
    }

    /// In a clear case, the "why not" part condensed to what could still
    /// change the verdict: the rules that could still fire and would cut
    /// the leader's lead, largest first, with what each needs; then counts
    /// of the rest. `--full` and JSON list every rule that did not fire.
    fn could_still_change(&self, e: &Explanation<'_>, out: &mut String) {
        let pack = e.pack;
        let leader = e.leader();
        // How far a rule would cut the lead: its effect on the leader
        // (negative) less its largest gain for another profile.
        let cut = |r: usize| {
            let rule = &pack.rules[r];
            let others = rule.effects.iter().filter(|(p, _)| *p != leader).map(|(_, w)| *w);
            others.max().unwrap_or(0).max(0) - rule.effect_on(leader).min(0)
        };
        let mut seen = vec![false; pack.rules.len()];
        let mut open = Vec::new();
        let (mut ruled_out, mut helping) = (0, 0);
        for p in 0..pack.profiles.len() {
            for n in e.why_not(p) {
                if std::mem::replace(&mut seen[n.rule], true) {
                    continue;
                }
                if n.truth != Truth::Unknown {
                    ruled_out += 1;
                } else if cut(n.rule) > 0 {
                    open.push(n);
                } else {
                    helping += 1;
                }
            }
        }
        open.sort_by_key(|n| (std::cmp::Reverse(cut(n.rule)), n.rule));
        out.push('\n');
        self.wrap(out, "", 2, &heading("What could still change the verdict").to_string());
        let lead = pack.profiles[leader].id.as_str();
        if open.is_empty() {
            self.wrap(out, "  ", 2, &format!("no rule that did not fire could cut {lead}'s lead"));
        }
        // One line each: what the rule would give. Its condition is in
        // `rules list`, and `--full` shows what each still needs.
        for n in &open {
            let rule = &pack.rules[n.rule];
            self.wrap(out, "  - ", 4, &format!("{} ({})", rule.id, effects_text(pack, rule)));
        }
        if let Some(strongest) = open.first().map(|n| cut(n.rule)) {
            let alone = if strongest >= e.margin {
                "one of them alone could overturn the verdict"
            } else {
                "none of them alone could overturn it; it would take several together"
            };
            self.wrap(
                out,
                "  ",
                2,
                &format!(
                    "Each could still fire; the largest would cut {lead}'s lead by {strongest}, against a margin of {}: {alone}.",
                    e.margin
                ),
            );
        }
        self.wrap(
            out,
            "  ",
            2,
            &format!(
                "Not listed: {ruled_out} ruled out, {helping} that could only add to {lead}'s lead; `--full` lists every rule that did not fire."
            ),
        );
    }

    /// The rules for one profile that did not fire, each with what its
    /// condition still needs.
    pub(crate) fn why_not_for(&self, e: &Explanation<'_>, p: usize, out: &mut String) {
        let pack = e.pack;
        let missed = e.why_not(p);
        if missed.is_empty() {
            let _ = writeln!(out, "  every rule for {} fired", pack.profiles[p].id);
            return;
        }
        for n in missed {
            let rule = &pack.rules[n.rule];
            let state = match n.truth {
                Truth::Unknown => "could still fire",
                _ => "ruled out",
            };
            self.wrap(
                out,
                "  - ",
                4,
                &format!("{} (would give {}): {state}", rule.id, effects_text(pack, rule)),
            );
            for line in need_lines(e, &n.need) {
                self.wrap(out, "      ", 6, &line);
            }
        }
    }
}
