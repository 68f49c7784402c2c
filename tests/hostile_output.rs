//! Output that cannot be turned against its reader (issue 14): text from a
//! rule pack, a case file or a file name never drives the terminal,
//! reorders what is seen, makes a spreadsheet formula or Markdown markup,
//! and JSON carries it exactly but escaped.

use std::{fmt::Write as _, process::Command};

use proptest::prelude::*;
use serde_json::Value;

use crate::test::Test;

/// Whether a character must never reach a reader raw: a C0 control other
/// than line feed, DEL, a C1 control, or a bidirectional control.
fn forbidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

fn assert_safe(what: &str, text: &str) {
    if let Some(c) = text.chars().find(|c| forbidden(*c)) {
        panic!("{what} holds U+{:04X}:\n{text:?}", u32::from(c));
    }
}

/// `text` as a YAML double-quoted scalar, every character that is not
/// printable ASCII written as an escape (YAML allows few of them raw).
fn yaml(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c if u32::from(c) <= 0xffff => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => {
                let _ = write!(out, "\\U{:08x}", u32::from(c));
            }
        }
    }
    out.push('"');
    out
}

/// A copy of the `mini` pack with `text` in every text field it has: the
/// title, profile names and summaries, feature labels and questions,
/// claims and a caveat, rule reasons and a note.
fn pack_files(text: &str) -> Vec<(String, String)> {
    // A letter before and after, so that trimming (a pack's text is
    // trimmed, and some hostile characters are white space) keeps it all.
    let t = |prefix: &str| yaml(&format!("{prefix}{text}."));
    vec![
        (
            "pack/pack.yaml".to_owned(),
            format!(
                "name: mini\ntitle: {}\nmargin: 2\nprofiles:\n  TEA:\n    name: {}\n    summary: {}\n  COFFEE:\n    name: coffee\n    summary: {}\n",
                t("T"),
                t("P"),
                t("S"),
                t("S")
            ),
        ),
        (
            "pack/features.yaml".to_owned(),
            format!(
                "features:\n  bitter:\n    label: {}\n    question: {}\n    type: yes_no\n  colour:\n    label: {}\n    question: {}\n    type: choice\n    choices:\n      amber:\n      black:\n",
                t("L"),
                t("Q"),
                t("L"),
                t("Q")
            ),
        ),
        (
            "pack/claims.yaml".to_owned(),
            format!(
                "claims:\n  - id: K1\n    kind: background\n    claim: {}\n    caveat: {}\n  - id: K2\n    kind: background\n    claim: {}\n",
                t("C"),
                t("V"),
                t("C")
            ),
        ),
        (
            "pack/rules.yaml".to_owned(),
            format!(
                "rules:\n  - id: bitter-favours-coffee\n    when: {{bitter: yes}}\n    favours: {{COFFEE: strong}}\n    reason: {}\n    note: {}\n    claims: [K2]\n  - id: amber-favours-tea\n    when: {{colour: amber}}\n    favours: {{TEA: moderate}}\n    reason: {}\n    claims: [K1]\n",
                t("R"),
                t("N"),
                t("R")
            ),
        ),
    ]
}

/// A case file with `text` in its id, description and rationale.
fn case_file(text: &str) -> String {
    format!(
        "id: {}\ndescription: {}\nexpected: TEA\nrationale: {}\nfeatures:\n  bitter: yes\n  colour: amber\n",
        yaml(&format!("I{text}")),
        yaml(&format!("D{text}")),
        yaml(&format!("W{text}")),
    )
}

/// Cases whose mistakes (an unknown feature, an unknown value) are quoted
/// in their error messages.
fn bad_case_file(text: &str) -> String {
    format!(
        "id: {}\nfeatures:\n  {}: yes\n---\nid: K\nfeatures:\n  colour: {}\n  temperature: {}\n",
        yaml(&format!("J{text}")),
        yaml(&format!("bogus{text}")),
        yaml(&format!("amber{text}")),
        yaml(&format!("9{text}")),
    )
}

