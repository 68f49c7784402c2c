//! The oracle the random-pack laws check the engine against: written
//! apart from the engine, from the generated spec (not the loaded pack) and
//! the rules of docs/rules.md and docs/reasoning.md, with its own evaluator
//! of three-valued logic.

use crate::{
    engine::explanation::{DerivationNote, Explanation, NoteKind},
    pack::value::Value,
};
use proptest::prelude::*;

use super::{Cond, Kind, Leaf, Spec, derivations, fit};

/// An evaluator of generated conditions written apart from the engine's,
/// from the rules of docs/rules.md (Kleene's logic): `None` is unknown.
pub(super) fn truth(
    cond: &Cond,
    kinds: &[Kind],
    limit: usize,
    values: &[Option<Value>],
) -> Option<bool> {
    match cond {
        Cond::Leaf(raw) => {
            let (id, leaf) = fit(*raw, kinds, limit);
            let value = values[id]?;
            Some(match (leaf, value) {
                (Leaf::Is(yes), Value::Flag(flag)) => yes == flag,
                (Leaf::OneOf(choices), Value::Choice(c)) => choices.contains(&c),
                (Leaf::Range(low, high), Value::Number(n)) => {
                    low.is_none_or(|(l, inclusive)| if inclusive { n >= l } else { n > l })
                        && high.is_none_or(|(h, inclusive)| if inclusive { n <= h } else { n < h })
                }
                (leaf, value) => panic!("{leaf:?} tested on {value:?}"),
            })
        }
        // Kleene's logic orders false < unknown < true: `all` is the least
        // of its parts, `any` the greatest.
        Cond::All(parts) | Cond::Any(parts) => {
            let rank = |t: Option<bool>| t.map_or(1, |t| if t { 2 } else { 0 });
            let ranks = parts.iter().map(|p| rank(truth(p, kinds, limit, values)));
            let found = if matches!(cond, Cond::All(_)) { ranks.min() } else { ranks.max() };
            match found {
                Some(0) => Some(false),
                Some(2) => Some(true),
                _ => None,
            }
        }
        Cond::Not(inner) => truth(inner, kinds, limit, values).map(|t| !t),
    }
}

/// The features a generated condition reads, from the spec.
pub(super) fn reads(cond: &Cond, kinds: &[Kind]) -> Vec<usize> {
    fn walk(cond: &Cond, kinds: &[Kind], out: &mut Vec<usize>) {
        match cond {
            Cond::Leaf(raw) => out.push(fit(*raw, kinds, kinds.len()).0),
            Cond::All(parts) | Cond::Any(parts) => parts.iter().for_each(|p| walk(p, kinds, out)),
            Cond::Not(inner) => walk(inner, kinds, out),
        }
    }
    let mut out = Vec::new();
    walk(cond, kinds, &mut out);
    out.sort_unstable();
    out.dedup();
    out
}

/// Each profile's score by the generated rules, worked out from the spec
/// (not from the loaded pack): a rule gives each profile the first weight
/// listed for it, plus for `favours`, minus for `against`.
fn expected_scores(spec: &Spec, fired: impl Fn(usize) -> bool) -> Vec<i32> {
    let mut scores = vec![0; usize::from(spec.profiles)];
    for (r, (_, effects)) in spec.rules.iter().enumerate() {
        if !fired(r) {
            continue;
        }
        let mut seen = Vec::new();
        for (profile, weight, favour) in effects {
            let profile = profile % spec.profiles;
            if seen.contains(&profile) {
                continue;
            }
            seen.push(profile);
            let weight = i32::from(*weight);
            scores[usize::from(profile)] += if *favour { weight } else { -weight };
        }
    }
    scores
}

/// The largest weight in `profile`'s favour among the fired rules (0 when
/// none favours it), each rule's first effect on a profile counting, as in
/// [`expected_scores`].
fn expected_support(spec: &Spec, profile: usize, fired: impl Fn(usize) -> bool) -> i32 {
    let mut best = 0;
    for (r, (_, effects)) in spec.rules.iter().enumerate() {
        if !fired(r) {
            continue;
        }
        let mut seen = Vec::new();
        for (p, weight, favour) in effects {
            let p = p % spec.profiles;
            if seen.contains(&p) {
                continue;
            }
            seen.push(p);
            if usize::from(p) == profile && *favour {
                best = best.max(i32::from(*weight));
            }
        }
    }
    best
}

/// What the engine must conclude about a case, worked out by the oracle.
#[derive(Debug)]
pub(super) struct Expected {
    /// Every feature's value after chaining: entered, derived or unknown.
    pub(super) values: Vec<Option<Value>>,
    /// (feature, derivation) for every derived value.
    derived: Vec<(usize, usize)>,
    notes: Vec<DerivationNote>,
    pub(super) fired: Vec<usize>,
    scores: Vec<i32>,
    ranking: Vec<usize>,
    margin: i32,
    verdict: Option<usize>,
    /// The profiles with at least the pack's `conflict_needs` points in
    /// their favour, when two or more have (then no verdict is clear).
    conflicting: Vec<usize>,
    alerts: Vec<usize>,
}

impl Expected {
    /// Two derivations concluded different values for one feature, so the
    /// later is overridden by the earlier.
    pub(super) fn conflict(&self) -> bool {
        self.notes.iter().any(|n| matches!(n.kind, NoteKind::OverriddenByEarlier { .. }))
    }
}

