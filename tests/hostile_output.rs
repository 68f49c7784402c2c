//! Output that cannot be turned against its reader (issue 14): text from a
//! rule pack, a case file or a file name never drives the terminal,
//! reorders what is seen, makes a spreadsheet formula or Markdown markup,
//! and JSON carries it exactly but escaped.

use std::process::Command;

use proptest::prelude::*;

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
            c if u32::from(c) <= 0xffff => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push_str(&format!("\\U{:08x}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

/// A copy of the `mini` pack with `text` in every text field it has: the
/// title, profile names and summaries, feature labels and questions,
/// claims and a caveat, rule reasons and a note.
fn pack_files(text: &str) -> Vec<(String, String)> {
    let t = |prefix: &str| yaml(&format!("{prefix}{text}"));
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

/// A case whose mistake (an unknown feature) is quoted in its error
/// message.
fn bad_case_file(text: &str) -> String {
    format!(
        "id: {}\nfeatures:\n  {}: yes\n",
        yaml(&format!("J{text}")),
        yaml(&format!("bogus{text}"))
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

/// The human-readable outputs: explain (text, brief, Markdown), batch
/// (table, Markdown, CSV on standard output, with the summary and notes on
/// standard error), `rules list`, `features`, `compare` (text, Markdown).
const HUMAN_OUTPUTS: [&[&str]; 10] = [
    &["explain", "@case"],
    &["explain", "--brief", "@case"],
    &["explain", "-f", "markdown", "@case"],
    &["batch", "-f", "table", "cases"],
    &["batch", "-f", "markdown", "cases"],
    &["batch", "-f", "csv", "cases"],
    &["rules", "list"],
    &["features"],
    &["compare"],
    &["compare", "-f", "markdown"],
];

fn check_every_output(text: &str) {
    let dir = tempfile::tempdir().unwrap();
    for (path, contents) in pack_files(text) {
        std::fs::create_dir_all(dir.path().join("pack")).unwrap();
        std::fs::write(dir.path().join(path), contents).unwrap();
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
