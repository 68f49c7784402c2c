//! Laws of the engine, checked on random cases of the built-in pack:
//! order invariance, determinism, no rule fires on an unknown it depends
//! on, and information monotonicity. Numbers are drawn across their whole
//! range and at and around every threshold the pack compares them with; a
//! check of the generator makes sure of it.

use crate::{
    cases::{
        assignment::parse_all,
        case::{Case, Entry},
    },
    engine::{Options, Sections, evaluate},
    load::{PackSource, load},
    pack::{Pack, feature::FeatureKind, truth::Truth, value::Value},
    render::{Render, json::Json, text::Text},
};
use proptest::prelude::*;

/// Loaded once: the laws are about evaluation, not loading.
static PACK: std::sync::LazyLock<Pack> =
    std::sync::LazyLock::new(|| load(&PackSource::Builtin).pack.expect("the built-in pack loads"));

fn pack() -> &'static Pack {
    &PACK
}

/// How many random cases each law below runs, and how many the check of
/// the generator draws: the check vouches for what the laws try.
const CASES: u32 = 200;

/// Every number the pack compares feature `id` with: the thresholds its
/// rules and derivations use (precomputed by the pack) and its alerts'.
fn thresholds(pack: &Pack, id: usize) -> Vec<f64> {
    let alerts = crate::pack::thresholds(pack.features.len(), pack.alerts.iter().map(|a| &a.when));
    let mut out = pack.thresholds[id].clone();
    out.extend(&alerts[id]);
    out.sort_by(f64::total_cmp);
    out.dedup();
    out
}

/// The numbers worth trying for a number feature: both ends of its range,
/// and every threshold with the numbers a half and a whole step either
/// side of it (a test can be `below`, `at_most`, `at_least` or `above`, so
/// the threshold itself and its neighbours all matter), within the range.
fn marks(pack: &Pack, id: usize) -> Vec<f64> {
    let FeatureKind::Number { min, max, .. } = pack.features[id].kind else {
        return Vec::new();
    };
    let mut out = vec![min, max];
    for t in thresholds(pack, id) {
        out.extend(
            [t - 1.0, t - 0.5, t, t + 0.5, t + 1.0].into_iter().filter(|n| (min..=max).contains(n)),
        );
    }
    out.sort_by(f64::total_cmp);
    out.dedup();
    out
}

/// A value for feature `id` chosen by `choice`, or `None` (not mentioned).
/// A number is, half the time, one of its `marks` (so every threshold is
/// tried at and right around it), otherwise anywhere in its declared range,
/// to a tenth. Also used by `random_packs`.
pub(crate) fn value_for(pack: &Pack, id: usize, choice: u16) -> Option<Value> {
    match &pack.features[id].kind {
        FeatureKind::YesNo => match choice % 3 {
            0 => None,
            n => Some(Value::Flag(n == 1)),
        },
        FeatureKind::Choice { choices } => {
            let n = usize::from(choice) % (choices.len() + 1);
            (n > 0).then(|| Value::Choice(u8::try_from(n - 1).unwrap_or(0)))
        }
        FeatureKind::Number { min, max, .. } => {
            if choice.is_multiple_of(4) {
                return None;
            }
            let draw = choice / 4;
            let marks = marks(pack, id);
            Some(Value::Number(if draw.is_multiple_of(2) {
                marks[usize::from(draw / 2) % marks.len()]
            } else {
                let share = f64::from(draw / 2 % 1001) / 1000.0;
                ((min + share * (max - min)) * 10.0).round() / 10.0
            }))
        }
    }
}

/// Every value that can matter to a test of feature `id`: both flags,
/// every choice, or every mark of a number (one in each stretch between
/// the thresholds, and each threshold itself).
fn every_value(pack: &Pack, id: usize) -> Vec<Value> {
    match &pack.features[id].kind {
        FeatureKind::YesNo => vec![Value::Flag(true), Value::Flag(false)],
        FeatureKind::Choice { choices } => {
            (0..choices.len()).filter_map(|c| u8::try_from(c).ok()).map(Value::Choice).collect()
        }
        FeatureKind::Number { .. } => marks(pack, id).into_iter().map(Value::Number).collect(),
    }
}

