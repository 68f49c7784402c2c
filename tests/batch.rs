//! `neurotriage batch`: every case accounted for, formats that agree,
//! output that does not depend on the number of jobs, and the summary.

use std::fmt::Write as _;

use insta::assert_snapshot;
use serde_json::Value;

use crate::test::{Test, root};

/// A folder with good and bad case files of every format.
pub(crate) fn mixed() -> Test {
    Test::new()
        .write(
            "cases/good.yaml",
            "
            id: als-like
            expected: ALS
            features: {age: 63, fasciculations: yes, sensory_loss: no}
            ---
            id: ms-like
            expected: MS
            features: {age: 29, tingling: yes, course: relapsing}
            ",
        )
        .write("cases/list.yml", "- {id: l1, features: {age: 40}}\n- {id: l2, features: {agee: 40}}\n")
        .write("cases/sub/broken.yaml", "id: broken\nfeatures: [\n  age: 3\n")
        .write(
            "cases/sub/lines.jsonl",
            "{\"id\": \"j1\", \"features\": {\"age\": 40}}\n{not json}\n\n{\"id\": \"j3\", \"expected\": \"MS\", \"features\": {\"tingling\": true}}\n",
        )
        .write("cases/unknown-column.csv", "id,age,colour\nc1,40,red\nc2,50,blue\n")
        .write("cases/bad-cell.csv", "id,age,tingling\nc3,40,maybe\nc4,30,yes\n")
        .write("cases/notes.txt", "not a case\n")
        .write("cases/z-repeat.yaml", "id: j1\nfeatures: {age: 20}\n")
}

#[test]
fn a_mixed_folder_accounts_for_every_case() {
    let out = mixed()
        .args(["batch", "cases", "--format", "table"])
        .stdout_any()
        .stderr(
            "
            note: skipped `cases/notes.txt` (not .yaml, .yml, .jsonl, .csv or .json)
            Summary: 13 cases read from 7 files, 6 evaluated, 7 failed; 1 file skipped (not case files)
            Agreement: 3 of 3 cases with an expected verdict (100.0%)
            Confusion (rows: expected; columns: verdict):
                         ALS     MS   none
              ALS          1      0      0
              MS           0      2      0
              none         0      0      0
            Disclaimer: neurotriage is an educational tool for learning differential
            reasoning. It is not a diagnosis and not medical advice; only a clinician who
            examines the person can diagnose. If you are worried about symptoms, see a
            doctor.
            ",
        )
        .status(1)
        .run();
    assert_snapshot!("mixed_table", out.stdout);
}

#[test]
fn the_same_cases_as_yaml_json_lines_and_csv_give_the_same_results() {
    let run = |file: &str| {
        let text = std::fs::read_to_string(root().join("tests/batch/same").join(file)).unwrap();
        let out = Test::new()
            .write(file, &text)
            .args(["batch", file, "--format", "jsonl"])
            .stdout_any()
            .stderr_any()
            .run();
        out.stdout
            .lines()
            .map(|l| {
                let mut v: Value = serde_json::from_str(l).unwrap();
                v.as_object_mut().unwrap().remove("source");
                v
            })
            .collect::<Vec<Value>>()
    };
    let yaml = run("cases.yaml");
    assert_eq!(yaml.len(), 4);
    assert!(yaml.iter().all(|v| v.get("error").is_none()), "{yaml:?}");
    assert_eq!(run("cases.jsonl"), yaml);
    assert_eq!(run("cases.csv"), yaml);
}

#[test]
fn one_job_and_four_give_byte_identical_output() {
    // More cases than one chunk, so that chunks meet.
    let mut lines = String::new();
    for i in 0..2500 {
        let features = match i % 4 {
            0 => "{\"age\": 60, \"fasciculations\": true}",
            1 => "{\"age\": 30, \"course\": \"relapsing\", \"tingling\": true}",
            2 => "{\"agee\": 1}",
            _ => "{\"muscle_wasting\": true, \"visual_problems\": true}",
        };
        let _ = writeln!(lines, "{{\"id\": \"c{i}\", \"features\": {features}}}");
    }
    let run = |jobs: &str, format: &str| {
        Test::new()
            .write("many.jsonl", &lines)
            .args(["batch", "many.jsonl", "--jobs", jobs, "--format", format, "--detail", "brief"])
            .stdout_any()
            .stderr_any()
            .status(1)
            .run()
    };
    for format in ["jsonl", "json", "csv", "table", "markdown", "html"] {
        let (one, four) = (run("1", format), run("4", format));
        assert!(one.stdout == four.stdout, "--jobs 1 and 4 differ in {format}");
        assert_eq!(one.stderr, four.stderr);
    }
}

