//! The case library: `cases`, `cases show`, `explain FILE` and `explain
//! --case ID`, `--cases DIR`, `rules check` on a pack's teaching cases, and
//! staged cases in `batch`. The quiz has its own module.

use insta::assert_snapshot;
use serde_json::Value;

use crate::test::{Test, root};

/// A staged case for the three-profile fruit pack: the engine and the
/// library know nothing of any one pack.
const FRUIT_CASE: &str = "
    id: f1-curved
    title: A long yellow fruit
    description: A curved fruit, first seen from afar, then held.
    expected: BANANA
    rationale: Long, curved and yellow is the banana's picture (F1).
    claims: [F1]
    teaching_points:
      - The shape is seen before the skin is touched.
    stages:
      - name: seen
        description: It is long and curved.
        features:
          curved: yes
      - name: held
        description: The skin is yellow and peels by hand.
        features:
          skin_colour: yellow
          peels_by_hand: yes
    ";

#[test]
fn cases_lists_the_built_in_library() {
    let out = Test::new().args(["cases"]).stdout_any().run().stdout;
    assert!(out.starts_with("Teaching cases (17, the built-in library):\n"), "{out}");
    assert!(out.contains("It is not a diagnosis"), "the disclaimer: {out}");
    // The list does not give the answers away: a student may be about to
    // take the quiz.
    assert!(!out.contains("Expected"), "{out}");
    assert_snapshot!(out);
}

#[test]
fn cases_show_prints_one_case_whole() {
    let out = Test::new().args(["cases", "show", "t06-years-of-attacks"]).stdout_any().run();
    assert_snapshot!(out.stdout);
    let markdown = Test::new()
        .args(["cases", "show", "t06-years-of-attacks", "-f", "markdown"])
        .stdout_any()
        .run()
        .stdout;
    assert!(markdown.starts_with("# A long illness and a worsening walk\n\n> **neurotriage is"));
    assert!(markdown.contains("## Stage 2: follow-up\n"), "{markdown}");
    assert!(markdown.contains("- **Expected** (what the source implies): MS\n"), "{markdown}");
}

#[test]
fn an_unknown_case_id_is_named_with_a_suggestion() {
    Test::new()
        .args(["cases", "show", "t06-years-of-attack"])
        .stderr("error: no teaching case has the id `t06-years-of-attack`\n |\n = help: did you mean `t06-years-of-attacks`?\n")
        .status(2)
        .run();
    Test::new()
        .args(["explain", "--case", "nothing-like-it"])
        .stderr("error: no teaching case has the id `nothing-like-it`\n |\n = help: `neurotriage cases` lists the cases\n")
        .status(2)
        .run();
}

#[test]
fn explain_a_library_case_shows_the_case_and_whether_the_pack_agrees() {
    let out = Test::new().args(["explain", "--case", "t05-stiff-legs"]).stdout_any().run().stdout;
    assert!(out.starts_with("Case t05-stiff-legs: Legs that have turned to wood\n"), "{out}");
    // The trap the case teaches, which the pack no longer falls into.
    assert!(
        out.contains(
            "Expected (what the source implies): no clear difference; the rule pack agrees.\n"
        ),
        "{out}"
    );
    assert!(out.ends_with("see a\ndoctor.\n"), "the disclaimer ends it: {out}");
    // A case the pack gets wrong (a known finding among the vignettes) says so.
    let vignette = root().join("tests/cases/none-09-long-survival-with-wasting.yaml");
    let out = Test::new().args(["explain", vignette.to_str().unwrap()]).stdout_any().run().stdout;
    assert!(
        out.contains("Expected (what the source implies): no clear difference; the rule pack parts\n    from it: a finding to teach from.\n"),
        "{out}"
    );
    let json: Value = serde_json::from_str(
        &Test::new()
            .args(["explain", "--case", "t01-weak-hand", "-f", "json"])
            .stdout_any()
            .run()
            .stdout,
    )
    .unwrap();
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).take(2).collect();
    assert_eq!(keys, ["case", "disclaimer"], "the case comes first");
    let case = &json["case"];
    assert_eq!(case["id"], "t01-weak-hand");
    assert_eq!(case["expected"], "ALS");
    assert_eq!(case["agrees"], true);
    assert_eq!(case["stages"].as_array().unwrap().len(), 2);
    assert!(case["teaching_points"].as_array().unwrap().len() >= 2);
    let markdown = Test::new()
        .args(["explain", "--case", "t01-weak-hand", "-f", "markdown"])
        .stdout_any()
        .run()
        .stdout;
    assert!(markdown.contains("\n## The case: A hand that drops the keys\n"), "{markdown}");
}

