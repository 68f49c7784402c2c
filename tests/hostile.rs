//! Hostile and broken case files in one batch: each gets one line that
//! says what is wrong and where, nothing crashes or hangs, and the good
//! cases next to them are still evaluated.

use std::fmt::Write as _;

use crate::test::{DISCLAIMER, Test};

/// A billion-laughs file: eleven levels of ten aliases each.
fn alias_bomb() -> String {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..12 {
        let refs = vec![format!("*a{}", level - 1); 10].join(", ");
        let _ = writeln!(text, "a{level}: &a{level} [{refs}]");
    }
    text.push_str("id: bomb\nfeatures: {age: *a11}\n");
    text
}

#[cfg(unix)]
#[test]
fn hostile_case_files_each_get_one_clear_line() {
    let deep = 100_000;
    let mut long_line = String::from("{\"id\": \"long\", \"description\": \"");
    long_line.push_str(&"x".repeat(50 * 1024 * 1024));
    long_line.push_str("\"}\n{\"id\": \"after\", \"features\": {\"age\": 40}}\n");
    let mut garbage = Vec::new();
    let mut state: u32 = 7;
    for _ in 0..3000 {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
        garbage.push(state.to_be_bytes()[1]);
    }
    Test::new()
        .write_bytes("h/empty.yaml", b"")
        .write_bytes("h/garbage.yaml", &garbage)
        .write_bytes("h/badutf8.yaml", b"id: a\nfeatures:\n  age: 40\n  tingling: \xff\n")
        .write_bytes("h/bom.yaml", b"\xef\xbb\xbfid: bom\nfeatures: {age: 40}\n")
        .write_bytes("h/tabs.yaml", b"id: tab\nfeatures:\n\tage: 40\n")
        .write_bytes("h/dupkey.yaml", b"id: d\nid: e\nfeatures: {age: 40}\n")
        .write_bytes("h/bomb.yaml", alias_bomb().as_bytes())
        .write_bytes(
            "h/deep.yaml",
            format!("id: deep\nfeatures: {}{}\n", "[".repeat(deep), "]".repeat(deep)).as_bytes(),
        )
        .write_bytes(
            "h/deep.jsonl",
            format!("{{\"id\":\"deep\",\"features\":{}{}}}\n", "[".repeat(deep), "]".repeat(deep))
                .as_bytes(),
        )
        .write_bytes("h/longline.jsonl", long_line.as_bytes())
        .write_bytes(
            "h/numbers.jsonl",
            b"{\"id\":\"n1\",\"features\":{\"age\":1e309}}\n{\"id\":\"n2\",\"features\":{\"age\":-0}}\n{\"id\":\"n3\",\"features\":{\"age\":\"sixty\"}}\n{\"id\":\"n2\",\"features\":{\"age\":40}}\n",
        )
        .write_bytes("h/numbers.yaml", b"id: y1\nfeatures: {age: .nan}\n---\nid: y2\nfeatures: {age: 30}\n---\nid: y3\nfeatures: {age: 1e999}\n")
        .symlink("h/loop/up", "..")
        .args(["batch", "h", "--format", "table"])
        .status(1)
        .stdout(
            r#"
            id                         verdict  margin top reason                 expected
            ?                          error: this file is not UTF-8 text (h/badutf8.yaml:4:13); save it as UTF-8
            bom                        none          0
            ?                          error: too many aliases or anchors, as in an alias bomb (h/bomb.yaml:6:45)
            deep                       error: not valid JSON: recursion limit exceeded (h/deep.jsonl:1:151); each line must be one JSON object, such as {"id": "a", "features": {}}
            ?                          error: nested deeper than 40 levels, the limit for YAML files here (h/deep.yaml:2:266)
            ?                          error: duplicate mapping key `id` is not allowed here (h/dupkey.yaml:2:1)
            ?                          error: this file holds no case (h/empty.yaml:1); a case has an `id` and `features`; see docs/cases.md
            ?                          error: this file is not UTF-8 text (h/garbage.yaml:1:4); save it as UTF-8
            ?                          error: this line is longer than the 1 MiB limit for a JSON line (h/longline.jsonl:1); one case per line; is this a JSON Lines file?
            after                      none          0
            n1                         error: not valid JSON: number out of range (h/numbers.jsonl:1:34); a number in this line is too large to read; give one within the feature's range
            n2                         none          1 younger-onset-leans-ms
            n3                         error: `sixty` is not a number (h/numbers.jsonl:3); `age` is a number in years, such as `age=60`
            n2                         error: the id `n2` was given to the case at h/numbers.jsonl:2 (h/numbers.jsonl:4); give every case its own id
            y1                         error: `.nan` is not a number (h/numbers.yaml:2:17); `age` is a number in years, such as `age=60`
            y2                         none          1 younger-onset-leans-ms
            y3                         error: 1e999 is outside the range of `age` (0 to 120) (h/numbers.yaml:8:17); give a value from 0 to 120
            ?                          error: tabs disallowed within this context (block indentation) (h/tabs.yaml:3:2)
            Disclaimer: neurotriage is an educational tool for learning differential
            reasoning. It is not a diagnosis and not medical advice; only a clinician who
            examines the person can diagnose. If you are worried about symptoms, see a
            doctor.
            "#,
        )
        .stderr(
            "
            note: `h/loop/up` was read already (a link loop?); skipped
            Summary: 18 cases read from 12 files, 4 evaluated, 14 failed
            Disclaimer: neurotriage is an educational tool for learning differential
            reasoning. It is not a diagnosis and not medical advice; only a clinician who
            examines the person can diagnose. If you are worried about symptoms, see a
            doctor.
            ",
        )
        .run();
}

