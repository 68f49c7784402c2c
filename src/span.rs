//! Where something is in a file.
//!
//! There is one position type, [`Position`]: a line, a column, and the
//! bytes to draw a caret under, in a text whose file it does not name. The
//! YAML reader gives one for every node before anyone knows which file the
//! text came from, and a case file's mistakes carry one beside the file the
//! case came from. Where the file is needed with the position, the two are
//! paired, never merged into a second kind of position:
//!
//! - [`Span`]: a position in one of a rule pack's files, named by its index
//!   in the pack's list of sources (what the pack's items keep, and what a
//!   pack problem shown with a caret has);
//! - a pack problem about a whole file pairs the file's name with an
//!   optional position (`Place::File` in [`crate::load::pack_error`]);
//! - a case's mistake has an optional position, beside the file and line of
//!   the case (`Source` in [`crate::cases::reader`]).

/// A place in a text: 1-based line and column (in characters), and the
/// byte range used to draw a caret under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) struct Position {
    pub(crate) line: u32,
    pub(crate) column: u32,
    /// Byte offset of the start in the text.
    pub(crate) offset: usize,
    /// Length in bytes; 0 means "point at one character".
    pub(crate) len: usize,
}

impl Position {
    /// The start of line `line`, with no byte range: the place of a JSON
    /// line or a CSV row, which every part of it shares.
    pub(crate) fn line(line: u32) -> Self {
        Self { line, column: 1, offset: 0, len: 0 }
    }

    /// The position in source file number `source` of a pack.
    pub(crate) fn in_source(self, source: usize) -> Span {
        Span { source, at: self }
    }
}

/// A position in one file of a rule pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) struct Span {
    /// Index of the file in the pack's list of sources.
    pub(crate) source: usize,
    pub(crate) at: Position,
}

/// Where the first byte that is not UTF-8 lies (its line, column and byte
/// offset), or `None` if all of `bytes` is UTF-8. Files that are not UTF-8
/// cannot be shown with a caret, so messages name the place instead.
pub(crate) fn first_non_utf8(bytes: &[u8]) -> Option<Position> {
    let valid = std::str::from_utf8(bytes).err()?.valid_up_to();
    let before = bytes.get(..valid).unwrap_or_default();
    let line_start = before.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let column = std::str::from_utf8(before.get(line_start..).unwrap_or_default())
        .map_or(1, |text| text.chars().count() + 1);
    Some(Position {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
        offset: valid,
        len: 1,
    })
}

#[cfg(test)]
mod tests {
    use super::first_non_utf8;

    #[test]
    fn the_first_bad_byte_is_found_by_line_and_character() {
        let place = |bytes: &[u8]| first_non_utf8(bytes).map(|p| (p.line, p.column, p.offset));
        assert_eq!(place(b"all good\n"), None);
        assert_eq!(place(b"\xff"), Some((1, 1, 0)));
        assert_eq!(place(b"a: 1\nb: caf\xc3\xa9 \xff\n"), Some((2, 9, 14)));
    }
}
