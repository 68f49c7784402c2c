//! The quiz on the prompt's line drivers ([`crate::prompt::driver`]): on a
//! terminal, line editing with history and Tab completion; from a pipe or
//! a file, one answer per line, and exit status 1 if any line failed. The
//! record of each committed answer is appended before the reply is printed
//! (so that a record is kept even when the output is closed), and the
//! summary is printed when the input ends before the quiz does.

use crate::{
    cases::case_file::CaseFile,
    pack::Pack,
    prompt::driver::{self, Driver, Lines, Reply},
    quiz::completion::Completion,
    quiz::recorder::Recorder,
    quiz::session::{self, Session, Settings},
    quiz::{QuizError, QuizOptions},
};

/// The quiz's history file, beside the prompt's: the two hold different
/// kinds of lines.
const HISTORY_FILE: &str = "quiz-history";

pub(crate) fn run(pack: &Pack, cases: &[CaseFile], options: &QuizOptions) -> Result<u8, QuizError> {
    let recorder = options.record.as_deref().map(Recorder::open).transpose()?;
    let driver = Driver {
        color_stdout: options.color_stdout,
        color_stderr: options.color_stderr,
        echo: options.echo,
        history: options.history.as_deref().map(|path| path.with_file_name(HISTORY_FILE)),
        name: "quiz",
        utf8_help: "save the answers as UTF-8 text",
    };
    driver::run(&driver, |origin| Quiz {
        session: Session::new(
            pack,
            cases,
            Settings {
                color: options.color_stderr,
                student: options.student.clone(),
                quiet: options.quiet,
                note: options.note.clone(),
                origin: origin.to_owned(),
            },
        ),
        recorder,
        pack,
    })
}

/// A [`Session`] and where its records go, as the drivers see them.
struct Quiz<'p> {
    session: Session<'p>,
    recorder: Option<Recorder>,
    pack: &'p Pack,
}

impl From<session::Reply> for Reply {
    fn from(reply: session::Reply) -> Self {
        Self { out: reply.out, err: reply.err, failed: reply.failed, quit: reply.quit }
    }
}

impl Lines for Quiz<'_> {
    type Helper = Completion;
    type Error = QuizError;

    fn helper(&self) -> Completion {
        Completion::new(self.pack)
    }

    fn start(&mut self) -> String {
        self.session.start()
    }

    fn end(&mut self) -> String {
        self.session.end()
    }

    fn over(&self) -> bool {
        self.session.over()
    }

    fn prompt(&self) -> String {
        self.session.prompt()
    }

    fn prepare(&self, helper: &mut Completion) {
        helper.known = self.session.known_features();
    }

    /// Keeps the reply's record, then gives the reply to print.
    fn handle(&mut self, line: &str) -> Result<Reply, QuizError> {
        let reply = self.session.handle(line);
        if let (Some(recorder), Some(record)) = (self.recorder.as_mut(), &reply.record) {
            recorder.write(record)?;
        }
        Ok(reply.into())
    }

    fn refuse(&mut self, message: &str, help: &str) -> Reply {
        self.session.refuse(message, help).into()
    }
}
