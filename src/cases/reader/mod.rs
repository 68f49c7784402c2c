//! Reading case files of every format as a stream of cases, each with
//! where it came from: YAML (one case, several documents, or a list),
//! JSON Lines (one object per line) and CSV (one row per case).
//!
//! Every format is turned into the same YAML-like tree
//! ([`crate::load::node::Node`]) and checked by
//! [`crate::cases::case_file::from_node`], so the same case gives the same
//! result, and the same mistake the same message, whatever its format.
//! The one exception is speed: a JSON line or a CSV row with no mistake is
//! read straight into its case (`json_direct.rs`, `csv.rs`), with the same
//! checks of each value, and any line or row that is not plain goes
//! through the tree, which words the mistake; property tests hold the two
//! ways to the same cases.
//! JSON Lines and CSV are read as they come, never whole; a YAML file is
//! read a document at a time, each within [`crate::limits::MAX_CASE_BYTES`].
//! Each format has a file of its own; this one holds what they share and
//! [`read`], which picks the reader.
//!
//! This layer must not read a batch's case file whole (a batch may hold
//! millions of cases; only the prompt's `load` reads one whole, with
//! [`read_text`]), evaluate a case, or let a bad case (or a broken YAML
//! document) stop the others: a mistake is a record like any other.

mod csv;
mod documents;
mod json_direct;
mod json_scan;
mod jsonl;
pub(crate) mod phenopacket;
mod yaml;

use std::{
    io::{self, BufRead},
    ops::Range,
    path::Path,
    sync::Arc,
};

pub(crate) use self::yaml::read_text;
use self::{
    csv::{Column, ReadError, csv_case, csv_id, read_csv},
    jsonl::{json_case, read_json, read_json_lines},
    yaml::{read_yaml, yaml_case},
};
use crate::{
    cases::case_error::{CaseError, CaseErrorKind},
    cases::case_file::CaseFile,
    pack::Pack,
};

/// The formats a case file can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CaseFormat {
    Yaml,
    JsonLines,
    Csv,
    /// One JSON value per file: a case object or a phenopacket.
    Json,
}

impl CaseFormat {
    /// The format a file's extension says (`.yaml`, `.yml`, `.jsonl`,
    /// `.csv`, `.json`, in any letter case), if any.
    pub(crate) fn of_path(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "yaml" | "yml" => Some(Self::Yaml),
            "jsonl" => Some(Self::JsonLines),
            "csv" => Some(Self::Csv),
            "json" => Some(Self::Json),
            _ => None,
        }
    }
}

/// Where a case came from: a file (`-` for standard input) and the line
/// it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Source {
    pub(crate) file: Arc<str>,
    pub(crate) line: u32,
}

/// One case read, or the reason it could not be.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CaseRecord {
    pub(crate) source: Source,
    /// The id of a case that could not be read, when it has one.
    pub(crate) failed_id: Option<String>,
    pub(crate) case: Result<CaseFile, CaseError>,
    /// What reading the case could not carry over, said beside its result
    /// (a phenopacket's term that the pack has no feature for).
    pub(crate) notes: Vec<String>,
}

impl CaseRecord {
    /// A record of a case that failed without an id.
    pub(crate) fn failed(source: Source, error: CaseError) -> Self {
        Self { source, failed_id: None, case: Err(error), notes: Vec::new() }
    }

    /// The case's id, if it is known.
    pub(crate) fn id(&self) -> Option<&str> {
        match &self.case {
            Ok(case) => Some(case.id.as_str()),
            Err(_) => self.failed_id.as_deref(),
        }
    }
}

/// A case as the reader found it, not yet checked: the checking (parsing
/// a JSON line or a YAML document, reading a CSV row against the header)
/// is left to [`Pending::finish`], which a batch runs on many cases in
/// parallel.
#[derive(Debug, Clone)]
pub(crate) struct Pending {
    source: Source,
    work: Work,
}

#[derive(Debug, Clone)]
enum Work {
    Done(CaseRecord),
    /// Where the line is in its [`Chunk`]'s bytes.
    Json(Range<usize>),
    /// A YAML document that holds one case: where its text is in its
    /// [`Chunk`]'s bytes, and where that text starts in its file (the
    /// source's line, and `offset` bytes in), so that its places come out
    /// as places in the file.
    Yaml {
        text: Range<usize>,
        offset: usize,
    },
    Csv {
        record: ::csv::StringRecord,
        columns: Arc<[Column]>,
    },
}

impl Pending {
    fn done(record: CaseRecord) -> Self {
        Self { source: record.source.clone(), work: Work::Done(record) }
    }

    pub(crate) fn failed(source: Source, error: CaseError) -> Self {
        Self::done(CaseRecord::failed(source, error))
    }

