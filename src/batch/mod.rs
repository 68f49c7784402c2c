//! `neurotriage batch`: every case of every input, evaluated and written in
//! input order, then a summary.
//!
//! The calling thread reads the inputs as a stream, in chunks of [`CHUNK`]
//! cases, and hands each chunk to the pool (rayon, `--jobs`), which checks,
//! evaluates and renders it. Chunks are written in input order, by the
//! reading thread between reads when there is a core to spare, otherwise by
//! the task that finishes the chunk whose turn has come. The output is the
//! same for any number of jobs, and memory holds a few chunks, not the
//! run.

pub(crate) mod report;
pub(crate) mod summary;

use std::{
    collections::{BTreeMap, HashSet},
    fs,
    hash::BuildHasher,
    io::{self, BufRead, BufReader, Write},
    path::{Path, PathBuf},
    sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError, TryLockError},
};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::{
    batch::report::{CaseView, Detail, Report},
    batch::summary::{Summary, Tally},
    cases::case_error::{CaseError, CaseErrorKind},
    cases::reader::{self as case_reader, CaseFormat, CaseRecord, Chunk, Found, Pending, Source},
    engine::{self, Options},
    error::{exit, io_reason},
    limits,
    pack::Pack,
    render::diagnostic,
    verbosity::Verbosity,
};

/// How ids are hashed to find a repeated one: a fixed seed, so that a
/// run is the same every time; 64 bits of a good hash, so that two ids
/// meet by chance about once in 10^19 pairs.
const IDS: foldhash::quality::FixedState =
    foldhash::quality::FixedState::with_seed(0x6e65_7572_6f74_7269);

/// Cases read, evaluated and written together: enough that handing a
/// chunk between threads costs little per case, few enough that the
/// chunks in flight keep memory flat and every core busy.
const CHUNK: usize = 256;

/// A chunk is sent early once its JSON lines reach this many bytes, so that
/// long lines do not make large chunks.
const CHUNK_BYTES: usize = 1024 * 1024;

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
    pub(crate) color_stderr: bool,
    /// Standard error is a terminal (for the progress bar).
    pub(crate) stderr_is_terminal: bool,
    /// Quiet: no notes, progress bar or summary on standard error; verbose:
    /// the time and speed at the end.
    pub(crate) verbosity: Verbosity,
}