/// The terse tokens that state these values.
pub(crate) fn tokens(pack: &Pack, values: &[Option<Value>]) -> Vec<String> {
    values
        .iter()
        .enumerate()
        .filter_map(|(id, v)| {
            v.map(|v| format!("{}={}", pack.features[id].name, v.display(&pack.features[id])))
        })
        .collect()
}

fn render_all(pack: &Pack, case: &Case, closed_world: bool) -> String {
    let explanation = evaluate(pack, case, Options { closed_world, sections: Sections::ALL });
    let mut out = String::new();
    Text { brief: false, width: 80, full: true }.render(&explanation, &mut out);
    Json { brief: false }.render(&explanation, &mut out);
    out
}

/// One random value (or none) per feature.
fn random_values(pack: &Pack, picks: &[u16]) -> Vec<Option<Value>> {
    (0..pack.features.len()).map(|f| value_for(pack, f, picks[f % picks.len()])).collect()
}

/// A random case, stated in the terse syntax and parsed as typed.
fn random_case(pack: &Pack, picks: &[u16]) -> Case {
    parse_all(pack, &tokens(pack, &random_values(pack, picks))).expect("valid tokens")
}

/// The tokens in an order chosen by `seed` (xorshift; deterministic).
pub(crate) fn shuffled(tokens: &[String], seed: u64) -> Vec<String> {
    let mut out = tokens.to_vec();
    let mut state = seed | 1;
    for i in (1..out.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let j = usize::try_from(state % (i as u64 + 1)).unwrap_or(0);
        out.swap(i, j);
    }
    out
}

fn picks() -> impl Strategy<Value = Vec<u16>> {
    prop::collection::vec(any::<u16>(), 32)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn output_does_not_depend_on_the_order_features_are_given(picks in picks(), seed in any::<u64>(), closed in any::<bool>()) {
        let pack = pack();
        let values = random_values(pack, &picks);
        let forward = tokens(pack, &values);
        let shuffled = shuffled(&forward, seed);
        let a = parse_all(pack, &forward).expect("valid tokens");
        let b = parse_all(pack, &shuffled).expect("valid tokens");
        prop_assert_eq!(render_all(pack, &a, closed), render_all(pack, &b, closed));
    }

    #[test]
    fn evaluation_is_deterministic(picks in picks()) {
        let pack = pack();
        let case = random_case(pack, &picks);
        prop_assert_eq!(render_all(pack, &case, false), render_all(pack, &case, false));
    }

    /// A fired rule stays true whatever value any still-unknown feature
    /// takes: it never fired *because of* an unknown.
    #[test]
    fn no_rule_fires_on_an_unknown_it_depends_on(picks in picks()) {
        let pack = pack();
        let case = random_case(pack, &picks);
        let e = evaluate(pack, &case, Options::default());
        let known = &e.values();
        for &rule in &e.fired {
            for feature in pack.rules[rule].when.features() {
                if known[feature].is_some() { continue; }
                for value in every_value(pack, feature) {
                    let mut filled = known.clone();
                    filled[feature] = Some(value);
                    prop_assert!(pack.rules[rule].when.eval(&filled).is_true(),
                        "rule `{}` fired but depends on unknown `{}`", pack.rules[rule].id, pack.features[feature].name);
                }
            }
        }
    }

    /// Learning the value of a feature that was unknown never un-fires a
    /// rule that had fired.
    #[test]
    fn learning_an_unknown_never_unfires_a_rule(picks in picks(), which in any::<u16>(), pick in any::<u16>()) {
        let pack = pack();
        let mut case = random_case(pack, &picks);
        let before = evaluate(pack, &case, Options::default());
        let unknown: Vec<usize> = before.facts.iter().enumerate().filter(|(_, f)| f.value.is_none()).map(|(i, _)| i).collect();
        prop_assume!(!unknown.is_empty());
        let feature = unknown[usize::from(which) % unknown.len()];
        let value = (0..8).find_map(|k| value_for(pack, feature, pick.wrapping_add(k)));
        prop_assume!(value.is_some());
        case.replace(feature, Entry::Known(value.expect("checked")));
        let after = evaluate(pack, &case, Options::default());
        for rule in &before.fired {
            prop_assert!(after.fired.contains(rule),
                "learning `{}` un-fired rule `{}`", pack.features[feature].name, pack.rules[*rule].id);
        }
    }
}