/// A file name made from `text`: what a file system allows (no `/`, no
/// NUL), not too long.
fn file_name(text: &str) -> String {
    let name: String = text.chars().filter(|c| !matches!(c, '/' | '\0')).take(40).collect();
    format!("cases/c{name}.yaml")
}

struct Run {
    stdout: String,
    stderr: String,
    status: Option<i32>,
}

/// Runs the binary in `dir` with `args`, whatever its exit status: the
/// property is about what it writes, in success and in failure.
fn run(dir: &std::path::Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_neurotriage"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("TERM")
        .env_remove("NEUROTRIAGE_RULES")
        .output()
        .expect("the binary runs");
    Run {
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        status: output.status.code(),
    }
}

/// The human-readable outputs: explain (text, brief, Markdown, HTML),
/// batch (table, Markdown, HTML, CSV on standard output, with the summary
/// and notes on standard error), `rules list`, `features`, `compare`
/// (text, Markdown, HTML).
const HUMAN_OUTPUTS: [&[&str]; 13] = [
    &["explain", "@case"],
    &["explain", "--brief", "@case"],
    &["explain", "-f", "markdown", "@case"],
    &["explain", "-f", "html", "@case"],
    &["batch", "-f", "table", "cases"],
    &["batch", "-f", "markdown", "cases"],
    &["batch", "-f", "html", "cases"],
    &["batch", "-f", "csv", "cases"],
    &["rules", "list"],
    &["features"],
    &["compare"],
    &["compare", "-f", "markdown"],
    &["compare", "-f", "html"],
];

/// Whether `rules check` refuses a character in a pack's text: a control
/// other than line feed, or an invisible format character (the tool's
/// `pack::hidden_char`).
fn refused_in_pack(c: char) -> bool {
    c != '\n'
        && (forbidden(c)
            || matches!(
                c,
                '\u{ad}'
                    | '\u{180e}'
                    | '\u{200b}'
                    | '\u{2028}'..='\u{202e}'
                    | '\u{2060}'..='\u{2064}'
                    | '\u{2066}'..='\u{206f}'
                    | '\u{feff}'
                    | '\u{fff9}'..='\u{fffb}'
                    | '\u{e0000}'..='\u{e007f}'
            ))
}

fn check_every_output(text: &str) {
    let dir = tempfile::tempdir().unwrap();
    // A pack holding a control or invisible character is refused where
    // it is, and the refusal is as safe as any output; the outputs below
    // run on the same pack with those characters left out, so that the
    // rest of the text (markup, formulas, any other character) reaches
    // them.
    let pack_text: String = text.chars().filter(|c| !refused_in_pack(*c)).collect();
    for (path, contents) in pack_files(&pack_text) {
        std::fs::create_dir_all(dir.path().join("pack")).unwrap();
        std::fs::write(dir.path().join(path), contents).unwrap();
    }
    if pack_text != text {
        for (path, contents) in pack_files(text) {
            let path = path.replacen("pack/", "hostile-pack/", 1);
            std::fs::create_dir_all(dir.path().join("hostile-pack")).unwrap();
            std::fs::write(dir.path().join(path), contents).unwrap();
        }
        let out = run(dir.path(), &["rules", "check", "hostile-pack"]);
        assert_eq!(out.status, Some(2), "a hidden character was not refused: {}", out.stderr);
        assert!(out.stderr.contains(" holds "), "{}", out.stderr);
        assert_safe("stdout of rules check", &out.stdout);
        assert_safe("stderr of rules check", &out.stderr);
    }
    std::fs::create_dir_all(dir.path().join("cases")).unwrap();
    let case = file_name(text);
    std::fs::write(dir.path().join(&case), case_file(text)).unwrap();
    std::fs::write(dir.path().join("cases/zz-bad.yaml"), bad_case_file(text)).unwrap();
    for args in HUMAN_OUTPUTS {
        let args: Vec<&str> = ["--rules", "pack"]
            .into_iter()
            .chain(args.iter().map(|a| if *a == "@case" { case.as_str() } else { a }))
            .collect();
        let out = run(dir.path(), &args);
        // The pack and the first case are sound: the text did reach the
        // output, rather than a refusal.
        if args[2] != "batch" {
            assert_eq!(out.status, Some(0), "{args:?} failed: {}", out.stderr);
        }
        assert_safe(&format!("stdout of {args:?}"), &out.stdout);
        assert_safe(&format!("stderr of {args:?}"), &out.stderr);
        if args.contains(&"html") {
            only_the_tools_own_markup(&format!("{args:?}"), &out.stdout);
        }
    }
}

