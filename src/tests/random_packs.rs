//! The engine's laws on random rule packs, not only on the shipped one:
//! two to four profiles; yes/no, choice and number features; conditions
//! nested with `all`, `any` and `not`; derivations that chain; alerts. Each
//! pack is written as YAML and loaded as a user's pack would be, so the
//! generator is checked too: every pack it makes must load without errors.
//!
//! Every law checks the engine against an oracle written apart from it
//! (`oracle`): from the generated spec, not the loaded pack, and with its
//! own evaluator of three-valued logic, it works out the derived values
//! and derivation notes, the rules that fire, the scores, ranking, margin
//! and verdict, and the alerts, and the engine's explanation must say the
//! same. On top of that, the laws: the order features are given in changes
//! nothing; evaluation is deterministic; stating `unknown` is the same as
//! saying nothing; no rule fires on an unknown it depends on; and learning
//! an unknown never un-fires a rule (unless two derivations conflict, when
//! the earlier wins by design).

use std::fmt::Write as _;

use crate::{
    cases::{assignment::parse_all, case::Case},
    engine::{Options, Sections, evaluate, explanation::Explanation},
    load::from_texts,
    pack::{Pack, feature::FeatureKind, value::Value},
    render::{Render, json::Json, text::Text},
};
use proptest::prelude::*;

use super::properties::{shuffled, tokens, value_for};

mod flip;
mod oracle;

use oracle::{agrees, reads, truth};

/// A feature's type, as generated.
#[derive(Debug, Clone, Copy)]
enum Kind {
    YesNo,
    Choice(u8),
    Number,
}

/// A condition before it is fitted to the features: a leaf names a feature
/// by number and carries raw bytes that become a test of the right type.
#[derive(Debug, Clone)]
enum Cond {
    Leaf((u8, u8, u8, u8)),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

/// A rule's effect: (profile, weight, favours rather than against).
type Effect = (u8, u8, bool);

#[derive(Debug, Clone)]
struct Spec {
    profiles: u8,
    margin: u8,
    /// `clear_needs` as a weight (0: left out of `pack.yaml`).
    clear_needs: u8,
    /// `conflict_needs` in points (0: left out of `pack.yaml`).
    conflict_needs: u8,
    features: Vec<Kind>,
    /// (target feature, value byte, condition)
    derivations: Vec<(u8, u8, Cond)>,
    rules: Vec<(Cond, Vec<Effect>)>,
    alerts: Vec<Cond>,
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![Just(Kind::YesNo), (2_u8..=4).prop_map(Kind::Choice), Just(Kind::Number)]
}

fn cond() -> impl Strategy<Value = Cond> {
    let leaf = (any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>()).prop_map(Cond::Leaf);
    leaf.prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..=3).prop_map(Cond::All),
            prop::collection::vec(inner.clone(), 1..=3).prop_map(Cond::Any),
            inner.prop_map(|c| Cond::Not(Box::new(c))),
        ]
    })
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        (2_u8..=4, 1_u8..=4, 0_u8..=4, 0_u8..=6),
        prop::collection::vec(kind(), 1..=6),
        prop::collection::vec((any::<u8>(), any::<u8>(), cond()), 0..=3),
        prop::collection::vec(
            (cond(), prop::collection::vec((any::<u8>(), 1_u8..=5, any::<bool>()), 1..=3)),
            1..=8,
        ),
        prop::collection::vec(cond(), 0..=2),
    )
        .prop_map(
            |(
                (profiles, margin, clear_needs, conflict_needs),
                features,
                derivations,
                rules,
                alerts,
            )| {
                Spec {
                    profiles,
                    margin,
                    clear_needs,
                    conflict_needs,
                    features,
                    derivations,
                    rules,
                    alerts,
                }
            },
        )
}

/// A leaf's test, fitted to its feature's type.
#[derive(Debug, Clone, PartialEq)]
enum Leaf {
    Is(bool),
    OneOf(Vec<u8>),
    /// (bound, inclusive) below and above.
    Range(Option<(f64, bool)>, Option<(f64, bool)>),
}

