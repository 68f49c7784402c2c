//! Case files: one case in YAML, with an optional expected verdict.
//!
//! ```yaml
//! id: als-01-typical-limb-onset
//! description: A 63-year-old with ...
//! expected: ALS            # a profile id, or `none` for "no clear difference"
//! features:
//!   age: 63
//!   fasciculations: yes
//!   sensory_loss: no
//! ```
//!
//! Feature names, synonyms and values are read exactly as on the command
//! line (see [`crate::cases::assignment`]). A teaching case adds `title`,
//! `stages`, `teaching_points` and `claims` ([`crate::cases::teaching`]).

use std::fmt::Write as _;

use crate::{
    cases::assignment,
    cases::case::{Case, Entry},
    cases::case_error::{CaseError, CaseErrorKind as K},
    cases::teaching::{self, Teaching},
    load::node::Node,
    load::yaml::{self, Spanned},
    pack::Pack,
    pack::hidden_char::is_hidden_or_control,
    pack::name::normalized,
    pack::profile::ProfileId,
    pack::suggest::did_you_mean,
    span::Position,
};

/// What a case file says the verdict should be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expected {
    Profile(ProfileId),
    NoClearDifference,
}

/// One case read from a file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CaseFile {
    pub(crate) id: String,
    pub(crate) description: Option<String>,
    pub(crate) expected: Option<Expected>,
    /// Why the expected verdict is what it is (a note for teachers; the
    /// tool only keeps it).
    pub(crate) rationale: Option<String>,
    /// Every feature of the case: `features`, then each stage in order (a
    /// later stage may revise a value an earlier one gave). What `batch`
    /// and `explain` evaluate.
    pub(crate) case: Case,
    /// What makes it a teaching case, when any of its keys is given. Boxed
    /// and optional: a batch reads millions of plain cases.
    pub(crate) teaching: Option<Box<Teaching>>,
}

pub(crate) const KEYS: [&str; 9] = [
    "id",
    "description",
    "expected",
    "rationale",
    "features",
    "title",
    "stages",
    "teaching_points",
    "claims",
];

/// Reads one YAML case.
pub(crate) fn parse_yaml(pack: &Pack, text: &str) -> Result<CaseFile, CaseError> {
    let root: Spanned<Node> = yaml::parse_case(text).map_err(yaml_error)?;
    from_node(pack, &root)
}

/// Reads a YAML case file that may hold several cases: one per document
/// (documents separated by `---`), or a list of cases in one document.
/// Each case comes with its own result and position; a file that is not
/// valid YAML at all is one error.
#[allow(clippy::type_complexity)]
pub(crate) fn parse_yaml_cases(
    pack: &Pack,
    text: &str,
) -> Result<Vec<(Position, Option<String>, Result<CaseFile, CaseError>)>, CaseError> {
    let mut documents: Vec<Spanned<Node>> =
        yaml::parse_documents(text, crate::limits::MAX_CASE_YAML_EVENTS).map_err(yaml_error)?;
    for document in &mut documents {
        as_typed(document, text);
    }
    let mut cases = Vec::new();
    for document in &documents {
        match &document.value {
            // An empty document (a stray `---`) holds no case.
            Node::Null => {}
            Node::List(items) => {
                cases
                    .extend(items.iter().map(|item| (item.at, id_of(item), from_node(pack, item))));
            }
            _ => cases.push((document.at, id_of(document), from_node(pack, document))),
        }
    }
    Ok(cases)
}

/// A text that is not YAML, or not YAML within the limits.
fn yaml_error(error: yaml::YamlError) -> CaseError {
    CaseError { kind: K::Yaml { message: error.message }, at: error.at, help: None }
}

/// A number too large for a float (`1e999`) comes from the YAML reader as
/// its canonical text (`.inf`); a message should quote what was typed, so
/// such a value takes back its text from the file.
fn as_typed(node: &mut Spanned<Node>, text: &str) {
    match &mut node.value {
        Node::Text(value) if matches!(value.as_str(), ".inf" | "-.inf" | "+.inf" | ".nan") => {
            let typed = text
                .get(node.at.offset..)
                .and_then(|rest| rest.split(['\n', ',', '}', ']', '#']).next())
                .map(str::trim)
                .filter(|typed| !typed.is_empty() && !typed.starts_with(['"', '\'']));
            if let Some(typed) = typed
                && typed != value.as_str()
                && typed.parse::<f64>().is_ok_and(f64::is_infinite)
            {
                *value = typed.into();
            }
        }
        Node::List(items) => items.iter_mut().for_each(|item| as_typed(item, text)),
        Node::Map(entries) => entries.iter_mut().for_each(|(_, value)| as_typed(value, text)),
        _ => {}
    }
}

