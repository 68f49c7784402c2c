//! Reading case files of every format as a stream of cases, each with
//! where it came from: YAML (one case, several documents, or a list),
//! JSON Lines (one object per line) and CSV (one row per case).
//!
//! Every format is turned into the same YAML-like tree ([`Node`]) and
//! checked by [`case_file::from_node`], so the same case gives the same
//! result, and the same mistake the same message, whatever its format.
//! JSON Lines and CSV are read as they come, never whole; a YAML file is
//! read whole, within [`limits::MAX_CASE_BYTES`].

use std::{
    cell::RefCell,
    fmt,
    io::{self, BufRead, Read},
    ops::Range,
    path::Path,
    rc::Rc,
    sync::Arc,
};

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::{
    cases::case_file::{self, CaseFile, CaseFileError},
    cases::line_reader::{Line, read_line},
    limits,
    load::node::{Node, Text},
    load::yaml::{Position, Spanned},
    pack::Pack,
    pack::name::normalize,
    suggest::closest,
};

/// The formats a case file can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CaseFormat {
    Yaml,
    JsonLines,
    Csv,
}

impl CaseFormat {
    /// The format a file's extension says (`.yaml`, `.yml`, `.jsonl`,
    /// `.csv`, in any letter case), if any.
    pub(crate) fn of_path(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "yaml" | "yml" => Some(Self::Yaml),
            "jsonl" => Some(Self::JsonLines),
            "csv" => Some(Self::Csv),
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

/// A case that could not be read: what is wrong, where (line and column
/// of the mistake itself, when known), and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CaseError {
    pub(crate) message: String,
    pub(crate) help: Option<String>,
    /// Line and column of the mistake, when more precise than the case's
    /// own line.
    pub(crate) at: Option<(u32, u32)>,
}

impl CaseError {
    pub(crate) fn new(message: impl Into<String>, help: Option<String>) -> Self {
        Self { message: message.into(), help, at: None }
    }

    fn from_case_file(error: CaseFileError) -> Self {
        let at = error.at.map(|p| (p.line, p.column));
        Self { message: error.message, help: error.help, at }
    }
}

/// One case read, or the reason it could not be.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CaseRecord {
    pub(crate) source: Source,
    /// The id of a case that could not be read, when it has one.
    pub(crate) failed_id: Option<String>,
    pub(crate) case: Result<CaseFile, CaseError>,
}

impl CaseRecord {
    /// A record of a case that failed without an id.
    pub(crate) fn failed(source: Source, error: CaseError) -> Self {
        Self { source, failed_id: None, case: Err(error) }
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
/// a JSON line, reading a CSV row against the header) is left to
/// [`Pending::finish`], which a batch runs on many cases in parallel.
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
    Csv {
        record: csv::StringRecord,
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
        let case = match self.work {
            Work::Done(record) => return record,
            Work::Json(range) => {
                json_case(pack, bytes.get(range).unwrap_or_default(), line, &mut id)
            }
            Work::Csv { record, columns } => {
                id = csv_id(&record, &columns);
                match columns.iter().find(|c| matches!(c, Column::Unknown { .. })) {
                    // A column that is not a feature would be dropped
                    // without a word; every row fails instead, so nothing
                    // is lost unseen.
                    Some(Column::Unknown { name, help }) => Err(CaseError {
                        message: format!("column `{name}` (in the header) is not a feature"),
                        help: help.clone(),
                        at: None,
                    }),
                    _ => csv_case(pack, &columns, &record, line, &mut id),
                }
            }
        };
        CaseRecord { source: self.source, failed_id: id, case }
    }
}

/// What a reader found: a case, or a JSON line to be checked later.
pub(crate) enum Found<'a> {
    Case(Pending),
    JsonLine(Source, &'a [u8]),
}

/// Cases read in a row, to be checked together. The JSON lines among
/// them are copied into one buffer: one allocation per chunk rather than
/// one per case, and one buffer to free on the thread that checks them.
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
    /// lines (chunks of one file are much alike: the last one's size is a
    /// good guess, and saves growing the buffer step by step).
    pub(crate) fn with_capacity(cases: usize, bytes: usize) -> Self {
        Self { bytes: Vec::with_capacity(bytes), cases: Vec::with_capacity(cases), file: None }
    }