/// A leaf fitted to the features `0..limit` (a derivation reads only
/// features before the one it sets, so that derivations can chain but
/// never form a cycle): the feature and its test.
fn fit(raw: (u8, u8, u8, u8), kinds: &[Kind], limit: usize) -> (usize, Leaf) {
    let (feature, s, a, b) = raw;
    let id = usize::from(feature) % limit;
    let leaf = match kinds[id] {
        Kind::YesNo => Leaf::Is(s % 2 == 0),
        Kind::Choice(count) => {
            let first = s % count;
            if a % 2 == 0 {
                Leaf::OneOf(vec![first])
            } else {
                Leaf::OneOf(vec![first, (first + 1 + b % (count - 1)) % count])
            }
        }
        Kind::Number => {
            let (low, high) = (a.min(b) % 101, a.max(b) % 101);
            let (low, high) = (f64::from(low.min(high)), f64::from(low.max(high)));
            match s % 4 {
                0 => Leaf::Range(Some((low, true)), None),
                1 => Leaf::Range(None, Some((high.max(1.0), false))),
                2 => Leaf::Range(Some((low.min(99.0), false)), None),
                _ => Leaf::Range(Some((low, true)), Some((high, true))),
            }
        }
    };
    (id, leaf)
}

/// A condition as flow-style YAML.
fn cond_yaml(cond: &Cond, kinds: &[Kind], limit: usize, out: &mut String) {
    match cond {
        Cond::Leaf(raw) => {
            let (id, leaf) = fit(*raw, kinds, limit);
            let _ = match leaf {
                Leaf::Is(yes) => write!(out, "{{f{id}: {}}}", if yes { "yes" } else { "no" }),
                // One choice as a plain value, two as a list: both forms.
                Leaf::OneOf(choices) if choices.len() == 1 => {
                    write!(out, "{{f{id}: c{}}}", choices[0])
                }
                Leaf::OneOf(choices) => {
                    let names: Vec<String> = choices.iter().map(|c| format!("c{c}")).collect();
                    write!(out, "{{f{id}: [{}]}}", names.join(", "))
                }
                Leaf::Range(low, high) => {
                    let mut bounds = Vec::new();
                    if let Some((n, inclusive)) = low {
                        bounds
                            .push(format!("{}: {n}", if inclusive { "at_least" } else { "above" }));
                    }
                    if let Some((n, inclusive)) = high {
                        bounds
                            .push(format!("{}: {n}", if inclusive { "at_most" } else { "below" }));
                    }
                    write!(out, "{{f{id}: {{{}}}}}", bounds.join(", "))
                }
            };
        }
        Cond::All(parts) | Cond::Any(parts) => {
            out.push_str(if matches!(cond, Cond::All(_)) { "{all: [" } else { "{any: [" });
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                cond_yaml(part, kinds, limit, out);
            }
            out.push_str("]}");
        }
        Cond::Not(inner) => {
            out.push_str("{not: ");
            cond_yaml(inner, kinds, limit, out);
            out.push('}');
        }
    }
}

/// The derivations the pack holds, in order: (feature set, value,
/// condition). The first feature is never set, so that every condition
/// can read one, and numbers are never set.
fn derivations(spec: &Spec) -> Vec<(usize, Value, &Cond)> {
    let kinds = &spec.features;
    spec.derivations
        .iter()
        .filter_map(|(target, value, when)| {
            let target = usize::from(*target) % kinds.len();
            let value = match kinds[target] {
                _ if target == 0 => return None,
                Kind::YesNo => Value::Flag(value % 2 == 0),
                Kind::Choice(n) => Value::Choice(value % n),
                Kind::Number => return None,
            };
            Some((target, value, when))
        })
        .collect()
}

