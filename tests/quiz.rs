//! The quiz driven through a pipe, as a class's answer file would drive
//! it: a whole staged case, every kind of bad answer (each message whole,
//! the stage asked again, exit status 1), `skip`, `quit`, the end of the
//! input mid-case, records, a pack of three profiles, and premature
//! closure.

use insta::assert_snapshot;
use serde_json::Value;

use crate::test::{DISCLAIMER, Test};

/// The first lines of a quiz with `-q`: the disclaimer alone.
fn quiet_start() -> String {
    format!("{DISCLAIMER}\n")
}

/// Runs `quiz ARGS` with `--echo -q` on `script`; returns standard output
/// without the disclaimer it starts with.
fn transcript(args: &[&str], script: &str) -> String {
    let out =
        Test::new().args(["quiz", "--echo", "-q"]).args(args).stdin(script).stdout_any().run();
    out.stdout.strip_prefix(&quiet_start()).expect("the disclaimer comes first").to_owned()
}

/// Runs one bad answer to the first stage of t05, then a good one; returns
/// standard error (the status must be 1) after checking that the stage
/// was answered once, after the mistake.
fn mistake(line: &str) -> String {
    let out = Test::new()
        .args(["quiz", "-q", "t05-stiff-legs"])
        .stdin(&format!("{line}\nundecided low\n"))
        .stdout_any()
        .stderr_any()
        .status(1)
        .run();
    assert_eq!(out.stdout.matches("The rule pack at stage 1 (history)").count(), 1);
    assert!(out.stdout.contains("Stage 2 of 2: examination"), "{}", out.stdout);
    out.stderr
}

#[test]
fn a_staged_case_from_history_to_the_verdict() {
    let out = Test::new()
        .args(["quiz", "--echo", "t05-stiff-legs"])
        .stdin(
            "
            # the history: stiff legs at 55
            ALS high stiffness, age of onset, weakness

            undecided medium fasciculations muscle wasting, upper motor neuron signs
            ",
        )
        .stdout_any()
        .run();
    assert_snapshot!("staged_case", out.stdout);
}

#[test]
fn help_and_features_answer_without_committing() {
    assert_snapshot!("help_and_features", transcript(&["t01-weak-hand"], "help\nfeatures\nquit\n"));
}

#[test]
fn a_bad_leaning() {
    assert_eq!(
        mistake("maybe high"),
        "\
error: `maybe` is not a leaning
 --> stdin:1:1
  |
1 | maybe high
  | ^^^^^
  |
  = help: start with a leaning (`ALS`, `MS` or `undecided`) and a confidence: `ALS high age, years_since_onset`
"
    );
    assert_eq!(
        mistake("high ALS"),
        "\
error: `high` is not a leaning
 --> stdin:1:1
  |
1 | high ALS
  | ^^^^
  |
  = help: the leaning comes first, then the confidence: `ALS high age, years_since_onset`
"
    );
}

#[test]
fn a_bad_or_missing_confidence() {
    assert_eq!(
        mistake("MS very"),
        "\
error: `very` is not a confidence
 --> stdin:1:4
  |
1 | MS very
  |    ^^^^
  |
  = help: after the leaning say how sure you are: `low`, `medium` or `high` (or `l`, `m`, `h`), such as `ALS high age, years_since_onset`
"
    );
    assert_eq!(
        mistake("MS"),
        "\
error: a confidence is missing
 --> stdin:1:3
  |
1 | MS
  |   ^
  |
  = help: add `low`, `medium` or `high` after the leaning, such as `MS medium`
"
    );
}

#[test]
fn an_unknown_finding() {
    assert_eq!(
        mistake("ALS low stiff legs, age"),
        "\
error: `stiff legs` is not a finding of this rule pack
 --> stdin:1:9
  |
1 | ALS low stiff legs, age
  |         ^^^^^^^^^^
  |
  = help: did you mean `stiff muscles`?
"
    );
    // Suggestions come from the findings known so far, never from one to
    // come.
    assert_eq!(
        mistake("ALS low sensory"),
        "\
error: `sensory` is not a finding of this rule pack
 --> stdin:1:9
  |
1 | ALS low sensory
  |         ^^^^^^^
  |
  = help: `features` lists the findings known at this stage
"
    );
}

#[test]
fn a_finding_not_yet_revealed() {
    // Twitching is examined at the second stage: naming it at the first
    // is a mistake, which says nothing of what the examination will find.
    assert_eq!(
        mistake("ALS high age muscle twitching"),
        "\
error: `muscle twitching` is not known at this stage
 --> stdin:1:14
  |
1 | ALS high age muscle twitching
  |              ^^^^^^^^^^^^^^^^
  |
  = help: name findings known so far; `features` lists them
"
    );
}

