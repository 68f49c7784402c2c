//! A fixed table from the names of a pack to what they stand for: built
//! once when the pack is loaded, then read for every feature of every case
//! of a batch.
//!
//! Why not a `HashMap`: a general map hashes the whole name with a seeded
//! hasher and probes in groups, about 100 instructions a lookup here,
//! which made looking up names a tenth of a batch's time (issue 17,
//! `docs/performance.md`). The keys of this table are few, known when it
//! is built and never change, so it can be kept a quarter full and hashed
//! on the length and the first and last eight bytes alone: a lookup is
//! then usually one slot, three words compared, and the middle of the
//! name. A name typed by someone cannot crowd the table (only the pack's
//! own names are in it), and a probe ends at the first empty slot: a
//! lookup compares at most the pack's names in one run of taken slots,
//! usually one (a pack whose names share length and both ends makes a
//! long run, slower but never wrong).

/// Names and their values, open-addressed with linear probing.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NameTable<T> {
    /// A power of two in length, at least four times the names, so most
    /// names sit in their own slot and every probe reaches an empty one.
    slots: Box<[Option<Slot<T>>]>,
    /// No name holds `"`, `\` or a control character (see
    /// [`Self::json_plain`]).
    json_plain: bool,
}

/// A name with its [`Ends`], kept so that a lookup compares them first and
/// reads the rest of the name only when they match.
#[derive(Debug, Clone, PartialEq)]
struct Slot<T> {
    ends: Ends,
    name: Box<str>,
    value: T,
}

impl<T> Default for NameTable<T> {
    fn default() -> Self {
        Self { slots: Box::new([]), json_plain: true }
    }
}

impl<T: Copy> NameTable<T> {
    /// The table of `entries`; of two entries with the same name, the
    /// first is kept (as `HashMap::entry(..).or_insert` kept it).
    pub(crate) fn new(entries: impl IntoIterator<Item = (String, T)>) -> Self {
        let entries: Vec<(String, T)> = entries.into_iter().collect();
        let json_plain = entries
            .iter()
            .all(|(name, _)| name.bytes().all(|b| b >= b' ' && b != b'"' && b != b'\\'));
        let size = (entries.len() * 4).next_power_of_two().max(4);
        let mut slots: Vec<Option<Slot<T>>> = Vec::new();
        slots.resize_with(size, || None);
        let mask = size - 1;
        for (name, value) in entries {
            let ends = Ends::of(name.as_bytes());
            let mut slot = ends.start(mask);
            loop {
                match &slots[slot] {
                    None => {
                        slots[slot] = Some(Slot { ends, name: name.into_boxed_str(), value });
                        break;
                    }
                    Some(taken) if *taken.name == *name => break,
                    Some(_) => slot = (slot + 1) & mask,
                }
            }
        }
        Self { slots: slots.into_boxed_slice(), json_plain }
    }

    /// Whether no name holds `"`, `\` or a control character: then a name
    /// found in JSON text taken up to its first `"` held no escape and no
    /// control character either, and the text needs no other check (a
    /// pack's names are words; this holds for every pack but one that
    /// gives a synonym such characters).
    pub(crate) fn json_plain(&self) -> bool {
        self.json_plain
    }

