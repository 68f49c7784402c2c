//! The prompt's two drivers. On a terminal: line editing, history and tab
//! completion (rustyline). From a pipe or a file: one command per line, no
//! prompt text, no colour, and exit status 1 if any line failed. Both feed
//! lines to a [`Session`] and print its replies as they come.

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
    render::diagnostic,
};

const HISTORY_HELP: &str =
    "set NEUROTRIAGE_HISTORY to a file that can be written, or start with --no-history";

/// How to run the prompt, settled by [`crate::cli::config::Config`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PromptOptions {
    /// Colour in messages on standard error. (Standard output's colour is
    /// set once for the whole program by [`crate::cli::config::Config`].)
    pub(crate) color_stderr: bool,
    /// Print each line read from a pipe before its reply, after `> `.
    pub(crate) echo: bool,
    /// Where history is kept; `None` keeps none.
    pub(crate) history: Option<PathBuf>,
    /// Only the disclaimer at the start, not the title and the hint.
    pub(crate) quiet: bool,
}

/// Runs the prompt until `quit`, Ctrl-D or the end of the input, and
/// returns the exit status.
pub(crate) fn run(pack: &Pack, options: &PromptOptions) -> u8 {
    if io::stdin().is_terminal() {
        match terminal(pack, options) {
            Ok(code) => return code,
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
    let _ = writeln!(io::stderr(), "{text}");
}

/// Prints a reply: the line itself first when it is echoed (so that a
/// transcript shows each line before what it caused), then the mistake on
/// standard error, then the answer.
fn print(echo: &str, out: &str, err: &str) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(echo.as_bytes())?;
    stdout.flush()?;
    if !err.is_empty() {
        let _ = io::stderr().write_all(err.as_bytes());
    }
    stdout.write_all(out.as_bytes())?;
    stdout.flush()
}

/// A line-editing error in the same lower-case words as other I/O errors.
fn readline_reason(error: &ReadlineError) -> String {
    match error {
        ReadlineError::Io(error) => crate::error::io_reason(error),
        other => other.to_string(),
    }
}

/// The exit status when standard output cannot be written: a closed pipe
/// (`neurotriage prompt < lesson.txt | head`) is the reader's choice and
/// ends quietly; anything else (a full disk) is reported.
fn output_failed(error: &io::Error, options: &PromptOptions) -> u8 {
    if error.kind() == io::ErrorKind::BrokenPipe {
        return exit::OK;
    }
    let reason = crate::error::io_reason(error);
    let text =
        diagnostic::plain(&format!("cannot write output: {reason}"), None, options.color_stderr);
    let _ = writeln!(io::stderr(), "{text}");
    exit::USAGE
}

fn terminal(pack: &Pack, options: &PromptOptions) -> rustyline::Result<u8> {
    let config = Config::builder()
        .auto_add_history(false)
        .history_ignore_space(true)
        .history_ignore_dups(true)?
        .max_history_size(1000)?
        .completion_type(CompletionType::List)
        .build();
    let mut editor: Editor<Completion, DefaultHistory> = Editor::with_config(config)?;
    editor.set_helper(Some(Completion::new(pack)));
    let history =
        options.history.as_deref().and_then(|path| open_history(&mut editor, path, options));
    // Lines typed are numbered in messages, as a script's are.
    let mut session = Session::new(pack, options.color_stderr, Some("prompt".to_owned()));
    if let Err(error) = print("", &session.banner(options.quiet), "") {
        return Ok(output_failed(&error, options));
    }
    let mut code = exit::OK;
    loop {
        if let Some(helper) = editor.helper_mut() {
            helper.asking = session.asking();
        }
        match editor.readline(&session.prompt()) {
            Ok(line) => {
                let _ = editor.add_history_entry(line.as_str());
                let reply = session.handle(&line);
                if let Err(error) = print("", &reply.out, &reply.err) {
                    code = output_failed(&error, options);
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
    Ok(code)
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

fn piped(pack: &Pack, options: &PromptOptions) -> u8 {
    let mut session = Session::new(pack, options.color_stderr, Some("stdin".to_owned()));
    if let Err(error) = print("", &session.banner(options.quiet), "") {
        return output_failed(&error, options);
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
                let reason = crate::error::io_reason(&error);
                let text = diagnostic::plain(
                    &format!("cannot read the input: {reason}"),
                    None,
                    options.color_stderr,
                );
                let _ = writeln!(io::stderr(), "{text}");
                failed = true;
                break;
            }
        };
        first = false;
        let (echo, reply) = reply;
        failed |= reply.failed;
        if let Err(error) = print(&echo, &reply.out, &reply.err) {
            return output_failed(&error, options);
        }
        if reply.quit {
            break;
        }
    }
    if failed { exit::SOME_FAILED } else { exit::OK }
}
