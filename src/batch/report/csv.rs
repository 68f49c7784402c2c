//! CSV: one row per case (id, source, expected, verdict, whether the
//! findings conflict, margin, a score column per profile, agreement,
//! deciding rules, error), for a spreadsheet. The summary, with the disclaimer, goes to standard error.
//!
//! Case files are untrusted, and a spreadsheet reads a cell that starts
//! with `=`, `+`, `-` or `@` (and, in some, a tab or a carriage return) as
//! a formula, which can compute, fetch a web address or run a command
//! ("CSV injection"). Following OWASP's advice, every cell that starts
//! with one of those characters, after any number of `'`, gets one more
//! `'` in front ([`neutralise`]), in every column: an id, a file name and
//! an error message come from files, and a check on the column would be
//! one more thing a new column could forget. A cell that is a whole
//! number (`-3`, a margin or a score) is left alone: a number is never a
//! formula. Read back by taking one `'` off a cell that starts with `'`s
//! followed by one of those characters (`docs/cases.md`).
//!
//! A CSV file is read by people, in a spreadsheet or on a terminal, so
//! every cell also passes the text boundary ([`clean`]) here, wherever the
//! CSV goes (a file or a pipe too): a control, bidirectional or invisible
//! format character from a file is replaced, and a tab becomes a space.
//! The exact values are in JSON Lines (`--format jsonl`).

use std::{borrow::Cow, fmt::Write as _};

use super::{CaseView, Report, expected_word, verdict_word};
use crate::engine::ranking;
use crate::{batch::summary::Summary, cases::reader::Source, pack::Pack, render::clean::clean};

pub(crate) struct Csv<'p> {
    pub(crate) pack: &'p Pack,
}

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `cell` needs a `'` in front so that a spreadsheet cannot take
/// it for a formula: it starts with a formula character, or with `'`s and
/// then one (so that taking one `'` off always gives the text back), and
/// is not a whole number.
fn needs_mark(cell: &str) -> bool {
    if !cell.trim_start_matches('\'').starts_with(FORMULA_STARTS) {
        return false;
    }
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit())
}

/// `cell` as a spreadsheet cannot take it for a formula (see
/// [`needs_mark`]).
pub(crate) fn neutralise(cell: &str) -> Cow<'_, str> {
    if needs_mark(cell) { Cow::Owned(format!("'{cell}")) } else { Cow::Borrowed(cell) }
}

/// Whether the csv crate's writer, as configured here (its defaults:
/// `QuoteStyle::Necessary`, a `,` between cells, `"` as the quote, doubled
/// inside a cell, `\n` after a row), puts `cell` in quotes: when it holds
/// the delimiter, the quote, or a line break of either kind.
fn needs_quotes(cell: &str) -> bool {
    cell.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
}

/// Whether `cell` is printable ASCII other than `,` and `"`: then
/// [`clean`], which changes only control and non-ASCII characters, leaves
/// it as it is, and it needs no quotes. Nearly every cell is; the test
/// is one pass with no early exit, which the compiler turns into a few
/// wide comparisons for a short cell (`|`, not `||`, for that).
#[allow(clippy::needless_bitwise_bool)]
fn plain(cell: &str) -> bool {
    !cell
        .bytes()
        .fold(false, |odd, b| odd | !(b' '..=b'~').contains(&b) | (b == b',') | (b == b'"'))
}

/// Appends `raw` as one cell the way the csv crate's writer would write
/// it after [`neutralise`] and [`clean`]: the reference for every cell,
/// taken only by the few that something changes.
fn push_changed(out: &mut String, raw: &str) {
    // Neutralised before it is cleaned: cleaning turns a leading tab into a
    // space and a carriage return into U+FFFD, which would hide them.
    let neutral = neutralise(raw);
    let cell = clean(&neutral, false);
    if needs_quotes(&cell) {
        out.push('"');
        for (i, piece) in cell.split('"').enumerate() {
            if i > 0 {
                out.push_str("\"\"");
            }
            out.push_str(piece);
        }
        out.push('"');
    } else {
        out.push_str(&cell);
    }
}

