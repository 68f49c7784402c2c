//! JSON Schemas for editors: one for the files of a rule pack (the same for
//! every pack) and one for case files (made from a pack, since the feature
//! names and values are the pack's).
//!
//! A schema is a help for writing, not the checker: `rules check` and
//! `batch` remain the judges, with positions and "did you mean". Names and
//! words are matched by patterns that follow [`crate::pack::name::normalize`]
//! (any letter case; spaces, `-` and `_` alike), so that a schema takes
//! the spellings the tool takes (a few edge cases aside, such as `true` as
//! an id); what it cannot see (a feature or
//! claim that does not exist, a duplicate id, a value given twice through a
//! synonym) is left to the tool. The tests hold the keys here to those of
//! [`crate::load::validate`] and [`crate::cases::case_file`], and check every shipped
//! file against them.

// The types below exist only to be described: nothing builds or reads them.
#![allow(dead_code)]

use std::borrow::Cow;

use indexmap::IndexMap;
use schemars::{JsonSchema, Schema, SchemaGenerator, generate::SchemaSettings, json_schema};
use serde_json::{Map, Value, json};

use crate::{
    cases::assignment,
    cases::case_file,
    pack::Pack,
    pack::feature::{Feature, FeatureKind},
    pack::weight::{MAX_WEIGHT, MIN_WEIGHT, WEIGHT_WORDS},
};

/// Which schema to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SchemaKind {
    /// Every file of a rule pack (`pack.yaml`, `features.yaml`, ...).
    Rules,
    /// A case file of the pack in use, in YAML or JSON Lines.
    Cases,
}

/// A schema as pretty-printed JSON, ending in a newline.
pub(crate) fn print(schema: &Value) -> String {
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}

/// The schema of every rule-pack file: each file is one of the kinds below,
/// told apart by its one top-level key.
pub(crate) fn rules() -> Value {
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    // Each file is told apart by its top-level key: `if` it has one, `then`
    // it is that file, so that an editor reports the mistake inside the
    // file rather than "matches none of six schemas".
    let files = [
        (generator.subschema_for::<PackFile>(), &["name", "profiles"][..]),
        (generator.subschema_for::<FeaturesFile>(), &["features"]),
        (generator.subschema_for::<ClaimsFile>(), &["claims"]),
        (generator.subschema_for::<RulesFile>(), &["rules"]),
        (generator.subschema_for::<DerivedFile>(), &["derived"]),
        (generator.subschema_for::<AlertsFile>(), &["alerts"]),
    ];
    let any = |keys: &[&str]| Value::Array(keys.iter().map(|k| json!({"required": [k]})).collect());
    let all_keys: Vec<&str> = files.iter().flat_map(|(_, keys)| keys.iter().copied()).collect();
    let which: Vec<Value> = files
        .iter()
        .map(|(file, keys)| json!({"if": {"anyOf": any(keys)}, "then": file}))
        .collect();
    let mut definitions = Value::Object(generator.take_definitions(true));
    tidy(&mut definitions);
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "neurotriage rule-pack file",
        "description": format!(
            "One file of a neurotriage rule pack: pack.yaml, features.yaml, claims.yaml, \
             rules.yaml, derived.yaml or alerts.yaml (docs/rules.md). {}",
            crate::DISCLAIMER
        ),
        "type": "object",
        "anyOf": any(&all_keys),
        "allOf": which,
        "$defs": definitions
    })
}

