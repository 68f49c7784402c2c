//! "What should I ask next?": unknown features ranked by how far an answer
//! could move the lead of the profile now ahead.
//!
//! For every unknown feature the engine tries each possible answer (each
//! choice; yes and no; for a number, one value in each stretch of its range
//! between the thresholds the pack's conditions use), chains again, and
//! rescores the rules the feature can affect. The *lead* of the current
//! leader `L` is `score(L) - max(score(P))` over the other profiles `P`.
//! A feature's *swing* is the largest change of that lead over its answers.
//! Questions are ranked by swing (largest first), then by whether some
//! answer changes the verdict, then by pack order. Features whose answers
//! change nothing are left out. `docs/reasoning.md` has a worked example.

use crate::{
    engine::{
        chain::chain,
        explanation::{NextQuestion, Outcome},
        score::{Support, margin_and_verdict, support},
    },
    pack::Pack,
    pack::condition::{Bound, Check},
    pack::feature::FeatureKind,
    pack::profile::ProfileId,
    pack::truth::Truth,
    pack::value::Value,
};

pub(crate) fn rank(
    pack: &Pack,
    values: &[Option<Value>],
    rule_truth: &[Truth],
    scores: &[i32],
    leader: ProfileId,
) -> Vec<NextQuestion> {
    let support_now = support(pack, |r| rule_truth[r].is_true());
    let (_, verdict) = margin_and_verdict(pack, scores, &support_now);
    let lead_now = lead(scores, leader);
    let mut scratch = values.to_vec();
    let mut questions = Vec::new();
    for (feature, value) in values.iter().enumerate() {
        if value.is_some() {
            continue;
        }
        let affected = &pack.affected_rules[feature];
        if affected.is_empty() {
            continue;
        }
        let feeds = pack.feeds_derivations[feature];
        let mut try_value = |value: Value| -> Tried {
            // Chaining again is only needed when a derivation reads this
            // feature; otherwise setting and clearing one slot is enough.
            if feeds {
                scratch.copy_from_slice(values);
            }
            scratch[feature] = Some(value);
            if feeds {
                chain(pack, &mut scratch[..]);
            }
            let mut new_scores = scores.to_vec();
            let mut flipped = Vec::new();
            for &rule in affected {
                let was = rule_truth[rule].is_true();
                let now = pack.rules[rule].when.eval(&scratch).is_true();
                if was != now {
                    flipped.push(rule);
                    let sign = if now { 1 } else { -1 };
                    for (profile, weight) in &pack.rules[rule].effects {
                        new_scores[*profile] += sign * weight;
                    }
                }
            }
            // The support per profile, for the pack's rules for a
            // clear verdict: a rule that changed counts as its new state.
            let new_support = if flipped.is_empty() {
                support_now.clone()
            } else {
                support(pack, |r| rule_truth[r].is_true() != flipped.contains(&r))
            };
            if feeds {
                scratch.copy_from_slice(values);
            } else {
                scratch[feature] = None;
            }
            (new_scores, new_support)
        };
        let outcome = |answer: Check, example: Value, (scores, support): Tried| {
            let (margin, new_verdict) = margin_and_verdict(pack, &scores, &support);
            let lead_change = lead(&scores, leader) - lead_now;
            Outcome { answer, example, scores, verdict: new_verdict, margin, lead_change }
        };
        let outcomes: Vec<Outcome> = match &pack.features[feature].kind {
            FeatureKind::YesNo => [true, false]
                .into_iter()
                .map(|flag| {
                    let scores = try_value(Value::Flag(flag));
                    outcome(Check::Is(flag), Value::Flag(flag), scores)
                })
                .collect(),
            FeatureKind::Choice { choices } => (0..choices.len())
                .filter_map(|i| u8::try_from(i).ok())
                .map(|i| {
                    let scores = try_value(Value::Choice(i));
                    outcome(Check::OneOf(1 << i), Value::Choice(i), scores)
                })
                .collect(),
            FeatureKind::Number { min, max, .. } => {
                number_regions(*min, *max, &pack.thresholds[feature], &mut try_value)
                    .into_iter()
                    .map(|(answer, example, scores)| outcome(answer, example, scores))
                    .collect()
            }
        };
        let swing = outcomes.iter().map(|o| o.lead_change.abs()).max().unwrap_or(0);
        let decisive = outcomes.iter().any(|o| o.verdict != verdict);
        if swing == 0 && !decisive {
            continue;
        }
        questions.push(NextQuestion { feature, swing, decisive, outcomes });
    }
    questions
        .sort_by_key(|q| (std::cmp::Reverse(q.swing), std::cmp::Reverse(q.decisive), q.feature));
    questions
}

