//! How often each name (a finding, a leaning, a verdict) came up, listed
//! most common first and, on a tie, by name, so that the order never
//! depends on the order of the records.

use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Counts(BTreeMap<String, u64>);

impl Counts {
    pub(crate) fn add(&mut self, name: &str) {
        *self.0.entry(name.to_owned()).or_default() += 1;
    }

    pub(crate) fn add_all<'a>(&mut self, names: impl IntoIterator<Item = &'a String>) {
        for name in names {
            self.add(name);
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many different names.
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// Most common first, then by name.
    pub(crate) fn sorted(&self) -> Vec<(&str, u64)> {
        let mut out: Vec<(&str, u64)> = self.0.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        out
    }

    /// The most common names (several on a tie), by name.
    pub(crate) fn most_common(&self) -> Vec<&str> {
        let top = self.0.values().copied().max().unwrap_or(0);
        self.0.iter().filter(|(_, v)| **v == top).map(|(k, _)| k.as_str()).collect()
    }

    /// The most common name; on a tie, the first by name.
    pub(crate) fn first(&self) -> Option<&str> {
        self.most_common().first().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_common_first_and_ties_by_name() {
        let mut counts = Counts::default();
        for name in ["b", "a", "c", "b", "a"] {
            counts.add(name);
        }
        assert_eq!(counts.sorted(), [("a", 2), ("b", 2), ("c", 1)]);
        assert_eq!(counts.most_common(), ["a", "b"]);
        assert_eq!(counts.first(), Some("a"));
        assert_eq!(Counts::default().first(), None);
    }
}