/// The values the laws try reach below, at and above every number the pack
/// compares a feature with, and every rule or alert that reads a number
/// both fires and is ruled out in some case, in as many cases as a law
/// runs. Without this a change to the generator could stop the laws from
/// trying the rules about age or the length of the course, unnoticed.
#[test]
fn the_generator_reaches_both_sides_of_every_threshold() {
    use proptest::{strategy::ValueTree, test_runner::TestRunner};
    let pack = pack();
    let numbers: Vec<usize> = (0..pack.features.len())
        .filter(|f| matches!(pack.features[*f].kind, FeatureKind::Number { .. }))
        .collect();
    // For each number feature, each threshold with a value seen below, at
    // and above it.
    let mut sides: Vec<Vec<(f64, [bool; 3])>> = numbers
        .iter()
        .map(|f| thresholds(pack, *f).into_iter().map(|t| (t, [false; 3])).collect())
        .collect();
    let (mut fired, mut ruled_out) = (vec![false; pack.rules.len()], vec![false; pack.rules.len()]);
    let (mut raised, mut not_raised) =
        (vec![false; pack.alerts.len()], vec![false; pack.alerts.len()]);
    let mut runner = TestRunner::deterministic();
    for _ in 0..CASES {
        let picks = picks().new_tree(&mut runner).expect("picks").current();
        let values = random_values(pack, &picks);
        for (f, seen) in numbers.iter().zip(&mut sides) {
            if let Some(Value::Number(n)) = values[*f] {
                for (t, sides) in seen {
                    sides[usize::from(n >= *t) + usize::from(n > *t)] = true;
                }
            }
        }
        let case = parse_all(pack, &tokens(pack, &values)).expect("valid tokens");
        let e = evaluate(pack, &case, Options::default());
        for (r, truth) in e.rule_truth.iter().enumerate() {
            fired[r] |= *truth == Truth::True;
            ruled_out[r] |= *truth == Truth::False;
        }
        for (a, alert) in pack.alerts.iter().enumerate() {
            raised[a] |= e.alerts.contains(&a);
            not_raised[a] |= alert.when.eval(&e.values()) == Truth::False;
        }
    }
    let mut checked = 0;
    for (f, seen) in numbers.iter().zip(&sides) {
        let FeatureKind::Number { min, max, .. } = pack.features[*f].kind else { unreachable!() };
        for (t, [below, at, above]) in seen {
            let name = &pack.features[*f].name;
            assert!(*below || *t <= min, "{name} never below {t} in {CASES} cases");
            assert!(*at, "{name} never at {t} in {CASES} cases");
            assert!(*above || *t >= max, "{name} never above {t} in {CASES} cases");
            checked += 1;
        }
    }
    let reads_number = |features: Vec<usize>| features.iter().any(|f| numbers.contains(f));
    for (r, rule) in pack.rules.iter().enumerate() {
        if reads_number(rule.when.features()) {
            assert!(
                fired[r] && ruled_out[r],
                "rule `{}`: fired {}, ruled out {}",
                rule.id,
                fired[r],
                ruled_out[r]
            );
            checked += 1;
        }
    }
    for (a, alert) in pack.alerts.iter().enumerate() {
        if reads_number(alert.when.features()) {
            assert!(
                raised[a] && not_raised[a],
                "alert `{}`: raised {}, not {}",
                alert.id,
                raised[a],
                not_raised[a]
            );
            checked += 1;
        }
    }
    // The built-in pack compares age with 40 and 55 and the years since
    // onset with 1, 5 and 10, in four rules and an alert.
    assert!(checked >= 10, "only {checked} thresholds, rules and alerts checked");
}
