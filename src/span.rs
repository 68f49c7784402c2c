//! Where something came from in a rule-pack file.

use serde::{Deserialize, Serialize};

/// A place in one source file: 1-based line and column (in characters), and
/// the byte range used to draw a caret under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub(crate) struct Span {
    /// Index of the file in the pack's list of sources.
    pub(crate) source: usize,
    pub(crate) line: u32,
    pub(crate) column: u32,
    /// Byte offset of the start in the file.
    pub(crate) offset: usize,
    /// Length in bytes; 0 means "point at one character".
    pub(crate) len: usize,
}

/// Where the first byte that is not UTF-8 lies: its 1-based line and
/// column (in characters), or `None` if all of `bytes` is UTF-8. Files
/// that are not UTF-8 cannot be shown with a caret, so messages name the
/// place instead.
pub(crate) fn first_non_utf8(bytes: &[u8]) -> Option<(u32, u32)> {
    let valid = std::str::from_utf8(bytes).err()?.valid_up_to();
    let before = bytes.get(..valid).unwrap_or_default();
    let line_start = before.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let column = std::str::from_utf8(before.get(line_start..).unwrap_or_default())
        .map_or(1, |text| text.chars().count() + 1);
    Some((u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(column).unwrap_or(u32::MAX)))
}

#[cfg(test)]
mod tests {
    use super::first_non_utf8;

    #[test]
    fn the_first_bad_byte_is_found_by_line_and_character() {
        assert_eq!(first_non_utf8(b"all good\n"), None);
        assert_eq!(first_non_utf8(b"\xff"), Some((1, 1)));
        assert_eq!(first_non_utf8(b"a: 1\nb: caf\xc3\xa9 \xff\n"), Some((2, 9)));
    }
}
