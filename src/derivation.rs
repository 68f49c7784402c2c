//! A derivation: a fact concluded from other facts by forward chaining.

use serde::{Deserialize, Serialize};

use crate::{claim::ClaimId, condition::Condition, feature::FeatureId, span::Span, value::Value};

/// Index of a derivation in [`crate::Pack::derivations`].
pub type DerivationId = usize;

/// When `when` holds, `feature` is concluded to have `value`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Derivation {
    pub id: String,
    pub feature: FeatureId,
    pub value: Value,
    pub when: Condition,
    pub reason: String,
    pub claims: Vec<ClaimId>,
    /// Where it was declared; only checking needs it, so it is not stored.
    #[serde(skip)]
    pub span: Span,
}