/// The oracle: what a case with the `entered` values must give, from the
/// spec and docs/reasoning.md alone (`truth`, never the engine's `eval`).
fn oracle(spec: &Spec, entered: &[Option<Value>]) -> Expected {
    let kinds = &spec.features;
    let derivations = derivations(spec);
    // Forward chaining: in pack order, a derivation whose condition is true
    // sets its feature if that is still unknown; again until a whole pass
    // sets nothing.
    let mut values = entered.to_vec();
    let mut derived = Vec::new();
    loop {
        let before = derived.len();
        for (d, (target, value, when)) in derivations.iter().enumerate() {
            if values[*target].is_none() && truth(when, kinds, *target, &values) == Some(true) {
                values[*target] = Some(*value);
                derived.push((*target, d));
            }
        }
        if derived.len() == before {
            break;
        }
    }
    derived.sort_unstable();
    // A derivation that holds but whose conclusion is not the value used.
    let mut notes = Vec::new();
    for (d, (target, value, when)) in derivations.iter().enumerate() {
        if truth(when, kinds, *target, &values) != Some(true) {
            continue;
        }
        let kind = match entered[*target] {
            Some(v) if v == *value => NoteKind::AgreesWithEntered,
            Some(v) => NoteKind::OverriddenByEntered { entered: v },
            None if values[*target] == Some(*value) => continue,
            None => {
                let earlier = derived.iter().find(|(f, _)| f == target).map(|(_, e)| *e);
                NoteKind::OverriddenByEarlier { earlier: earlier.expect("set by a derivation") }
            }
        };
        notes.push(DerivationNote { derivation: d, kind });
    }
    let holds = |when: &Cond| truth(when, kinds, kinds.len(), &values) == Some(true);
    let fired: Vec<usize> = (0..spec.rules.len()).filter(|r| holds(&spec.rules[*r].0)).collect();
    let scores = expected_scores(spec, |r| fired.contains(&r));
    // Highest score first; a tie keeps pack order (a stable sort).
    let mut ranking: Vec<usize> = (0..scores.len()).collect();
    ranking.sort_by(|a, b| scores[*b].cmp(&scores[*a]));
    let margin = scores[ranking[0]] - scores[ranking[1]];
    let alerts = (0..spec.alerts.len()).filter(|a| holds(&spec.alerts[*a])).collect();
    // Points in each profile's favour, worked out apart from the engine.
    let favour: Vec<i32> = (0..usize::from(spec.profiles))
        .map(|p| {
            let mut total = 0;
            for &r in &fired {
                let mut seen = Vec::new();
                for (q, weight, favour) in &spec.rules[r].1 {
                    let q = q % spec.profiles;
                    if seen.contains(&q) {
                        continue;
                    }
                    seen.push(q);
                    if usize::from(q) == p && *favour {
                        total += i32::from(*weight);
                    }
                }
            }
            total
        })
        .collect();
    let strong: Vec<usize> = (0..favour.len())
        .filter(|p| spec.conflict_needs > 0 && favour[*p] >= i32::from(spec.conflict_needs))
        .collect();
    // A clear verdict needs the margin and a fired rule favouring the
    // leader with at least the pack's `clear_needs`; then the findings
    // conflict when two profiles or more have strong findings and either
    // that verdict is not clear or the lead is no larger than the strongest
    // other profile's points: no verdict is clear then.
    let strongest = expected_support(spec, ranking[0], |r| fired.contains(&r));
    let clear = margin >= i32::from(spec.margin) && strongest >= i32::from(spec.clear_needs);
    let rival = strong.iter().filter(|p| **p != ranking[0]).map(|p| favour[*p]).max();
    let conflict = strong.len() >= 2 && (!clear || rival.is_some_and(|points| margin <= points));
    let conflicting = if conflict { strong } else { Vec::new() };
    let verdict = (clear && !conflict).then_some(ranking[0]);
    Expected {
        values,
        derived,
        notes,
        fired,
        scores,
        ranking,
        margin,
        verdict,
        conflicting,
        alerts,
    }
}

/// The engine's explanation of a case with the `entered` values says what
/// the oracle says, in every part the oracle works out; returns that.
pub(super) fn agrees(
    spec: &Spec,
    e: &Explanation,
    entered: &[Option<Value>],
) -> Result<Expected, TestCaseError> {
    let want = oracle(spec, entered);
    prop_assert_eq!(&e.values(), &want.values, "values after chaining");
    prop_assert_eq!(&e.derived().collect::<Vec<_>>(), &want.derived, "derivations used");
    prop_assert_eq!(&e.derivation_notes, &want.notes, "derivation notes");
    prop_assert_eq!(&e.fired, &want.fired, "fired rules");
    prop_assert_eq!(&e.scores, &want.scores, "scores");
    prop_assert_eq!(&e.ranking, &want.ranking, "ranking");
    prop_assert_eq!(&e.conflicting, &want.conflicting, "conflicting profiles");
    prop_assert_eq!(e.margin, want.margin, "margin");
    prop_assert_eq!(e.verdict, want.verdict, "verdict");
    prop_assert_eq!(&e.alerts, &want.alerts, "alerts");
    Ok(want)
}
