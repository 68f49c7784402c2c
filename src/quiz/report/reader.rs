//! Reading record files line by line into the answers a report counts:
//! each line bounded in length, a bad line one message (the others still
//! counted), blank lines skipped, and a record repeated whole (as when a
//! file is given twice or two files were concatenated) counted once.

use std::{
    collections::BTreeMap,
    fs::File,
    io::BufReader,
    ops::Range,
    path::{Path, PathBuf},
};

use super::{
    record_error::{ReadError, RecordError, RecordErrorKind},
    record_line,
};
use crate::{
    cases::line_reader::{Line, read_line},
    error::io_reason,
    limits::{MAX_LINE_MESSAGES, MAX_RECORD_BYTES, MAX_RECORD_LINE_BYTES},
    quiz::record::Record,
};

/// A bad line: where, its text (for the snippet), and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineProblem {
    pub(crate) file: String,
    /// From 1.
    pub(crate) line: usize,
    pub(crate) text: String,
    pub(crate) error: RecordError,
}

/// Which answer a record is: two records with the same key are one answer
/// read twice.
/// What makes two records the same answer: every field. The pack,
/// student, case, stage and time come first so that answers are kept in
/// that order; the whole record, as JSON, last, so that two different
/// answers that share them (two unnamed students on one machine in the
/// same second) are both kept, and only a record read twice (a file given
/// twice, or files concatenated) is dropped.
type Key = (String, Option<String>, String, usize, String, String);

fn key(record: &Record) -> Key {
    (
        record.pack.clone(),
        record.student.clone(),
        record.case.clone(),
        record.stage,
        record.time.clone(),
        // Serialising plain data to a string cannot fail.
        serde_json::to_string(record).unwrap_or_default(),
    )
}

/// Everything read from the files.
#[derive(Debug, Default)]
pub(crate) struct Reading {
    /// Files given.
    pub(crate) files: usize,
    /// Lines that were not blank.
    pub(crate) lines: u64,
    /// Lines that could not be read.
    pub(crate) failed: u64,
    /// The first [`MAX_LINE_MESSAGES`] of them.
    pub(crate) problems: Vec<LineProblem>,
    /// Records dropped because the same answer was already read.
    pub(crate) duplicates: u64,
    /// Files that could not be read, or a budget exceeded: no report.
    pub(crate) stops: Vec<ReadError>,
    /// The answers, one per key, in key order (so whatever the order of
    /// files and lines).
    answers: BTreeMap<Key, Record>,
    /// Bytes of the records kept so far, for [`MAX_RECORD_BYTES`].
    kept: usize,
}

impl Reading {
    pub(crate) fn answers(&self) -> impl Iterator<Item = &Record> {
        self.answers.values()
    }

    pub(crate) fn answer_count(&self) -> u64 {
        self.answers.len() as u64
    }

    /// Counts a bad line, and keeps its message while there are few.
    fn fail(&mut self, problem: LineProblem) {
        self.failed += 1;
        if self.problems.len() < MAX_LINE_MESSAGES {
            self.problems.push(problem);
        }
    }

    /// Keeps a record, or counts it as a duplicate when the same record
    /// was read before.
    fn keep(&mut self, record: Record, bytes: usize) {
        match self.answers.entry(key(&record)) {
            std::collections::btree_map::Entry::Vacant(slot) => {
                self.kept += bytes;
                slot.insert(record);
            }
            std::collections::btree_map::Entry::Occupied(_) => self.duplicates += 1,
        }
    }
}

/// Reads every file. A file that cannot be read is noted in
/// [`Reading::stops`] and the others are still read, so that every such
/// file is named at once.
pub(crate) fn read(files: &[PathBuf]) -> Reading {
    let mut reading = Reading { files: files.len(), ..Reading::default() };
    for path in files {
        read_file(path, &mut reading);
        if reading.stops.iter().any(|s| matches!(s, ReadError::TooMuch { .. })) {
            break;
        }
    }
    reading
}

fn read_file(path: &Path, reading: &mut Reading) {
    let name = path.display().to_string();
    let unreadable = |error: &std::io::Error| ReadError::Unreadable {
        file: name.clone(),
        reason: io_reason(error),
    };
    let mut input = match File::open(path) {
        Ok(file) => BufReader::new(file),
        Err(error) => return reading.stops.push(unreadable(&error)),
    };
    let mut buffer = Vec::new();
    let mut number = 0;
    loop {
        buffer.clear();
        let line = match read_line(&mut input, &mut buffer, MAX_RECORD_LINE_BYTES) {
            Ok(Some(line)) => line,
            Ok(None) => return,
            Err(error) => return reading.stops.push(unreadable(&error)),
        };
        number += 1;
        let problem = |text: String, error: RecordError| LineProblem {
            file: name.clone(),
            line: number,
            text,
            error,
        };
        if let Line::TooLong = line {
            reading.lines += 1;
            reading.fail(problem(
                String::new(),
                RecordError::new(
                    RecordErrorKind::TooLong { limit: MAX_RECORD_LINE_BYTES },
                    None,
                    "a record is one line, written by `quiz --record`; is this a record file?",
                ),
            ));
            continue;
        }
        let bytes = buffer.strip_suffix(b"\n").unwrap_or(&buffer);
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        reading.lines += 1;
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                let at = error.valid_up_to();
                let span: Range<usize> = at..at + '\u{fffd}'.len_utf8();
                reading.fail(problem(
                    String::from_utf8_lossy(bytes).into_owned(),
                    RecordError::new(
                        RecordErrorKind::NotUtf8,
                        Some(span),
                        "`quiz --record` writes UTF-8 text; is this a record file?",
                    ),
                ));
                continue;
            }
        };
        match record_line::parse(text) {
            Ok(mut record) => {
                // A blank name is no name: one "(no name)" group, not two.
                if record.student.as_deref().is_some_and(|s| s.trim().is_empty()) {
                    record.student = None;
                }
                if reading.kept + bytes.len() > MAX_RECORD_BYTES {
                    reading.stops.push(ReadError::TooMuch { limit_mib: MAX_RECORD_BYTES >> 20 });
                    return;
                }
                reading.keep(record, bytes.len());
            }
            Err(error) => reading.fail(problem(text.to_owned(), error)),
        }
    }
}
