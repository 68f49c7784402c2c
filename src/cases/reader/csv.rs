//! CSV case files: a header naming the columns, then one row per case,
//! read as they come, with each row's own line.

use std::{
    cell::RefCell,
    fmt,
    io::{self, BufRead, Read},
    rc::Rc,
    sync::Arc,
};

use super::{CaseRecord, Found, Pending, Source, Work, no_case};
use crate::{
    cases::assignment,
    cases::case::Case,
    cases::case_error::{CaseError, CaseErrorKind},
    cases::case_file::{self, CaseFile, expected_of},
    error::io_reason,
    limits,
    load::node::{Node, Text},
    load::yaml::Spanned,
    pack::Pack,
    pack::feature::FeatureId,
    pack::name::normalize,
    pack::suggest::closest,
    span::Position,
};

/// Where the rows of a CSV stream start, for the line of a record. Rows
/// are asked for in increasing order, so those behind are dropped and only
/// the reader's look-ahead is kept.
#[derive(Debug, Default, PartialEq)]
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

    /// [`Self::step`] over `bytes`, which start at offset `at`, with the
    /// runs outside quotes that hold no line break and no quote taken
    /// whole: nearly all of a CSV file, and stepping byte by byte cost
    /// more than the csv crate's own reading (issue 17). A property test
    /// holds it to stepping.
    fn scan(&mut self, at: u64, bytes: &[u8]) {
        let mut i = 0;
        while i < bytes.len() {
            if matches!(self.cell, Cell::Quoted | Cell::QuoteInQuoted) {
                self.step(at + i as u64, bytes[i]);
                i += 1;
                continue;
            }
            let run = memchr::memchr3(b'\n', b'\r', b'"', &bytes[i..]).unwrap_or(bytes.len() - i);
            if let Some(&last) = bytes[i..i + run].last() {
                // What stepping each of these bytes would leave: none is a
                // line break, so the row has begun, at the first.
                self.after_cr = false;
                if !self.in_row {
                    self.in_row = true;
                    let line = u32::try_from(self.newlines + 1).unwrap_or(u32::MAX);
                    self.starts.push_back((at + i as u64, line));
                }
                self.cell = if last == b',' { Cell::Start } else { Cell::Plain };
            }
            i += run;
            if let Some(&byte) = bytes.get(i) {
                self.step(at + i as u64, byte);
                i += 1;
            }
        }
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
        index.scan(self.offset, &buffer[..read]);
        self.offset += read as u64;
        Ok(read)
    }
}

/// Why reading a CSV file stopped.
pub(super) enum ReadError {
    Input(CaseError),
    Output(io::Error),
}