#[test]
fn skip_leaves_a_case_and_the_summary_says_so() {
    let out = transcript(&["t05-stiff-legs", "t12-weak-leg"], "ALS high\nskip\nquit\n");
    assert_snapshot!("skip_and_quit", out);
}

#[test]
fn the_end_of_the_input_mid_case_still_prints_the_summary() {
    let out = transcript(&["t01-weak-hand"], "ALS medium weakness\n");
    let summary = out.split("\nSummary\n").nth(1).expect("a summary");
    assert_eq!(
        format!("Summary\n{summary}"),
        format!(
            "\
Summary
  t01-weak-hand: A hand that drops the keys
    stage      you          the rules
    1 history  ALS, medium  no clear difference  part
    (left after 1 of 2 stages)

This session: 1 answer
  Agreement with the rules, by stage:
    stage 1: 1 answer, 0 agreeing with the rules (0%)
  Confidence against agreement:
    low: no answers
    medium: 1 answer, 0 agreeing with the rules (0%)
    high: no answers
  Findings the heaviest rules read that you most often left out:
    age (once)
    course (once)
  Findings you named that the rules most often left neutral:
    muscle_weakness (once)

{DISCLAIMER}"
        )
    );
}

#[test]
fn nothing_answered_is_a_summary_of_nothing() {
    let out = transcript(&["t01-weak-hand"], "");
    assert!(
        out.ends_with(&format!(
            "\nSummary\n  t01-weak-hand: A hand that drops the keys\n    (left after 0 of 2 stages)\n\nNo answer was committed.\n\n{DISCLAIMER}"
        )),
        "{out}"
    );
}

/// The records of `rec.jsonl` after a run, parsed.
fn records(text: &str) -> Vec<Value> {
    text.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect()
}

#[test]
fn records_are_appended_one_line_per_answer() {
    let script = "ALS high age, weakness, stiffness\nbad answer\nundecided low fasciculations\n";
    let first = Test::new()
        .args(["quiz", "-q", "t05-stiff-legs", "--record", "rec.jsonl", "--student", "ana"])
        .stdin(script)
        .stdout_any()
        .stderr_any()
        .status(1)
        .run();
    let path = first.dir.path().join("rec.jsonl");
    let lines = records(&std::fs::read_to_string(&path).unwrap());
    assert_eq!(lines.len(), 2);
    let mut first_line = lines[0].clone();
    let time = first_line["time"].take();
    let time = time.as_str().expect("a time");
    assert_eq!(time.len(), "2026-12-03T09:30:00Z".len(), "{time}");
    assert!(time.ends_with('Z') && time.as_bytes()[10] == b'T', "{time}");
    assert_eq!(
        first_line,
        serde_json::json!({
            "format": 1, "time": null, "student": "ana", "pack": "als-ms",
            "case": "t05-stiff-legs", "stage": 1, "stage_name": "history", "stages": 2,
            "leaning": "ALS", "confidence": "high",
            "findings": ["age", "muscle_weakness", "muscle_stiffness"],
            "verdict": "none", "leader": "ALS", "margin": 3, "agrees": false,
            "weighed": ["age", "muscle_stiffness"], "neutral": ["muscle_weakness"],
            "missed": ["course"], "expected": "none"
        })
    );
    assert_eq!(lines[1]["leaning"], "undecided");
    // Undecided, like the rules at the examination stage.
    assert_eq!(lines[1]["verdict"], "none");
    assert_eq!(lines[1]["agrees"], true);
    assert_eq!(lines[1]["weighed"], serde_json::json!(["fasciculations"]));

    // A second quiz into the same file adds to it.
    let before = std::fs::read_to_string(&path).unwrap();
    let second = Test::new()
        .args(["quiz", "-q", "t01-weak-hand", "--record"])
        .args([path.to_str().unwrap()])
        .stdin("MS low\n")
        .stdout_any()
        .run();
    drop(second);
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(after.starts_with(&before), "{after}");
    let lines = records(&after);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[2]["case"], "t01-weak-hand");
    assert_eq!(lines[2].get("student"), None);
}

#[test]
fn a_record_path_that_is_a_folder_is_refused() {
    Test::new()
        .write("class/.keep", "")
        .args(["quiz", "t01-weak-hand", "--record", "class"])
        .stdin("ALS high\n")
        .stderr("error: cannot write the record file `class`: it is a folder\n")
        .status(2)
        .run();
}