/// Three fixes to what the derive makes. Doc comments become descriptions
/// with their line breaks; an editor's tooltip wraps text itself. An
/// `Option` field may be left out but not written as `~`, which the
/// checker rejects; the derive would allow `null` for it. And `format`
/// (`uint32`, `double`) is not a format of the standard.
fn tidy(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("format");
            for (key, item) in map.iter_mut() {
                match (key.as_str(), &mut *item) {
                    ("description", Value::String(text)) => *text = text.replace('\n', " "),
                    ("properties", Value::Object(fields)) => {
                        for field in fields.values_mut() {
                            no_null(field);
                            tidy(field);
                        }
                    }
                    _ => tidy(item),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(tidy),
        _ => {}
    }
}

/// `{"type": ["string", "null"]}` as `{"type": "string"}`, and
/// `{"anyOf": [S, {"type": "null"}]}` as `S`.
fn no_null(field: &mut Value) {
    let Value::Object(map) = field else { return };
    if let Some(Value::Array(types)) = map.get_mut("type") {
        types.retain(|t| t != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            map.insert("type".into(), only);
        }
    }
    if let Some(Value::Array(options)) = map.get("anyOf") {
        let rest: Vec<&Value> = options.iter().filter(|o| **o != json!({"type": "null"})).collect();
        if let ([only], 2) = (rest.as_slice(), options.len()) {
            let only = (*only).clone();
            map.remove("anyOf");
            if let Value::Object(inner) = only {
                for (k, v) in inner {
                    map.entry(k).or_insert(v);
                }
            }
        }
    }
}

/// `pack.yaml`: the pack's name, the profiles being compared, the margin.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct PackFile {
    /// A short name for the pack.
    #[schemars(length(min = 1))]
    name: String,
    /// A one-line title.
    #[schemars(length(min = 1))]
    title: String,
    /// Where the claims come from.
    source: Option<String>,
    /// A lead smaller than this is "no clear difference".
    #[schemars(range(min = 1, max = 1000))]
    margin: u32,
    /// The profiles being compared, by id (at least two). Their order is the
    /// order of every table of the output.
    #[schemars(schema_with = "profiles")]
    profiles: IndexMap<String, ProfileEntry>,
}

/// One profile.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct ProfileEntry {
    /// Its full name.
    #[schemars(length(min = 1))]
    name: String,
    /// Other names it goes by.
    also_known_as: Option<Vec<String>>,
    /// One line on what it is.
    #[schemars(length(min = 1))]
    summary: String,
    /// Claims that describe it.
    claims: Option<Vec<ClaimRef>>,
}

/// `features.yaml`: the clinical features a case can state.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct FeaturesFile {
    /// Each feature by its name: lower-case `snake_case`.
    #[schemars(schema_with = "features")]
    features: IndexMap<String, FeatureEntry>,
}

/// One feature. A `number` needs `min` and `max`; a `choice` needs
/// `choices`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("allOf" = [
    {"if": {"required": ["type"], "properties": {"type": {"const": "number"}}},
     "then": {"required": ["min", "max"], "properties": {"choices": false}}},
    {"if": {"required": ["type"], "properties": {"type": {"const": "choice"}}},
     "then": {"required": ["choices"], "properties": {"min": false, "max": false, "unit": false}}},
    {"if": {"required": ["type"], "properties": {"type": {"const": "yes_no"}}},
     "then": {"properties": {"min": false, "max": false, "unit": false, "choices": false}}}
]))]
struct FeatureEntry {
    /// A short label, shown in explanations.
    #[schemars(length(min = 1))]
    label: String,
    /// The question the interview asks.
    #[schemars(length(min = 1))]
    question: String,
    /// What values it takes.
    #[serde(rename = "type")]
    kind: FeatureType,
    /// The unit of a number (`years`).
    unit: Option<String>,
    /// The smallest valid number.
    min: Option<f64>,
    /// The largest valid number.
    max: Option<f64>,
    /// Other names a person may type.
    synonyms: Option<Vec<String>>,
    /// The values of a choice, by name (lower-case `snake_case`).
    #[serde(default)]
    #[schemars(schema_with = "choices")]
    choices: Option<IndexMap<String, Option<ChoiceEntry>>>,
}

#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
enum FeatureType {
    /// Present or absent.
    YesNo,
    /// One of the named `choices`.
    Choice,
    /// A number from `min` to `max`.
    Number,
}

/// One value of a choice.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct ChoiceEntry {
    /// A longer label.
    label: Option<String>,
    /// Other names a person may type.
    synonyms: Option<Vec<String>>,
}

