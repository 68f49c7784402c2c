//! Where something came from in a rule-pack file.

use serde::{Deserialize, Serialize};

/// A place in one source file: 1-based line and column (in characters), and
/// the byte range used to draw a caret under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Span {
    /// Index of the file in the pack's list of sources.
    pub source: usize,
    pub line: u32,
    pub column: u32,
    /// Byte offset of the start in the file.
    pub offset: usize,
    /// Length in bytes; 0 means "point at one character".
    pub len: usize,
}
