//! Words of a line typed at the prompt, with where each one stands, so that
//! a mistake can be pointed at with a caret.
//!
//! Words are separated by spaces; double or single quotes keep spaces
//! inside one word (`"muscle twitching"`), and outside quotes a backslash
//! keeps the character after it (`my\ case.yaml`, as file-name completion
//! writes it), as in a shell, without any other shell syntax.

use std::ops::Range;

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
}
