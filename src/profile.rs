//! A disease profile the pack compares.

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// Index of a profile in [`crate::Pack::profiles`].
pub type ProfileId = usize;

/// One profile: its short id (`ALS`), full name and summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub id: String,
    pub name: String,
    pub also_known_as: Vec<String>,
    pub summary: String,
    pub claims: Vec<usize>,
    /// Where it was declared; only checking needs it, so it is not stored.
    #[serde(skip)]
    pub span: Span,
}