/// The leader's score minus the best other score.
fn lead(scores: &[i32], leader: ProfileId) -> i32 {
    let best_other =
        scores.iter().enumerate().filter(|(p, _)| *p != leader).map(|(_, s)| *s).max().unwrap_or(0);
    scores.get(leader).copied().unwrap_or(0) - best_other
}

/// A point tried on a number's range: an end of the range, a threshold a
/// condition uses, or a value between two of those.
#[derive(Clone, Copy)]
pub(super) enum Point {
    Edge(f64),
    Threshold(f64),
    Between(f64, f64),
}

impl Point {
    pub(super) fn value(self) -> f64 {
        match self {
            Self::Edge(v) | Self::Threshold(v) => v,
            Self::Between(a, b) => {
                // A whole number strictly inside when there is one: easier to
                // read in "for example" than 47.5.
                let mid = f64::midpoint(a, b);
                if mid.round() > a && mid.round() < b { mid.round() } else { mid }
            }
        }
    }
}

/// The scores and the support per profile after an answer.
type Tried = (Vec<i32>, Vec<Support>);

/// The points tried on a number's range `min..=max`: each end, each
/// threshold inside it, and one value strictly between every two of those.
/// Every value of the range gives the same answer to every test of the
/// pack as one of these points (the flip search uses them too).
pub(super) fn number_points(min: f64, max: f64, thresholds: &[f64]) -> Vec<Point> {
    let mut marks: Vec<f64> = vec![min, max];
    marks.extend(thresholds.iter().copied().filter(|t| *t >= min && *t <= max));
    marks.sort_by(f64::total_cmp);
    marks.dedup();
    let mut points = Vec::new();
    for (i, mark) in marks.iter().enumerate() {
        if i > 0 {
            points.push(Point::Between(marks[i - 1], *mark));
        }
        let is_threshold = thresholds.contains(mark);
        points.push(if is_threshold { Point::Threshold(*mark) } else { Point::Edge(*mark) });
    }
    points
}

/// Tries one value in every stretch of `min..=max` and merges neighbouring
/// stretches whose scores (and support) agree, each merged stretch as a
/// range test.
fn number_regions(
    min: f64,
    max: f64,
    thresholds: &[f64],
    try_value: &mut dyn FnMut(Value) -> Tried,
) -> Vec<(Check, Value, Tried)> {
    let tried: Vec<(Point, Tried)> = number_points(min, max, thresholds)
        .into_iter()
        .map(|p| (p, try_value(Value::Number(p.value()))))
        .collect();
    merge_regions(&tried)
}

/// Merges neighbouring points (in the order of [`number_points`]) whose
/// results agree into stretches: each as a range test, a value inside it
/// (one strictly between two marks when there is one), and the result.
pub(super) fn merge_regions<T: PartialEq + Clone>(tried: &[(Point, T)]) -> Vec<(Check, Value, T)> {
    let mut regions: Vec<(usize, usize)> = Vec::new();
    for i in 0..tried.len() {
        match regions.last_mut() {
            Some((_, end)) if tried[*end].1 == tried[i].1 => *end = i,
            _ => regions.push((i, i)),
        }
    }
    regions
        .into_iter()
        .map(|(start, end)| {
            let example = (start..=end)
                .map(|i| tried[i].0)
                .find(|p| matches!(p, Point::Between(..)))
                .unwrap_or(tried[start].0)
                .value();
            let lower = match tried[start].0 {
                Point::Edge(_) => None,
                Point::Threshold(t) => Some(Bound { value: t, inclusive: true }),
                Point::Between(a, _) => Some(Bound { value: a, inclusive: false }),
            };
            let upper = match tried[end].0 {
                Point::Edge(_) => None,
                Point::Threshold(t) => Some(Bound { value: t, inclusive: true }),
                Point::Between(_, b) => Some(Bound { value: b, inclusive: false }),
            };
            (Check::Range { lower, upper }, Value::Number(example), tried[start].1.clone())
        })
        .collect()
}
