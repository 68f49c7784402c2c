//! "Did you mean ...?" for names a person mistyped.

use crate::pack::name::normalize;

/// Words longer than this get no suggestion.
const MAX_TYPO_LEN: usize = 200;

/// The candidate closest to `typed`, if it is close enough to be a likely
/// typo. Ties go to the earlier candidate, so suggestions are stable.
pub(crate) fn closest<'a>(
    typed: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // No name is this long, and comparing a huge word with every name
    // would take time for nothing.
    if typed.len() > MAX_TYPO_LEN {
        return None;
    }
    let typed = normalize(typed);
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(&typed, &normalize(candidate));
        if score >= 0.82 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// "did you mean `x`?" or `None`.
pub(crate) fn did_you_mean<'a>(
    typed: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(typed, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_word_and_noise_finds_nothing() {
        let words = ["fasciculations", "sensory_loss", "age"];
        assert_eq!(closest("fasciculaton", words), Some("fasciculations"));
        assert_eq!(closest("Sensory Los", words), Some("sensory_loss"));
        assert_eq!(closest("xyzzy", words), None);
    }
}