    /// The bytes of JSON lines held.
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

fn read_yaml(
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

fn read_json_lines(
    file: &Arc<str>,
    input: &mut dyn BufRead,
    emit: &mut dyn FnMut(Found<'_>) -> io::Result<()>,
) -> io::Result<()> {
    let mut buffer = Vec::new();
    let mut line = 0_u32;
    let mut cases = 0_u64;
    loop {
        buffer.clear();
        let read = match read_line(input, &mut buffer, limits::MAX_JSON_LINE_BYTES) {
            Ok(read) => read,
            Err(error) => {
                let message = format!("cannot read it: {}", crate::load::io_reason(&error));
                return emit(Found::Case(Pending::failed(
                    Source { file: Arc::clone(file), line: line + 1 },
                    CaseError::new(message, None),
                )));
            }
        };
        let Some(read) = read else {
            return if cases == 0 { emit(Found::Case(no_case(file))) } else { Ok(()) };
        };
        line = line.saturating_add(1);
        let source = Source { file: Arc::clone(file), line };
        let found = match read {
            Line::TooLong => Found::Case(Pending::failed(
                source,
                CaseError::new(
                    format!(
                        "this line is longer than the {} MiB limit for a JSON line",
                        limits::MAX_JSON_LINE_BYTES / (1024 * 1024)
                    ),
                    Some("one case per line; is this a JSON Lines file?".into()),
                ),
            )),
            Line::Whole => {
                let bytes = if line == 1 {
                    buffer.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&buffer)
                } else {
                    &buffer
                };
                if bytes.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                Found::JsonLine(source, bytes)
            }
        };
        cases += 1;
        emit(found)?;
    }
}

/// The record of a file that holds no case at all, so that an empty file
/// is not passed over in silence.
fn no_case(file: &Arc<str>) -> Pending {
    Pending::failed(
        Source { file: Arc::clone(file), line: 1 },
        CaseError::new(
            "this file holds no case",
            Some("a case has an `id` and `features`; see docs/cases.md".into()),
        ),
    )
}

/// The `"id": "..."` of a JSON line that is not valid JSON (a number out of
/// range, a missing brace), so that the failed case is shown by its name.
/// The line is walked as far as it goes, keeping track of strings and of
/// nesting, and only a key `id` of the outer object with a plain string
/// value (no escapes) counts. A line with two such keys names no case:
/// which one is meant is unclear.
fn salvage_id(bytes: &[u8]) -> Option<String> {
    const LONGEST: usize = 200;
    let mut found = None;
    let mut depth = 0_usize;
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => {
                let end = string_end(bytes, i + 1)?;
                let after = bytes.get(end + 1..).unwrap_or_default().trim_ascii_start();
                if depth == 1 && &bytes[i + 1..end] == b"id" && after.starts_with(b":") {
                    if found.is_some() {
                        return None;
                    }
                    found = Some(plain_string(after[1..].trim_ascii_start(), LONGEST));
                }
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    found.flatten()
}

/// Where the string that starts at `from` (just after its `"`) ends: the
/// index of its closing `"`.
fn string_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// A JSON string without escapes at the start of `bytes`, not blank and
/// not longer than `longest`.
fn plain_string(bytes: &[u8], longest: usize) -> Option<String> {
    let rest = bytes.strip_prefix(b"\"")?;
    let end = memchr::memchr2(b'"', b'\\', rest).filter(|end| rest.get(*end) == Some(&b'"'))?;
    let id = std::str::from_utf8(rest.get(..end)?).ok()?;
    (!id.trim().is_empty() && id.len() <= longest).then(|| id.to_owned())
}

/// One JSON Lines case.
fn json_case(
    pack: &Pack,
    bytes: &[u8],
    line: u32,
    id: &mut Option<String>,
) -> Result<CaseFile, CaseError> {
    let at = Position { line, column: 1, offset: 0, len: 0 };
    let parsed = match std::str::from_utf8(bytes) {
        // The line checked as UTF-8 once, as a whole, rather than string
        // by string.
        Ok(text) => parse_json(serde_json::Deserializer::from_str(text), at),
        // serde_json says where the bad byte is.
        Err(_) => parse_json(serde_json::Deserializer::from_slice(bytes), at),
    };
    if parsed.is_err() {
        // The line names its case even when it cannot be read whole.
        *id = salvage_id(bytes);
    }
    let node = parsed.map_err(|error| {
        let column = u32::try_from(error.column()).unwrap_or(u32::MAX);
        // serde_json ends its message with the place, which we give
        // apart.
        let text = error.to_string();
        let message = text.split(" at line ").next().unwrap_or(&text).to_owned();
        let help = if message.starts_with("number out of range") {
            // The line is an object; one of its numbers is too large to
            // hold (`1e999`).
            "a number in this line is too large to read; give one within the feature's range"
        } else {
            "each line must be one JSON object, such as {\"id\": \"a\", \"features\": {}}"
        };
        CaseError {
            message: format!("not valid JSON: {message}"),
            help: Some(help.into()),
            at: Some((line, column.max(1))),
        }
    })?;
    if !matches!(node.value, Node::Map(_)) {
        return Err(CaseError {
            message: format!("a case must be a JSON object, found {}", node.value.kind()),
            help: Some(
                "write one object per line, such as {\"id\": \"a\", \"features\": {}}".into(),
            ),
            at: None,
        });
    }
    case_file::from_node(pack, &node).map_err(|e| {
        // The id of a case that fails still names it in the output.
        *id = case_file::id_of(&node);
        // Every part of a JSON line has the line's position; the column
        // would mislead.
        CaseError { at: None, ..CaseError::from_case_file(e) }
    })
}

/// One JSON value, and nothing after it.
fn parse_json<'de, R: serde_json::de::Read<'de>>(
    mut deserializer: serde_json::Deserializer<R>,
    at: Position,
) -> serde_json::Result<Spanned<Node>> {
    let node = JsonNode(at).deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(node)
}

/// Reads a JSON value straight into the tree YAML cases are read into
/// (rather than through `serde_json::Value`, which would build every key
/// and string twice), every part placed at the line's position.
#[derive(Clone, Copy)]
struct JsonNode(Position);

impl<'de> DeserializeSeed<'de> for JsonNode {
    type Value = Spanned<Node>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for JsonNode {
    type Value = Spanned<Node>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Spanned { value: Node::Null, at: self.0 })
    }

    fn visit_bool<E>(self, value: bool) -> Result<Self::Value, E> {
        Ok(Spanned { value: Node::Bool(value), at: self.0 })
    }

    #[allow(clippy::cast_precision_loss)]
    fn visit_i64<E>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Spanned { value: Node::Number(value as f64), at: self.0 })
    }