/// Runs a batch and returns the exit status.
pub(crate) fn run(pack: &Pack, options: &BatchOptions) -> u8 {
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(options.jobs).build() {
        Ok(pool) => pool,
        Err(error) => {
            let text = diagnostic::plain(
                &format!("cannot start worker threads: {error}"),
                Some("try `--jobs 1`"),
                options.color_stderr,
            );
            let _ = writeln!(io::stderr(), "{text}");
            return exit::USAGE;
        }
    };
    let report: Box<dyn Report> = match options.format {
        BatchFormat::Table => Box::new(report::table::Table { pack }),
        BatchFormat::Json => Box::new(report::json::Json { pack, detail: options.detail }),
        BatchFormat::JsonLines => {
            Box::new(report::jsonl::JsonLines { pack, detail: options.detail })
        }
        BatchFormat::Csv => Box::new(report::csv::Csv { pack }),
        BatchFormat::Markdown => Box::new(report::markdown::Markdown { pack }),
    };
    let started = std::time::Instant::now();
    let quiet = options.verbosity == Verbosity::Quiet;
    let (mut inputs, skipped) = inputs(&options.paths, options.input_format, quiet);
    // The output file must not be read as an input: named, it would be
    // emptied before it is read; found in a folder, it would be read while
    // it grows.
    if let Some(output) = options.output.as_deref().and_then(canonical_target) {
        let is_output = |input: &Input| match &input.kind {
            InputKind::File { path, .. } => fs::canonicalize(path).is_ok_and(|p| p == output),
            _ => false,
        };
        if let Some(named) =
            inputs.iter().find(|i| is_output(i) && options.paths.iter().any(|p| **p == *i.name))
        {
            let text = diagnostic::plain(
                &format!("`{}` is both an input and the output", named.name),
                Some("write the results to another file"),
                options.color_stderr,
            );
            let _ = writeln!(io::stderr(), "{text}");
            return exit::USAGE;
        }
        inputs.retain(|input| {
            let skip = is_output(input);
            if skip && !quiet {
                let _ = writeln!(io::stderr(), "note: skipped `{}`, the output file", input.name);
            }
            !skip
        });
    }
    let output: Box<dyn Write + Send> = match &options.output {
        None => Box::new(io::BufWriter::with_capacity(1 << 16, io::stdout())),
        Some(path) => match fs::File::create(path) {
            Ok(file) => Box::new(io::BufWriter::with_capacity(1 << 16, file)),
            Err(error) => {
                let text = diagnostic::plain(
                    &format!("cannot write `{}`: {}", path.display(), io_reason(&error)),
                    Some("check that the folder exists and can be written to"),
                    options.color_stderr,
                );
                let _ = writeln!(io::stderr(), "{text}");
                return exit::USAGE;
            }
        },
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
    };
    let result = batch.run(&inputs, &pool);
    batch.progress.finish_and_clear();
    if let Err(error) = result {
        // A closed pipe (`... | head`) is the reader's choice.
        if error.kind() == io::ErrorKind::BrokenPipe {
            return exit::OK;
        }
        let text = diagnostic::plain(
            &format!("cannot write output: {}", io_reason(&error)),
            None,
            options.color_stderr,
        );
        let _ = writeln!(io::stderr(), "{text}");
        return exit::USAGE;
    }
    let summary = &batch.summary;
    if summary.read == 0 {
        // Nothing at all is a failure: a CI run on the wrong folder must
        // not pass.
        let text = diagnostic::plain(
            "no case was read",
            Some("give case files (.yaml, .yml, .jsonl, .csv) or folders that hold some"),
            options.color_stderr,
        );
        let _ = writeln!(io::stderr(), "{text}");
        return exit::SOME_FAILED;
    }
    if report.summary_on_stderr() && !quiet {
        let _ = io::stderr().write_all(report::summary_text(summary, pack).as_bytes());
    } else if !report.carries_disclaimer() {
        // Quiet never means without the disclaimer.
        let _ = io::stderr().write_all(report::disclaimer_text().as_bytes());
    }
    if quiet && options.fail_on_disagreement && summary.disagreement_count > 0 {
        // The summary that would say why the run fails is not printed.
        let text = diagnostic::plain(
            &format!(
                "{} of the {} with `expected` got another verdict",
                report::plural(summary.disagreement_count, "case"),
                summary.with_expected
            ),
            Some("run without `--quiet` for the list"),
            options.color_stderr,
        );
        let _ = writeln!(io::stderr(), "{text}");
    }
    if options.verbosity == Verbosity::Verbose {
        let seconds = started.elapsed().as_secs_f64();
        #[allow(clippy::cast_precision_loss)]
        let rate = summary.read as f64 / seconds.max(1e-9);
        let _ = writeln!(
            io::stderr(),
            "note: {} in {seconds:.3} s ({rate:.0} cases/s) on {}",
            report::plural(summary.read, "case"),
            report::plural(pool.current_num_threads() as u64, "worker thread")
        );
    }
    if summary.failed > 0 || (options.fail_on_disagreement && summary.disagreement_count > 0) {
        exit::SOME_FAILED
    } else {
        exit::OK
    }
}

/// Where a path would be, resolved, even when the file does not exist yet.
fn canonical_target(path: &Path) -> Option<PathBuf> {
    if let Ok(path) = fs::canonicalize(path) {
        return Some(path);
    }
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    Some(fs::canonicalize(parent).ok()?.join(path.file_name()?))
}

/// One input to read.
struct Input {
    name: Arc<str>,
    kind: InputKind,
}

enum InputKind {
    Stdin(Option<CaseFormat>),
    File {
        path: PathBuf,
        format: CaseFormat,
        size: u64,
    },
    /// A path that cannot be read; one failed record says why.
    Broken(CaseError),
}

