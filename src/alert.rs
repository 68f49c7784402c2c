//! A finding that needs prompt medical attention whatever the comparison
//! says. Alerts never change a score.

use crate::{claim::ClaimId, condition::Condition, span::Span};

/// One alert: advice to seek care, never a diagnosis.
#[derive(Debug, Clone)]
pub struct Alert {
    pub id: String,
    pub when: Condition,
    pub advice: String,
    pub claims: Vec<ClaimId>,
    pub span: Span,
}
