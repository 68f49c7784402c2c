//! YAML case files: one case, several documents or a list of cases, read
//! a document at a time ([`super::documents`]), so that memory follows the
//! largest document rather than the file (issue 14). Each document is
//! parsed and checked alone, within [`limits::MAX_CASE_BYTES`] and
//! [`limits::MAX_CASE_YAML_EVENTS`], and its places are moved by the
//! lines and bytes before it: a case gets the same `file:line:column` as
//! when the file was parsed whole, and a broken document fails alone.
//! A document that surely holds one case (most of a large batch) is
//! parsed on the batch's pool, from its text copied into the chunk, like a
//! JSON line; any other is parsed as it is read.

use std::{
    io::{self, BufRead, Read},
    sync::Arc,
};

use super::{
    CaseRecord, Found, Pending, Source,
    documents::{Content, Documents, Piece, holds_one_mapping},
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

/// Hands the cases of one piece of the file to `emit`; whether there was
/// any (a case, or a mistake). A piece that surely holds one case goes as
/// its text, to be parsed with the others on the pool; the count of any
/// other (a list, an empty document) is known only once it is parsed, and
/// the cases of a run are counted in order as they are read, so it is
/// parsed here.
fn read_piece(
    pack: &Pack,
    file: &Arc<str>,
    piece: Piece<'_>,
    emit: &mut dyn FnMut(Found<'_>) -> io::Result<()>,
) -> io::Result<bool> {
    let Piece { line: first, offset, content } = piece;
    let source = Source { file: Arc::clone(file), line: first };
    let error = match content {
        Content::Text(text) if holds_one_mapping(text) => {
            emit(Found::YamlDocument { source, offset, text })?;
            return Ok(true);
        }
        Content::Text(text) => {
            let records = document_records(pack, &source, offset, text);
            let any = !records.is_empty();
            for record in records {
                emit(Found::Case(Pending::done(record)))?;
            }
            return Ok(any);
        }
        // A batch reads YAML a document at a time: the limit is one
        // document's, and the documents after it are read.
        Content::TooLarge => CaseError::new(CaseErrorKind::DocumentTooLarge).help(
            "split it into smaller documents (`---` between cases), or write the cases as JSON Lines",
        ),
        Content::Unreadable(error) => {
            CaseError::new(CaseErrorKind::Unreadable { reason: io_reason(&error) })
        }
    };
    emit(Found::Case(Pending::done(failed(source, offset, error))))?;
    Ok(true)
}

/// Parses and checks a YAML document that holds one case (one that
/// [`holds_one_mapping`]), whose text starts at the source's line and
/// `offset` bytes into its file.
pub(super) fn yaml_case(pack: &Pack, source: Source, offset: usize, text: &[u8]) -> CaseRecord {
    let mut records = document_records(pack, &source, offset, text).into_iter();
    let record = records.next();
    debug_assert!(record.is_some() && records.next().is_none(), "one case in {text:?}");
    // Never without a record (see `holds_one_mapping`): the case counted
    // when it was read is accounted for all the same.
    record.unwrap_or_else(|| CaseRecord::failed(source, CaseError::new(CaseErrorKind::NoCase)))
}

/// The records of one piece's text, which starts at the source's line and
/// `offset` bytes into its file: one per case, none for an empty
/// document, or the one mistake that stops the piece.
fn document_records(pack: &Pack, source: &Source, offset: usize, bytes: &[u8]) -> Vec<CaseRecord> {
    let first = source.line;
    let moved = |at: Position| moved(at, first, offset);
    let Ok(text) = std::str::from_utf8(bytes) else {
        let error = CaseError {
            at: first_non_utf8(bytes),
            ..CaseError::new(CaseErrorKind::NotUtf8).help("save it as UTF-8")
        };
        return vec![failed(source.clone(), offset, error)];
    };
    let cases = match case_file::parse_yaml_cases(pack, text) {
        Ok(cases) => cases,
        Err(error) => return vec![failed(source.clone(), offset, error)],
    };
    cases
        .into_iter()
        .map(|(at, id, case)| {
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
                            format!(
                                "claim `{id}` is not in this pack; the case's `claims` leave it out"
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            CaseRecord { notes, source: Source { line, ..source.clone() }, failed_id: id, case }
        })
        .collect()
}

/// The record of a piece that failed as a whole, with the error's place
/// (found in the piece) as a place in the file.
fn failed(source: Source, offset: usize, error: CaseError) -> CaseRecord {
    let first = source.line;
    let error = CaseError { at: error.at.map(|at| moved(at, first, offset)), ..error };
    let line = error.at.map_or(first, |p| p.line);
    CaseRecord::failed(Source { line, ..source }, error)
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

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use proptest::prelude::*;

    use super::*;
    use crate::{
        cases::reader::Chunk,
        load::{PackSource, load},
    };

    static PACK: LazyLock<Pack> =
        LazyLock::new(|| load(&PackSource::Builtin).pack.expect("the built-in pack loads"));

    /// Bits of YAML, and of what is hard for the cutting and the
    /// counting: markers with and without something after them, lists,
    /// empty and null documents, quotes and block scalars left open, line
    /// breaks of every kind, NULs and byte-order marks.
    const BITS: &[&[u8]] = &[
        b"id: a\n",
        b"id: b\nfeatures:\n  age: 40\n",
        b"features: {age: 1e999, tingling: yes}\n",
        b"  age: 3\n",
        b"expected: MS\n",
        b"---\n",
        b"--- # c\n",
        b"--- id: c\n",
        b"--- []\n",
        b"...\n",
        b"... x\n",
        b"... # c\n",
        b"- id: d\n  features: {}\n",
        b"- x\n",
        b"  - y\n",
        b"[\n",
        b"]\n",
        b"{id: e}\n",
        b"# c\n",
        b"%YAML 1.2\n",
        b"null\n",
        b"null: x\n",
        b"~\n",
        b"\"q\n",
        b"'q\n",
        b"description: |\n",
        b"description: >\n",
        b"  ---\n",
        b"&a id: f\n",
        b"*a\n",
        b"!!seq\n",
        b"? k\n",
        b"a: b: c\n",
        b"\r",
        b"\r\n",
        b"\n",
        b"\x00",
        b"\xEF\xBB\xBF",
        b"\t",
        b" ",
        b"id: g\r---\rid: h\n",
        b"\xff",
    ];

    /// Every record of a YAML text, as a batch gets them: read, then each
    /// finished with its chunk's bytes.
    fn batch_records(text: &[u8]) -> Vec<CaseRecord> {
        let file: Arc<str> = Arc::from("cases.yaml");
        let mut chunk = Chunk::default();
        let mut input = text;
        read_yaml(&PACK, &file, &mut input, &mut |found| {
            chunk.push(found);
            Ok(())
        })
        .expect("no output to fail");
        let (bytes, cases) = chunk.into_parts();
        cases.into_iter().map(|pending| pending.finish(&PACK, &bytes)).collect()
    }

    /// Every record of a YAML text, each piece parsed as it is read (as
    /// before the parsing moved to the pool).
    fn records_in_order(text: &[u8]) -> Vec<CaseRecord> {
        let file: Arc<str> = Arc::from("cases.yaml");
        let mut input = text;
        let mut documents = Documents::new(&mut input);
        let mut records = Vec::new();
        while let Some(piece) = documents.next_piece() {
            let source = Source { file: Arc::clone(&file), line: piece.line };
            match piece.content {
                Content::Text(text) => {
                    records.extend(document_records(&PACK, &source, piece.offset, text));
                }
                // Neither comes from a slice of a few bits.
                Content::TooLarge | Content::Unreadable(_) => unreachable!(),
            }
        }
        if records.is_empty() {
            records.push(no_case(&file).finish(&PACK, &[]));
        }
        records
    }

    #[test]
    fn a_document_of_one_case_is_parsed_on_the_pool_with_its_places_in_the_file() {
        let text = b"# head\nid: a\nfeatures: {age: 40}\n---\nid: b\nfeatures: {agee: 1}\n";
        let records = batch_records(text);
        assert_eq!(records.len(), 2);
        assert_eq!((records[0].source.line, records[0].id()), (2, Some("a")));
        assert!(records[0].case.is_ok());
        let error = records[1].case.as_ref().unwrap_err();
        let at = error.at.expect("a place");
        assert_eq!((records[1].source.line, records[1].id(), at.line), (5, Some("b"), 6));
        assert_eq!(&text[at.offset..at.offset + 4], b"agee");
        assert_eq!(records, records_in_order(text));
    }

    #[test]
    fn lists_empty_documents_and_broken_ones_give_what_they_hold() {
        let text = b"---\n---\n- id: a\n  features: {}\n- id: b\n  features: {}\n---\nid: [\n";
        let records = batch_records(text);
        let lines: Vec<u32> = records.iter().map(|r| r.source.line).collect();
        assert_eq!(lines, [3, 5, 8]);
        assert!(matches!(records[2].case.as_ref().unwrap_err().kind, CaseErrorKind::Yaml { .. }));
        assert_eq!(records, records_in_order(text));
        // No case at all is said once.
        let records = batch_records(b"---\n# nothing\n---\n[]\n");
        assert_eq!(records.len(), 1);
        assert!(matches!(records[0].case.as_ref().unwrap_err().kind, CaseErrorKind::NoCase));
    }

    #[test]
    fn text_that_is_not_yaml_or_not_utf8_fails_as_before() {
        for text in [&b"id: a\nfeatures: \xff\n"[..], b"id: a\n\tfeatures: {\n", b"\x00\x01binary"]
        {
            let records = batch_records(text);
            assert_eq!(records.len(), 1);
            assert!(records[0].case.is_err());
            assert_eq!(records, records_in_order(text));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// Whatever the text, parsing the documents of one case on the
        /// pool gives the records, in order, that parsing each piece as
        /// it is read gives: none lost, none added, every place the same.
        #[test]
        fn parsing_on_the_pool_gives_the_records_of_parsing_in_order(
            bits in prop::collection::vec(0..BITS.len(), 0..16),
        ) {
            let text: Vec<u8> = bits.iter().flat_map(|&i| BITS[i].iter().copied()).collect();
            prop_assert_eq!(batch_records(&text), records_in_order(&text));
        }
    }
}
