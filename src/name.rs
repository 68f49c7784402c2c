//! How names typed by people are compared: ignoring case, with spaces, `-`
//! and `_` treated alike, so `Muscle Twitching`, `muscle-twitching` and
//! `muscle_twitching` are one word.

/// The comparison key of a name or synonym.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_gap = false;
    for ch in text.trim().chars() {
        if ch.is_whitespace() || ch == '-' || ch == '_' {
            pending_gap = !out.is_empty();
        } else {
            if pending_gap {
                out.push('_');
                pending_gap = false;
            }
            out.extend(ch.to_lowercase());
        }
    }
    out
}

/// Whether `text` is a canonical feature or choice name: `[a-z][a-z0-9_]*`.
pub fn is_snake_case(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Whether `text` is a rule, derivation or alert id: `[a-z0-9][a-z0-9-]*`.
pub fn is_rule_id(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Whether `text` is a profile id: a letter, then letters, digits, `_`, `-`.
pub fn is_profile_id(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

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
