//! `schema rules` and `schema cases`: every shipped pack file and case file
//! passes the schema it is meant for, and common mistakes do not.

use std::path::Path;

use serde_json::Value;

use crate::test::{Test, root};

fn schema(args: &[&str]) -> Value {
    let out = Test::new().args(args).stdout_any().run();
    serde_json::from_str(&out.stdout).expect("the schema is JSON")
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::new(schema).expect("a valid JSON Schema")
}

/// A YAML text as JSON, read by the YAML library neurotriage uses (its
/// budgets aside, which these small files never reach).
fn yaml(text: &str) -> Value {
    serde_saphyr::from_str(text).expect("YAML")
}

/// The schema's complaints about `instance`, one per line.
fn problems(validator: &jsonschema::Validator, instance: &Value) -> String {
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn yaml_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_shipped_pack_file_passes_the_rule_schema() {
    let check = validator(&schema(&["schema", "rules"]));
    let mut seen = 0;
    // A weight word in another spelling, as the checker takes it.
    let spelt = yaml(
        "rules:\n  - id: a\n    when: {x: yes}\n    favours: {A: Very Strong}\n    reason: r\n    claims: [C1]\n",
    );
    assert_eq!(problems(&check, &spelt), "");
    for dir in ["rules", "tests/packs/mini", "tests/packs/three"] {
        for file in yaml_files(&root().join(dir)) {
            let text = std::fs::read_to_string(&file).expect("readable");
            let found = problems(&check, &yaml(&text));
            assert!(found.is_empty(), "{}:\n{found}", file.display());
            seen += 1;
        }
    }
    assert!(seen >= 14, "only {seen} files checked");
}

#[test]
fn the_rule_schema_rejects_common_mistakes() {
    let check = validator(&schema(&["schema", "rules"]));
    for (what, text) in [
        (
            "a misspelt key",
            "rules:\n  - id: a\n    when: {x: yes}\n    favors: {A: strong}\n    reason: r\n    claims: [C1]\n",
        ),
        (
            "an unknown weight",
            "rules:\n  - id: a\n    when: {x: yes}\n    favours: {A: huge}\n    reason: r\n    claims: [C1]\n",
        ),
        (
            "a weight out of range",
            "rules:\n  - id: a\n    when: {x: yes}\n    favours: {A: 6}\n    reason: r\n    claims: [C1]\n",
        ),
        (
            "a rule favouring nothing",
            "rules:\n  - id: a\n    when: {x: yes}\n    reason: r\n    claims: [C1]\n",
        ),
        (
            "a rule citing no claim",
            "rules:\n  - id: a\n    when: {x: yes}\n    favours: {A: 1}\n    reason: r\n    claims: []\n",
        ),
        (
            "an upper-case rule id",
            "rules:\n  - id: Rule\n    when: {x: yes}\n    favours: {A: 1}\n    reason: r\n    claims: [C1]\n",
        ),
        (
            "an unknown comparison",
            "alerts:\n  - id: a\n    when: {age: {over: 3}}\n    advice: see a doctor\n",
        ),
        ("an upper-case feature name", "features:\n  Age: {label: a, question: q, type: yes_no}\n"),
        ("a number without a range", "features:\n  age: {label: a, question: q, type: number}\n"),
        (
            "a choice without choices",
            "features:\n  course: {label: a, question: q, type: choice}\n",
        ),
        ("an unknown type", "features:\n  age: {label: a, question: q, type: integer}\n"),
        (
            "a unit on a yes/no feature",
            "features:\n  bent: {label: a, question: q, type: yes_no, unit: cm}\n",
        ),
        (
            "a range on a choice",
            "features:\n  c: {label: a, question: q, type: choice, min: 1, choices: {x: }}\n",
        ),
        ("one profile", "name: p\ntitle: t\nmargin: 3\nprofiles:\n  A: {name: a, summary: s}\n"),
        (
            "a margin of zero",
            "name: p\ntitle: t\nmargin: 0\nprofiles:\n  A: {name: a, summary: s}\n  B: {name: b, summary: s}\n",
        ),
        (
            "two lower bounds",
            "alerts:\n  - id: a\n    when: {age: {at_least: 5, above: 3}}\n    advice: see a doctor\n",
        ),
        ("a claim of an unknown kind", "claims:\n  - {id: C1, kind: central, claim: c}\n"),
        (
            "a derivation setting two features",
            "derived:\n  - {id: d, sets: {a: yes, b: yes}, when: {c: yes}, reason: r, claims: [C1]}\n",
        ),
        ("two files in one", "rules: []\nalerts: []\n"),
    ] {
        assert!(!problems(&check, &yaml(text)).is_empty(), "{what} passed the schema");
    }
}

#[test]
fn every_shipped_case_file_passes_the_case_schema() {
    let check = validator(&schema(&["schema", "cases"]));
    let mut seen = 0;
    for dir in ["tests/cases", "rules/cases"] {
        for file in yaml_files(&root().join(dir)) {
            let text = std::fs::read_to_string(&file).expect("readable");
            let found = problems(&check, &yaml(&text));
            assert!(found.is_empty(), "{}:\n{found}", file.display());
            seen += 1;
        }
    }
    assert!(seen >= 29 + 14, "only {seen} vignettes and teaching cases checked");
    let lines =
        std::fs::read_to_string(root().join("tests/batch/same/cases.jsonl")).expect("readable");
    for line in lines.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("JSON");
        let found = problems(&check, &case);
        assert!(found.is_empty(), "{line}:\n{found}");
    }
    // Any spelling the tool accepts.
    let spelt = yaml(
        "id: a\nexpected: als\nfeatures:\n  Muscle-Twitching: YES\n  COURSE: Relapsing Remitting\n  age: '63'\n  sensory loss: Not Known\n",
    );
    assert_eq!(problems(&check, &spelt), "");
    // A list of cases is a case file too.
    let list = yaml("- id: a\n  features: {age: 30, tingling: yes, course: relapsing}\n- id: b\n");
    assert_eq!(problems(&check, &list), "");
}

