//! Reading a list of findings a person names in words, such as a student's
//! answer `muscle weakness, fasciculations, no sensory loss`: each finding
//! is a feature with its value, and where it stands in the text, so that a
//! word that names nothing can be pointed at.
//!
//! The words are read as at the prompt ([`crate::prompt::token`]): quotes
//! keep words together, and bare words that together make a name or
//! synonym are that feature ([`join_feature_words`]). A list may also be
//! separated by commas or semicolons, and a lone `and` or `&` between
//! findings is only a separator.

use std::ops::Range;

use crate::{
    cases::assignment,
    cases::case::Entry,
    pack::Pack,
    pack::feature::FeatureId,
    pack::name::normalize,
    prompt::token::{Token, join_feature_words, tokenize},
};

// Until the quiz (`src/quiz/`, written alongside) calls `read_findings`,
// nothing in the binary does: the allows below go when it does.

/// One finding read from the text.
#[allow(dead_code)]
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    pub(crate) feature: FeatureId,
    /// Its value: `muscle weakness` is present, `no muscle weakness`
    /// absent, `age=62` a number, `relapsing` a choice, `tingling=unknown`
    /// stated unknown.
    pub(crate) entry: Entry,
    /// Byte range in the text, quotes included.
    pub(crate) span: Range<usize>,
}

/// A part of the text that is not a finding: what is wrong, where, and how
/// to fix it, in the words of the prompt's messages.
#[allow(dead_code)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unread {
    /// Lower case, with names in backticks: "unknown feature `foo`".
    pub(crate) message: String,
    pub(crate) span: Range<usize>,
    pub(crate) help: Option<String>,
}

/// Reads the findings named in `text`, one result per finding or per part
/// that is not one, in the order written, so that a quiz can give credit
/// for the findings it could read and point at the rest
/// (`.collect::<Result<Vec<_>, _>>()` keeps only the first mistake).
///
/// Findings are written as at the prompt (`age=62`, `fasciculations`,
/// `no-sensory_loss`, `"muscle twitching"`), or as plain words that make a
/// name or synonym (`muscle weakness`, `pins and needles`, `no muscle
/// weakness`). Spaces, commas and semicolons separate them; a lone `and` or
/// `&` is skipped. Nothing is checked across findings: the same feature
/// named twice comes back twice, and the caller decides what that means.
/// An unclosed quote makes the whole text one `Unread`, pointing at the
/// quote. Empty text gives no result.
#[allow(dead_code)]
pub(crate) fn read_findings(pack: &Pack, text: &str) -> Vec<Result<Finding, Unread>> {
    let tokens = match tokenize(text) {
        Ok(tokens) => tokens,
        Err(open) => {
            return vec![Err(Unread {
                message: "this quote is never closed".to_owned(),
                span: open.at..open.at + 1,
                help: Some(format!("end the quoted words with another {}", open.quote)),
            })];
        }
    };
    let mut results = Vec::new();
    for group in split_at_commas(&tokens) {
        for token in join_feature_words(pack, &group) {
            if ["and", "&"].contains(&normalize(&token.text).as_str()) {
                continue;
            }
            results.push(match assignment::parse(pack, &token.text) {
                Ok(found) => {
                    Ok(Finding { feature: found.feature, entry: found.entry, span: token.span })
                }
                Err((kind, help)) => Err(Unread {
                    message: kind.to_string(),
                    span: token.span,
                    help: help.map(|h| h.replace("`neurotriage features`", "`features`")),
                }),
            });
        }
    }
    results
}

/// The tokens in groups, split at every comma or semicolon outside quotes,
/// so that words are never joined across one. A word with quotes (or a
/// backslash) in it keeps its commas, since its text no longer lines up
/// with the line: `"a",b` is one word, so a comma next to a quote needs a
/// space after it.
fn split_at_commas(tokens: &[Token]) -> Vec<Vec<Token>> {
    let mut groups = vec![Vec::new()];
    for token in tokens {
        let plain = token.span.len() == token.text.len();
        if !plain || !token.text.contains([',', ';']) {
            if let Some(group) = groups.last_mut() {
                group.push(token.clone());
            }
            continue;
        }
        let mut start = 0;
        for (at, c) in token.text.char_indices().filter(|(_, c)| *c == ',' || *c == ';') {
            push_piece(&mut groups, token, start..at);
            start = at + c.len_utf8();
            groups.push(Vec::new());
        }
        push_piece(&mut groups, token, start..token.text.len());
    }
    groups.retain(|g| !g.is_empty());
    groups
}

fn push_piece(groups: &mut [Vec<Token>], token: &Token, piece: Range<usize>) {
    if piece.is_empty() {
        return;
    }
    if let Some(group) = groups.last_mut() {
        group.push(Token {
            text: token.text[piece.clone()].to_owned(),
            span: token.span.start + piece.start..token.span.start + piece.end,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::value::Value;

    /// A finding as (feature name, entry, span), a mistake as (message, span).
    type Read = Result<(String, Entry, Range<usize>), (String, Range<usize>)>;

    fn read(text: &str) -> Vec<Read> {
        let pack = crate::load::load(&crate::load::PackSource::Builtin).pack.unwrap();
        read_findings(&pack, text)
            .into_iter()
            .map(|r| match r {
                Ok(f) => Ok((pack.features[f.feature].name.clone(), f.entry, f.span)),
                Err(u) => Err((u.message, u.span)),
            })
            .collect()
    }

    #[test]
    fn a_list_of_findings_in_words() {
        let yes = Entry::Known(Value::Flag(true));
        let no = Entry::Known(Value::Flag(false));
        assert_eq!(
            read("muscle weakness, fasciculations; no pins and needles and wasting"),
            vec![
                Ok(("muscle_weakness".into(), yes, 0..15)),
                Ok(("fasciculations".into(), yes, 17..31)),
                Ok(("sensory_loss".into(), no, 33..52)),
                Ok(("muscle_wasting".into(), yes, 57..64)),
            ]
        );
        assert_eq!(
            read("age=62, \"muscle twitching\""),
            vec![
                Ok(("age".into(), Entry::Known(Value::Number(62.0)), 0..6)),
                Ok(("fasciculations".into(), yes, 8..26)),
            ]
        );
        assert_eq!(read(" , ,"), vec![]);
    }

    #[test]
    fn words_that_name_nothing_are_pointed_at() {
        assert_eq!(
            read("muscle, weakness"),
            vec![
                Err(("unknown feature `muscle`".into(), 0..6)),
                Ok(("muscle_weakness".into(), Entry::Known(Value::Flag(true)), 8..16)),
            ]
        );
        assert_eq!(read("age"), vec![Err(("`age` needs a value".into(), 0..3))]);
        assert_eq!(read("a \"b"), vec![Err(("this quote is never closed".into(), 2..3))]);
    }
}
