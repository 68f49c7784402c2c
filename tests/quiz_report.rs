//! `neurotriage quiz report`: a class's record files aggregated. The
//! fixtures in `tests/quiz_records/` are three students' files on two
//! built-in cases (`t01-weak-hand`, 2 stages, and `t03-tingling-and-blur`,
//! 3 stages), with the pack's verdicts as the built-in pack gives them:
//! t01 `none` then `ALS`, t03 `MS` at every stage.
//!
//! ```text
//! | student   | case stage | leaning   | confidence | agrees | missed                  | neutral |
//! | --------- | ---------- | --------- | ---------- | ------ | ----------------------- | ------- |
//! | ana       | t01 1      | ALS       | high       | no     | course                  | muscle_weakness |
//! | ana       | t01 2      | ALS       | high       | yes    | mixed_motor_neuron_signs | |
//! | ana       | t03 1      | MS        | low        | yes    | course                  | |
//! | ana       | t03 2      | ALS       | high       | no     | course                  | upper_motor_neuron_signs |
//! | ana       | t03 3      | MS        | medium     | yes    |                         | |
//! | ben       | t01 1      | undecided | low        | yes    |                         | |
//! | ben       | t01 2      | ALS       | medium     | yes    | muscle_wasting, mixed_motor_neuron_signs | |
//! | ben       | t03 1      | MS        | medium     | yes    | course                  | |
//! | ben       | t03 2      | MS        | high       | yes    |                         | upper_motor_neuron_signs |
//! | ben       | t03 3      | MS        | high       | yes    |                         | |
//! | (no name) | t01 1      | MS        | high       | no     | course, age             | muscle_weakness |
//! | (no name) | t01 2      | ALS       | low        | yes    | fasciculations, mixed_motor_neuron_signs | |
//! | (no name) | t03 1      | undecided | low        | no     | course                  | |
//! | (no name) | t03 2      | MS        | medium     | yes    | course, visual_problems | |
//! ```
//!
//! `ben.jsonl` holds his first answer twice and a blank line, so 15 lines
//! that are not blank give 14 answers and 1 duplicate.

use std::fs;

use insta::assert_snapshot;
use serde_json::{Value, json};

use crate::test::{Test, root};

/// `quiz report --format html`.
mod html;

const FILES: [&str; 3] = ["ana.jsonl", "ben.jsonl", "shared-pc.jsonl"];

fn fixture(file: &str) -> Vec<u8> {
    fs::read(root().join("tests/quiz_records").join(file)).unwrap()
}

/// A run with the three files in its folder.
fn class() -> Test {
    FILES.iter().fold(Test::new(), |test, file| test.write_bytes(file, &fixture(file)))
}

fn report(files: &[&str], format: &str) -> String {
    class()
        .args(["quiz", "report"])
        .args(files)
        .args(["--format", format])
        .stdout_any()
        .run()
        .stdout
}

/// The first good record of ana's file, to make bad lines from.
fn good_line() -> String {
    String::from_utf8(fixture("ana.jsonl")).unwrap().lines().next().unwrap().to_owned()
}

