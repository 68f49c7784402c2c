//! A numbered, paraphrased claim of the pack's source material.

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// Index of a claim in [`crate::Pack::claims`].
pub type ClaimId = usize;

/// Whether a claim is meant to separate profiles or only gives context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClaimKind {
    Discriminating,
    Background,
}

/// One claim. A `caveat` says where the source is oversimplified or dated;
/// it is shown whenever a rule resting on the claim is used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub id: String,
    pub section: String,
    pub kind: ClaimKind,
    pub text: String,
    pub caveat: Option<String>,
    /// Where it was declared; only checking needs it, so it is not stored.
    #[serde(skip)]
    pub span: Span,
}
