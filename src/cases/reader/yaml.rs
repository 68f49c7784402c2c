//! YAML case files: read whole, within [`limits::MAX_CASE_BYTES`], as one
//! case, several documents or a list of cases.

use std::{
    io::{self, BufRead, Read},
    sync::Arc,
};

use super::{CaseRecord, Found, Pending, Source, no_case};
use crate::{
    cases::case_error::{CaseError, CaseErrorKind},
    cases::case_file,
    error::io_reason,
    limits,
    pack::Pack,
    span::first_non_utf8,
};

pub(super) fn read_yaml(
    pack: &Pack,
    file: &Arc<str>,
    input: &mut dyn BufRead,
    emit: &mut dyn FnMut(Found<'_>) -> io::Result<()>,
) -> io::Result<()> {
    let source = |line: u32| Source { file: Arc::clone(file), line };
    let text = match read_text(input) {
        Ok(text) => text,
        Err(error) => {
            let line = error.at.map_or(1, |p| p.line);
            return emit(Found::Case(Pending::failed(source(line), error)));
        }
    };
    match case_file::parse_yaml_cases(pack, &text) {
        Err(error) => {
            let line = error.at.map_or(1, |p| p.line);
            emit(Found::Case(Pending::failed(source(line), error)))
        }
        Ok(cases) if cases.is_empty() => emit(Found::Case(no_case(file))),
        Ok(cases) => {
            for (at, id, case) in cases {
                emit(Found::Case(Pending::done(CaseRecord {
                    source: source(at.line.max(1)),
                    failed_id: id,
                    case,
                })))?;
            }
            Ok(())
        }
    }
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
