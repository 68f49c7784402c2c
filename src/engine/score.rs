//! Scores, ranking, margin and verdict: the arithmetic of the fired rules.

use crate::pack::{Pack, profile::ProfileId, truth::Truth};

/// Score per profile: the sum of the effects of the rules that fired.
pub(super) fn scores(pack: &Pack, rule_truth: &[Truth]) -> Vec<i32> {
    let mut scores = vec![0; pack.profiles.len()];
    for (rule, truth) in pack.rules.iter().zip(rule_truth) {
        if truth.is_true() {
            for (profile, weight) in &rule.effects {
                scores[*profile] += weight;
            }
        }
    }
    scores
}

/// Per profile, the largest weight in its favour among the fired rules (0
/// when none favours it): what the pack's `clear_needs` is checked against.
pub(super) fn support(pack: &Pack, fired: impl Fn(usize) -> bool) -> Vec<i32> {
    let mut support = vec![0; pack.profiles.len()];
    for (r, rule) in pack.rules.iter().enumerate() {
        if fired(r) {
            for (profile, weight) in &rule.effects {
                support[*profile] = support[*profile].max(*weight);
            }
        }
    }
    support
}

/// The profiles with at least the pack's `conflict_needs` points in their
/// favour from the fired rules, when the verdict is not clear and there are
/// two or more of them (see [`crate::engine::explanation::Explanation::conflicting`]).
pub(super) fn conflicting(
    pack: &Pack,
    verdict: Option<ProfileId>,
    fired: impl Fn(usize) -> bool,
) -> Vec<ProfileId> {
    if pack.conflict_needs == 0 || verdict.is_some() {
        return Vec::new();
    }
    let mut positive = vec![0; pack.profiles.len()];
    for (r, rule) in pack.rules.iter().enumerate() {
        if fired(r) {
            for (profile, weight) in &rule.effects {
                positive[*profile] += (*weight).max(0);
            }
        }
    }
    let strong: Vec<ProfileId> =
        (0..positive.len()).filter(|p| positive[*p] >= pack.conflict_needs).collect();
    if strong.len() >= 2 { strong } else { Vec::new() }
}

/// Ranking (score descending, pack order on ties), margin between the first
/// two, and the verdict when the margin reaches the pack's threshold and
/// the leader has the support the pack asks for.
pub(super) fn standing(
    pack: &Pack,
    scores: &[i32],
    support: &[i32],
) -> (Vec<ProfileId>, i32, Option<ProfileId>) {
    let mut ranking: Vec<ProfileId> = (0..scores.len()).collect();
    ranking.sort_by_key(|p| (std::cmp::Reverse(scores[*p]), *p));
    let (margin, verdict) = margin_and_verdict(pack, scores, support);
    (ranking, margin, verdict)
}

/// The margin and verdict of [`standing`] without building the ranking,
/// for the many answers tried by "what to ask next". A verdict is clear
/// when the leader's lead reaches the pack's `margin` and some fired rule
/// favours the leader with at least the pack's `clear_needs`.
pub(super) fn margin_and_verdict(
    pack: &Pack,
    scores: &[i32],
    support: &[i32],
) -> (i32, Option<ProfileId>) {
    // The first profile with the highest score leads; ties keep pack order.
    let Some((leader, best)) =
        scores.iter().copied().enumerate().reduce(|a, b| if b.1 > a.1 { b } else { a })
    else {
        return (0, None);
    };
    let second = scores.iter().enumerate().filter(|(p, _)| *p != leader).map(|(_, s)| *s).max();
    let margin = second.map_or(0, |s| best - s);
    let supported = support.get(leader).copied().unwrap_or(0) >= pack.clear_needs;
    (margin, (margin >= pack.margin && second.is_some() && supported).then_some(leader))
}
