//! Where each field of a record's line is: the bytes of every key and
//! value of the line's top-level JSON object, so that a message can put
//! its caret under the field at fault. `serde_json` says where its syntax
//! errors are, but not which field a value belongs to.
//!
//! Only used on a line that `serde_json` has parsed as an object, so the
//! scan can assume valid JSON and needs no error handling of its own.

use std::ops::Range;

/// One key and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldSpan {
    /// The key, unescaped.
    pub(crate) name: String,
    /// The key, quotes included.
    pub(crate) key: Range<usize>,
    pub(crate) value: Range<usize>,
}

/// The fields of the object, in the line's order, and its closing brace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ObjectSpans {
    pub(crate) fields: Vec<FieldSpan>,
    pub(crate) close: Range<usize>,
}

impl ObjectSpans {
    /// Scans `text`, one valid JSON object.
    pub(crate) fn scan(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut at = skip_space(bytes, 0) + 1; // past `{`
        let mut fields = Vec::new();
        loop {
            at = skip_space(bytes, at);
            match bytes.get(at) {
                Some(b'"') => {}
                Some(b',') => {
                    at += 1;
                    continue;
                }
                _ => break,
            }
            let key = at..string_end(bytes, at);
            let name = serde_json::from_str::<String>(&text[key.clone()]).unwrap_or_default();
            at = skip_space(bytes, key.end) + 1; // past `:`
            let start = skip_space(bytes, at);
            let end = value_end(bytes, start);
            let mut value_last = end;
            while value_last > start && bytes[value_last - 1].is_ascii_whitespace() {
                value_last -= 1;
            }
            fields.push(FieldSpan { name, key, value: start..value_last });
            at = end;
        }
        let close = at.min(text.len());
        Self { fields, close: close..(close + 1).min(text.len()) }
    }

    pub(crate) fn get(&self, name: &str) -> Option<&FieldSpan> {
        self.fields.iter().find(|f| f.name == name)
    }
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// The index just past the string that starts (with its quote) at `at`.
fn string_end(bytes: &[u8], at: usize) -> usize {
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The index of the `,` or `}` that ends the value starting at `at`.
fn value_end(bytes: &[u8], at: usize) -> usize {
    let mut depth = 0usize;
    let mut i = at;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i = string_end(bytes, i);
                continue;
            }
            b'{' | b'[' => depth += 1,
            b',' | b'}' if depth == 0 => return i,
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_are_found_whatever_they_hold() {
        let text = r#" { "a" : 1 , "b\"c":{"x":[1,"}"]}, "d":"e,f" } "#;
        let spans = ObjectSpans::scan(text);
        let found: Vec<(&str, &str, &str)> = spans
            .fields
            .iter()
            .map(|f| (f.name.as_str(), &text[f.key.clone()], &text[f.value.clone()]))
            .collect();
        assert_eq!(
            found,
            [
                ("a", r#""a""#, "1"),
                ("b\"c", r#""b\"c""#, r#"{"x":[1,"}"]}"#),
                ("d", r#""d""#, r#""e,f""#)
            ]
        );
        assert_eq!(&text[spans.close], "}");
        assert_eq!(ObjectSpans::scan("{}").close, 1..2);
        assert!(ObjectSpans::scan("{}").fields.is_empty());
    }
}
