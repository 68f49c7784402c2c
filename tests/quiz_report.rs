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
use scraper::{Html, Selector};
use serde_json::{Value, json};

use crate::test::{DISCLAIMER, Test, root};

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
        .stdout_any()
        .stderr_any()
        .status(1)
        .run();
    assert_eq!(out.stderr.matches("error: the line is not JSON").count(), 50);
    assert!(
        out.stderr.ends_with(
            "error: 60 of 60 lines could not be read (10 not shown); the report counts the others\n"
        ),
        "{}",
        out.stderr
    );
    assert!(out.stdout.contains("\n60 lines could not be read and are left out"), "{}", out.stdout);
    assert!(out.stdout.contains("\nNo answers to report.\n"), "{}", out.stdout);
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

/// Parses a report page as HTML5 and checks what every page must hold: no
/// parse error; nothing that loads a resource or runs a script (no
/// element that would, no `on...` attribute, no link but to a part of the
/// page); the disclaimer at the top and the bottom.
fn parsed(page: &str) -> Html {
    let document = Html::parse_document(page);
    assert!(document.errors.is_empty(), "parse errors {:?} in\n{page}", document.errors);
    for loader in ["script", "link", "img", "iframe", "object", "embed", "[src]"] {
        assert_eq!(document.select(&select(loader)).count(), 0, "`{loader}` in\n{page}");
    }
    for element in document.select(&select("*")) {
        for (name, value) in element.value().attrs() {
            assert!(!name.to_ascii_lowercase().starts_with("on"), "`{name}` in\n{page}");
            assert!(name != "href" || value.starts_with('#'), "`href={value}` in\n{page}");
        }
    }
    let disclaimers = texts(&document, "p.disclaimer");
    assert_eq!(disclaimers.len(), 2, "{page}");
    let disclaimer = DISCLAIMER.trim_end().replace('\n', " ");
    assert!(disclaimers.iter().all(|d| *d == disclaimer), "{disclaimers:?}");
    assert!(
        document.select(&select("header p.disclaimer")).count() == 1
            && document.select(&select("footer p.disclaimer")).count() == 1,
        "{page}"
    );
    document
}

fn select(selector: &str) -> Selector {
    Selector::parse(selector).unwrap()
}

/// The text of every element `selector` finds.
fn texts(document: &Html, selector: &str) -> Vec<String> {
    document.select(&select(selector)).map(|e| e.text().collect::<String>()).collect()
}

/// The cells' texts of every row `selector` finds.
fn rows(document: &Html, selector: &str) -> Vec<Vec<String>> {
    document
        .select(&select(selector))
        .map(|row| row.select(&select("th, td")).map(|c| c.text().collect()).collect())
        .collect()
}

/// `2 of 3 (67%)` from a JSON object's `agreeing`, `answers` and
/// `agreement`, or `no answers`.
fn figure(tally: &Value) -> String {
    if tally["answers"] == 0 {
        return "no answers".to_owned();
    }
    let share = tally["agreement"].as_f64().unwrap() * 100.0;
    format!("{} of {} ({share:.0}%)", tally["agreeing"], tally["answers"])
}

/// Findings with their counts from JSON, as the page's rows say them.
fn finding_rows(counts: &Value, answers: &Value) -> Vec<Vec<String>> {
    counts
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            vec![
                c["name"].as_str().unwrap().to_owned(),
                format!("{} of {answers} answers", c["count"]),
            ]
        })
        .collect()
}

#[test]
fn the_report_as_a_page() {
    let page = report(&FILES, "html");
    let document = parsed(&page);
    assert_eq!(texts(&document, "h1"), ["Quiz report: als-ms"]);
    assert_eq!(texts(&document, "h2"), ["Pack als-ms"]);
    assert_eq!(
        texts(&document, "h4"),
        ["t01-weak-hand: 2 stages, expected ALS", "t03-tingling-and-blur: 3 stages, expected MS"]
    );
    // A bar for each stage (5), each finding's row (t01 5 missed and 1
    // over-weighted, t03 2 and 1, the pack 6 and 2) and each calibration
    // cell with answers (3 for the class, 3 for each student).
    assert_eq!(document.select(&select("svg.quiz-bar")).count(), 5 + 17 + 12);
    assert_snapshot!("quiz_report_html", page);
}

