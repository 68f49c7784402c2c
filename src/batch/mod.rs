//! `neurotriage batch`: every case of every input, evaluated and written in
//! input order, then a summary, and the exit status.
//!
//! This layer owns the inputs (`input`), the ordered parallel pipeline
//! that carries chunks of cases through the pool (`pipeline`), the order-
//! dependent steps done as each chunk is written (repeated ids, the
//! [`Summary`]), the batch's own errors ([`BatchError`]) and its output
//! formats (`report`). It must not hold more than a few chunks of cases at
//! once, let a bad case stop the others, or print its errors itself: they
//! go back to `run.rs`, which prints every error the same way.
//!
//! The calling thread reads the inputs as a stream, in chunks of cases, and
//! hands each chunk to the pool (rayon, `--jobs`), which checks, evaluates
//! and renders it. The output is the same for any number of jobs.

pub(crate) mod compare;
pub(crate) mod input;
pub(crate) mod pipeline;
pub(crate) mod report;
mod seen_ids;
pub(crate) mod summary;

use std::{
    hash::BuildHasher,
    io::{self, Write},
    path::PathBuf,
};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use thiserror::Error;

use crate::{
    batch::input::{Input, InputKind},
    batch::pipeline::{Failure, Held, Plan, Stopped, Writer},
    batch::report::{CaseView, Detail, Report},
    batch::seen_ids::SeenIds,
    batch::summary::{Summary, Tally},
    cases::case_error::{CaseError, CaseErrorKind},
    cases::reader::{CaseFormat, CaseRecord, Chunk, Source},
    engine::{self, Options, explanation::Explanation},
    error::{exit, io_reason},
    limits,
    pack::Pack,
    render::clean::{CleanWriter, to_stderr},
    safe_write::{self, Output},
    verbosity::Verbosity,
};

/// How ids are hashed to find a repeated one: a fixed seed, so that a
/// run is the same every time; 64 bits of a good hash, so that two ids
/// meet by chance about once in 10^19 pairs.
const IDS: foldhash::quality::FixedState =
    foldhash::quality::FixedState::with_seed(0x6e65_7572_6f74_7269);

/// The most a chunk reserves at once for its rendered text.
const RESERVE_AT_MOST: usize = 4 * 1024 * 1024;

/// Input larger than this (in bytes, or any standard input) gets a
/// progress bar when standard error is a terminal.
const PROGRESS_BYTES: u64 = 1024 * 1024;

/// The output formats of `batch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BatchFormat {
    Table,
    Json,
    JsonLines,
    Csv,
    Markdown,
    Html,
}

/// How to run a batch, settled by [`crate::cli::config::Config`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BatchOptions {
    /// Files, folders, or `-` for standard input.
    pub(crate) paths: Vec<PathBuf>,
    /// The format of standard input, and of files whose extension says
    /// none.
    pub(crate) input_format: Option<CaseFormat>,
    pub(crate) format: BatchFormat,
    pub(crate) output: Option<PathBuf>,
    /// Threads; 0 means one per core.
    pub(crate) jobs: usize,
    pub(crate) fail_on_disagreement: bool,
    /// How much each JSON case holds.
    pub(crate) detail: Detail,
    /// The results are text for a person (a table or Markdown, or CSV on
    /// a terminal), so they pass the cleaning boundary; JSON and CSV in a
    /// file or pipe are data, written exactly.
    pub(crate) clean_output: bool,
    /// Colour on standard output, as decided once for the run.
    pub(crate) color_stdout: bool,
    /// Standard error is a terminal (for the progress bar).
    pub(crate) stderr_is_terminal: bool,
    /// Quiet: no notes, progress bar or summary on standard error; verbose:
    /// the time and speed at the end.
    pub(crate) verbosity: Verbosity,
}

