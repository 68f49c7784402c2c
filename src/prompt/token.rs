//! Words of a line typed at the prompt, with where each one stands, so that
//! a mistake can be pointed at with a caret.
//!
//! Words are separated by spaces; double or single quotes keep spaces
//! inside one word (`"muscle twitching"`), and outside quotes a backslash
//! keeps the character after it (`my\ case.yaml`, as file-name completion
//! writes it), as in a shell, without any other shell syntax.
//!
//! People type names as they say them (`muscle weakness`, `pins and
//! needles`), so [`join_feature_words`] reads bare words that together make
//! a feature's name or synonym as that one feature.

use std::ops::Range;

use crate::{pack::Pack, pack::name::normalize};

/// The most words read as one name: more than any name or synonym a person
/// types has (`relapses then worsening` has three), and few enough that
/// trying every run at every word costs nothing.
const MAX_JOINED_WORDS: usize = 8;

/// One word and its place in the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// The word without its quotes.
    pub(crate) text: String,
    /// Byte range of the word in the line, quotes included.
    pub(crate) span: Range<usize>,
}

/// A quote that was opened and never closed, at this byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UnclosedQuote {
    pub(crate) at: usize,
    pub(crate) quote: char,
}

/// Splits a line into words.
pub(crate) fn tokenize(line: &str) -> Result<Vec<Token>, UnclosedQuote> {
    let mut tokens = Vec::new();
    let mut current: Option<(String, usize)> = None;
    let mut quote: Option<(char, usize)> = None;
    let mut chars = line.char_indices();
    while let Some((at, c)) = chars.next() {
        match quote {
            Some((open, _)) if c == open => quote = None,
            Some(_) => current.get_or_insert_with(|| (String::new(), at)).0.push(c),
            None if c == '"' || c == '\'' => {
                current.get_or_insert_with(|| (String::new(), at));
                quote = Some((c, at));
            }
            None if c == '\\' => {
                let word = &mut current.get_or_insert_with(|| (String::new(), at)).0;
                // A backslash at the end of the line stands for itself.
                word.push(chars.next().map_or('\\', |(_, next)| next));
            }
            None if c.is_whitespace() => {
                if let Some((text, start)) = current.take() {
                    tokens.push(Token { text, span: start..at });
                }
            }
            None => current.get_or_insert_with(|| (String::new(), at)).0.push(c),
        }
    }
    if let Some((quote, at)) = quote {
        return Err(UnclosedQuote { at, quote });
    }
    if let Some((text, start)) = current {
        tokens.push(Token { text, span: start..line.len() });
    }
    Ok(tokens)
}

/// Joins runs of words that together name one feature, so that
/// `muscle weakness` is the feature `muscle_weakness` rather than two
/// unknown words. At each word it takes the longest run (of two words or
/// more) whose words, joined by spaces, are exactly one of these, compared
/// as the pack compares names (ignoring case, with spaces, `-` and `_`
/// alike):
///
/// - a feature's name or synonym: `muscle weakness`, `pins and needles`,
///   `age at onset` (which then still needs its value);
/// - `no` or `not` and such a name: `no muscle weakness`, read as
///   `no-muscle_weakness`;
/// - a choice word (name or synonym) that only one feature has, as a bare
///   choice word is read: `comes and goes`;
/// - `NAME=VALUE` (or `NAME:VALUE`) where the name is such a name
///   (`age at onset=62`) and a value of several words is one of that
///   feature's values (`course=comes and goes`).
///
/// Words that make no such run are returned as they are, so what was not a
/// feature before stays a mistake to report. A joined token's span runs
/// from the start of its first word to the end of its last (quotes
/// included), and its text is its words with as many spaces between them
/// as there were bytes between them in the line: so where no word was
/// quoted or escaped, the text lines up with the span byte for byte, and a
/// caret can point inside it (at the value of `age at onset=200`). A word
/// already quoted may be part of a run, like any other. The tokens
/// returned are in the order given; `tokens` must be in the order of the
/// line, as [`tokenize`] returns them.
pub(crate) fn join_feature_words(pack: &Pack, tokens: &[Token]) -> Vec<Token> {
    let mut joined = Vec::with_capacity(tokens.len());
    let mut at = 0;
    while at < tokens.len() {
        let longest = MAX_JOINED_WORDS.min(tokens.len() - at);
        let run = (2..=longest).rev().find(|n| names_one_feature(pack, &tokens[at..at + n]));
        match run {
            Some(n) => {
                let words = &tokens[at..at + n];
                joined.push(Token {
                    text: text_of(words),
                    span: words[0].span.start..words[n - 1].span.end,
                });
                at += n;
            }
            None => {
                joined.push(tokens[at].clone());
                at += 1;
            }
        }
    }
    joined
}