#[test]
fn explain_a_case_file_counts_all_its_stages() {
    let out = Test::new()
        .pack("three")
        .write("pack/cases/f1-curved.yaml", FRUIT_CASE)
        .write("banana.yaml", FRUIT_CASE)
        .rules_dir("pack")
        .args(["explain", "banana.yaml", "--brief"])
        .stdout_any()
        .run()
        .stdout;
    assert_snapshot!(out);
    // The same case from the pack's own library.
    let library = Test::new()
        .pack("three")
        .write("pack/cases/f1-curved.yaml", FRUIT_CASE)
        .rules_dir("pack")
        .args(["explain", "--case", "f1-curved", "--brief"])
        .stdout_any()
        .run()
        .stdout;
    assert_eq!(library, out);
}

#[test]
fn a_case_file_that_cannot_be_explained_says_why() {
    Test::new()
        .args(["explain", "missing.yaml"])
        .stderr("error: cannot read `missing.yaml`: no such file or folder\n--> missing.yaml\n = help: check that it is a file and that it can be read\n")
        .status(2)
        .run();
    Test::new()
        .write("two.yaml", "- id: a\n  features: {age: 30}\n- id: b\n  features: {age: 40}\n")
        .args(["explain", "two.yaml"])
        .stderr("error: `two.yaml` holds 2 cases; `explain` explains one\n |\n = help: put the file in a folder and name one case: `neurotriage --cases DIR explain --case ID`; or run `neurotriage batch` on the file\n")
        .status(2)
        .run();
    Test::new()
        .write(
            "bad.yaml",
            "id: a\nstages:\n  - name: history\n    features: {fasiculations: yes}\n",
        )
        .args(["explain", "bad.yaml"])
        .stderr(
            "
            error: unknown feature `fasiculations`
             --> bad.yaml:4:16
              |
            4 |     features: {fasiculations: yes}
              |                ^^^^^^^^^^^^^
              |
              = help: did you mean `fasciculations`?
            ",
        )
        .status(2)
        .run();
}

#[test]
fn a_teachers_folder_replaces_the_library() {
    let out = Test::new()
        .pack("three")
        .write("mine/f1-curved.yaml", FRUIT_CASE)
        .rules_dir("pack")
        .args(["--cases", "mine", "cases"])
        .stdout_any()
        .run()
        .stdout;
    assert!(out.starts_with("Teaching cases (1, the folder `mine`):\n  f1-curved  A long yellow fruit (2 stages)\n    The shape is seen before the skin is touched.\n"), "{out}");
    let empty = Test::new().pack("three").rules_dir("pack").args(["cases"]).stdout_any().run();
    assert!(
        empty.stdout.starts_with("No teaching case in the rule pack's folder `pack`. A rule pack keeps them in its\n`cases/` folder;"),
        "{}",
        empty.stdout
    );
    Test::new()
        .args(["--cases", "no-such-folder", "cases"])
        .stderr("error: cannot read the folder of teaching cases `no-such-folder`: no such file or folder\n")
        .status(2)
        .run();
}

#[test]
fn rules_check_checks_the_packs_teaching_cases() {
    Test::new()
        .pack("three")
        .write(
            "pack/cases/f1-curved.yaml",
            &FRUIT_CASE.replace("[F1]", "[F9]").replace("BANANA", "BANANAS"),
        )
        .write(
            "pack/cases/f2.yaml",
            "id: f2\nstages:\n  - name: seen\n    features: {curved: maybe}\n",
        )
        .args(["rules", "check", "pack"])
        .stderr_any()
        .status(2)
        .run();
    let out = Test::new()
        .pack("three")
        .write(
            "pack/cases/f2.yaml",
            "id: f2\nstages:\n  - name: seen\n    features: {curved: maybe}\n",
        )
        .args(["rules", "check", "pack"])
        .stderr_any()
        .status(2)
        .run();
    assert_snapshot!(out.stderr);
    Test::new()
        .pack("three")
        .write("pack/cases/f1-curved.yaml", FRUIT_CASE)
        .args(["rules", "check", "pack"])
        .stdout("ok: rule pack `fruit`: 3 profiles, 9 features, 2 derivations, 7 rules, 2 alerts, 5 claims, 1 teaching case\n")
        .run();
}

