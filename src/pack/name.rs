//! How names typed by people are compared: ignoring case, with spaces, `-`
//! and `_` treated alike, so `Muscle Twitching`, `muscle-twitching` and
//! `muscle_twitching` are one word.

use std::borrow::Cow;

/// The comparison key of a name or synonym.
pub(crate) fn normalize(text: &str) -> String {
    key_chars(text).collect()
}

/// [`normalize`] without copying when `text` is already a key (as canonical
/// names and most typed names are): the hot path of reading many cases.
pub(crate) fn normalized(text: &str) -> Cow<'_, str> {
    if is_key(text) { Cow::Borrowed(text) } else { Cow::Owned(normalize(text)) }
}

/// Whether `text` is its own key ([`normalize`] leaves it as it is): one
/// pass over the bytes, lower-case letters and digits with single `_`
/// between them.
pub(crate) fn is_key(text: &str) -> bool {
    let mut previous = b'_';
    !text.is_empty()
        && text.bytes().all(|b| {
            let ok =
                b.is_ascii_lowercase() || b.is_ascii_digit() || (b == b'_' && previous != b'_');
            previous = b;
            ok
        })
        && previous != b'_'
}

/// Whether two names have the same key, without building either key.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    key_chars(a).eq(key_chars(b))
}

/// The characters of a name's key: lower case, with every run of spaces,
/// `-` and `_` inside the name read as one `_`, and none at either end.
fn key_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut pending_gap = false;
    let mut started = false;
    text.trim().chars().flat_map(move |ch| {
        let mut gap = None;
        let mut lower = None;
        if ch.is_whitespace() || ch == '-' || ch == '_' {
            pending_gap = started;
        } else {
            if pending_gap {
                gap = Some('_');
                pending_gap = false;
            }
            started = true;
            lower = Some(ch.to_lowercase());
        }
        gap.into_iter().chain(lower.into_iter().flatten())
    })
}

/// Whether `text` is a canonical feature or choice name: `[a-z][a-z0-9_]*`.
pub(crate) fn is_snake_case(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Whether `text` is a rule, derivation or alert id: `[a-z0-9][a-z0-9-]*`.
pub(crate) fn is_rule_id(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Whether `text` is a profile id: a letter, then letters, digits, `_`, `-`.
pub(crate) fn is_profile_id(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Whether `text` is a Human Phenotype Ontology term id: `HP:` and
/// exactly seven digits (`HP:0002380`).
pub(crate) fn is_hpo_id(text: &str) -> bool {
    text.strip_prefix("HP:").is_some_and(|d| digits(d, 7..=7))
}

/// Whether `text` is a disease term id a profile may name: `MONDO:` and
/// seven digits, `OMIM:` and six, or `ORPHA:` and one or more.
pub(crate) fn is_disease_id(text: &str) -> bool {
    if let Some(d) = text.strip_prefix("MONDO:") {
        digits(d, 7..=7)
    } else if let Some(d) = text.strip_prefix("OMIM:") {
        digits(d, 6..=6)
    } else if let Some(d) = text.strip_prefix("ORPHA:") {
        digits(d, 1..=9)
    } else {
        false
    }
}

fn digits(text: &str, count: std::ops::RangeInclusive<usize>) -> bool {
    count.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_ids_have_their_shapes() {
        assert!(is_hpo_id("HP:0002380"));
        for bad in ["HP:123", "hp:0002380", "HP:00023800", "HP:000238a", "HP0002380", ""] {
            assert!(!is_hpo_id(bad), "{bad}");
        }
        for good in ["MONDO:0005301", "OMIM:105400", "ORPHA:803"] {
            assert!(is_disease_id(good), "{good}");
        }
        for bad in ["MONDO:12", "OMIM:1054000", "ORPHA:", "mondo:0005301", "HP:0002380"] {
            assert!(!is_disease_id(bad), "{bad}");
        }
    }

    #[test]
    fn the_shortcuts_agree_with_the_key() {
        for text in ["muscle_twitching", "Muscle Twitching", " a--b ", "_x_", "é", "a__b", "", "42"]
        {
            assert_eq!(normalized(text), normalize(text), "{text:?}");
            assert!(same_name(text, &normalize(text)), "{text:?}");
        }
        assert!(!same_name("ab", "a_b"));
    }

    #[test]
    fn separators_and_case_are_ignored() {
        assert_eq!(normalize("  Muscle   Twitching "), "muscle_twitching");
        assert_eq!(normalize("pins-and_needles"), "pins_and_needles");
        assert_eq!(normalize("--x"), "x");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn id_shapes() {
        assert!(is_snake_case("sensory_loss"));
        assert!(!is_snake_case("Sensory"));
        assert!(!is_snake_case("1x"));
        assert!(is_rule_id("twitching-favours-als"));
        assert!(!is_rule_id("Twitching"));
        assert!(is_profile_id("ALS"));
        assert!(!is_profile_id("-x"));
    }
}
