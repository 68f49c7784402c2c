//! The features a person stated for one case.

use crate::{pack::feature::FeatureId, pack::value::Value};

/// What was said about one feature: a value, or explicitly "unknown".
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Entry {
    Known(Value),
    Unknown,
}

/// A case: entered features keyed by id, kept sorted by id, so in pack
/// order whatever order they were typed in, which makes every output
/// independent of input order. A sorted `Vec` rather than a map: a case
/// holds a handful of entries, and a batch builds millions of cases.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Case {
    entries: Vec<(FeatureId, Entry)>,
}

impl Case {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// A case with room for `features` entries.
    pub(crate) fn with_capacity(features: usize) -> Self {
        Self { entries: Vec::with_capacity(features) }
    }

    /// Records an entry. Returns the earlier, different entry if the feature
    /// was already given another value (the case is then unchanged).
    pub(crate) fn set(&mut self, feature: FeatureId, entry: Entry) -> Result<(), Entry> {
        match self.find(feature) {
            Ok(i) if self.entries[i].1 != entry => Err(self.entries[i].1),
            Ok(_) => Ok(()),
            Err(i) => {
                self.entries.insert(i, (feature, entry));
                Ok(())
            }
        }
    }

    /// A case of `entries` in any order; `None` if a feature is given
    /// twice. For a reader that collects a case's entries first: sorting
    /// them once costs less than keeping them sorted entry by entry.
    pub(crate) fn from_entries(mut entries: Vec<(FeatureId, Entry)>) -> Option<Self> {
        // Cases are most often written in the pack's order: one pass then
        // finds them in order and without a repeat, and nothing is sorted.
        if entries.windows(2).all(|pair| pair[0].0 < pair[1].0) {
            return Some(Self { entries });
        }
        entries.sort_unstable_by_key(|(feature, _)| *feature);
        let repeated = entries.windows(2).any(|pair| pair[0].0 == pair[1].0);
        (!repeated).then_some(Self { entries })
    }

    /// Records an entry, replacing any earlier one.
    pub(crate) fn replace(&mut self, feature: FeatureId, entry: Entry) {
        match self.find(feature) {
            Ok(i) => self.entries[i].1 = entry,
            Err(i) => self.entries.insert(i, (feature, entry)),
        }
    }

    /// Forgets a feature; returns what was entered for it, if anything.
    pub(crate) fn remove(&mut self, feature: FeatureId) -> Option<Entry> {
        self.find(feature).ok().map(|i| self.entries.remove(i).1)
    }

    /// What was entered for a feature.
    pub(crate) fn get(&self, feature: FeatureId) -> Option<Entry> {
        self.find(feature).ok().map(|i| self.entries[i].1)
    }

    /// Where a feature is, or would go.
    fn find(&self, feature: FeatureId) -> Result<usize, usize> {
        self.entries.binary_search_by_key(&feature, |(f, _)| *f)
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries in pack order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (FeatureId, Entry)> + '_ {
        self.entries.iter().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Entries in order are taken as they are; out of order, sorted; a
    /// feature given twice is refused either way.
    #[test]
    fn from_entries_sorts_and_refuses_a_repeat_in_any_order() {
        let flag = |on| Entry::Known(Value::Flag(on));
        let ids = |case: Option<Case>| case.map(|c| c.iter().map(|(f, _)| f).collect::<Vec<_>>());
        assert_eq!(
            ids(Case::from_entries(vec![(0, flag(true)), (2, Entry::Unknown)])),
            Some(vec![0, 2])
        );
        assert_eq!(
            ids(Case::from_entries(vec![(2, Entry::Unknown), (0, flag(true))])),
            Some(vec![0, 2])
        );
        assert_eq!(ids(Case::from_entries(Vec::new())), Some(Vec::new()));
        assert_eq!(ids(Case::from_entries(vec![(1, flag(true)), (1, flag(false))])), None);
        assert_eq!(
            ids(Case::from_entries(vec![(3, flag(true)), (1, flag(true)), (3, flag(true))])),
            None
        );
        // Ids far apart, and a value kept with its own feature.
        let wide = vec![(70, flag(true)), (63, Entry::Unknown), (0, flag(false)), (64, flag(true))];
        assert_eq!(ids(Case::from_entries(wide)), Some(vec![0, 63, 64, 70]));
        let twice = vec![(70, flag(true)), (1, flag(true)), (70, flag(true))];
        assert_eq!(ids(Case::from_entries(twice)), None);
        let placed =
            Case::from_entries(vec![(5, flag(true)), (2, Entry::Unknown), (63, flag(false))]);
        let entries: Vec<(usize, Entry)> = placed.map(|c| c.iter().collect()).unwrap_or_default();
        assert_eq!(entries, vec![(2, Entry::Unknown), (5, flag(true)), (63, flag(false))]);
    }
}
