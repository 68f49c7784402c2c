//! Errors that end a run, the exit status each gives, and I/O errors in
//! the words every message uses.

use thiserror::Error;

use crate::{cases::assignment::AssignmentError, load::PackReport};

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
    /// The prompt's script could not be read to the end. Like a line that
    /// failed, it ends with status 1: the lines before it were answered.
    #[error("cannot read the input: {reason}")]
    Input { reason: String },
}

impl Error {
    pub(crate) fn code(&self) -> u8 {
        match self {
            Self::Pack { .. } | Self::Assignment { .. } | Self::Output { .. } => exit::USAGE,
            Self::Input { .. } => exit::SOME_FAILED,
        }
    }
}

/// An I/O error in lower-case words, without the OS error number.
pub(crate) fn io_reason(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "no such file or folder".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        ErrorKind::NotADirectory => "not a folder".into(),
        ErrorKind::IsADirectory => "is a folder".into(),
        _ => {
            let text = error.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text).to_owned();
            let mut chars = text.chars();
            chars
                .next()
                .map_or(text.clone(), |c| c.to_lowercase().collect::<String>() + chars.as_str())
        }
    }
}