/// The pack's files.
fn files(spec: &Spec) -> Vec<(String, String)> {
    let kinds = &spec.features;
    let mut pack = format!("name: random\ntitle: A random pack\nmargin: {}\n", spec.margin);
    if spec.clear_needs > 0 {
        let (word, _) = crate::pack::weight::WEIGHT_WORDS[usize::from(spec.clear_needs) - 1];
        let _ = writeln!(pack, "clear_needs: {word}");
    }
    if spec.conflict_needs > 0 {
        let _ = writeln!(pack, "conflict_needs: {}", spec.conflict_needs);
    }
    pack.push_str("profiles:\n");
    for p in 0..spec.profiles {
        let _ = writeln!(pack, "  P{p}: {{name: profile {p}, summary: a generated profile}}");
    }
    let mut features = String::from("features:\n");
    for (i, kind) in kinds.iter().enumerate() {
        let _ = write!(features, "  f{i}:\n    label: feature {i}\n    question: Feature {i}?\n");
        match kind {
            Kind::YesNo => features.push_str("    type: yes_no\n"),
            Kind::Number => features.push_str("    type: number\n    min: 0\n    max: 100\n"),
            Kind::Choice(n) => {
                features.push_str("    type: choice\n    choices:\n");
                for c in 0..*n {
                    let _ = writeln!(features, "      c{c}:");
                }
            }
        }
    }
    let claims = "claims:\n  - {id: K1, kind: background, claim: a generated claim}\n".to_owned();
    let mut derived = String::from("derived:\n");
    let derivations = derivations(spec);
    for (count, (target, value, when)) in derivations.iter().enumerate() {
        let value = match value {
            Value::Flag(yes) => (if *yes { "yes" } else { "no" }).to_owned(),
            Value::Choice(c) => format!("c{c}"),
            Value::Number(_) => unreachable!("no derivation sets a number"),
        };
        let mut condition = String::new();
        cond_yaml(when, kinds, *target, &mut condition);
        let _ = writeln!(
            derived,
            "  - {{id: d{count}, sets: {{f{target}: {value}}}, when: {condition}, reason: generated, claims: [K1]}}"
        );
    }
    let mut rules = String::from("rules:\n");
    for (i, (when, effects)) in spec.rules.iter().enumerate() {
        let mut condition = String::new();
        cond_yaml(when, kinds, kinds.len(), &mut condition);
        let (mut favours, mut against, mut seen) = (Vec::new(), Vec::new(), Vec::new());
        for (profile, weight, favour) in effects {
            let profile = profile % spec.profiles;
            if seen.contains(&profile) {
                continue;
            }
            seen.push(profile);
            let entry = format!("P{profile}: {weight}");
            if *favour { favours.push(entry) } else { against.push(entry) }
        }
        let _ = write!(rules, "  - id: r{i}\n    when: {condition}\n");
        if !favours.is_empty() {
            let _ = writeln!(rules, "    favours: {{{}}}", favours.join(", "));
        }
        if !against.is_empty() {
            let _ = writeln!(rules, "    against: {{{}}}", against.join(", "));
        }
        rules.push_str("    reason: generated\n    claims: [K1]\n");
    }
    let mut alerts = String::from("alerts:\n");
    for (i, when) in spec.alerts.iter().enumerate() {
        let mut condition = String::new();
        cond_yaml(when, kinds, kinds.len(), &mut condition);
        let _ = writeln!(alerts, "  - {{id: a{i}, when: {condition}, advice: see a doctor}}");
    }
    let mut out = vec![
        ("pack.yaml".to_owned(), pack),
        ("features.yaml".to_owned(), features),
        ("claims.yaml".to_owned(), claims),
        ("rules.yaml".to_owned(), rules),
    ];
    if !derivations.is_empty() {
        out.push(("derived.yaml".to_owned(), derived));
    }
    if !spec.alerts.is_empty() {
        out.push(("alerts.yaml".to_owned(), alerts));
    }
    out
}

/// Loads the generated pack; a pack the generator made must load.
fn load(spec: &Spec) -> Pack {
    let files = files(spec);
    let report = from_texts(files.clone());
    match report.pack {
        Some(pack) => {
            // The oracle numbers features, rules and alerts as the spec
            // does; the pack must keep the same order.
            let names: Vec<&str> = pack.features.iter().map(|f| f.name.as_str()).collect();
            let ids: Vec<&str> = pack.rules.iter().map(|r| r.id.as_str()).collect();
            let alerts: Vec<&str> = pack.alerts.iter().map(|a| a.id.as_str()).collect();
            assert_eq!(
                names,
                (0..spec.features.len()).map(|i| format!("f{i}")).collect::<Vec<_>>()
            );
            assert_eq!(ids, (0..spec.rules.len()).map(|i| format!("r{i}")).collect::<Vec<_>>());
            assert_eq!(alerts, (0..spec.alerts.len()).map(|i| format!("a{i}")).collect::<Vec<_>>());
            assert_eq!(pack.derivations.len(), derivations(spec).len());
            pack
        }
        None => {
            let texts: Vec<String> = files.iter().map(|(n, t)| format!("# {n}\n{t}")).collect();
            panic!("a generated pack does not load: {:#?}\n{}", report.problems, texts.join("\n"))
        }
    }
}