/// The inputs named on the command line, folders expanded (recursively, in
/// sorted order). Files that are not case files are skipped with a note.
fn inputs(paths: &[PathBuf], forced: Option<CaseFormat>, quiet: bool) -> (Vec<Input>, u64) {
    let mut out = Vec::new();
    let mut skipped = 0;
    let mut visited = HashSet::new();
    for path in paths {
        let name: Arc<str> = Arc::from(path.display().to_string());
        if path.as_os_str() == "-" {
            out.push(Input { name: Arc::from("-"), kind: InputKind::Stdin(forced) });
            continue;
        }
        match fs::metadata(path) {
            Err(error) => out.push(Input {
                name,
                kind: InputKind::Broken(
                    CaseError::new(CaseErrorKind::Unreadable { reason: io_reason(&error) })
                        .help("check the path"),
                ),
            }),
            Ok(meta) if meta.is_dir() => walk(path, &mut visited, &mut out, &mut skipped, quiet),
            Ok(meta) => {
                // A file named on the command line is read whatever its
                // extension, if its format is known.
                match CaseFormat::of_path(path).or(forced) {
                    Some(format) => out.push(Input {
                        name,
                        kind: InputKind::File { path: path.clone(), format, size: meta.len() },
                    }),
                    None => out.push(Input {
                        name,
                        kind: InputKind::Broken(
                            CaseError::new(CaseErrorKind::UnknownFormat).help(
                                "name it .yaml, .yml, .jsonl or .csv, or give --input-format",
                            ),
                        ),
                    }),
                }
            }
        }
    }
    (out, skipped)
}

/// Case files under a folder, in sorted order; others are skipped with a
/// note on standard error. A folder reached twice (a symbolic link loop)
/// is read once.
fn walk(
    dir: &Path,
    visited: &mut HashSet<PathBuf>,
    out: &mut Vec<Input>,
    skipped: &mut u64,
    quiet: bool,
) {
    let canonical = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !visited.insert(canonical) {
        if quiet {
            return;
        }
        let _ = writeln!(
            io::stderr(),
            "note: `{}` was read already (a link loop?); skipped",
            dir.display()
        );
        return;
    }
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            out.push(Input {
                name: Arc::from(dir.display().to_string()),
                kind: InputKind::Broken(CaseError::new(CaseErrorKind::UnreadableFolder {
                    reason: io_reason(&error),
                })),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let name: Arc<str> = Arc::from(path.display().to_string());
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk(&path, visited, out, skipped, quiet),
            Ok(meta) => match CaseFormat::of_path(&path) {
                Some(format) => out
                    .push(Input { name, kind: InputKind::File { path, format, size: meta.len() } }),
                None if quiet => *skipped += 1,
                None => {
                    *skipped += 1;
                    let _ = writeln!(
                        io::stderr(),
                        "note: skipped `{}` (not .yaml, .yml, .jsonl or .csv)",
                        path.display()
                    );
                }
            },
            // A broken link to something that is not a case file (an
            // editor's lock file) is skipped like any other such file.
            Err(_) if CaseFormat::of_path(&path).is_none() => {
                *skipped += 1;
                if quiet {
                    continue;
                }
                let _ =
                    writeln!(io::stderr(), "note: skipped `{}` (cannot be read)", path.display());
            }
            Err(error) => out.push(Input {
                name,
                kind: InputKind::Broken(CaseError::new(CaseErrorKind::Unreadable {
                    reason: io_reason(&error),
                })),
            }),
        }
    }
}

/// The state of a running batch.
struct Batch<'r, 'p> {
    pack: &'p Pack,
    report: &'r dyn Report,
    output: Box<dyn Write + Send>,
    summary: Summary,
    ids: SeenIds,
    progress: ProgressBar,
}

