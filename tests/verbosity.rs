//! `-q/--quiet` and `-v/--verbose`: fewer or more messages on standard
//! error; results, errors and the disclaimer never change.

use crate::test::{DISCLAIMER, Test};

#[test]
fn a_quiet_batch_prints_the_same_results_and_nothing_on_standard_error() {
    let normal = Test::new()
        .write("cases/a.yaml", "id: a\nfeatures: {age: 30}\n")
        .write("cases/notes.txt", "not a case file")
        .args(["batch", "cases", "--format", "jsonl"])
        .stdout_any()
        .stderr_any()
        .run();
    assert!(normal.stderr.contains("note: skipped `cases/notes.txt`"));
    assert!(normal.stderr.contains("Summary: 1 case read"));
    let quiet = Test::new()
        .write("cases/a.yaml", "id: a\nfeatures: {age: 30}\n")
        .write("cases/notes.txt", "not a case file")
        .args(["batch", "cases", "--format", "jsonl", "-q"])
        .stdout_any()
        .run();
    assert_eq!(quiet.stdout, normal.stdout);
    assert!(quiet.stdout.contains("\"disclaimer\""));
}

#[test]
fn a_quiet_batch_still_reports_a_failed_case_in_the_results_and_the_status() {
    // CSV has no room for the disclaimer: it stays on standard error.
    let out = Test::new()
        .write("cases/a.yaml", "id: a\nfeatures: {agee: 30}\n")
        .args(["--quiet", "batch", "cases", "--format", "csv"])
        .status(1)
        .stdout_any()
        .stderr(DISCLAIMER)
        .run();
    assert!(out.stdout.contains("unknown feature `agee`"), "{}", out.stdout);
}

#[test]
fn quiet_rules_check_prints_errors_only() {
    let with_warning = |t: Test| {
        t.pack("mini").edit(
            "pack/claims.yaml",
            "claim: Coffee is made from roasted beans and is usually bitter.\n",
            "claim: Coffee is made from roasted beans and is usually bitter.\n  - id: K3\n    kind: discriminating\n    claim: Milk goes into tea more often.\n",
        )
    };
    with_warning(Test::new()).args(["-q", "rules", "check", "pack"]).run();
    with_warning(Test::new())
        .args(["rules", "check", "pack"])
        .stdout("ok: rule pack `mini`: 2 profiles, 3 features, 0 derivations, 2 rules, 0 alerts, 3 claims (1 warning)\n")
        .stderr_any()
        .run();
    Test::new()
        .pack("mini")
        .edit("pack/pack.yaml", "margin: 2", "margin: 0")
        .args(["-q", "rules", "check", "pack"])
        .status(2)
        .stderr(
            "
            error: margin must be a whole number from 1 to 1000, found 0
             --> pack/pack.yaml:4:9
              |
            4 | margin: 0
              |         ^
              |
              = help: the margin is the smallest lead that counts as a clear difference

            error: the rule pack has 1 error; docs/rules.md describes the rule language
            ",
        )
        .run();
}

#[test]
fn the_quiet_prompt_starts_with_the_disclaimer_alone() {
    let out = Test::new().args(["-q", "prompt"]).stdin("quit\n").stdout_any().run();
    assert_eq!(out.stdout, DISCLAIMER);
}

#[test]
fn verbose_names_the_rule_pack_and_where_it_came_from() {
    let out =
        Test::new().args(["-v", "explain", "age=30", "--brief"]).stdout_any().stderr_any().run();
    assert!(
        out.stderr.starts_with(
            "note: rule pack `als-ms`: built-in `document` (its stored, checked copy); 2 profiles, 27 features, 29 rules; loaded in "
        ),
        "{}",
        out.stderr
    );
    let out = Test::new()
        .pack("three")
        .args(["--verbose", "--rules", "pack", "features"])
        .stdout_any()
        .stderr_any()
        .run();
    assert!(
        out.stderr.starts_with("note: rule pack `fruit`: read from `pack`; 3 profiles,"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_verbose_batch_ends_with_its_time_and_speed() {
    let out = Test::new()
        .write("a.jsonl", "{\"id\": \"a\"}\n{\"id\": \"b\"}\n")
        .args(["-v", "batch", "a.jsonl", "-j", "1", "-f", "jsonl"])
        .stdout_any()
        .stderr_any()
        .run();
    let last = out.stderr.lines().last().unwrap_or_default();
    assert!(last.starts_with("note: 2 cases in "), "{last}");
    assert!(last.ends_with(" cases/s) on 1 worker thread"), "{last}");
}

#[test]
fn quiet_and_verbose_together_are_a_usage_error() {
    Test::new()
        .args(["-q", "-v", "features"])
        .status(2)
        .stderr(
            "
            error: the argument '--quiet' cannot be used with '--verbose...'

            Usage: neurotriage --quiet

            For more information, try '--help'.
            ",
        )
        .run();
}

/// Quiet leaves out the summary, so a run that fails on a disagreement
/// still says why, in one line.
#[test]
fn a_quiet_run_that_fails_on_disagreement_says_why() {
    Test::new()
        .write("a.yaml", "id: a\nexpected: MS\nfeatures: {fasciculations: yes, muscle_wasting: yes, course: progressive}\n")
        .args(["-q", "batch", "a.yaml", "--format", "jsonl", "--fail-on-disagreement"])
        .status(1)
        .stdout_any()
        .stderr(
            "
            error: 1 case of the 1 with `expected` got another verdict
             |
             = help: run without `--quiet` for the list
            ",
        )
        .run();
}

#[test]
fn verbose_rules_check_names_the_pack_it_checked() {
    let out = Test::new().args(["-v", "rules", "check"]).stdout_any().stderr_any().run();
    assert!(
        out.stderr.starts_with(
            "note: rule pack `als-ms`: built-in `document`, read from its YAML; 2 profiles,"
        ),
        "{}",
        out.stderr
    );
}