#[test]
fn standard_input_needs_its_format() {
    let text = std::fs::read_to_string(root().join("tests/batch/same/cases.csv")).unwrap();
    let out = Test::new()
        .args(["batch", "-", "--input-format", "csv", "--format", "csv"])
        .stdin(&text)
        .stdout_any()
        .stderr_any()
        .run();
    assert_snapshot!("stdin_csv", out.stdout);
    Test::new()
        .args(["batch", "-", "--format", "table"])
        .stdin(&text)
        .stdout("id                         verdict  margin top reason                 expected\n?                          error: the format of standard input is not known (-:1); give --input-format yaml, jsonl or csv\nDisclaimer: neurotriage is an educational tool for learning differential\nreasoning. It is not a diagnosis and not medical advice; only a clinician who\nexamines the person can diagnose. If you are worried about symptoms, see a\ndoctor.\n")
        .stderr_any()
        .status(1)
        .run();
}

#[test]
fn the_vignettes_as_one_batch_part_ways_only_where_known() {
    let cases = root().join("tests/cases");
    let cases = cases.to_str().unwrap();
    let out = Test::new()
        .args(["batch", cases, "--format", "json", "--fail-on-disagreement"])
        .stdout_any()
        .stderr_any()
        .status(1)
        .run();
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    let summary = &json["summary"];
    assert_eq!(summary["cases_read"], 32);
    assert_eq!(summary["failed"], 0);
    assert_eq!(summary["agreement"]["agreed"], 31);
    let listed: Vec<&str> = summary["agreement"]["listed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    // The known findings, named once with their reasons in the file the
    // vignette unit test reads too.
    let known = std::fs::read_to_string(root().join("src/tests/known_disagreements.json")).unwrap();
    let known: Value = serde_json::from_str(&known).unwrap();
    let known: Vec<&str> =
        known.as_array().unwrap().iter().map(|k| k["id"].as_str().unwrap()).collect();
    assert!(!known.is_empty(), "the vignettes have a known disagreement");
    assert_eq!(listed, known);
    assert!(json["disclaimer"].as_str().unwrap().contains("not a diagnosis"));
    // Without the flag a disagreement is not a failure.
    Test::new().args(["batch", cases, "--format", "csv"]).stdout_any().stderr_any().run();
}

#[test]
fn every_format_carries_the_disclaimer() {
    for format in ["json", "jsonl", "csv", "table", "markdown"] {
        let out = Test::new()
            .write("c.yaml", "id: a\nfeatures: {age: 40}\n")
            .args(["batch", "c.yaml", "--format", format])
            .stdout_any()
            .stderr_any()
            .run();
        let both = format!("{}{}", out.stdout, out.stderr);
        assert!(both.contains("It is not a diagnosis"), "{format}: {both}");
    }
}

#[test]
fn output_goes_to_a_file_when_asked() {
    let out = Test::new()
        .write("c.yaml", "id: a\nfeatures: {age: 40}\n")
        .args(["batch", "c.yaml", "--format", "jsonl", "--output", "out.jsonl"])
        .stderr_any()
        .run();
    let written = std::fs::read_to_string(out.dir.path().join("out.jsonl")).unwrap();
    assert_eq!(written.lines().count(), 1);
    Test::new()
        .write("c.yaml", "id: a\nfeatures: {age: 40}\n")
        .args(["batch", "c.yaml", "--output", "no/such/folder/out.jsonl"])
        .stderr("error: cannot write `no/such/folder/out.jsonl`: no such file or folder\n |\n = help: check that the folder exists and can be written to\n")
        .status(2)
        .run();
}

#[test]
fn a_path_that_does_not_exist_is_one_failed_input() {
    Test::new()
        .args(["batch", "missing.yaml", "--format", "csv"])
        .stdout("id,source,expected,verdict,conflict,margin,score_ALS,score_MS,agrees,deciding_rules,error\n,missing.yaml:1,,,,,,,,,cannot read it: no such file or folder\n")
        .stderr_any()
        .status(1)
        .run();
}

#[test]
fn markdown_is_a_handout() {
    let cases = root().join("tests/batch/same/cases.yaml");
    let text = std::fs::read_to_string(cases).unwrap();
    let out = Test::new()
        .write("cases.yaml", &text)
        .args(["batch", "cases.yaml", "--format", "markdown"])
        .stdout_any()
        .run();
    assert_snapshot!("markdown", out.stdout);
}

#[test]
fn empty_inputs_are_failures_not_silence() {
    Test::new()
        .write("a.csv", "")
        .write("b.csv", "id,age\n")
        .write("c.jsonl", "\n\n")
        .args(["batch", "a.csv", "b.csv", "c.jsonl", "--format", "csv"])
        .stdout("id,source,expected,verdict,conflict,margin,score_ALS,score_MS,agrees,deciding_rules,error\n,a.csv:1,,,,,,,,,this file holds no case\n,b.csv:1,,,,,,,,,this file holds no case\n,c.jsonl:1,,,,,,,,,this file holds no case\n")
        .stderr_any()
        .status(1)
        .run();
    let out = Test::new()
        .write("empty/.keep", "")
        .args(["batch", "empty", "--format", "jsonl"])
        .stderr_any()
        .status(1)
        .run();
    assert!(out.stderr.starts_with("note: skipped `empty/.keep`"), "{}", out.stderr);
    assert!(out.stderr.contains("error: no case was read\n"), "{}", out.stderr);
}

#[test]
fn an_output_file_chooses_its_format_by_extension() {
    let out = Test::new()
        .write("c.yaml", "id: a\nfeatures: {age: 40}\n")
        .args(["batch", "c.yaml", "--output", "r.csv"])
        .stderr_any()
        .run();
    let written = std::fs::read_to_string(out.dir.path().join("r.csv")).unwrap();
    assert!(written.starts_with("id,source,expected,verdict"), "{written}");
}

#[test]
fn a_repeated_id_is_found_even_when_the_first_case_failed() {
    Test::new()
        .write("c.yaml", "id: dup\nfeatures: {age: 999}\n---\nid: dup\nfeatures: {age: 40}\n")
        .args(["batch", "c.yaml", "--format", "csv"])
        .stdout("id,source,expected,verdict,conflict,margin,score_ALS,score_MS,agrees,deciding_rules,error\ndup,c.yaml:2:17,,,,,,,,,999 is outside the range of `age` (0 to 120)\ndup,c.yaml:4,,,,,,,,,the id `dup` was given to the case at c.yaml:1\n")
        .stderr_any()
        .status(1)
        .run();
}

#[test]
fn an_unclosed_quote_in_a_csv_is_reported_not_swallowed() {
    Test::new()
        .write("c.csv", "id,age\n\"a,40\nb,50\nc,60\n")
        .args(["batch", "c.csv", "--format", "csv"])
        // The id shown is the cell as read: the swallowed rows are visible.
        .stdout("id,source,expected,verdict,conflict,margin,score_ALS,score_MS,agrees,deciding_rules,error\n\"a,40\nb,50\nc,60\",c.csv:2,,,,,,,,,a double quote in this row is never closed\n")
        .stderr_any()
        .status(1)
        .run();
}

#[test]
fn the_output_file_is_never_read_as_an_input() {
    Test::new()
        .write("c.jsonl", "{\"id\": \"a\", \"features\": {\"age\": 40}}\n")
        .args(["batch", "c.jsonl", "--output", "c.jsonl"])
        .stderr("error: `c.jsonl` is both an input and the output\n |\n = help: write the results to another file\n")
        .status(2)
        .run();
    let out = Test::new()
        .write("cases/c.jsonl", "{\"id\": \"a\", \"features\": {\"age\": 40}}\n")
        .write("cases/out.jsonl", "left from an earlier run\n")
        .args(["batch", "cases", "--output", "cases/out.jsonl"])
        .stderr_any()
        .run();
    assert!(
        out.stderr.starts_with("note: skipped `cases/out.jsonl`, the output file\n"),
        "{}",
        out.stderr
    );
    let written = std::fs::read_to_string(out.dir.path().join("cases/out.jsonl")).unwrap();
    assert_eq!(written.lines().count(), 1, "{written}");
}

#[test]
fn csv_headers_a_spreadsheet_writes() {
    // A trailing comma gives a column without a name; a key column given
    // twice would drop a cell.
    Test::new()
        .write("c.csv", "id,age,\na,40,\nb,50,x\n")
        .args(["batch", "c.csv", "--format", "csv"])
        .stdout("id,source,expected,verdict,conflict,margin,score_ALS,score_MS,agrees,deciding_rules,error\na,c.csv:2,,none,false,0,0,0,,,\nb,c.csv:3,,,,,,,,,a cell under a column without a name holds `x`\n")
        .stderr_any()
        .status(1)
        .run();
    Test::new()
        .write("c.csv", "id,expected,expected,age\na,ALS,MS,50\n")
        .args(["batch", "c.csv", "--format", "csv"])
        .stdout("id,source,expected,verdict,conflict,margin,score_ALS,score_MS,agrees,deciding_rules,error\na,c.csv:2,,,,,,,,,column `expected` (in the header) is not a feature\n")
        .stderr_any()
        .status(1)
        .run();
}

#[test]
fn a_json_key_given_twice_is_an_error() {
    Test::new()
        .write("c.jsonl", "{\"id\": \"a\", \"id\": \"b\", \"features\": {}}\n")
        .args(["batch", "c.jsonl", "--format", "csv"])
        .stdout("id,source,expected,verdict,conflict,margin,score_ALS,score_MS,agrees,deciding_rules,error\n,c.jsonl:1:16,,,,,,,,,not valid JSON: the key `id` is given twice\n")
        .stderr_any()
        .status(1)
        .run();
}

#[test]
fn jobs_are_bounded() {
    Test::new().args(["batch", "x.yaml", "--jobs", "100000"]).stderr_any().status(2).run();
}

#[test]
fn csv_lines_are_right_with_crlf_blank_lines_and_line_breaks_in_cells() {
    Test::new()
        .write("crlf.csv", "id,age\r\na,999\r\nb,999\r\n")
        .write("blank.csv", "id,age\na,999\n\nb,999\n")
        .write("cell.csv", "id,description,age\n\"x\",\"two\nlines\",999\ny,z,999\n")
        .args(["batch", "crlf.csv", "blank.csv", "cell.csv", "--format", "csv"])
        .stdout(
            "
            id,source,expected,verdict,conflict,margin,score_ALS,score_MS,agrees,deciding_rules,error
            a,crlf.csv:2,,,,,,,,,999 is outside the range of `age` (0 to 120)
            b,crlf.csv:3,,,,,,,,,999 is outside the range of `age` (0 to 120)
            a,blank.csv:2,,,,,,,,,999 is outside the range of `age` (0 to 120)
            b,blank.csv:4,,,,,,,,,999 is outside the range of `age` (0 to 120)
            x,cell.csv:2,,,,,,,,,999 is outside the range of `age` (0 to 120)
            y,cell.csv:4,,,,,,,,,999 is outside the range of `age` (0 to 120)
            ",
        )
        .stderr_any()
        .status(1)
        .run();
}

#[test]
fn a_quote_never_closed_in_a_description_fails_its_row() {
    Test::new()
        .write("q.csv", "id,description,age\na,\"oops,62\nb,fine,30\nc,ok,40\n")
        .args(["batch", "q.csv", "--format", "csv"])
        .stdout("id,source,expected,verdict,conflict,margin,score_ALS,score_MS,agrees,deciding_rules,error\na,q.csv:2,,,,,,,,,a double quote in this row is never closed\n")
        .stderr_any()
        .status(1)
        .run();
}

#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_ends_the_run_with_its_reason() {
    // `/dev/full` takes the file open and refuses every write.
    for jobs in ["1", "4"] {
        Test::new()
            .write("c.yaml", "id: a\nfeatures: {age: 40}\n")
            .args(["batch", "c.yaml", "--format", "jsonl", "--output", "/dev/full", "--jobs", jobs])
            .stderr("error: cannot write output: no space left on device\n")
            .status(2)
            .run();
    }
}