/// The id a CSV row names, if any, without checking the row.
pub(super) fn csv_id(record: &csv::StringRecord, columns: &[Column]) -> Option<String> {
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
pub(super) enum Column {
    Key(&'static str),
    /// A feature's column: its header, and the feature it names.
    Feature(String, FeatureId),
    Unknown {
        name: String,
        help: Option<String>,
    },
    /// A column without a name: its cells must be empty.
    Empty,
}

const CSV_KEYS: [&str; 4] = ["id", "expected", "description", "rationale"];

pub(super) fn read_csv(
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
    let mut room = (0, columns.len());
    loop {
        // Rows of one file are much alike: room for one like the last, so
        // that reading a row does not grow the record step by step.
        let mut record = csv::StringRecord::with_capacity(room.0, room.1);
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
                        Work::Done(_) | Work::Json { .. } | Work::Yaml { .. } => None,
                    };
                    last = Pending::done(CaseRecord {
                        notes: Vec::new(),
                        source,
                        failed_id: id,
                        case: Err(CaseError::new(CaseErrorKind::QuoteLeftOpen)
                            .help("the rest of the file was read into one cell; close the quote")),
                    });
                }
                return emit(Found::Case(last)).map_err(ReadError::Output);
            }
            Ok(true) => {
                let bytes = record.as_slice().len();
                room = (bytes + bytes / 4 + 8, record.len());
                Work::Csv { record, columns: Arc::clone(&columns) }
            }
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
            Err(error) => {
                Work::Done(CaseRecord::failed(source.clone(), CaseError::new(csv_reason(&error))))
            }
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
        Some(feature) => Column::Feature(header.to_owned(), feature),
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
pub(super) fn csv_case(
    pack: &Pack,
    columns: &[Column],
    record: &csv::StringRecord,
    line: u32,
    id: &mut Option<String>,
) -> Result<CaseFile, CaseError> {
    match plain_csv_case(pack, columns, record) {
        Some(file) => Ok(file),
        None => careful_csv_case(pack, columns, record, line, id),
    }
}

/// A row straight into the case, with no tree, when it has no mistake
/// (as `json_direct` does for a JSON line): `None` leaves the row to
/// [`careful_csv_case`], which words every mistake. Where this gives a
/// case, the careful path gives the same one: the same functions check
/// the same cells (a test below holds both to that on every kind of
/// cell).
fn plain_csv_case(pack: &Pack, columns: &[Column], record: &csv::StringRecord) -> Option<CaseFile> {
    if record.len() > columns.len() {
        return None;
    }
    let (mut id, mut description, mut expected, mut rationale) = (None, None, None, None);
    let mut entries = Vec::with_capacity(columns.len());
    for (column, cell) in columns.iter().zip(record.iter()) {
        let cell = cell.trim();
        if cell.is_empty() {
            continue;
        }
        if spills_over_lines(column, cell) {
            return None;
        }
        match column {
            Column::Feature(_, feature) => {
                entries.push((*feature, assignment::value_for(pack, *feature, cell).ok()?));
            }
            Column::Key("id") => id = Some(cell.to_owned()),
            Column::Key("expected") => expected = Some(expected_of(pack, cell)?),
            Column::Key("description") => description = Some(cell.to_owned()),
            Column::Key("rationale") => rationale = Some(cell.to_owned()),
            _ => return None,
        }
    }
    // A synonym's column beside its name's is left to the careful path:
    // the same value twice is no mistake there, two values are.
    let case = Case::from_entries(entries)?;
    Some(CaseFile { id: id?, description, expected, rationale, case, teaching: None })
}

/// Whether `cell` holds a line break where none belongs: only a
/// description or rationale may run over several lines; anywhere else it
/// means a quote was left open, and the rows after it were read into this
/// cell.
fn spills_over_lines(column: &Column, cell: &str) -> bool {
    cell.contains('\n') && !matches!(column, Column::Key("description" | "rationale"))
}

/// [`csv_case`] through the tree every format is checked in.
fn careful_csv_case(
    pack: &Pack,
    columns: &[Column],
    record: &csv::StringRecord,
    line: u32,
    id: &mut Option<String>,
) -> Result<CaseFile, CaseError> {
    let at = Position::line(line);
    let spanned = |value: Node| Spanned { value, at };
    let mut entries = Vec::new();
    let mut features = Vec::new();
    for (column, cell) in columns.iter().zip(record.iter()) {
        let cell = cell.trim();
        if cell.is_empty() {
            continue;
        }
        if spills_over_lines(column, cell) {
            return Err(CaseError::new(CaseErrorKind::CellOverLines).help(
                "a double quote seems never closed; the rows after it were read into this cell",
            ));
        }
        match column {
            Column::Key(key) => {
                entries.push((
                    Spanned { value: Text::from(*key), at },
                    spanned(Node::Text(Text::from(cell))),
                ));
            }
            Column::Feature(name, _) => {
                features.push((
                    Spanned { value: Text::from(name.as_str()), at },
                    spanned(Node::Text(Text::from(cell))),
                ));
            }
            Column::Unknown { .. } => {}
            Column::Empty => {
                return Err(CaseError::new(CaseErrorKind::CellWithoutColumn {
                    cell: cell.to_owned(),
                })
                .help("give the column a name in the header, or leave its cells empty"));
            }
        }
    }
    if record.len() > columns.len() {
        return Err(CaseError::new(CaseErrorKind::CellCount {
            cells: record.len(),
            columns: columns.len(),
        })
        .help("a cell holding a comma must be in double quotes"));
    }
    entries
        .push((Spanned { value: Text::const_new("features"), at }, spanned(Node::Map(features))));
    let node = spanned(Node::Map(entries));
    *id = case_file::id_of(&node);
    case_file::from_node(pack, &node).map_err(CaseError::on_its_line)
}

/// A row that passed [`limits::MAX_CSV_ROW_BYTES`].
#[derive(Debug)]
struct RowTooLong;

impl fmt::Display for RowTooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        CaseErrorKind::RowTooLong.fmt(f)
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
        CaseError::new(CaseErrorKind::RowTooLong)
            .help("look for a double quote left open in this row, or split the cell")
    } else {
        CaseError::new(csv_reason(error))
    }
}