/// Files of 2 GiB (sparse: all zero bytes, no disk space) are refused
/// before they are read (YAML), or after the first row or line passes its
/// limit (CSV, JSON Lines), never held in memory. A CSV row that passes
/// its limit keeps the rows before it.
#[test]
fn two_gigabyte_case_files_are_refused_quickly_and_the_rest_is_read() {
    let two_gib = 2 * 1024 * 1024 * 1024;
    let mut open_quote = String::from("id,age,fasciculations\na,60,yes\nb,\"40\n");
    open_quote.push_str(&format!("{}\n", "x".repeat(99)).repeat(12_000));
    Test::new()
        .sparse("big/huge.yaml", two_gib)
        .sparse("big/huge.jsonl", two_gib)
        .sparse("big/huge.csv", two_gib)
        .write_bytes("big/open-quote.csv", open_quote.as_bytes())
        .write_bytes("big/ok.jsonl", b"{\"id\": \"ok\", \"features\": {\"age\": 30}}\n")
        .args(["batch", "big", "--format", "table"])
        .status(1)
        .stdout(&format!(
            "
            id                         verdict  margin top reason                 expected
            ?                          error: this row is longer than the 1 MiB limit for a CSV row; the rest of the file was not read (big/huge.csv:1); look for a double quote left open in this row, or split the cell
            ?                          error: this line is longer than the 1 MiB limit for a JSON line (big/huge.jsonl:1); one case per line; is this a JSON Lines file?
            ?                          error: this YAML document is larger than the 16 MiB limit for one document (big/huge.yaml:1); split it into smaller documents (`---` between cases), or write the cases as JSON Lines
            ok                         none          1 younger-onset-leans-ms
            a                          ALS           4 fasciculations-favour-als
            ?                          error: this row is longer than the 1 MiB limit for a CSV row; the rest of the file was not read (big/open-quote.csv:3); look for a double quote left open in this row, or split the cell
            {}",
            DISCLAIMER.replace('\n', "\n            ")
        ))
        .stderr(&format!("Summary: 6 cases read from 5 files, 2 evaluated, 4 failed\n{DISCLAIMER}"))
        .run();
}

