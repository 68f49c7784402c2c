//! `neurotriage explain` on the built-in pack: whole outputs as insta
//! snapshots (text, brief, closed world, Markdown, JSON), the documented
//! JSON keys, invariance to the order, letter case and synonyms of the
//! typed features, the disclaimer in every format, alerts, and colour.

use insta::assert_snapshot;
use neurotriage::DISCLAIMER;
use serde_json::Value;

use crate::test::Test;

/// A typical limb-onset ALS picture.
const ALS: [&str; 8] = [
    "age=62",
    "course=progressive",
    "fasciculations",
    "muscle_wasting",
    "muscle_weakness",
    "no-sensory_loss",
    "no-visual_problems",
    "no-ataxia",
];

/// A typical relapsing-remitting MS picture.
const MS: [&str; 5] = ["age=29", "course=relapsing", "tingling", "blurred vision", "ataxia"];

/// Standard output of a successful `explain ARGS`.
fn explain<const N: usize>(args: [&str; N]) -> String {
    Test::new().args(["explain"]).args(args).stdout_any().run().stdout
}

/// Standard output of `explain ARGS --format json`, parsed.
fn json<const N: usize>(args: [&str; N]) -> Value {
    let out = Test::new().args(["explain", "--format", "json"]).args(args).stdout_any().run();
    serde_json::from_str(&out.stdout).expect("explain --format json prints JSON")
}

/// Text with every run of whitespace made one space (undoes wrapping).
fn unwrapped(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

// --- snapshots -------------------------------------------------------------

#[test]
fn typical_als_text() {
    assert_snapshot!("typical_als_text", explain(ALS));
}

#[test]
fn typical_ms_text() {
    assert_snapshot!("typical_ms_text", explain(MS));
}

#[test]
fn borderline_no_clear_difference_text() {
    // Two soft tendencies towards ALS: a lead of 2, under the margin of 3.
    let out = explain(["age=62", "muscle_stiffness"]);
    assert!(out.contains("Verdict: no clear difference: ALS leads MS by 2"), "{out}");
    assert_snapshot!("borderline_text", out);
}

#[test]
fn brief_text() {
    assert_snapshot!(
        "typical_ms_brief",
        explain(["--brief", "age=29", "course=relapsing", "tingling"])
    );
}

#[test]
fn unknown_as_absent_text() {
    let out = explain(["--unknown-as-absent", "age=45", "muscle_weakness"]);
    assert!(out.contains("--unknown-as-absent is on"), "{out}");
    assert_snapshot!("unknown_as_absent_text", out);
}

#[test]
fn text_never_breaks_a_flag_or_an_id_at_a_hyphen() {
    let out = explain(["--unknown-as-absent", "age=45", "muscle_weakness"]);
    for line in out.lines() {
        let last = line.split_whitespace().last().unwrap_or_default();
        assert!(!(last.len() > 1 && last.ends_with('-')), "broken at a hyphen: {line:?}");
    }
}

#[test]
fn markdown() {
    let out = Test::new().args(["explain", "--format", "markdown"]).args(ALS).stdout_any().run();
    assert_snapshot!("typical_als_markdown", out.stdout);
}

#[test]
fn json_snapshot() {
    let out = Test::new().args(["explain", "--format", "json"]).args(MS).stdout_any().run();
    assert_snapshot!("typical_ms_json", out.stdout);
}

// --- JSON shape -------------------------------------------------------------

#[test]
fn json_has_the_documented_keys() {
    for (case, verdict) in [(json(ALS), Some("ALS")), (json(MS), Some("MS")), (json([]), None)] {
        assert_eq!(case["verdict"].as_str(), verdict, "{case:#}");
        assert!(case["margin"].is_i64(), "margin is a whole number");
        let scores = case["scores"].as_object().expect("scores is an object");
        assert_eq!(scores.keys().collect::<Vec<_>>(), ["ALS", "MS"]);
        for key in ["fired", "not_fired", "contrast", "alerts", "next_questions"] {
            assert!(case[key].is_array(), "`{key}` is a list in {case:#}");
        }
        assert!(case["flips"]["complete"].as_bool().expect("complete"), "{case:#}");
        assert_eq!(case["disclaimer"], DISCLAIMER);
        // Every top-level key, in the order docs/json.md documents.
        let keys: Vec<&str> =
            case.as_object().expect("an object").keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "disclaimer",
                "pack",
                "unknown_as_absent",
                "verdict",
                "leader",
                "margin",
                "conflict",
                "conflicting",
                "threshold",
                "scores",
                "facts",
                "derived",
                "derivation_notes",
                "fired",
                "evidence_against_leader",
                "not_fired",
                "contrast",
                "next_questions",
                "flips",
                "caveats",
                "alerts",
            ]
        );
    }
}

