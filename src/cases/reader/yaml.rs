//! YAML case files: read whole, within [`limits::MAX_CASE_BYTES`], as one
//! case, several documents or a list of cases.

use std::{
    io::{self, BufRead, Read},
    sync::Arc,
};

use super::{CaseError, CaseRecord, Found, Pending, Source, no_case};
use crate::{cases::case_file, limits, pack::Pack};

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
            let line = error.at.map_or(1, |(line, _)| line);
            return emit(Found::Case(Pending::failed(source(line), error)));
        }
    };
    match case_file::parse_yaml_cases(pack, &text) {
        Err(error) => {
            let line = error.at.map_or(1, |p| p.line);
            emit(Found::Case(Pending::failed(source(line), CaseError::from_case_file(error))))
        }
        Ok(cases) if cases.is_empty() => emit(Found::Case(no_case(file))),
        Ok(cases) => {
            for (at, id, case) in cases {
                emit(Found::Case(Pending::done(CaseRecord {
                    source: source(at.line.max(1)),
                    failed_id: id,
                    case: case.map_err(CaseError::from_case_file),
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
    (&mut *input).take(limits::MAX_CASE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| {
        CaseError::new(format!("cannot read it: {}", crate::load::io_reason(&e)), None)
    })?;
    if bytes.len() as u64 > limits::MAX_CASE_BYTES {
        return Err(CaseError::new(
            format!(
                "this file is larger than the {} MiB limit for YAML case files",
                limits::MAX_CASE_BYTES / (1024 * 1024)
            ),
            Some("split it, or write the cases as JSON Lines, which are read as they come".into()),
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").map_or(bytes.as_slice(), |b| b);
    String::from_utf8(bytes.to_vec()).map_err(|_| CaseError {
        at: crate::span::first_non_utf8(bytes),
        ..CaseError::new("this file is not UTF-8 text", Some("save it as UTF-8".into()))
    })
}