    #[allow(clippy::cast_precision_loss)]
    fn visit_u64<E>(self, value: u64) -> Result<Self::Value, E> {
        Ok(Spanned { value: Node::Number(value as f64), at: self.0 })
    }

    fn visit_f64<E>(self, value: f64) -> Result<Self::Value, E> {
        Ok(Spanned { value: Node::Number(value), at: self.0 })
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Spanned { value: Node::Text(Text::from(value)), at: self.0 })
    }

    fn visit_string<E>(self, value: String) -> Result<Self::Value, E> {
        Ok(Spanned { value: Node::Text(Text::from(value)), at: self.0 })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Spanned { value: Node::List(items), at: self.0 })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // serde_json gives no size; a case has a handful of keys, and
        // starting at 8 saves the first few times a vector grows.
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(8).min(64));
        while let Some(key) = map.next_key::<Text>()? {
            if entries.iter().any(|(k, _): &(Spanned<Text>, Spanned<Node>)| k.value == key) {
                return Err(repeated_key(&key));
            }
            let value = map.next_value_seed(self)?;
            entries.push((Spanned { value: key, at: self.0 }, value));
            if entries.len() == MANY_KEYS {
                return many_keys(map, entries, self);
            }
        }
        Ok(Spanned { value: Node::Map(entries), at: self.0 })
    }
}

