//! The ids a batch has seen, to find a repeated one (see [`SeenIds`]).

use std::{collections::HashMap, sync::Arc};

use crate::cases::reader::Source;

/// How many tables [`SeenIds`] spreads the ids over: a power of two.
const ID_TABLES: usize = 1024;

/// Hashes of the ids seen so far, each with the place of its first case
/// (so that a repeat can name it), without keeping every id. The keys are
/// hashes already, so a fast hasher will do; they are spread over many
/// small tables, because a table grows by doubling, holding old and new at
/// once, and one table of a million ids would do that with tens of MiB.
/// [`ID_TABLES`] of them, not fewer: the old table a growth frees stays
/// with the allocator, and small ones are soon reused; with 64 tables of
/// up to half a MiB, a million cases written to a file peaked at 57 to 67
/// MiB (77 once), with 1,024 at 54 to 59 (issue 17). A place is 8 bytes:
/// the index of its file in `files`, and its line; so an id costs 16
/// bytes, twice what a bare hash did.
pub(super) struct SeenIds {
    shards: Vec<HashMap<u64, (u32, u32), foldhash::fast::FixedState>>,
    /// The files of the places, in input order (a file's cases come
    /// together, so only the last one need be compared).
    files: Vec<Arc<str>>,
}

impl Default for SeenIds {
    fn default() -> Self {
        Self { shards: (0..ID_TABLES).map(|_| HashMap::default()).collect(), files: Vec::new() }
    }
}

impl SeenIds {
    /// `None` when the hash is new (and now seen at `source`), or the
    /// place of the case that had it first.
    pub(super) fn insert(&mut self, hash: u64, source: &Source) -> Option<String> {
        if self.files.last() != Some(&source.file) {
            self.files.push(Arc::clone(&source.file));
        }
        let file = u32::try_from(self.files.len() - 1).unwrap_or(u32::MAX);
        // The top bits pick the table; the hash is uniform.
        let shard = usize::try_from(hash >> (64 - ID_TABLES.trailing_zeros())).unwrap_or(0);
        let set = self.shards.get_mut(shard)?;
        let (file, line) = match set.entry(hash) {
            std::collections::hash_map::Entry::Occupied(seen) => *seen.get(),
            std::collections::hash_map::Entry::Vacant(new) => {
                new.insert((file, source.line));
                return None;
            }
        };
        let name = usize::try_from(file).ok().and_then(|i| self.files.get(i))?;
        Some(format!("{name}:{line}"))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::SeenIds;
    use crate::cases::reader::Source;

    /// A hash seen before gives the place it was first seen at, in
    /// whichever table it falls; a new one gives nothing.
    #[test]
    fn a_repeat_names_the_first_place_in_every_table() {
        let mut seen = SeenIds::default();
        let a: Arc<str> = Arc::from("a.jsonl");
        let b: Arc<str> = Arc::from("b.jsonl");
        // Hashes spread over every table: the top bits vary.
        let hashes: Vec<u64> =
            (0..5000_u64).map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15)).collect();
        for (line, hash) in (1..).zip(&hashes) {
            assert_eq!(seen.insert(*hash, &Source { file: Arc::clone(&a), line }), None);
        }
        assert!(seen.shards.iter().all(|table| !table.is_empty()), "a table left empty");
        for (line, hash) in (1..).zip(&hashes) {
            let again = seen.insert(*hash, &Source { file: Arc::clone(&b), line: 9 });
            assert_eq!(again, Some(format!("a.jsonl:{line}")));
        }
        assert_eq!(seen.insert(7, &Source { file: Arc::clone(&b), line: 1 }), None);
        assert_eq!(seen.insert(7, &Source { file: b, line: 2 }), Some("b.jsonl:1".to_owned()));
    }
}