/// A value (or none) for each feature, from `picks`.
fn values(pack: &Pack, picks: &[u16]) -> Vec<Option<Value>> {
    (0..pack.features.len()).map(|f| value_for(pack, f, picks[f % picks.len()])).collect()
}

/// Every value a feature can take: both flags, every choice, and every
/// whole number of the range (the bounds of generated tests are whole).
fn every_value(pack: &Pack, feature: usize) -> Vec<Value> {
    match &pack.features[feature].kind {
        FeatureKind::YesNo => vec![Value::Flag(true), Value::Flag(false)],
        FeatureKind::Choice { choices } => {
            (0..choices.len()).filter_map(|c| u8::try_from(c).ok()).map(Value::Choice).collect()
        }
        FeatureKind::Number { .. } => (0..=100).map(|n| Value::Number(f64::from(n))).collect(),
    }
}

fn case(pack: &Pack, tokens: &[String]) -> Case {
    parse_all(pack, tokens).expect("generated tokens are valid")
}

/// Every section worked out, as the full text and JSON renderers read them.
const ALL: Options = Options { closed_world: false, sections: Sections::ALL };

fn rendered(explanation: &Explanation) -> String {
    let mut out = String::new();
    Text { brief: false, width: 80, full: true }.render(explanation, &mut out);
    Json { brief: false }.render(explanation, &mut out);
    out
}

/// Whole choices (not bytes), so that a number can land anywhere in its
/// range and at every threshold (see `value_for`).
fn picks() -> impl Strategy<Value = Vec<u16>> {
    prop::collection::vec(any::<u16>(), 8)
}

/// How many random packs (each with one case) every law below tries.
const CASES: u32 = 256;

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    /// Every derived value, fired rule, point of score, the ranking, margin,
    /// verdict and alerts are what the oracle works out: a rule fires
    /// exactly when its condition is true, scores are the sums of the
    /// fired rules' weights, and the verdict follows the margin.
    #[test]
    fn scores_are_the_sums_of_the_fired_rules(spec in spec(), picks in picks()) {
        let pack = load(&spec);
        let values = values(&pack, &picks);
        let e = evaluate(&pack, &case(&pack, &tokens(&pack, &values)), ALL);
        agrees(&spec, &e, &values)?;
    }

    #[test]
    fn the_order_of_features_changes_nothing(spec in spec(), picks in picks(), seed in any::<u64>()) {
        let pack = load(&spec);
        let values = values(&pack, &picks);
        let forward = tokens(&pack, &values);
        let shuffled = shuffled(&forward, seed);
        let a = evaluate(&pack, &case(&pack, &forward), ALL);
        let b = evaluate(&pack, &case(&pack, &shuffled), ALL);
        agrees(&spec, &a, &values)?;
        agrees(&spec, &b, &values)?;
        let a = rendered(&a);
        prop_assert_eq!(&a, &rendered(&b));
        // Deterministic: the same case twice gives the same bytes.
        prop_assert_eq!(&a, &rendered(&evaluate(&pack, &case(&pack, &forward), ALL)));
    }

    /// `f=unknown` scores as saying nothing about `f`.
    #[test]
    fn stating_unknown_is_saying_nothing(spec in spec(), picks in picks(), which in any::<u8>()) {
        let pack = load(&spec);
        let mut values = values(&pack, &picks);
        let feature = usize::from(which) % pack.features.len();
        values[feature] = None;
        let silent = tokens(&pack, &values);
        let mut stated = silent.clone();
        stated.push(format!("{}=unknown", pack.features[feature].name));
        let a = evaluate(&pack, &case(&pack, &silent), ALL);
        let b = evaluate(&pack, &case(&pack, &stated), ALL);
        agrees(&spec, &a, &values)?;
        agrees(&spec, &b, &values)?;
        prop_assert_eq!(&a.scores, &b.scores);
        prop_assert_eq!(&a.fired, &b.fired);
        prop_assert_eq!(a.verdict, b.verdict);
        prop_assert_eq!(&a.alerts, &b.alerts);
    }

    /// A fired rule stays true whatever value a still-unknown feature it
    /// reads takes, by the oracle's logic and by the engine's.
    #[test]
    fn no_rule_fires_on_an_unknown_it_depends_on(spec in spec(), picks in picks()) {
        let pack = load(&spec);
        let values = values(&pack, &picks);
        let e = evaluate(&pack, &case(&pack, &tokens(&pack, &values)), ALL);
        let want = agrees(&spec, &e, &values)?;
        let kinds = &spec.features;
        for &rule in &want.fired {
            let when = &spec.rules[rule].0;
            for feature in reads(when, kinds) {
                if want.values[feature].is_some() { continue; }
                for value in every_value(&pack, feature) {
                    let mut filled = want.values.clone();
                    filled[feature] = Some(value);
                    prop_assert_eq!(truth(when, kinds, kinds.len(), &filled), Some(true),
                        "rule r{} fired but depends on unknown f{}", rule, feature);
                    prop_assert!(pack.rules[rule].when.eval(&filled).is_true(),
                        "the engine reads rule r{} as not true when f{} is {:?}", rule, feature, value);
                }
            }
        }
    }

    /// Learning the value of an unknown feature never un-fires a rule,
    /// unless it makes an earlier derivation override a later one (the
    /// pack's own conflict, which the explanation reports).
    #[test]
    fn learning_an_unknown_never_unfires_a_rule(spec in spec(), picks in picks(), which in any::<u8>(), pick in 1_u16..) {
        let pack = load(&spec);
        let mut values = values(&pack, &picks);
        let before = evaluate(&pack, &case(&pack, &tokens(&pack, &values)), ALL);
        let was = agrees(&spec, &before, &values)?;
        let unknown: Vec<usize> = (0..pack.features.len()).filter(|f| was.values[*f].is_none()).collect();
        prop_assume!(!unknown.is_empty());
        let feature = unknown[usize::from(which) % unknown.len()];
        let learned = value_for(&pack, feature, pick | 1);
        prop_assume!(learned.is_some());
        values[feature] = learned;
        let after = evaluate(&pack, &case(&pack, &tokens(&pack, &values)), ALL);
        let now = agrees(&spec, &after, &values)?;
        prop_assume!(!now.conflict());
        for rule in &was.fired {
            prop_assert!(after.fired.contains(rule),
                "learning `{}` un-fired rule `{}`", pack.features[feature].name, pack.rules[*rule].id);
        }
    }
}

