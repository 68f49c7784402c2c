//! Conditions (`all`, `any`, `not` and tests on one feature), shared by
//! rules, derivations and alerts.

use super::{Checker, Known, kind_phrase};
use crate::{
    limits,
    load::node::{Node, Text},
    load::pack_error::PackErrorKind as K,
    load::yaml::Spanned,
    pack::condition::{Bound, Check, Condition, Test},
    pack::feature::{Feature, FeatureId, FeatureKind},
    pack::name::normalize,
    pack::suggest::did_you_mean,
    pack::value::format_number,
};

/// Resolves a feature name used in a condition or `sets`, with a helpful
/// message when it is a synonym or a typo.
pub(super) fn feature_ref(
    c: &mut Checker,
    key: &Spanned<Text>,
    known: &Known,
) -> Option<FeatureId> {
    if let Some(id) = known.features.iter().position(|f| f.name == key.value) {
        return Some(id);
    }
    if c.broken.contains(key.value.as_str()) {
        return None;
    }
    let help = match known.feature_index.get(&normalize(&key.value)) {
        // The name in another spelling (`Bitter`), or a synonym.
        Some(id) if normalize(&known.features[*id].name) == normalize(&key.value) => {
            Some(format!("write it `{}`: rules use the name as declared", known.features[*id].name))
        }
        Some(id) => Some(format!(
            "`{}` is a synonym; rules use the feature's name `{}`",
            key.value, known.features[*id].name
        )),
        None => did_you_mean(&key.value, known.features.iter().map(|f| f.name.as_str()))
            .or_else(|| Some("features are declared in `features.yaml`".into())),
    };
    c.error_help(key.at, K::UnknownFeature { name: key.value.to_string() }, help);
    None
}

pub(super) fn condition(
    c: &mut Checker,
    node: &Spanned<Node>,
    known: &Known,
    depth: usize,
) -> Option<Condition> {
    if depth > limits::MAX_CONDITION_DEPTH {
        c.error(node.at, K::TooDeep { limit: limits::MAX_CONDITION_DEPTH });
        return None;
    }
    let entries = c.map(node, "a condition")?;
    if entries.is_empty() {
        c.error(node.at, K::Empty { what: "a condition".into() });
        return None;
    }
    let mut parts = Vec::new();
    let mut ok = true;
    for (key, value) in entries {
        let part = match key.value.as_str() {
            "all" | "any" => {
                let Some(items) = c.list(value, &format!("`{}`", key.value)) else {
                    ok = false;
                    continue;
                };
                if items.is_empty() {
                    c.error(value.at, K::Empty { what: format!("`{}`", key.value) });
                    ok = false;
                    continue;
                }
                let inner: Vec<Option<Condition>> =
                    items.iter().map(|item| condition(c, item, known, depth + 1)).collect();
                let inner: Option<Vec<Condition>> = inner.into_iter().collect();
                inner
                    .map(|v| if key.value == "all" { Condition::All(v) } else { Condition::Any(v) })
            }
            "not" => {
                condition(c, value, known, depth + 1).map(|inner| Condition::Not(Box::new(inner)))
            }
            _ => feature_ref(c, key, known).and_then(|feature| {
                test(c, value, &known.features[feature])
                    .map(|check| Condition::Test(Test { feature, check, span: c.span(key.at) }))
            }),
        };
        match part {
            Some(p) => parts.push(p),
            None => ok = false,
        }
    }
    if !ok {
        return None;
    }
    if parts.len() == 1 { parts.pop() } else { Some(Condition::All(parts)) }
}

