//! Everything that can be wrong with a case or the file that holds it, in
//! any format, and with the batch's inputs.

use thiserror::Error;

use crate::{cases::assignment::AssignmentErrorKind, limits, span::Position};

/// A case that could not be read: what is wrong, where, and how to fix it.
/// The file and line of the case are its `Source`, kept beside it. Its
/// message quotes a bounded part of any value it names (a value in a case
/// file may be any size).
#[derive(Debug, Clone, PartialEq, Error)]
#[error("{}", crate::error::bounded_quotes(&.kind.to_string()))]
pub(crate) struct CaseError {
    pub(crate) kind: CaseErrorKind,
    /// Where the mistake itself is, when that is more precise than the
    /// case's own line: a YAML node (with the bytes to put a caret under),
    /// the first byte that is not UTF-8, a JSON syntax error.
    pub(crate) at: Option<Position>,
    /// How to fix it, such as "did you mean `fasciculations`?".
    pub(crate) help: Option<String>,
}

/// What is wrong. Messages are lower-case and put names in backticks.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub(crate) enum CaseErrorKind {
    // The case itself, in any format.
    #[error("{message}")]
    Yaml { message: String },
    #[error("a case must be a mapping, found {found}")]
    NotAMapping { found: &'static str },
    #[error("unknown key `{key}` in a case")]
    UnknownKey { key: String },
    #[error("case has no `id`")]
    NoId,
    #[error("the case's `id` is empty")]
    EmptyId,
    /// `id`, `description` or `rationale` that is not text.
    #[error("`{key}` must be text, found {found}")]
    NotText { key: &'static str, found: &'static str },
    #[error("`features` must be a mapping, found {found}")]
    FeaturesNotAMapping { found: &'static str },
    #[error("unknown feature `{name}`")]
    UnknownFeature { name: String },
    #[error("the value of `{feature}` must be a single value, found {found}")]
    NotOneValue { feature: String, found: &'static str },
    /// A value that does not fit its feature, or a feature given twice,
    /// worded as on the command line. (Boxed: it is the largest kind, and
    /// every result of reading a case carries room for one.)
    #[error("{kind}")]
    Feature { kind: Box<AssignmentErrorKind> },
    #[error("`expected` must be one profile id, found {found}")]
    ExpectedNotOne { found: &'static str },
    #[error("unknown profile `{id}` in `expected`")]
    UnknownProfile { id: String },

    // A teaching case.
    #[error("`{key}` must be a list, found {found}")]
    NotAList { key: &'static str, found: &'static str },
    #[error("`stages` holds no stage")]
    NoStages,
    #[error("a stage must be a mapping, found {found}")]
    StageNotAMapping { found: &'static str },
    #[error("unknown key `{key}` in a stage")]
    UnknownStageKey { key: String },
    #[error("a stage has no `name`")]
    StageWithoutName,
    #[error("the stage name `{name}` was given to an earlier stage")]
    RepeatedStage { name: String },
    #[error("unknown claim `{id}` in `claims`")]
    UnknownClaim { id: String },

    /// A phenopacket without the standard's shape, at a JSON path.
    #[error("not a phenopacket: at `{path}`: {reason}")]
    Phenopacket { path: String, reason: String },

    // A file or a stream of cases.
    #[error("cannot read it: {reason}")]
    Unreadable { reason: String },
    #[error(
        "this file is larger than the {} MiB limit for YAML case files",
        limits::MAX_CASE_BYTES / (1024 * 1024)
    )]
    TooLarge,
    #[error(
        "this YAML document is larger than the {} MiB limit for one document",
        limits::MAX_CASE_BYTES / (1024 * 1024)
    )]
    DocumentTooLarge,
    #[error(
        "this file is larger than the {} MiB limit for a `.json` case file",
        limits::MAX_JSON_FILE_BYTES / (1024 * 1024)
    )]
    JsonTooLarge,
    #[error("this file is not UTF-8 text")]
    NotUtf8,
    #[error("this file holds no case")]
    NoCase,

    // JSON Lines.
    #[error(
        "this line is longer than the {} MiB limit for a JSON line",
        limits::MAX_JSON_LINE_BYTES / (1024 * 1024)
    )]
    LineTooLong,
    #[error("not valid JSON: {message}")]
    Json { message: String },
    #[error("a case must be a JSON object, found {found}")]
    NotAnObject { found: &'static str },

    // CSV.
    #[error("column `{name}` (in the header) is not a feature")]
    UnknownColumn { name: String },
    #[error("a double quote in this row is never closed")]
    QuoteLeftOpen,
    #[error("a cell of this row runs over several lines")]
    CellOverLines,
    #[error("a cell under a column without a name holds `{cell}`")]
    CellWithoutColumn { cell: String },
    #[error("this row has {cells} cells and the header {columns}")]
    CellCount { cells: usize, columns: usize },
    #[error(
        "this row is longer than the {} MiB limit for a CSV row; the rest of the file was not read",
        limits::MAX_CSV_ROW_BYTES >> 20
    )]
    RowTooLong,
    #[error("this row is not UTF-8 text")]
    RowNotUtf8,
    #[error("not valid CSV: {message}")]
    Csv { message: String },

    // The inputs of a batch.
    #[error("cannot tell the format of this file from its name")]
    UnknownFormat,
    #[error("the format of standard input is not known")]
    StdinFormat,
    #[error("cannot read this folder: {reason}")]
    UnreadableFolder { reason: String },
    /// `earlier` is the place (`file:line`) of the first case with the id,
    /// so the two can be found; `expected` is the repeated case's own, kept
    /// so that its record still says what it was meant to be.
    #[error("the id `{id}` was given to the case at {earlier}")]
    RepeatedId { id: String, earlier: String, expected: Option<crate::cases::case_file::Expected> },
}

impl CaseError {
    /// A mistake without a place more precise than its case's line.
    pub(crate) fn new(kind: CaseErrorKind) -> Self {
        Self { kind, at: None, help: None }
    }

    /// A mistake at a place in the case's text.
    pub(crate) fn at(at: Position, kind: CaseErrorKind) -> Self {
        Self { kind, at: Some(at), help: None }
    }

    #[must_use]
    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub(crate) fn maybe_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// The same mistake placed at its case's line only: every part of a
    /// JSON line or CSV row has the line's position, and a column would
    /// mislead.
    #[must_use]
    pub(crate) fn on_its_line(self) -> Self {
        Self { at: None, ..self }
    }
}
