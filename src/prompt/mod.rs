//! The prompt layer: a case built line by line. It owns the two line
//! [`driver`]s (shared with the quiz), the [`session`] that answers each
//! line and holds the case being built, the [`command`]s and their help
//! texts, splitting a line into [`token`]s (joining the words that name one
//! feature), the state of a guided [`interview`], and Tab [`completion`].
//!
//! It must not evaluate anything itself beyond calling the engine (the
//! session asks [`crate::engine`] and reuses the renderers' sections), write
//! any file other than the one `save` names (and the history, which
//! rustyline keeps), or print anywhere but in the drivers. An error that
//! ends the run is returned to [`crate::run()`], which reports it as it
//! reports every other; a mistake in one line is that line's reply.
//!
//! This file runs a [`Session`] on the drivers: on a terminal with line
//! editing, history and completion; from a pipe or a file, one command per
//! line, no prompt text, no colour, and exit status 1 if any line failed.

pub(crate) mod command;
pub(crate) mod completion;
pub(crate) mod driver;
pub(crate) mod interview;
pub(crate) mod session;
pub(crate) mod token;

use std::path::PathBuf;

use crate::{
    error::exit,
    pack::Pack,
    prompt::completion::Completion,
    prompt::driver::{Driver, Lines, Reply},
    prompt::session::Session,
};

/// What ends the prompt early. A mistake in one line is not an error: it
/// is that line's reply, and the session goes on.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PromptError {
    /// The replies cannot be written (a closed pipe is not an error: the
    /// reader chose to stop).
    #[error("cannot write output: {reason}")]
    Output { reason: String },
    /// The prompt's script could not be read to the end. Like a line that
    /// failed, it ends with status 1: the lines before it were answered.
    #[error("cannot read the input: {reason}")]
    Input { reason: String },
}

impl PromptError {
    pub(crate) fn code(&self) -> u8 {
        match self {
            Self::Output { .. } => exit::USAGE,
            Self::Input { .. } => exit::SOME_FAILED,
        }
    }
}

/// How to run the prompt, settled by [`crate::cli::config::Config`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PromptOptions {
    /// Colour on standard output (as set once for the whole program by
    /// [`crate::cli::config::Config`]) and in messages on standard error.
    pub(crate) color_stdout: bool,
    pub(crate) color_stderr: bool,
    /// Print each line read from a pipe before its reply, after `> `.
    pub(crate) echo: bool,
    /// Where history is kept; `None` keeps none.
    pub(crate) history: Option<PathBuf>,
    /// Only the disclaimer at the start, not the title and the hint.
    pub(crate) quiet: bool,
    /// Where replies wrap: the terminal's width, at most 100 columns.
    pub(crate) width: usize,
}

/// Runs the prompt until `quit`, Ctrl-D or the end of the input, and
/// returns the exit status, or the error that ended the run for the caller
/// to report.
pub(crate) fn run(pack: &Pack, options: &PromptOptions) -> Result<u8, PromptError> {
    let driver = Driver {
        color_stdout: options.color_stdout,
        color_stderr: options.color_stderr,
        echo: options.echo,
        history: options.history.clone(),
        name: "prompt",
        utf8_help: "save the script as UTF-8 text",
    };
    // Lines typed are numbered in messages, as a script's are.
    driver::run(&driver, |origin| Prompt {
        session: Session::new(pack, options.color_stderr, Some(origin.to_owned()))
            .wrapping_at(options.width),
        pack,
        quiet: options.quiet,
    })
}

/// A [`Session`] as the drivers see it.
struct Prompt<'p> {
    session: Session<'p>,
    pack: &'p Pack,
    quiet: bool,
}

impl Lines for Prompt<'_> {
    type Helper = Completion;
    type Error = PromptError;

    fn helper(&self) -> Completion {
        Completion::new(self.pack)
    }

    fn start(&mut self) -> String {
        self.session.banner(self.quiet)
    }

    fn prompt(&self) -> String {
        self.session.prompt()
    }

    fn prepare(&self, helper: &mut Completion) {
        helper.asking = self.session.asking();
    }

    fn handle(&mut self, line: &str) -> Result<Reply, PromptError> {
        Ok(self.session.handle(line))
    }

    fn refuse(&mut self, message: &str, help: &str) -> Reply {
        self.session.refuse(message, help)
    }
}