/// The same hostile inputs as rule-pack files: one clear message each,
/// with the place, and never a second message about the same file.
#[test]
fn hostile_rule_pack_files_each_get_one_clear_message() {
    let deep = 100_000;
    let cases: [(&str, Vec<u8>, &str); 7] = [
        (
            "empty",
            Vec::new(),
            "
            error: `rules.yaml` must be a mapping, found nothing
             --> pack/rules.yaml:1:1
              |
            1 |
              | ^
            ",
        ),
        (
            "not UTF-8",
            b"rules:\n  - id: caf\xe9\n".to_vec(),
            "
            error: `pack/rules.yaml` is not valid UTF-8 text
            --> pack/rules.yaml:2:12
             = help: save it as UTF-8
            ",
        ),
        (
            "tabs",
            b"rules:\n\t- id: x\n".to_vec(),
            "
            error: tabs disallowed within this context (block indentation)
             --> pack/rules.yaml:2:2
              |
            2 |     - id: x
              |     ^
            ",
        ),
        (
            "alias bomb",
            alias_bomb().replace("id: bomb\nfeatures: {age: *a11}\n", "rules: *a11\n").into_bytes(),
            "
            error: too many YAML items (more than 200000), the limit for this kind of file
             --> pack/rules.yaml:6:10
              |
            6 | a5: &a5 [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]
              |          ^^^
            ",
        ),
        (
            "deep nesting",
            format!("rules: {}{}\n", "[".repeat(deep), "]".repeat(deep)).into_bytes(),
            "
            error: nested deeper than 40 levels, the limit for YAML files here
             --> pack/rules.yaml:1:263
              |
            1 | ...[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[...
              |                                                                    ^
            ",
        ),
        (
            "duplicate key",
            b"rules: []\nrules: []\n".to_vec(),
            "
            error: duplicate mapping key `rules` is not allowed here
             --> pack/rules.yaml:2:1
              |
            2 | rules: []
              | ^^^^^
            ",
        ),
        (
            "garbage",
            vec![0xff, 0xfe, 0x00, 0x41],
            "
            error: `pack/rules.yaml` is not valid UTF-8 text
            --> pack/rules.yaml:1:1
             = help: save it as UTF-8
            ",
        ),
    ];
    for (what, bytes, expected) in cases {
        let out = Test::new()
            .pack("mini")
            .write_bytes("pack/rules.yaml", &bytes)
            .args(["rules", "check", "pack"])
            .status(2)
            .stderr_any()
            .run();
        let expected = format!(
            "{}\nerror: the rule pack has 1 error; docs/rules.md describes the rule language\n",
            crate::test::unindent(expected)
        );
        assert_eq!(out.stderr, expected, "{what}");
    }
    // A byte-order mark is not a mistake.
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(
        &std::fs::read(crate::test::root().join("tests/packs/mini/rules.yaml")).expect("read"),
    );
    Test::new()
        .pack("mini")
        .write_bytes("pack/rules.yaml", &bom)
        .args(["-q", "rules", "check", "pack"])
        .run();
    Test::new()
        .pack("mini")
        .sparse("pack/rules.yaml", 2 * 1024 * 1024 * 1024)
        .args(["rules", "check", "pack"])
        .status(2)
        .stderr(
            "
            error: `pack/rules.yaml` is larger than the 1 MiB limit for rule files
            --> pack/rules.yaml
             = help: a rule file holds text only; split the rules, or check that this is the right file

            error: the rule pack has 1 error; docs/rules.md describes the rule language
            ",
        )
        .run();
}

/// A file that cannot be read: one failed record in a batch (the other
/// files are read), one error for a rule pack.
#[cfg(unix)]
#[test]
fn unreadable_files_are_reported_and_nothing_else_is_lost() {
    let Some(test) = Test::new()
        .write("cases/a.yaml", "id: a\nfeatures: {age: 30}\n")
        .write("cases/locked.yaml", "id: locked\n")
        .unreadable("cases/locked.yaml")
    else {
        return;
    };
    test.args(["batch", "cases", "--format", "table"])
        .status(1)
        .stdout(&format!(
            "
            id                         verdict  margin top reason                 expected
            a                          none          1 younger-onset-leans-ms
            ?                          error: cannot read it: permission denied (cases/locked.yaml:1)
            {}",
            DISCLAIMER.replace('\n', "\n            ")
        ))
        .stderr(&format!("Summary: 2 cases read from 2 files, 1 evaluated, 1 failed\n{DISCLAIMER}"))
        .run();
    let Some(test) = Test::new().pack("mini").unreadable("pack/rules.yaml") else { return };
    test.args(["rules", "check", "pack"])
        .status(2)
        .stderr(
            "
            error: cannot read `pack/rules.yaml`: permission denied
            --> pack/rules.yaml
             = help: check its permissions: you need to be able to read it (`chmod u+r`)

            error: the rule pack has 1 error; docs/rules.md describes the rule language
            ",
        )
        .run();
}

/// A reader that stops early (`neurotriage batch big/ | head`) is the
/// reader's choice: the run ends at once, quietly, with status 0.
#[test]
fn a_closed_pipe_ends_the_run_quietly_with_status_0() {
    use std::io::Read as _;
    use std::process::{Command, Stdio};

    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut cases = String::new();
    for i in 0..50_000 {
        let _ = writeln!(cases, "{{\"id\": \"c{i}\", \"features\": {{\"age\": {}}}}}", i % 90);
    }
    std::fs::write(dir.path().join("big.jsonl"), cases).expect("write");
    for args in [
        &["batch", "big.jsonl", "--format", "jsonl"][..],
        &["batch", "big.jsonl", "--format", "table", "--jobs", "1"][..],
        &["batch", "big.jsonl", "--format", "csv"][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_neurotriage"))
            .args(args)
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let mut first = [0_u8; 100];
        child.stdout.take().expect("stdout").read_exact(&mut first).expect("some output");
        // The read end is closed here, as `head` does when it has enough.
        let output = child.wait_with_output().expect("the binary finishes");
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("error"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

/// The CSV row limit counts a row's own bytes: a million blank lines
/// before a row do not make it long, and an over-long row is reported at
/// its own line, after the rows before it.
#[test]
fn a_csv_row_over_its_limit_is_found_at_its_line_and_blank_lines_do_not_count() {
    let blank = 1_100_000;
    let mut text = String::from("id,age\na,60\n");
    text.push_str(&"\n".repeat(blank));
    text.push_str("b,30\n\n\n");
    let long_line = 2 + blank + 1 + 2 + 1;
    let _ = write!(text, "c,\"{}\"\nd,40\n", "x".repeat(1_100_000));
    Test::new()
        .write_bytes("rows.csv", text.as_bytes())
        .args(["batch", "rows.csv", "--format", "table"])
        .status(1)
        .stdout(&format!(
            "
            id                         verdict  margin top reason                 expected
            a                          none          1 older-onset-leans-als
            b                          none          1 younger-onset-leans-ms
            ?                          error: this row is longer than the 1 MiB limit for a CSV row; the rest of the file was not read (rows.csv:{long_line}); look for a double quote left open in this row, or split the cell
            {}",
            DISCLAIMER.replace('\n', "\n            ")
        ))
        .stderr(&format!("Summary: 3 cases read from 1 file, 2 evaluated, 1 failed\n{DISCLAIMER}"))
        .run();
}

/// Tens of thousands of keys in one JSON line, or of columns in a CSV
/// header: each case fails with the first mistake, and reading stays
/// linear (a repeated key is found with a set, a "did you mean" is worked
/// out for the one column reported). Before, such files took 20 seconds.
#[test]
fn many_thousand_keys_or_columns_are_read_in_linear_time() {
    let many = 50_000;
    let mut keys = String::from("{\"id\": \"keys\", \"features\": {");
    let mut repeated = String::from("{\"id\": \"again\"");
    let mut header = String::from("id");
    let mut row = String::from("columns");
    for i in 0..many {
        let _ = write!(keys, "{}\"k{i}\": 1", if i > 0 { ", " } else { "" });
        let _ = write!(repeated, ", \"k{i}\": 1");
        let _ = write!(header, ",k{i}");
        row.push_str(",1");
    }
    keys.push_str("}}\n");
    repeated.push_str(", \"k7\": 2}\n");
    Test::new()
        .write_bytes("wide/keys.jsonl", format!("{keys}{repeated}").as_bytes())
        .write_bytes("wide/columns.csv", format!("{header}\n{row}\n").as_bytes())
        .args(["-q", "batch", "wide", "--format", "table"])
        .status(1)
        .stdout(&format!(
            "
            id                         verdict  margin top reason                 expected
            columns                    error: column `k0` (in the header) is not a feature (wide/columns.csv:2); `neurotriage features` lists the features
            keys                       error: unknown feature `k0` (wide/keys.jsonl:1); `neurotriage features` lists the features
            again                      error: not valid JSON: the key `k7` is given twice (wide/keys.jsonl:2:{}); each line must be one JSON object, such as {{\"id\": \"a\", \"features\": {{}}}}
            {}",
            repeated.len() - 5,
            DISCLAIMER.replace('\n', "\n            ")
        ))
        .run();
}

/// Blank lines between CSV rows (LF or CRLF) and line breaks inside quoted
/// cells do not shift the line given for later rows.
#[test]
fn csv_rows_after_blank_lines_are_found_at_their_own_lines() {
    Test::new()
        .write_bytes("lf.csv", b"id,age\na,50\n\n\n\nb,500\n\nc,50\n")
        .write_bytes(
            "crlf.csv",
            b"id,age,description\r\nd,50,\r\n\r\n\r\ne,40,\"two\r\nlines\"\r\nf,30,\r\n",
        )
        .args(["-q", "batch", "lf.csv", "crlf.csv", "--format", "csv"])
        .status(1)
        .stdout(
            "
            id,source,expected,verdict,conflict,margin,score_ALS,score_MS,agrees,deciding_rules,error
            a,lf.csv:2,,none,false,0,0,0,,,
            b,lf.csv:6,,,,,,,,,500 is outside the range of `age` (0 to 120)
            c,lf.csv:8,,none,false,0,0,0,,,
            d,crlf.csv:2,,none,false,0,0,0,,,
            e,crlf.csv:5,,none,false,0,0,0,,,
            f,crlf.csv:7,,none,false,1,0,1,,younger-onset-leans-ms,
            ",
        )
        .stderr(DISCLAIMER)
        .run();
}

/// A `"` inside a plain cell (`5ft 6" tall`) is text, as the csv crate
/// reads it: it does not shift the lines of later rows, fail the last row,
/// or make the rest of the file one over-long row.
#[test]
fn a_quote_inside_a_plain_csv_cell_is_text() {
    let rows = 80_000;
    let mut text = String::from("id,description\na,5ft 6\" tall\n");
    for i in 0..rows {
        let _ = writeln!(text, "r{i},x");
    }
    let out = Test::new()
        .write_bytes("stray.csv", text.as_bytes())
        .args(["batch", "stray.csv", "--format", "csv", "--jobs", "1"])
        .stdout_any()
        .stderr_any()
        .run();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), rows + 2, "every row is a case, and the header");
    assert_eq!(lines[1], "a,stray.csv:2,,none,false,0,0,0,,,");
    assert_eq!(
        lines[rows + 1],
        format!("r{},stray.csv:{},,none,false,0,0,0,,,", rows - 1, rows + 2)
    );
    assert!(
        out.stderr.starts_with(&format!(
            "Summary: {} cases read from 1 file, {} evaluated, 0 failed",
            rows + 1,
            rows + 1
        )),
        "{}",
        out.stderr
    );
}

/// The row limit is exact, and the line break that ends a row (`\n` or
/// `\r\n`) is not part of it.
#[test]
fn the_csv_row_limit_is_exact_with_either_line_break() {
    let limit = 1024 * 1024;
    for (ending, name) in [("\n", "lf"), ("\r\n", "crlf")] {
        let exact = format!("id,description{ending}a,{}{ending}b,x{ending}", "9".repeat(limit - 2));
        let over = format!("id,description{ending}a,{}{ending}b,x{ending}", "9".repeat(limit - 1));
        Test::new()
            .write_bytes(&format!("{name}-exact.csv"), exact.as_bytes())
            .args(["-q", "batch", &format!("{name}-exact.csv"), "--format", "csv"])
            .stdout(&format!(
                "
                id,source,expected,verdict,conflict,margin,score_ALS,score_MS,agrees,deciding_rules,error
                a,{name}-exact.csv:2,,none,false,0,0,0,,,
                b,{name}-exact.csv:3,,none,false,0,0,0,,,
                "
            ))
            .stderr(DISCLAIMER)
            .run();
        Test::new()
            .write_bytes(&format!("{name}-over.csv"), over.as_bytes())
            .args(["-q", "batch", &format!("{name}-over.csv"), "--format", "csv"])
            .status(1)
            .stdout(&format!(
                "
                id,source,expected,verdict,conflict,margin,score_ALS,score_MS,agrees,deciding_rules,error
                ,{name}-over.csv:2,,,,,,,,,this row is longer than the 1 MiB limit for a CSV row; the rest of the file was not read
                "
            ))
            .stderr(DISCLAIMER)
            .run();
    }
}

/// Characters that drive a terminal or change what a reader sees, in
/// every field of a case file and in a file name, never reach standard
/// output or standard error of a text format: the table, Markdown, CSV on
/// a terminal's behalf, the summary, the notes, the prompt's replies and
/// its error messages all pass the one cleaning boundary. JSON is data and
/// keeps them, escaped by its writer.
#[test]
fn control_and_bidirectional_characters_from_files_never_reach_a_terminal() {
    // YAML escapes, which the reader turns into the characters themselves.
    let hostile = r"\e]0;owned\a\e[2J\u202e\u200b\N\r";
    let case = format!(
        "id: \"x{hostile}\"\ndescription: \"d{hostile}\"\nrationale: \"r{hostile}\"\n\
         expected: MS\nfeatures:\n  age: 62\n  fasciculations: yes\n  muscle_wasting: yes\n---\n\
         id: \"y{hostile}\"\nfeatures:\n  \"bogus{hostile}\": 1\n"
    );
    let file = format!("cases/n{}.yaml", '\u{202e}');
    let bad_name = format!("cases/s{}.txt", '\u{1b}');
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}')
    };
    let clean = |text: &str| !text.chars().any(unsafe_char);
    // CSV is cleaned wherever it goes (`tests/hostile_output.rs` checks
    // it); table and Markdown here.
    for format in ["table", "markdown"] {
        let out = Test::new()
            .write(&file, &case)
            .write(&bad_name, "not a case")
            .args(["batch", "--format", format, "cases"])
            .stdout_any()
            .stderr_any()
            .status(1)
            .run();
        assert!(clean(&out.stdout), "{format} stdout: {:?}", out.stdout);
        assert!(clean(&out.stderr), "{format} stderr: {:?}", out.stderr);
        assert!(out.stdout.contains('\u{fffd}'), "{format}: the characters are shown replaced");
    }
    // JSON keeps the id exactly (escaped by the JSON writer).
    let out = Test::new()
        .write(&file, &case)
        .args(["batch", "--format", "jsonl", "cases"])
        .stdout_any()
        .stderr_any()
        .status(1)
        .run();
    let first: serde_json::Value =
        serde_json::from_str(out.stdout.lines().next().unwrap()).unwrap();
    assert!(first["id"].as_str().unwrap().contains("\u{1b}]0;owned"));
    // The prompt: loading the file, showing the case and its errors.
    let one_case = case.split("---").next().unwrap().to_owned();
    let out = Test::new()
        .write("one.yaml", &one_case)
        .write("two.yaml", case.split("---\n").nth(1).unwrap())
        .args(["prompt", "--echo"])
        .stdin("load one.yaml\ncase\nexplain\nload two.yaml\nload missing\u{1b}[2J.yaml\n")
        .stdout_any()
        .stderr_any()
        .status(1)
        .run();
    assert!(clean(&out.stdout), "prompt stdout: {:?}", out.stdout);
    assert!(clean(&out.stderr), "prompt stderr: {:?}", out.stderr);
}

/// A 100 KB value named in an error message is quoted in part, with its
/// length, in every batch format: one readable line, not 100 KB.
#[test]
fn an_error_quotes_a_bounded_part_of_a_long_value() {
    let long = "x".repeat(100_000);
    let cut = format!("`{}...` (100000 characters)", "x".repeat(80));
    let out = Test::new()
        .write("long.yaml", &format!("id: a\nfeatures:\n  course: {long}\n"))
        .args(["-q", "batch", "long.yaml", "--format", "csv"])
        .stderr_any()
        .stdout_any()
        .status(1)
        .run();
    assert_eq!(
        out.stdout.lines().nth(1).unwrap(),
        format!("a,long.yaml:3:11,,,,,,,,,{cut} is not a value of `course`")
    );
    let out = Test::new().args(["explain", &format!("{long}=yes")]).stderr_any().status(2).run();
    assert!(out.stderr.lines().all(|l| l.chars().count() < 300), "{}", &out.stderr[..300]);
}