/// Every figure the page shows is the one `--format json` gives for the
/// same records, whole cell by whole cell.
#[test]
fn the_page_says_the_figures_of_the_json() {
    let document = parsed(&report(&FILES, "html"));
    let json: Value = serde_json::from_str(&report(&FILES, "json")).unwrap();
    let pack = &json["packs"][0];
    let cases = pack["cases"].as_array().unwrap();
    let mut stages = Vec::new();
    let mut findings = Vec::new();
    for case in cases {
        for s in case["by_stage"].as_array().unwrap() {
            let leaning: Vec<&str> = s["most_common_leaning"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l.as_str().unwrap())
                .collect();
            let count = &s["leanings"][0]["count"];
            let leaning = match leaning.as_slice() {
                [one] => format!("{one} ({count})"),
                several => format!("{} ({count} each)", several.join(", ")),
            };
            stages.push(vec![
                format!("{} {}", s["stage"], s["name"].as_str().unwrap()),
                figure(s),
                s["verdict"].as_str().unwrap().to_owned(),
                leaning,
            ]);
        }
        findings.extend(finding_rows(&case["missed"], &case["answers"]));
        findings.extend(finding_rows(&case["over_weighted"], &case["answers"]));
    }
    assert_eq!(rows(&document, "table.quiz-stages tbody tr"), stages);
    assert_eq!(stages[0][1], "1 of 3 (33%)");
    findings.extend(finding_rows(&pack["missed"], &pack["answers"]));
    findings.extend(finding_rows(&pack["over_weighted"], &pack["answers"]));
    assert_eq!(rows(&document, "table.quiz-counts tbody tr"), findings);
    assert!(findings.contains(&vec!["course".to_owned(), "7 of 14 answers".to_owned()]));

    let flag = |c: &Value| {
        if c["over_confident"].as_array().unwrap().is_empty() { "no" } else { "yes" }.to_owned()
    };
    let calibration = &pack["calibration"];
    let class = &calibration["class"];
    let mut expected = vec![vec![
        "Whole class".to_owned(),
        figure(&class["low"]),
        figure(&class["medium"]),
        figure(&class["high"]),
        flag(class),
    ]];
    for s in calibration["students"].as_array().unwrap() {
        expected.push(vec![
            s["student"].as_str().unwrap_or("(no name)").to_owned(),
            figure(&s["low"]),
            figure(&s["medium"]),
            figure(&s["high"]),
            flag(s),
        ]);
    }
    assert_eq!(rows(&document, "table.quiz-calibration tbody tr"), expected);
    assert_eq!(expected[0][3], "3 of 6 (50%)");

    let closure = &pack["premature_closure"];
    assert_eq!(
        texts(&document, "p.quiz-whole"),
        [format!(
            "Whole class: {} high-confidence answers early, of which {} premature.",
            closure["early_high"], closure["premature"]
        )]
    );
    let mut expected: Vec<Vec<String>> = closure["students"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            vec![
                s["student"].as_str().unwrap_or("(no name)").to_owned(),
                s["early_high"].to_string(),
                s["premature"].to_string(),
            ]
        })
        .collect();
    expected.push(vec![
        "Whole class".to_owned(),
        closure["early_high"].to_string(),
        closure["premature"].to_string(),
    ]);
    assert_eq!(rows(&document, "table.quiz-closure tbody tr"), expected);
    let read = texts(&document, "section.quiz-read p");
    assert_eq!(
        read,
        [
            format!(
                "Read {} files: {} lines, {} answers.",
                json["files"], json["lines"], json["answers"]
            ),
            format!(
                "{} duplicate record dropped: the same record read again.",
                json["duplicates_dropped"]
            ),
        ]
    );
}

