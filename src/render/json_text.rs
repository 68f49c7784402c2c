//! JSON as text: the one way the tool turns a JSON value into the text it
//! writes, so that no JSON writer can forget what this adds.
//!
//! JSON is data and stays exact: a string decodes to the very characters
//! read from a pack, a case file or a record. But JSON is also read on a
//! terminal (`explain -f json | less`, a batch's JSON Lines scrolling by),
//! and `serde_json` escapes only the C0 control characters: DEL, the C1
//! controls, Unicode's bidirectional controls and the invisible format
//! characters would reach the terminal raw, where they can move the
//! cursor, reorder what is seen or hide text. Every JSON writer of the
//! tool therefore writes each character the text boundary
//! ([`super::clean`]) would replace as a `\uXXXX` escape (a UTF-16
//! surrogate pair above U+FFFF). The decoded value is unchanged; what is
//! on the screen is plain ASCII where it matters.

use std::io;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use super::clean::unsafe_char;
use crate::byte_search::{self, below, equal};

/// A `serde_json` formatter that escapes, in strings, every character a
/// terminal must not see raw, and otherwise formats as `F` does.
struct TerminalSafe<F>(F);

impl<F: Formatter> Formatter for TerminalSafe<F> {
    // `serde_json` hands the formatter a string in fragments between the
    // characters it escapes itself (quotes, backslashes, C0 controls), so
    // only the fragments need looking at.
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Nearly every fragment is ASCII without DEL: copied as it is.
        if fragment.bytes().all(|b| b < 0x7f) {
            return writer.write_all(fragment.as_bytes());
        }
        let mut copied = 0;
        for (at, c) in fragment.char_indices() {
            if needs_escape(c) {
                writer.write_all(&fragment.as_bytes()[copied..at])?;
                write_escape(writer, c)?;
                copied = at + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[copied..])
    }

    // Everything else is the inner formatter's: the layout (compact or
    // pretty) lives in the methods below.
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Whether `c`, inside a JSON string, is written as a `\uXXXX` escape by
/// this module rather than raw: whatever the text boundary replaces. (The
/// C0 controls never reach a fragment: `serde_json` escapes them itself,
/// as `\n`, `\t` or `\u001b`.)
fn needs_escape(c: char) -> bool {
    unsafe_char(c)
}

fn write_escape<W: ?Sized + io::Write>(writer: &mut W, c: char) -> io::Result<()> {
    let mut units = [0u16; 2];
    for unit in c.encode_utf16(&mut units) {
        write!(writer, "\\u{unit:04x}")?;
    }
    Ok(())
}

fn to_text<F: Formatter>(value: &impl Serialize, formatter: F) -> String {
    let mut out = Vec::with_capacity(128);
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, TerminalSafe(formatter));
    // Serialising a `serde_json::Value` or the tool's own types to memory
    // cannot fail (no map has keys that are not strings).
    if value.serialize(&mut serializer).is_err() {
        return String::new();
    }
    // Only whole UTF-8 strings and ASCII are written.
    String::from_utf8(out).unwrap_or_default()
}

/// `value` as compact JSON text (one line), safe on a terminal.
pub(crate) fn compact(value: &impl Serialize) -> String {
    to_text(value, CompactFormatter)
}

/// `value` as indented JSON text, safe on a terminal.
pub(crate) fn pretty(value: &impl Serialize) -> String {
    to_text(value, PrettyFormatter::new())
}

/// Appends `text` as a JSON string, safe on a terminal: the fast path of
/// the batch, which writes millions. Text of plain printable ASCII (ids,
/// file names, nearly every message) is copied between quotes as it is;
/// only a string holding a byte that could need an escape (a control,
/// DEL, a quote, a backslash, or any byte of a character outside ASCII)
/// goes through the serializer.
pub(crate) fn push_str(out: &mut String, text: &str) {
    if is_plain(text.as_bytes()) {
        out.push('"');
        out.push_str(text);
        out.push('"');
    } else {
        out.push_str(&compact(&text));
    }
}