/// The `id` of a case tree, if it has a readable one, even when the rest
/// of the case has mistakes (so that an error names its case).
pub(crate) fn id_of(root: &Spanned<Node>) -> Option<String> {
    let Node::Map(entries) = &root.value else { return None };
    entries
        .iter()
        .find(|(k, _)| k.value == "id")
        .and_then(|(_, v)| v.value.as_scalar_text())
        .filter(|id| !id.trim().is_empty())
}

/// Reads one case from a YAML tree (which may also have been built from a
/// JSON object or a CSV row, so that every format is checked alike).
pub(crate) fn from_node(pack: &Pack, root: &Spanned<Node>) -> Result<CaseFile, CaseError> {
    let Node::Map(entries) = &root.value else {
        return Err(CaseError::at(root.at, K::NotAMapping { found: root.value.kind() })
            .help("write `id:`, `features:` and optionally `expected:`"));
    };
    // One pass over the keys (every reader has refused a key given twice).
    let mut found: [Option<&Spanned<Node>>; KEYS.len()] = [None; KEYS.len()];
    for (key, value) in entries {
        let Some(slot) = KEYS.iter().position(|k| *k == key.value) else {
            let help = did_you_mean(&key.value, KEYS)
                .or_else(|| Some(format!("the keys of a case are `{}`", KEYS.join("`, `"))));
            return Err(CaseError::at(key.at, K::UnknownKey { key: key.value.to_string() })
                .maybe_help(help));
        };
        found[slot] = Some(value);
    }
    let get = |key: &str| KEYS.iter().position(|k| *k == key).and_then(|slot| found[slot]);
    let id = match get("id") {
        Some(node) => node.value.as_scalar_text().ok_or_else(|| {
            CaseError::at(node.at, K::NotText { key: "id", found: node.value.kind() })
        })?,
        None => return Err(CaseError::at(root.at, K::NoId)),
    };
    if id.trim().is_empty() {
        let at = get("id").map_or(root.at, |n| n.at);
        return Err(CaseError::at(at, K::EmptyId).help("give every case a name"));
    }
    let text_of = |key: &'static str| -> Result<Option<String>, CaseError> {
        get(key)
            .map(|node| {
                node.value.as_scalar_text().ok_or_else(|| {
                    CaseError::at(node.at, K::NotText { key, found: node.value.kind() })
                        .help(format!("write `{key}:` followed by text on the same line"))
                })
            })
            .transpose()
    };
    let description = text_of("description")?;
    let rationale = text_of("rationale")?;
    let expected = get("expected").map(|node| expected(pack, node)).transpose()?;
    let opening = match get("features") {
        Some(node) => features(pack, node)?,
        None => Case::new(),
    };
    let title = text_of("title")?;
    let stages =
        get("stages").map(|node| teaching::stages(pack, node)).transpose()?.unwrap_or_default();
    let teaching_points =
        get("teaching_points").map(|node| teaching::texts(node, "teaching_points")).transpose()?;
    let claims = get("claims").map(|node| teaching::claims(pack, node)).transpose()?;
    let is_teaching =
        title.is_some() || get("stages").is_some() || teaching_points.is_some() || claims.is_some();
    if !is_teaching {
        return Ok(CaseFile {
            id,
            description,
            expected,
            rationale,
            case: opening,
            teaching: None,
        });
    }
    // All stages together, a later stage's value replacing an earlier one.
    let mut case = opening.clone();
    for stage in &stages {
        for (feature, entry) in stage.features.iter() {
            case.replace(feature, entry);
        }
    }
    let teaching = Teaching {
        title,
        opening,
        stages,
        teaching_points: teaching_points.unwrap_or_default(),
        claims: claims.as_ref().map(|(known, _)| known.clone()).unwrap_or_default(),
        other_claims: claims.map(|(_, others)| others).unwrap_or_default(),
    };
    Ok(CaseFile { id, description, expected, rationale, case, teaching: Some(Box::new(teaching)) })
}

