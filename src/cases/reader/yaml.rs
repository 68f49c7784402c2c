//! YAML case files: one case, several documents or a list of cases, read
//! a document at a time ([`super::documents`]), so that memory follows the
//! largest document rather than the file (issue 14). Each document is
//! parsed and checked alone, within [`limits::MAX_CASE_BYTES`] and
//! [`limits::MAX_CASE_YAML_EVENTS`], and its places are moved by the
//! lines and bytes before it: a case gets the same `file:line:column` as
//! when the file was parsed whole, and a broken document fails alone.

use std::{
    io::{self, BufRead, Read},
    sync::Arc,
};

use super::{
    CaseRecord, Found, Pending, Source,
    documents::{Content, Documents, Piece},
    no_case,
};
use crate::{
    cases::case_error::{CaseError, CaseErrorKind},
    cases::case_file,
    error::io_reason,
    limits,
    pack::Pack,
    span::{Position, first_non_utf8},
};

pub(super) fn read_yaml(
    pack: &Pack,
    file: &Arc<str>,
    input: &mut dyn BufRead,
    emit: &mut dyn FnMut(Found<'_>) -> io::Result<()>,
) -> io::Result<()> {
    let mut documents = Documents::new(input);
    let mut any = false;
    while let Some(piece) = documents.next_piece() {
        any |= read_piece(pack, file, piece, emit)?;
    }
    if any { Ok(()) } else { emit(Found::Case(no_case(file))) }
}

/// Reads the cases of one piece of the file and hands each to `emit`;
/// whether there was any (a case, or a mistake).
fn read_piece(
    pack: &Pack,
    file: &Arc<str>,
    piece: Piece,
    emit: &mut dyn FnMut(Found<'_>) -> io::Result<()>,
) -> io::Result<bool> {
    let source = |line: u32| Source { file: Arc::clone(file), line };
    let Piece { line: first, offset, content } = piece;
    let moved = |at: Position| moved(at, first, offset);
    let failed = |error: CaseError| {
        let error = CaseError { at: error.at.map(moved), ..error };
        let line = error.at.map_or(first, |p| p.line);
        Found::Case(Pending::failed(source(line), error))
    };
    let bytes = match content {
        Content::Text(bytes) => bytes,
        Content::TooLarge => {
            emit(failed(
                // A batch reads YAML a document at a time: the limit is
                // one document's, and the documents after it are read.
                CaseError::new(CaseErrorKind::DocumentTooLarge).help(
                    "split it into smaller documents (`---` between cases), or write the cases as JSON Lines",
                ),
            ))?;
            return Ok(true);
        }
        Content::Unreadable(error) => {
            emit(failed(CaseError::new(CaseErrorKind::Unreadable { reason: io_reason(&error) })))?;
            return Ok(true);
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            emit(failed(CaseError {
                at: first_non_utf8(error.as_bytes()),
                ..CaseError::new(CaseErrorKind::NotUtf8).help("save it as UTF-8")
            }))?;
            return Ok(true);
        }
    };
    match case_file::parse_yaml_cases(pack, &text) {
        Err(error) => {
            emit(failed(error))?;
            Ok(true)
        }
        Ok(cases) => {
            let any = !cases.is_empty();
            for (at, id, case) in cases {
                let line = if at.line == 0 { first } else { moved(at).line };
                let case = case.map_err(|error| CaseError { at: error.at.map(moved), ..error });
                // A teaching case written for another pack may cite claims
                // this one does not have: it is still a case to evaluate.
                let notes = case
                    .as_ref()
                    .ok()
                    .and_then(|c| c.teaching.as_deref())
                    .map(|t| {
                        t.other_claims
                            .iter()
                            .map(|(id, _)| {
                                format!("claim `{id}` is not in this pack; the case's `claims` leave it out")
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                emit(Found::Case(Pending::done(CaseRecord {
                    notes,
                    source: source(line),
                    failed_id: id,
                    case,
                })))?;
            }
            Ok(any)
        }
    }
}

/// A place found in a piece that starts at line `first` and byte `offset`
/// of the file, as a place in the file.
fn moved(at: Position, first: u32, offset: usize) -> Position {
    if at.line == 0 {
        return at;
    }
    Position { line: at.line.saturating_add(first - 1), offset: at.offset + offset, ..at }
}

/// A whole YAML case file as text, within the size limit, without a
/// byte-order mark (the prompt's `load` reads its files with it too).
pub(crate) fn read_text(input: &mut dyn BufRead) -> Result<String, CaseError> {
    let mut bytes = Vec::new();
    (&mut *input)
        .take(limits::MAX_CASE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| CaseError::new(CaseErrorKind::Unreadable { reason: io_reason(&e) }))?;
    if bytes.len() as u64 > limits::MAX_CASE_BYTES {
        return Err(CaseError::new(CaseErrorKind::TooLarge)
            .help("split it, or write the cases as JSON Lines, which are read as they come"));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").map_or(bytes.as_slice(), |b| b);
    String::from_utf8(bytes.to_vec()).map_err(|_| CaseError {
        at: first_non_utf8(bytes),
        ..CaseError::new(CaseErrorKind::NotUtf8).help("save it as UTF-8")
    })
}
