//! `batch --format html`: the summary first, a row per case, the first
//! cases' explanations folded under their rows, and a page that stays
//! bounded however many cases a run has.

use std::fmt::Write as _;

use insta::assert_snapshot;

use crate::{
    batch::mixed,
    html::{parsed, texts, without_style},
    test::{Test, root},
};

#[test]
fn a_mixed_folder_accounts_for_every_case_on_the_page() {
    let out = mixed()
        .args(["batch", "cases", "--format", "html"])
        .stdout_any()
        .stderr("note: skipped `cases/notes.txt` (not .yaml, .yml, .jsonl, .csv or .json)\n")
        .status(1)
        .run();
    let document = parsed(&out.stdout);
    assert_eq!(
        texts(&document, "section.summary li"),
        ["13 cases read from 7 files: 6 evaluated, 7 failed; 1 file skipped (not case files)."]
    );
    assert_eq!(
        texts(&document, "p.agreement"),
        ["Agreement: 3 of 3 cases with an expected verdict (100.0%)."]
    );
    // One row a case (explanations are rows of their own, folded).
    let rows = texts(&document, "table.cases > tbody > tr:not(.explained)");
    assert_eq!(rows.len(), 13, "{rows:#?}");
    assert_eq!(texts(&document, "table.cases td.failed").len(), 7);
    // Every case evaluated has its explanation, its link pointing at it.
    let explained = texts(&document, "tr.explained > td > details > summary");
    assert_eq!(
        explained,
        ["c4", "als-like", "ms-like", "l1", "j1", "j3"]
            .map(|id| format!("How the rules weigh case {id}"))
    );
    assert_eq!(texts(&document, "tr.explained details .verdict-line").len(), 6);
    // `c3` (case 1) failed; `c4` is case 2.
    assert!(out.stdout.contains("<a href=\"#case-2\">c4</a>"));
    // The anchor is inside the fold: following the link opens it.
    assert!(out.stdout.contains(
        "<summary>How the rules weigh case <code>c4</code></summary>\n<div id=\"case-2\">"
    ));
    assert_eq!(
        texts(&document, "section.cases > p"),
        [
            "One row a case, in the order read. Every case that could be evaluated has its whole explanation folded under its row: open “How the rules weigh”, or follow the case's link."
        ]
    );
    assert_snapshot!("mixed_html", without_style(&out.stdout));
}

#[test]
fn an_output_file_ending_in_html_is_a_page() {
    let out = Test::new()
        .write("c.yaml", "id: a\nexpected: none\nfeatures: {age: 40}\n")
        .args(["batch", "c.yaml", "-o", "r.html"])
        .stdout("")
        .stderr_any()
        .run();
    let written = std::fs::read_to_string(out.dir.path().join("r.html")).unwrap();
    let document = parsed(&written);
    assert_eq!(
        texts(&document, "h1"),
        ["ALS or MS? A teaching comparison built from one reference document: batch"]
    );
    assert_eq!(
        texts(&document, "section.summary > p:not(.agreement)").last().map(String::as_str),
        Some("Every case with an expected verdict agrees with the pack.")
    );
}

#[test]
fn disagreements_are_listed_with_the_rules_that_decided_them() {
    let out = Test::new()
        .write(
            "c.yaml",
            "id: wrong\nexpected: MS\nfeatures: {age: 63, fasciculations: yes, muscle_wasting: yes}\n",
        )
        .args(["batch", "c.yaml", "--format", "html"])
        .stdout_any()
        .run();
    let document = parsed(&out.stdout);
    assert_eq!(texts(&document, "section.summary h3"), ["Expected and found", "Disagreements (1)"]);
    assert_eq!(
        texts(&document, "section.summary table:not(.confusion) tbody tr"),
        [
            "wrongMSALSfasciculations-favour-als, muscle-wasting-favours-als, older-onset-leans-alsc.yaml:1"
        ]
    );
    // The confusion matrix: MS expected, ALS found, the cell shaded full.
    assert!(
        out.stdout.contains("<tr><th>MS</th><td class=\"num shade-10\">1</td>"),
        "{}",
        out.stdout
    );
}