/// The generator is not trivial: over many packs, rules fire, derivations
/// conclude, verdicts are reached and missed, three or more profiles and
/// every feature type appear. Without this, the laws above could pass on
/// packs where nothing happens.
#[test]
fn the_generator_makes_packs_where_things_happen() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut fired, mut derived, mut verdicts, mut no_verdict, mut three, mut alerts) =
        (0, 0, 0, 0, 0, 0);
    let mut kinds = [0; 3];
    let total = 300;
    for _ in 0..total {
        let spec = spec().new_tree(&mut runner).expect("a spec").current();
        let picks = picks().new_tree(&mut runner).expect("picks").current();
        let pack = load(&spec);
        let e = evaluate(&pack, &case(&pack, &tokens(&pack, &values(&pack, &picks))), ALL);
        fired += usize::from(!e.fired.is_empty());
        derived += usize::from(e.derived().next().is_some());
        verdicts += usize::from(e.verdict.is_some());
        no_verdict += usize::from(e.verdict.is_none());
        three += usize::from(pack.profiles.len() >= 3);
        alerts += usize::from(!e.alerts.is_empty());
        for f in &pack.features {
            kinds[match f.kind {
                FeatureKind::YesNo => 0,
                FeatureKind::Choice { .. } => 1,
                FeatureKind::Number { .. } => 2,
            }] += 1;
        }
    }
    let seen = format!(
        "fired {fired}, derived {derived}, verdicts {verdicts}, none {no_verdict}, 3+ profiles {three}, alerts {alerts}, kinds {kinds:?} of {total}"
    );
    assert!(fired > total / 2, "{seen}");
    assert!(derived > total / 20, "{seen}");
    assert!(verdicts > total / 5 && no_verdict > total / 10, "{seen}");
    assert!(three > total / 3, "{seen}");
    assert!(alerts > total / 20, "{seen}");
    assert!(kinds.iter().all(|k| *k > total / 2), "{seen}");
}
