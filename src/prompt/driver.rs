//! The two line drivers, written once for the prompt and the quiz: on a
//! terminal, line editing, history and Tab completion (rustyline); from a
//! pipe or a file, one line at a time, no prompt text, no colour unless
//! forced, and exit status 1 if any line failed. Both feed lines to a
//! session that implements [`Lines`] and print its replies as they come,
//! through the cleaning boundary, since lines, case files and the pack's
//! words all reach the terminal here.
//!
//! What differs between the two layers stays on the session's side: its
//! banner, what it says when the input ends, its completion helper, and
//! anything it must do with a line before the reply is printed (the quiz
//! appends its record there, so that a record is kept even when the output
//! is closed).

use std::{
    io::{self, IsTerminal, Write},
    path::{Path, PathBuf},
};

use rustyline::{CompletionType, Config, Editor, error::ReadlineError, history::DefaultHistory};

pub(crate) use crate::prompt::session::Reply;
use crate::{
    cases::line_reader::{Line, read_line},
    error::{exit, io_reason},
    limits,
    prompt::PromptError,
    render::{
        clean::{clean, to_stderr},
        diagnostic,
    },
};

const HISTORY_HELP: &str =
    "set NEUROTRIAGE_HISTORY to a file that can be written, or start with --no-history";

/// The side of a session the drivers talk to.
pub(crate) trait Lines {
    /// Tab completion on a terminal.
    type Helper: rustyline::Helper;
    /// What ends a run: the drivers' own failures are [`PromptError`]s,
    /// and [`Lines::handle`] may end it too (the quiz's record file).
    type Error: From<PromptError>;
    /// The completion helper, made once when line editing is available.
    fn helper(&self) -> Self::Helper;
    /// Printed once, before the first line.
    fn start(&mut self) -> String;
    /// Printed when the lines run out (Ctrl-D, the end of a pipe), and from
    /// a pipe after the last line too: empty when there is nothing to add.
    fn end(&mut self) -> String {
        String::new()
    }
    /// Whether the session wants no more lines.
    fn over(&self) -> bool {
        false
    }
    /// The prompt text on a terminal.
    fn prompt(&self) -> String;
    /// Updates the helper before a line is read (what Tab may complete
    /// depends on where the session is).
    fn prepare(&self, helper: &mut Self::Helper);
    /// Answers one line.
    fn handle(&mut self, line: &str) -> Result<Reply, Self::Error>;
    /// Refuses a line that could not be read at all (too long, not text).
    fn refuse(&mut self, message: &str, help: &str) -> Reply;
}

/// What the drivers need to know besides the session.
#[derive(Debug)]
pub(crate) struct Driver {
    /// Colour on standard output and in messages on standard error.
    pub(crate) color_stdout: bool,
    pub(crate) color_stderr: bool,
    /// Print each line read from a pipe before its reply, after `> `.
    pub(crate) echo: bool,
    /// Where history is kept on a terminal; `None` keeps none.
    pub(crate) history: Option<PathBuf>,
    /// Where typed lines come from, in messages (`prompt`, `quiz`); piped
    /// lines come from `stdin`.
    pub(crate) name: &'static str,
    /// The help under a line that is not UTF-8 text.
    pub(crate) utf8_help: &'static str,
}

/// Runs `session` (made for the origin of its lines) until it is over, it
/// quits, or the input ends, and returns the exit status, or the error that
/// ended the run for the caller to report.
pub(crate) fn run<L: Lines>(
    driver: &Driver,
    session: impl FnOnce(&str) -> L,
) -> Result<u8, L::Error> {
    if io::stdin().is_terminal() {
        match editor() {
            Ok(mut editor) => {
                let lines = session(driver.name);
                editor.set_helper(Some(lines.helper()));
                return terminal(editor, lines, driver);
            }
            // Without line editing the session still works, line by line.
            Err(error) => warn(
                &format!(
                    "line editing is not available ({}); reading plain lines",
                    readline_reason(&error)
                ),
                None,
                driver,
            ),
        }
    }
    piped(session("stdin"), driver)
}

fn warn(message: &str, help: Option<&str>, driver: &Driver) {
    let text = diagnostic::warning(message, help, driver.color_stderr);
    to_stderr(&format!("{text}\n"), driver.color_stderr);
}

/// Prints a reply: the line itself first when it is echoed (so that a
/// transcript shows each line before what it caused), then the mistake on
/// standard error, then the answer; all through [`clean`].
fn print(echo: &str, out: &str, err: &str, driver: &Driver) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(clean(echo, false).as_bytes())?;
    stdout.flush()?;
    if !err.is_empty() {
        to_stderr(err, driver.color_stderr);
    }
    stdout.write_all(clean(out, driver.color_stdout).as_bytes())?;
    stdout.flush()
}

/// A line-editing error in the same lower-case words as other I/O errors.
fn readline_reason(error: &ReadlineError) -> String {
    match error {
        ReadlineError::Io(error) => io_reason(error),
        other => other.to_string(),
    }
}

/// How the run ends when standard output cannot be written: a closed pipe
/// (`neurotriage prompt < lesson.txt | head`) is the reader's choice and
/// ends quietly; anything else (a full disk) is an error to report.
fn output_failed<E: From<PromptError>>(error: &io::Error) -> Result<u8, E> {
    if error.kind() == io::ErrorKind::BrokenPipe {
        return Ok(exit::OK);
    }
    Err(PromptError::Output { reason: io_reason(error) }.into())
}