/// A run larger than the page: rows up to the limit, explanations for the
/// first hundred, then counts; the summary counts every case.
#[test]
fn a_large_batch_makes_a_bounded_page() {
    let mut lines = String::new();
    for i in 0..5050 {
        let features =
            if i % 2 == 0 { "{\"age\": 60, \"fasciculations\": true}" } else { "{\"agee\": 1}" };
        let _ = writeln!(lines, "{{\"id\": \"c{i}\", \"features\": {features}}}");
    }
    let out = Test::new()
        .write("many.jsonl", &lines)
        .args(["batch", "many.jsonl", "--format", "html"])
        .stdout_any()
        .status(1)
        .run();
    let document = parsed(&out.stdout);
    assert_eq!(
        texts(&document, "section.summary li"),
        ["5,050 cases read from 1 file: 2,525 evaluated, 2,525 failed."]
    );
    assert_eq!(texts(&document, "table.cases > tbody > tr:not(.explained)").len(), 5000);
    // The first hundred cases, of which the even ones were evaluated.
    assert_eq!(texts(&document, "tr.explained").len(), 50);
    assert_eq!(
        texts(&document, "section.cases > p"),
        [
            "One row a case, in the order read. Among the first 100 cases, each that could be evaluated has its whole explanation folded under its row: open “How the rules weigh”, or follow the case's link. This page shows rows for the first 5,000 cases of 5,050 (at most 5,000 rows, and 16 MiB of them); the rest are only counted.",
            "50 more cases not shown as rows. The summary above counts them; --format csv or --format jsonl lists every case.",
        ]
    );
}

#[test]
fn ids_and_file_names_from_the_inputs_stay_text() {
    let hostile = r#"<script>alert(1)</script><a href="javascript:alert(2)">x</a>"#;
    let line = serde_json::json!({"id": hostile, "expected": "MS", "features": {"fasciculations": true, "age": 70}});
    let out = Test::new()
        .write(
            "<b>cases</b>.jsonl",
            &format!("{line}\n{{\"id\": \"{}\", \"features\": 3}}\n", "<i>bad</i>"),
        )
        .args(["batch", "<b>cases</b>.jsonl", "--format", "html"])
        .stdout_any()
        .status(1)
        .run();
    let document = parsed(&out.stdout);
    let rows = texts(&document, "table.cases > tbody > tr:not(.explained)");
    assert!(rows[0].starts_with(&format!("1{hostile}ALS")), "{rows:#?}");
    assert!(rows[0].ends_with("<b>cases</b>.jsonl:1"), "{rows:#?}");
    assert!(rows[1].starts_with("2<i>bad</i>error"), "{rows:#?}");
    assert!(!out.stdout.contains("<script") && !out.stdout.contains("<b>"), "{}", out.stdout);
}

#[test]
fn the_vignettes_and_the_library_as_one_page() {
    let out = Test::new()
        .args(["batch", "--format", "html"])
        .args(
            [root().join("tests/cases"), root().join("rules/cases")]
                .map(|p| p.display().to_string()),
        )
        .stdout_any()
        .stderr_any()
        .run();
    let document = parsed(&out.stdout);
    let rows = texts(&document, "table.cases > tbody > tr:not(.explained)");
    let explained = texts(&document, "tr.explained .verdict-line");
    assert_eq!(rows.len(), explained.len());
    assert!(rows.len() >= 49, "{}", rows.len());
}

/// Ids a MiB long: a row shows the start of each, and what the batch holds
/// for the page stays within its budget of bytes, the rest counted.
#[test]
fn long_ids_keep_the_page_bounded() {
    let mut lines = String::new();
    for i in 0..40 {
        let id = format!("{i:02}{}", "x".repeat(1_000_000));
        let _ = writeln!(lines, "{{\"id\": \"{id}\", \"features\": {{\"age\": 60}}}}");
    }
    let out = Test::new()
        .write("long.jsonl", &lines)
        .args(["batch", "long.jsonl", "--format", "html"])
        .stdout_any()
        .run();
    assert!(out.stdout.len() < 20 * 1024 * 1024, "{} bytes", out.stdout.len());
    let document = parsed(&out.stdout);
    // Each folded explanation shows the id whole, twice: eight cases fill
    // the 16 MiB the batch holds for the page; the rest are counted.
    let rows = texts(&document, "table.cases > tbody > tr:not(.explained)");
    assert_eq!(rows.len(), 8);
    assert_eq!(texts(&document, "section.cases > p strong"), ["32 more cases not shown as rows."]);
    let first = format!("00{}", "x".repeat(1_000_000));
    let shown = format!("1{}… (1000002 bytes in all)", &first[..120]);
    assert!(rows[0].starts_with(&shown), "{}", rows[0].chars().take(200).collect::<String>());
}
