//! How strongly a rule counts for or against a profile.

/// Lightest and heaviest weight a rule may give.
pub(crate) const MIN_WEIGHT: i32 = 1;
pub(crate) const MAX_WEIGHT: i32 = 5;

/// The words a pack may use for a weight, and what they mean.
pub(crate) const WEIGHT_WORDS: [(&str, i32); 4] =
    [("weak", 1), ("moderate", 2), ("strong", 3), ("very_strong", 4)];

/// The word for a weight in explanations (`strong`), or its number.
pub(crate) fn describe(weight: i32) -> String {
    WEIGHT_WORDS
        .iter()
        .find(|(_, w)| *w == weight.abs())
        .map_or_else(|| weight.abs().to_string(), |(word, _)| (*word).to_owned())
}