/// Whether every byte is printable ASCII other than `"` and `\\`, looked
/// at eight bytes at a time: a batch writes two strings a case.
fn is_plain(bytes: &[u8]) -> bool {
    byte_search::first(
        bytes,
        0,
        |word| {
            equal(word, b'"')
                | equal(word, b'\\')
                | equal(word, 0x7f)
                | below(word, 0x20)
                | word & byte_search::HIGHS
        },
        |b| !(0x20..0x7f).contains(&b) || b == b'"' || b == b'\\',
    )
    .is_none()
}

#[cfg(test)]
mod tests {
    use super::{compact, is_plain, pretty, push_str};

    /// The word-at-a-time check agrees with a byte-at-a-time one for every
    /// byte at every place of strings of up to twenty bytes.
    #[test]
    fn the_plain_check_agrees_with_a_byte_by_byte_one() {
        let plain = |bytes: &[u8]| {
            bytes.iter().all(|b| (0x20..0x7f).contains(b) && *b != b'"' && *b != b'\\')
        };
        for len in 0..20 {
            for at in 0..len {
                for byte in 0..=u8::MAX {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = byte;
                    assert_eq!(is_plain(&bytes), plain(&bytes), "{len} {at} {byte}");
                }
            }
        }
    }

    #[test]
    fn hostile_characters_are_escaped_and_decode_back_exactly() {
        let hostile = "a\u{1b}[2J\u{7f}\u{85}\u{9b}b\u{202e}txt\u{2066}\u{061c}\u{200b}\u{feff}\u{2028}\u{2029}\u{e0041}é😀\u{200d}\t\"\\";
        let text = compact(&hostile);
        assert_eq!(
            text,
            "\"a\\u001b[2J\\u007f\\u0085\\u009bb\\u202etxt\\u2066\\u061c\\u200b\\ufeff\\u2028\\u2029\\udb40\\udc41é😀\u{200d}\\t\\\"\\\\\""
        );
        assert_eq!(serde_json::from_str::<String>(&text).unwrap(), hostile);
        let mut pushed = String::new();
        push_str(&mut pushed, hostile);
        assert_eq!(pushed, text);
    }

    #[test]
    fn plain_text_takes_the_fast_path_and_layout_is_kept() {
        let mut out = String::new();
        push_str(&mut out, "cases/a b.jsonl");
        assert_eq!(out, "\"cases/a b.jsonl\"");
        let value = serde_json::json!({"a": [1, "\u{202e}"]});
        assert_eq!(compact(&value), "{\"a\":[1,\"\\u202e\"]}");
        assert_eq!(pretty(&value), "{\n  \"a\": [\n    1,\n    \"\\u202e\"\n  ]\n}");
    }

    /// The files that may still serialise JSON themselves, and why: every
    /// other JSON the tool writes must go through this module.
    const OWN_JSON: [(&str, &str); 4] = [
        ("render/json_text.rs", "the one writer"),
        ("load/builtin.rs", "the stored built-in pack, a file of the repository"),
        ("quiz/report/reader.rs", "a key to find repeated records, never written"),
        ("quiz/record.rs", "its tests"),
    ];

    #[test]
    fn no_json_writer_bypasses_this_module() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut found = Vec::new();
        let mut folders = vec![src.clone()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                    continue;
                }
                let name = path.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
                if path.extension().is_none_or(|e| e != "rs")
                    || OWN_JSON.iter().any(|(file, _)| *file == name)
                {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for call in ["serde_json::to_string", "serde_json::to_writer", "serde_json::to_vec"]
                {
                    if text.contains(call) {
                        found.push(format!("{name}: {call}"));
                    }
                }
            }
        }
        assert!(found.is_empty(), "use `render::json_text` for JSON that is written: {found:?}");
    }

    #[test]
    fn no_character_the_text_boundary_replaces_is_written_raw() {
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            if super::super::clean::unsafe_char(c) {
                let text = compact(&c.to_string());
                assert!(text.is_ascii(), "U+{:04X}: {text}", u32::from(c));
            }
        }
    }
}
