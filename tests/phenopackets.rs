//! GA4GH Phenopackets (schema v2.0) as batch input: the same findings
//! give the same results as a YAML case; terms the pack has no feature for
//! are notes, never failures; a malformed phenopacket fails alone, naming
//! its JSON path. The fixtures in `tests/phenopackets/` are written in the
//! standard's shape (`metaData.phenopacketSchemaVersion: "2.0"`), each with
//! the same case as YAML beside it.

use serde_json::Value;

use crate::test::{Test, root};

/// The JSON Lines results of `batch ARGS --detail verdict`, one per case.
fn results(test: Test, args: &[&str]) -> Vec<Value> {
    let out = test
        .args(["batch", "--format", "jsonl", "--detail", "verdict"])
        .args(args)
        .stdout_any()
        .stderr_any()
        .status(0)
        .run();
    out.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// What a case's result says about the case (not where it came from).
fn verdicts(results: &[Value]) -> Vec<Value> {
    results
        .iter()
        .map(|r| {
            let keep = [
                "id", "expected", "agrees", "verdict", "margin", "conflict", "scores", "fired",
                "alerts",
            ];
            keep.iter()
                .map(|k| ((*k).to_owned(), r[*k].clone()))
                .collect::<serde_json::Map<_, _>>()
                .into()
        })
        .collect()
}

fn fixture(name: &str) -> String {
    root().join("tests/phenopackets").join(name).display().to_string()
}

#[test]
fn a_phenopacket_gives_what_the_same_case_in_yaml_gives() {
    let from_packets =
        results(Test::new(), &[&fixture("als-typical.json"), &fixture("ms-relapsing.json")]);
    let from_yaml =
        results(Test::new(), &[&fixture("als-typical.yaml"), &fixture("ms-relapsing.yaml")]);
    assert_eq!(verdicts(&from_packets), verdicts(&from_yaml));
    assert_eq!(from_packets[0]["verdict"], "ALS");
    assert_eq!(from_packets[1]["verdict"], "MS");
    // The extended pack maps the same terms.
    let extended =
        |name: &str| results(Test::new().args(["--pack", "extended"]), &[&fixture(name)]);
    assert_eq!(verdicts(&extended("als-typical.json")), verdicts(&extended("als-typical.yaml")));
}

#[test]
fn terms_the_pack_has_no_feature_for_are_notes() {
    let out = results(Test::new(), &[&fixture("als-typical.json"), &fixture("ms-relapsing.json")]);
    assert_eq!(
        out[0]["notes"],
        serde_json::json!([
            "`phenotypicFeatures[6]`: the pack has no feature for `HP:0001250` (Seizure)"
        ])
    );
    assert_eq!(
        out[1]["notes"],
        serde_json::json!([
            "`phenotypicFeatures[5]`: `HP:0003676` (Progressive) is excluded; `course` cannot say \"not progressive\", so it stays unknown",
            "`phenotypicFeatures[6]`: the pack has no feature for `HP:0012378` (Fatigue)"
        ])
    );
    // A YAML case has none, and its object no `notes` key.
    let yaml = results(Test::new(), &[&fixture("als-typical.yaml")]);
    assert!(yaml[0].get("notes").is_none(), "{}", yaml[0]);
    // The summary counts the cases with notes.
    let out = Test::new()
        .args(["batch", "--format", "table", &fixture("als-typical.json")])
        .stdout_any()
        .stderr_any()
        .run();
    assert!(
        out.stderr.contains(
            "\nNotes: 1 case (what a case could not carry over to this pack, such as a term it has no feature for; the JSON outputs list them)\n"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn phenopackets_as_json_lines_and_from_standard_input() {
    let compact = |name: &str| {
        let value: Value =
            serde_json::from_str(&std::fs::read_to_string(fixture(name)).unwrap()).unwrap();
        value.to_string()
    };
    let lines = format!("{}\n{}\n", compact("als-typical.json"), compact("ms-relapsing.json"));
    let from_lines = results(Test::new().write("packets.jsonl", &lines), &["packets.jsonl"]);
    let from_files =
        results(Test::new(), &[&fixture("als-typical.json"), &fixture("ms-relapsing.json")]);
    assert_eq!(verdicts(&from_lines), verdicts(&from_files));
    let from_stdin = results(
        Test::new().stdin(&compact("als-typical.json")),
        &["-", "--input-format", "phenopacket"],
    );
    assert_eq!(verdicts(&from_stdin), verdicts(&from_files[..1]));
}

#[test]
fn a_broken_phenopacket_fails_alone_at_its_json_path() {
    let broken = std::fs::read_to_string(fixture("broken.json.txt")).unwrap();
    let out = Test::new()
        .write("cases/a-broken.json", &broken)
        .write(
            "cases/b-old.json",
            "{\"id\": \"old\", \"metaData\": {\"phenopacketSchemaVersion\": \"1.0\"}}",
        )
        .write("cases/c-good.json", &std::fs::read_to_string(fixture("als-typical.json")).unwrap())
        .args(["batch", "cases", "--format", "jsonl", "--detail", "verdict"])
        .stdout_any()
        .stderr_any()
        .status(1)
        .run();
    let lines: Vec<Value> = out.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "pp-broken");
    assert_eq!(
        lines[0]["error"]["message"],
        "not a phenopacket: at `phenotypicFeatures[1].type.id`: invalid type: integer `3`, expected a string"
    );
    assert_eq!(
        lines[1]["error"]["message"],
        "not a phenopacket: at `metaData.phenopacketSchemaVersion`: version `1.0` is not read"
    );
    assert_eq!(lines[2]["verdict"], "ALS");
}
