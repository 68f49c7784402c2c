//! Errors that end a run, and the exit status each gives.

use thiserror::Error;

use crate::{batch::BatchError, cases::assignment::AssignmentError, load::PackReport};

/// Exit statuses, in one place: 0 ok, 1 some cases failed, 2 usage or rule
/// error.
pub mod exit {
    pub const OK: u8 = 0;
    pub const SOME_FAILED: u8 = 1;
    pub const USAGE: u8 = 2;
}

/// Why a run stopped.
#[derive(Debug, Error)]
#[non_exhaustive]
pub(crate) enum Error {
    #[error("the rule pack has errors")]
    Pack { report: Box<PackReport> },
    #[error("{}", error.kind)]
    Assignment { error: Box<AssignmentError>, arguments: Vec<String> },
    #[error("cannot write output: {reason}")]
    Output { reason: String },
    #[error(transparent)]
    Batch(#[from] BatchError),
}

impl Error {
    pub(crate) fn code(&self) -> u8 {
        match self {
            Self::Pack { .. } | Self::Assignment { .. } | Self::Output { .. } => exit::USAGE,
            Self::Batch(error) => error.code(),
        }
    }
}
