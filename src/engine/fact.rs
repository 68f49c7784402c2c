//! The engine's working memory: what is known about each feature, and how
//! it came to be known.

use crate::pack::{condition::Values, derivation::DerivationId, feature::FeatureId, value::Value};

/// How a feature's value was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// Typed or loaded by the person.
    Entered,
    /// Explicitly stated as unknown by the person.
    StatedUnknown,
    /// Concluded by a derivation.
    Derived(DerivationId),
    /// Read as absent because `--unknown-as-absent` is on.
    ClosedWorld,
    /// Never mentioned and not concluded.
    Unmentioned,
}

/// One feature's state in a case after chaining.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Fact {
    /// `None` is unknown, which is different from absent (`Flag(false)`).
    pub(crate) value: Option<Value>,
    pub(crate) origin: Origin,
}

impl Fact {
    pub(crate) fn is_known(&self) -> bool {
        self.value.is_some()
    }
}

/// Conditions read the facts' values in place.
impl Values for [Fact] {
    #[inline]
    fn value(&self, feature: FeatureId) -> Option<Value> {
        self.get(feature).and_then(|f| f.value)
    }
}