/// `claims.yaml`: the numbered, paraphrased claims of the source material.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct ClaimsFile {
    claims: Vec<ClaimEntry>,
}

/// One claim.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct ClaimEntry {
    /// Its id, cited by rules (`C04`).
    #[schemars(length(min = 1))]
    id: String,
    /// The section of the source it comes from.
    section: Option<String>,
    /// Whether it separates profiles or only gives context.
    kind: ClaimKindEntry,
    /// The claim, paraphrased.
    #[schemars(length(min = 1))]
    claim: String,
    /// Where the source is oversimplified or dated; shown whenever a rule
    /// citing the claim is used.
    caveat: Option<String>,
}

#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
enum ClaimKindEntry {
    /// Meant to tell the profiles apart; a rule should cite it.
    Discriminating,
    /// Context only.
    Background,
}

/// `rules.yaml`: weighted rules.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct RulesFile {
    rules: Vec<RuleEntry>,
}

/// One rule: when its condition is true, each profile in `favours` gains
/// its weight and each in `against` loses it. It needs one of the two.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("anyOf" = [{"required": ["favours"]}, {"required": ["against"]}]))]
struct RuleEntry {
    id: RuleId,
    when: Condition,
    /// The profiles it counts for, with a weight each.
    favours: Option<Weights>,
    /// The profiles it counts against, with a weight each.
    against: Option<Weights>,
    /// One plain sentence, shown in explanations.
    #[schemars(length(min = 1))]
    reason: String,
    /// The claims it rests on.
    #[schemars(length(min = 1))]
    claims: Vec<ClaimRef>,
    /// Shown with the rule in `rules list`.
    note: Option<String>,
}

/// `derived.yaml`: facts concluded from other facts.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct DerivedFile {
    derived: Vec<DerivationEntry>,
}

/// One derivation.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct DerivationEntry {
    id: RuleId,
    /// One `yes_no` or `choice` feature and the value to conclude.
    #[schemars(schema_with = "sets")]
    sets: IndexMap<String, Value>,
    when: Condition,
    /// Why the conclusion follows, in plain words.
    #[schemars(length(min = 1))]
    reason: String,
    /// The claims it rests on.
    #[schemars(length(min = 1))]
    claims: Vec<ClaimRef>,
}

/// `alerts.yaml`: findings that need prompt medical attention.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct AlertsFile {
    alerts: Vec<AlertEntry>,
}

/// One alert: advice to seek care, shown whatever the comparison says.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct AlertEntry {
    id: RuleId,
    when: Condition,
    /// The advice.
    #[schemars(length(min = 1))]
    advice: String,
    /// The claims it rests on.
    claims: Option<Vec<ClaimRef>>,
}

/// A rule, derivation or alert id: lower-case letters, digits and `-`,
/// unique across the pack.
struct RuleId;

impl JsonSchema for RuleId {
    fn schema_name() -> Cow<'static, str> {
        "RuleId".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A rule, derivation or alert id: lower-case letters, digits and `-`, unique across the pack.",
            "type": "string",
            "pattern": "^[a-z0-9][a-z0-9-]*$"
        })
    }
}

/// A claim id declared in `claims.yaml`.
struct ClaimRef;

impl JsonSchema for ClaimRef {
    fn schema_name() -> Cow<'static, str> {
        "ClaimRef".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A claim id declared in `claims.yaml`.",
            "type": "string",
            "minLength": 1
        })
    }
}

/// Profile ids, each with a weight.
struct Weights;

impl JsonSchema for Weights {
    fn schema_name() -> Cow<'static, str> {
        "Weights".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let words: Vec<&str> = WEIGHT_WORDS.iter().map(|(word, _)| *word).collect();
        json_schema!({
            "description": "Profile ids, each with a weight: a word or a whole number.",
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": PROFILE_ID},
            "additionalProperties": {
                "anyOf": [
                    {"enum": words},
                    {"type": "string", "pattern": spelling(words.iter().copied())},
                    {"type": "integer", "minimum": MIN_WEIGHT, "maximum": MAX_WEIGHT}
                ]
            }
        })
    }
}

