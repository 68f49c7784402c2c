//! A numbered, paraphrased claim of the pack's source material.

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// Index of a claim in [`crate::Pack::claims`].
pub(crate) type ClaimId = usize;

/// Whether a claim is meant to separate profiles or only gives context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum ClaimKind {
    Discriminating,
    Background,
}

/// One claim. A `caveat` says where the source is oversimplified or dated;
/// it is shown whenever a rule resting on the claim is used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Claim {
    pub(crate) id: String,
    pub(crate) section: String,
    pub(crate) kind: ClaimKind,
    pub(crate) text: String,
    pub(crate) caveat: Option<String>,
    /// Where it was declared; only checking needs it, so it is not stored.
    #[serde(skip)]
    pub(crate) span: Span,
}
