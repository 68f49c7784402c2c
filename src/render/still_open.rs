//! In a clear case, the rules that did not fire condensed to what could
//! still change the verdict: the ones that could still fire and would cut
//! the leader's lead, largest cut first, and counts of the rest. The text
//! and Markdown formats show it in place of the full "why not" lists,
//! which stay in JSON and under `--full`.

use crate::{engine::explanation::Explanation, pack::truth::Truth, render::effects_text};

/// The rules that could still cut the leader's lead, and counts of the rest.
pub(crate) struct StillOpen {
    /// (rule, how far it would cut the lead), largest cut first.
    pub(crate) open: Vec<(usize, i32)>,
    /// Rules that did not fire and cannot fire any more.
    pub(crate) ruled_out: usize,
    /// Rules that could still fire but would only add to the lead.
    pub(crate) helping: usize,
}

/// Works out [`StillOpen`] for an explanation (each rule counted once,
/// even when it moves two profiles).
pub(crate) fn still_open(e: &Explanation<'_>) -> StillOpen {
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
                open.push((n.rule, cut(n.rule)));
            } else {
                helping += 1;
            }
        }
    }
    open.sort_by_key(|(rule, cut)| (std::cmp::Reverse(*cut), *rule));
    StillOpen { open, ruled_out, helping }
}

impl StillOpen {
    /// One line per open rule: its id and what it would give.
    pub(crate) fn lines<'a>(&'a self, e: &'a Explanation<'_>) -> impl Iterator<Item = String> + 'a {
        self.open.iter().map(move |(r, _)| {
            let rule = &e.pack.rules[*r];
            format!("{} ({})", rule.id, effects_text(e.pack, rule))
        })
    }

    /// What the open rules could do, or that none could cut the lead.
    pub(crate) fn verdict_line(&self, e: &Explanation<'_>) -> String {
        let lead = e.pack.profiles[e.leader()].id.as_str();
        let Some((_, strongest)) = self.open.first() else {
            return format!("No rule that did not fire could cut {lead}'s lead.");
        };
        let alone = if *strongest >= e.margin {
            "one of them alone could overturn the verdict"
        } else {
            "none of them alone could overturn it; it would take several together"
        };
        format!(
            "Each could still fire; the largest would cut {lead}'s lead by {strongest}, against a margin of {}: {alone}.",
            e.margin
        )
    }

    /// The counts of the rules not listed.
    pub(crate) fn not_listed(&self, e: &Explanation<'_>) -> String {
        let lead = e.pack.profiles[e.leader()].id.as_str();
        format!(
            "Not listed: {} ruled out, {} that could only add to {lead}'s lead; `--full` lists every rule that did not fire.",
            self.ruled_out, self.helping
        )
    }
}
