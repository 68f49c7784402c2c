//! The prompt layer: a case built line by line. It owns the two drivers
//! (this file), the [`session`] that answers each line and holds the case
//! being built, the [`command`]s and their help texts, splitting a line into
//! [`token`]s (joining the words that name one feature), the state of a
//! guided [`interview`], and Tab [`completion`].
//!
//! It must not evaluate anything itself beyond calling the engine (the
//! session asks [`crate::engine`] and reuses the renderers' sections), write
//! any file other than the one `save` names (and the history, which
//! rustyline keeps), or print anywhere but in the drivers here. An error that
//! ends the run is returned to [`crate::run()`], which reports it as it
//! reports every other; a mistake in one line is that line's reply.
//!
//! The drivers: on a terminal, line editing, history and tab completion
//! (rustyline); from a pipe or a file, one command per line, no prompt
//! text, no colour, and exit status 1 if any line failed. Both feed lines to
//! a [`Session`] and print its replies as they come.

pub(crate) mod command;
pub(crate) mod completion;
pub(crate) mod interview;
pub(crate) mod session;
pub(crate) mod token;

use std::{
    io::{self, IsTerminal, Write},
    path::{Path, PathBuf},
};

use rustyline::{CompletionType, Config, Editor, error::ReadlineError, history::DefaultHistory};

use crate::{
    cases::line_reader::{Line, read_line},
    error::exit,
    limits,
    pack::Pack,
    prompt::completion::Completion,
    prompt::session::Session,
    render::{
        clean::{clean, to_stderr},
        diagnostic,
    },
};

const HISTORY_HELP: &str =
    "set NEUROTRIAGE_HISTORY to a file that can be written, or start with --no-history";

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
}

/// Runs the prompt until `quit`, Ctrl-D or the end of the input, and
/// returns the exit status, or the error that ended the run for the caller
/// to report.
pub(crate) fn run(pack: &Pack, options: &PromptOptions) -> Result<u8, PromptError> {
    if io::stdin().is_terminal() {
        match editor(pack) {
            Ok(editor) => return terminal(editor, pack, options),
            Err(error) => {
                // Without line editing the prompt still works, line by line.
                warn(
                    &format!(
                        "line editing is not available ({}); reading plain lines",
                        readline_reason(&error)
                    ),
                    options,
                );
            }
        }
    }
    piped(pack, options)
}

fn warn(message: &str, options: &PromptOptions) {
    warn_with(message, None, options);
}

fn warn_with(message: &str, help: Option<&str>, options: &PromptOptions) {
    let text = diagnostic::warning(message, help, options.color_stderr);
    to_stderr(&format!("{text}\n"), options.color_stderr);
}

/// Prints a reply: the line itself first when it is echoed (so that a
/// transcript shows each line before what it caused), then the mistake on
/// standard error, then the answer; all through the cleaning boundary, since
/// lines, case files and the pack's words all reach the terminal here.
fn print(echo: &str, out: &str, err: &str, options: &PromptOptions) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(clean(echo, false).as_bytes())?;
    stdout.flush()?;
    if !err.is_empty() {
        to_stderr(err, options.color_stderr);
    }
    stdout.write_all(clean(out, options.color_stdout).as_bytes())?;
    stdout.flush()
}

/// A line-editing error in the same lower-case words as other I/O errors.
fn readline_reason(error: &ReadlineError) -> String {
    match error {
        ReadlineError::Io(error) => crate::error::io_reason(error),
        other => other.to_string(),
    }
}

/// How the run ends when standard output cannot be written: a closed pipe
/// (`neurotriage prompt < lesson.txt | head`) is the reader's choice and
/// ends quietly; anything else (a full disk) is an error to report.
fn output_failed(error: &io::Error) -> Result<u8, PromptError> {
    if error.kind() == io::ErrorKind::BrokenPipe {
        return Ok(exit::OK);
    }
    Err(PromptError::Output { reason: crate::error::io_reason(error) })
}

/// The line editor. A failure here is not fatal: the caller falls back to
/// plain lines.
fn editor(pack: &Pack) -> rustyline::Result<Editor<Completion, DefaultHistory>> {
    let config = Config::builder()
        .auto_add_history(false)
        .history_ignore_space(true)
        .history_ignore_dups(true)?
        .max_history_size(1000)?
        .completion_type(CompletionType::List)
        .build();
    let mut editor: Editor<Completion, DefaultHistory> = Editor::with_config(config)?;
    editor.set_helper(Some(Completion::new(pack)));
    Ok(editor)
}