/// Past this many keys in one JSON object, a repeated key is looked for in
/// a set rather than one key at a time, so that a line of many thousands
/// (hostile or mistaken) is still read in linear time. A case has a
/// handful, and keeps the quick loop of [`JsonNode::visit_map`].
const MANY_KEYS: usize = 32;

fn repeated_key<E: serde::de::Error>(key: &str) -> E {
    E::custom(format!("the key `{key}` is given twice"))
}

/// The rest of an object that has [`MANY_KEYS`] keys already.
#[cold]
#[inline(never)]
fn many_keys<'de, A: MapAccess<'de>>(
    mut map: A,
    mut entries: Vec<(Spanned<Text>, Spanned<Node>)>,
    node: JsonNode,
) -> Result<Spanned<Node>, A::Error> {
    let mut seen: std::collections::HashSet<Text, foldhash::fast::FixedState> =
        entries.iter().map(|(k, _)| k.value.clone()).collect();
    while let Some(key) = map.next_key::<Text>()? {
        if !seen.insert(key.clone()) {
            return Err(repeated_key(&key));
        }
        let value = map.next_value_seed(JsonNode(node.0))?;
        entries.push((Spanned { value: key, at: node.0 }, value));
    }
    Ok(Spanned { value: Node::Map(entries), at: node.0 })
}

/// Where the rows of a CSV stream start, for the line of a record. Rows
/// are asked for in increasing order, so those behind are dropped and only
/// the reader's look-ahead is kept.
#[derive(Default)]
struct NewlineIndex {
    /// Line breaks seen so far (`\n`, `\r` or `\r\n`, as the csv crate
    /// reads them).
    newlines: u64,
    after_cr: bool,
    /// The first byte of each row read ahead, and its 1-based line. Blank
    /// lines start no row (the csv crate skips them).
    starts: std::collections::VecDeque<(u64, u32)>,
    /// Whether a row has started since the last line break outside quotes.
    in_row: bool,
    /// Where the reader is in a cell, by the csv crate's rules of quoting.
    cell: Cell,
    /// Where the row being read began: just after the last line break
    /// outside quotes (so blank lines do not count). A row that passes
    /// [`limits::MAX_CSV_ROW_BYTES`] is stopped.
    row_start: u64,
}

/// The csv crate's quoting, followed byte by byte: a `"` opens a quoted
/// cell only as the cell's first byte (`5ft 6" tall` is plain text); in a
/// quoted cell `""` is a quote and line breaks are text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Cell {
    #[default]
    Start,
    Plain,
    Quoted,
    /// A `"` in a quoted cell: the end of the quotes, or the first half of
    /// `""`.
    QuoteInQuoted,
}

impl NewlineIndex {
    /// The line of the first row that starts at or after `offset`: a
    /// record is said to start where the previous one ended, before any
    /// blank lines or the `\n` of a CRLF.
    fn line_at(&mut self, offset: u64) -> u32 {
        while self.starts.front().is_some_and(|(start, _)| *start < offset) {
            self.starts.pop_front();
        }
        self.starts
            .front()
            .map_or_else(|| u32::try_from(self.newlines + 1).unwrap_or(u32::MAX), |(_, line)| *line)
    }

    /// Whether the stream ended inside a quoted cell.
    fn quote_left_open(&self) -> bool {
        self.cell == Cell::Quoted
    }

    fn step(&mut self, at: u64, byte: u8) {
        if byte == b'\r' || (byte == b'\n' && !self.after_cr) {
            self.newlines += 1;
        }
        self.after_cr = byte == b'\r';
        if (byte == b'\n' || byte == b'\r') && self.cell != Cell::Quoted {
            self.row_start = at + 1;
            self.in_row = false;
            self.cell = Cell::Start;
            return;
        }
        if !self.in_row {
            self.in_row = true;
            let line = u32::try_from(self.newlines + 1).unwrap_or(u32::MAX);
            self.starts.push_back((at, line));
        }
        self.cell = match (self.cell, byte) {
            (Cell::Quoted, b'"') => Cell::QuoteInQuoted,
            // An opening quote, `""` inside quotes, or any byte inside them.
            (Cell::Start | Cell::QuoteInQuoted, b'"') | (Cell::Quoted, _) => Cell::Quoted,
            (Cell::Start | Cell::Plain | Cell::QuoteInQuoted, b',') => Cell::Start,
            (Cell::Start | Cell::Plain | Cell::QuoteInQuoted, _) => Cell::Plain,
        };
    }
}