pub(super) fn yes_no_word(node: &Node) -> Option<bool> {
    match node {
        Node::Bool(b) => Some(*b),
        Node::Text(t) => match normalize(t).as_str() {
            "yes" | "true" | "present" => Some(true),
            "no" | "false" | "absent" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn test(c: &mut Checker, value: &Spanned<Node>, f: &Feature) -> Option<Check> {
    let bad = |c: &mut Checker, help: String| {
        let found = match value.value.as_scalar_text() {
            Some(text) => format!("`{text}`"),
            None => value.value.kind().to_owned(),
        };
        c.error_help(
            value.at,
            K::BadTest { feature: f.name.clone(), kind: kind_phrase(&f.kind), found },
            Some(help),
        );
        None
    };
    match &f.kind {
        FeatureKind::YesNo => match yes_no_word(&value.value) {
            Some(b) => Some(Check::Is(b)),
            None => bad(c, format!("write `{}: yes` or `{}: no`", f.name, f.name)),
        },
        FeatureKind::Choice { choices } => {
            let names: Vec<Spanned<String>> = match &value.value {
                Node::Text(t) => vec![Spanned { value: t.to_string(), at: value.at }],
                Node::List(_) => c.text_list(value, "a list of choices"),
                _ => {
                    let first = choices.first().map_or("", |ch| ch.name.as_str());
                    return bad(
                        c,
                        format!(
                            "write a choice such as `{}: {first}`, or a list of choices",
                            f.name
                        ),
                    );
                }
            };
            if names.is_empty() {
                c.error(value.at, K::Empty { what: "a list of choices".into() });
                return None;
            }
            let mut set = 0_u64;
            let mut ok = true;
            for name in names {
                match choices.iter().position(|ch| ch.name == name.value) {
                    Some(i) => set |= 1_u64 << i,
                    None => {
                        let help =
                            did_you_mean(&name.value, choices.iter().map(|ch| ch.name.as_str()))
                                .or_else(|| {
                                    let all: Vec<&str> =
                                        choices.iter().map(|ch| ch.name.as_str()).collect();
                                    Some(format!("the choices are `{}`", all.join("`, `")))
                                });
                        c.error_help(
                            name.at,
                            K::UnknownChoice { feature: f.name.clone(), choice: name.value },
                            help,
                        );
                        ok = false;
                    }
                }
            }
            ok.then_some(Check::OneOf(set))
        }
        FeatureKind::Number { min, max, .. } => {
            let example = format!(
                "write a comparison such as `{}: {{at_least: {}}}`",
                f.name,
                f.example_value()
            );
            let Node::Map(entries) = &value.value else { return bad(c, example) };
            let mut lower: Option<Bound> = None;
            let mut upper: Option<Bound> = None;
            let mut ok = true;
            if entries.is_empty() {
                return bad(c, example);
            }
            for (k, v) in entries {
                let slot = match k.value.as_str() {
                    "at_least" | "above" => &mut lower,
                    "at_most" | "below" => &mut upper,
                    other => {
                        let help = did_you_mean(other, ["at_least", "at_most", "above", "below"])
                            .or_else(|| {
                                Some(
                                    "compare with `at_least`, `at_most`, `above` or `below`".into(),
                                )
                            });
                        c.error_help(
                            k.at,
                            K::UnknownKey {
                                key: other.to_owned(),
                                context: format!("the test on `{}`", f.name),
                            },
                            help,
                        );
                        ok = false;
                        continue;
                    }
                };
                let Some(number) = c.number(v, &format!("`{}`", k.value)) else {
                    ok = false;
                    continue;
                };
                if number < *min || number > *max {
                    c.error_help(
                        v.at,
                        K::OutOfRange {
                            feature: f.name.clone(),
                            value: format_number(number),
                            min: format_number(*min),
                            max: format_number(*max),
                        },
                        Some(
                            "a bound outside the feature's range can never decide anything".into(),
                        ),
                    );
                    ok = false;
                    continue;
                }
                if slot.is_some() {
                    c.error_help(
                        k.at,
                        K::SecondBound {
                            key: k.value.to_string(),
                            side: if matches!(k.value.as_str(), "at_least" | "above") {
                                "lower".into()
                            } else {
                                "upper".into()
                            },
                        },
                        Some("give at most one lower bound (`at_least`/`above`) and one upper bound (`at_most`/`below`)".into()),
                    );
                    ok = false;
                    continue;
                }
                *slot = Some(Bound {
                    value: number,
                    inclusive: matches!(k.value.as_str(), "at_least" | "at_most"),
                });
            }
            if !ok {
                return None;
            }
            let check = Check::Range { lower, upper };
            // The range can never hold if its bounds cross, or if an open
            // bound sits on the end of the feature's own range.
            let crossed = match (lower, upper) {
                (Some(l), Some(u)) => {
                    l.value > u.value || (l.value == u.value && !(l.inclusive && u.inclusive))
                }
                _ => false,
            };
            let off_the_end = lower.is_some_and(|l| !l.inclusive && l.value >= *max)
                || upper.is_some_and(|u| !u.inclusive && u.value <= *min);
            if crossed || off_the_end {
                c.error(
                    value.at,
                    K::EmptyRange { feature: f.name.clone(), range: check.describe(f) },
                );
                return None;
            }
            Some(check)
        }
    }
}
