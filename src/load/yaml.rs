//! The one module that knows which YAML library reads our files.
//!
//! We use `serde-saphyr` rather than the archived `serde_yaml`: it rejects a
//! key given twice (where `serde_yaml` silently keeps the last one, so a rule
//! weight could vanish unseen), reports line and column for every error and
//! for any value we ask (`Spanned`), enforces resource budgets (depth,
//! events, aliases) so a hostile file cannot make parsing explode, and has
//! no `unsafe`. See `docs/why-serde-saphyr.md`. Keeping it behind this
//! module means a future switch touches one file.

use std::hash::{Hash, Hasher};

use serde::{Deserialize, Deserializer, de::DeserializeOwned};
use serde_saphyr::{Budget, MessageFormatter, Options, UserMessageFormatter};

use crate::{limits, span::Position};

/// The position of a place the YAML library reports.
fn position_of(location: serde_saphyr::Location) -> Position {
    let span = location.span();
    Position {
        line: u32::try_from(location.line()).unwrap_or(u32::MAX),
        column: u32::try_from(location.column()).unwrap_or(u32::MAX),
        offset: span.byte_offset().and_then(|o| usize::try_from(o).ok()).unwrap_or(0),
        len: span.byte_len().and_then(|l| usize::try_from(l).ok()).unwrap_or(0),
    }
}

/// A value with the position it was read from. Equality and hashing look at
/// the value only, so a `Spanned<String>` works as a map key.
#[derive(Debug, Clone)]
pub(crate) struct Spanned<T> {
    pub(crate) value: T,
    pub(crate) at: Position,
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Spanned<T> {}

impl<T: Hash> Hash for Spanned<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let inner = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        Ok(Self { value: inner.value, at: position_of(inner.referenced) })
    }
}

/// A YAML text that could not be read into the expected shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    /// What is wrong, without the position (which is in `at`).
    pub(crate) message: String,
    pub(crate) at: Option<Position>,
}

fn options() -> Options {
    options_with(limits::MAX_YAML_EVENTS)
}

fn options_with(max_events: usize) -> Options {
    let mut budget = Budget::default();
    budget.max_depth = limits::MAX_YAML_DEPTH;
    budget.max_events = max_events;
    // A case file may hold many small documents; nodes and documents are
    // bounded by the same budget as events.
    budget.max_nodes = max_events;
    budget.max_documents = max_events;
    // YAML 1.2 booleans only: `y`, `n`, `yes`, `no`, `on`, `off` stay text,
    // so a label or a choice named `n` is not silently turned into `false`;
    // the places that want yes/no read those words themselves.
    serde_saphyr::options! { budget: Some(budget), with_snippet: false, strict_booleans: true }
}

/// Reads one YAML document into `T`.
pub(crate) fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_saphyr::from_str_with_options(text, options())
        .map_err(|e| yaml_error(text, &e, limits::MAX_YAML_EVENTS))
}

/// Reads one YAML case. A `.nan` or `.inf` comes through as its text, so
/// that the case that holds it fails (`.nan` is not a number) rather than
/// the whole file.
pub(crate) fn parse_case<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_saphyr::from_str_with_options(text, case_options(limits::MAX_YAML_EVENTS))
        .map_err(|e| yaml_error(text, &e, limits::MAX_YAML_EVENTS))
}

/// Reads every case document of a YAML stream (documents separated by
/// `---`) into `T`, within a budget of `max_events` for the whole stream;
/// non-finite numbers as in [`parse_case`].
pub(crate) fn parse_documents<T: DeserializeOwned>(
    text: &str,
    max_events: usize,
) -> Result<Vec<T>, YamlError> {
    serde_saphyr::from_multiple_with_options(text, case_options(max_events))
        .map_err(|e| yaml_error(text, &e, max_events))
}

fn case_options(max_events: usize) -> Options {
    let mut options = options_with(max_events);
    options.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::AsString;
    options
}

fn yaml_error(text: &str, error: &serde_saphyr::Error, max_events: usize) -> YamlError {
    let plain = error.without_snippet();
    let at = plain.location().map(position_of).filter(|p| p.line > 0).map(|mut p| {
        // Syntax errors come without a byte offset; find it from the line
        // and column so the caret lands in the right place.
        if p.offset == 0 && (p.line, p.column) != (1, 1) {
            p.offset = offset_of(text, p.line, p.column);
        }
        p
    });
    YamlError { message: message(plain, max_events), at }
}

