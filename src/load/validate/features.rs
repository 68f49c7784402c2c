//! `features.yaml`: feature names, synonyms and kinds (yes/no, number with
//! its range, choice with its choices).

use std::collections::HashMap;

use super::{CHOICE, Checker, FEATURE, Fields};
use crate::{
    limits,
    load::node::Node,
    load::pack_error::PackErrorKind as K,
    load::yaml::Spanned,
    pack::feature::{Choice, Feature, FeatureId, FeatureKind},
    pack::name::{is_snake_case, normalize},
    pack::suggest::did_you_mean,
    pack::value::format_number,
};

pub(super) fn features(
    c: &mut Checker,
    root: &Spanned<Node>,
) -> (Vec<Feature>, HashMap<String, FeatureId>) {
    let mut out: Vec<Feature> = Vec::new();
    let mut index: HashMap<String, FeatureId> = HashMap::new();
    let Some(top) = c.fields(root, "`features.yaml`", &["features"], &["features"]) else {
        return (out, index);
    };
    let Some(entries) = top.get("features").and_then(|n| c.map(n, "`features`")) else {
        return (out, index);
    };
    if entries.len() > limits::MAX_FEATURES {
        c.error(root.at, K::TooMany { what: "features".into(), limit: limits::MAX_FEATURES });
        return (out, index);
    }
    // Each word (name or synonym, normalised) and the feature that owns it,
    // so a word shared by two features is caught wherever it appears.
    let mut owners: HashMap<String, String> = HashMap::new();
    for (key, value) in entries {
        let name = key.value.to_string();
        if !is_snake_case(&name) {
            c.error(
                key.at,
                K::BadName {
                    what: "feature name".into(),
                    name: name.clone(),
                    rule: "use lower-case `snake_case`, starting with a letter".into(),
                },
            );
            continue;
        }
        if matches!(name.as_str(), "all" | "any" | "not") {
            c.error_help(
                key.at,
                K::BadName {
                    what: "feature name".into(),
                    name: name.clone(),
                    rule: "`all`, `any` and `not` are reserved for conditions".into(),
                },
                Some("choose a more specific name".into()),
            );
            continue;
        }
        let context = format!("feature `{name}`");
        let Some(f) = c.fields(value, &context, FEATURE.allowed, FEATURE.required) else {
            continue;
        };
        let label = f.get("label").and_then(|n| c.text(n, "`label`"));
        let question = f.get("question").and_then(|n| c.text(n, "`question`"));
        let synonyms = f.get("synonyms").map(|n| c.text_list(n, "`synonyms`")).unwrap_or_default();
        let Some(type_node) = f.get("type") else { continue };
        let Some(type_name) = c.text(type_node, "`type`") else { continue };
        let kind = match type_name.as_str() {
            "yes_no" => {
                for key in ["unit", "min", "max", "choices"] {
                    if let Some(n) = f.get(key) {
                        c.error_help(
                            n.at,
                            K::UnknownKey { key: key.into(), context: context.clone() },
                            Some(format!("`{key}` belongs to a `number` or `choice` feature")),
                        );
                    }
                }
                Some(FeatureKind::YesNo)
            }
            "number" => number_kind(c, &f, &context),
            "choice" => choice_kind(c, &f, &context),
            other => {
                let help = did_you_mean(other, ["yes_no", "choice", "number"]).or_else(|| {
                    Some("a feature's `type` is `yes_no`, `choice` or `number`".into())
                });
                c.error_help(type_node.at, K::UnknownType { name: other.to_owned() }, help);
                None
            }
        };
        let (Some(label), Some(question), Some(kind)) = (label, question, kind) else { continue };
        let mut words = vec![Spanned { value: name.clone(), at: key.at }];
        words.extend(synonyms.iter().cloned());
        for word in &words {
            let norm = normalize(&word.value);
            match owners.get(&norm) {
                Some(owner) if *owner != name => c.error_help(
                    word.at,
                    K::SharedWord { word: word.value.clone(), first: owner.clone(), second: name.clone() },
                    Some("a word a person types must point to one feature; remove it from one of them".into()),
                ),
                Some(_) => {}
                None => {
                    owners.insert(norm.clone(), name.clone());
                    index.insert(norm, out.len());
                }
            }
        }
        out.push(Feature {
            name: name.clone(),
            label,
            question,
            synonyms: synonyms.into_iter().map(|s| s.value).collect(),
            kind,
            span: c.span(key.at),
        });
    }
    for (key, _) in entries {
        if !out.iter().any(|f| f.name == key.value) {
            c.broken.insert(key.value.to_string());
        }
    }
    (out, index)
}