/// Why a batch ended early or failed as a whole (a failed case is not an
/// error: it is reported in its place and counted).
#[derive(Debug, Error)]
pub(crate) enum BatchError {
    #[error("cannot start worker threads: {reason}")]
    Threads { reason: String },
    #[error("`{name}` is both an input and the output")]
    OutputIsInput { name: String },
    /// The output cannot be opened, or put in place at the end (then the
    /// old file is left as it was).
    #[error("cannot write `{path}`: {reason}")]
    CreateOutput { path: String, reason: String, help: &'static str },
    /// Nothing at all is a failure: a CI run on the wrong folder must not
    /// pass.
    #[error("no case was read")]
    NoCase,
    /// With `--quiet`, the summary that would say why the run fails is not
    /// printed; this says it instead.
    #[error(
        "{} of the {with_expected} with `expected` got another verdict",
        report::plural(*.disagreements, "case")
    )]
    Disagreements { disagreements: u64, with_expected: u64 },
    /// A worker thread panicked (a bug): the run cannot be finished.
    #[error("a worker thread stopped: {reason}")]
    Worker { reason: String },
    /// The results cannot be written (a full disk, a closed file); a
    /// closed pipe is not an error, the reader chose to stop.
    #[error("cannot write output: {reason}")]
    Output { reason: String },
    /// A comparison of packs reads every input once per pack.
    #[error("standard input cannot be compared with several packs")]
    CompareStdin,
    #[error("the html format does not compare packs")]
    CompareFormat,
}

impl BatchError {
    /// What to do about it, shown under the message.
    pub(crate) fn help(&self) -> Option<&'static str> {
        match self {
            Self::Threads { .. } => Some("try `--jobs 1`"),
            Self::OutputIsInput { .. } => Some("write the results to another file"),
            Self::CreateOutput { help, .. } => Some(help),
            Self::NoCase => {
                Some("give case files (.yaml, .yml, .jsonl, .csv) or folders that hold some")
            }
            Self::Disagreements { .. } => Some("run without `--quiet` for the list"),
            Self::Worker { .. } | Self::Output { .. } => None,
            Self::CompareStdin => {
                Some("it is read once per pack: save the cases to a file and name the file")
            }
            Self::CompareFormat => {
                Some("give `--format table`, `json`, `jsonl`, `csv` or `markdown`")
            }
        }
    }

    pub(crate) fn code(&self) -> u8 {
        match self {
            Self::Threads { .. }
            | Self::OutputIsInput { .. }
            | Self::CreateOutput { .. }
            | Self::Worker { .. }
            | Self::Output { .. }
            | Self::CompareStdin
            | Self::CompareFormat => exit::USAGE,
            Self::NoCase | Self::Disagreements { .. } => exit::SOME_FAILED,
        }
    }
}

/// Runs a batch and returns the exit status, or the error that ends it
/// (for `run.rs` to print). Notes, the progress bar and the summary go to
/// standard error as the run goes.
pub(crate) fn run(pack: &Pack, options: &BatchOptions) -> Result<u8, BatchError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .build()
        .map_err(|error| BatchError::Threads { reason: error.to_string() })?;
    let report: Box<dyn Report> = match options.format {
        BatchFormat::Table => Box::new(report::table::Table { pack }),
        BatchFormat::Json => Box::new(report::json::Json { pack, detail: options.detail }),
        BatchFormat::JsonLines => {
            Box::new(report::jsonl::JsonLines { pack, detail: options.detail })
        }
        BatchFormat::Csv => Box::new(report::csv::Csv { pack }),
        BatchFormat::Markdown => Box::new(report::markdown::Markdown { pack }),
        BatchFormat::Html => Box::new(report::html::Html { pack }),
    };
    let started = std::time::Instant::now();
    let quiet = options.verbosity == Verbosity::Quiet;
    let (mut inputs, skipped) = input::inputs(&options.paths, options.input_format, quiet);
    if let Some(output) = &options.output {
        input::drop_output(&mut inputs, &options.paths, output, quiet)?;
    }
    let color = options.color_stdout && options.output.is_none();
    let (file, replacement) = open_output(options)?;
    // The cleaning writer sits behind the buffer: a `BufWriter` hands on
    // whole writes (it flushes before a write that would not fit), so a
    // colour sequence of the table is never cut in two, and cleaning runs
    // once per 64 KiB rather than once per case.
    let output: Box<dyn Write + Send> = match file {
        None if options.clean_output => {
            Box::new(io::BufWriter::with_capacity(1 << 16, CleanWriter::new(io::stdout(), color)))
        }
        None => Box::new(io::BufWriter::with_capacity(1 << 16, io::stdout())),
        Some(file) if options.clean_output => {
            Box::new(io::BufWriter::with_capacity(1 << 16, CleanWriter::new(file, false)))
        }
        Some(file) => Box::new(io::BufWriter::with_capacity(1 << 16, file)),
    };

    let large = inputs.iter().any(|i| match &i.kind {
        InputKind::Stdin(_) => true,
        InputKind::File { size, .. } => *size > PROGRESS_BYTES,
        InputKind::Broken(_) => false,
    });
    let progress = if options.stderr_is_terminal && large && !quiet {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {human_pos} cases evaluated ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let mut batch = Batch {
        pack,
        report: report.as_ref(),
        output,
        summary: Summary { skipped, ..Summary::new(pack) },
        ids: SeenIds::default(),
        progress,
        held: report.holds_cases().then(HeldCases::default),
    };
    let result = batch.run(&inputs, &pool);
    batch.progress.finish_and_clear();
    match result {
        Ok(()) => {}
        // A closed pipe (`... | head`) is the reader's choice.
        Err(Failure::Sink(error)) if error.kind() == io::ErrorKind::BrokenPipe => {
            return Ok(exit::OK);
        }
        Err(Failure::Sink(error)) => return Err(BatchError::Output { reason: io_reason(&error) }),
        Err(Failure::Panicked(reason)) => return Err(BatchError::Worker { reason }),
    }
    let summary = &batch.summary;
    // Nothing read leaves an old output file as it was.
    if summary.read == 0 {
        return Err(BatchError::NoCase);
    }
    if let Some((path, replacement)) = replacement {
        replacement.commit().map_err(|error| cannot(path, &error))?;
    }
    if report.summary_on_stderr() && !quiet {
        note(&report::summary_text(summary, pack));
    } else if !report.carries_disclaimer() {
        // Quiet never means without the disclaimer.
        note(&report::disclaimer_text());
    }
    if quiet && options.fail_on_disagreement && summary.disagreement_count > 0 {
        return Err(BatchError::Disagreements {
            disagreements: summary.disagreement_count,
            with_expected: summary.with_expected,
        });
    }
    if options.verbosity == Verbosity::Verbose {
        let seconds = started.elapsed().as_secs_f64();
        #[allow(clippy::cast_precision_loss)]
        let rate = summary.read as f64 / seconds.max(1e-9);
        note(&format!(
            "note: {} in {seconds:.3} s ({rate:.0} cases/s) on {}\n",
            report::plural(summary.read, "case"),
            report::plural(pool.current_num_threads() as u64, "worker thread")
        ));
    }
    if summary.failed > 0 || (options.fail_on_disagreement && summary.disagreement_count > 0) {
        Ok(exit::SOME_FAILED)
    } else {
        Ok(exit::OK)
    }
}

