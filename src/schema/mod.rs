//! JSON Schemas for editors: one for the files of a rule pack (the same for
//! every pack) and one for case files (made from a pack, since the feature
//! names and values are the pack's). This layer must not check anything
//! itself: the checker is `load/validate/` for packs and `cases/` for cases.
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

mod cases;
mod rules;

pub(crate) use self::{cases::cases, rules::rules};

/// Which schema to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SchemaKind {
    /// Every file of a rule pack (`pack.yaml`, `features.yaml`, ...).
    Rules,
    /// A case file of the pack in use, in YAML or JSON Lines.
    Cases,
}

/// A number as text (`"63"`, `"62."`, `".5"`, `"6e1"`), which JSON Lines
/// cases may use.
pub(super) const NUMBER_TEXT: &str = "^[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?$";
/// `[a-z][a-z0-9_]*`, as [`crate::pack::name::is_snake_case`] checks.
pub(super) const SNAKE_CASE: &str = "^[a-z][a-z0-9_]*$";
/// A letter, then letters, digits, `_` and `-`, as
/// [`crate::pack::name::is_profile_id`] checks.
pub(super) const PROFILE_ID: &str = "^[A-Za-z][A-Za-z0-9_-]*$";

/// `HP:` and seven digits, as [`crate::pack::name::is_hpo_id`] checks.
pub(super) const HPO_ID: &str = "^HP:[0-9]{7}$";
/// `MONDO:` and seven digits, `OMIM:` and six, `ORPHA:` and digits, as
/// [`crate::pack::name::is_disease_id`] checks.
pub(super) const DISEASE_ID: &str = "^(MONDO:[0-9]{7}|OMIM:[0-9]{6}|ORPHA:[0-9]{1,9})$";

/// A pattern matching any of `words` the way [`crate::pack::name::normalize`]
/// compares names: letters in either case, and any run of spaces, `-` and
/// `_` between words; spaces around the whole are allowed. ECMA-262
/// patterns (those of JSON Schema) have no case-insensitive flag, hence
/// `[Aa]`.
pub(super) fn spelling<'w>(words: impl IntoIterator<Item = &'w str>) -> String {
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
    use serde_json::{Map, Value, json};

    use super::*;
    use crate::{cases::case_file, load::validate};

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
            ("NeutralEntry", &validate::NEUTRAL),
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
        let features = object(&schema, &["$defs", "features", "properties"]);
        for feature in &pack.features {
            assert!(features.contains_key(&feature.name), "{}", feature.name);
        }
    }
}
