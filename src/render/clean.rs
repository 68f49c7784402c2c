//! The one boundary that human-readable output passes on its way out, and
//! the two ways the drivers write through it: [`to_stderr`] for messages,
//! [`CleanWriter`] for output written piece by piece.
//!
//! Rule packs and case files travel between people, so the text they carry
//! (ids, descriptions, reasons, file names, values quoted in messages) must
//! not be able to drive the terminal or the viewer that shows it. Rather
//! than trusting every renderer to clean each string it copies from a
//! file, the drivers (`run.rs`, the prompt, a batch) write every text,
//! table, Markdown, note, error and summary through [`clean`], so a new
//! output cannot forget it. JSON is the exception: it is data, written
//! exactly, and safe on a terminal another way: its one writer
//! ([`super::json_text`]) writes every character replaced here as a
//! `\uXXXX` escape.
//!
//! [`clean`] replaces a tab with a space, and with U+FFFD (the
//! replacement character):
//! - C0 control characters other than line feed, DEL, and C1
//!   control characters: they move the cursor, clear the screen, set the
//!   window title, ring the bell, or start longer escape sequences;
//! - Unicode's bidirectional controls, which reorder what a reader sees
//!   (a file name can be made to show as another), and the invisible
//!   format characters (zero-width spaces and joiners, word joiner, the
//!   byte-order mark, line and paragraph separators), which hide text or
//!   break lines where no line break is seen.
//!
//! With colour on, the tool's own colours are escape sequences too. A
//! "select graphic rendition" sequence whose every parameter is one the
//! tool's colours use (reset, bold, dim, italic, underline and their
//! resets, the default colour, and red, green, yellow, blue, magenta and
//! cyan in their normal and bright forms) passes; any other escape is
//! replaced. Text from a file can therefore at most colour what follows
//! it in one of those colours, which stay readable on a dark and a light
//! background; it can never hide text (black, white, grey, conceal,
//! reverse and background colours are refused), move the cursor, set a
//! title or write a link.

use std::{
    borrow::Cow,
    io::{self, Write},
};

/// The replacement for a character that must not reach a terminal.
const REPLACEMENT: char = '\u{fffd}';

/// `text` with every character that could drive a terminal or reorder
/// what is seen replaced (see the module docs). `colour` lets the tool's
/// own colour sequences through. Borrows when nothing needs replacing,
/// which is nearly always.
pub(crate) fn clean(text: &str, colour: bool) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    // Bytes of `text` before this have been copied to `out`.
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        // Only these bytes can start a character that needs looking at:
        // an ASCII control, DEL, or the first byte of U+0080-U+00BF (the
        // C1 controls, the soft hyphen), U+0600-U+063F, U+1000-U+1FFF,
        // U+2000-U+2FFF, U+F000-U+FFFF and U+C0000-U+FFFFF (the tags).
        // Every other byte is passed over; the output of a command is
        // mostly plain text, so this is nearly all of them.
        let b = bytes[at];
        if !((b < 0x20 && b != b'\n')
            || matches!(b, 0x7f | 0xc2 | 0xd8 | 0xe1 | 0xe2 | 0xef | 0xf3))
        {
            at += 1;
            continue;
        }
        // Those bytes are ASCII or the first byte of a character, so `at`
        // is a character boundary.
        let Some(c) = text[at..].chars().next() else { break };
        if colour
            && c == '\u{1b}'
            && let Some(len) = sgr_len(&text[at..])
        {
            at += len;
            continue;
        }
        if unsafe_char(c) {
            let out = out.get_or_insert_with(|| String::with_capacity(text.len() + 8));
            out.push_str(&text[copied..at]);
            // A tab is whitespace a writer meant, not a control: one space
            // keeps the words apart and reads as intended. Left as it is,
            // it would jump to the next tab stop, so that a tab in an id
            // pushes a table's columns out of line (each column is
            // measured in characters, and a space is one).
            out.push(if c == '\t' { ' ' } else { REPLACEMENT });
            copied = at + c.len_utf8();
        }
        at += c.len_utf8();
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut out) => {
            out.push_str(&text[copied..]);
            Cow::Owned(out)
        }
    }
}

/// Writes a message, a note or a summary to standard error through
/// [`clean`]: the one way every layer writes there. A message that cannot
/// be written has nowhere else to go, so a failure is ignored.
pub(crate) fn to_stderr(text: &str, colour: bool) {
    let _ = io::stderr().lock().write_all(clean(text, colour).as_bytes());
}

/// A writer that passes everything written to it through [`clean`]: the
/// boundary for output written piece by piece (a batch's table or
/// Markdown), so that no piece can skip it. A character split between two
/// writes is held back until it is whole. A colour sequence split between
/// two writes would be replaced, not kept: the batch writes whole rendered
/// pieces, so its own colours are never split.
pub(crate) struct CleanWriter<W: Write> {
    inner: W,
    colour: bool,
    /// The start of a UTF-8 character (at most three bytes) whose end has
    /// not been written yet.
    pending: Vec<u8>,
}

impl<W: Write> CleanWriter<W> {
    pub(crate) fn new(inner: W, colour: bool) -> Self {
        Self { inner, colour, pending: Vec::new() }
    }
}