    /// Checks the case against the pack; `bytes` are those of the chunk
    /// it came in.
    pub(crate) fn finish(self, pack: &Pack, bytes: &[u8]) -> CaseRecord {
        let line = self.source.line;
        let mut id = None;
        let mut notes = Vec::new();
        let case = match self.work {
            Work::Done(record) => return record,
            Work::Json(range) => {
                json_case(pack, bytes.get(range).unwrap_or_default(), line, &mut id, &mut notes)
            }
            Work::Yaml { text, offset } => {
                return yaml_case(pack, self.source, offset, bytes.get(text).unwrap_or_default());
            }
            Work::Csv { record, columns } => {
                id = csv_id(&record, &columns);
                match columns.iter().find(|c| matches!(c, Column::Unknown { .. })) {
                    // A column that is not a feature would be dropped
                    // without a word; every row fails instead, so nothing
                    // is lost unseen.
                    Some(Column::Unknown { name, help }) => {
                        Err(CaseError::new(CaseErrorKind::UnknownColumn { name: name.clone() })
                            .maybe_help(help.clone()))
                    }
                    _ => csv_case(pack, &columns, &record, line, &mut id),
                }
            }
        };
        CaseRecord { source: self.source, failed_id: id, case, notes }
    }
}

/// What a reader found: a case, or a JSON line or a YAML document of one
/// case to be parsed and checked later.
pub(crate) enum Found<'a> {
    Case(Pending),
    JsonLine(Source, &'a [u8]),
    /// The text of a YAML document, which starts at the source's line and
    /// `offset` bytes into its file.
    YamlDocument {
        source: Source,
        offset: usize,
        text: &'a [u8],
    },
}

/// Cases read in a row, to be checked together. The JSON lines and YAML
/// documents among them are copied into one buffer: one allocation per
/// chunk rather than one per case, and one buffer to free on the thread
/// that checks them.
#[derive(Debug, Default)]
pub(crate) struct Chunk {
    bytes: Vec<u8>,
    cases: Vec<Pending>,
    /// The file of the last case pushed, and this chunk's own copy of its
    /// name, which the chunk's cases share. Every case holds its file's
    /// name; if all the cases of a run shared one, every thread would
    /// count on one counter, and the threads would queue for it.
    file: Option<(Arc<str>, Arc<str>)>,
}

impl Chunk {
    /// A chunk with room for `cases` cases and `bytes` bytes of JSON
    /// lines or YAML documents (chunks of one file are much alike: the
    /// last one's size is a good guess, and saves growing the buffer step
    /// by step).
    pub(crate) fn with_capacity(cases: usize, bytes: usize) -> Self {
        Self { bytes: Vec::with_capacity(bytes), cases: Vec::with_capacity(cases), file: None }
    }

    /// The bytes of JSON lines and YAML documents held.
    pub(crate) fn bytes_len(&self) -> usize {
        self.bytes.len()
    }

    /// Roughly the memory the chunk holds.
    pub(crate) fn size(&self) -> usize {
        self.bytes.capacity() + self.cases.capacity() * std::mem::size_of::<Pending>()
    }

    pub(crate) fn push(&mut self, found: Found<'_>) {
        let mut pending = match found {
            Found::Case(pending) => pending,
            Found::JsonLine(source, line) => {
                let start = self.bytes.len();
                self.bytes.extend_from_slice(line);
                Pending { source, work: Work::Json(start..self.bytes.len()) }
            }
            Found::YamlDocument { source, offset, text } => {
                let start = self.bytes.len();
                self.bytes.extend_from_slice(text);
                Pending { source, work: Work::Yaml { text: start..self.bytes.len(), offset } }
            }
        };
        let file = match &self.file {
            Some((file, own)) if Arc::ptr_eq(file, &pending.source.file) => Arc::clone(own),
            _ => {
                let own: Arc<str> = Arc::from(&*pending.source.file);
                self.file = Some((Arc::clone(&pending.source.file), Arc::clone(&own)));
                own
            }
        };
        pending.source.file = file;
        self.cases.push(pending);
    }

    pub(crate) fn len(&self) -> usize {
        self.cases.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.cases.is_empty()
    }

    /// The shared bytes, and the cases to finish with them.
    pub(crate) fn into_parts(self) -> (Vec<u8>, Vec<Pending>) {
        (self.bytes, self.cases)
    }
}

/// Reads every case of one input and hands each to `emit`, in order, to
/// be checked with [`Pending::finish`]. A mistake in a case is a record
/// like any other; `emit` failing (the output cannot be written) stops the
/// reading.
pub(crate) fn read(
    pack: &Pack,
    format: CaseFormat,
    file: &Arc<str>,
    input: &mut dyn BufRead,
    emit: &mut dyn FnMut(Found<'_>) -> io::Result<()>,
) -> io::Result<()> {
    match format {
        CaseFormat::Yaml => read_yaml(pack, file, input, emit),
        CaseFormat::JsonLines => read_json_lines(file, input, emit),
        CaseFormat::Json => read_json(file, input, emit),
        CaseFormat::Csv => match read_csv(pack, file, input, emit) {
            Ok(()) => Ok(()),
            Err(ReadError::Output(error)) => Err(error),
            // The input failed (a read error, or the header is not CSV):
            // one failed record, then this file is done.
            Err(ReadError::Input(error)) => emit(Found::Case(Pending::failed(
                Source { file: Arc::clone(file), line: 1 },
                error,
            ))),
        },
    }
}

/// The record of a file that holds no case at all, so that an empty file
/// is not passed over in silence.
fn no_case(file: &Arc<str>) -> Pending {
    Pending::failed(
        Source { file: Arc::clone(file), line: 1 },
        CaseError::new(CaseErrorKind::NoCase)
            .help("a case has an `id` and `features`; see docs/cases.md"),
    )
}