#[test]
fn the_library_as_a_batch_agrees_except_the_known_findings() {
    let cases = root().join("rules/cases");
    let known =
        std::fs::read_to_string(root().join("src/tests/known_library_disagreements.json")).unwrap();
    let known: Value = serde_json::from_str(&known).unwrap();
    let known: Vec<&str> =
        known.as_array().unwrap().iter().map(|k| k["id"].as_str().unwrap()).collect();
    // `--fail-on-disagreement` fails the run exactly when a case parts.
    let out = Test::new()
        .args(["batch", cases.to_str().unwrap(), "--format", "json", "--fail-on-disagreement"])
        .stdout_any()
        .stderr_any()
        .status(i32::from(!known.is_empty()))
        .run();
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    let summary = &json["summary"];
    assert_eq!(summary["cases_read"], 17);
    assert_eq!(summary["failed"], 0);
    let listed: Vec<&str> = summary["agreement"]["listed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, known);
}

#[test]
fn a_staged_case_in_json_lines_counts_all_its_stages() {
    let line = r#"{"id":"s","stages":[{"name":"a","features":{"curved":true}},{"name":"b","features":{"skin_colour":"yellow","peels_by_hand":true}}]}"#;
    let staged = Test::new()
        .pack("three")
        .rules_dir("pack")
        .stdin(&format!("{line}\n"))
        .args(["batch", "-", "--input-format", "jsonl", "--detail", "verdict"])
        .stdout_any()
        .stderr_any()
        .run()
        .stdout;
    let flat = Test::new()
        .pack("three")
        .rules_dir("pack")
        .stdin("{\"id\":\"s\",\"features\":{\"curved\":true,\"skin_colour\":\"yellow\",\"peels_by_hand\":true}}\n")
        .args(["batch", "-", "--input-format", "jsonl", "--detail", "verdict"])
        .stdout_any()
        .stderr_any()
        .run()
        .stdout;
    assert_eq!(staged, flat);
}

#[test]
fn a_case_file_over_the_limit_is_refused_before_it_is_read() {
    Test::new()
        .sparse("big.yaml", 2 << 30)
        .args(["explain", "big.yaml"])
        .stderr("error: `big.yaml` is larger than the 1 MiB limit for teaching case files\n--> big.yaml\n = help: a case file holds text only; split the cases into several files, or check that this is the right file\n")
        .status(2)
        .run();
}

#[test]
fn a_quiz_on_a_folder_without_case_files_says_so() {
    Test::new()
        .write("lesson/week-1/a.yaml", "id: a\nfeatures: {age: 30}\n")
        .args(["quiz", "lesson"])
        .stderr("error: no case file (`.yaml`, `.yml`) in `lesson`\n |\n = help: a folder's case files are read, not its subfolders; name the folder that holds them\n")
        .status(2)
        .run();
}

#[test]
fn a_quiz_on_a_file_does_not_need_the_library() {
    // A mistake in the teacher's library does not stop a quiz on a file;
    // a library id does need the library, and then the mistake is shown.
    let out = Test::new()
        .write("broken/x.yaml", "id: x\nfeatures: {nonsense: yes}\n")
        .write("mine.yaml", "id: mine\nfeatures: {age: 30}\n")
        .args(["--cases", "broken", "quiz", "-q", "mine.yaml"])
        .stdin("undecided low\n")
        .stdout_any()
        .run();
    assert!(out.stdout.contains("Case 1 of 1: mine\n"), "{}", out.stdout);
    Test::new()
        .write("broken/x.yaml", "id: x\nfeatures: {nonsense: yes}\n")
        .args(["--cases", "broken", "quiz", "x"])
        .stderr("error: unknown feature `nonsense`\n --> broken/x.yaml:2:12\n  |\n2 | features: {nonsense: yes}\n  |            ^^^^^^^^\n  |\n  = help: `neurotriage features` lists the features\n")
        .status(2)
        .run();
}

#[test]
fn a_seed_gives_a_class_one_order() {
    let first = |args: &[&str]| {
        let out = Test::new().args(["quiz"]).args(args).stdout_any().run().stdout;
        out.lines().find(|l| l.starts_with("Case 1 of 17")).unwrap_or_default().to_owned()
    };
    let seeded = first(&["--shuffle", "--seed", "7"]);
    assert_eq!(seeded, first(&["--shuffle", "--seed", "7"]));
    assert_eq!(seeded, "Case 1 of 17: Numb feet, thin hands (t08-numb-and-thin)");
    let out = Test::new().args(["quiz", "--shuffle", "--seed", "7"]).stdout_any().run().stdout;
    assert!(
        out.contains("Cases shuffled with seed 7: `--shuffle --seed 7` gives this order again.\n"),
        "{out}"
    );
    Test::new().args(["quiz", "--seed", "7"]).stderr_any().status(2).run();
}

#[test]
fn a_case_without_a_title_goes_by_its_id_and_long_text_is_cut_in_the_list() {
    let long = "word ".repeat(5_000);
    let out = Test::new()
        .write("mine/a.yaml", &format!("id: a\ndescription: {long}\nfeatures: {{age: 30}}\n"))
        .args(["--cases", "mine", "cases"])
        .stdout_any()
        .run()
        .stdout;
    assert!(
        out.starts_with("Teaching cases (1, the folder `mine`):\n  a (1 stage)\n    word word"),
        "{out}"
    );
    assert!(out.len() < 1_000, "the list shows two lines of a long text: {} bytes", out.len());
    let show = Test::new()
        .write("mine/a.yaml", "id: a\nfeatures: {age: 30}\n")
        .args(["--cases", "mine", "cases", "show", "a"])
        .stdout_any()
        .run()
        .stdout;
    assert!(show.starts_with("a\n\nStage 1, case\n"), "{show}");
}
