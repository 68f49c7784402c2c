//! How many messages a run prints besides its results (`-q`, `-v`).

/// Quiet drops notes, progress and summaries on standard error; verbose
/// adds where the rule pack came from and how long things took. Neither
/// touches results, errors or the disclaimer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}
