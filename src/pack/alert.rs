//! A finding that needs prompt medical attention whatever the comparison
//! says. Alerts never change a score.

use serde::{Deserialize, Serialize};

use crate::{pack::claim::ClaimId, pack::condition::Condition, span::Span};

/// One alert: advice to seek care, never a diagnosis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Alert {
    pub(crate) id: String,
    pub(crate) when: Condition,
    pub(crate) advice: String,
    pub(crate) claims: Vec<ClaimId>,
    /// Where it was declared; only checking needs it, so it is not stored.
    #[serde(skip)]
    pub(crate) span: Span,
}
