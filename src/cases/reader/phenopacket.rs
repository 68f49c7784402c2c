//! GA4GH Phenopackets (schema v2.0): one phenopacket becomes one case.
//!
//! Only what a case needs is read, typed (serde); everything else in a
//! phenopacket is left alone:
//!
//! - `id` becomes the case's id;
//! - each `phenotypicFeatures[].type.id` (an HPO term) becomes the feature
//!   the pack maps it to (`hpo:` of a feature, or of one of its choices;
//!   `hpo_narrower:` for the more specific terms the pack says count too):
//!   `yes`, or `no` when the term is `excluded: true`; a choice's term sets
//!   that choice (an excluded choice term says nothing the case can hold,
//!   and is noted);
//! - the age: the earliest onset given as an ISO 8601 duration (of a
//!   phenotypic feature or a disease), or else the subject's age at the last
//!   encounter (noted, since it is not the age at onset), into the feature
//!   the pack names for it (`phenopacket: {onset_age: ...}` in pack.yaml);
//!   with both an onset and a last encounter, the years between them go to
//!   the feature the pack names `years_since_onset`, when it names one;
//! - a disease term the pack maps to a profile (`ids:` of a profile, MONDO,
//!   OMIM or Orphanet) becomes `expected`.
//!
//! A term the pack has no feature for is a note, never a failure. The case
//! is built as the tree a YAML case is read into and checked the same way,
//! so the same findings give the same result in either form. A phenopacket
//! that does not have the standard's shape fails alone, with the JSON path
//! at fault (`phenotypicFeatures[2].type.id`).

use serde::Deserialize;

use crate::{
    cases::case_error::{CaseError, CaseErrorKind},
    load::node::{Node, Text},
    load::yaml::Spanned,
    pack::Pack,
    pack::feature::FeatureKind,
    span::Position,
};

