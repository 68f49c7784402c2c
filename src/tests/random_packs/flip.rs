//! The flip search (`engine/flip.rs`) checked against a brute force on
//! random packs: every set of up to `MAX_FLIP_CHANGES` changes, each case
//! evaluated whole by `evaluate` (no bound, no shortcut, no pruning of
//! features), must give the same smallest size, the same count of flips of
//! that size and the same first ones, in the same order.
//!
//! Numbers are tried on a grid of halves over their range (the bounds of
//! generated tests are whole, so every stretch between them holds a point
//! of the grid). Two numbers are the same answer when no test of the spec
//! on that feature tells apart any two grid points between them: the
//! stretches are worked out here from the spec, not taken from the engine.

use proptest::prelude::*;

use super::{Cond, Kind, Leaf, Spec, case, derivations, fit, load, picks, spec, values};
use crate::{
    cases::case::{Case, Entry},
    engine::fact::Origin,
    engine::{Options, Sections, evaluate, explanation::Flips},
    limits::{MAX_FLIP_CHANGES, MAX_LISTED_FLIPS},
    pack::{Pack, feature::FeatureKind, value::Value},
    tests::properties::{shuffled, tokens},
};

/// An answer as the brute force names it: a feature and the rank of its
/// answer (yes before no, choices in order, number stretches from low to
/// high).
type Key = (usize, usize);

/// Every range test of the spec on `feature`, from its rules and the
/// derivations the pack keeps.
fn ranges(spec: &Spec, feature: usize) -> Vec<Leaf> {
    fn walk(cond: &Cond, kinds: &[Kind], limit: usize, feature: usize, out: &mut Vec<Leaf>) {
        match cond {
            Cond::Leaf(raw) => {
                let (id, leaf) = fit(*raw, kinds, limit);
                if id == feature {
                    out.push(leaf);
                }
            }
            Cond::All(parts) | Cond::Any(parts) => {
                for part in parts {
                    walk(part, kinds, limit, feature, out);
                }
            }
            Cond::Not(inner) => walk(inner, kinds, limit, feature, out),
        }
    }
    let kinds = &spec.features;
    let mut out = Vec::new();
    for (when, _) in &spec.rules {
        walk(when, kinds, kinds.len(), feature, &mut out);
    }
    for (target, _, when) in derivations(spec) {
        walk(when, kinds, target, feature, &mut out);
    }
    out
}

fn passes(leaf: &Leaf, n: f64) -> bool {
    match leaf {
        Leaf::Range(low, high) => {
            low.is_none_or(|(l, inclusive)| if inclusive { n >= l } else { n > l })
                && high.is_none_or(|(h, inclusive)| if inclusive { n <= h } else { n < h })
        }
        _ => unreachable!("numbers have range tests"),
    }
}

/// The grid of a number feature (0 to 100 by halves) with the stretch each
/// point lies in: a new stretch starts where some test changes its mind.
fn stretches(spec: &Spec, feature: usize) -> Vec<(f64, usize)> {
    let leaves = ranges(spec, feature);
    let mut out: Vec<(f64, usize)> = Vec::new();
    let mut previous: Option<Vec<bool>> = None;
    for half in 0..=200 {
        let n = f64::from(half) / 2.0;
        let outcome: Vec<bool> = leaves.iter().map(|l| passes(l, n)).collect();
        let stretch = match (&previous, out.last()) {
            (Some(p), Some((_, s))) if *p == outcome => *s,
            (_, Some((_, s))) => s + 1,
            _ => 0,
        };
        out.push((n, stretch));
        previous = Some(outcome);
    }
    out
}

/// The rank of a value among its feature's answers.
fn rank(spec: &Spec, feature: usize, value: Value) -> usize {
    match value {
        Value::Flag(yes) => usize::from(!yes),
        Value::Choice(c) => usize::from(c),
        Value::Number(n) => {
            let grid = stretches(spec, feature);
            grid.iter().rev().find(|(point, _)| *point <= n).map_or(0, |(_, s)| *s)
        }
    }
}

/// One value for each answer of a feature, in rank order.
fn answers(spec: &Spec, pack: &Pack, feature: usize) -> Vec<(Value, usize)> {
    match &pack.features[feature].kind {
        FeatureKind::YesNo => vec![(Value::Flag(true), 0), (Value::Flag(false), 1)],
        FeatureKind::Choice { choices } => {
            (0..choices.len()).map(|c| (Value::Choice(u8::try_from(c).unwrap()), c)).collect()
        }
        FeatureKind::Number { .. } => {
            let mut out: Vec<(Value, usize)> = Vec::new();
            for (n, stretch) in stretches(spec, feature) {
                if out.last().is_none_or(|(_, s)| *s != stretch) {
                    out.push((Value::Number(n), stretch));
                }
            }
            out
        }
    }
}

