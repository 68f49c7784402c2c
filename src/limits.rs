//! Named limits. Each is checked before the work it bounds is done, so a
//! hostile or mistaken input gets a message instead of a hang.

/// Largest rule-pack file read, in bytes. The built-in pack is about 40 KiB.
pub(crate) const MAX_RULE_FILE_BYTES: u64 = 1024 * 1024;

/// Deepest nesting of YAML collections accepted in a YAML file. Enough for
/// conditions nested to [`MAX_CONDITION_DEPTH`] (two YAML levels each) plus
/// the file's own structure, and low enough that parsing stays within a
/// 2 MiB thread stack even in a debug build.
pub(crate) const MAX_YAML_DEPTH: usize = 40;

/// Largest number of parser events in one rule file (about one per scalar
/// or collection).
pub(crate) const MAX_YAML_EVENTS: usize = 200_000;

/// Most features a pack may declare.
pub(crate) const MAX_FEATURES: usize = 512;

/// Most choices one `choice` feature may have (they are kept in a 64-bit set).
pub(crate) const MAX_CHOICES: usize = 64;

/// Most rules, derivations and alerts, together, in one pack.
pub(crate) const MAX_RULES: usize = 4096;

/// Most profiles a pack may compare.
pub(crate) const MAX_PROFILES: usize = 32;

/// Deepest nesting of `all` / `any` / `not` in one condition.
pub(crate) const MAX_CONDITION_DEPTH: usize = 16;

/// Most feature assignments on one command line.
pub(crate) const MAX_FEATURES_PER_CASE: usize = 1024;

/// Largest YAML case file read whole (a teaching case, the prompt's
/// `load`), in bytes; a batch reads YAML a document at a time, and this
/// bounds each document instead (issue 14).
pub(crate) const MAX_CASE_BYTES: u64 = 16 * 1024 * 1024;

/// Longest line read at the prompt, in bytes. A longer line is reported
/// and skipped, not kept in memory.
pub(crate) const MAX_LINE_BYTES: usize = 64 * 1024;

/// Budget of YAML items (events) for a whole case file, which may hold many
/// cases; a rule file has [`MAX_YAML_EVENTS`].
pub(crate) const MAX_CASE_YAML_EVENTS: usize = 4_000_000;

/// Longest line of a JSON Lines case file, in bytes. A longer line is
/// reported as one failed case and skipped without being kept in memory.
pub(crate) const MAX_JSON_LINE_BYTES: usize = 1024 * 1024;

/// Largest `.json` case file (one case object or one phenopacket), read
/// whole. A phenopacket of a person with hundreds of findings is tens of
/// KiB.
pub(crate) const MAX_JSON_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Longest row of a CSV case file (the header included), in bytes. A
/// longer row is one failed case and ends the file: most often a double
/// quote left open has swallowed the rest of it, and the rows after it
/// cannot be told apart. Without a limit such a row would be held in
/// memory whole, however large the file.
pub(crate) const MAX_CSV_ROW_BYTES: u64 = 1024 * 1024;

/// Most disagreements listed one by one in a batch summary; the counts
/// cover them all.
pub(crate) const MAX_LISTED_DISAGREEMENTS: usize = 1000;

/// Cases of a batch's HTML page that get their whole explanation, folded
/// under their row: enough for a class's cases or a pack's vignettes, and
/// at about 20 KiB each, a page a browser opens at once. The engine works
/// out the long sections (the flip search among them) only for these.
pub(crate) const HTML_EXPLAINED_CASES: u64 = 100;

/// Cases of a batch's HTML page shown as rows; the rest are only counted
/// (the page says so, and names the formats that list every case). At
/// about 400 bytes a row, the page and what the batch holds of it for
/// writing after the summary stay within a few MiB.
pub(crate) const HTML_CASE_ROWS: u64 = 5000;

/// Bytes of cases' text a batch holds to write after the summary (HTML),
/// whatever the rows hold: an id or a description may be a MiB long, and
/// the rows past this are only counted.
pub(crate) const HELD_BYTES: usize = 16 * 1024 * 1024;

/// About how many bytes of chunks a batch holds at once between reading
/// and writing (a chunk counts as read until it is evaluated, then as
/// rendered). More lets the pool work on while the reading thread waits
/// for its turn on a core. It holds whatever `--jobs` (issue 14): a chunk
/// larger than the whole budget goes alone, and with large chunks fewer
/// workers are busy rather than memory growing with the workers.
pub(crate) const BATCH_BYTES_IN_FLIGHT: usize = 8 * 1024 * 1024;

/// Longest line of a record file, in bytes. A record names at most the
/// pack's features in each of its four lists (`findings`, `weighed`,
/// `neutral`, `missed`), and a pack has at most [`MAX_FEATURES`]
/// (512): even with long names that is well under this. A longer line is
/// reported and skipped without being held in memory.
pub(crate) const MAX_RECORD_LINE_BYTES: usize = 256 * 1024;

/// Most bytes of records a report holds (they are kept to find answers
/// read twice and to compare each answer with its case's last stage). A
/// record is about 400 bytes, so this is over 150,000 answers, hundreds of
/// classes; more stops the report rather than the machine.
pub(crate) const MAX_RECORD_BYTES: usize = 64 * 1024 * 1024;

/// Most bad lines shown one by one; the count covers them all. A wrong
/// file given by mistake (a case file, a binary) would otherwise print a
/// message for every line.
pub(crate) const MAX_LINE_MESSAGES: usize = 50;

/// Most changes of a case (answers to unknowns, changed values) the flip
/// search tries together: it finds the smallest sets of changes that
/// change the verdict, exactly, when they take at most this many
/// (`engine/flip.rs`).
pub(crate) const MAX_FLIP_CHANGES: usize = 3;

/// Most flips listed one by one; the count covers them all.
pub(crate) const MAX_LISTED_FLIPS: usize = 5;

/// Budget of the flip search: each set of changes tried, and each set of
/// features whose bound is checked before its answers are tried, counts
/// one. The built-in pack's worst case found takes about 8,100 (under 2 ms;
/// see `docs/performance.md`); at about 0.2 µs each, the whole budget is
/// some 40 ms. A pack large enough to reach it gets a search marked
/// incomplete, never a wrong answer.
pub(crate) const MAX_FLIP_EVALUATIONS: usize = 200_000;

/// The most characters of one value an error message quotes: a longer
/// name or value is cut, with its length said, so that a 100 KB value in
/// a case file gives a one-line message, not a 100 KB one.
pub(crate) const MAX_QUOTED_CHARS: usize = 80;

/// The most characters of an error message's text as a whole (values
/// quoted without backticks, such as a parser's own words, included).
pub(crate) const MAX_MESSAGE_CHARS: usize = 600;