#[test]
fn json_verdict_is_null_without_a_clear_difference() {
    let case = json(["age=62", "muscle_stiffness"]);
    assert_eq!(case["verdict"], Value::Null);
    assert_eq!(case["leader"], "ALS");
    assert_eq!(case["margin"], 2);
    assert_eq!(case["threshold"], 3);
}

#[test]
fn json_brief_keeps_every_key() {
    let full = json(MS);
    let brief =
        json(["--brief", "age=29", "course=relapsing", "tingling", "blurred vision", "ataxia"]);
    let keys = |v: &Value| v.as_object().expect("an object").keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&full), keys(&brief));
    assert_eq!(brief["not_fired"], Value::Array(Vec::new()));
    assert_eq!(brief["verdict"], full["verdict"]);
}

// --- what the person types ---------------------------------------------------

#[test]
fn order_letter_case_and_synonyms_do_not_change_the_output() {
    let plain = explain(["age=62", "course=progressive", "fasciculations", "no-sensory_loss"]);
    let shuffled =
        explain(["no-SENSORY-LOSS", "Muscle Twitching", "Course=Progressive", "onset age=62"]);
    let synonyms = explain(["numbness=no", "twitching", "COURSE=steadily worsening", "age=62.0"]);
    assert_eq!(plain, shuffled);
    assert_eq!(plain, synonyms);
    for format in ["json", "markdown"] {
        let a = Test::new()
            .args(["explain", "--format", format, "age=62", "fasciculations", "no-sensory_loss"])
            .stdout_any()
            .run();
        let b = Test::new()
            .args(["explain", "sensory_loss=no", "FASCICULATIONS", "age=62", "--format", format])
            .stdout_any()
            .run();
        assert_eq!(a.stdout, b.stdout, "--format {format}");
    }
}

#[test]
fn synonyms_and_the_ways_of_saying_absent() {
    let facts = |case: Value| -> Vec<(String, Value)> {
        case["facts"]
            .as_array()
            .expect("facts is a list")
            .iter()
            .filter(|f| f["origin"] == "entered")
            .map(|f| (f["feature"].as_str().unwrap_or_default().to_owned(), f["value"].clone()))
            .collect()
    };
    let yes = |name: &str| (name.to_owned(), Value::Bool(true));
    let no = |name: &str| (name.to_owned(), Value::Bool(false));
    assert_eq!(facts(json(["tingling"])), [yes("sensory_loss")]);
    assert_eq!(facts(json(["muscle twitching"])), [yes("fasciculations")]);
    assert_eq!(facts(json(["no-sensory_loss"])), [no("sensory_loss")]);
    assert_eq!(facts(json(["sensory_loss=no"])), [no("sensory_loss")]);
    assert_eq!(facts(json(["not_sensory_loss"])), [no("sensory_loss")]);
    assert_eq!(facts(json(["relapsing"])), [("course".to_owned(), Value::from("relapsing"))]);
    // Stating "unknown" scores like not mentioning the feature, and is
    // recorded as stated.
    let unknown = json(["sensory_loss=unknown"]);
    assert_eq!(facts(unknown.clone()), []);
    assert_eq!(
        unknown["facts"],
        serde_json::json!([{"feature": "sensory_loss", "value": null, "origin": "stated_unknown"}])
    );
    assert_eq!(unknown["scores"], json([])["scores"]);
}

#[test]
fn the_same_feature_twice_with_the_same_value_is_accepted() {
    assert_eq!(explain(["tingling", "sensory_loss=yes"]), explain(["tingling"]));
}

#[test]
fn no_features_means_everything_is_unknown() {
    let out = explain([]);
    assert!(out.contains("no clear difference: ALS and MS are level"), "{out}");
    assert!(out.contains("nothing is known about this case yet"), "{out}");
    let case = json([]);
    assert_eq!(case["margin"], 0);
    assert_eq!(case["facts"], Value::Array(Vec::new()));
    assert_eq!(case["fired"], Value::Array(Vec::new()));
    assert_eq!(case["alerts"], Value::Array(Vec::new()));
}

// --- disclaimer and alerts ---------------------------------------------------

