//! The features a person stated for one case.

use std::collections::BTreeMap;

use crate::{feature::FeatureId, value::Value};

/// What was said about one feature: a value, or explicitly "unknown".
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Entry {
    Known(Value),
    Unknown,
}

/// A case: entered features keyed by id. A `BTreeMap` keeps them in pack
/// order whatever order they were typed in, which makes every output
/// independent of input order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Case {
    entries: BTreeMap<FeatureId, Entry>,
}

impl Case {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an entry. Returns the earlier, different entry if the feature
    /// was already given another value (the case is then unchanged).
    pub fn set(&mut self, feature: FeatureId, entry: Entry) -> Result<(), Entry> {
        match self.entries.get(&feature) {
            Some(old) if *old != entry => Err(*old),
            _ => {
                self.entries.insert(feature, entry);
                Ok(())
            }
        }
    }

    /// Records an entry, replacing any earlier one.
    pub fn replace(&mut self, feature: FeatureId, entry: Entry) {
        self.entries.insert(feature, entry);
    }

    /// Forgets a feature; returns what was entered for it, if anything.
    pub fn remove(&mut self, feature: FeatureId) -> Option<Entry> {
        self.entries.remove(&feature)
    }

    /// What was entered for a feature.
    pub fn get(&self, feature: FeatureId) -> Option<Entry> {
        self.entries.get(&feature).copied()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries in pack order.
    pub fn iter(&self) -> impl Iterator<Item = (FeatureId, Entry)> + '_ {
        self.entries.iter().map(|(f, e)| (*f, *e))
    }
}