#[test]
fn a_pack_with_three_profiles() {
    let out = Test::new()
        .pack("three")
        .write(
            "bag.yaml",
            "
            id: fruit-in-a-bag
            title: Something yellow in a bag
            expected: LEMON
            rationale: It is sour and smells of citrus.
            teaching_points: [Colour alone does not tell a banana from a lemon.]
            stages:
              - name: look
                description: A yellow fruit, not curved.
                features: {skin_colour: yellow, curved: no, mould: no}
              - name: taste
                description: A bite, and a scratch of the skin.
                features: {sour: yes, citrus_smell: yes}
            ",
        )
        .rules_dir("pack")
        .args(["quiz", "--echo", "-q", "bag.yaml"])
        .stdin("banana h colour mold\nlemon m tart, zesty\n")
        .stdout_any()
        .run();
    assert_snapshot!("three_profiles", out.stdout.strip_prefix(&quiet_start()).unwrap());
}

/// A case written for premature closure: an older person with a
/// progressive course (ALS ahead), then MRI patches and spinal fluid bands
/// that turn the rules to MS.
const TURNING_CASE: &str = "
    id: turning
    title: A turn at the tests
    expected: MS
    stages:
      - name: history
        description: Slowly worsening weakness from the age of 60.
        features: {age: 60, course: progressive, muscle_weakness: yes}
      - name: tests
        description: MRI and spinal fluid.
        features: {mri_lesions: yes, csf_oligoclonal_bands: yes}
    ";

#[test]
fn premature_closure_is_named_once() {
    let out = Test::new()
        .write("turning.yaml", TURNING_CASE)
        .args(["quiz", "-q", "turning.yaml"])
        .stdin("ALS high age, course\nALS high age\n")
        .stdout_any()
        .run();
    let closure = "\
  Premature closure? At stage 1 (history) you leaned ALS with high confidence;
  now the rules find that MS fits better. High confidence before the whole
  picture is in leaves little room for what comes later.
";
    assert_eq!(out.stdout.matches(closure).count(), 1, "{}", out.stdout);
    assert!(out.stdout.contains(
        "  You lean ALS with high confidence; the rules find that MS fits better, by a\n"
    ));
}

#[test]
fn changing_ones_own_mind_while_the_rules_hold_is_not_closure() {
    // The rules say ALS at both stages of t05; a student who leaned ALS
    // firmly and then revises is weighing the new findings, not closing
    // early.
    for second in ["ms low", "undecided medium"] {
        let out = Test::new()
            .args(["quiz", "-q", "t05-stiff-legs"])
            .stdin(&format!("als high\n{second}\n"))
            .stdout_any()
            .run();
        assert!(!out.stdout.contains("Premature closure?"), "{second}: {}", out.stdout);
    }
}

#[test]
fn a_derived_fact_left_out_says_where_it_comes_from() {
    let out = Test::new()
        .args(["quiz", "-q", "t05-stiff-legs"])
        .stdin("als high\nals high\n")
        .stdout_any()
        .run();
    assert!(
        out.stdout.contains(
            "  Findings the heaviest rules read that you did not name: motor_only (derived\n    from the findings shown), muscle_wasting, fasciculations, course\n"
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn lines_that_are_not_text_are_refused_and_a_byte_order_mark_is_not_a_word() {
    let out = Test::new()
        .args(["quiz", "-q", "t01-weak-hand"])
        .stdin_bytes(b"\xEF\xBB\xBFALS low\n\xff\xfe\n")
        .stdout_any()
        .stderr("error: this line is not UTF-8 text\n--> stdin:2\n = help: save the answers as UTF-8 text\n")
        .status(1)
        .run();
    assert!(out.stdout.contains("The rule pack at stage 1 (history)"), "{}", out.stdout);
}

#[test]
fn a_finding_the_pack_leaves_neutral_on_purpose_says_why() {
    let out = Test::new()
        .args(["quiz", "-q", "t02-slurred-speech"])
        .stdin("als high speech difficulty\n")
        .stdout_any()
        .run();
    assert!(
        out.stdout.contains(
            "  You named, and the rules leave neutral here:\n    - speech_difficulty (yes): the pack treats it as neutral on purpose: Slurred\n      or slow speech is described in both diseases, so on its own it points to\n      neither. [C05, C17, C25]\n"
        ),
        "{}",
        out.stdout
    );
}
