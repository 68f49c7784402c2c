//! Laws of the engine, checked on random cases of the built-in pack:
//! order invariance, determinism, no rule fires on an unknown it depends
//! on, and information monotonicity.

use crate::{
    cases::{
        assignment::parse_all,
        case::{Case, Entry},
    },
    engine::{Options, Sections, evaluate},
    load::{PackSource, load},
    pack::{Pack, feature::FeatureKind, value::Value},
    render::{Render, json::Json, text::Text},
};
use proptest::prelude::*;

/// Loaded once: the laws are about evaluation, not loading.
static PACK: std::sync::LazyLock<Pack> =
    std::sync::LazyLock::new(|| load(&PackSource::Builtin).pack.expect("the built-in pack loads"));

fn pack() -> &'static Pack {
    &PACK
}

/// A value for feature `id` chosen by `pick`, or `None` (not mentioned).
/// Also used by `random_packs`.
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
        FeatureKind::Number { min, max, .. } => (!choice.is_multiple_of(4))
            .then(|| Value::Number((min + f64::from(choice % 97) * (max - min) / 96.0).round())),
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
    Text { brief: false, width: 80 }.render(&explanation, &mut out);
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
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

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
                for pick in 0..12_u16 {
                    let mut filled = known.clone();
                    filled[feature] = value_for(pack, feature, pick).or(Some(Value::Flag(true)));
                    if matches!(pack.features[feature].kind, FeatureKind::YesNo) != matches!(filled[feature], Some(Value::Flag(_))) { continue; }
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