impl Batch<'_, '_> {
    /// Reads on this thread, and checks, evaluates and renders on the
    /// pool, chunk by chunk, writing each chunk in its turn, so that all of
    /// it goes on at once and memory holds a few chunks.
    fn run(&mut self, inputs: &[Input], pool: &rayon::ThreadPool) -> io::Result<()> {
        let mut text = String::new();
        self.report.begin(self.pack, &mut text);
        self.output.write_all(text.as_bytes())?;
        let (pack, report) = (self.pack, self.report);
        // This thread reads and hands each chunk to the pool; chunks come
        // back in any order and are written in input order. With a core to
        // spare (fewer jobs than cores), this thread writes them between
        // reads, and the workers only evaluate; otherwise the task that
        // finishes the chunk whose turn has come writes it (and those after
        // it that are ready), so that writing is spread over the pool.
        // Chunks out (read, being evaluated, or waiting for their turn) are
        // counted with their bytes: reading waits while more than
        // `limits::BATCH_BYTES_IN_FLIGHT` are out, once every worker has a
        // chunk and one more.
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let reader_writes = pool.current_num_threads() < cores;
        let fewest = pool.current_num_threads() + 2;
        let order = Order {
            ready: Mutex::new(Ready {
                waiting: BTreeMap::new(),
                next: 0,
                out: 0,
                bytes: 0,
                failed: false,
            }),
            room: Condvar::new(),
            writer: Mutex::new(Writer { batch: self, result: Ok(()) }),
        };
        let order = &order;
        let room_for_more =
            |ready: &Ready| ready.out < fewest || ready.bytes < limits::BATCH_BYTES_IN_FLIGHT;
        let files = pool.in_place_scope(|tasks| {
            let mut index = 0;
            let files = read_all(pack, inputs, &mut |chunk: Chunk| {
                order.wait(reader_writes, room_for_more);
                let mut ready = lock(&order.ready);
                if ready.failed {
                    return Err(io::Error::new(io::ErrorKind::BrokenPipe, "the output failed"));
                }
                let read = chunk.size();
                ready.out += 1;
                ready.bytes += read;
                drop(ready);
                let this = index;
                tasks.spawn(move |_| {
                    // After a failure to write, nothing more is written.
                    if lock(&order.ready).failed {
                        return;
                    }
                    // A task that panicked would leave its chunk's turn
                    // unfilled and every other thread waiting for it: the
                    // run is marked failed first, then the panic goes on.
                    let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        Rendered::new(pack, report, chunk, this == 0)
                    }));
                    match rendered {
                        Ok(rendered) => order.hand_in(this, read, rendered, !reader_writes),
                        Err(panic) => {
                            order.fail(io::Error::other("a worker thread stopped"));
                            std::panic::resume_unwind(panic);
                        }
                    }
                });
                index += 1;
                Ok(())
            });
            // The rest, to the last chunk.
            order.wait(reader_writes, |ready| ready.out == 0);
            files
        });
        let result = std::mem::replace(&mut lock(&order.writer).result, Ok(()));
        self.summary.files = files;
        result?;
        let mut text = String::new();
        self.report.end(&self.summary, self.pack, &mut text);
        self.output.write_all(text.as_bytes())?;
        self.output.flush()
    }

    /// Writes an evaluated chunk (the next in input order) and adds it to
    /// the summary. Repeated ids can only be found in order, so a case
    /// whose id was seen before is rendered again, as an error, here.
    fn write(&mut self, rendered: &Rendered) -> io::Result<()> {
        let (pack, report) = (self.pack, self.report);
        let mut start = 0;
        for case in &rendered.cases {
            let id = case.id.clone().map(|range| &rendered.ids[range]);
            // A failed case's id counts too: the same id later is still a
            // repeat.
            let repeated = case.id_hash.is_some_and(|hash| !self.ids.insert(hash));
            if repeated && !case.tally.failed {
                self.output.write_all(&rendered.text.as_bytes()[start..case.start])?;
                let id = id.unwrap_or_default();
                let record = CaseRecord {
                    source: case.source.clone(),
                    failed_id: Some(id.to_owned()),
                    case: Err(CaseError::new(CaseErrorKind::RepeatedId { id: id.to_owned() })
                        .help("give every case its own id")),
                };
                let mut piece = String::from(report.separator());
                let tally = evaluate(pack, report, &record, &mut piece);
                self.output.write_all(piece.as_bytes())?;
                self.summary.add(&tally, Some(id), &case.source);
                start = case.end;
            } else {
                self.summary.add(&case.tally, id, &case.source);
            }
        }
        self.output.write_all(&rendered.text.as_bytes()[start..])?;
        self.progress.inc(rendered.cases.len() as u64);
        Ok(())
    }
}