/// One CSV row written straight onto the end of the output, each cell
/// neutralised, cleaned and quoted as needed.
///
/// Written by hand rather than through the csv crate: a batch writes a
/// row per case, and a `csv::Writer` per row costs its 8 KiB buffer,
/// zeroed, and a `String` per cell (more than all the rest of the row);
/// `csv_core`'s writer, which has no buffer, writes into a byte slice,
/// which a `String` cannot lend without unsafe code. The bytes are the csv
/// crate's, byte for byte (the tests compare the two on hostile cells): a
/// cell is copied as it is, which nearly every cell is, and one that needs
/// a `'`, a character replaced or quotes is taken back and written again
/// through the reference path ([`push_changed`]).
pub(crate) struct Row<'o> {
    out: &'o mut String,
    /// Where the row starts in `out`.
    start: usize,
    /// Whether a cell has been begun, so that the next needs a delimiter.
    begun: bool,
}

impl<'o> Row<'o> {
    pub(crate) fn new(out: &'o mut String) -> Self {
        let start = out.len();
        Self { out, start, begun: false }
    }

    fn delimit(&mut self) {
        if self.begun {
            self.out.push(',');
        }
        self.begun = true;
    }

    /// A cell of text.
    pub(crate) fn text(&mut self, cell: &str) {
        // An empty cell, several in every row, has nothing to check.
        if cell.is_empty() {
            self.delimit();
        } else {
            self.built(|out| out.push_str(cell));
        }
    }

    /// A cell whose text `write` appends (so that a cell made of pieces
    /// needs no `String` of its own).
    pub(crate) fn built(&mut self, write: impl FnOnce(&mut String)) {
        self.delimit();
        let start = self.out.len();
        write(self.out);
        let cell = &self.out[start..];
        // `clean` borrows when it replaces nothing.
        let unchanged =
            plain(cell) || !needs_quotes(cell) && matches!(clean(cell, false), Cow::Borrowed(_));
        if needs_mark(cell) || !unchanged {
            let raw = self.out.split_off(start);
            push_changed(self.out, &raw);
        }
    }

    /// A cell of the pack's ids (profile and rule ids, apart by spaces) or
    /// of the tool's own words (`none`, `true`), which `write` appends:
    /// written as it is, unchecked (a batch writes millions). Validation
    /// allows only ASCII letters, digits, `_` and `-` in an id, and no `-`
    /// first, so such a cell is never neutralised, cleaned or quoted.
    fn ids(&mut self, write: impl FnOnce(&mut String)) {
        self.delimit();
        let start = self.out.len();
        write(self.out);
        debug_assert!({
            let cell = &self.out[start..];
            plain(cell) && !needs_mark(cell)
        });
    }

    /// A cell that is a whole number: written as it is, since a number is
    /// never neutralised and has nothing to clean or quote.
    pub(crate) fn number(&mut self, number: impl itoa::Integer) {
        self.delimit();
        self.out.push_str(itoa::Buffer::new().format(number));
    }

    /// Ends the row. A row with nothing written in it (no cell, or one
    /// empty cell) is written as `""`, as the csv crate does, so that it
    /// is not read back as no row at all.
    pub(crate) fn end(self) {
        if self.out.len() == self.start {
            self.out.push_str("\"\"");
        }
        self.out.push('\n');
    }
}

/// One CSV row, every cell cleaned and neutralised, quoted as needed.
pub(crate) fn row(fields: &[String]) -> String {
    let mut out = String::new();
    let mut row = Row::new(&mut out);
    for field in fields {
        row.text(field);
    }
    row.end();
    out
}

/// Appends `file:line`, or `file:line:column` for a mistake placed
/// exactly: what [`super::place`] makes, without a `String` of its own.
fn push_place(out: &mut String, source: &Source, at: Option<crate::span::Position>) {
    let mut number = itoa::Buffer::new();
    out.push_str(&source.file);
    out.push(':');
    match at {
        Some(at) => {
            out.push_str(number.format(at.line));
            out.push(':');
            out.push_str(number.format(at.column));
        }
        None => out.push_str(number.format(source.line)),
    }
}

