//! Reading a stream line by line with a bound on the length of a line, so
//! that one enormous line (a 50 MB JSON line, a binary file) is reported,
//! not held in memory. Used by the prompt's scripts and by JSON Lines case
//! files.

use std::io::{self, BufRead};

/// What [`read_line`] found.
pub(crate) enum Line {
    Whole,
    /// Longer than the limit; the rest of it was read and dropped.
    TooLong,
}

/// Reads one line (with its newline) into `buffer` without ever holding
/// more than `limit` bytes.
/// `None` at the end of the input.
pub(crate) fn read_line(
    input: &mut (impl BufRead + ?Sized),
    buffer: &mut Vec<u8>,
    limit: usize,
) -> io::Result<Option<Line>> {
    let mut too_long = false;
    let mut read_any = false;
    loop {
        let available = match input.fill_buf() {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available.is_empty() {
            return Ok(read_any.then_some(if too_long { Line::TooLong } else { Line::Whole }));
        }
        read_any = true;
        let (chunk, done) = match memchr::memchr(b'\n', available) {
            Some(at) => (&available[..=at], true),
            None => (available, false),
        };
        let used = chunk.len();
        if buffer.len() + used > limit {
            too_long = true;
            buffer.clear();
        } else if !too_long {
            buffer.extend_from_slice(chunk);
        }
        input.consume(used);
        if done {
            return Ok(Some(if too_long { Line::TooLong } else { Line::Whole }));
        }
    }
}