/// A `features:` mapping, of a case or of one stage.
pub(super) fn features(pack: &Pack, node: &Spanned<Node>) -> Result<Case, CaseError> {
    let Node::Map(features) = &node.value else {
        return Err(CaseError::at(node.at, K::FeaturesNotAMapping { found: node.value.kind() })
            .help("write one `name: value` per line"));
    };
    let mut case = Case::with_capacity(features.len());
    for (name, value) in features {
        let Some(feature) = pack.feature_by_name(&name.value) else {
            let help = did_you_mean(&name.value, pack.feature_words().map(|(w, _)| w))
                .unwrap_or_else(|| "`neurotriage features` lists the features".into());
            return Err(CaseError::at(name.at, K::UnknownFeature { name: name.value.to_string() })
                .help(help));
        };
        let entry = match &value.value {
            Node::Number(number) => assignment::number_for(pack, feature, *number),
            Node::Bool(flag) => assignment::flag_for(pack, feature, *flag),
            Node::Null => Ok(Entry::Unknown),
            Node::Text(text) => assignment::value_for(pack, feature, text),
            Node::List(_) | Node::Map(_) => {
                return Err(CaseError::at(
                    value.at,
                    K::NotOneValue { feature: name.value.to_string(), found: value.value.kind() },
                ));
            }
        }
        .map_err(|(kind, help)| {
            CaseError::at(value.at, K::Feature { kind: Box::new(kind) }).maybe_help(help)
        })?;
        if let Err(first) = case.set(feature, entry) {
            let kind = Box::new(assignment::conflict(pack, feature, first, entry));
            return Err(CaseError::at(name.at, K::Feature { kind })
                .help("a synonym and the name count as the same feature; give it once"));
        }
    }
    Ok(case)
}

fn expected(pack: &Pack, node: &Spanned<Node>) -> Result<Expected, CaseError> {
    let Some(text) = node.value.scalar_text() else {
        return Err(CaseError::at(node.at, K::ExpectedNotOne { found: node.value.kind() })
            .help("write one id, such as `expected: none`"));
    };
    expected_of(pack, &text).ok_or_else(|| {
        let mut ids: Vec<&str> = pack.profiles.iter().map(|p| p.id.as_str()).collect();
        ids.push("none");
        let help = did_you_mean(&text, ids.iter().copied())
            .or_else(|| Some(format!("`expected` is one of `{}`", ids.join("`, `"))));
        CaseError::at(node.at, K::UnknownProfile { id: text.into_owned() }).maybe_help(help)
    })
}

/// What `expected: text` says: a profile (its id in any letter case), or
/// no clear difference (`none`); `None` for any other text.
pub(crate) fn expected_of(pack: &Pack, text: &str) -> Option<Expected> {
    if matches!(normalized(text).as_ref(), "none" | "no_clear_difference") {
        return Some(Expected::NoClearDifference);
    }
    pack.profile_by_id(text).map(Expected::Profile)
}

/// Writes a case file that [`parse_yaml`] reads back to the same case.
/// Only entered features are written; derived ones follow from them.
pub(crate) fn to_yaml(pack: &Pack, file: &CaseFile) -> String {
    let mut out = String::from("# A neurotriage case: an educational tool, not a diagnosis.\n");
    let _ = writeln!(out, "id: {}", word(&file.id));
    if let Some(description) = &file.description {
        let _ = writeln!(out, "description: {}", quoted(description));
    }
    if let Some(expected) = file.expected {
        let text = match expected {
            Expected::Profile(p) => pack.profiles[p].id.as_str(),
            Expected::NoClearDifference => "none",
        };
        let _ = writeln!(out, "expected: {}", word(text));
    }
    if let Some(rationale) = &file.rationale {
        let _ = writeln!(out, "rationale: {}", quoted(rationale));
    }
    if let Some(teaching) = &file.teaching {
        // The case may have been changed since it was read, so its stages
        // no longer say what it holds: they are written merged, as
        // `features`, and the rest of the teaching case is kept.
        if let Some(title) = &teaching.title {
            let _ = writeln!(out, "title: {}", quoted(title));
        }
        if !teaching.claims.is_empty() {
            let ids: Vec<&str> =
                teaching.claims.iter().map(|c| pack.claims[*c].id.as_str()).collect();
            let _ = writeln!(
                out,
                "claims: [{}]",
                ids.iter().map(|id| word(id)).collect::<Vec<_>>().join(", ")
            );
        }
        if !teaching.teaching_points.is_empty() {
            out.push_str("teaching_points:\n");
            for point in &teaching.teaching_points {
                let _ = writeln!(out, "  - {}", quoted(point));
            }
        }
        if !teaching.stages.is_empty() {
            out.push_str("# Its stages were merged into `features` when the case was saved.\n");
        }
    }
    if file.case.is_empty() {
        out.push_str("features: {}\n");
        return out;
    }
    out.push_str("features:\n");
    for (feature, entry) in file.case.iter() {
        let value = assignment::entry_text(pack, feature, entry);
        let _ = writeln!(out, "  {}: {}", word(&pack.features[feature].name), word(&value));
    }
    out
}