fn number_kind(c: &mut Checker, f: &Fields<'_>, context: &str) -> Option<FeatureKind> {
    if let Some(n) = f.get("choices") {
        c.error_help(
            n.at,
            K::UnknownKey { key: "choices".into(), context: context.to_owned() },
            Some("`choices` belongs to a `choice` feature".into()),
        );
    }
    let unit = c.optional_text(f, "unit", "`unit`");
    let min_node = f.get("min");
    let max_node = f.get("max");
    if min_node.is_none() || max_node.is_none() {
        let missing = if min_node.is_none() { "min" } else { "max" };
        c.error_help(
            f.at,
            K::MissingKey { key: missing.into(), context: context.to_owned() },
            Some("a `number` feature needs its valid range: `min` and `max`".into()),
        );
        return None;
    }
    let min = min_node.and_then(|n| c.number(n, "`min`"))?;
    let max = max_node.and_then(|n| c.number(n, "`max`"))?;
    if min >= max {
        c.error(
            min_node.map_or(f.at, |n| n.at),
            K::BadBounds { min: format_number(min), max: format_number(max) },
        );
        return None;
    }
    Some(FeatureKind::Number { unit, min, max })
}

fn choice_kind(c: &mut Checker, f: &Fields<'_>, context: &str) -> Option<FeatureKind> {
    for key in ["unit", "min", "max"] {
        if let Some(n) = f.get(key) {
            c.error_help(
                n.at,
                K::UnknownKey { key: key.into(), context: context.to_owned() },
                Some(format!("`{key}` belongs to a `number` feature")),
            );
        }
    }
    let Some(node) = f.get("choices") else {
        c.error_help(
            f.at,
            K::MissingKey { key: "choices".into(), context: context.to_owned() },
            Some("a `choice` feature lists its `choices`".into()),
        );
        return None;
    };
    let entries = c.map(node, "`choices`")?;
    if entries.is_empty() {
        c.error(node.at, K::Empty { what: "`choices`".into() });
        return None;
    }
    if entries.len() > limits::MAX_CHOICES {
        c.error(node.at, K::TooMany { what: "choices".into(), limit: limits::MAX_CHOICES });
        return None;
    }
    let mut choices: Vec<Choice> = Vec::new();
    let mut words: HashMap<String, String> = HashMap::new();
    for (key, value) in entries {
        if !is_snake_case(&key.value) {
            c.error(
                key.at,
                K::BadName {
                    what: "choice name".into(),
                    name: key.value.to_string(),
                    rule: "use lower-case `snake_case`, starting with a letter".into(),
                },
            );
            continue;
        }
        let (label, synonyms) = if value.value == Node::Null {
            (None, Vec::new())
        } else {
            let Some(cf) = c.fields(
                value,
                &format!("choice `{}`", key.value),
                CHOICE.allowed,
                CHOICE.required,
            ) else {
                continue;
            };
            let label = c.optional_text(&cf, "label", "`label`");
            let synonyms =
                cf.get("synonyms").map(|n| c.text_list(n, "`synonyms`")).unwrap_or_default();
            (label, synonyms)
        };
        for word in
            std::iter::once(&Spanned { value: key.value.to_string(), at: key.at }).chain(&synonyms)
        {
            let norm = normalize(&word.value);
            if let Some(owner) = words.get(&norm).filter(|o| **o != key.value) {
                c.error_help(
                    word.at,
                    K::Duplicate {
                        what: format!("choice word (also in `{owner}`)"),
                        id: word.value.clone(),
                    },
                    Some("each word must point to one choice".into()),
                );
            } else {
                words.insert(norm, key.value.to_string());
            }
        }
        choices.push(Choice {
            name: key.value.to_string(),
            label,
            synonyms: synonyms.into_iter().map(|s| s.value).collect(),
        });
    }
    Some(FeatureKind::Choice { choices })
}
