//! Everything that can be wrong with a rule pack.

use thiserror::Error;

use crate::span::{Position, Span};

/// How serious a problem is: errors stop the pack from loading, warnings
/// are printed by `rules check` and do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Severity {
    Error,
    Warning,
}

/// One problem, where it is, and how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PackError {
    pub(crate) severity: Severity,
    pub(crate) kind: PackErrorKind,
    pub(crate) place: Place,
    /// How to fix it, such as "did you mean `fasciculations`?".
    pub(crate) help: Option<String>,
}

/// Where a pack problem is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Place {
    /// The pack as a whole: its folder, or a file it lacks.
    Pack,
    /// A whole file, by the name shown for it, with the place of the
    /// mistake when it is known but cannot be shown with a caret (a file
    /// that is not UTF-8).
    File { name: String, at: Option<Position> },
    /// A place in one of the pack's files, shown with a caret.
    Source(Span),
}

/// What is wrong. Messages are lower-case and put names in backticks.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub(crate) enum PackErrorKind {
    #[error("cannot read rule pack folder `{path}`: {reason}")]
    Folder { path: String, reason: String },
    #[error("cannot read the folder of teaching cases `{path}`: {reason}")]
    CaseFolder { path: String, reason: String },
    #[error("cannot read `{file}`: {reason}")]
    Unreadable { file: String, reason: String },
    #[error("the rule pack has no `{file}`")]
    MissingFile { file: String },
    #[error("unexpected file `{file}` in rule pack")]
    UnexpectedFile { file: String },
    /// A pack's file (or a teaching case) that links out of its folder:
    /// a link to a system file would have its lines quoted in messages.
    #[error("`{file}` is a symbolic link to `{target}`, outside the folder `{folder}`")]
    LinkOutside { file: String, target: String, folder: String },
    /// A pipe, a device or a socket where a file was expected: reading it
    /// could wait for ever.
    #[error("`{file}` is {what}, not a regular file")]
    NotRegular { file: String, what: &'static str },
    #[error("`{file}` is larger than the {limit} limit for {what}")]
    TooLarge { file: String, limit: String, what: &'static str },
    #[error("`{file}` is not valid UTF-8 text")]
    NotUtf8 { file: String },
    #[error("{message}")]
    Yaml { message: String },
    #[error("{what} must be {expected}, found {found}")]
    WrongType { what: String, expected: String, found: String },
    #[error("unknown key `{key}` in {context}")]
    UnknownKey { key: String, context: String },
    #[error("{context} has no `{key}`")]
    MissingKey { key: String, context: String },
    #[error("{what} `{name}` is not allowed: {rule}")]
    BadName { what: String, name: String, rule: String },
    #[error("`{key}` is a second {side} bound")]
    SecondBound { key: String, side: String },
    /// A malformed term id (`what`: "an HPO id", "a disease id").
    #[error("`{id}` is not {what}")]
    BadTermId { id: String, what: &'static str },
    #[error("{what} `{id}` is defined twice")]
    Duplicate { what: String, id: String },
    #[error("`{word}` names both feature `{first}` and feature `{second}`")]
    SharedWord { word: String, first: String, second: String },
    #[error("unknown feature `{name}`")]
    UnknownFeature { name: String },
    #[error("`phenopacket: {key}` names `{name}`, {found}; it must name a number feature")]
    PhenopacketFeature { key: String, name: String, found: String },
    #[error("unknown profile `{id}`")]
    UnknownProfile { id: String },
    #[error("unknown claim `{id}`")]
    UnknownClaim { id: String },
    #[error("feature `{feature}` has no choice `{choice}`")]
    UnknownChoice { feature: String, choice: String },
    #[error("unknown feature type `{name}`")]
    UnknownType { name: String },
    #[error("unknown claim kind `{name}`")]
    UnknownClaimKind { name: String },
    #[error("unknown alert kind `{name}`")]
    UnknownAlertKind { name: String },
    #[error("`{feature}` is {kind} and cannot be tested with {found}")]
    BadTest { feature: String, kind: String, found: String },
    #[error("{value} is outside the range of `{feature}` ({min} to {max})")]
    OutOfRange { feature: String, value: String, min: String, max: String },
    #[error("the test on `{feature}` can never hold: {range}")]
    EmptyRange { feature: String, range: String },
    #[error("`min` ({min}) must be smaller than `max` ({max})")]
    BadBounds { min: String, max: String },
    #[error("{value} is not a finite number")]
    NotFinite { value: String },
    #[error("{found} is not a weight")]
    BadWeight { found: String },
    #[error("`conflict_needs` must be a whole number from 1 to 1000, found `{found}`")]
    BadConflictNeeds { found: String },
    #[error("margin must be a whole number from 1 to 1000, found {found}")]
    BadMargin { found: String },
    #[error("a rule pack needs at least two profiles, found {found}")]
    TooFewProfiles { found: usize },
    #[error("{what} must not be empty")]
    Empty { what: String },
    #[error("{what} holds {character} at character {position}")]
    HiddenChar { what: String, character: String, position: usize },
    #[error("rule `{id}` neither favours nor counts against any profile")]
    NoEffect { id: String },
    #[error(
        "derivation `{id}` sets `{feature}`, a {kind} feature; only yes/no and choice features can be derived"
    )]
    NotDerivable { id: String, feature: String, kind: String },
    #[error("derivations form a cycle: {path}")]
    Cycle { path: String, ids: Vec<String> },
    #[error("more than {limit} {what}")]
    TooMany { what: String, limit: usize },
    #[error("condition nested deeper than {limit} levels")]
    TooDeep { limit: usize },
    #[error("discriminating claim `{id}` is not cited by any rule")]
    UncitedClaim { id: String },
    #[error(
        "feature `{feature}` has a `neutral` note, yet {rules}: the note would contradict the rules"
    )]
    WeighedNeutral { feature: String, rules: String },
}

impl PackError {
    /// An error at a place in a file.
    pub(crate) fn at(span: Span, kind: PackErrorKind) -> Self {
        Self { severity: Severity::Error, kind, place: Place::Source(span), help: None }
    }

    /// An error about a whole file (or the pack when `file` is `None`).
    pub(crate) fn in_file(file: Option<&str>, kind: PackErrorKind) -> Self {
        let place =
            file.map_or(Place::Pack, |name| Place::File { name: name.to_owned(), at: None });
        Self { severity: Severity::Error, kind, place, help: None }
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

    #[must_use]
    pub(crate) fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub(crate) fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