/// The parts of a phenopacket a case needs.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Phenopacket {
    pub(crate) id: String,
    #[serde(default)]
    pub(crate) subject: Option<Subject>,
    #[serde(default)]
    pub(crate) phenotypic_features: Vec<PhenotypicFeature>,
    #[serde(default)]
    pub(crate) diseases: Vec<Disease>,
    /// Required by the standard; its version is checked.
    pub(crate) meta_data: MetaData,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Subject {
    #[serde(default)]
    pub(crate) time_at_last_encounter: Option<TimeElement>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct PhenotypicFeature {
    #[serde(rename = "type")]
    pub(crate) term: OntologyClass,
    #[serde(default)]
    pub(crate) excluded: bool,
    #[serde(default)]
    pub(crate) onset: Option<TimeElement>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Disease {
    pub(crate) term: OntologyClass,
    #[serde(default)]
    pub(crate) excluded: bool,
    #[serde(default)]
    pub(crate) onset: Option<TimeElement>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct OntologyClass {
    pub(crate) id: String,
    #[serde(default)]
    pub(crate) label: String,
}

/// A time: only an age as an ISO 8601 duration gives a number; the other
/// forms (an onset term, an age range, a timestamp) are left alone.
#[derive(Debug, Deserialize)]
pub(crate) struct TimeElement {
    #[serde(default)]
    pub(crate) age: Option<Age>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Age {
    pub(crate) iso8601duration: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MetaData {
    pub(crate) phenopacket_schema_version: String,
}

/// The schema versions read: 2.0 and its patch releases.
fn supported(version: &str) -> bool {
    version == "2" || version == "2.0" || version.starts_with("2.0.")
}

/// Parses one phenopacket. A mistake says where, as a JSON path.
pub(crate) fn parse(bytes: &[u8], at: Position) -> Result<Phenopacket, CaseError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let packet: Phenopacket = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let text = inner.to_string();
        // serde_json ends its message with the place, which the path says.
        let reason = text.split(" at line ").next().unwrap_or(&text).to_owned();
        let kind = CaseErrorKind::Phenopacket {
            path: if path == "." { "(the top)".to_owned() } else { path },
            reason,
        };
        CaseError::at(at, kind)
            .help("a phenopacket is one JSON object of the GA4GH Phenopacket schema v2.0; docs/cases.md lists the fields read")
    })?;
    deserializer.end().map_err(|_| {
        CaseError::at(
            at,
            CaseErrorKind::Phenopacket {
                path: "(after the object)".to_owned(),
                reason: "more follows the phenopacket".to_owned(),
            },
        )
        .help("one phenopacket per file, or one per line in a `.jsonl` file")
    })?;
    if !supported(&packet.meta_data.phenopacket_schema_version) {
        return Err(CaseError::at(
            at,
            CaseErrorKind::Phenopacket {
                path: "metaData.phenopacketSchemaVersion".to_owned(),
                reason: format!(
                    "version `{}` is not read",
                    packet.meta_data.phenopacket_schema_version
                ),
            },
        )
        .help("neurotriage reads Phenopacket schema v2.0"));
    }
    Ok(packet)
}

#[cfg(test)]
/// Whole years in an ISO 8601 duration (`P45Y`, `P45Y6M`, `P3M2W`,
/// `P1Y2M10DT2H`), counted down: a person of 45 years and 6 months is 45.
/// `None` when it is not a duration.
pub(crate) fn years(duration: &str) -> Option<u32> {
    whole(exact_years(duration)?)
}

/// Whole years of a span of years, counted down, within what a person's
/// age can be.
fn whole(years: f64) -> Option<u32> {
    // Ages of a person: the cast cannot overflow or lose a sign.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    (years.is_finite() && (0.0..=1000.0).contains(&years)).then(|| years.floor() as u32)
}

/// The years of an ISO 8601 duration, months and days as fractions.
fn exact_years(duration: &str) -> Option<f64> {
    let rest = duration.strip_prefix('P')?;
    let date = rest.split('T').next().unwrap_or_default();
    if rest.is_empty() {
        return None;
    }
    let (mut years, mut months, mut days) = (0.0_f64, 0.0_f64, 0.0_f64);
    let mut number = String::new();
    for c in date.chars() {
        if c.is_ascii_digit() || c == '.' || c == ',' {
            number.push(if c == ',' { '.' } else { c });
            continue;
        }
        let value: f64 = number.parse().ok()?;
        number.clear();
        match c {
            'Y' => years += value,
            'M' => months += value,
            'W' => days += value * 7.0,
            'D' => days += value,
            _ => return None,
        }
    }
    if !number.is_empty() {
        return None;
    }
    Some(years + months / 12.0 + days / 365.25)
}

/// Whether a JSON object is a phenopacket rather than a case: it has the
/// standard's `metaData` or `phenotypicFeatures`, and no `features`.
pub(crate) fn looks_like(node: &Spanned<Node>) -> bool {
    let Node::Map(entries) = &node.value else { return false };
    let has = |key: &str| entries.iter().any(|(k, _)| k.value == key);
    (has("metaData") || has("phenotypicFeatures")) && !has("features")
}

/// What the pack makes of a term, as [`Vocabulary`] answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Meaning {
    /// A yes/no feature, by name.
    YesNo(String),
    /// A choice of a choice feature: (feature, choice).
    Choice(String, String),
}

/// The pack's side of the mapping, so that this file needs no more of the
/// pack than it says.
pub(crate) trait Vocabulary {
    /// The feature (or choice) an HPO term is, for this pack.
    fn term(&self, id: &str) -> Option<Meaning>;
    /// The profile a disease term (MONDO, OMIM, Orphanet) is.
    fn profile(&self, id: &str) -> Option<String>;
    /// The number features the pack names for the age at onset and the
    /// years since onset.
    fn onset_age(&self) -> Option<String>;
    fn years_since_onset(&self) -> Option<String>;
}

impl Vocabulary for Pack {
    fn term(&self, id: &str) -> Option<Meaning> {
        let target = self.feature_for_term(id)?;
        let feature = &self.features[target.feature];
        match (target.choice, &feature.kind) {
            (None, FeatureKind::YesNo) => Some(Meaning::YesNo(feature.name.clone())),
            (Some(c), FeatureKind::Choice { choices }) => {
                Some(Meaning::Choice(feature.name.clone(), choices.get(c)?.name.clone()))
            }
            // A term on a number feature says nothing the case can hold.
            _ => None,
        }
    }

    fn profile(&self, id: &str) -> Option<String> {
        self.profile_for_id(id).map(|p| self.profiles[p].id.clone())
    }

    fn onset_age(&self) -> Option<String> {
        self.phenopacket_onset_age.map(|f| self.features[f].name.clone())
    }

    fn years_since_onset(&self) -> Option<String> {
        self.phenopacket_years_since_onset.map(|f| self.features[f].name.clone())
    }
}

/// A phenopacket as a case tree (the tree a YAML case is read into), and
/// the notes about what it could not carry over.
pub(crate) fn to_case(
    packet: &Phenopacket,
    vocabulary: &dyn Vocabulary,
    at: Position,
) -> (Spanned<Node>, Vec<String>) {
    let mut notes = Vec::new();
    let mut features: Vec<(String, Node)> = Vec::new();
    let set = |name: String, value: Node, features: &mut Vec<(String, Node)>| {
        // A feature named twice with the same value is one finding; with
        // two values it is kept twice, for the case's check to refuse as
        // it refuses a YAML case stating both.
        if !features.iter().any(|(n, v)| *n == name && *v == value) {
            features.push((name, value));
        }
    };
    for (i, feature) in packet.phenotypic_features.iter().enumerate() {
        let term = &feature.term;
        match (vocabulary.term(&term.id), feature.excluded) {
            (Some(Meaning::YesNo(name)), excluded) => {
                set(name, Node::Bool(!excluded), &mut features);
            }
            (Some(Meaning::Choice(name, choice)), false) => {
                set(name, Node::Text(Text::from(choice.as_str())), &mut features);
            }
            (Some(Meaning::Choice(name, choice)), true) => notes.push(format!(
                "`phenotypicFeatures[{i}]`: {} is excluded; `{name}` cannot say \"not {choice}\", so it stays unknown",
                term_text(term)
            )),
            (None, _) => notes.push(format!(
                "`phenotypicFeatures[{i}]`: the pack has no feature for {}",
                term_text(term)
            )),
        }
    }
    // The age: the earliest onset given as a duration, else the age at the
    // last encounter.
    let onsets = packet
        .phenotypic_features
        .iter()
        .filter(|f| !f.excluded)
        .filter_map(|f| f.onset.as_ref())
        .chain(packet.diseases.iter().filter(|d| !d.excluded).filter_map(|d| d.onset.as_ref()));
    let onset = onsets
        .filter_map(|t| t.age.as_ref())
        .filter_map(|a| exact_years(&a.iso8601duration).filter(|y| whole(*y).is_some()))
        .min_by(f64::total_cmp);
    let last = packet
        .subject
        .as_ref()
        .and_then(|s| s.time_at_last_encounter.as_ref())
        .and_then(|t| t.age.as_ref())
        .and_then(|a| exact_years(&a.iso8601duration))
        .filter(|y| whole(*y).is_some());

    if let Some(name) = vocabulary.onset_age() {
        match (onset.and_then(whole), last.and_then(whole)) {
            (Some(onset), _) => set(name, Node::Number(f64::from(onset)), &mut features),
            (None, Some(last)) => {
                notes.push(format!(
                    "no onset age is given; `{name}` is the age at the last encounter ({last}), which may be later than the onset"
                ));
                set(name, Node::Number(f64::from(last)), &mut features);
            }
            (None, None) => {}
        }
    }
    if let (Some(name), Some(onset), Some(last)) = (vocabulary.years_since_onset(), onset, last)
        && let Some(span) = whole(last - onset)
    {
        set(name, Node::Number(f64::from(span)), &mut features);
    }
    let mut expected: Vec<String> = Vec::new();
    for (i, disease) in packet.diseases.iter().enumerate() {
        match vocabulary.profile(&disease.term.id) {
            Some(profile) if !disease.excluded => {
                if !expected.contains(&profile) {
                    expected.push(profile);
                }
            }
            Some(_) => {}
            None => notes.push(format!(
                "`diseases[{i}]`: the pack has no profile for {}",
                term_text(&disease.term)
            )),
        }
    }
    let spanned = |value: Node| Spanned { value, at };
    let key = |text: &str| Spanned { value: Text::from(text), at };
    let mut entries = vec![(key("id"), spanned(Node::Text(Text::from(packet.id.as_str()))))];
    match expected.as_slice() {
        [] => {}
        [one] => entries.push((key("expected"), spanned(Node::Text(Text::from(one.as_str()))))),
        several => notes.push(format!(
            "the diseases name {} profiles ({}); no `expected` is taken",
            several.len(),
            several.join(", ")
        )),
    }
    let features = features.into_iter().map(|(name, value)| (key(&name), spanned(value))).collect();
    entries.push((key("features"), spanned(Node::Map(features))));
    (spanned(Node::Map(entries)), notes)
}

/// `HP:0002380 (Fasciculations)`, the label only when there is one.
fn term_text(term: &OntologyClass) -> String {
    if term.label.is_empty() {
        format!("`{}`", term.id)
    } else {
        format!("`{}` ({})", term.id, term.label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_count_whole_years() {
        assert_eq!(years("P45Y"), Some(45));
        assert_eq!(years("P45Y11M"), Some(45));
        assert_eq!(years("P11M"), Some(0));
        assert_eq!(years("P1Y12M"), Some(2));
        assert_eq!(years("P52W"), Some(0));
        assert_eq!(years("P730D"), Some(1));
        assert_eq!(years("P2Y3M4DT5H"), Some(2));
        assert_eq!(years("P1,5Y"), Some(1));
        for bad in ["45Y", "P", "PY", "P4X", "P45", "", "P-3Y"] {
            assert_eq!(years(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_mistake_names_its_json_path() {
        let bad = br#"{"id": "p", "phenotypicFeatures": [{"type": {"id": "HP:0002380"}}, {"type": {"id": 3}}], "metaData": {"phenopacketSchemaVersion": "2.0"}}"#;
        let error = parse(bad, Position::line(1)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "not a phenopacket: at `phenotypicFeatures[1].type.id`: invalid type: integer `3`, expected a string"
        );
        let old = br#"{"id": "p", "metaData": {"phenopacketSchemaVersion": "1.0"}}"#;
        assert_eq!(
            parse(old, Position::line(1)).unwrap_err().to_string(),
            "not a phenopacket: at `metaData.phenopacketSchemaVersion`: version `1.0` is not read"
        );
        let no_meta = br#"{"id": "p"}"#;
        assert_eq!(
            parse(no_meta, Position::line(1)).unwrap_err().to_string(),
            "not a phenopacket: at `(the top)`: missing field `metaData`"
        );
    }
}
