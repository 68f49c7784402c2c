//! Finding the first byte of a kind in a slice a word of eight bytes at a
//! time (as `serde_json` and `memchr` do): a leaf any layer may use. The
//! case scanner looks for the end of a string with it and the JSON writer
//! for a byte that needs escaping; a loop over bytes cost about ten
//! instructions a byte in each (callgrind, issue 17).
//!
//! Why not `memchr`: it finds one, two or three given bytes, not "any byte
//! below 0x20", which both searches need.

/// `0x01` in every byte.
const ONES: u64 = u64::from_le_bytes([0x01; 8]);
/// `0x80` in every byte: the high bits, where the tests below flag a byte.
pub(crate) const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);

/// The high bit of each byte of `word` below `n` (at most 0x80). Only the
/// lowest flag is sure: a borrow can set flags above it, so a caller reads
/// the lowest only (as [`first`] does) or only whether there is one.
#[allow(clippy::inline_always)]
#[inline(always)]
pub(crate) fn below(word: u64, n: u8) -> u64 {
    word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS
}

/// The high bit of each byte of `word` equal to `byte`, as [`below`] flags
/// them.
#[allow(clippy::inline_always)]
#[inline(always)]
pub(crate) fn equal(word: u64, byte: u8) -> u64 {
    below(word ^ (ONES * u64::from(byte)), 1)
}

/// Where the first byte that `is` is in `bytes` from `start`: eight bytes
/// at a time while there are eight, `flags` flagging the lowest such byte
/// of a word (and none when there is none; built of [`below`], [`equal`]
/// and [`HIGHS`]), then a byte at a time. `flags` and `is` must describe
/// the same bytes.
#[allow(clippy::inline_always)]
#[inline(always)]
pub(crate) fn first(
    bytes: &[u8],
    start: usize,
    flags: impl Fn(u64) -> u64,
    is: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut at = start;
    while let Some(chunk) = bytes.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        let found = flags(u64::from_le_bytes(*chunk));
        if found != 0 {
            return Some(at + found.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    let tail = bytes.get(at..)?;
    tail.iter().position(|b| is(*b)).map(|i| at + i)
}

#[cfg(test)]
mod tests {
    use super::{HIGHS, below, equal, first};

    /// For every byte at every place, with a later match that must not be
    /// taken instead: each test finds what a byte-by-byte search finds.
    #[test]
    fn each_test_finds_the_first_byte_a_byte_loop_finds() {
        for len in 1..20 {
            for at in 0..len {
                for byte in 0..=u8::MAX {
                    let mut bytes = vec![b'a'; len + 2];
                    bytes[at] = byte;
                    bytes[len + 1] = 0x7f;
                    let by_byte = |is: &dyn Fn(u8) -> bool| bytes.iter().position(|b| is(*b));
                    let found = first(&bytes, 0, |w| equal(w, 0x7f), |b| b == 0x7f);
                    assert_eq!(found, by_byte(&|b| b == 0x7f), "{len} {at} {byte}");
                    let found = first(&bytes, 0, |w| below(w, 0x20), |b| b < 0x20);
                    assert_eq!(found, by_byte(&|b| b < 0x20), "{len} {at} {byte}");
                    let found = first(&bytes, 0, |w| w & HIGHS, |b| b >= 0x80);
                    assert_eq!(found, by_byte(&|b| b >= 0x80), "{len} {at} {byte}");
                }
            }
        }
        assert_eq!(first(b"abc", 3, |w| equal(w, b'a'), |b| b == b'a'), None);
        assert_eq!(first(b"abc", 4, |w| equal(w, b'a'), |b| b == b'a'), None);
    }
}