/// Chunks between the pool and the output, and the output itself.
struct Order<'b, 'r, 'p> {
    ready: Mutex<Ready>,
    /// Signalled when a chunk arrives in `ready` and when one is written.
    room: Condvar,
    /// Held while writing, so that one thread writes at a time. A thread
    /// holding it may take `ready`; one holding `ready` never takes it.
    writer: Mutex<Writer<'b, 'r, 'p>>,
}

/// Chunks evaluated and not yet written, and how many are out.
struct Ready {
    waiting: BTreeMap<usize, Rendered>,
    /// The index of the next chunk to write.
    next: usize,
    /// Chunks handed to the pool and not yet written.
    out: usize,
    /// Roughly the bytes they hold: as read until evaluated, then as
    /// rendered.
    bytes: usize,
    /// The output failed: stop reading.
    failed: bool,
}

struct Writer<'b, 'r, 'p> {
    batch: &'b mut Batch<'r, 'p>,
    /// The first failure to write; after it, chunks are only dropped.
    result: io::Result<()>,
}

impl Order<'_, '_, '_> {
    /// Takes an evaluated chunk, which held `read` bytes as read; with
    /// `write`, also writes the chunks whose turn has come, unless another
    /// thread is writing.
    fn hand_in(&self, index: usize, read: usize, rendered: Rendered, write: bool) {
        let mut ready = lock(&self.ready);
        ready.bytes = ready.bytes - read.min(ready.bytes) + rendered.size();
        ready.waiting.insert(index, rendered);
        drop(ready);
        self.room.notify_all();
        if write {
            self.write_ready(false);
        }
    }

    /// Writes the chunks whose turn has come. With `wait`, waits for a
    /// thread that is writing; without it, leaves the writing to that one
    /// (which looks again before it stops).
    fn write_ready(&self, wait: bool) {
        loop {
            let mut writer = if wait {
                lock(&self.writer)
            } else {
                match self.writer.try_lock() {
                    Ok(writer) => writer,
                    Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
                    Err(TryLockError::WouldBlock) => return,
                }
            };
            loop {
                let chunk = {
                    let mut ready = lock(&self.ready);
                    let next = ready.next;
                    ready.waiting.remove(&next)
                };
                let Some(rendered) = chunk else { break };
                if writer.result.is_ok() {
                    writer.result = writer.batch.write(&rendered);
                }
                let mut ready = lock(&self.ready);
                ready.next += 1;
                ready.out -= 1;
                ready.bytes -= rendered.size().min(ready.bytes);
                ready.failed |= writer.result.is_err();
                drop(ready);
                self.room.notify_all();
            }
            drop(writer);
            // A chunk whose turn it is may have come in after this thread
            // looked, from a task that found the writer taken: write it.
            let ready = lock(&self.ready);
            if !ready.waiting.contains_key(&ready.next) {
                return;
            }
        }
    }

    /// Marks the run failed (no more is read or written) and wakes the
    /// reading thread.
    fn fail(&self, error: io::Error) {
        lock(&self.ready).failed = true;
        let mut writer = lock(&self.writer);
        if writer.result.is_ok() {
            writer.result = Err(error);
        }
        drop(writer);
        self.room.notify_all();
    }

    /// Waits until `done` holds (or the output failed), writing what is
    /// ready meanwhile when this thread is the one that writes.
    fn wait(&self, writes: bool, done: impl Fn(&Ready) -> bool) {
        loop {
            if writes {
                self.write_ready(true);
            }
            let ready = lock(&self.ready);
            if ready.failed || done(&ready) {
                return;
            }
            if writes && ready.waiting.contains_key(&ready.next) {
                continue;
            }
            drop(self.room.wait(ready).unwrap_or_else(PoisonError::into_inner));
        }
    }
}

/// A lock, whatever a panicking thread left behind (nothing here panics;
/// the data would still be whole).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Hashes of the ids seen so far, to find a repeated id without keeping
/// every id. The keys are hashes already, so a fast hasher will do; they
/// are spread over many small tables, because a table grows by doubling,
/// holding old and new at once, and one table of a million ids would do
/// that with 28 MiB.
struct SeenIds {
    shards: Vec<HashSet<u64, foldhash::fast::FixedState>>,
}

impl Default for SeenIds {
    fn default() -> Self {
        Self { shards: (0..64).map(|_| HashSet::default()).collect() }
    }
}