/// A reader that notes where each row starts as the bytes pass through.
struct NewlineCounter<'a> {
    inner: &'a mut dyn BufRead,
    index: Rc<RefCell<NewlineIndex>>,
    offset: u64,
}

impl Read for NewlineCounter<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let mut index = self.index.borrow_mut();
        // Never read past the limit of the row under way, so that a row
        // one byte over it is refused and the reader holds no more. (The
        // line break that ends a row is not part of it.)
        let used = self.offset - index.row_start;
        let Some(room) = (limits::MAX_CSV_ROW_BYTES + 1).checked_sub(used).filter(|r| *r > 0)
        else {
            return Err(io::Error::other(RowTooLong));
        };
        let wanted = buffer.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let read = self.inner.read(&mut buffer[..wanted])?;
        for (i, byte) in buffer[..read].iter().enumerate() {
            index.step(self.offset + i as u64, *byte);
        }
        self.offset += read as u64;
        Ok(read)
    }
}

/// Why reading a CSV file stopped.
enum ReadError {
    Input(CaseError),
    Output(io::Error),
}

/// The id a CSV row names, if any, without checking the row.
fn csv_id(record: &csv::StringRecord, columns: &[Column]) -> Option<String> {
    columns
        .iter()
        .position(|c| matches!(c, Column::Key("id")))
        .and_then(|i| record.get(i))
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
}

