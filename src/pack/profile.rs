//! A disease profile the pack compares.

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// Index of a profile in [`crate::Pack::profiles`].
pub(crate) type ProfileId = usize;

/// One profile: its short id (`ALS`), full name and summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Profile {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) also_known_as: Vec<String>,
    pub(crate) summary: String,
    pub(crate) claims: Vec<usize>,
    /// Disease terms that are this profile (`ids:` in `pack.yaml`):
    /// `MONDO:`, `OMIM:` or `ORPHA:` ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) ids: Vec<String>,
    /// Where it was declared; only checking needs it, so it is not stored.
    #[serde(skip)]
    pub(crate) span: Span,
}