/// A condition: a mapping whose entries must all hold.
struct Condition;

impl JsonSchema for Condition {
    fn schema_name() -> Cow<'static, str> {
        "Condition".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let condition = generator.subschema_for::<Condition>();
        json_schema!({
            "description": "Every entry must hold: `FEATURE: yes`, `FEATURE: CHOICE`, `FEATURE: [CHOICE, ...]`, `FEATURE: {at_least: N}`, or `all`, `any`, `not`.",
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": SNAKE_CASE},
            "properties": {
                "all": {"description": "Every listed condition holds.", "type": "array", "minItems": 1, "items": condition},
                "any": {"description": "At least one listed condition holds.", "type": "array", "minItems": 1, "items": condition},
                "not": condition
            },
            "additionalProperties": {
                "anyOf": [
                    {"description": "A yes/no feature is present or absent.", "type": "boolean"},
                    {"description": "`yes`, `no`, or a choice.", "type": "string", "minLength": 1},
                    {"description": "One of these choices.", "type": "array", "minItems": 1, "items": {"type": "string"}},
                    {
                        "description": "A number compared with bounds: one of `at_least`/`above` and one of `at_most`/`below`.",
                        "type": "object",
                        "minProperties": 1,
                        "maxProperties": 2,
                        "properties": {
                            "at_least": {"type": "number"},
                            "above": {"type": "number"},
                            "at_most": {"type": "number"},
                            "below": {"type": "number"}
                        },
                        "additionalProperties": false,
                        "not": {"anyOf": [
                            {"required": ["at_least", "above"]},
                            {"required": ["at_most", "below"]}
                        ]}
                    }
                ]
            }
        })
    }
}

/// A number as text (`"63"`, `"62."`, `".5"`, `"6e1"`), which JSON Lines
/// cases may use.
const NUMBER_TEXT: &str = "^[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?$";
/// `[a-z][a-z0-9_]*`, as [`crate::pack::name::is_snake_case`] checks.
const SNAKE_CASE: &str = "^[a-z][a-z0-9_]*$";
/// A letter, then letters, digits, `_` and `-`, as
/// [`crate::pack::name::is_profile_id`] checks.
const PROFILE_ID: &str = "^[A-Za-z][A-Za-z0-9_-]*$";

fn map_of<T: JsonSchema>(
    generator: &mut SchemaGenerator,
    description: &str,
    names: &str,
    min: usize,
) -> Schema {
    let value = generator.subschema_for::<T>();
    json_schema!({
        "description": description,
        "type": "object",
        "minProperties": min,
        "propertyNames": {"pattern": names},
        "additionalProperties": value
    })
}

fn profiles(generator: &mut SchemaGenerator) -> Schema {
    map_of::<ProfileEntry>(
        generator,
        "The profiles being compared, by id (at least two).",
        PROFILE_ID,
        2,
    )
}

fn features(generator: &mut SchemaGenerator) -> Schema {
    map_of::<FeatureEntry>(generator, "Each feature by its name.", SNAKE_CASE, 1)
}

fn choices(generator: &mut SchemaGenerator) -> Schema {
    map_of::<Option<ChoiceEntry>>(generator, "The values of a choice, by name.", SNAKE_CASE, 1)
}

fn sets(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "description": "One feature and the value to conclude: `FEATURE: yes`, `FEATURE: no` or `FEATURE: CHOICE`.",
        "type": "object",
        "minProperties": 1,
        "maxProperties": 1,
        "propertyNames": {"pattern": SNAKE_CASE},
        "additionalProperties": {"type": ["boolean", "string"]}
    })
}

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
            _ => json!({
                "description": "The features that are known, as `name: value` pairs; a feature left out is unknown.",
                "type": "object",
                "properties": features,
                "patternProperties": spellings,
                "additionalProperties": false
            }),
        };
        properties.insert(key.to_owned(), schema);
    }
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