/// Text as a YAML double-quoted scalar. A JSON string is one, with every
/// special character escaped; the controls and invisible characters the
/// JSON writer leaves raw (DEL, C1, bidirectional, format) are written as
/// YAML escapes too, so a saved case shows as it reads (the same text
/// comes back).
fn quoted(text: &str) -> String {
    let json = serde_json::Value::String(text.to_owned()).to_string();
    if !json.chars().any(is_hidden_or_control) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match u32::from(c) {
            _ if !is_hidden_or_control(c) => out.push(c),
            code if code <= 0xffff => {
                let _ = write!(out, "\\u{code:04x}");
            }
            code => {
                let _ = write!(out, "\\U{code:08x}");
            }
        }
    }
    out
}

/// A name or value bare when YAML reads it back as the same text, quoted
/// otherwise (`null`, `true` and numbers would change type).
fn word(text: &str) -> String {
    let plain = !text.is_empty()
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-')
        && !text.starts_with(['-', '.'])
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "null" | "true" | "false" | "~" | ".nan" | ".inf" | "-.inf" | "y" | "n" | "on" | "off"
        );
    if plain { text.to_owned() } else { quoted(text) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_text_holds_no_raw_control_and_reads_back_the_same() {
        let text = "a\u{202e}b\u{85}c\u{7f}\u{e0041}\"\n";
        let written = quoted(text);
        assert_eq!(written, "\"a\\u202eb\\u0085c\\u007f\\U000e0041\\\"\\n\"");
        let back: String = yaml::parse(&written).unwrap();
        assert_eq!(back, text);
    }

    #[test]
    fn words_that_yaml_would_read_as_something_else_are_quoted() {
        assert_eq!(word("relapsing"), "relapsing");
        assert_eq!(word("62"), "62");
        assert_eq!(word("null"), "\"null\"");
        assert_eq!(word("a b"), "\"a b\"");
        assert_eq!(quoted("say \"hi\"\n"), "\"say \\\"hi\\\"\\n\"");
    }

    #[test]
    fn a_written_teaching_case_keeps_all_but_its_stages() {
        let pack = crate::load::load(&crate::load::PackSource::Builtin).pack.unwrap();
        let text = "id: t\ntitle: \"A: title\"\nclaims: [C04, C11]\nteaching_points: [\"one: two\", three]\nstages:\n  - name: a\n    features: {age: 40}\n  - name: b\n    features: {fasciculations: yes}\n";
        let file = parse_yaml(&pack, text).unwrap();
        let back = parse_yaml(&pack, &to_yaml(&pack, &file)).unwrap();
        assert_eq!(back.case, file.case, "the stages, merged");
        let (was, now) = (file.teaching.unwrap(), back.teaching.unwrap());
        assert_eq!(
            (now.title, now.claims, now.teaching_points),
            (was.title, was.claims, was.teaching_points)
        );
        assert!(now.stages.is_empty());
    }

    #[test]
    fn a_written_case_reads_back_the_same() {
        let pack = crate::load::load(&crate::load::PackSource::Builtin).pack.unwrap();
        let case = assignment::parse_all(
            &pack,
            &[
                "age=0.30000000000000004",
                "course=relapsing",
                "tingling=unknown",
                "no-fasciculations",
            ],
        )
        .unwrap();
        for text in
            ["plain", "null", "12", "say \"hi\"\n\ttab # not a comment", "\u{2028}\u{feff}é😀"]
        {
            let file = CaseFile {
                id: text.to_owned(),
                description: Some(text.to_owned()),
                expected: Some(Expected::NoClearDifference),
                rationale: Some(text.to_owned()),
                case: case.clone(),
                teaching: None,
            };
            assert_eq!(parse_yaml(&pack, &to_yaml(&pack, &file)).unwrap(), file, "{text:?}");
        }
    }
}