/// What one CSV column holds.
#[derive(Debug, Clone)]
enum Column {
    Key(&'static str),
    Feature(String),
    Unknown {
        name: String,
        help: Option<String>,
    },
    /// A column without a name: its cells must be empty.
    Empty,
}

const CSV_KEYS: [&str; 4] = ["id", "expected", "description", "rationale"];

fn read_csv(
    pack: &Pack,
    file: &Arc<str>,
    input: &mut dyn BufRead,
    emit: &mut dyn FnMut(Found<'_>) -> io::Result<()>,
) -> Result<(), ReadError> {
    // The csv crate's line numbers are off for CRLF files and after blank
    // lines; counting the newlines before a record's first byte is not.
    let lines = Rc::new(RefCell::new(NewlineIndex::default()));
    let counted = NewlineCounter { inner: input, index: Rc::clone(&lines), offset: 0 };
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(counted);
    let headers = reader.headers().map_err(|e| ReadError::Input(csv_error(&e)))?.clone();
    let columns: Vec<Column> = headers
        .iter()
        .enumerate()
        .map(|(i, header)| {
            // A spreadsheet may save a byte-order mark before the first
            // header.
            let header = if i == 0 { header.trim_start_matches('\u{feff}') } else { header };
            column(pack, header.trim())
        })
        .collect();
    let mut columns = without_repeats(columns);
    // Every row names the first bad column only.
    if let Some(Column::Unknown { name, help: help @ None }) =
        columns.iter_mut().find(|c| matches!(c, Column::Unknown { .. }))
    {
        *help = Some(column_help(pack, name));
    }
    let columns: Arc<[Column]> = columns.into();
    let mut cases = 0_u64;
    // The last row is held back until the next one is read: only at the
    // end of the file is it known whether a quote was left open, and then
    // that row swallowed the rest of the file and must fail.
    let mut held: Option<Pending> = None;
    loop {
        let mut record = csv::StringRecord::new();
        let line_before = reader.position().line();
        let read = reader.read_record(&mut record);
        let line = match record.position() {
            Some(position) => lines.borrow_mut().line_at(position.byte()),
            None => u32::try_from(line_before).unwrap_or(u32::MAX),
        };
        let source = Source { file: Arc::clone(file), line };
        let work = match read {
            Ok(false) if cases == 0 => {
                return emit(Found::Case(no_case(file))).map_err(ReadError::Output);
            }
            Ok(false) => {
                let Some(mut last) = held.take() else { return Ok(()) };
                if lines.borrow().quote_left_open() {
                    let source = last.source.clone();
                    let id = match &last.work {
                        Work::Csv { record, columns } => csv_id(record, columns),
                        Work::Done(_) | Work::Json { .. } => None,
                    };
                    last = Pending::done(CaseRecord {
                        source,
                        failed_id: id,
                        case: Err(CaseError::new(
                            "a double quote in this row is never closed",
                            Some(
                                "the rest of the file was read into one cell; close the quote"
                                    .into(),
                            ),
                        )),
                    });
                }
                return emit(Found::Case(last)).map_err(ReadError::Output);
            }
            Ok(true) => Work::Csv { record, columns: Arc::clone(&columns) },
            Err(error) if error.is_io_error() => {
                // The rows before it are kept; then this file is done.
                if let Some(previous) = held.take() {
                    emit(Found::Case(previous)).map_err(ReadError::Output)?;
                }
                let start = lines.borrow().row_start;
                let line = lines.borrow_mut().line_at(start);
                let at = Source { file: Arc::clone(file), line };
                return emit(Found::Case(Pending::failed(at, csv_error(&error))))
                    .map_err(ReadError::Output);
            }
            Err(error) => Work::Done(CaseRecord::failed(
                source.clone(),
                CaseError::new(csv_reason(&error), None),
            )),
        };
        cases += 1;
        if let Some(previous) = held.replace(Pending { source, work }) {
            emit(Found::Case(previous)).map_err(ReadError::Output)?;
        }
    }
}

/// An `id`, `expected`, `description` or `rationale` column given twice
/// would have one of its cells dropped; it fails every row. (A feature in
/// two columns, by its name and a synonym, is checked row by row, as a
/// feature given twice is anywhere.)
fn without_repeats(columns: Vec<Column>) -> Vec<Column> {
    let mut seen: Vec<&'static str> = Vec::new();
    columns
        .into_iter()
        .map(|column| match column {
            Column::Key(key) if seen.contains(&key) => Column::Unknown {
                name: key.to_owned(),
                help: Some(format!("`{key}` has a column already; keep one")),
            },
            Column::Key(key) => {
                seen.push(key);
                column
            }
            other => other,
        })
        .collect()
}

fn column(pack: &Pack, header: &str) -> Column {
    if header.is_empty() {
        // A spreadsheet often ends every row with a comma.
        return Column::Empty;
    }
    let key = normalize(header);
    if let Some(key) = CSV_KEYS.iter().find(|k| **k == key) {
        return Column::Key(key);
    }
    match pack.feature_by_name(header) {
        Some(_) => Column::Feature(header.to_owned()),
        // The help is worked out for the one column reported (see
        // `read_csv`): a header of many thousand unknown columns would
        // otherwise take seconds of "did you mean".
        None => Column::Unknown { name: header.to_owned(), help: None },
    }
}

/// "Did you mean" for a column that is not a feature.
fn column_help(pack: &Pack, header: &str) -> String {
    let words: Vec<&str> = pack.feature_words().map(|(w, _)| w).chain(CSV_KEYS).collect();
    closest(header, words.iter().copied()).map_or_else(
        || "`neurotriage features` lists the features".into(),
        |w| format!("did you mean `{w}`?"),
    )
}

/// One CSV row as a case: an empty cell is unknown.
fn csv_case(
    pack: &Pack,
    columns: &[Column],
    record: &csv::StringRecord,
    line: u32,
    id: &mut Option<String>,
) -> Result<CaseFile, CaseError> {
    let at = Position { line, column: 1, offset: 0, len: 0 };
    let spanned = |value: Node| Spanned { value, at };
    let mut entries = Vec::new();
    let mut features = Vec::new();
    for (column, cell) in columns.iter().zip(record.iter()) {
        let cell = cell.trim();
        if cell.is_empty() {
            continue;
        }
        // Only a description or rationale may run over several lines; a
        // line break anywhere else means a quote was left open, and the
        // rows after it were read into this cell.
        if cell.contains('\n') && !matches!(column, Column::Key("description" | "rationale")) {
            return Err(CaseError::new(
                "a cell of this row runs over several lines",
                Some(
                    "a double quote seems never closed; the rows after it were read into this cell"
                        .into(),
                ),
            ));
        }
        match column {
            Column::Key(key) => {
                entries.push((
                    Spanned { value: Text::from(*key), at },
                    spanned(Node::Text(Text::from(cell))),
                ));
            }
            Column::Feature(name) => {
                features.push((
                    Spanned { value: Text::from(name.as_str()), at },
                    spanned(Node::Text(Text::from(cell))),
                ));
            }
            Column::Unknown { .. } => {}
            Column::Empty => {
                return Err(CaseError::new(
                    format!("a cell under a column without a name holds `{cell}`"),
                    Some("give the column a name in the header, or leave its cells empty".into()),
                ));
            }
        }
    }
    if record.len() > columns.len() {
        return Err(CaseError::new(
            format!("this row has {} cells and the header {}", record.len(), columns.len()),
            Some("a cell holding a comma must be in double quotes".into()),
        ));
    }
    entries
        .push((Spanned { value: Text::const_new("features"), at }, spanned(Node::Map(features))));
    let node = spanned(Node::Map(entries));
    *id = case_file::id_of(&node);
    case_file::from_node(pack, &node)
        .map_err(|e| CaseError { at: None, ..CaseError::from_case_file(e) })
}

/// A row that passed [`limits::MAX_CSV_ROW_BYTES`].
#[derive(Debug)]
struct RowTooLong;

impl fmt::Display for RowTooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "this row is longer than the {} MiB limit for a CSV row; the rest of the file was not read",
            limits::MAX_CSV_ROW_BYTES >> 20
        )
    }
}