    /// The value of `name`, compared byte for byte. Always inlined: called
    /// for every feature of every case, where the call cost a quarter of it
    /// (callgrind, issue 17).
    #[allow(clippy::inline_always)]
    #[inline(always)]
    pub(crate) fn get(&self, name: &str) -> Option<T> {
        let mask = self.slots.len().checked_sub(1)?;
        let bytes = name.as_bytes();
        let ends = Ends::of(bytes);
        let mut slot = ends.start(mask);
        // Ends: at most a quarter of the slots are taken.
        loop {
            let taken = self.slots.get(slot)?.as_ref()?;
            if taken.ends == ends && same_middle(taken.name.as_bytes(), bytes) {
                return Some(taken.value);
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// The length and the first and last eight bytes of a name, each read as
/// one word (a name shorter than eight bytes is read whole, twice). Two
/// names of up to sixteen bytes are the same exactly when these are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ends {
    len: usize,
    first: u64,
    last: u64,
}

impl Ends {
    #[inline]
    fn of(bytes: &[u8]) -> Self {
        let word =
            |part: Option<&[u8; 8]>| part.map_or_else(|| short(bytes), |b| u64::from_le_bytes(*b));
        Self {
            len: bytes.len(),
            first: word(bytes.first_chunk::<8>()),
            last: word(bytes.last_chunk::<8>()),
        }
    }

    /// The first slot to look in: a multiplicative hash of the three.
    /// Names of a pack that share all three only share a cluster, never
    /// a wrong answer: the rest of the name is compared too.
    #[inline]
    fn start(self, mask: usize) -> usize {
        let mixed = (self.first ^ self.last.rotate_left(23) ^ self.len as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        // The high bits are the best mixed; the table is far smaller than 2^32.
        usize::try_from(mixed >> 32).unwrap_or(0) & mask
    }
}

/// A name shorter than eight bytes, as one word.
fn short(bytes: &[u8]) -> u64 {
    bytes.iter().take(8).enumerate().fold(0, |word, (i, b)| word | u64::from(*b) << (8 * i))
}

/// Whether two names of the same [`Ends`] have the same bytes between
/// their first and last eight, compared a word at a time (the last word
/// read may overlap the one before; a slice comparison would call
/// `memcmp` for these few bytes).
#[inline]
fn same_middle(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n <= 16 || b.len() != n {
        return b.len() == n;
    }
    let word = |s: &[u8], at: usize| {
        s.get(at..).and_then(<[u8]>::first_chunk::<8>).map(|w| u64::from_le_bytes(*w))
    };
    let mut at = 8;
    while at + 8 < n - 8 {
        if word(a, at) != word(b, at) {
            return false;
        }
        at += 8;
    }
    word(a, n - 16) == word(b, n - 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_name_and_nothing_else() {
        let names: Vec<String> = (0..300)
            .map(|i| format!("feature_{i}_with_a_long_middle_{}", i % 7))
            .chain(["a", "ab", "abcdefgh", "abcdefghi", ""].map(String::from))
            .collect();
        let table = NameTable::new(names.iter().cloned().zip(0_usize..));
        for (i, name) in names.iter().enumerate() {
            assert_eq!(table.get(name), Some(i), "{name}");
        }
        for missing in ["feature_1_with_a_long_middle_2", "abc", "abcdefgj", "b", "feature"] {
            assert_eq!(table.get(missing), None, "{missing}");
        }
    }

    #[test]
    fn keeps_the_first_of_two_same_names_and_an_empty_table_finds_nothing() {
        let table = NameTable::new([("x".to_owned(), 1), ("x".to_owned(), 2)]);
        assert_eq!(table.get("x"), Some(1));
        assert!(table.json_plain());
        for name in ["a\\b", "a\"b", "a\u{1}b", "a\tb"] {
            assert!(!NameTable::new([("x".to_owned(), 1), (name.to_owned(), 2)]).json_plain());
        }
        assert_eq!(NameTable::<u8>::default().get("x"), None);
        assert_eq!(NameTable::<u8>::new([]).get(""), None);
    }

    /// Every length from 0 to 40, names differing in one byte anywhere.
    #[test]
    fn a_name_differing_in_any_one_byte_is_another_name() {
        for len in 0..=40 {
            let name: String = (b'a'..=b'z').cycle().take(len).map(char::from).collect();
            let table = NameTable::new([(name.clone(), len)]);
            assert_eq!(table.get(&name), Some(len));
            for at in 0..len {
                let mut other = name.clone().into_bytes();
                other[at] = b'_';
                let other = String::from_utf8(other).unwrap_or_default();
                assert_eq!(table.get(&other), None, "{other}");
            }
            assert_eq!(table.get(&format!("{name}a")), None);
        }
    }

    /// Names alike in length and in their first and last eight bytes
    /// share a cluster and are still told apart.
    #[test]
    fn names_alike_at_both_ends_are_told_apart() {
        let names: Vec<String> =
            (b'a'..=b'z').map(|c| format!("abcdefgh{}stuvwxyz", c as char)).collect();
        let table = NameTable::new(names.iter().cloned().zip(0_u32..));
        for (i, name) in (0_u32..).zip(&names) {
            assert_eq!(table.get(name), Some(i));
        }
        assert_eq!(table.get("abcdefgh-stuvwxyz"), None);
    }
}
