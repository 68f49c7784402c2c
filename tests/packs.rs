//! `--pack NAME` and `neurotriage packs`: the built-in packs by name. The
//! default is `document`, the pack of `rules/`; naming it changes nothing.

use insta::assert_snapshot;
use serde_json::Value;

use crate::test::Test;

/// A command's whole standard output and error, without and with
/// `--pack document` (before and after the command), must be the same.
#[test]
fn pack_document_is_the_default_byte_for_byte() {
    let commands: [&[&str]; 6] = [
        &["explain", "age=62", "course=progressive", "fasciculations", "no-sensory_loss"],
        &["explain", "age=29", "tingling", "-f", "json"],
        &["features"],
        &["compare", "-f", "markdown"],
        &["cases"],
        &["batch", "-f", "jsonl", "TESTS/cases"],
    ];
    let cases = crate::test::root().join("tests/cases").display().to_string();
    for command in commands {
        let command: Vec<String> =
            command.iter().map(|a| a.replace("TESTS/cases", &cases)).collect();
        let run = |before: &[&str], after: &[&str]| {
            let (head, tail) = command.split_at(1);
            Test::new()
                .args(before.iter().copied())
                .args(head)
                .args(after.iter().copied())
                .args(tail)
                .stdout_any()
                .stderr_any()
                .run()
        };
        let plain = run(&[], &[]);
        assert!(!plain.stdout.is_empty(), "{command:?}");
        for (before, after) in [(&["--pack", "document"][..], &[][..]), (&[], &["--pack=document"])]
        {
            let named = run(before, after);
            assert_eq!(named.stdout, plain.stdout, "{command:?} {before:?} {after:?}");
            assert_eq!(named.stderr, plain.stderr, "{command:?} {before:?} {after:?}");
        }
    }
}

#[test]
fn an_unknown_pack_is_refused_with_the_names() {
    Test::new()
        .args(["--pack", "nope", "explain", "age=30"])
        .status(2)
        .stderr(
            "
            error: no built-in pack is named `nope`
             |
             = help: the built-in packs are `document`, `extended` (`neurotriage packs` lists them); `--rules DIR` uses a pack folder
            ",
        )
        .run();
    Test::new()
        .args(["features", "--pack", "documnet"])
        .status(2)
        .stderr(
            "
            error: no built-in pack is named `documnet`
             |
             = help: did you mean `document`? the built-in packs are `document`, `extended` (`neurotriage packs` lists them); `--rules DIR` uses a pack folder
            ",
        )
        .run();
}

#[test]
fn pack_and_rules_conflict() {
    Test::new()
        .pack("three")
        .args(["--pack", "document", "--rules", "pack", "features"])
        .status(2)
        .stderr(
            "
            error: the argument '--pack <NAME>' cannot be used with '--rules <DIR>'

            Usage: neurotriage --pack <NAME>

            For more information, try '--help'.
            ",
        )
        .run();
}

#[test]
fn pack_wins_over_the_environment_variable() {
    // The variable names a folder that does not exist: with `--pack`, it
    // is not read.
    let out = Test::new()
        .env("NEUROTRIAGE_RULES", "no-such-folder")
        .args(["--pack", "document", "packs", "-f", "json"])
        .stdout_any()
        .run();
    assert!(out.stdout.contains("\"name\": \"document\""));
    Test::new()
        .env("NEUROTRIAGE_RULES", "no-such-folder")
        .args(["--pack", "document", "explain", "age=30", "--brief"])
        .stdout_any()
        .run();
    Test::new()
        .env("NEUROTRIAGE_RULES", "no-such-folder")
        .args(["explain", "age=30", "--brief"])
        .status(2)
        .stderr_any()
        .run();
}

#[test]
fn pack_twice_is_for_batch_only_and_names_differ() {
    Test::new()
        .args(["--pack", "document", "--pack", "document", "explain", "age=30"])
        .status(2)
        .stderr(
            "
            error: the pack `document` is named twice
             |
             = help: name each pack once; `batch` compares different packs
            ",
        )
        .run();
    Test::new()
        .args(["--pack", "document", "batch", "x.yaml", "--pack", "document"])
        .status(2)
        .stderr(
            "
            error: `--pack` is given both before and after the command
             |
             = help: give every `--pack` on one side: `neurotriage batch PATH --pack A --pack B`
            ",
        )
        .run();
}

#[test]
fn packs_lists_the_builtin_packs() {
    let out = Test::new().args(["packs"]).stdout_any().run();
    assert_snapshot!("packs_text", out.stdout);
    let out = Test::new().args(["packs", "--format", "json"]).stdout_any().run();
    assert_snapshot!("packs_json", out.stdout);
    let json: Value = serde_json::from_str(&out.stdout).expect("JSON");
    let packs = json["packs"].as_array().expect("a list");
    assert_eq!(packs[0]["name"], "document");
    assert_eq!(packs[0]["default"], true);
    assert_eq!(packs[0]["folder"], "rules");
    assert_eq!(
        packs.iter().filter(|p| p["default"] == true).count(),
        1,
        "one default: {}",
        out.stdout
    );
}

/// `batch --pack document --pack extended`: a verdict from each pack per
/// case, whether they agree, and a case that names a feature only the
/// extended pack has fails for the document pack in its place.
#[test]
fn batch_compares_the_two_builtin_packs() {
    let out = Test::new()
        .write(
            "cases.yaml",
            "id: article-only\nexpected: none\nfeatures: {age: 70, course: relapsing, fasciculations: yes}\n---\n\
             id: criteria-only\nexpected: MS\nfeatures: {age: 29, prior_attack: yes, csf_oligoclonal_bands: yes}\n",
        )
        .args(["batch", "cases.yaml", "--pack", "document", "--pack", "extended", "--format", "jsonl"])
        .stdout_any()
        .stderr_any()
        .status(1)
        .run();
    let lines: Vec<serde_json::Value> =
        out.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["verdicts"], serde_json::json!({"document": "none", "extended": "MS"}));
    assert_eq!(lines[0]["packs_agree"], false);
    assert_eq!(lines[1]["verdicts"]["document"], serde_json::Value::Null);
    assert_eq!(lines[1]["errors"]["document"]["message"], "unknown feature `prior_attack`");
    assert_eq!(lines[1]["verdicts"]["extended"], "MS");
}

/// The document pack's teaching cases run on the extended pack too: the
/// claims they cite, which that pack does not have, are notes, not
/// failures (a pack's own library still refuses an unknown claim).
#[test]
fn teaching_cases_of_one_pack_run_on_the_other() {
    let cases = crate::test::root().join("rules/cases").display().to_string();
    let out = Test::new()
        .args(["--pack", "extended", "batch", &cases, "--format", "jsonl", "--detail", "verdict"])
        .stdout_any()
        .stderr_any()
        .run();
    let lines: Vec<Value> = out.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 17);
    assert!(lines.iter().all(|l| l.get("error").is_none()), "{}", out.stdout);
    assert_eq!(
        lines[0]["notes"][0],
        "claim `C04` is not in this pack; the case's `claims` leave it out"
    );
}
