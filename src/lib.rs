//! neurotriage: a teaching tool for differential reasoning.
//!
//! A person states clinical features; a rule pack (YAML) weighs them for and
//! against a set of disease profiles; the engine returns an [`Explanation`]
//! value saying which profile fits better and why. Renderers turn that value
//! into text, JSON or Markdown.
//!
//! The layers point one way: [`load`] reads a pack's files, [`validate`]
//! checks them and builds a [`Pack`], [`engine`] evaluates a [`Case`] against
//! the pack, and [`render`] prints the result. The engine does no I/O.
//!
//! This is an educational tool, not a diagnosis. The library interface has no
//! semantic-version guarantees; it exists for the binary, the tests and the
//! benchmarks.

#![forbid(unsafe_code)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod alert;
pub mod assignment;
pub mod batch;
pub mod builtin;
pub mod case;
pub mod case_file;
pub mod case_reader;
pub mod claim;
pub mod cli;
pub mod command;
pub mod completion;
pub mod condition;
pub mod config;
pub mod contrast;
pub mod derivation;
pub mod diagnostic;
pub mod engine;
pub mod error;
pub mod explanation;
pub mod fact;
pub mod feature;
pub mod generated;
pub mod interview;
pub mod limits;
pub mod line_reader;
pub mod listing;
pub mod load;
pub mod name;
pub mod next_question;
pub mod node;
pub mod pack;
pub mod pack_error;
pub mod profile;
pub mod prompt;
pub mod render;
pub mod report;
pub mod rule;
pub mod run;
pub mod schema;
pub mod session;
pub mod span;
pub mod suggest;
pub mod summary;
pub mod token;
pub mod truth;
pub mod use_color;
pub mod validate;
pub mod value;
pub mod verbosity;
pub mod weight;
pub mod why_not;
pub mod yaml;

pub use crate::{
    case::Case,
    engine::{Options, evaluate},
    explanation::Explanation,
    pack::Pack,
    run::run,
};

/// Shown with every result, in every format. There is deliberately no switch
/// to hide it.
pub const DISCLAIMER: &str = "neurotriage is an educational tool for learning differential \
reasoning. It is not a diagnosis and not medical advice; only a clinician who examines the \
person can diagnose. If you are worried about symptoms, see a doctor.";
