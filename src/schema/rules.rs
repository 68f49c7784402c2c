//! The schema of every rule-pack file, derived with schemars from types
//! that describe the files. The types exist only to be described: nothing
//! builds or reads them.

#![allow(dead_code)]

use std::borrow::Cow;

use indexmap::IndexMap;
use schemars::{JsonSchema, Schema, SchemaGenerator, generate::SchemaSettings, json_schema};
use serde_json::{Value, json};

use super::{PROFILE_ID, SNAKE_CASE, spelling};
use crate::pack::weight::{MAX_WEIGHT, MIN_WEIGHT, WEIGHT_WORDS};

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
    /// A clear verdict also needs a fired rule in the leader's favour of at
    /// least this weight, so that weak tendencies alone are never clear.
    clear_needs: Option<Weight>,
    /// Two profiles each with at least this many points in their favour
    /// mean the findings conflict (no clear verdict) unless the lead is
    /// larger than the runner-up's points.
    #[schemars(range(min = 1, max = 1000))]
    conflict_needs: Option<u32>,
    /// The number features a phenopacket's ages go to (batch input).
    phenopacket: Option<PhenopacketAges>,
    /// The profiles being compared, by id (at least two). Their order is the
    /// order of every table of the output.
    #[schemars(schema_with = "profiles")]
    profiles: IndexMap<String, ProfileEntry>,
}

/// `phenopacket:` in `pack.yaml`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct PhenopacketAges {
    /// The number feature the earliest onset age goes to, in whole years.
    onset_age: Option<String>,
    /// The number feature the years from onset to the last encounter go to.
    years_since_onset: Option<String>,
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
    /// Disease terms that are this profile, for reading a phenopacket's
    /// diseases: `MONDO:` and seven digits, `OMIM:` and six, or `ORPHA:`
    /// and digits. Each id once in the pack.
    ids: Option<Vec<DiseaseId>>,
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
    /// Why no rule weighs this feature on purpose, for example because it
    /// occurs in every profile; shown to a student who names it. `rules
    /// check` warns when a rule reads a feature that has one.
    neutral: Option<NeutralEntry>,
    /// Human Phenotype Ontology terms that are this feature (for a yes/no
    /// feature, the term present means `yes`). Each term once in the pack.
    hpo: Option<Vec<HpoId>>,
    /// More specific (descendant) HPO terms the pack also counts as this
    /// feature when reading a phenopacket; other descendants do not count.
    hpo_narrower: Option<Vec<HpoId>>,
}

/// Why a feature is deliberately weighed by no rule.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct NeutralEntry {
    /// One plain sentence: why the feature does not tell the profiles apart.
    #[schemars(length(min = 1))]
    reason: String,
    /// The claims the reason rests on.
    #[schemars(length(min = 1))]
    claims: Vec<ClaimRef>,
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
    /// Human Phenotype Ontology terms that are this choice.
    hpo: Option<Vec<HpoId>>,
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
    /// `care` (the default): advice to seek medical attention. `caution`:
    /// a trap of the comparison, where the simplified source misleads.
    kind: Option<AlertKindEntry>,
    /// The advice.
    #[schemars(length(min = 1))]
    advice: String,
    /// The claims it rests on.
    claims: Option<Vec<ClaimRef>>,
}

/// One weight: a word of the scale in any spelling, or a whole number.
struct Weight;

impl JsonSchema for Weight {
    fn schema_name() -> Cow<'static, str> {
        "Weight".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let words: Vec<&str> = WEIGHT_WORDS.iter().map(|(word, _)| *word).collect();
        json_schema!({
            "anyOf": [
                {"enum": words},
                {"type": "string", "pattern": spelling(words.iter().copied())},
                {"type": "integer", "minimum": MIN_WEIGHT, "maximum": MAX_WEIGHT}
            ]
        })
    }
}

/// What an alert is for.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum AlertKindEntry {
    Care,
    Caution,
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

/// A Human Phenotype Ontology term id: `HP:` and seven digits.
struct HpoId;

impl JsonSchema for HpoId {
    fn schema_name() -> Cow<'static, str> {
        "HpoId".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A Human Phenotype Ontology term id: `HP:` and seven digits, such as `HP:0002380`.",
            "type": "string",
            "pattern": super::HPO_ID
        })
    }
}

/// A disease term id: `MONDO:`, `OMIM:` or `ORPHA:` and digits.
struct DiseaseId;

impl JsonSchema for DiseaseId {
    fn schema_name() -> Cow<'static, str> {
        "DiseaseId".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A disease term id: `MONDO:` and seven digits, `OMIM:` and six, or `ORPHA:` and digits, such as `MONDO:0005301`.",
            "type": "string",
            "pattern": super::DISEASE_ID
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

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Profile ids, each with a weight: a word or a whole number.",
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": PROFILE_ID},
            "additionalProperties": generator.subschema_for::<Weight>()
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
