//! `rules.yaml`, `derived.yaml` and `alerts.yaml`: ids (one namespace for
//! the three), derivations and what they set, rules with their weights and
//! effects, alerts.

use std::collections::HashMap;

use super::{
    ALERT, Checker, DERIVATION, Fields, Known, RULE,
    claims::claim_refs,
    conditions::{condition, feature_ref, yes_no_word},
    kind_phrase, top_list,
};
use crate::{
    load::node::Node,
    load::pack_error::PackErrorKind as K,
    load::yaml::Spanned,
    pack::alert::{Alert, AlertKind},
    pack::derivation::Derivation,
    pack::feature::{FeatureId, FeatureKind},
    pack::name::{is_rule_id, normalize},
    pack::rule::Rule,
    pack::suggest::did_you_mean,
    pack::value::Value,
    pack::weight::{MAX_WEIGHT, MIN_WEIGHT, WEIGHT_WORDS},
    span::Span,
};

/// Checks an id of a rule, derivation or alert, which share one namespace.
fn rule_id(
    c: &mut Checker,
    f: &Fields<'_>,
    what: &str,
    ids: &mut HashMap<String, Span>,
) -> Option<(String, Span)> {
    let node = f.get("id")?;
    let id = c.text(node, "`id`")?;
    if !is_rule_id(&id) {
        c.error(
            node.at,
            K::BadName {
                what: format!("{what} id"),
                name: id,
                rule: "use lower-case letters, digits and `-`".into(),
            },
        );
        return None;
    }
    let span = c.span(node.at);
    if let Some(first) = ids.get(&id) {
        let help = format!(
            "the first is at line {}; ids are shared by rules, derivations and alerts",
            first.at.line
        );
        c.error_help(node.at, K::Duplicate { what: what.to_owned(), id }, Some(help));
        return None;
    }
    ids.insert(id.clone(), span);
    Some((id, span))
}

pub(super) fn derivations(
    c: &mut Checker,
    root: &Spanned<Node>,
    known: &Known,
    ids: &mut HashMap<String, Span>,
) -> Vec<Derivation> {
    let mut out = Vec::new();
    for node in top_list(c, root, "derived") {
        let Some(f) = c.fields(node, "a derivation", DERIVATION.allowed, DERIVATION.required)
        else {
            continue;
        };
        let id = rule_id(c, &f, "derivation", ids);
        let when = f.get("when").and_then(|n| condition(c, n, known, 0));
        let reason = f.get("reason").and_then(|n| c.text(n, "`reason`"));
        let claims = claim_refs(c, f.get("claims"), (&known.claims, known.claims_read), true, f.at);
        let sets = f
            .get("sets")
            .and_then(|n| sets(c, n, known, id.as_ref().map_or("?", |i| i.0.as_str())));
        if let (Some((id, span)), Some(when), Some(reason), Some((feature, value))) =
            (id, when, reason, sets)
        {
            out.push(Derivation { id, feature, value, when, reason, claims, span });
        }
    }
    out
}

fn sets(
    c: &mut Checker,
    node: &Spanned<Node>,
    known: &Known,
    id: &str,
) -> Option<(FeatureId, Value)> {
    let entries = c.map(node, "`sets`")?;
    let [(key, value)] = entries else {
        c.error_help(
            node.at,
            K::WrongType {
                what: "`sets`".into(),
                expected: "one feature and its value".into(),
                found: format!("{} entries", entries.len()),
            },
            Some("write one derivation per concluded feature".into()),
        );
        return None;
    };
    let feature = feature_ref(c, key, known)?;
    let f = &known.features[feature];
    match &f.kind {
        FeatureKind::Number { .. } => {
            c.error(
                key.at,
                K::NotDerivable {
                    id: id.to_owned(),
                    feature: f.name.clone(),
                    kind: "number".into(),
                },
            );
            None
        }
        FeatureKind::YesNo => match yes_no_word(&value.value) {
            Some(b) => Some((feature, Value::Flag(b))),
            None => {
                c.error_help(
                    value.at,
                    K::BadTest {
                        feature: f.name.clone(),
                        kind: kind_phrase(&f.kind),
                        found: value.value.kind().into(),
                    },
                    Some(format!("write `{}: yes` or `{}: no`", f.name, f.name)),
                );
                None
            }
        },
        FeatureKind::Choice { choices } => {
            let Node::Text(name) = &value.value else {
                c.wrong_type(value, "a derived choice", "one choice name");
                return None;
            };
            let Some(index) = choices.iter().position(|ch| ch.name == *name) else {
                let help = did_you_mean(name, choices.iter().map(|ch| ch.name.as_str()));
                c.error_help(
                    value.at,
                    K::UnknownChoice { feature: f.name.clone(), choice: name.to_string() },
                    help,
                );
                return None;
            };
            u8::try_from(index).ok().map(|i| (feature, Value::Choice(i)))
        }
    }
}

