//! The integration tests of neurotriage: one test binary, one module per
//! area. `test` holds the builder every module uses to run the binary.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod batch;
mod batch_html;
mod browser;
mod compare;
mod error_messages;
mod explain;
mod hostile;
mod hostile_files;
mod hostile_output;
mod html;
mod large_yaml;
mod packs;
mod phenopackets;
mod prompt;
mod pty;
mod quiz;
mod quiz_report;
mod rules_cli;
mod schema;
mod shell;
mod teaching;
mod test;
mod three_profiles;
mod verbosity;
