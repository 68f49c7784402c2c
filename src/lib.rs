//! neurotriage: a teaching tool for differential reasoning.
//!
//! A person states clinical features; a rule pack (YAML) weighs them for and
//! against a set of disease profiles; the engine returns an `Explanation`
//! value saying which profile fits better and why. Renderers turn that value
//! into text, JSON or Markdown.
//!
//! The folders are the layers, and dependencies point one way, down this
//! list (see `ARCHITECTURE.md`):
//!
//! - `cli/` and `run.rs`: arguments, the checked configuration, the exit
//!   status;
//! - `quiz/`: predict, then reveal, over teaching cases, and records of a
//!   class's answers;
//! - `prompt/` and `batch/`: the interactive and the streaming drivers;
//! - `render/`: text, JSON and Markdown from an explanation, and error
//!   messages with carets;
//! - `engine/`: evaluation of a case against a pack, returning an
//!   `Explanation`; no I/O;
//! - `cases/`: the feature syntax and case files, checked into a `Case`;
//! - `load/`: a rule pack's files, parsed and checked into a [`Pack`];
//! - `pack/`: the checked model (profiles, features, claims, rules,
//!   conditions, values), which imports nothing above it.
//!
//! This is an educational tool, not a diagnosis. The library interface has no
//! semantic-version guarantees; it exists for the binary, the tests and the
//! benchmarks, and its public items are the short list below.

#![forbid(unsafe_code)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod batch;
mod byte_search;
mod cases;
mod cli;
mod engine;
mod error;
mod limits;
mod load;
mod pack;
pub mod probe;
mod prompt;
mod quiz;
mod render;
mod run;
mod safe_write;
mod schema;
mod span;
#[cfg(test)]
mod tests;
mod verbosity;

/// The public surface: what the binary (`run`), the integration tests
/// (`Cli` for the help texts, `exit` for the man page) and the benchmarks
/// and fuzz targets ([`probe`]) use. Everything else is `pub(crate)`, so the
/// compiler reports what nothing uses.
pub use crate::{cli::args::Cli, error::exit, pack::Pack, run::run};

/// Shown with every result, in every format. There is deliberately no switch
/// to hide it.
pub const DISCLAIMER: &str = "neurotriage is an educational tool for learning differential \
reasoning. It is not a diagnosis and not medical advice; only a clinician who examines the \
person can diagnose. If you are worried about symptoms, see a doctor.";