#[test]
fn the_case_schema_rejects_common_mistakes() {
    let check = validator(&schema(&["schema", "cases"]));
    for (what, text) in [
        ("a misspelt feature", "id: a\nfeatures: {fasiculations: yes}\n"),
        ("a misspelt key", "id: a\nexpect: ALS\n"),
        ("no id", "features: {age: 30}\n"),
        ("an age out of range", "id: a\nfeatures: {age: 200}\n"),
        ("a number as text with spaces", "id: a\nfeatures: {age: ' 62 '}\n"),
        ("an unknown choice", "id: a\nfeatures: {course: sideways}\n"),
        ("a word for yes/no that is not one", "id: a\nfeatures: {fasciculations: often}\n"),
        ("an unknown profile", "id: a\nexpected: PD\n"),
        ("features left empty", "id: a\nfeatures:\n"),
        ("a blank id", "id: ' '\n"),
    ] {
        assert!(!problems(&check, &yaml(text)).is_empty(), "{what} passed the schema");
    }
}

#[test]
fn the_case_schema_follows_the_pack_in_use() {
    let value = {
        let out = Test::new()
            .pack("three")
            .rules_dir("pack")
            .args(["schema", "cases"])
            .stdout_any()
            .run();
        serde_json::from_str::<Value>(&out.stdout).expect("JSON")
    };
    let case = &value["$defs"]["case"]["properties"];
    assert_eq!(
        case["expected"]["anyOf"][0]["enum"],
        serde_json::json!(["APPLE", "BANANA", "LEMON", "none", "no clear difference"])
    );
    assert!(value["$defs"]["features"]["properties"]["skin_colour"].is_object());
    assert_eq!(value["title"], "neurotriage case for the rule pack `fruit`");
    assert!(value["description"].as_str().expect("text").contains("not a diagnosis"));
}

#[test]
fn the_rule_schema_needs_no_working_pack_but_the_case_schema_does() {
    let broken =
        Test::new().pack("mini").rules_dir("pack").edit("pack/pack.yaml", "margin", "margn");
    broken.args(["schema", "rules"]).stdout_any().run();
    Test::new()
        .pack("mini")
        .rules_dir("pack")
        .edit("pack/pack.yaml", "margin", "margn")
        .args(["schema", "cases"])
        .status(2)
        .stderr_any()
        .run();
}

