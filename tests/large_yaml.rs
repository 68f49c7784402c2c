//! Issue 14: a YAML case file of many documents is read a document at a
//! time. Every case is still accounted for, in order, each at the place
//! the whole-file reader gave it, and a broken document fails alone where
//! it used to fail the whole file.

use std::fmt::Write as _;

use crate::test::Test;

/// Documents in the generated file. A debug build reads about 6,000 a
/// second, so this keeps the test to about three seconds; the release figures
/// for 440,000 are in docs/performance.md.
const DOCUMENTS: usize = 20_000;

const HEADER: &str =
    "id,source,expected,verdict,conflict,margin,score_ALS,score_MS,agrees,deciding_rules,error";

/// An alias bomb on one line: one anchor, 110 aliases of it. More than
/// ten aliases an anchor is refused once the document has been read, so
/// it is reported at the document's end (a deeper bomb is refused the
/// same way, but takes seconds in a debug build before it is).
fn bomb() -> String {
    format!("[&a x, {}]", vec!["*a"; 110].join(", "))
}

#[test]
fn every_document_of_a_large_file_is_accounted_for_broken_ones_alone() {
    // Document `i` starts on line 3i + 1 (two lines each, then `---`);
    // the broken ones keep to two lines, but for the last. Each: where it
    // is, its text, and its row: the id, the line within it and column of
    // the mistake, and the message (all as the whole-file reader gave them
    // when the document was the first broken one).
    let broken = [
        (5_000, "id: s\nfeatures: [age: 40\n".to_owned(), "", 1, 11, "unclosed bracket '['"),
        (
            8_000,
            "id: d\nid: d2\n".to_owned(),
            "",
            1,
            1,
            "duplicate mapping key `id` is not allowed here",
        ),
        (
            11_000,
            format!("id: b\nfeatures: {}\n", bomb()),
            "",
            2,
            1,
            "\"too many aliases or anchors, as in an alias bomb\"",
        ),
        (
            14_000,
            "id: n\nfeatures: {age: 1e999}\n".to_owned(),
            "n",
            1,
            17,
            "1e999 is outside the range of `age` (0 to 120)",
        ),
        (
            DOCUMENTS - 1,
            "id: t\nfeatures:\n\tage: 40\n".to_owned(),
            "",
            2,
            2,
            "tabs disallowed within this context (block indentation)",
        ),
    ];
    let mut text = String::new();
    let mut expected = vec![HEADER.to_owned()];
    for i in 0..DOCUMENTS {
        if i > 0 {
            text.push_str("---\n");
        }
        match broken.iter().find(|(at, ..)| *at == i) {
            Some((_, document, id, line, column, message)) => {
                text.push_str(document);
                let line = 3 * i + 1 + line;
                expected.push(format!("{id},big.yaml:{line}:{column},,,,,,,,,{message}"));
            }
            None => {
                let _ = write!(text, "id: c{i}\nfeatures: {{age: {}}}\n", 20 + i % 60);
                expected.push(format!("c{i},big.yaml:{},", 3 * i + 1));
            }
        }
    }
    let output = Test::new()
        .write("big.yaml", &text)
        .args(["batch", "big.yaml", "--format", "csv", "--detail", "verdict", "--jobs", "2"])
        .stdout_any()
        .stderr_any()
        .status(1)
        .run();
    let rows: Vec<&str> = output.stdout.lines().collect();
    assert_eq!(rows.len(), DOCUMENTS + 1, "one row per document, and the header");
    for (row, expected) in rows.iter().zip(&expected) {
        if expected.ends_with(',') {
            assert!(row.starts_with(expected.as_str()), "{row:?} is not {expected:?}...");
            // Evaluated: it has a verdict (the fourth column).
            assert!(row.split(',').nth(3).is_some_and(|v| !v.is_empty()), "{row:?} failed");
        } else {
            assert_eq!(row, expected);
        }
    }
    let failed = broken.len();
    let summary = format!(
        "Summary: {DOCUMENTS} cases read from 1 file, {} evaluated, {failed} failed",
        DOCUMENTS - failed
    );
    assert!(output.stderr.contains(&summary), "{}", output.stderr);
}

#[test]
fn a_document_over_the_size_limit_fails_alone_and_is_not_held() {
    // 17 MiB in one document, between two good ones.
    let mut text = String::from("id: a\nfeatures: {age: 40}\n---\nid: big\ndescription: ");
    text.extend(std::iter::repeat_n('x', 17 * 1024 * 1024));
    text.push_str("\nfeatures: {}\n---\nid: c\nfeatures: {age: 50}\n");
    let output = Test::new()
        .write("big.yaml", &text)
        .args(["batch", "big.yaml", "--format", "csv", "--detail", "verdict"])
        .stdout_any()
        .stderr_any()
        .status(1)
        .run();
    let rows: Vec<&str> = output.stdout.lines().collect();
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert!(rows[1].starts_with("a,big.yaml:1,"), "{}", rows[1]);
    assert_eq!(
        rows[2],
        ",big.yaml:3,,,,,,,,,this YAML document is larger than the 16 MiB limit for one document"
    );
    assert!(rows[3].starts_with("c,big.yaml:8,"), "{}", rows[3]);
}