impl std::error::Error for RowTooLong {}

/// The failure of a row the reader could not finish.
fn csv_error(error: &csv::Error) -> CaseError {
    let too_long = match error.kind() {
        csv::ErrorKind::Io(e) => {
            e.get_ref().is_some_and(<dyn std::error::Error + Send + Sync>::is::<RowTooLong>)
        }
        _ => false,
    };
    if too_long {
        CaseError::new(
            RowTooLong.to_string(),
            Some("look for a double quote left open in this row, or split the cell".into()),
        )
    } else {
        CaseError::new(csv_reason(error), None)
    }
}

fn csv_reason(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Io(e) => format!("cannot read it: {}", crate::load::io_reason(e)),
        csv::ErrorKind::Utf8 { .. } => "this row is not UTF-8 text".to_owned(),
        _ => {
            let text = error.to_string();
            format!("not valid CSV: {text}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::salvage_id;

    #[test]
    fn a_broken_json_line_still_names_its_case_when_it_plainly_can() {
        assert_eq!(salvage_id(br#"{"id": "a", "features": {"age": 1e999}}"#), Some("a".into()));
        assert_eq!(salvage_id(br#"{"features": {}, "id" :"b""#), Some("b".into()));
        // Escaped, empty, repeated or missing: no name rather than a wrong one.
        assert_eq!(salvage_id(br#"{"id": "a\"b", "x": 1e999}"#), None);
        assert_eq!(salvage_id(br#"{"id": " ", "x": 1e999}"#), None);
        assert_eq!(salvage_id(br#"{"id": "a", "id": "b"}"#), None);
        assert_eq!(salvage_id(br#"{"description": "an id", "x": 1e999}"#), None);
        assert_eq!(salvage_id(br#"{"id": 7, "x": 1e999}"#), None);
        // Only the outer object's key: not one nested, not a value `"id"`.
        assert_eq!(salvage_id(br#"{"features": {"id": "nested"}, "x": 1e999}"#), None);
        assert_eq!(salvage_id(br#"{"rationale": "id", "id": "c", "x": 1e999}"#), Some("c".into()));
        assert_eq!(
            salvage_id(br#"{"description": "say \"id\": \"no\"", "id": "d""#),
            Some("d".into())
        );
        // Cut short anywhere: no panic.
        for cut in 0..20 {
            let _ = salvage_id(&br#"{"id": "e", "x": "\"#[..cut.min(18)]);
        }
    }
}