impl<W: Write> Write for CleanWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let joined;
        let bytes = if self.pending.is_empty() {
            buf
        } else {
            joined = [std::mem::take(&mut self.pending).as_slice(), buf].concat();
            &joined
        };
        match std::str::from_utf8(bytes) {
            Ok(text) => self.inner.write_all(clean(text, self.colour).as_bytes())?,
            // The end is the start of a character cut in two: write what
            // comes before it, keep it for the next write.
            Err(error) if error.error_len().is_none() => {
                let (whole, cut) = bytes.split_at(error.valid_up_to());
                let whole = std::str::from_utf8(whole).unwrap_or_default();
                self.inner.write_all(clean(whole, self.colour).as_bytes())?;
                self.pending.extend_from_slice(cut);
            }
            // Bytes that are not UTF-8 at all (only strings are written
            // here, so this is a bug elsewhere): shown replaced, never
            // dropped.
            Err(_) => {
                let lossy = String::from_utf8_lossy(bytes);
                self.inner.write_all(clean(&lossy, self.colour).as_bytes())?;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            // A character cut in two that was never finished.
            let rest = String::from_utf8_lossy(&std::mem::take(&mut self.pending)).into_owned();
            self.inner.write_all(clean(&rest, self.colour).as_bytes())?;
        }
        self.inner.flush()
    }
}

/// Whether `c` must not reach a terminal as it is: every control but the
/// line feed (a tab too: see [`clean`]) and the invisible characters, as
/// [`crate::pack::hidden_char`] defines them once for the pack check and
/// this boundary alike.
pub(crate) fn unsafe_char(c: char) -> bool {
    c != '\n' && crate::pack::hidden_char::is_hidden_or_control(c)
}

/// The length of the colour sequence `text` starts with, if it is one the
/// tool itself writes: `ESC [ n;n;... m` with every `n` allowed.
fn sgr_len(text: &str) -> Option<usize> {
    let body = text.strip_prefix("\u{1b}[")?;
    let end = body.find(|c: char| !(c.is_ascii_digit() || c == ';'))?;
    if !body[end..].starts_with('m') {
        return None;
    }
    let params = &body[..end];
    let allowed = params.is_empty()
        || params.split(';').all(|p| {
            matches!(p.parse::<u8>(), Ok(0..=4 | 22..=24 | 31..=36 | 39 | 91..=96)) && p.len() <= 2
        });
    allowed.then_some(2 + end + 1)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::{CleanWriter, clean};

    #[test]
    fn the_writer_cleans_pieces_and_joins_a_character_cut_in_two() {
        let mut out = Vec::new();
        let mut writer = CleanWriter::new(&mut out, false);
        let text = "é\u{202e}x\u{1b}[2J";
        let bytes = text.as_bytes();
        writer.write_all(&bytes[..1]).unwrap();
        writer.write_all(&bytes[1..5]).unwrap();
        writer.write_all(&bytes[5..]).unwrap();
        writer.flush().unwrap();
        drop(writer);
        assert_eq!(String::from_utf8(out).unwrap(), "é\u{fffd}x\u{fffd}[2J");
    }

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        let text = "age=62, ALS +3\n  margin 4 — é 😀";
        assert!(matches!(clean(text, false), std::borrow::Cow::Borrowed(t) if t == text));
    }

    #[test]
    fn control_and_format_characters_are_replaced() {
        assert_eq!(clean("a\u{1b}]0;title\u{7}b", false), "a\u{fffd}]0;title\u{fffd}b");
        assert_eq!(clean("x\ry\u{8}z\u{7f}\u{85}", false), "x\u{fffd}y\u{fffd}z\u{fffd}\u{fffd}");
        assert_eq!(clean("file\u{202e}txt.exe", false), "file\u{fffd}txt.exe");
        assert_eq!(clean("a\u{200b}b\u{feff}c\u{2028}d", false), "a\u{fffd}b\u{fffd}c\u{fffd}d");
        assert_eq!(clean("hidden\u{e0041}\u{e0042}", false), "hidden\u{fffd}\u{fffd}");
        assert_eq!(clean("id\twith\ttabs\n", false), "id with tabs\n");
        // The zero-width joiner holds emoji sequences together.
        assert_eq!(clean("👩\u{200d}🔬", false), "👩\u{200d}🔬");
    }

    #[test]
    fn the_quick_scan_misses_no_character_it_must_replace() {
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            let replaced = clean(&text, false) != text;
            assert_eq!(replaced, super::unsafe_char(c), "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn the_tools_own_colours_pass_only_when_colour_is_on() {
        let red = "\u{1b}[1;31mALS\u{1b}[0m";
        assert_eq!(clean(red, true), red);
        assert_eq!(clean(red, false), "\u{fffd}[1;31mALS\u{fffd}[0m");
        // Conceal, reverse, background, cursor movement and links are
        // never the tool's.
        for hostile in [
            "\u{1b}[8m",
            "\u{1b}[7m",
            "\u{1b}[41m",
            "\u{1b}[30m",
            "\u{1b}[97m",
            "\u{1b}[2J",
            "\u{1b}[999m",
        ] {
            assert!(clean(hostile, true).starts_with('\u{fffd}'), "{hostile:?}");
        }
        assert_eq!(clean("\u{1b}]8;;http://x\u{1b}\\", true), "\u{fffd}]8;;http://x\u{fffd}\\");
    }
}