#[test]
fn the_disclaimer_is_in_every_format() {
    for args in [&["explain"][..], &["explain", "--brief"], &["explain", "--format", "markdown"]] {
        let out = Test::new().args(args).args(["fasciculations"]).stdout_any().run().stdout;
        assert!(unwrapped(&out).contains(DISCLAIMER), "{args:?}:\n{out}");
    }
    assert_eq!(json(["fasciculations"])["disclaimer"], DISCLAIMER);
    assert_eq!(json(["--brief"])["disclaimer"], DISCLAIMER);
}

#[test]
fn breathing_difficulty_raises_an_alert() {
    let case = json(["breathing_difficulty"]);
    let alerts = case["alerts"].as_array().expect("alerts is a list");
    assert_eq!(alerts.len(), 1, "{case:#}");
    assert_eq!(alerts[0]["alert"], "breathing-difficulty-alert");
    assert_eq!(alerts[0]["claims"], serde_json::json!(["C05", "C12"]));
    // The alert does not decide the comparison.
    assert_eq!(case["verdict"], Value::Null);
    for args in
        [&["explain", "breathing_difficulty"][..], &["explain", "--brief", "breathing_difficulty"]]
    {
        let out = Test::new().args(args).stdout_any().run().stdout;
        let text = unwrapped(&out);
        assert!(
            text.contains("Seek medical attention ! Difficulty breathing needs prompt"),
            "{out}"
        );
    }
    let markdown = Test::new()
        .args(["explain", "--format", "markdown", "breathing_difficulty"])
        .stdout_any()
        .run();
    assert!(markdown.stdout.contains("## Seek medical attention\n"), "{}", markdown.stdout);
}

// --- colour ------------------------------------------------------------------

const ESC: char = '\u{1b}';

#[test]
fn color_always_colours_text_and_markdown_is_plain_without_it() {
    let coloured = Test::new()
        .env_remove("NO_COLOR")
        .args(["--color", "always", "explain", "fasciculations"])
        .stdout_any()
        .run();
    assert!(coloured.stdout.contains("\u{1b}[1m"), "{}", coloured.stdout);
    let never = Test::new()
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .args(["--color", "never", "explain", "fasciculations"])
        .stdout_any()
        .run();
    assert!(!never.stdout.contains(ESC));
    // Removing the escapes gives the plain text back.
    assert_eq!(strip_ansi(&coloured.stdout), never.stdout);
}

#[test]
fn no_color_and_clicolor_force_steer_auto() {
    let run = |test: Test| test.args(["explain", "fasciculations"]).stdout_any().run().stdout;
    // Not a terminal, so `auto` is plain...
    assert!(!run(Test::new().env_remove("NO_COLOR")).contains(ESC));
    // ...unless CLICOLOR_FORCE says otherwise...
    assert!(run(Test::new().env_remove("NO_COLOR").env("CLICOLOR_FORCE", "1")).contains(ESC));
    // ...and NO_COLOR wins over CLICOLOR_FORCE.
    assert!(!run(Test::new().env("CLICOLOR_FORCE", "1")).contains(ESC));
}

#[test]
fn json_never_has_escapes_even_with_color_always() {
    let out = Test::new()
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .args(["--color", "always", "explain", "--format", "json"])
        .args(MS)
        .stdout_any()
        .run();
    assert!(!out.stdout.contains(ESC), "{}", out.stdout);
    let _: Value = serde_json::from_str(&out.stdout).expect("valid JSON");
}

