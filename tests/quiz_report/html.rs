//! `quiz report --format html`: the report as one page. The page is a
//! snapshot; it parses as HTML5 without an error, loads nothing, carries
//! the disclaimer at the top and the bottom, says the very figures of
//! `--format json`, and keeps text from records as text.

use insta::assert_snapshot;
use scraper::{Html, Selector};
use serde_json::{Value, json};

use super::{FILES, class, fixture, good_line, report};
use crate::{
    html::{parsed, without_style},
    test::Test,
};

fn select(selector: &str) -> Selector {
    Selector::parse(selector).unwrap()
}

/// The text of every element `selector` finds.
fn texts(document: &Html, selector: &str) -> Vec<String> {
    document.select(&select(selector)).map(|e| e.text().collect::<String>()).collect()
}

/// The cells' texts of every row `selector` finds, trimmed.
fn rows(document: &Html, selector: &str) -> Vec<Vec<String>> {
    // A bar and its figures are apart by a space, where the line may break.
    let cell = |c: scraper::ElementRef<'_>| c.text().collect::<String>().trim().to_owned();
    document
        .select(&select(selector))
        .map(|row| row.select(&select("th, td")).map(cell).collect())
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
    // With the other snapshots of the tests, not in a folder of this one.
    insta::with_settings!({snapshot_path => "../snapshots"}, {
        assert_snapshot!("quiz_report_html", without_style(&page));
    });
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