/// Markup, a script, a link and quotes in a record come out as text: the
/// page has no element or attribute a record wrote.
#[test]
fn text_from_records_cannot_become_markup_in_the_page() {
    let hostile = r#"<script>alert(1)</script><a href="javascript:alert(1)">x</a>"'&amp;<img src=x onerror=alert(2)>"#;
    let mut record: Value = serde_json::from_str(&good_line()).unwrap();
    for field in ["student", "pack", "case", "stage_name", "leaning", "verdict", "expected"] {
        record[field] = json!(hostile);
    }
    record["missed"] = json!([hostile]);
    record["neutral"] = json!([format!("{hostile} 2")]);
    let out = Test::new()
        .write("h.jsonl", &format!("{record}\n"))
        .args(["quiz", "report", "h.jsonl", "-f", "html"])
        .stdout_any()
        .run()
        .stdout;
    let document = parsed(&out);
    for element in ["a", "script", "img"] {
        assert_eq!(document.select(&select(element)).count(), 0, "`{element}` in\n{out}");
    }
    assert!(!out.contains("<script") && !out.contains("<img") && !out.contains("<a "), "{out}");
    assert_eq!(texts(&document, "title"), [format!("Quiz report: {hostile}")]);
    assert_eq!(texts(&document, "h2"), [format!("Pack {hostile}")]);
    assert_eq!(texts(&document, "h4"), [format!("{hostile}: 2 stages, expected {hostile}")]);
    assert_eq!(
        rows(&document, "table.quiz-stages tbody tr"),
        [[
            format!("1 {hostile}"),
            "0 of 1 (0%)".to_owned(),
            hostile.to_owned(),
            format!("{hostile} (1)")
        ]]
    );
    let names: Vec<String> =
        rows(&document, "table.quiz-counts tbody tr").into_iter().map(|r| r[0].clone()).collect();
    let neutral = format!("{hostile} 2");
    assert_eq!(names, [hostile, &neutral, hostile, &neutral]);
    assert_eq!(texts(&document, "table.quiz-calibration tbody th"), ["Whole class", hostile]);
}

/// Two packs: a section each, one after the other when printed, and links
/// to them at the top; records that disagree on what the pack said are
/// noted on the page as well as on standard error.
#[test]
fn two_packs_and_a_note_on_the_page() {
    let other: String = String::from_utf8(fixture("ben.jsonl"))
        .unwrap()
        .replace("\"als-ms\"", "\"tea-or-coffee\"")
        .replace("\"ben\"", "\"cleo\"");
    let older = String::from_utf8(fixture("ana.jsonl"))
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .replace(r#""verdict":"none""#, r#""verdict":"ALS""#)
        .replace(r#""student":"ana""#, r#""student":"dan""#);
    let out = class()
        .write("cleo.jsonl", &other)
        .write("dan.jsonl", &format!("{older}\n"))
        .args(["quiz", "report", "ana.jsonl", "cleo.jsonl", "dan.jsonl", "-f", "html"])
        .stdout_any()
        .stderr_any()
        .run();
    let document = parsed(&out.stdout);
    assert_eq!(texts(&document, "h1"), ["Quiz report: als-ms, tea-or-coffee"]);
    assert_eq!(texts(&document, "nav a"), ["Pack als-ms", "Pack tea-or-coffee"]);
    let links: Vec<&str> =
        document.select(&select("nav a")).map(|a| a.value().attr("href").unwrap()).collect();
    let ids: Vec<&str> =
        document.select(&select("section.quiz-pack")).map(|s| s.value().id().unwrap()).collect();
    assert_eq!((links, ids), (vec!["#pack-1", "#pack-2"], vec!["pack-1", "pack-2"]));
    let note = "records of case `t01-weak-hand` stage 1 on the pack's verdict differ (`ALS` in 1, \
                `none` in 1); the pack may have changed between quizzes; the most common is \
                reported";
    assert_eq!(texts(&document, "#pack-1 .quiz-notes li"), [note]);
    assert_eq!(out.stderr, format!("warning: {note}\n"));
    assert_eq!(document.select(&select("#pack-2 .quiz-notes")).count(), 0);
}