#[test]
fn an_unknown_schema_is_a_usage_error_with_the_choices() {
    Test::new()
        .args(["schema", "case"])
        .status(2)
        .stderr(
            "
            error: invalid value 'case' for '<WHICH>'
              [possible values: rules, cases]

              tip: a similar value exists: 'cases'

            For more information, try '--help'.
            ",
        )
        .run();
}

/// `docs/schema/` holds both schemas for the built-in pack, so that an
/// editor can check `rules/` (whose files name the schema on their first
/// line) without running the tool. `NEUROTRIAGE_UPDATE_SCHEMA=1 cargo test
/// schema` rewrites them.
#[test]
fn the_stored_schemas_are_current() {
    for (which, file) in
        [("rules", "docs/schema/rule-pack.schema.json"), ("cases", "docs/schema/cases.schema.json")]
    {
        let fresh = Test::new().args(["schema", which]).stdout_any().run().stdout;
        let path = root().join(file);
        if std::env::var_os("NEUROTRIAGE_UPDATE_SCHEMA").is_some() {
            std::fs::write(&path, &fresh).expect("writable");
        }
        let stored = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            stored == fresh,
            "{file} is stale: run `NEUROTRIAGE_UPDATE_SCHEMA=1 cargo test schema` and commit it"
        );
    }
    for file in yaml_files(&root().join("rules")) {
        let text = std::fs::read_to_string(&file).expect("readable");
        assert!(
            text.starts_with(
                "# yaml-language-server: $schema=../docs/schema/rule-pack.schema.json\n"
            ),
            "{} does not name the schema on its first line",
            file.display()
        );
    }
}

/// What the tool accepts, the schema accepts: names and words in other
/// spellings, numbers written as text in several ways, and a pack's own
/// synonyms with characters that mean something in a pattern. Each case is
/// also run through `batch` to show that the tool takes it.
#[test]
fn the_case_schema_accepts_what_the_tool_accepts() {
    let synonyms = "synonyms: [bent, crescent, \"Babinski's sign\", \"a+b (x)\", größe, \"x<y\"]";
    let pack = || {
        Test::new().pack("three").edit("pack/features.yaml", "synonyms: [bent, crescent]", synonyms)
    };
    let out = pack().args(["--rules", "pack", "schema", "cases"]).stdout_any().run();
    let fruit = validator(&serde_json::from_str(&out.stdout).expect("JSON"));
    let builtin = validator(&schema(&["schema", "cases"]));
    for (check, rules, line) in [
        (&fruit, true, r#"{"id": "s1", "features": {"BABINSKI'S  Sign": "YES"}}"#),
        (&fruit, true, r#"{"id": "s2", "features": {"A+B (X)": "no", "mould": null}}"#),
        (&fruit, true, r#"{"id": "s3", "features": {"GRÖßE": "present"}}"#),
        (&fruit, true, r#"{"id": "s4", "features": {"x<y": "_yes"}}"#),
        (&builtin, false, r#"{"id": "b1", "features": {"age": "62."}}"#),
        (&builtin, false, r#"{"id": "b2", "features": {"age": ".5"}}"#),
        (&builtin, false, r#"{"id": "b3", "features": {"age": "6e1"}}"#),
        (&builtin, false, r#"{"id": "b4", "features": {"_muscle twitching-": "yes_"}}"#),
        (&builtin, false, r#"{"id": "b5", "rationale": 5, "expected": "No Clear Difference"}"#),
    ] {
        let case: Value = serde_json::from_str(line).expect("JSON");
        assert_eq!(problems(check, &case), "", "{line}");
        let test = if rules { pack().args(["--rules", "pack"]) } else { Test::new() };
        test.write("case.jsonl", &format!("{line}\n"))
            .args(["-q", "batch", "case.jsonl", "--format", "jsonl"])
            .stdout_any()
            .run();
    }
}