/// The words of a run, with the gaps between them as wide as in the line.
fn text_of(words: &[Token]) -> String {
    let mut text = String::new();
    let mut end = None;
    for word in words {
        if let Some(end) = end {
            let gap = word.span.start.saturating_sub(end).max(1);
            text.extend(std::iter::repeat_n(' ', gap));
        }
        text.push_str(&word.text);
        end = Some(word.span.end);
    }
    text
}

/// Whether these words, joined, are one feature as [`join_feature_words`]
/// says. It mirrors how `cases::assignment::parse` reads one word, without
/// its suggestions for unknown names, which would cost a comparison with
/// every word of the pack for each run tried.
fn names_one_feature(pack: &Pack, words: &[Token]) -> bool {
    let text = text_of(words);
    if let Some((name, value)) = text.split_once('=').or_else(|| text.split_once(':')) {
        let Some(feature) = pack.feature_by_name(name.trim()) else { return false };
        let value = value.trim();
        return !value.contains(char::is_whitespace)
            || crate::cases::assignment::value_for(pack, feature, value).is_ok();
    }
    if pack.feature_by_name(&text).is_some() {
        return true;
    }
    let key = normalize(&text);
    if ["no_", "not_"].iter().any(|prefix| {
        key.strip_prefix(prefix).is_some_and(|rest| pack.feature_by_name(rest).is_some())
    }) {
        return true;
    }
    (0..pack.features.len()).filter(|f| pack.choice_by_name(*f, &text).is_some()).count() == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<(String, Range<usize>)> {
        tokenize(line).unwrap().into_iter().map(|t| (t.text, t.span)).collect()
    }

    #[test]
    fn spaces_separate_and_quotes_group() {
        assert_eq!(
            words("  age=62 \"muscle twitching\" x='a b'"),
            vec![
                ("age=62".into(), 2..8),
                ("muscle twitching".into(), 9..27),
                ("x=a b".into(), 28..35)
            ]
        );
        assert_eq!(
            words("load my\\ case.yaml"),
            vec![("load".into(), 0..4), ("my case.yaml".into(), 5..18)]
        );
        assert_eq!(words("a\\"), vec![("a\\".into(), 0..2)]);
        assert_eq!(words(""), vec![]);
        assert_eq!(words("\"\""), vec![(String::new(), 0..2)]);
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opens() {
        assert_eq!(tokenize("a \"b c"), Err(UnclosedQuote { at: 2, quote: '"' }));
    }

    fn joined(line: &str) -> Vec<(String, Range<usize>)> {
        let pack = crate::load::load(&crate::load::PackSource::Builtin).pack.unwrap();
        join_feature_words(&pack, &tokenize(line).unwrap())
            .into_iter()
            .map(|t| (t.text, t.span))
            .collect()
    }

    #[test]
    fn words_that_make_a_name_together_are_one_word() {
        assert_eq!(joined("muscle weakness"), vec![("muscle weakness".into(), 0..15)]);
        assert_eq!(
            joined("age=62 pins and needles fasciculations"),
            vec![
                ("age=62".into(), 0..6),
                ("pins and needles".into(), 7..23),
                ("fasciculations".into(), 24..38)
            ]
        );
        // The longest run wins, and a quoted word can be part of one.
        assert_eq!(
            joined("no Muscle  'weakness' loss of sensation"),
            vec![("no Muscle  weakness".into(), 0..21), ("loss of sensation".into(), 22..39)]
        );
        assert_eq!(
            joined("age at onset=62 course=comes and goes"),
            vec![("age at onset=62".into(), 0..15), ("course=comes and goes".into(), 16..37)]
        );
        assert_eq!(joined("comes and goes"), vec![("comes and goes".into(), 0..14)]);
        // Gaps keep their width, so the text lines up with the line.
        assert_eq!(joined("age at\u{3000}onset=200"), vec![("age at   onset=200".into(), 0..18)]);
        // A name alone still joins, and then needs its value.
        assert_eq!(joined("age at onset"), vec![("age at onset".into(), 0..12)]);
    }

    #[test]
    fn words_that_make_no_name_stay_apart() {
        assert_eq!(
            joined("muscle wasting weakness"),
            vec![("muscle wasting".into(), 0..14), ("weakness".into(), 15..23)]
        );
        assert_eq!(
            joined("age=62 muscle"),
            vec![("age=62".into(), 0..6), ("muscle".into(), 7..13)]
        );
        assert_eq!(
            joined("relapsing twice"),
            vec![("relapsing".into(), 0..9), ("twice".into(), 10..15)]
        );
        assert_eq!(
            joined("course=relapsing x"),
            vec![("course=relapsing".into(), 0..16), ("x".into(), 17..18)]
        );
        assert_eq!(joined(""), vec![]);
    }
}