/// A weight: a word of the scale in any spelling, or a whole number in
/// range (also `clear_needs` in `pack.yaml`).
pub(super) fn weight(c: &mut Checker, node: &Spanned<Node>) -> Option<i32> {
    let words = WEIGHT_WORDS.iter().map(|(w, _)| *w);
    let help = format!(
        "a weight is `{}`, or a whole number from {MIN_WEIGHT} to {MAX_WEIGHT}",
        WEIGHT_WORDS.iter().map(|(w, _)| *w).collect::<Vec<_>>().join("`, `")
    );
    match &node.value {
        #[allow(clippy::cast_possible_truncation)]
        Node::Number(n)
            if n.fract() == 0.0 && (f64::from(MIN_WEIGHT)..=f64::from(MAX_WEIGHT)).contains(n) =>
        {
            Some(*n as i32)
        }
        Node::Text(t) => {
            if let Some((_, w)) = WEIGHT_WORDS.iter().find(|(word, _)| *word == normalize(t)) {
                Some(*w)
            } else {
                let h = did_you_mean(t, words).map_or(help, |d| d);
                c.error_help(node.at, K::BadWeight { found: format!("`{t}`") }, Some(h));
                None
            }
        }
        other => {
            let found = other
                .as_scalar_text()
                .map_or_else(|| other.kind().to_owned(), |t| format!("`{t}`"));
            c.error_help(node.at, K::BadWeight { found }, Some(help));
            None
        }
    }
}

fn effects(
    c: &mut Checker,
    node: &Spanned<Node>,
    known: &Known,
    sign: i32,
    key: &str,
    out: &mut Vec<(usize, i32)>,
) -> bool {
    let Some(entries) = c.map(node, &format!("`{key}`")) else { return false };
    let mut ok = true;
    for (profile, w) in entries {
        let Some(p) = known.profiles.iter().position(|p| p.id == profile.value) else {
            let ids: Vec<&str> = known.profiles.iter().map(|p| p.id.as_str()).collect();
            let help = did_you_mean(&profile.value, ids.iter().copied())
                .or_else(|| Some(format!("the profiles are `{}`", ids.join("`, `"))));
            c.error_help(profile.at, K::UnknownProfile { id: profile.value.to_string() }, help);
            ok = false;
            continue;
        };
        let Some(w) = weight(c, w) else {
            ok = false;
            continue;
        };
        if out.iter().any(|(q, _)| *q == p) {
            c.error_help(
                profile.at,
                K::Duplicate {
                    what: "profile in `favours` and `against`".into(),
                    id: profile.value.to_string(),
                },
                Some("a rule either counts for a profile or against it".into()),
            );
            ok = false;
            continue;
        }
        out.push((p, sign * w));
    }
    ok
}

pub(super) fn rules(
    c: &mut Checker,
    root: &Spanned<Node>,
    known: &Known,
    ids: &mut HashMap<String, Span>,
) -> Vec<Rule> {
    let mut out = Vec::new();
    for node in top_list(c, root, "rules") {
        let Some(f) = c.fields(node, "a rule", RULE.allowed, RULE.required) else {
            continue;
        };
        let id = rule_id(c, &f, "rule", ids);
        let when = f.get("when").and_then(|n| condition(c, n, known, 0));
        let reason = f.get("reason").and_then(|n| c.text(n, "`reason`"));
        let claims = claim_refs(c, f.get("claims"), (&known.claims, known.claims_read), true, f.at);
        let note = c.optional_text(&f, "note", "`note`");
        let mut effects_list = Vec::new();
        let mut ok = true;
        if let Some(n) = f.get("favours") {
            ok &= effects(c, n, known, 1, "favours", &mut effects_list);
        }
        if let Some(n) = f.get("against") {
            ok &= effects(c, n, known, -1, "against", &mut effects_list);
        }
        if ok && effects_list.is_empty() {
            if let Some((id, _)) = &id {
                c.error_help(
                    f.at,
                    K::NoEffect { id: id.clone() },
                    Some("add `favours: {PROFILE: weight}` or `against: {PROFILE: weight}`".into()),
                );
            }
            ok = false;
        }
        effects_list.sort_by_key(|(p, _)| *p);
        if let (true, Some((id, span)), Some(when), Some(reason)) = (ok, id, when, reason) {
            out.push(Rule { id, when, effects: effects_list, reason, note, claims, span });
        }
    }
    out
}

pub(super) fn alerts(
    c: &mut Checker,
    root: &Spanned<Node>,
    known: &Known,
    ids: &mut HashMap<String, Span>,
) -> Vec<Alert> {
    let mut out = Vec::new();
    for node in top_list(c, root, "alerts") {
        let Some(f) = c.fields(node, "an alert", ALERT.allowed, ALERT.required) else {
            continue;
        };
        let id = rule_id(c, &f, "alert", ids);
        let when = f.get("when").and_then(|n| condition(c, n, known, 0));
        let advice = f.get("advice").and_then(|n| c.text(n, "`advice`"));
        let kind = match f.get("kind") {
            None => Some(AlertKind::Care),
            Some(node) => alert_kind(c, node),
        };
        let claims =
            claim_refs(c, f.get("claims"), (&known.claims, known.claims_read), false, f.at);
        if let (Some((id, span)), Some(when), Some(kind), Some(advice)) = (id, when, kind, advice) {
            out.push(Alert { id, when, kind, advice, claims, span });
        }
    }
    out
}

/// `kind: care` (seek medical attention, the default) or `kind: caution`
/// (a trap of the comparison).
fn alert_kind(c: &mut Checker, node: &Spanned<Node>) -> Option<AlertKind> {
    let word = c.text(node, "`kind`")?;
    match word.as_str() {
        "care" => Some(AlertKind::Care),
        "caution" => Some(AlertKind::Caution),
        other => {
            let help = crate::pack::suggest::did_you_mean(other, ["care", "caution"])
                .unwrap_or_else(|| "`kind` is `care` (the default) or `caution`".to_owned());
            c.error_help(node.at, K::UnknownAlertKind { name: other.to_owned() }, Some(help));
            None
        }
    }
}
