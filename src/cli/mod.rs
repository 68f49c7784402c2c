//! The command line: the raw arguments as clap parses them ([`args`]), the
//! checked [`config::Config`] they become, and what is generated from their
//! definition (completions and the man page).
//!
//! Clap's argument types stop here: nothing outside this folder sees them
//! (`run.rs` gets `clap::Error` for help, the version and mistakes, which
//! clap prints itself, and the `Shell` of `completions`), and no
//! command's work is done here.

pub(crate) mod args;
pub(crate) mod config;
pub(crate) mod generated;
pub(crate) mod use_color;
