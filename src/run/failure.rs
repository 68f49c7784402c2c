//! Why a run stopped: the errors each layer returns, gathered in one
//! [`Error`] with its exit status, and how each is printed (a snippet with
//! a caret where the mistake has a place, a help line, the pack's problems
//! with their summary).

use crate::{
    batch::BatchError, cases::assignment::AssignmentError, cases::library::LibraryProblem,
    error::exit, load::PackReport, load::pack_error::PackError, prompt::PromptError,
    quiz::QuizError, render::diagnostic,
};

/// Why a run stopped: the errors each layer returns, gathered here to be
/// printed one way and to give the exit status.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum Error {
    /// `from_env`: the folder was named by `NEUROTRIAGE_RULES`.
    #[error("the rule pack has errors")]
    Pack { report: Box<PackReport>, from_env: bool },
    #[error("{}", error.kind)]
    Assignment { error: Box<AssignmentError>, arguments: Vec<String> },
    #[error("cannot write output: {reason}")]
    Output { reason: String },
    #[error("`{name}` is both an input and the output")]
    OutputIsInput { name: String },
    /// `-o FILE` could not be written (an old file is left as it was).
    #[error("cannot write `{path}`: {reason}")]
    WriteFile { path: String, reason: String, help: &'static str },
    #[error(transparent)]
    Batch(#[from] BatchError),
    #[error(transparent)]
    Prompt(#[from] PromptError),
    #[error(transparent)]
    Quiz(#[from] QuizError),
    /// Cases of a library or case file that could not be read, with the
    /// texts for carets.
    #[error("{} teaching cases could not be read", problems.len())]
    Library { problems: Vec<LibraryProblem>, files: Vec<(String, String)> },
    /// A folder or file of cases that could not be read at all.
    #[error("the cases could not be read")]
    CaseFolder { problems: Vec<PackError> },
    #[error("no teaching case has the id `{id}`")]
    UnknownCase { id: String, help: String },
    #[error("{}", match folder {
        Some(folder) => format!("no case file (`.yaml`, `.yml`) in `{folder}`"),
        None => "there are no teaching cases to quiz on".to_owned(),
    })]
    NoCases { folder: Option<String> },
    #[error("`{file}` holds {count} cases; `explain` explains one")]
    ManyCases { file: String, count: usize },
}

impl Error {
    pub(crate) fn code(&self) -> u8 {
        match self {
            Self::Pack { .. }
            | Self::Assignment { .. }
            | Self::Output { .. }
            | Self::WriteFile { .. }
            | Self::OutputIsInput { .. }
            | Self::Library { .. }
            | Self::CaseFolder { .. }
            | Self::UnknownCase { .. }
            | Self::NoCases { .. }
            | Self::ManyCases { .. } => exit::USAGE,
            Self::Batch(error) => error.code(),
            Self::Prompt(error) => error.code(),
            Self::Quiz(error) => error.code(),
        }
    }
}

pub(super) fn render_error(error: &Error, color: bool) -> String {
    match error {
        Error::Library { problems, files } => {
            let mut text = String::new();
            for (i, problem) in problems.iter().enumerate() {
                let (name, source) = &files[problem.file];
                if i > 0 {
                    text.push('\n');
                }
                text.push_str(&diagnostic::case_file_problem(
                    &problem.error,
                    name,
                    source,
                    None,
                    color,
                ));
                text.push('\n');
            }
            text
        }
        Error::CaseFolder { problems } => {
            let mut text = String::new();
            for problem in problems {
                text.push_str(&diagnostic::pack_problem(problem, &[], color));
                text.push('\n');
            }
            text
        }
        Error::UnknownCase { help, .. } => {
            let mut text = diagnostic::plain(&error.to_string(), Some(help), color);
            text.push('\n');
            text
        }
        Error::NoCases { folder } => {
            let help = if folder.is_some() {
                "a folder's case files are read, not its subfolders; name the folder that holds them"
            } else {
                "a rule pack keeps teaching cases in its `cases/` folder; `--cases DIR` names another folder, and `quiz FILE` quizzes on a case file"
            };
            let mut text = diagnostic::plain(&error.to_string(), Some(help), color);
            text.push('\n');
            text
        }
        Error::ManyCases { .. } => {
            let help = "put the file in a folder and name one case: `neurotriage --cases DIR explain --case ID`; or run `neurotriage batch` on the file";
            let mut text = diagnostic::plain(&error.to_string(), Some(help), color);
            text.push('\n');
            text
        }
        Error::Quiz(error) => {
            let mut text = diagnostic::plain(&error.to_string(), None, color);
            text.push('\n');
            text
        }
        Error::Pack { report, from_env } => pack_problems(report, *from_env, color),
        Error::Assignment { error, arguments } => {
            let mut text = diagnostic::assignment_problem(error, arguments, color);
            text.push('\n');
            text
        }
        Error::OutputIsInput { .. } => {
            let help = "give the output another name: the input would be lost";
            let mut text = diagnostic::plain(&error.to_string(), Some(help), color);
            text.push('\n');
            text
        }
        Error::WriteFile { help, .. } => {
            let mut text = diagnostic::plain(&error.to_string(), Some(help), color);
            text.push('\n');
            text
        }
        Error::Output { reason } => {
            let mut text =
                diagnostic::plain(&format!("cannot write output: {reason}"), None, color);
            text.push('\n');
            text
        }
        Error::Prompt(error) => {
            let mut text = diagnostic::plain(&error.to_string(), None, color);
            text.push('\n');
            text
        }
        Error::Batch(error) => {
            let mut text = diagnostic::plain(&error.to_string(), error.help(), color);
            text.push('\n');
            text
        }
    }
}

/// Every problem of a pack, then a one-line count, which says when the
/// folder came from `NEUROTRIAGE_RULES`.
pub(super) fn pack_problems(report: &PackReport, from_env: bool, color: bool) -> String {
    let mut text = String::new();
    for problem in &report.problems {
        text.push_str(&diagnostic::pack_problem(problem, &report.sources, color));
        text.push_str("\n\n");
    }
    // Warnings are dropped when there are errors (see `load::from_texts`),
    // so the count is of errors alone.
    let errors = report.error_count();
    if errors > 0 {
        let errors = crate::batch::report::plural(errors as u64, "error");
        let (summary, help) = if from_env {
            (
                format!(
                    "the rule pack named by `NEUROTRIAGE_RULES` has {errors}; docs/rules.md describes the rule language"
                ),
                Some(
                    "`NEUROTRIAGE_RULES` is set in your environment; unset it to use the built-in pack, or give another folder with `--rules DIR`",
                ),
            )
        } else {
            (format!("the rule pack has {errors}; docs/rules.md describes the rule language"), None)
        };
        text.push_str(&diagnostic::plain(&summary, help, color));
        text.push('\n');
    }
    text
}
