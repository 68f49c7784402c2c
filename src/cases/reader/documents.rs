//! A YAML stream cut into its documents as it is read, so that a case file
//! of many documents is parsed one document at a time and memory follows
//! the largest document, not the file (issue 14).
//!
//! Why by hand: serde-saphyr's streaming reader (`serde_saphyr::read`)
//! bounds memory too, but it ends at the first syntax error or budget
//! breach (an alias bomb), so every case after a broken document would be
//! lost, and it gives no document's text (which a `1e999` needs to be
//! quoted as typed). Cutting the text first lets each document fail alone.
//!
//! # The rule
//!
//! A line is a *marker* when it starts, at column 0, with `---` (a document
//! starts) or `...` (a document ends), followed by a space, a tab or the
//! end of the line. This is YAML's own rule (the spec's `c-forbidden`):
//! such a line can never be content, not even inside a block scalar
//! (whose lines are indented past column 0 at a document's top level, or
//! end the scalar) or a quoted string (which the marker cuts short, an
//! error either way). So cutting at markers never splits a document that
//! the whole-file parse would have read in one piece.
//!
//! A piece runs from one document's start to the next's: a `---` line
//! begins a new piece once the current one has begun a document (it holds
//! a `---` line or any content: a line that is not blank, not a comment
//! and, before the document, not a `%` directive), and a `...` line that
//! ends a begun document ends the piece. So comments and directives go
//! with the document after them, as YAML wants. A piece may still hold
//! several documents (the lines of a file with lone carriage returns as
//! line breaks are not cut here); the parse reads them all.

use std::io::{self, BufRead};

use crate::limits;

/// One piece of the stream: the text of one document (and the comments and
/// directives before it), with where it starts in the file.
#[derive(Debug)]
pub(super) struct Piece<'t> {
    /// The 1-based line of its first line.
    pub(super) line: u32,
    /// The byte offset of its first byte (after a byte-order mark).
    pub(super) offset: usize,
    pub(super) content: Content<'t>,
}

#[derive(Debug)]
pub(super) enum Content<'t> {
    /// Its bytes (not yet known to be UTF-8), lent until the next piece is
    /// asked for: the buffer is used again for every piece, so cutting a
    /// file of many small documents allocates nothing per document.
    Text(&'t [u8]),
    /// Larger than [`limits::MAX_CASE_BYTES`]: it was read through to the
    /// next marker without being kept.
    TooLarge,
    /// The input failed while it was read; nothing after it is read.
    Unreadable(io::Error),
}

/// The pieces of one YAML stream, in order ([`Documents::next_piece`]).
pub(super) struct Documents<'a> {
    input: &'a mut dyn BufRead,
    /// The piece being gathered.
    text: Vec<u8>,
    /// The last line read (its buffer used again for every line).
    read: Line,
    /// The piece in `text` has been handed out, and is to be cleared.
    handed: bool,
    /// The last line read is a `---` that starts the piece after the one
    /// handed out, and is yet to be added to it (its length in the text,
    /// and in the file).
    carried: Option<(usize, usize)>,
    /// Whether it has begun a document (see the module's rule).
    begun: bool,
    /// Its size in the file (a byte-order mark included, as the size limit
    /// of a whole file counted it before issue 14).
    size: u64,
    /// Whether it has grown past the limit (and is no longer kept).
    too_large: bool,
    /// Where it starts: line (1-based), and byte offset.
    line: u32,
    offset: usize,
    /// Where the next line starts.
    next_line: u32,
    next_offset: usize,
    /// The byte-order mark has been looked for.
    started: bool,
    /// The input has ended or failed.
    done: bool,
}

/// One line as read: its first bytes (all of them, unless it is longer
/// than the room asked for), its length and how many line breaks it holds.
#[derive(Default)]
struct Line {
    kept: Vec<u8>,
    len: usize,
    breaks: u32,
}

impl<'a> Documents<'a> {
    pub(super) fn new(input: &'a mut dyn BufRead) -> Self {
        Self {
            input,
            text: Vec::new(),
            read: Line::default(),
            handed: false,
            carried: None,
            begun: false,
            size: 0,
            too_large: false,
            line: 1,
            offset: 0,
            next_line: 1,
            next_offset: 0,
            started: false,
            done: false,
        }
    }