/// A "no clear difference" whose findings conflict reads apart from one
/// where little is known in every per-case format, and counts as `none`
/// for agreement.
#[test]
fn a_conflict_shows_in_every_per_case_format() {
    let case = "none-12-sensory-loss-with-wasting-and-twitching";
    let file = root().join(format!("tests/cases/{case}.yaml"));
    let file = file.to_str().unwrap();
    let run = |format: &str| {
        Test::new()
            .args(["-q", "batch", file, "--format", format, "--detail", "verdict"])
            .stdout_any()
            .stderr_any()
            .run()
            .stdout
    };
    let table = run("table");
    assert_eq!(
        table.lines().nth(1),
        Some("none-12-sensory-loss-with~ conflict      1 sensory-loss-favours-ms    none"),
        "{table}"
    );
    let csv = run("csv");
    let row: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(&row[2..9], ["none", "none", "true", "1", "4", "3", "true"], "{csv}");
    let markdown = run("markdown");
    assert!(
        markdown.contains(&format!(
            "\n| {case} | conflict | 1 | sensory-loss-favours-ms | none | yes |\n"
        )),
        "{markdown}"
    );
    let line: Value = serde_json::from_str(run("jsonl").trim_end()).unwrap();
    assert_eq!(
        (&line["verdict"], &line["conflict"], &line["agrees"]),
        (&Value::Null, &Value::Bool(true), &Value::Bool(true))
    );
    // A clear verdict is never a conflict.
    let clear = root().join("tests/cases/als-01-typical-limb-onset.yaml");
    let out = Test::new()
        .args(["-q", "batch", clear.to_str().unwrap(), "--format", "jsonl", "--detail", "verdict"])
        .stdout_any()
        .run()
        .stdout;
    let line: Value = serde_json::from_str(out.trim_end()).unwrap();
    assert_eq!((&line["verdict"], &line["conflict"]), (&Value::from("ALS"), &Value::Bool(false)));
}