impl Report for Csv<'_> {
    fn begin(&self, pack: &Pack, out: &mut String) {
        let mut row = Row::new(out);
        for name in ["id", "source", "expected", "verdict", "conflict", "margin"] {
            row.text(name);
        }
        for profile in &pack.profiles {
            row.built(|out| {
                out.push_str("score_");
                out.push_str(&profile.id);
            });
        }
        for name in ["agrees", "deciding_rules", "error"] {
            row.text(name);
        }
        row.end();
    }

    fn case(&self, case: &CaseView<'_, '_>, out: &mut String) {
        let pack = self.pack;
        let record = case.record;
        let error = case.error();
        let mut row = Row::new(out);
        row.text(record.id().unwrap_or_default());
        row.built(|out| push_place(out, &record.source, error.and_then(|e| e.at)));
        let expected = case.expected();
        row.ids(|out| out.push_str(expected.map(|e| expected_word(pack, e)).unwrap_or_default()));
        match case.explanation {
            Some(e) => {
                row.ids(|out| out.push_str(verdict_word(pack, e.verdict)));
                row.ids(|out| {
                    out.push_str(if e.conflicting.is_empty() { "false" } else { "true" });
                });
                row.number(e.margin);
                for score in &e.scores {
                    row.number(*score);
                }
                row.ids(|out| {
                    out.push_str(match expected {
                        Some(_) if case.disagrees() => "false",
                        Some(_) => "true",
                        None => "",
                    });
                });
                // Worked out here, for this row alone: the deciding rules
                // are a column of every case evaluated.
                row.ids(|out| {
                    for (i, r) in ranking::deciding(e).iter().enumerate() {
                        if i > 0 {
                            out.push(' ');
                        }
                        out.push_str(&pack.rules[*r].id);
                    }
                });
                row.text("");
            }
            None => {
                for _ in 0..3 + pack.profiles.len() + 2 {
                    row.text("");
                }
                row.built(|out| {
                    if let Some(error) = error {
                        let _ = write!(out, "{error}");
                    }
                });
            }
        }
        row.end();
    }

    fn end(&self, _summary: &Summary, _pack: &Pack, _out: &mut String) {}

    fn summary_on_stderr(&self) -> bool {
        true
    }

    fn carries_disclaimer(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use proptest::prelude::*;

    use super::{Row, clean, neutralise, push_place, row};
    use crate::{
        cases::case_error::{CaseError, CaseErrorKind},
        cases::reader::Source,
        span::Position,
    };

    /// A row as the csv crate writes it, each cell neutralised then
    /// cleaned: what this module wrote before it wrote rows by hand.
    fn csv_crate_row(fields: &[String]) -> String {
        let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
        writer
            .write_record(fields.iter().map(|f| clean(&neutralise(f), false).into_owned()))
            .unwrap();
        String::from_utf8(writer.into_inner().unwrap()).unwrap()
    }

    /// Cells that each touch one rule: quoting, formula starts, numbers,
    /// characters cleaning replaces, spaces kept at either end.
    const TRICKY: &[&str] = &[
        "",
        " ",
        "  x  ",
        "plain",
        "a,b",
        ",",
        "\"",
        "\"\"",
        "say \"hi\"",
        "\"start",
        "end\"",
        "line\nbreak",
        "\n",
        "cr\rhere",
        "\r",
        "\r\n",
        "tab\there",
        "\t",
        "\tx",
        "\rx",
        "=1+1",
        "=HYPERLINK(\"http://x\",\"y\")",
        "+1",
        "-1",
        "-",
        "--1",
        "-1+2",
        "-3",
        "12",
        "007",
        "@SUM(A1)",
        "'=x",
        "''-",
        "'",
        "'quoted'",
        "case-1",
        "\u{202e}evil",
        "a\u{200b}b",
        "\u{feff}bom",
        "\u{1b}[31mred",
        "\u{0}nul",
        "\u{7f}",
        "\u{85}next",
        "\u{fffd}",
        "caf\u{e9}, na\u{ef}ve",
        "\u{1f600}",
        "=\"a,b\"\n",
    ];

    #[test]
    fn tricky_cells_are_written_as_the_csv_crate_writes_them() {
        for cell in TRICKY {
            let fields = vec![(*cell).to_owned()];
            assert_eq!(row(&fields), csv_crate_row(&fields), "{cell:?}");
            for other in TRICKY {
                let fields = vec![(*cell).to_owned(), (*other).to_owned()];
                assert_eq!(row(&fields), csv_crate_row(&fields), "{cell:?} {other:?}");
            }
        }
        // No cell, one empty cell, two empty cells.
        for fields in [vec![], vec![String::new()], vec![String::new(), String::new()]] {
            assert_eq!(row(&fields), csv_crate_row(&fields), "{fields:?}");
        }
        assert_eq!(row(&[]), "\"\"\n");
        assert_eq!(row(&[String::new(), String::new()]), ",\n");
        let long = format!("={}", "x,\"".repeat(10_000));
        let fields = vec![long.clone(), long];
        assert_eq!(row(&fields), csv_crate_row(&fields));
    }

    #[test]
    fn plain_cells_are_those_clean_and_quoting_leave_alone() {
        for b in 0..=0x7f_u8 {
            let cell = format!("a{}b", char::from(b));
            if super::plain(&cell) {
                assert!(matches!(clean(&cell, false), std::borrow::Cow::Borrowed(_)), "{b:#x}");
                assert!(!super::needs_quotes(&cell), "{b:#x}");
            }
        }
        assert!(super::plain(""));
        assert!(super::plain("/tmp/cases.jsonl:12 x-y_z ~!#$%&'()*+-./:;<=>?@[]^`{|}"));
        for cell in ["a,b", "a\"b", "a\nb", "a\tb", "a\u{7f}", "caf\u{e9}", "a\u{202e}"] {
            assert!(!super::plain(cell), "{cell:?}");
        }
    }

    #[test]
    fn numbers_are_written_as_their_text_would_be() {
        for number in [0, 1, -1, -3, 42, i32::MAX, i32::MIN] {
            let mut as_number = String::new();
            let mut cells = Row::new(&mut as_number);
            cells.number(number);
            cells.number(number);
            cells.end();
            let text = number.to_string();
            assert_eq!(as_number, csv_crate_row(&[text.clone(), text]), "{number}");
        }
    }

    #[test]
    fn a_place_is_written_as_place_makes_it() {
        let at = Position { line: 7, column: 12, offset: 0, len: 0 };
        for file in ["cases.jsonl", "", "-", "-3", "'", "=x", "a,b", "a\"b", "\tf", "d/\u{202e}f"] {
            let source = Source { file: Arc::from(file), line: 3 };
            let mut error = CaseError::new(CaseErrorKind::RowNotUtf8);
            error.at = Some(at);
            for (at, error) in [(None, None), (Some(at), Some(&error))] {
                let mut written = String::new();
                let mut cells = Row::new(&mut written);
                cells.built(|out| push_place(out, &source, at));
                cells.end();
                let place = super::super::place(&source, error);
                assert_eq!(written, csv_crate_row(&[place]), "{file:?}");
            }
        }
    }

    /// A cell of up to a dozen characters drawn mostly from those that
    /// matter to a rule.
    fn tricky_cell() -> impl Strategy<Value = String> {
        let chars = prop::sample::select(vec![
            'a',
            'Z',
            '0',
            '7',
            ' ',
            ',',
            '"',
            '\'',
            '\n',
            '\r',
            '\t',
            '=',
            '+',
            '-',
            '@',
            ':',
            '\u{0}',
            '\u{1b}',
            '\u{7f}',
            '\u{85}',
            '\u{ad}',
            '\u{200b}',
            '\u{202e}',
            '\u{2028}',
            '\u{feff}',
            '\u{fffd}',
            '\u{e9}',
            '\u{1f600}',
            '\u{e0041}',
        ]);
        prop::collection::vec(chars, 0..12).prop_map(|c| c.into_iter().collect())
    }

    proptest! {
        #[test]
        fn any_row_is_written_as_the_csv_crate_writes_it(
            fields in prop::collection::vec(tricky_cell(), 0..6)
        ) {
            prop_assert_eq!(row(&fields), csv_crate_row(&fields));
        }
    }

    #[test]
    fn formulas_are_neutralised_and_numbers_are_not() {
        for (cell, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("-1+2", "'-1+2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
            ("''-", "'''-"),
            ("-", "'-"),
            ("-3", "-3"),
            ("12", "12"),
            ("case-1", "case-1"),
            ("'quoted'", "'quoted'"),
            ("", ""),
        ] {
            assert_eq!(neutralise(cell), written, "{cell:?}");
            // Taking one `'` off gives the text back.
            let after = written.trim_start_matches('\'');
            let back = if written.starts_with('\'') && after.starts_with(super::FORMULA_STARTS) {
                &written[1..]
            } else {
                written
            };
            assert_eq!(back, cell);
        }
    }
}