/// Every flip of the smallest size up to the limit, each as its keys in
/// pack order, sorted as the engine lists them; and that size.
fn brute_force(
    spec: &Spec,
    pack: &Pack,
    entered: &[Option<Value>],
    closed_world: bool,
) -> (Option<usize>, Vec<Vec<Key>>) {
    let evaluate_with = |changes: &[(usize, Value)]| {
        let mut case = Case::with_capacity(entered.len());
        for (feature, value) in entered.iter().enumerate() {
            let value = changes.iter().find(|(f, _)| *f == feature).map(|(_, v)| *v).or(*value);
            if let Some(value) = value {
                case.set(feature, Entry::Known(value)).unwrap();
            }
        }
        evaluate(pack, &case, Options { closed_world, sections: Sections::NONE }).verdict
    };
    let base = evaluate(pack, &build(entered), Options { closed_world, sections: Sections::NONE });
    let before = base.verdict;
    // Every feature not concluded by a derivation, whether any rule reads
    // it or not.
    let features: Vec<usize> = (0..pack.features.len())
        .filter(|f| !matches!(base.facts[*f].origin, Origin::Derived(_)))
        .collect();
    let all: Vec<Vec<(Value, usize)>> =
        (0..pack.features.len()).map(|f| answers(spec, pack, f)).collect();
    for size in 1..=MAX_FLIP_CHANGES {
        let mut found: Vec<Vec<Key>> = Vec::new();
        for set in subsets(&features, size) {
            let mut picks = vec![0; size];
            loop {
                let changes: Vec<(usize, Value)> =
                    set.iter().zip(&picks).map(|(f, a)| (*f, all[*f][*a].0)).collect();
                if evaluate_with(&changes) != before {
                    found.push(set.iter().zip(&picks).map(|(f, a)| (*f, all[*f][*a].1)).collect());
                }
                if !next(&mut picks, |i| all[set[i]].len()) {
                    break;
                }
            }
        }
        if !found.is_empty() {
            found.sort_by_key(|flip| {
                (
                    flip.iter().map(|k| k.0).collect::<Vec<_>>(),
                    flip.iter().map(|k| k.1).collect::<Vec<_>>(),
                )
            });
            return (Some(size), found);
        }
    }
    (None, Vec::new())
}

/// Steps `picks` to the next combination, the last varying fastest; false
/// after the last one.
fn next(picks: &mut [usize], len: impl Fn(usize) -> usize) -> bool {
    for i in (0..picks.len()).rev() {
        picks[i] += 1;
        if picks[i] < len(i) {
            return true;
        }
        picks[i] = 0;
    }
    false
}

fn build(entered: &[Option<Value>]) -> Case {
    let mut case = Case::new();
    for (feature, value) in entered.iter().enumerate() {
        if let Some(value) = value {
            case.set(feature, Entry::Known(*value)).unwrap();
        }
    }
    case
}

/// Every set of `size` items of `items`, in order.
fn subsets(items: &[usize], size: usize) -> Vec<Vec<usize>> {
    if size == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for (i, first) in items.iter().enumerate() {
        for mut rest in subsets(&items[i + 1..], size - 1) {
            rest.insert(0, *first);
            out.push(rest);
        }
    }
    out
}

const FLIPS: Options =
    Options { closed_world: false, sections: Sections { flips: true, ..Sections::NONE } };

fn engine_flips(pack: &Pack, tokens: &[String], closed_world: bool) -> Flips {
    let e = evaluate(pack, &case(pack, tokens), Options { closed_world, ..FLIPS });
    e.flips().clone()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: super::CASES, ..ProptestConfig::default() })]

    /// The search finds the smallest number of changes, every flip of that
    /// size and the first ones in order, as trying everything does.
    #[test]
    fn the_flip_search_agrees_with_trying_every_change(
        spec in spec(), picks in picks(), closed_world in any::<bool>(), seed in any::<u64>(),
    ) {
        let pack = load(&spec);
        let entered = values(&pack, &picks);
        let tokens = tokens(&pack, &entered);
        let flips = engine_flips(&pack, &tokens, closed_world);
        prop_assert!(flips.complete, "a small pack's search runs out of budget");
        let (size, want) = brute_force(&spec, &pack, &entered, closed_world);
        prop_assert_eq!(flips.changes_needed, size);
        prop_assert_eq!(flips.found, want.len());
        let got: Vec<Vec<Key>> = flips
            .listed
            .iter()
            .map(|flip| flip.changes.iter().map(|c| (c.feature, rank(&spec, c.feature, c.to))).collect())
            .collect();
        let first: Vec<Vec<Key>> = want.iter().take(MAX_LISTED_FLIPS).cloned().collect();
        prop_assert_eq!(got, first);
        // Each listed flip does what it says: the whole case evaluated with
        // its changes has the verdict and margin it states.
        for flip in &flips.listed {
            let mut changed = entered.clone();
            for change in &flip.changes {
                prop_assert_eq!(change.from, entered[change.feature]);
                changed[change.feature] = Some(change.to);
            }
            let after = evaluate(&pack, &build(&changed), Options { closed_world, sections: Sections::NONE });
            prop_assert_eq!((after.verdict, after.margin), (flip.verdict, flip.margin));
        }
        // The order features are given in changes nothing.
        prop_assert_eq!(&flips, &engine_flips(&pack, &shuffled(&tokens, seed), closed_world));
    }
}
