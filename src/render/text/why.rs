//! The text sections about what did not happen and what could: why the
//! rules for each profile did not fire (condensed, in a clear case, to what
//! could still change the verdict), and the smallest change that flips it.
//! Kept apart from `text.rs` for its length.

use std::fmt::Write as _;

use super::{Text, heading};
use crate::{
    engine::explanation::Explanation,
    pack::truth::Truth,
    render::{
        capitalised, effects_text, flip_text, flips_summary, need_lines, still_open::still_open,
    },
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
    /// change the verdict (see [`crate::render::still_open`]).
    fn could_still_change(&self, e: &Explanation<'_>, out: &mut String) {
        let still = still_open(e);
        out.push('\n');
        self.wrap(out, "", 2, &heading("What could still change the verdict").to_string());
        // One line each: what the rule would give. Its condition is in
        // `rules list`, and `--full` shows what each still needs.
        for line in still.lines(e) {
            self.wrap(out, "  - ", 4, &line);
        }
        self.wrap(out, "  ", 2, &still.verdict_line(e));
        self.wrap(out, "  ", 2, &still.not_listed(e));
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