#[test]
fn the_figures_are_the_ones_worked_out_by_hand() {
    let json: Value = serde_json::from_str(&report(&FILES, "json")).unwrap();
    assert_eq!(json["files"], 3);
    assert_eq!(json["lines"], 15);
    assert_eq!(json["failed_lines"], 0);
    assert_eq!(json["duplicates_dropped"], 1);
    assert_eq!(json["answers"], 14);
    let pack = &json["packs"][0];
    assert_eq!(json["packs"].as_array().unwrap().len(), 1);
    assert_eq!(pack["pack"], "als-ms");
    assert_eq!(pack["students"], 3);
    // t01 stage 1: ana ALS (no), ben undecided (yes: undecided agrees with
    // `none`), no name MS (no): 1 of 3; a three-way tie of leanings.
    let t01 = &pack["cases"][0];
    assert_eq!(t01["case"], "t01-weak-hand");
    assert_eq!(t01["expected"], "ALS");
    assert_eq!(t01["answers"], 6);
    let s1 = &t01["by_stage"][0];
    assert_eq!(
        (&s1["answers"], &s1["agreeing"], &s1["agreement"], &s1["verdict"]),
        (&json!(3), &json!(1), &json!(0.333), &json!("none"))
    );
    assert_eq!(s1["most_common_leaning"], json!(["ALS", "MS", "undecided"]));
    // t01 stage 2: all three lean ALS, the verdict: 3 of 3.
    let s2 = &t01["by_stage"][1];
    assert_eq!((&s2["agreeing"], &s2["agreement"]), (&json!(3), &json!(1.0)));
    // t01 missed: mixed_motor_neuron_signs by ana, ben and no name (3),
    // course by ana and no name (2), then age, fasciculations and
    // muscle_wasting once each, by name.
    assert_eq!(
        t01["missed"],
        json!([
            {"name": "mixed_motor_neuron_signs", "count": 3},
            {"name": "course", "count": 2},
            {"name": "age", "count": 1},
            {"name": "fasciculations", "count": 1},
            {"name": "muscle_wasting", "count": 1},
        ])
    );
    // t03: stages 1 and 2 agree 2 of 3 (no name undecided at 1, ana ALS at
    // 2), stage 3 was answered by ana and ben only, both MS.
    let t03 = &pack["cases"][1];
    let agreeing: Vec<(u64, u64)> = t03["by_stage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["agreeing"].as_u64().unwrap(), s["answers"].as_u64().unwrap()))
        .collect();
    assert_eq!(agreeing, [(2, 3), (2, 3), (2, 2)]);
    // Over both cases: course missed 2 + 5 = 7 times; muscle_weakness
    // (t01) and upper_motor_neuron_signs (t03) over-weighted twice each.
    assert_eq!(pack["missed"][0], json!({"name": "course", "count": 7}));
    assert_eq!(
        pack["over_weighted"],
        json!([
            {"name": "muscle_weakness", "count": 2},
            {"name": "upper_motor_neuron_signs", "count": 2},
        ])
    );
    // The class: low 3 of 4 (ana t03/1, ben t01/1, no name t01/2 agree; no
    // name t03/1 does not), medium 4 of 4, high 3 of 6 (ana t01/2, ben
    // t03/2 and t03/3). High below low; exactly half is not under half.
    let class = &pack["calibration"]["class"];
    assert_eq!(class["low"], json!({"answers": 4, "agreeing": 3, "agreement": 0.75}));
    assert_eq!(class["medium"], json!({"answers": 4, "agreeing": 4, "agreement": 1.0}));
    assert_eq!(class["high"], json!({"answers": 6, "agreeing": 3, "agreement": 0.5}));
    assert_eq!(class["over_confident"], json!(["high_below_low"]));
    // ana: high 1 of 3, low 1 of 1: both flags. ben: none. No name: high 0
    // of 1, low 1 of 2: both.
    let students = &pack["calibration"]["students"];
    let flags: Vec<(&Value, &Value)> = students
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (&s["student"], &s["over_confident"]))
        .collect();
    assert_eq!(
        flags,
        [
            (&json!("ana"), &json!(["high_below_low", "high_under_half"])),
            (&json!("ben"), &json!([])),
            (&Value::Null, &json!(["high_below_low", "high_under_half"])),
        ]
    );
    // High confidence before a case's last stage: ana t01/1 (ALS, the final
    // verdict: not premature) and t03/2 (ALS against MS: premature); ben
    // t03/2 (MS: not); no name t01/1 (MS against ALS: premature).
    let closure = &pack["premature_closure"];
    assert_eq!((&closure["early_high"], &closure["premature"]), (&json!(4), &json!(2)));
    assert_eq!(
        closure["students"][0]["answers"],
        json!([{"case": "t03-tingling-and-blur", "stage": 2, "stage_name": "examination",
                "leaning": "ALS", "final_verdict": "MS"}])
    );
    assert_eq!(closure["students"][2]["premature"], 1);
}

#[test]
fn the_report_in_text_markdown_and_json() {
    assert_snapshot!("quiz_report_text", report(&FILES, "text"));
    assert_snapshot!("quiz_report_markdown", report(&FILES, "markdown"));
    assert_snapshot!("quiz_report_json", report(&FILES, "json"));
}

#[test]
fn the_order_of_files_and_lines_does_not_change_the_report() {
    let text = String::from_utf8(fixture("ana.jsonl")).unwrap();
    let reversed = text.lines().rev().collect::<Vec<_>>().join("\n") + "\n";
    for format in ["text", "markdown", "json", "html"] {
        let expected = report(&FILES, format);
        assert_eq!(report(&["shared-pc.jsonl", "ana.jsonl", "ben.jsonl"], format), expected);
        assert_eq!(report(&["ben.jsonl", "shared-pc.jsonl", "ana.jsonl"], format), expected);
        let out = class()
            .write("ana.jsonl", &reversed)
            .args(["quiz", "report", "ben.jsonl", "ana.jsonl", "shared-pc.jsonl", "-f", format])
            .stdout_any()
            .run();
        assert_eq!(out.stdout, expected, "{format} with ana's lines reversed");
    }
}

