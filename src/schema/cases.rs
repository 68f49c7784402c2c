//! The schema of a case file, made from the pack in use: its feature
//! names, synonyms and values, accepted in every spelling the tool accepts.

use serde_json::{Map, Value, json};

use super::{NUMBER_TEXT, spelling};
use crate::{
    cases::{assignment, case_file},
    pack::{
        Pack,
        feature::{Feature, FeatureKind},
    },
};

/// The schema of one case of `pack`, or of a list of cases (a YAML file may
/// hold either; each document of a multi-document file is one case, and
/// each line of a JSON Lines file).
pub(crate) fn cases(pack: &Pack) -> Value {
    // `properties` lists each name and synonym as the pack spells it, for
    // completion; `patternProperties` accepts every spelling the tool
    // accepts (any letter case, `-`, `_` or spaces between words).
    let mut features = Map::new();
    let mut spellings = Map::new();
    let mut defs = Map::new();
    for feature in &pack.features {
        let def = format!("value-{}", feature.name);
        let value = json!({"$ref": format!("#/$defs/{def}")});
        defs.insert(def, feature_value(feature));
        let mut described = value.clone();
        described["description"] = json!(format!("{}: {}", feature.label, feature.question));
        features.insert(feature.name.clone(), described);
        for synonym in &feature.synonyms {
            // A synonym's description names the feature, so that
            // completion shows what it stands for.
            if !features.contains_key(synonym) {
                let mut described = value.clone();
                described["description"] =
                    json!(format!("the same as `{}`: {}", feature.name, feature.label));
                features.insert(synonym.clone(), described);
            }
        }
        let names = std::iter::once(&feature.name).chain(&feature.synonyms);
        spellings.insert(spelling(names.map(String::as_str)), value);
    }
    let mut expected: Vec<String> = pack.profiles.iter().map(|p| p.id.clone()).collect();
    expected.extend(["none".to_owned(), "no clear difference".to_owned()]);
    let profiles: Vec<String> = pack.profiles.iter().map(|p| format!("`{}`", p.id)).collect();
    let claim_ids: Vec<&str> = pack.claims.iter().map(|c| c.id.as_str()).collect();
    let mut properties = Map::new();
    for key in case_file::KEYS {
        let schema = match key {
            "id" => json!({
                "description": "A name for the case, not used by another case in the same run.",
                "type": ["string", "number"],
                "pattern": "\\S"
            }),
            "description" => {
                json!({"description": "The vignette in plain words.", "type": ["string", "number", "boolean"]})
            }
            "expected" => json!({
                "description": format!("The verdict the case should get: {} or `none` (no clear difference).", profiles.join(", ")),
                "anyOf": [
                    {"enum": expected},
                    {"type": "string", "pattern": spelling(expected.iter().map(String::as_str))}
                ]
            }),
            "rationale" => {
                json!({"description": "Why that verdict is expected (a note for teachers).", "type": ["string", "number", "boolean"]})
            }
            "title" => {
                json!({"description": "A teaching case's title: short, and not giving the answer away.", "type": ["string", "number"]})
            }
            "teaching_points" => json!({
                "description": "What a teaching case is for: one point per item.",
                "type": "array",
                "items": {"type": ["string", "number"]}
            }),
            "claims" => json!({
                "description": "The ids of the pack's claims the case rests on.",
                "type": "array",
                "items": {"enum": claim_ids}
            }),
            "stages" => json!({
                "description": "A teaching case's steps (history, examination, tests...), in order; each reveals some features. Evaluated whole, the case counts all its stages together.",
                "type": "array",
                "minItems": 1,
                "items": {"$ref": "#/$defs/stage"}
            }),
            _ => json!({"$ref": "#/$defs/features"}),
        };
        properties.insert(key.to_owned(), schema);
    }
    defs.insert(
        "features".into(),
        json!({
            "description": "The features that are known, as `name: value` pairs; a feature left out is unknown.",
            "type": "object",
            "properties": features,
            "patternProperties": spellings,
            "additionalProperties": false
        }),
    );
    defs.insert(
        "stage".into(),
        json!({
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"description": "The stage's name, such as `history`, `examination` or `tests`.", "type": "string", "pattern": "\\S"},
                "description": {"description": "What a student learns at this stage, in plain words.", "type": ["string", "number"]},
                "features": {"$ref": "#/$defs/features"}
            },
            "additionalProperties": false
        }),
    );
    defs.insert(
        "case".into(),
        json!({
            "type": "object",
            "required": ["id"],
            "properties": properties,
            "additionalProperties": false
        }),
    );
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": format!("neurotriage case for the rule pack `{}`", pack.name),
        "description": format!("A case, or a list of cases, for `neurotriage batch` (docs/cases.md). {}", crate::DISCLAIMER),
        "anyOf": [
            {"$ref": "#/$defs/case"},
            {"type": "array", "items": {"$ref": "#/$defs/case"}}
        ],
        "$defs": defs
    })
}

/// What a feature's value may be: a value, or a word for "unknown", or
/// nothing (also unknown). Words are listed for completion and matched by
/// pattern in any spelling the tool accepts.
fn feature_value(feature: &Feature) -> Value {
    let mut unknown: Vec<&str> = assignment::UNKNOWN.to_vec();
    unknown.push("not known");
    let words = |list: Vec<&str>| {
        json!([
            {"enum": list},
            {"type": "string", "pattern": spelling(list.iter().copied())}
        ])
    };
    let mut any_of = match &feature.kind {
        FeatureKind::YesNo => {
            let mut list = words(assignment::YES.iter().chain(&assignment::NO).copied().collect());
            if let Value::Array(items) = &mut list {
                items.extend([json!({"type": "boolean"}), json!({"enum": [0, 1]})]);
            }
            list
        }
        FeatureKind::Choice { choices } => words(
            choices
                .iter()
                .flat_map(|c| std::iter::once(&c.name).chain(&c.synonyms))
                .map(String::as_str)
                .collect(),
        ),
        FeatureKind::Number { min, max, .. } => json!([
            {"type": "number", "minimum": min, "maximum": max},
            {"description": "a number written as text", "type": "string", "pattern": NUMBER_TEXT}
        ]),
    };
    if let Value::Array(items) = &mut any_of {
        items.push(json!({"description": "unknown", "enum": unknown.clone()}));
        items.push(json!({"description": "unknown", "type": "string", "pattern": spelling(unknown.iter().copied())}));
        items.push(json!({"description": "unknown", "type": "null"}));
    }
    json!({"anyOf": any_of})
}
