//! The quiz layer: predict, then reveal. A student meets a case stage by
//! stage, commits to a leaning, a confidence and the findings that matter
//! most, and only then sees how the rule pack weighs the same findings.
//! Committed answers can be recorded ([`record`]) and a class's records
//! aggregated (`quiz report`).
//!
//! The parts: the quiz on the prompt's two line drivers, terminal and pipe
//! ([`driver`]); one [`session`] that answers each line and holds the cases,
//! the stage being asked and the answers so far; the line grammar
//! ([`answer`]) and `help`; a stage as the student meets it ([`stage`]), the
//! pack's verdict and rules at that stage ([`reveal`]), the comparison of
//! the two ([`feedback`]), and the [`summary`]; the record file
//! ([`recorder`]) and Tab [`completion`].
//!
//! It must not show what a case expects, its rationale or the pack's
//! verdict before the student commits, suggest a finding not yet revealed,
//! or grade clinical judgement: where the student and the rules part is
//! described, not marked wrong. It evaluates only through the engine, prints
//! only in the drivers (through `render::clean`), and writes no file but
//! the record file and the history.

mod answer;
mod completion;
mod driver;
mod feedback;
mod help;
pub(crate) mod record;
mod recorder;
pub(crate) mod report;
mod reveal;
mod session;
mod stage;
mod summary;

use std::path::PathBuf;

use crate::{cases::case_file::CaseFile, error::exit, pack::Pack, prompt::PromptError, render};

/// What ends a quiz early. A bad answer is not an error: it is asked again.
#[derive(Debug, thiserror::Error)]
pub(crate) enum QuizError {
    #[error("cannot write output: {reason}")]
    Output { reason: String },
    #[error("cannot read the input: {reason}")]
    Input { reason: String },
    /// The record file cannot be opened or written: the answers would be
    /// lost, so the quiz does not start, or stops.
    #[error("cannot write the record file `{path}`: {reason}")]
    Record { path: String, reason: String },
}

/// The line drivers' own failures, with the same words and statuses.
impl From<PromptError> for QuizError {
    fn from(error: PromptError) -> Self {
        match error {
            PromptError::Output { reason } => Self::Output { reason },
            PromptError::Input { reason } => Self::Input { reason },
        }
    }
}

impl QuizError {
    pub(crate) fn code(&self) -> u8 {
        match self {
            Self::Output { .. } | Self::Record { .. } => exit::USAGE,
            Self::Input { .. } => exit::SOME_FAILED,
        }
    }
}

/// How to run a quiz, settled by the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QuizOptions {
    pub(crate) color_stdout: bool,
    pub(crate) color_stderr: bool,
    /// Print each answer read from a pipe before its reply, after `> `.
    pub(crate) echo: bool,
    /// Where line history is kept on a terminal; `None` keeps none.
    pub(crate) history: Option<PathBuf>,
    /// Append one JSON line per committed answer to this file.
    pub(crate) record: Option<PathBuf>,
    pub(crate) student: Option<String>,
    /// Fewer messages: only the disclaimer at the start.
    pub(crate) quiet: bool,
    /// A line to print before the first case (such as the seed of a
    /// shuffle, so that the same order can be given to a class).
    pub(crate) note: Option<String>,
}

/// Runs a quiz over `cases`, in the order given, and returns the exit
/// status (1 if any answer line failed).
pub(crate) fn run(pack: &Pack, cases: &[CaseFile], options: &QuizOptions) -> Result<u8, QuizError> {
    driver::run(pack, cases, options)
}

/// `quiz report`: aggregates record files; returns what to print on
/// standard output, what to print on standard error (mistakes in the
/// files, each with its file, line and column), and the exit status.
pub(crate) fn report(
    files: &[PathBuf],
    format: render::Format,
    color: bool,
) -> (String, String, u8) {
    report::report(files, format, color)
}