#[test]
fn a_file_given_twice_counts_once() {
    let once: Value = serde_json::from_str(&report(&FILES, "json")).unwrap();
    let twice: Value = serde_json::from_str(&report(
        &["ana.jsonl", "ben.jsonl", "shared-pc.jsonl", "ana.jsonl"],
        "json",
    ))
    .unwrap();
    // ana's 5 answers are read again and dropped.
    assert_eq!(twice["files"], 4);
    assert_eq!(twice["lines"], 20);
    assert_eq!(twice["duplicates_dropped"], 6);
    assert_eq!(twice["answers"], 14);
    assert_eq!(twice["packs"], once["packs"]);
    let text = report(&["ana.jsonl", "ana.jsonl"], "text");
    assert!(
        text.starts_with(
            "Quiz report\nRead 2 files: 10 lines, 5 answers.\n5 duplicate records dropped: the same \
             record read again.\n"
        ),
        "{text}"
    );
}

#[test]
fn each_bad_line_has_one_message_and_the_others_are_counted() {
    let good = good_line();
    let bad = [
        good.clone(),
        "not json".to_owned(),
        "[1, 2]".to_owned(),
        good.replace(r#""format":1"#, r#""format":2"#),
        good.replace(r#""leader""#, r#""leeder""#),
        good.replace(r#""case":"t01-weak-hand","#, ""),
        good.replace(r#""stage":1,"#, r#""stage":"1","#),
        good.replace(r#""time":"#, r#""case":"x","time":"#),
        good.replace(r#""stage":1,"#, r#""stage":3,"#),
    ]
    .join("\n");
    let out = Test::new()
        .write_bytes("bad.jsonl", format!("{bad}\n{{\"format\":1,\u{1b}\n").as_bytes())
        .write_bytes("bytes.jsonl", b"{\"format\": 1, \"time\": \"\xff\"}\n")
        .args(["quiz", "report", "bad.jsonl", "bytes.jsonl", "--format", "json"])
        .stdout_any()
        .stderr_any()
        .status(1)
        .run();
    assert_snapshot!("quiz_report_bad_lines", out.stderr);
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        (&json["lines"], &json["failed_lines"], &json["answers"]),
        (&json!(11), &json!(10), &json!(1))
    );
}

#[test]
fn a_line_too_long_is_reported_without_being_kept() {
    let long = format!("{{\"time\": \"{}\"}}\n", "x".repeat(300 * 1024));
    Test::new()
        .write("long.jsonl", &format!("{long}{}\n", good_line()))
        .args(["quiz", "report", "long.jsonl", "-f", "json"])
        .stdout_any()
        .stderr(
            "
            error: the line is longer than 262144 bytes
            --> long.jsonl:1
             = help: a record is one line, written by `quiz --record`; is this a record file?

            error: 1 of 2 lines could not be read; the report counts the others
            ",
        )
        .status(1)
        .run();
}

#[test]
fn a_file_that_cannot_be_read_stops_the_report() {
    class()
        .write("folder/x.jsonl", "")
        .args(["quiz", "report", "ana.jsonl", "missing.jsonl", "folder"])
        .stderr(
            "
            error: cannot read `missing.jsonl`: no such file or folder
             |
             = help: a report needs every file it is given; check the name, or leave the file out

            error: cannot read `folder`: is a folder
             |
             = help: a report needs every file it is given; check the name, or leave the file out

            error: no report: every file must be read
            ",
        )
        .status(2)
        .run();
    #[cfg(unix)]
    if let Some(test) = class().unreadable("ben.jsonl") {
        test.args(["quiz", "report", "ana.jsonl", "ben.jsonl"])
            .stderr(
                "
                error: cannot read `ben.jsonl`: permission denied
                 |
                 = help: a report needs every file it is given; check the name, or leave the file out

                error: no report: every file must be read
                ",
            )
            .status(2)
            .run();
    }
}

#[test]
fn records_of_two_packs_are_reported_apart() {
    let other: String = String::from_utf8(fixture("ben.jsonl"))
        .unwrap()
        .replace("\"als-ms\"", "\"tea-or-coffee\"")
        .replace("\"ben\"", "\"cleo\"");
    let out = class()
        .write("cleo.jsonl", &other)
        .args(["quiz", "report", "ana.jsonl", "cleo.jsonl", "-f", "json"])
        .stdout_any()
        .run();
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    let packs: Vec<(&Value, &Value, &Value)> = json["packs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (&p["pack"], &p["answers"], &p["calibration"]["students"][0]["student"]))
        .collect();
    assert_eq!(
        packs,
        [
            (&json!("als-ms"), &json!(5), &json!("ana")),
            (&json!("tea-or-coffee"), &json!(5), &json!("cleo"))
        ]
    );
    let text = report(&["ana.jsonl", "ben.jsonl"], "text");
    assert!(!text.contains("rule packs"), "{text}");
    let out = class()
        .write("cleo.jsonl", &other)
        .args(["quiz", "report", "ana.jsonl", "cleo.jsonl"])
        .stdout_any()
        .run();
    assert!(
        out.stdout.contains("The records come from 2 rule packs; each is reported on its own.\n\nPack `als-ms`: 5 answers")
            && out.stdout.contains("\nPack `tea-or-coffee`: 5 answers from 1 student on 2 cases.\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn records_that_disagree_on_the_verdict_are_reported_with_a_warning() {
    // ben's file as if an older pack had given `none` at t03's last stage.
    let older = String::from_utf8(fixture("ben.jsonl")).unwrap().replace(
        r#""stage":3,"stage_name":"tests","stages":3,"leaning":"MS","confidence":"high","findings":["mri_lesions"],"verdict":"MS""#,
        r#""stage":3,"stage_name":"tests","stages":3,"leaning":"MS","confidence":"high","findings":["mri_lesions"],"verdict":"none""#,
    );
    assert_ne!(older.as_bytes(), fixture("ben.jsonl"));
    let out = class()
        .write("ben.jsonl", &older)
        .args(["quiz", "report", "ana.jsonl", "ben.jsonl", "-f", "json"])
        .stdout_any()
        .stderr(
            "
            warning: records of case `t03-tingling-and-blur` stage 3 on the pack's verdict differ (`MS` in 1, `none` in 1); the pack may have changed between quizzes; the most common is reported
            ",
        )
        .run();
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["packs"][0]["cases"][1]["by_stage"][2]["verdict"], "MS");
    assert_eq!(json["packs"][0]["notes"].as_array().unwrap().len(), 1);
}

#[test]
fn text_from_records_makes_no_markup_and_keeps_columns_aligned() {
    let line = good_line()
        .replace(r#""student":"ana""#, r#""student":"<b>x</b> | *y* [z](http://e.test)\u001b[2J""#)
        .replace(r#""stage_name":"history""#, r#""stage_name":"hi\tstory\u202e""#);
    let odd = || Test::new().write("odd.jsonl", &format!("{line}\n"));
    let markdown =
        odd().args(["quiz", "report", "odd.jsonl", "-f", "markdown"]).stdout_any().run().stdout;
    assert!(
        markdown.contains(
            "| \\<b\\>x\\<\\/b\\> \\| \\*y\\* \\[z\\]\\(http\\:\\/\\/e\\.test\\)\u{fffd}\\[2J |  |  | 0/1 (0%) | yes |"
        ),
        "{markdown}"
    );
    assert!(
        markdown.contains("| 1 hi\u{fffd}story\u{fffd} | 1 | 0% (0) | none | ALS (1) |"),
        "{markdown}"
    );
    let text = odd().args(["quiz", "report", "odd.jsonl"]).stdout_any().run().stdout;
    assert!(
        text.contains(
            "\n    1 hi\u{fffd}story\u{fffd}           1  ..........   0%  none        ALS (1)\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "\n  <b>x</b> | *y* [z](…        -             -           0/1   0%  over-confident\n"
        ),
        "{text}"
    );
    assert!(text.lines().all(|l| textwrap::core::display_width(l) <= 80), "{text}");
}

#[test]
fn a_file_of_the_wrong_kind_gives_a_few_messages_and_a_count() {
    let lines = (1..=60).map(|i| format!("id: case-{i}")).collect::<Vec<_>>().join("\n") + "\n";
    let out = Test::new()
        .write("cases.yaml", &lines)
        .args(["quiz", "report", "cases.yaml"])
        .stderr_any()
        .status(1)
        .run();
    assert_eq!(out.stderr.matches("error: the line is not JSON").count(), 50);
    // Not one answer: no report at all (with `-o`, an old one is kept).
    assert!(
        out.stderr.ends_with(
            "error: 60 of 60 lines could not be read (10 not shown); not one answer is left: no report\n \
             |\n = help: fix the lines above, or name other record files\n"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(out.stdout, "");
}

#[test]
fn two_different_answers_in_the_same_second_are_both_kept() {
    // Two unnamed students at one machine, answering in the same second:
    // the same case, stage and time, different answers. Neither is dropped.
    let line = |leaning: &str, agrees: bool| {
        format!(
            "{{\"format\":1,\"time\":\"2026-12-03T10:00:00Z\",\"pack\":\"als-ms\",\"case\":\"c\",\"stage\":1,\"stage_name\":\"history\",\"stages\":1,\"leaning\":\"{leaning}\",\"confidence\":\"low\",\"findings\":[],\"verdict\":\"ALS\",\"leader\":\"ALS\",\"margin\":4,\"agrees\":{agrees},\"weighed\":[],\"neutral\":[],\"missed\":[]}}\n"
        )
    };
    let out = Test::new()
        .write_bytes("p1.jsonl", line("ALS", true).as_bytes())
        .write_bytes("p2.jsonl", line("MS", false).as_bytes())
        .args(["quiz", "report", "p1.jsonl", "p2.jsonl", "p1.jsonl", "-f", "json"])
        .stdout_any()
        .run();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["answers"], 2);
    assert_eq!(json["duplicates_dropped"], 1);
}
