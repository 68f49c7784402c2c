//! A finding that needs prompt medical attention whatever the comparison
//! says. Alerts never change a score.

use serde::{Deserialize, Serialize};

use crate::{claim::ClaimId, condition::Condition, span::Span};

/// One alert: advice to seek care, never a diagnosis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    pub id: String,
    pub when: Condition,
    pub advice: String,
    pub claims: Vec<ClaimId>,
    /// Where it was declared; only checking needs it, so it is not stored.
    #[serde(skip)]
    pub span: Span,
}