/// The error in our words where the library's would show its internals
/// (budget breaches print as Rust debug text).
fn message(error: &serde_saphyr::Error, max_events: usize) -> String {
    use serde_saphyr::budget::BudgetBreach;
    let too_deep = || {
        format!(
            "nested deeper than {} levels, the limit for YAML files here",
            limits::MAX_YAML_DEPTH
        )
    };
    // A breach found while replaying an alias comes wrapped; the budget
    // error inside is the one to word.
    let mut error = error;
    while let serde_saphyr::Error::AliasError { error: inner, .. }
    | serde_saphyr::Error::WithSnippet { error: inner, .. } = error
    {
        error = inner;
    }
    match error {
        serde_saphyr::Error::Budget { breach, .. } => match breach {
            BudgetBreach::Depth { .. } => too_deep(),
            BudgetBreach::Aliases { .. }
            | BudgetBreach::Anchors { .. }
            | BudgetBreach::AliasAnchorRatio { .. }
            | BudgetBreach::RecordedAnchorEvents { .. }
            | BudgetBreach::RecordedAnchorBytes { .. } => {
                "too many aliases or anchors, as in an alias bomb".to_owned()
            }
            BudgetBreach::Events { .. }
            | BudgetBreach::Nodes { .. }
            | BudgetBreach::Documents { .. } => format!(
                "too many YAML items (more than {max_events}), the limit for this kind of file"
            ),
            _ => "too large or too complex for a YAML file here".to_owned(),
        },
        other => {
            let text = UserMessageFormatter.format_message(other).into_owned();
            if text.contains("recursion limit") { too_deep() } else { text }
        }
    }
}

/// Byte offset of a 1-based line and character column, clamped to the text.
fn offset_of(text: &str, line: u32, column: u32) -> usize {
    let mut offset = 0;
    for (index, l) in text.split_inclusive('\n').enumerate() {
        if index + 1 == line as usize {
            let chars = l.char_indices().nth(column.saturating_sub(1) as usize);
            return offset + chars.map_or(l.trim_end_matches('\n').len(), |(i, _)| i);
        }
        offset += l.len();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use indexmap::IndexMap;
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        #[allow(dead_code)]
        items: IndexMap<Spanned<String>, u32>,
    }

    #[test]
    fn a_key_given_twice_is_an_error_with_its_position() {
        let error = parse::<Doc>("items:\n  a: 1\n  a: 2\n").unwrap_err();
        assert!(error.message.contains("duplicate"), "{}", error.message);
        assert_eq!(error.at.map(|p| (p.line, p.column)), Some((3, 3)));
    }

    #[test]
    fn spanned_keys_know_their_line_and_column() {
        let doc: IndexMap<String, Spanned<u32>> = parse("x: 1\ny:   22\n").unwrap();
        let y = &doc["y"];
        assert_eq!((y.value, y.at.line, y.at.column, y.at.offset, y.at.len), (22, 2, 6, 10, 2));
    }

    /// Nesting right at the limit, parsed on a thread with the default
    /// 2 MiB stack in whatever profile the tests run in, must not overflow
    /// (64 levels did in a debug build).
    #[test]
    fn nesting_at_the_limit_fits_a_small_thread_stack() {
        let levels = crate::limits::MAX_YAML_DEPTH / 2;
        for extra in [0, 1] {
            let text =
                format!("{}1{}", "{a: [".repeat(levels + extra), "]}".repeat(levels + extra));
            let parsed = std::thread::Builder::new()
                .stack_size(2 * 1024 * 1024)
                .spawn(move || parse::<Spanned<crate::load::node::Node>>(&text).is_ok())
                .unwrap()
                .join()
                .unwrap();
            assert_eq!(parsed, extra == 0);
        }
    }

    #[test]
    fn nesting_beyond_the_budget_is_refused_not_recursed() {
        let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
        let error = parse::<serde_json::Value>(&deep).unwrap_err();
        assert!(!error.message.is_empty());
    }
}