/// The elements and attributes the tool's pages use: text from input that
/// became markup would show as another element or attribute.
fn only_the_tools_own_markup(what: &str, page: &str) {
    const ELEMENTS: [&str; 35] = [
        "html", "head", "meta", "title", "style", "body", "header", "main", "footer", "section",
        "nav", "h1", "h2", "h3", "h4", "h5", "p", "strong", "em", "code", "br", "span", "div",
        "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "details", "summary", "a",
    ];
    const SVG: [&str; 3] = ["svg", "rect", "line"];
    const ATTRIBUTES: [&str; 24] = [
        "lang",
        "charset",
        "name",
        "content",
        "http-equiv",
        "class",
        "role",
        "id",
        "href",
        "aria-hidden",
        "data-label",
        "colspan",
        "scope",
        "viewbox",
        "preserveaspectratio",
        "aria-label",
        "x",
        "y",
        "width",
        "height",
        "x1",
        "y1",
        "x2",
        "y2",
    ];
    let document = scraper::Html::parse_document(page);
    for node in document.tree.nodes() {
        let Some(element) = node.value().as_element() else { continue };
        let name = element.name();
        assert!(
            ELEMENTS.contains(&name) || SVG.contains(&name),
            "{what}: a `{name}` element in\n{page}"
        );
        for (attribute, value) in element.attrs() {
            assert!(
                ATTRIBUTES.contains(&attribute.to_ascii_lowercase().as_str()),
                "{what}: a `{attribute}` attribute in\n{page}"
            );
            assert!(attribute != "href" || value.starts_with('#'), "{what}: `href={value}`");
        }
    }
}

/// Characters that could hurt, and ordinary ones around them.
fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::sample::select(vec![
            '\u{1b}', '\u{7}', '\u{8}', '\t', '\r', '\n', '\u{7f}', '\u{85}', '\u{9b}', '\u{9d}',
            '\u{061c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}',
            '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{200b}', '\u{2060}',
            '\u{feff}', '\u{2028}', '\u{2029}', '\u{e0041}',
        ]),
        2 => prop::sample::select(vec![
            '|', '*', '_', '`', '[', ']', '(', ')', '<', '>', '#', '!', '~', '&', '=', '+', '-',
            '@', '"', '\\', '\'', ':', '/', '.', ' ', ',',
        ]),
        2 => prop::sample::select(vec!['a', 'Z', '0', 'é', '😀', '中']),
        1 => any::<char>().prop_filter("not NUL", |c| *c != '\0'),
    ]
}

proptest! {
    // Every case spawns the binary ten times: a few are enough, with the
    // whole-output tests below for the details.
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn no_control_or_bidirectional_character_from_input_reaches_a_reader(
        chars in prop::collection::vec(hostile_char(), 1..10)
    ) {
        check_every_output(&chars.into_iter().collect::<String>());
    }
}

/// Every hostile character at once, so that the property's outputs are
/// checked on the worst case whatever the random cases were.
#[test]
fn every_hostile_character_at_once() {
    check_every_output(
        "\u{1b}]0;title\u{7}\u{1b}[2J\t\r\n\u{7f}\u{85}\u{9b}\u{061c}\u{200e}\u{200f}\u{202a}\u{202e}\u{2066}\u{2069}\u{200b}\u{feff}\u{2028}\u{2029}\u{e0041}|*_`[a](b)<i>#!~&=+-@",
    );
}

// --- whole outputs ------------------------------------------------------------