    /// The next piece, or `None` at the end of the stream.
    pub(super) fn next_piece(&mut self) -> Option<Piece<'_>> {
        if std::mem::take(&mut self.handed) {
            self.text.clear();
        }
        if let Some((len, size)) = self.carried.take() {
            self.push(len, size, true);
        }
        while !self.done {
            // Past the limit only a line's first bytes are kept, to see
            // whether it is a marker.
            let room = if self.too_large {
                0
            } else {
                usize::try_from(limits::MAX_CASE_BYTES)
                    .unwrap_or(usize::MAX)
                    .saturating_sub(self.text.len())
            };
            match read_line(&mut *self.input, room.saturating_add(1).max(4), &mut self.read) {
                Ok(true) => {}
                Ok(false) => {
                    self.done = true;
                    break;
                }
                Err(error) => {
                    self.done = true;
                    return Some(self.take(Content::Unreadable(error)));
                }
            }
            let mut len = self.read.len;
            let size = len;
            if !self.started {
                self.started = true;
                // A byte-order mark is not part of the text (positions are
                // counted after it), but counts towards the size limit.
                if self.read.kept.starts_with(b"\xEF\xBB\xBF") {
                    self.read.kept.drain(..3);
                    len -= 3;
                }
            }
            let marker = marker(&self.read.kept);
            if marker == Some(Marker::Start) && self.begun {
                // This line starts the next piece: it is added to it when
                // that piece is asked for, once this one is done with.
                self.carried = Some((len, size));
                return Some(self.take_text());
            }
            // A `...` with no document before it ends nothing.
            let begins = marker != Some(Marker::End) && is_content(&self.read.kept);
            let ends = marker == Some(Marker::End) && self.begun;
            self.push(len, size, begins);
            if ends {
                self.begun = false;
                return Some(self.take_text());
            }
        }
        if !(self.begun || !self.text.is_empty() || self.too_large) {
            return None;
        }
        self.begun = false;
        Some(self.take_text())
            .filter(|piece| !matches!(&piece.content, Content::Text(text) if text.is_empty()))
    }

    /// Adds the last line read (`len` bytes of the text, `size` of the
    /// file) to the current piece; `begins` when it begins a document.
    fn push(&mut self, len: usize, size: usize, begins: bool) {
        let line = &self.read;
        self.begun |= begins;
        self.size = self.size.saturating_add(size as u64);
        if self.too_large || self.size > limits::MAX_CASE_BYTES || line.kept.len() < len {
            // Past the limit: the rest of the piece is read, not kept.
            self.too_large = true;
            self.text = Vec::new();
        } else {
            self.text.extend_from_slice(&line.kept);
        }
        self.next_line = self.next_line.saturating_add(line.breaks);
        self.next_offset += len;
    }

    /// Ends the current piece after the lines added to it.
    fn take_text(&mut self) -> Piece<'_> {
        self.handed = true;
        if self.too_large {
            self.take(Content::TooLarge)
        } else {
            let (line, offset) = (self.line, self.offset);
            self.restart();
            Piece { line, offset, content: Content::Text(&self.text) }
        }
    }

    /// The current piece with `content`; the next one starts where the
    /// lines added so far end.
    fn take(&mut self, content: Content<'static>) -> Piece<'static> {
        let piece = Piece { line: self.line, offset: self.offset, content };
        self.handed = true;
        self.restart();
        piece
    }

    /// Starts the next piece where the lines added so far end.
    fn restart(&mut self) {
        self.size = 0;
        self.too_large = false;
        self.line = self.next_line;
        self.offset = self.next_offset;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Start,
    End,
}

/// Whether a line is a document marker (see the module's rule).
fn marker(line: &[u8]) -> Option<Marker> {
    let (marker, rest) = match line.get(..3)? {
        b"---" => (Marker::Start, &line[3..]),
        b"..." => (Marker::End, &line[3..]),
        _ => return None,
    };
    matches!(rest.first(), None | Some(b' ' | b'\t' | b'\r' | b'\n')).then_some(marker)
}

/// Whether a line, before a document has begun, begins one: it is not
/// blank, not a comment and not a directive.
fn is_content(line: &[u8]) -> bool {
    line.first() != Some(&b'%') && !is_blank_or_comment(line)
}

/// Whether text (a line, or what follows a marker on its line) is blank or
/// a comment.
fn is_blank_or_comment(text: &[u8]) -> bool {
    matches!(text.iter().find(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n')), None | Some(b'#'))
}

/// Whether a piece surely holds one document whose root is a block
/// mapping (or text that fails to parse, which is one mistake): its parse
/// gives exactly one record. A batch leaves such a piece to its workers
/// and still counts its cases in order as it reads (the HTML report
/// numbers them, and a file with no case says so); any other piece (an
/// empty document, a list, a root that is flow, tagged, anchored or
/// quoted) is parsed where it is read, as its count is known only then.
///
/// It looks only at the lines before the first content, at that line and
/// at the last: past the first content, the cutting has made sure that no
/// marker comes but a last `...` (the module's rule), so no second
/// document can start, except where YAML sees a line break that the
/// cutting does not: a lone carriage return. A NUL, or something after
/// the last `...`, is an error to the YAML reader today, but a count that
/// decides whether a case is lost or made up should not lean on that (its
/// scanner takes a NUL for the end of the text in places, as after a
/// `---`): such a piece is parsed where it is read.
pub(super) fn holds_one_mapping(text: &[u8]) -> bool {
    if memchr::memchr(b'\0', text).is_some()
        || memchr::memchr_iter(b'\r', text).any(|at| text.get(at + 1) != Some(&b'\n'))
    {
        return false;
    }
    let mut lines = text.split_inclusive(|&b| b == b'\n');
    let mut started = false;
    let first = loop {
        // No content at all: an empty document, which holds no case.
        let Some(line) = lines.next() else { return false };
        match marker(line) {
            Some(Marker::Start) if !started && is_blank_or_comment(&line[3..]) => started = true,
            Some(_) => return false,
            None if !started && line.first() == Some(&b'%') => {}
            None if is_blank_or_comment(line) => {}
            None => break line,
        }
    };
    // A `...` that ends the document must have nothing after it but a
    // comment: a YAML reader that took what follows for a new document
    // would find a second case.
    let end = text.strip_suffix(b"\n").map_or(text.len(), <[u8]>::len);
    let last = &text[memchr::memrchr(b'\n', &text[..end]).map_or(0, |at| at + 1)..];
    if marker(last) == Some(Marker::End) && !is_blank_or_comment(&last[3..]) {
        return false;
    }
    // The first content is a plain key and a `:`: a block mapping.
    let key = first.trim_ascii_start();
    let indent = first.len() - key.len();
    let plain = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.');
    let colon = key.iter().position(|b| !plain(b)).unwrap_or(key.len());
    first[..indent].iter().all(|&b| b == b' ')
        && key.first().is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        && key.get(colon) == Some(&b':')
        && matches!(key.get(colon + 1), None | Some(b' ' | b'\t' | b'\r' | b'\n'))
}

/// Reads one line (to its `\n`, or to the end of the input) into `line`,
/// keeping at most `room` of its bytes; the rest is read through without
/// being held, so a line of gigabytes costs no memory. `false` at the end
/// of the input.
fn read_line(input: &mut dyn BufRead, room: usize, line: &mut Line) -> io::Result<bool> {
    line.kept.clear();
    line.len = 0;
    line.breaks = 0;
    // Carriage returns seen, and whether the last byte was one: a lone
    // carriage return is a line break to YAML, so it counts in the lines.
    let mut returns = 0u32;
    let mut last = 0u8;
    loop {
        let buffer = match input.fill_buf() {
            Ok(buffer) => buffer,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if buffer.is_empty() {
            break;
        }
        // One search for the line's end and the carriage returns before
        // it (most lines have none).
        let mut ended = None;
        let mut from = 0;
        while let Some(at) = memchr::memchr2(b'\n', b'\r', &buffer[from..]) {
            let at = from + at;
            if buffer[at] == b'\n' {
                ended = Some(at);
                break;
            }
            returns = returns.saturating_add(1);
            from = at + 1;
        }
        let part = ended.map_or(buffer, |at| &buffer[..=at]);
        let keep = room.saturating_sub(line.kept.len()).min(part.len());
        line.kept.extend_from_slice(&part[..keep]);
        if ended.is_some() {
            // The byte before the `\n`, in this part or the one before.
            let before = if part.len() >= 2 { part[part.len() - 2] } else { last };
            if before == b'\r' {
                returns -= 1;
            }
            line.breaks = 1;
        }
        last = part[part.len() - 1];
        let used = part.len();
        line.len += used;
        input.consume(used);
        if ended.is_some() {
            break;
        }
    }
    if line.len == 0 {
        return Ok(false);
    }
    line.breaks = line.breaks.saturating_add(returns);
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pieces of `text`: (first line, text) or a mark for the others.
    fn pieces(text: &[u8]) -> Vec<(u32, usize, String)> {
        let mut input = text;
        let mut documents = Documents::new(&mut input);
        let mut found = Vec::new();
        while let Some(piece) = documents.next_piece() {
            let text = match piece.content {
                Content::Text(text) => String::from_utf8(text.to_vec()).unwrap(),
                Content::TooLarge => "<too large>".to_owned(),
                Content::Unreadable(error) => format!("<{error}>"),
            };
            found.push((piece.line, piece.offset, text));
        }
        found
    }

    #[test]
    fn documents_are_cut_at_markers_with_their_lines_and_offsets() {
        let text = b"# head\nid: a\n---\nid: b\n--- # c\nid: c\n...\n# tail\n";
        assert_eq!(
            pieces(text),
            [
                (1, 0, "# head\nid: a\n".to_owned()),
                (3, 13, "---\nid: b\n".to_owned()),
                (5, 23, "--- # c\nid: c\n...\n".to_owned()),
                (8, 41, "# tail\n".to_owned()),
            ]
        );
    }

    #[test]
    fn comments_and_directives_go_with_the_document_after_them() {
        let text = b"---\nid: a\n...\n%YAML 1.2\n# c\n---\nid: b\n";
        assert_eq!(
            pieces(text),
            [
                (1, 0, "---\nid: a\n...\n".to_owned()),
                (4, 14, "%YAML 1.2\n# c\n---\nid: b\n".to_owned()),
            ]
        );
    }

    #[test]
    fn indented_or_longer_dashes_are_content() {
        let text = b"id: a\ndescription: |\n  ---\n  text\nnote: ----\n---x: 1\n";
        assert_eq!(pieces(text), [(1, 0, String::from_utf8(text.to_vec()).unwrap())]);
    }

    #[test]
    fn a_byte_order_mark_is_dropped_and_line_ends_of_every_kind_counted() {
        let text = b"\xEF\xBB\xBFid: a\r\n---\r\nid: b\rx: 1\n---\nid: c";
        assert_eq!(
            pieces(text),
            [
                (1, 0, "id: a\r\n".to_owned()),
                (2, 7, "---\r\nid: b\rx: 1\n".to_owned()),
                (5, 23, "---\nid: c".to_owned()),
            ]
        );
    }

    #[test]
    fn an_empty_stream_has_no_piece() {
        assert!(pieces(b"").is_empty());
        assert_eq!(pieces(b"---\n"), [(1, 0, "---\n".to_owned())]);
    }

    #[test]
    fn a_piece_over_the_limit_is_read_through_not_kept() {
        let limit = usize::try_from(limits::MAX_CASE_BYTES).unwrap();
        let mut text = b"id: a\n---\nid: b\ndescription: ".to_vec();
        text.resize(text.len() + limit, b'x');
        text.extend_from_slice(b"\n---\nid: c\n");
        let found = pieces(&text);
        assert_eq!(found.len(), 3);
        assert_eq!((found[1].0, found[1].2.as_str()), (2, "<too large>"));
        assert_eq!((found[2].0, found[2].2.as_str()), (5, "---\nid: c\n"));
        assert_eq!(found[2].1, text.len() - 10);
    }

    #[test]
    fn a_piece_holds_one_mapping_only_when_its_first_content_is_a_plain_key() {
        for text in [
            &b"id: a\nfeatures: {}\n"[..],
            b"%YAML 1.2\n# c\n--- # d\n\n  id: a\r\n...\n",
            b"---\nid:\n...   # e\n",
            b"my_key-2.x: [\n",
        ] {
            assert!(holds_one_mapping(text), "{}", String::from_utf8_lossy(text));
        }
        for text in [
            // Empty, a list, a root that is no plain key, or something on
            // the `---` line.
            &b""[..],
            b"---\n# c\n",
            b"- id: a\n",
            b"[id]\n",
            b"{id: a}\n",
            b"null\n",
            b"~\n",
            b"\"id\": a\n",
            b"&a id: b\n",
            b"\tid: a\n",
            b"id:a\n",
            b"--- id: a\n",
            b"--- !!seq\n- a\n",
            // What YAML may read as a second document.
            b"id: a\r---\rid: b\n",
            b"id: a\n...\x00\n",
            b"id: a\n... id: b\n",
        ] {
            assert!(!holds_one_mapping(text), "{}", String::from_utf8_lossy(text));
        }
    }
}