/// Removes `ESC [ ... m` sequences.
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == ESC {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn a_clear_case_lists_what_could_still_change_it_and_full_lists_every_rule() {
    let short = explain(ALS);
    assert!(short.contains("\nWhat could still change the verdict\n"), "{short}");
    assert!(!short.contains("Why not more for"), "{short}");
    assert!(
        short.contains("`--full` lists\n  every rule that did not fire.\n")
            || short.contains("`--full` lists every rule that did not fire."),
        "{short}"
    );
    let full = Test::new().args(["explain", "--full"]).args(ALS).stdout_any().run().stdout;
    assert!(full.contains("\nWhy not more for ALS\n") && full.contains("\nWhy not more for MS\n"));
    assert!(!full.contains("What could still change the verdict"));
    // Without a clear verdict every rule that did not fire is listed, as
    // each may matter.
    let open = explain(["age=45", "muscle_weakness"]);
    assert!(open.contains("\nWhy not more for MS\n"), "{open}");
}

#[test]
fn findings_that_point_both_ways_are_a_conflict_not_a_lack_of_knowledge() {
    // Sensory loss (strong for MS) with wasting and twitching (strong for
    // ALS): no clear difference, because the findings conflict.
    let conflict = json(["sensory_loss", "muscle_wasting", "fasciculations"]);
    assert_eq!(conflict["verdict"], Value::Null);
    assert_eq!(conflict["conflict"], true);
    assert_eq!(conflict["conflicting"], serde_json::json!(["ALS", "MS"]));
    let text = explain(["sensory_loss", "muscle_wasting", "fasciculations"]);
    assert!(
        unwrapped(&text).contains("Verdict: the findings conflict: ALS +5 and MS +3 each have strong findings in their favour, and neither profile may explain them all (no clear difference; ALS leads MS by 1)"),
        "{text}"
    );
    // Knowing little is not a conflict.
    let little = json(["age=45", "muscle_weakness"]);
    assert_eq!(little["conflict"], false);
    assert_eq!(little["conflicting"], serde_json::json!([]));
}

/// The pack's rules for "clear" and "the findings conflict", on the traps of
/// issue 13: a conflict outweighs a thin clear lead, a lead that dwarfs the
/// other side's evidence stays clear, and weak tendencies alone, or a purely
/// motor picture without wasting or twitching, are never clear.
#[test]
fn the_traps_get_the_verdicts_the_source_implies() {
    let verdict = |json: &Value| {
        (json["verdict"].clone(), json["margin"].as_i64().unwrap(), json["conflict"].clone())
    };
    // Numbness with twitching and wasting, in an older person with a
    // progressive course: ALS leads by 3, no more than MS's own 3 points.
    let mixed =
        json(["age=57", "course=progressive", "sensory_loss", "fasciculations", "muscle_wasting"]);
    assert_eq!(verdict(&mixed), (Value::Null, 3, Value::Bool(true)));
    assert_eq!(mixed["conflicting"], serde_json::json!(["ALS", "MS"]));
    // Classic MS with one stray twitch: far ahead, so still clear.
    let mut stray = MS.to_vec();
    stray.push("twitching");
    let out = Test::new().args(["explain", "--format", "json"]).args(stray).stdout_any().run();
    let stray: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(stray["verdict"], "MS");
    assert_eq!(stray["conflict"], false);
    assert!(stray["margin"].as_i64().unwrap() > 3, "{stray}");
    // Three weak tendencies reach the margin but are not clear.
    let soft = json(["age=60", "course=progressive", "muscle_stiffness"]);
    assert_eq!(verdict(&soft), (Value::Null, 3, Value::Bool(false)));
    // Primary progressive MS's look (the vignette): not a clear ALS verdict.
    let vignette =
        crate::test::root().join("tests/cases/none-10-pure-upper-motor-progressive.yaml");
    let pure_motor = json([vignette.to_str().unwrap()]);
    assert_eq!(verdict(&pure_motor), (Value::Null, 2, Value::Bool(false)));
}

/// In a clear case Markdown condenses "why not" as text does; `--full`
/// brings back every rule that did not fire, with what it needs.
#[test]
fn markdown_condenses_why_not_in_a_clear_case_unless_full() {
    let condensed =
        Test::new().args(["explain", "--format", "markdown"]).args(ALS).stdout_any().run().stdout;
    assert!(condensed.contains("\n## What could still change the verdict\n"), "{condensed}");
    assert!(!condensed.contains("## Why not more for"), "{condensed}");
    let full = Test::new()
        .args(["explain", "--format", "markdown", "--full"])
        .args(ALS)
        .stdout_any()
        .run()
        .stdout;
    assert!(!full.contains("## What could still change the verdict"), "{full}");
    assert!(
        full.contains("\n## Why not more for MS\n\n- `relapsing-course-favours-ms` (would give ALS -2, MS +3): ruled out\n  - needs course relapsing or relapsing\\_then\\_progressive; it is progressive\n"),
        "{full}"
    );
}

/// "The findings conflict" in every format that shows a verdict: text,
/// `--brief`, Markdown and JSON (the conflict fields).
#[test]
fn a_conflict_in_every_format() {
    let case = ["age=57", "course=progressive", "sensory_loss", "fasciculations", "muscle_wasting"];
    assert_snapshot!("conflict_text", explain(case));
    let brief = Test::new().args(["explain", "--brief"]).args(case).stdout_any().run().stdout;
    assert_snapshot!("conflict_brief", brief);
    let markdown =
        Test::new().args(["explain", "-f", "markdown"]).args(case).stdout_any().run().stdout;
    assert_snapshot!("conflict_markdown", markdown);
    let json = json(case);
    assert_eq!(
        (&json["verdict"], &json["conflict"], &json["conflicting"]),
        (&Value::Null, &Value::Bool(true), &serde_json::json!(["ALS", "MS"]))
    );
}