/// Why `path` cannot be written, as a batch says it.
pub(crate) fn cannot(path: &std::path::Path, error: &safe_write::WriteError) -> BatchError {
    BatchError::CreateOutput {
        path: path.display().to_string(),
        reason: error.to_string(),
        help: error.help(),
    }
}

/// The file `--output` names, opened: a file is written beside its old
/// self and put in its place at the end (the [`safe_write::Replacement`]
/// to commit); a device or a pipe (`/dev/null`, `/dev/stdout`) is written
/// to as it is (see `safe_write`).
pub(crate) type Opened<'o> =
    (Option<std::fs::File>, Option<(&'o PathBuf, safe_write::Replacement)>);

pub(crate) fn open_output(options: &BatchOptions) -> Result<Opened<'_>, BatchError> {
    Ok(match &options.output {
        None => (None, None),
        Some(path) => match safe_write::open_output(path) {
            Ok(Output::Replace(file, replacement)) => (Some(file), Some((path, replacement))),
            Ok(Output::Stream(file)) => (Some(file), None),
            Err(error) => return Err(cannot(path, &error)),
        },
    })
}

/// Writes a note, the summary or the disclaimer to standard error: file
/// names and ids in them come from the inputs. Nothing in them is
/// coloured.
pub(crate) fn note(text: &str) {
    to_stderr(text, false);
}

/// The state of a running batch.
struct Batch<'r, 'p> {
    pack: &'p Pack,
    report: &'r dyn Report,
    output: Box<dyn Write + Send>,
    summary: Summary,
    ids: SeenIds,
    progress: ProgressBar,
    /// The cases' text, for a report that writes them after its summary
    /// ([`Report::holds_cases`]).
    held: Option<HeldCases>,
}

/// What a batch holds of a report that shows its summary first: the
/// cases' text up to [`limits::HELD_BYTES`], whatever the report writes
/// (an id may be a MiB long), and how many cases it holds.
#[derive(Default)]
struct HeldCases {
    bytes: Vec<u8>,
    shown: u64,
}

impl HeldCases {
    fn push(&mut self, piece: &[u8]) {
        if piece.is_empty() || self.bytes.len() + piece.len() > limits::HELD_BYTES {
            return;
        }
        self.bytes.extend_from_slice(piece);
        self.shown += 1;
    }
}

impl Batch<'_, '_> {
    /// Reads on this thread, and checks, evaluates and renders on the
    /// pool, chunk by chunk, writing each chunk in its turn, so that all of
    /// it goes on at once and memory holds a few chunks.
    fn run(
        &mut self,
        inputs: &[Input],
        pool: &rayon::ThreadPool,
    ) -> Result<(), Failure<io::Error>> {
        let mut text = String::new();
        self.report.begin(self.pack, &mut text);
        self.output.write_all(text.as_bytes()).map_err(Failure::Sink)?;
        // Each chunk goes with the number of its first case in the run,
        // counted as it is read (in order, on this thread), so that a
        // report can treat the first cases of a run apart (the HTML page
        // explains the first few in full).
        let mut next: u64 = 0;
        let (pack, report) = (self.pack, self.report);
        // With a core to spare (fewer jobs than cores), the reading thread
        // writes between reads and the workers only evaluate; otherwise the
        // task that finishes the chunk whose turn has come writes it, so
        // that the reading thread, which every task waits on, never queues
        // behind writing.
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let threads = pool.current_num_threads();
        let plan = Plan {
            writer: if threads < cores { Writer::Feeder } else { Writer::Workers },
            budget: limits::BATCH_BYTES_IN_FLIGHT,
            fewest: threads + 2,
        };
        let files = pipeline::run(
            pool,
            plan,
            |index, (first, chunk): (u64, Chunk)| {
                Rendered::new(pack, report, chunk, first, index == 0)
            },
            |rendered: Rendered| self.write(&rendered),
            |send| {
                input::read_all(pack, inputs, &mut |chunk: Chunk| {
                    let size = chunk.size();
                    let first = next;
                    next += chunk.len() as u64;
                    send((first, chunk), size).map_err(|Stopped| {
                        io::Error::new(io::ErrorKind::BrokenPipe, "the output failed")
                    })
                })
            },
        )?;
        self.summary.files = files;
        self.summary.shown = self.held.as_ref().map(|held| held.shown);
        let mut text = String::new();
        self.report.end(&self.summary, self.pack, &mut text);
        let held = std::mem::take(&mut self.held);
        let write = |output: &mut Box<dyn Write + Send>| -> io::Result<()> {
            output.write_all(text.as_bytes())?;
            if let Some(held) = held {
                output.write_all(&held.bytes)?;
                let mut tail = String::new();
                self.report.after_held(&self.summary, self.pack, &mut tail);
                output.write_all(tail.as_bytes())?;
            }
            output.flush()
        };
        write(&mut self.output).map_err(Failure::Sink)
    }

    /// Writes an evaluated chunk (the next in input order) and adds it to
    /// the summary. Repeated ids can only be found in order, so a case
    /// whose id was seen before is rendered again, as an error, here.
    fn write(&mut self, rendered: &Rendered) -> io::Result<()> {
        let (pack, report) = (self.pack, self.report);
        let text = rendered.text.as_bytes();
        let mut start = 0;
        for case in &rendered.cases {
            let id = case.id.clone().map(|range| &rendered.ids[range]);
            // A failed case's id counts too: the same id later is still a
            // repeat.
            let earlier = case.id_hash.and_then(|hash| self.ids.insert(hash, &case.source));
            let mut repeat = None;
            if let Some(earlier) = earlier.filter(|_| !case.tally.failed) {
                let id = id.unwrap_or_default();
                let kind = CaseErrorKind::RepeatedId {
                    id: id.to_owned(),
                    earlier,
                    expected: case.tally.expected,
                };
                let record = CaseRecord {
                    notes: Vec::new(),
                    source: case.source.clone(),
                    failed_id: Some(id.to_owned()),
                    case: Err(CaseError::new(kind).help("give every case its own id")),
                };
                let mut piece = String::from(report.separator());
                // The record is an error, so nothing is evaluated into this.
                let mut explanation = Explanation::empty(pack);
                let tally =
                    evaluate(pack, report, &record, case.ordinal, &mut piece, &mut explanation);
                self.summary.add(&tally, Some(id), &case.source);
                repeat = Some(piece);
            } else {
                self.summary.add(&case.tally, id, &case.source);
            }
            match (&mut self.held, repeat) {
                // A report that holds its cases gets them after its
                // summary, one by one within the budget.
                (Some(held), repeat) => held.push(
                    repeat.as_ref().map_or(&text[case.start..case.end], |piece| piece.as_bytes()),
                ),
                (None, Some(piece)) => {
                    self.output.write_all(&text[start..case.start])?;
                    self.output.write_all(piece.as_bytes())?;
                    start = case.end;
                }
                (None, None) => {}
            }
        }
        if self.held.is_none() {
            self.output.write_all(&text[start..])?;
        }
        self.progress.inc(rendered.cases.len() as u64);
        Ok(())
    }
}

/// A chunk of cases, checked, evaluated and rendered: their text back to
/// back (each case's after a separator, except the very first case's), and
/// what the writer needs of each.
struct Rendered {
    text: String,
    /// The ids of the cases, back to back.
    ids: String,
    cases: Vec<RenderedCase>,
}

struct RenderedCase {
    /// The case's number in the run, from 0.
    ordinal: u64,
    /// Where the case's text (with its separator) starts and ends.
    start: usize,
    end: usize,
    tally: Tally,
    /// Where the case's id is in [`Rendered::ids`].
    id: Option<std::ops::Range<usize>>,
    /// A hash of the id, to find a repeated id without keeping every id.
    id_hash: Option<u64>,
    source: Source,
}

impl Held for Rendered {
    /// Roughly the memory the chunk holds.
    fn held(&self) -> usize {
        self.text.capacity()
            + self.ids.capacity()
            + self.cases.capacity() * std::mem::size_of::<RenderedCase>()
    }
}

impl Rendered {
    /// `ordinal` is the number of the chunk's first case in the run;
    /// `first`, whether this is the run's first chunk.
    fn new(pack: &Pack, report: &dyn Report, chunk: Chunk, ordinal: u64, first: bool) -> Self {
        let (bytes, cases) = chunk.into_parts();
        let mut out = Self { text: String::new(), ids: String::new(), cases: Vec::new() };
        let count = cases.len();
        out.cases.reserve_exact(count);
        let mut explanation = Explanation::empty(pack);
        for (i, pending) in cases.into_iter().enumerate() {
            let record = pending.finish(pack, &bytes);
            let start = out.text.len();
            if !(first && i == 0) {
                out.text.push_str(report.separator());
            }
            let ordinal = ordinal + i as u64;
            let tally = evaluate(pack, report, &record, ordinal, &mut out.text, &mut explanation);
            if i == 0 {
                // Cases of one batch come out at much the same length:
                // room for the rest at once, rather than growing step by
                // step (within reason: the first case may be an odd one).
                let guess = (out.text.len() + out.text.len() / 4) * (count - 1);
                out.text.reserve(guess.min(RESERVE_AT_MOST));
            }
            let id = record.id().map(|id| {
                let begin = out.ids.len();
                out.ids.push_str(id);
                begin..out.ids.len()
            });
            let id_hash = record.id().map(|id| IDS.hash_one(id));
            out.cases.push(RenderedCase {
                ordinal,
                start,
                end: out.text.len(),
                tally,
                id,
                id_hash,
                source: record.source,
            });
        }
        out
    }
}

/// One case: evaluated if it was read, rendered onto `out`, and tallied.
///
/// `explanation` is where the case is evaluated: made once for many cases,
/// so that its memory is reused (see [`engine::evaluate_into`]).
fn evaluate<'p>(
    pack: &'p Pack,
    report: &dyn Report,
    record: &CaseRecord,
    ordinal: u64,
    out: &mut String,
    explanation: &mut Explanation<'p>,
) -> Tally {
    match &record.case {
        Ok(file) => {
            let options = Options { sections: report.sections_of(ordinal), ..Options::default() };
            engine::evaluate_into(pack, &file.case, options, explanation);
            let explanation = &*explanation;
            let view = CaseView { record, explanation: Some(explanation), ordinal };
            report.case(&view, out);
            // Only a disagreement lists the rules that decided it.
            let deciding =
                if view.disagrees() { engine::ranking::deciding(explanation) } else { Vec::new() };
            Tally {
                failed: false,
                verdict: explanation.verdict,
                conflict: !explanation.conflicting.is_empty(),
                notes: !record.notes.is_empty(),
                expected: file.expected,
                deciding,
            }
        }
        Err(_) => {
            report.case(&CaseView { record, explanation: None, ordinal }, out);
            Tally {
                failed: true,
                verdict: None,
                conflict: false,
                notes: !record.notes.is_empty(),
                expected: None,
                deciding: Vec::new(),
            }
        }
    }
}
