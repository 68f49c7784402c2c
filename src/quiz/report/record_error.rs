//! What can be wrong with a line of a record file, and what stops the
//! report: a file that cannot be read at all, or more records than it
//! holds. A bad line is one message; the other lines are still counted.

use std::ops::Range;

/// One mistake in one line of a record file: a kind, where in the line
/// (a byte range, when known) and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub(crate) struct RecordError {
    pub(crate) kind: RecordErrorKind,
    /// The bytes of the line at fault, for the caret.
    pub(crate) span: Option<Range<usize>>,
    pub(crate) help: Option<String>,
}

/// Every kind of bad line, with what the message needs to name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum RecordErrorKind {
    #[error("the line is longer than {limit} bytes")]
    TooLong { limit: usize },
    #[error("the line is not UTF-8 text")]
    NotUtf8,
    #[error("the line is not JSON: {reason}")]
    NotJson { reason: String },
    #[error("a record is a JSON object, not {found}")]
    NotAnObject { found: &'static str },
    #[error("record format {found} is later than this neurotriage reads (format {known})")]
    LaterFormat { found: u64, known: u32 },
    #[error("field `{name}` appears twice")]
    RepeatedField { name: String },
    #[error("unknown field `{name}`")]
    UnknownField { name: String },
    #[error("missing {}", missing_list(.names))]
    MissingFields { names: Vec<&'static str> },
    #[error("field `{name}` must be {expected}, not {found}")]
    WrongType { name: &'static str, expected: &'static str, found: String },
    #[error("stage {stage} is past the last stage of the case (`stages` is {stages})")]
    StageOutOfRange { stage: u64, stages: u64 },
}

fn missing_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [one] => format!("field {one}"),
        _ => format!("fields {}", quoted.join(", ")),
    }
}

impl RecordError {
    pub(crate) fn new(kind: RecordErrorKind, span: Option<Range<usize>>, help: &str) -> Self {
        Self { kind, span, help: Some(help.to_owned()) }
    }
}

/// What stops a report: it would be misleading without every file it was
/// given, so nothing is reported (exit status 2).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ReadError {
    #[error("cannot read `{file}`: {reason}")]
    Unreadable { file: String, reason: String },
    #[error("the record files hold more than {limit_mib} MiB of records")]
    TooMuch { limit_mib: usize },
}

impl ReadError {
    pub(crate) fn help(&self) -> &'static str {
        match self {
            Self::Unreadable { .. } => {
                "a report needs every file it is given; check the name, or leave the file out"
            }
            Self::TooMuch { .. } => "report on fewer files at a time",
        }
    }
}