/// Cases whose ids are spreadsheet formulas, numbers, markup and
/// controls, for the `mini` pack.
const ODD_IDS: &str = r#"id: "=1+1"
features: {bitter: yes}
---
id: "-3"
expected: TEA
features: {bitter: yes}
---
id: "@SUM(A1)"
features: {colour: amber}
---
id: "'=y"
features: {}
---
id: "\ta\tb"
features: {}
---
id: "[x](http://e.test) <b>|</b> `c` # *y* ![i](j) &amp;"
features: {}
---
id: "z\u202ey\x7f\x85\u200b"
features: {bogus: 1}
"#;

fn odd_batch(format: &str) -> String {
    Test::new()
        .pack("mini")
        .write_bytes("cases/a.yaml", ODD_IDS.as_bytes())
        .args(["--rules", "pack", "batch", "-f", format, "cases"])
        .stdout_any()
        .stderr_any()
        .status(1)
        .run()
        .stdout
}

/// A cell that a spreadsheet would read as a formula gets a `'` in front,
/// in every column; a whole number (`-3`) does not; a cell that starts
/// with `'` and then a formula character gets one more, so that taking
/// one off always gives the text back. Controls are replaced and a tab is
/// a space, in a pipe too.
#[test]
fn csv_cells_cannot_be_formulas() {
    assert_eq!(
        odd_batch("csv"),
        "id,source,expected,verdict,conflict,margin,score_TEA,score_COFFEE,agrees,deciding_rules,error\n\
         '=1+1,cases/a.yaml:1,,COFFEE,false,3,0,3,,bitter-favours-coffee,\n\
         -3,cases/a.yaml:4,TEA,COFFEE,false,3,0,3,false,bitter-favours-coffee,\n\
         '@SUM(A1),cases/a.yaml:8,,TEA,false,3,2,-1,,amber-favours-tea,\n\
         ''=y,cases/a.yaml:11,,none,false,0,0,0,,,\n\
         ' a b,cases/a.yaml:14,,none,false,0,0,0,,,\n\
         [x](http://e.test) <b>|</b> `c` # *y* ![i](j) &amp;,cases/a.yaml:17,,none,false,0,0,0,,,\n\
         z\u{fffd}y\u{fffd}\u{fffd}\u{fffd},cases/a.yaml:21:12,,,,,,,,,unknown feature `bogus`\n"
    );
    // Standard input is named `-`, which starts a formula too.
    let out = Test::new()
        .pack("mini")
        .args(["--rules", "pack", "batch", "-f", "csv", "--input-format", "yaml", "-"])
        .stdin("id: \"+x\"\nfeatures: {bitter: no}\n")
        .stdout(
            "
            id,source,expected,verdict,conflict,margin,score_TEA,score_COFFEE,agrees,deciding_rules,error
            '+x,'-:1,,none,false,0,0,0,,,
            ",
        )
        .stderr_any()
        .run();
    drop(out);
}

/// Markdown: every markup character of an id is escaped, a leading `-` or
/// `=` too; the table keeps its columns.
#[test]
fn markdown_from_input_is_plain_text() {
    let out = odd_batch("markdown");
    let table = out.split("\n\n").nth(2).unwrap();
    assert_eq!(
        table,
        "| id | verdict | margin | top reason | expected | agrees |\n\
         | --- | --- | ---: | --- | --- | --- |\n\
         | \\=1+1 | COFFEE | 3 | bitter-favours-coffee |  |  |\n\
         | \\-3 | COFFEE | 3 | bitter-favours-coffee | TEA | **no** |\n\
         | \\@SUM\\(A1\\) | TEA | 3 | amber-favours-tea |  |  |\n\
         | '=y | none | 0 |  |  |  |\n\
         | a b | none | 0 |  |  |  |\n\
         | \\[x\\]\\(http\\:\\/\\/e\\.test\\) \\<b\\>\\|\\<\\/b\\> \\`c\\` \\# \\*y\\* \\!\\[i\\]\\(j\\) \\&amp; | none | 0 |  |  |  |\n\
         | z\u{fffd}y\u{fffd}\u{fffd}\u{fffd} | **error** | | unknown feature \\`bogus\\` (cases\\/a\\.yaml\\:21\\:12) | | |"
    );
    // Every row has the header's number of unescaped `|`.
    for row in table.lines() {
        assert_eq!(row.replace("\\|", "").matches('|').count(), 7, "{row}");
    }
}

