//! The engine's working memory: what is known about each feature, and how
//! it came to be known.

use crate::{derivation::DerivationId, value::Value};

/// How a feature's value was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
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
pub struct Fact {
    /// `None` is unknown, which is different from absent (`Flag(false)`).
    pub value: Option<Value>,
    pub origin: Origin,
}

impl Fact {
    pub fn is_known(&self) -> bool {
        self.value.is_some()
    }
}