fn terminal(
    mut editor: Editor<Completion, DefaultHistory>,
    pack: &Pack,
    options: &PromptOptions,
) -> Result<u8, PromptError> {
    let history =
        options.history.as_deref().and_then(|path| open_history(&mut editor, path, options));
    // Lines typed are numbered in messages, as a script's are.
    let mut session = Session::new(pack, options.color_stderr, Some("prompt".to_owned()));
    if let Err(error) = print("", &session.banner(options.quiet), "", options) {
        return output_failed(&error);
    }
    let mut code = Ok(exit::OK);
    loop {
        if let Some(helper) = editor.helper_mut() {
            helper.asking = session.asking();
        }
        match editor.readline(&session.prompt()) {
            Ok(line) => {
                let _ = editor.add_history_entry(line.as_str());
                let reply = session.handle(&line);
                if let Err(error) = print("", &reply.out, &reply.err, options) {
                    code = output_failed(&error);
                    break;
                }
                if reply.quit {
                    break;
                }
            }
            // Ctrl-C abandons the line being typed, as in a shell.
            Err(ReadlineError::Interrupted) => {}
            Err(ReadlineError::Eof) => break,
            Err(error) => {
                warn(&format!("cannot read the terminal: {}", readline_reason(&error)), options);
                break;
            }
        }
    }
    if let Some(path) = history
        && let Err(error) = editor.append_history(&path)
    {
        warn_with(
            &format!("cannot keep the history in {}: {}", path.display(), readline_reason(&error)),
            Some(HISTORY_HELP),
            options,
        );
    }
    code
}

/// Loads the history file, creating its folder. Returns where to save it,
/// or `None` (with a warning) when it cannot be kept.
fn open_history(
    editor: &mut Editor<Completion, DefaultHistory>,
    path: &Path,
    options: &PromptOptions,
) -> Option<PathBuf> {
    if let Some(folder) = path.parent()
        && let Err(error) = std::fs::create_dir_all(folder)
    {
        let reason = crate::error::io_reason(&error);
        warn_with(
            &format!("cannot keep the history in {}: {reason}", path.display()),
            Some(HISTORY_HELP),
            options,
        );
        return None;
    }
    if path.exists()
        && let Err(error) = editor.load_history(path)
    {
        warn(
            &format!("cannot read the history in {}: {}", path.display(), readline_reason(&error)),
            options,
        );
    }
    Some(path.to_path_buf())
}

fn piped(pack: &Pack, options: &PromptOptions) -> Result<u8, PromptError> {
    let mut session = Session::new(pack, options.color_stderr, Some("stdin".to_owned()));
    if let Err(error) = print("", &session.banner(options.quiet), "", options) {
        return output_failed(&error);
    }
    let mut input = io::stdin().lock();
    let mut failed = false;
    let mut buffer = Vec::new();
    let mut first = true;
    loop {
        buffer.clear();
        let reply = match read_line(&mut input, &mut buffer, limits::MAX_LINE_BYTES) {
            Ok(None) => break,
            Ok(Some(Line::Whole)) => {
                // A script saved by an editor may start with a byte-order
                // mark; it is not part of the first command.
                let bytes = if first {
                    buffer.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&buffer)
                } else {
                    &buffer
                };
                let text = String::from_utf8_lossy(bytes);
                let line = text.trim_end_matches(['\n', '\r']);
                let echo = if options.echo {
                    format!("{}\n", format!("> {line}").trim_end())
                } else {
                    String::new()
                };
                let reply = if std::str::from_utf8(bytes).is_ok() {
                    session.handle(line)
                } else {
                    session.refuse("this line is not UTF-8 text", "save the script as UTF-8 text")
                };
                (echo, reply)
            }
            Ok(Some(Line::TooLong)) => (
                if options.echo {
                    "> [a line too long to show]\n".to_owned()
                } else {
                    String::new()
                },
                session.refuse(
                    &format!(
                        "this line is longer than the {} KiB limit for a line",
                        limits::MAX_LINE_BYTES / 1024
                    ),
                    "split it into several shorter lines",
                ),
            ),
            Err(error) => {
                return Err(PromptError::Input { reason: crate::error::io_reason(&error) });
            }
        };
        first = false;
        let (echo, reply) = reply;
        failed |= reply.failed;
        if let Err(error) = print(&echo, &reply.out, &reply.err, options) {
            return output_failed(&error);
        }
        if reply.quit {
            break;
        }
    }
    Ok(if failed { exit::SOME_FAILED } else { exit::OK })
}