impl SeenIds {
    /// Whether the hash is new (and now seen).
    fn insert(&mut self, hash: u64) -> bool {
        // The top bits pick the table; the hash is uniform.
        let shard = usize::try_from(hash >> 58).unwrap_or(0);
        self.shards.get_mut(shard).is_none_or(|set| set.insert(hash))
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

impl Rendered {
    /// Roughly the memory the chunk holds.
    fn size(&self) -> usize {
        self.text.capacity()
            + self.ids.capacity()
            + self.cases.capacity() * std::mem::size_of::<RenderedCase>()
    }

    fn new(pack: &Pack, report: &dyn Report, chunk: Chunk, first: bool) -> Self {
        let (bytes, cases) = chunk.into_parts();
        let mut out = Self { text: String::new(), ids: String::new(), cases: Vec::new() };
        let count = cases.len();
        out.cases.reserve_exact(count);
        for (i, pending) in cases.into_iter().enumerate() {
            let record = pending.finish(pack, &bytes);
            let start = out.text.len();
            if !(first && i == 0) {
                out.text.push_str(report.separator());
            }
            let tally = evaluate(pack, report, &record, &mut out.text);
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

/// Reads every input in order and sends its cases in chunks; returns the
/// number of inputs. Stops early when `send` fails.
fn read_all(pack: &Pack, inputs: &[Input], send: &mut dyn FnMut(Chunk) -> io::Result<()>) -> u64 {
    let mut chunk = Chunk::with_capacity(CHUNK, 0);
    let mut files = 0;
    let mut emit = |found: Found<'_>| -> io::Result<()> {
        chunk.push(found);
        if chunk.len() >= CHUNK || chunk.bytes_len() >= CHUNK_BYTES {
            let bytes = chunk.bytes_len().min(CHUNK_BYTES);
            send(std::mem::replace(&mut chunk, Chunk::with_capacity(CHUNK, bytes + bytes / 8)))?;
        }
        Ok(())
    };
    for input in inputs {
        files += 1;
        let source = || Source { file: Arc::clone(&input.name), line: 1 };
        let failed = |error| Found::Case(Pending::failed(source(), error));
        let result = match &input.kind {
            InputKind::Broken(error) => emit(failed(error.clone())),
            InputKind::Stdin(None) => emit(failed(
                CaseError::new(CaseErrorKind::StdinFormat)
                    .help("give --input-format yaml, jsonl or csv"),
            )),
            InputKind::Stdin(Some(format)) => {
                let stdin = io::stdin();
                let mut reader = stdin.lock();
                case_reader::read(pack, *format, &input.name, &mut reader, &mut emit)
            }
            InputKind::File { path, format, .. } => match fs::File::open(path) {
                Ok(file) => {
                    let mut reader: Box<dyn BufRead> =
                        Box::new(BufReader::with_capacity(1 << 16, file));
                    case_reader::read(pack, *format, &input.name, &mut reader, &mut emit)
                }
                Err(error) => emit(failed(CaseError::new(CaseErrorKind::Unreadable {
                    reason: io_reason(&error),
                }))),
            },
        };
        if result.is_err() {
            return files;
        }
    }
    if !chunk.is_empty() {
        let _ = send(chunk);
    }
    files
}

/// One case: evaluated if it was read, rendered onto `out`, and tallied.
fn evaluate(pack: &Pack, report: &dyn Report, record: &CaseRecord, out: &mut String) -> Tally {
    match &record.case {
        Ok(file) => {
            let options = Options { sections: report.sections(), ..Options::default() };
            let explanation = engine::evaluate(pack, &file.case, options);
            let view = CaseView { record, explanation: Some(&explanation) };
            report.case(&view, out);
            // Only a disagreement lists the rules that decided it.
            let deciding =
                if view.disagrees() { engine::ranking::deciding(&explanation) } else { Vec::new() };
            Tally { failed: false, verdict: explanation.verdict, expected: file.expected, deciding }
        }
        Err(_) => {
            report.case(&CaseView { record, explanation: None }, out);
            Tally { failed: true, verdict: None, expected: None, deciding: Vec::new() }
        }
    }
}