/// The line editor, its helper set by the caller. A failure here is not
/// fatal: the caller falls back to plain lines.
fn editor<H: rustyline::Helper>() -> rustyline::Result<Editor<H, DefaultHistory>> {
    let config = Config::builder()
        .auto_add_history(false)
        .history_ignore_space(true)
        .history_ignore_dups(true)?
        .max_history_size(1000)?
        .completion_type(CompletionType::List)
        .build();
    Editor::with_config(config)
}

fn terminal<L: Lines>(
    mut editor: Editor<L::Helper, DefaultHistory>,
    mut lines: L,
    driver: &Driver,
) -> Result<u8, L::Error> {
    let history =
        driver.history.as_deref().and_then(|path| open_history(&mut editor, path, driver));
    if let Err(error) = print("", &lines.start(), "", driver) {
        return output_failed(&error);
    }
    let mut code = Ok(exit::OK);
    while !lines.over() {
        if let Some(helper) = editor.helper_mut() {
            lines.prepare(helper);
        }
        // The prompt text may hold the pack's words (the feature asked
        // about, a case id): it passes the boundary like everything else.
        match editor.readline(clean(&lines.prompt(), false).as_ref()) {
            Ok(line) => {
                let _ = editor.add_history_entry(line.as_str());
                let reply = match lines.handle(&line) {
                    Ok(reply) => reply,
                    Err(error) => {
                        code = Err(error);
                        break;
                    }
                };
                if let Err(error) = print("", &reply.out, &reply.err, driver) {
                    code = output_failed(&error);
                    break;
                }
                if reply.quit {
                    break;
                }
            }
            // Ctrl-C abandons the line being typed, as in a shell.
            Err(ReadlineError::Interrupted) => {}
            // Ctrl-D leaves, with what the session says at the end.
            Err(ReadlineError::Eof) => {
                if let Err(error) = print("", &lines.end(), "", driver) {
                    code = output_failed(&error);
                }
                break;
            }
            Err(error) => {
                let reason = readline_reason(&error);
                warn(&format!("cannot read the terminal: {reason}"), None, driver);
                let _ = print("", &lines.end(), "", driver);
                break;
            }
        }
    }
    if let Some(path) = history
        && let Err(error) = editor.append_history(&path)
    {
        warn(
            &format!("cannot keep the history in {}: {}", path.display(), readline_reason(&error)),
            Some(HISTORY_HELP),
            driver,
        );
    }
    code
}

/// Loads the history file, creating its folder. Returns where to save it,
/// or `None` (with a warning) when it cannot be kept.
fn open_history<H: rustyline::Helper>(
    editor: &mut Editor<H, DefaultHistory>,
    path: &Path,
    driver: &Driver,
) -> Option<PathBuf> {
    if let Some(folder) = path.parent()
        && let Err(error) = std::fs::create_dir_all(folder)
    {
        let reason = io_reason(&error);
        warn(
            &format!("cannot keep the history in {}: {reason}", path.display()),
            Some(HISTORY_HELP),
            driver,
        );
        return None;
    }
    if path.exists()
        && let Err(error) = editor.load_history(path)
    {
        warn(
            &format!("cannot read the history in {}: {}", path.display(), readline_reason(&error)),
            None,
            driver,
        );
    }
    Some(path.to_path_buf())
}

fn piped<L: Lines>(mut lines: L, driver: &Driver) -> Result<u8, L::Error> {
    if let Err(error) = print("", &lines.start(), "", driver) {
        return output_failed(&error);
    }
    let mut input = io::stdin().lock();
    let mut failed = false;
    let mut buffer = Vec::new();
    let mut first = true;
    while !lines.over() {
        buffer.clear();
        let (echo, reply) = match read_line(&mut input, &mut buffer, limits::MAX_LINE_BYTES) {
            Ok(None) => break,
            Ok(Some(Line::Whole)) => {
                // A script saved by an editor may start with a byte-order
                // mark; it is not part of the first line.
                let bytes = if first {
                    buffer.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&buffer)
                } else {
                    &buffer
                };
                let text = String::from_utf8_lossy(bytes);
                let line = text.trim_end_matches(['\n', '\r']);
                let echo = if driver.echo {
                    format!("{}\n", format!("> {line}").trim_end())
                } else {
                    String::new()
                };
                let reply = if std::str::from_utf8(bytes).is_ok() {
                    lines.handle(line)?
                } else {
                    lines.refuse("this line is not UTF-8 text", driver.utf8_help)
                };
                (echo, reply)
            }
            Ok(Some(Line::TooLong)) => (
                if driver.echo {
                    "> [a line too long to show]\n".to_owned()
                } else {
                    String::new()
                },
                lines.refuse(
                    &format!(
                        "this line is longer than the {} KiB limit for a line",
                        limits::MAX_LINE_BYTES / 1024
                    ),
                    "split it into several shorter lines",
                ),
            ),
            Err(error) => return Err(PromptError::Input { reason: io_reason(&error) }.into()),
        };
        first = false;
        failed |= reply.failed;
        if let Err(error) = print(&echo, &reply.out, &reply.err, driver) {
            return output_failed(&error);
        }
        if reply.quit {
            break;
        }
    }
    // The input ended, or the session did (the quiz's summary all the same).
    if let Err(error) = print("", &lines.end(), "", driver) {
        return output_failed(&error);
    }
    Ok(if failed { exit::SOME_FAILED } else { exit::OK })
}
