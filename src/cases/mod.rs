//! Cases: what a person states about one case, and the files that carry
//! cases. The terse feature syntax of the command line and the prompt
//! (`age=62 no-sensory_loss`), case files in YAML, JSON Lines and CSV read
//! as a stream, and the [`case::Case`] they all become: known values keyed by
//! feature, in pack order. Every mistake in a case, in any format, is a
//! [`case_error::CaseError`].
//!
//! This layer reads and checks input against a [`crate::pack::Pack`]; it
//! must not evaluate a case (that is [`crate::engine`]) or print anything.

pub(crate) mod assignment;
pub(crate) mod case;
pub(crate) mod case_error;
pub(crate) mod case_file;
pub(crate) mod library;
pub(crate) mod line_reader;
pub(crate) mod reader;
pub(crate) mod teaching;
