//! Ranking, margin and verdict: the arithmetic of the fired rules (the
//! scores themselves are summed as the rules are evaluated).

use crate::pack::{Pack, profile::ProfileId};

/// What the pack's rules for a clear verdict read of one profile's
/// evidence: the strongest fired rule in its favour (checked against
/// `clear_needs`) and the sum of the points in its favour (checked against
/// `conflict_needs`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Support {
    pub(super) strongest: i32,
    pub(super) positive: i32,
}

impl Support {
    /// Counts one weight of a fired rule.
    #[inline]
    pub(super) fn add(&mut self, weight: i32) {
        self.strongest = self.strongest.max(weight);
        self.positive += weight.max(0);
    }
}

/// The [`Support`] of every profile from the rules that fired.
pub(super) fn support(pack: &Pack, fired: impl Fn(usize) -> bool) -> Vec<Support> {
    let mut support = vec![Support::default(); pack.profiles.len()];
    for (r, rule) in pack.rules.iter().enumerate() {
        if fired(r) {
            for (profile, weight) in &rule.effects {
                support[*profile].add(*weight);
            }
        }
    }
    support
}

/// Where the profiles stand after evaluation: the margin between the first
/// two and the verdict (when the margin reaches the pack's threshold and
/// the leader has the support the pack asks for; see [`judge`]), judging
/// once. `ranking` is filled with the profiles by score, descending, pack
/// order on ties; `conflicting` with the profiles that have at least the
/// pack's `conflict_needs` points in their favour when the findings
/// conflict (see [`judge`] and
/// [`crate::engine::explanation::Explanation::conflicting`]), and left
/// empty otherwise. Both are cleared first (an evaluation reuses them).
pub(super) fn standing(
    pack: &Pack,
    scores: &[i32],
    support: &[Support],
    ranking: &mut Vec<ProfileId>,
    conflicting: &mut Vec<ProfileId>,
) -> (i32, Option<ProfileId>) {
    ranking.clear();
    ranking.extend(0..scores.len());
    ranking.sort_by_key(|p| (std::cmp::Reverse(scores[*p]), *p));
    let judged = judge(pack, scores, support);
    conflicting.clear();
    if judged.conflict {
        conflicting
            .extend((0..support.len()).filter(|p| support[*p].positive >= pack.conflict_needs));
    }
    (judged.margin, judged.verdict)
}

/// The margin and verdict of [`standing`] without building the ranking,
/// for the many answers tried by "what to ask next" and the flip search.
pub(super) fn margin_and_verdict(
    pack: &Pack,
    scores: &[i32],
    support: &[Support],
) -> (i32, Option<ProfileId>) {
    let judged = judge(pack, scores, support);
    (judged.margin, judged.verdict)
}

/// The pack's rules for a verdict, applied once.
struct Judgement {
    margin: i32,
    verdict: Option<ProfileId>,
    conflict: bool,
}

/// A verdict is clear when the leader's lead reaches the pack's `margin`,
/// some fired rule favours the leader with at least the pack's
/// `clear_needs`, and the findings do not conflict.
///
/// The findings conflict when two or more profiles each have at least the
/// pack's `conflict_needs` points in their favour and either no verdict
/// would be clear anyway or the lead is no larger than the points in favour
/// of the strongest other such profile: strong evidence points both ways,
/// and the lead does not outweigh it. A lead far larger than the other
/// side's evidence (a typical case with one stray finding) stays clear.
fn judge(pack: &Pack, scores: &[i32], support: &[Support]) -> Judgement {
    // The first profile with the highest score leads; ties keep pack order.
    let Some((leader, best)) =
        scores.iter().copied().enumerate().reduce(|a, b| if b.1 > a.1 { b } else { a })
    else {
        return Judgement { margin: 0, verdict: None, conflict: false };
    };
    let second = scores.iter().enumerate().filter(|(p, _)| *p != leader).map(|(_, s)| *s).max();
    let margin = second.map_or(0, |s| best - s);
    let supported = support.get(leader).map_or(0, |s| s.strongest) >= pack.clear_needs;
    let clear = margin >= pack.margin && second.is_some() && supported;
    let strong = |p: &usize| support[*p].positive >= pack.conflict_needs;
    let rival =
        (0..support.len()).filter(|p| *p != leader && strong(p)).map(|p| support[p].positive);
    let conflict = pack.conflict_needs > 0
        && (0..support.len()).filter(strong).nth(1).is_some()
        && (!clear || rival.max().is_some_and(|points| margin <= points));
    Judgement { margin, verdict: (clear && !conflict).then_some(leader), conflict }
}