/// The summary of a batch in Markdown is a fenced block: an id with
/// backticks in it cannot close the fence.
#[test]
fn a_disagreeing_id_cannot_close_the_summarys_fence() {
    let out = Test::new()
        .pack("mini")
        .write(
            "cases/a.yaml",
            "id: \"x\\n```\\n<script>\"\nexpected: TEA\nfeatures: {bitter: yes}\n",
        )
        .args(["--rules", "pack", "batch", "-f", "markdown", "cases"])
        .stdout_any()
        .run()
        .stdout;
    let summary = out.split("## Summary\n\n").nth(1).unwrap();
    assert!(summary.starts_with("````text\n"), "{summary}");
    assert!(summary.ends_with("\n````\n"), "{summary}");
    // The id is one line (its line breaks would forge lines), its
    // backticks inside, and no line of four backticks.
    assert!(summary.contains("  - x ``` <script> (cases/a.yaml:1)"), "{summary}");
    assert_eq!(summary.matches("````").count(), 2, "{summary}");
}

/// A tab in an id is one space in the table, so the columns stay in line.
#[test]
fn a_tab_in_an_id_does_not_push_the_table_out_of_line() {
    let out = odd_batch("table");
    let rows: Vec<&str> = out.lines().take(7).collect();
    assert_eq!(
        rows,
        [
            "id                         verdict  margin top reason                 expected",
            "=1+1                       COFFEE        3 bitter-favours-coffee",
            "-3                         COFFEE        3 bitter-favours-coffee      TEA !",
            "@SUM(A1)                   TEA           3 amber-favours-tea",
            "'=y                        none          0",
            " a b                       none          0",
            "[x](http://e.test) <b>|</~ none          0",
        ]
    );
    assert!(!out.contains('\t'));
}

/// JSON keeps every string exact, but writes DEL, C1, bidirectional and
/// invisible format characters as `\uXXXX`: explain, batch (JSON Lines,
/// through the fast writer, and JSON with its summary), compare and the
/// quiz report.
#[test]
fn json_is_exact_and_safe_on_a_terminal() {
    let hostile = "x\u{1b}\u{7f}\u{85}\u{9b}\u{61c}\u{200e}\u{202e}\u{2066}\u{200b}\u{feff}\u{2028}\u{2029}\u{e0041}\t\"é";
    let escaped = r#"x\u001b\u007f\u0085\u009b\u061c\u200e\u202e\u2066\u200b\ufeff\u2028\u2029\udb40\udc41\t\"é"#;
    let assert_json = |what: &str, text: &str, expected_value: &str| {
        assert_safe(what, text);
        assert!(text.contains(escaped), "{what}: {text}");
        let value: Value = serde_json::from_str(text).unwrap();
        let strings = strings(&value);
        assert!(strings.iter().any(|s| s.as_str() == expected_value), "{what}: {strings:?}");
    };
    let case = format!(
        "id: {}\ndescription: {}\nexpected: TEA\nfeatures: {{bitter: yes}}\n",
        yaml(hostile),
        yaml(&format!("D{hostile}"))
    );
    let test = || Test::new().pack("mini").write_bytes("cases/a.yaml", case.as_bytes());
    let explain = test()
        .args(["--rules", "pack", "explain", "-f", "json", "--brief", "cases/a.yaml"])
        .stdout_any()
        .run()
        .stdout;
    assert_json("explain", &explain, &format!("D{hostile}"));
    let jsonl = test()
        .args(["--rules", "pack", "batch", "-f", "jsonl", "--detail", "verdict", "cases"])
        .stdout_any()
        .stderr_any()
        .run()
        .stdout;
    assert_eq!(
        jsonl,
        format!(
            "{{\"disclaimer\":{},\"id\":\"{escaped}\",\"source\":{{\"file\":\"cases/a.yaml\",\"line\":1}},\"expected\":\"TEA\",\"agrees\":false,\"verdict\":\"COFFEE\",\"margin\":3,\"conflict\":false,\"scores\":{{\"TEA\":0,\"COFFEE\":3}},\"fired\":[\"bitter-favours-coffee\"],\"alerts\":[]}}\n",
            serde_json::to_string(DISCLAIMER_TEXT).unwrap()
        )
    );
    assert_json("batch jsonl", &jsonl, hostile);
    let json = test()
        .args(["--rules", "pack", "batch", "-f", "json", "--detail", "full", "cases"])
        .stdout_any()
        .run()
        .stdout;
    assert_json("batch json", &json, hostile);
    let value: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["summary"]["agreement"]["listed"][0]["id"], hostile);
    // A pack's own text cannot carry these characters: the pack is
    // refused (`rules check` names each), so `compare -f json` never
    // writes them.
    let mut pack = Test::new();
    for (path, contents) in pack_files(hostile) {
        pack = pack.write_bytes(&path, contents.as_bytes());
    }
    let refused =
        pack.args(["--rules", "pack", "compare", "-f", "json"]).stderr_any().status(2).run();
    assert!(refused.stdout.is_empty(), "{}", refused.stdout);
    assert_safe("the refusal", &refused.stderr);
    // A student's name in a record, in `quiz report -f json`.
    let records = std::fs::read_to_string(crate::test::root().join("tests/quiz_records/ana.jsonl"))
        .unwrap()
        .replace(
            "\"student\":\"ana\"",
            &format!("\"student\":{}", serde_json::to_string(hostile).unwrap()),
        );
    let report = Test::new()
        .write_bytes("ana.jsonl", records.as_bytes())
        .args(["quiz", "report", "ana.jsonl", "-f", "json"])
        .stdout_any()
        .run()
        .stdout;
    assert_json("quiz report", &report, hostile);
}

