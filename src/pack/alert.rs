//! A finding that needs prompt medical attention whatever the comparison
//! says, or (a caution) a picture where the simplified source misleads and
//! the comparison itself should be doubted. Alerts never change a score.

use serde::{Deserialize, Serialize};

use crate::{pack::claim::ClaimId, pack::condition::Condition, span::Span};

/// What an alert is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub(crate) enum AlertKind {
    /// Seek medical attention (`kind: care`, the default).
    #[default]
    Care,
    /// A trap of the comparison: the picture is one the source
    /// oversimplifies, so think beyond the profiles (`kind: caution`).
    Caution,
}

/// One alert: advice to seek care, or a caution about the comparison;
/// never a diagnosis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Alert {
    pub(crate) id: String,
    pub(crate) when: Condition,
    #[serde(default)]
    pub(crate) kind: AlertKind,
    pub(crate) advice: String,
    pub(crate) claims: Vec<ClaimId>,
    /// Where it was declared; only checking needs it, so it is not stored.
    #[serde(skip)]
    pub(crate) span: Span,
}
