//! A derivation: a fact concluded from other facts by forward chaining.

use serde::{Deserialize, Serialize};

use crate::{
    pack::claim::ClaimId, pack::condition::Condition, pack::feature::FeatureId, pack::value::Value,
    span::Span,
};

/// Index of a derivation in [`crate::Pack::derivations`].
pub(crate) type DerivationId = usize;

/// When `when` holds, `feature` is concluded to have `value`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Derivation {
    pub(crate) id: String,
    pub(crate) feature: FeatureId,
    pub(crate) value: Value,
    pub(crate) when: Condition,
    pub(crate) reason: String,
    pub(crate) claims: Vec<ClaimId>,
    /// Where it was declared; only checking needs it, so it is not stored.
    #[serde(skip)]
    pub(crate) span: Span,
}
