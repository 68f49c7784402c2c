//! The quiz's two drivers, built like the prompt's: on a terminal, line
//! editing with history and Tab completion (rustyline); from a pipe or a
//! file, one answer per line, no prompt text, no colour unless forced, and
//! exit status 1 if any line failed. Both feed lines to a [`Session`],
//! append the record of each committed answer before printing the reply
//! (so that a record is kept even when the output is closed), and print
//! everything through the cleaning boundary.

use std::{
    io::{self, IsTerminal, Write},
    path::{Path, PathBuf},
};

use rustyline::{CompletionType, Config, Editor, error::ReadlineError, history::DefaultHistory};

use crate::{
    cases::case_file::CaseFile,
    cases::line_reader::{Line, read_line},
    error::exit,
    limits,
    pack::Pack,
    quiz::completion::Completion,
    quiz::recorder::Recorder,
    quiz::session::{Reply, Session, Settings},
    quiz::{QuizError, QuizOptions},
    render::{
        clean::{clean, to_stderr},
        diagnostic,
    },
};

/// The quiz's history file, beside the prompt's: the two hold different
/// kinds of lines.
const HISTORY_FILE: &str = "quiz-history";

const HISTORY_HELP: &str =
    "set NEUROTRIAGE_HISTORY to a file that can be written, or start with --no-history";

pub(crate) fn run(pack: &Pack, cases: &[CaseFile], options: &QuizOptions) -> Result<u8, QuizError> {
    let mut recorder = options.record.as_deref().map(Recorder::open).transpose()?;
    let settings = |origin: &str| Settings {
        color: options.color_stderr,
        student: options.student.clone(),
        quiet: options.quiet,
        note: options.note.clone(),
        origin: origin.to_owned(),
    };
    if io::stdin().is_terminal() {
        match editor(pack) {
            Ok(editor) => {
                let session = Session::new(pack, cases, settings("quiz"));
                return terminal(editor, session, &mut recorder, options);
            }
            Err(error) => warn(
                &format!(
                    "line editing is not available ({}); reading plain lines",
                    readline_reason(&error)
                ),
                None,
                options,
            ),
        }
    }
    piped(Session::new(pack, cases, settings("stdin")), &mut recorder, options)
}

fn warn(message: &str, help: Option<&str>, options: &QuizOptions) {
    let text = diagnostic::warning(message, help, options.color_stderr);
    to_stderr(&format!("{text}\n"), options.color_stderr);
}

/// Prints a reply: the echoed line first, then the mistake on standard
/// error, then the answer, all through [`clean`]: case files, the pack's
/// words and the lines typed all reach the terminal here.
fn print(echo: &str, out: &str, err: &str, options: &QuizOptions) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(clean(echo, false).as_bytes())?;
    stdout.flush()?;
    if !err.is_empty() {
        to_stderr(err, options.color_stderr);
    }
    stdout.write_all(clean(out, options.color_stdout).as_bytes())?;
    stdout.flush()
}

/// Keeps the reply's record, then prints the reply.
fn answer(
    echo: &str,
    reply: &Reply,
    recorder: &mut Option<Recorder>,
    options: &QuizOptions,
) -> Result<Option<u8>, QuizError> {
    if let (Some(recorder), Some(record)) = (recorder.as_mut(), &reply.record) {
        recorder.write(record)?;
    }
    match print(echo, &reply.out, &reply.err, options) {
        Ok(()) => Ok(None),
        Err(error) => output_failed(&error).map(Some),
    }
}

fn readline_reason(error: &ReadlineError) -> String {
    match error {
        ReadlineError::Io(error) => crate::error::io_reason(error),
        other => other.to_string(),
    }
}

/// A closed pipe (`neurotriage quiz < answers.txt | head`) ends quietly;
/// any other failure to write is an error.
fn output_failed(error: &io::Error) -> Result<u8, QuizError> {
    if error.kind() == io::ErrorKind::BrokenPipe {
        return Ok(exit::OK);
    }
    Err(QuizError::Output { reason: crate::error::io_reason(error) })
}

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
    mut session: Session<'_>,
    recorder: &mut Option<Recorder>,
    options: &QuizOptions,
) -> Result<u8, QuizError> {
    let history = options
        .history
        .as_deref()
        .map(|path| path.with_file_name(HISTORY_FILE))
        .and_then(|path| open_history(&mut editor, &path, options));
    let mut code = Ok(exit::OK);
    if let Err(error) = print("", &session.start(), "", options) {
        return output_failed(&error);
    }
    while !session.over() {
        if let Some(helper) = editor.helper_mut() {
            helper.known = session.known_features();
        }
        let prompt = clean(&session.prompt(), false).into_owned();
        match editor.readline(&prompt) {
            Ok(line) => {
                let _ = editor.add_history_entry(line.as_str());
                let reply = session.handle(&line);
                match answer("", &reply, recorder, options) {
                    Ok(None) => {}
                    Ok(Some(done)) => {
                        code = Ok(done);
                        break;
                    }
                    Err(error) => {
                        code = Err(error);
                        break;
                    }
                }
                if reply.quit {
                    break;
                }
            }
            // Ctrl-C abandons the answer being typed, as in a shell.
            Err(ReadlineError::Interrupted) => {}
            // Ctrl-D leaves, with the summary.
            Err(ReadlineError::Eof) => {
                if let Err(error) = print("", &session.end(), "", options) {
                    code = output_failed(&error);
                }
                break;
            }
            Err(error) => {
                warn(
                    &format!("cannot read the terminal: {}", readline_reason(&error)),
                    None,
                    options,
                );
                let _ = print("", &session.end(), "", options);
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
            options,
        );
    }
    code
}

/// Loads the history, creating its folder; `None` (with a warning) when
/// it cannot be kept.
fn open_history(
    editor: &mut Editor<Completion, DefaultHistory>,
    path: &Path,
    options: &QuizOptions,
) -> Option<PathBuf> {
    if let Some(folder) = path.parent()
        && let Err(error) = std::fs::create_dir_all(folder)
    {
        let reason = crate::error::io_reason(&error);
        warn(
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
            None,
            options,
        );
    }
    Some(path.to_path_buf())
}

fn piped(
    mut session: Session<'_>,
    recorder: &mut Option<Recorder>,
    options: &QuizOptions,
) -> Result<u8, QuizError> {
    if let Err(error) = print("", &session.start(), "", options) {
        return output_failed(&error);
    }
    let mut input = io::stdin().lock();
    let mut failed = false;
    let mut buffer = Vec::new();
    let mut first = true;
    while !session.over() {
        buffer.clear();
        let (echo, reply) = match read_line(&mut input, &mut buffer, limits::MAX_LINE_BYTES) {
            Ok(None) => break,
            Ok(Some(Line::Whole)) => {
                // A script saved by an editor may start with a byte-order
                // mark; it is not part of the first answer.
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
                    session.refuse("this line is not UTF-8 text", "save the answers as UTF-8 text")
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
                return Err(QuizError::Input { reason: crate::error::io_reason(&error) });
            }
        };
        first = false;
        failed |= reply.failed;
        if let Some(code) = answer(&echo, &reply, recorder, options)? {
            return Ok(code);
        }
        if reply.quit {
            break;
        }
    }
    // The input ended before the quiz did: the summary all the same.
    if let Err(error) = print("", &session.end(), "", options) {
        return output_failed(&error);
    }
    Ok(if failed { exit::SOME_FAILED } else { exit::OK })
}