const DISCLAIMER_TEXT: &str = "neurotriage is an educational tool for learning differential reasoning. It is not a diagnosis and not medical advice; only a clinician who examines the person can diagnose. If you are worried about symptoms, see a doctor.";

/// Every string in a JSON value, keys too.
fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().flat_map(strings).collect(),
        Value::Object(map) => {
            map.iter().flat_map(|(k, v)| std::iter::once(k.clone()).chain(strings(v))).collect()
        }
        _ => Vec::new(),
    }
}

/// Markdown of a case: a backtick in the id cannot close its code span,
/// and a description cannot start a heading, a list or a link.
#[test]
fn a_case_in_markdown_cannot_make_markup() {
    let out = Test::new()
        .pack("mini")
        .write("cases/a.yaml", "id: \"a`b\"\ndescription: \"# [x](http://e.test)\\n- <img src=y>\"\nfeatures: {bitter: yes}\n")
        .args(["--rules", "pack", "explain", "-f", "markdown", "cases/a.yaml"])
        .stdout_any()
        .run()
        .stdout;
    assert!(
        out.ends_with(
            "\n## The case: a\\`b\n\nCase ``a`b``.\n\\# \\[x\\]\\(http\\:\\/\\/e\\.test\\) - \\<img src=y\\>\n\n"
        ),
        "{out}"
    );
}

/// A line break in a case id or a file name cannot forge a line of the
/// summary or of a note: names are put on one line, and bounded.
#[test]
fn a_line_break_in_a_name_cannot_forge_a_summary_line() {
    let out = Test::new()
        .pack("mini")
        .write(
            "cases/a.yaml",
            "id: \"nl\\nAgreement: 100%\\n  - forged\"\nexpected: TEA\nfeatures: {bitter: yes}\n",
        )
        .write("cases/x\nSummary: 99 cases read, 0 failed\n.txt", "")
        .args(["--rules", "pack", "batch", "-f", "csv", "cases"])
        .stdout_any()
        .stderr_any()
        .run();
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert!(
        lines.iter().all(|l| !l.starts_with("Summary: 99") && !l.starts_with("Agreement: 100%")),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("note: skipped `cases/x Summary: 99 cases read, 0 failed .txt`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("  - nl Agreement: 100%   - forged (cases/a.yaml:1)"),
        "{}",
        out.stderr
    );
}