fn csv_reason(error: &csv::Error) -> CaseErrorKind {
    match error.kind() {
        csv::ErrorKind::Io(e) => CaseErrorKind::Unreadable { reason: io_reason(e) },
        csv::ErrorKind::Utf8 { .. } => CaseErrorKind::RowNotUtf8,
        _ => CaseErrorKind::Csv { message: error.to_string() },
    }
}

#[cfg(test)]
mod tests {
    use proptest::{prelude::*, strategy::ValueTree as _};

    use super::{Column, NewlineIndex, careful_csv_case, column, plain_csv_case, without_repeats};
    use crate::{
        load::{PackSource, load},
        pack::Pack,
    };

    static PACK: std::sync::LazyLock<Pack> =
        std::sync::LazyLock::new(|| load(&PackSource::Builtin).pack.expect("the pack loads"));

    /// A header with every kind of column: keys, features, a synonym of
    /// another column's feature, one without a name.
    const HEADER: [&str; 9] = [
        "id",
        "expected",
        "Age",
        "course",
        "fasciculations",
        "muscle twitching",
        "description",
        "mri_lesions",
        "",
    ];
    /// The cells each column may hold, right and wrong.
    const CELLS: [&[&str]; 9] = [
        &["case-1", "case-1", "", " a ", "a\nb"],
        &["", "ALS", "ms", "none", "nobody"],
        &["", "40", " 62 ", "-0", "1e999", "unknown", "yes"],
        &["", "relapsing", "Relapsing", "progressive", "unknown", "maybe"],
        &["", "yes", "no", "true", "unknown", "+", "maybe"],
        &["", "", "", "yes", "no", "unknown"],
        &["", "d", "a\nb"],
        &["", "yes", "no", "False"],
        &["", "", "", "x"],
    ];

    fn columns() -> Vec<Column> {
        without_repeats(HEADER.iter().map(|h| column(&PACK, h)).collect())
    }

    /// A row of the header's length, or one cell short or over.
    fn row() -> impl Strategy<Value = Vec<String>> {
        let cells: Vec<_> = CELLS
            .iter()
            .map(|cells| prop::sample::select(*cells).prop_map(str::to_owned))
            .collect();
        (cells, prop_oneof![8 => Just(0), 1 => Just(1), 1 => Just(2)]).prop_map(
            |(mut cells, change)| {
                match change {
                    1 => drop(cells.pop()),
                    2 => cells.push("more".to_owned()),
                    _ => {}
                }
                cells
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// Where the quick path gives a case, the careful path gives the
        /// same case.
        #[test]
        fn the_quick_path_agrees_with_the_careful_one(cells in row()) {
            let record = csv::StringRecord::from(cells.clone());
            let columns = columns();
            if let Some(quick) = plain_csv_case(&PACK, &columns, &record) {
                let careful = careful_csv_case(&PACK, &columns, &record, 2, &mut None);
                prop_assert_eq!(Ok(quick), careful, "{:?}", cells);
            }
        }
    }

    proptest! {
        /// Scanning a stream in pieces of any size leaves the index where
        /// stepping byte by byte does.
        #[test]
        fn scanning_in_runs_is_stepping_byte_by_byte(
            bytes in prop::collection::vec(prop::sample::select(&b"ab ,\"\n\r"[..]), 0..200),
            cut in 1_usize..64,
        ) {
            let mut stepped = NewlineIndex::default();
            for (at, byte) in bytes.iter().enumerate() {
                stepped.step(at as u64, *byte);
            }
            let mut scanned = NewlineIndex::default();
            for (piece, part) in bytes.chunks(cut).enumerate() {
                scanned.scan((piece * cut) as u64, part);
            }
            prop_assert_eq!(scanned, stepped);
        }
    }

    /// The property is worth as much as the rows the quick path reads.
    #[test]
    fn the_generator_makes_plain_rows_often_enough() {
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let (strategy, columns) = (row(), columns());
        let quick = (0..2000)
            .filter(|_| {
                let cells = strategy.new_tree(&mut runner).expect("a row").current();
                plain_csv_case(&PACK, &columns, &csv::StringRecord::from(cells)).is_some()
            })
            .count();
        assert!(quick >= 100, "only {quick} of 2000 random rows were read the quick way");
    }
}