/// A pattern matching any of `words` the way [`crate::pack::name::normalize`]
/// compares names: letters in either case, and any run of spaces, `-` and
/// `_` between words; spaces around the whole are allowed. ECMA-262
/// patterns (those of JSON Schema) have no case-insensitive flag, hence
/// `[Aa]`.
fn spelling<'w>(words: impl IntoIterator<Item = &'w str>) -> String {
    const GAP: &str = "[\\s_-]+";
    let mut alternatives: Vec<String> = Vec::new();
    for word in words {
        let mut pattern = String::new();
        let mut gap = false;
        for ch in word.trim().chars() {
            if ch.is_whitespace() || ch == '_' || (ch == '-' && word.trim() != "-") {
                gap = !pattern.is_empty();
                continue;
            }
            if gap {
                pattern.push_str(GAP);
                gap = false;
            }
            let lower: String = ch.to_lowercase().collect();
            let upper: String = ch.to_uppercase().collect();
            if lower != upper && lower.chars().count() == 1 && upper.chars().count() == 1 {
                pattern.push('[');
                pattern.push_str(&upper);
                pattern.push_str(&lower);
                pattern.push(']');
            } else {
                // Only the syntax characters may be escaped in a pattern
                // read in Unicode mode (as strict validators read them).
                if "^$\\.*+?()[]{}|/".contains(ch) {
                    pattern.push('\\');
                }
                pattern.push(ch);
            }
        }
        if !alternatives.contains(&pattern) {
            alternatives.push(pattern);
        }
    }
    // Spaces, `-` and `_` around a name are dropped by the tool too.
    format!("^[\\s_-]*(?:{})[\\s_-]*$", alternatives.join("|"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::validate;

    fn object<'v>(schema: &'v Value, path: &[&str]) -> &'v Map<String, Value> {
        let mut at = schema;
        for step in path {
            at = &at[*step];
        }
        at.as_object().unwrap_or_else(|| panic!("no object at {path:?}"))
    }

    fn keys(map: &Map<String, Value>) -> Vec<&str> {
        let mut keys: Vec<&str> = map.keys().map(String::as_str).collect();
        keys.sort_unstable();
        keys
    }

    fn sorted(list: &[&'static str]) -> Vec<&'static str> {
        let mut list = list.to_vec();
        list.sort_unstable();
        list
    }

    fn required(def: &Map<String, Value>) -> Vec<&str> {
        let mut list: Vec<&str> = def
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        list.sort_unstable();
        list
    }

    /// The schema knows exactly the keys the checker knows.
    #[test]
    fn the_rule_schema_has_the_keys_of_the_checker() {
        let schema = rules();
        for (def, keys_of) in [
            ("PackFile", &validate::PACK),
            ("ProfileEntry", &validate::PROFILE),
            ("FeatureEntry", &validate::FEATURE),
            ("ChoiceEntry", &validate::CHOICE),
            ("ClaimEntry", &validate::CLAIM),
            ("DerivationEntry", &validate::DERIVATION),
            ("RuleEntry", &validate::RULE),
            ("AlertEntry", &validate::ALERT),
        ] {
            let definition = object(&schema, &["$defs", def]);
            assert_eq!(
                keys(object(&schema, &["$defs", def, "properties"])),
                sorted(keys_of.allowed),
                "{def}"
            );
            assert_eq!(required(definition), sorted(keys_of.required), "{def}");
            assert_eq!(definition.get("additionalProperties"), Some(&json!(false)), "{def}");
        }
    }

    #[test]
    fn the_case_schema_has_the_keys_of_a_case() {
        let pack =
            crate::load::load(&crate::load::PackSource::Builtin).pack.expect("built-in pack");
        let schema = cases(&pack);
        assert_eq!(
            keys(object(&schema, &["$defs", "case", "properties"])),
            sorted(&case_file::KEYS)
        );
        let features = object(&schema, &["$defs", "case", "properties", "features", "properties"]);
        for feature in &pack.features {
            assert!(features.contains_key(&feature.name), "{}", feature.name);
        }
    }
}
