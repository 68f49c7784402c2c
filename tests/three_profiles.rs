//! The engine is generic: `tests/packs/three` is a self-contained toy pack
//! (apple, banana or lemon?) with three profiles, features of all three
//! types, two derivations, `favours` and `against`, a caveat and an alert.
//! Verdicts are read from the JSON output; one text explanation is a
//! snapshot.

use insta::assert_snapshot;
use serde_json::Value;

use crate::test::Test;

/// `explain --format json ARGS` on the fruit pack, parsed.
fn json<const N: usize>(args: [&str; N]) -> Value {
    let out = Test::new()
        .pack("three")
        .rules_dir("pack")
        .args(["explain", "--format", "json"])
        .args(args)
        .stdout_any()
        .run();
    serde_json::from_str(&out.stdout).expect("JSON output")
}

fn text<const N: usize>(args: [&str; N]) -> String {
    Test::new()
        .pack("three")
        .rules_dir("pack")
        .args(["explain"])
        .args(args)
        .stdout_any()
        .run()
        .stdout
}

fn ids(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|item| item[key].as_str().expect("an id").to_owned())
        .collect()
}

#[test]
fn the_pack_checks_clean() {
    Test::new()
        .pack("three")
        .args(["rules", "check", "pack"])
        .stdout(
            "ok: rule pack `fruit`: 3 profiles, 9 features, 2 derivations, 7 rules, 2 alerts, \
             5 claims\n",
        )
        .run();
}

#[test]
fn banana() {
    let case = json(["curved", "skin_colour=yellow", "peels_by_hand"]);
    assert_eq!(case["verdict"], "BANANA");
    assert_eq!(case["scores"], serde_json::json!({"APPLE": -2, "BANANA": 6, "LEMON": 1}));
    assert_eq!(case["margin"], 5);
    assert_eq!(
        ids(&case["fired"], "rule"),
        ["curved-favours-banana", "yellow-skin-banana-or-lemon", "peels-by-hand-favours-banana"]
    );
}

#[test]
fn lemon_through_a_derivation_and_synonyms() {
    // `tart` and `zesty` are synonyms of `sour` and `citrus_smell`;
    // `golden` is a synonym of the choice `yellow`.
    let case = json(["tart", "zesty", "golden", "weight=120"]);
    assert_eq!(case["verdict"], "LEMON");
    assert_eq!(case["scores"], serde_json::json!({"APPLE": -1, "BANANA": 0, "LEMON": 5}));
    assert_eq!(ids(&case["derived"], "by"), ["citrus-from-taste-and-smell"]);
    assert_eq!(
        ids(&case["fired"], "rule"),
        ["yellow-skin-banana-or-lemon", "citrus-favours-lemon"]
    );
}

#[test]
fn apple_with_a_caveat() {
    let case = json(["red", "weight=180", "pips"]);
    assert_eq!(case["verdict"], "APPLE");
    assert_eq!(case["scores"], serde_json::json!({"APPLE": 5, "BANANA": -2, "LEMON": 0}));
    assert_eq!(ids(&case["caveats"], "claim"), ["F4"]);
    assert_eq!(case["evidence_against_leader"], serde_json::json!([]));
}

#[test]
fn a_derivation_can_conclude_absence() {
    let case = json(["sour=no", "skin_colour=yellow"]);
    assert_eq!(ids(&case["derived"], "by"), ["not-citrus-when-sweet-or-odourless"]);
    let citrus = case["not_fired"]
        .as_array()
        .expect("a list")
        .iter()
        .find(|n| n["rule"] == "citrus-favours-lemon")
        .expect("citrus rule did not fire");
    assert_eq!(citrus["status"], "false");
}

#[test]
fn yellow_alone_is_a_tie_between_two_of_three() {
    let case = json(["yellow"]);
    assert_eq!(case["verdict"], Value::Null);
    assert_eq!(case["margin"], 0);
    assert_eq!(case["scores"], serde_json::json!({"APPLE": 0, "BANANA": 1, "LEMON": 1}));
    let out = text(["yellow", "--brief"]);
    assert!(
        out.contains("no clear difference: BANANA and LEMON are level (3 or more is clear)"),
        "{out}"
    );
}

#[test]
fn alerts_are_raised_without_scoring() {
    let case = json(["mould", "curved", "weight=1200"]);
    assert_eq!(ids(&case["alerts"], "alert"), ["mouldy-fruit", "implausible-weight"]);
    assert_eq!(case["verdict"], "BANANA");
    assert_eq!(case["scores"], serde_json::json!({"APPLE": -2, "BANANA": 3, "LEMON": 0}));
}

/// This snapshot also records two defects of the text output with three
/// profiles (see the two ignored tests at the end); review it when they
/// are fixed.
#[test]
fn apple_text_snapshot() {
    assert_snapshot!("three_profiles_apple_text", text(["red", "weight=180", "pips", "mould"]));
}

#[test]
fn banana_brief_snapshot() {
    assert_snapshot!(
        "three_profiles_banana_brief",
        text(["curved", "skin_colour=yellow", "peels_by_hand", "--brief"])
    );
}

#[test]
fn unknown_feature_suggests_from_this_pack() {
    Test::new()
        .pack("three")
        .rules_dir("pack")
        .args(["explain", "curvd"])
        .stderr(
            "
            error: unknown feature `curvd`
             --> command line:1:1
              |
            1 | curvd
              | ^^^^^
              |
              = help: did you mean `curved`? (`neurotriage features` lists them all)
            ",
        )
        .status(2)
        .run();
}

#[test]
fn contrast_header_separates_long_profile_ids() {
    let out = text(["red", "weight=180", "pips"]);
    let header = out.lines().find(|l| l.trim_start().starts_with("feature")).expect("a header");
    let words: Vec<&str> = header.split_whitespace().collect();
    assert_eq!(words, ["feature", "value", "APPLE", "BANANA", "LEMON"], "{header}");
}

#[test]
fn next_question_names_the_profile_that_gains() {
    let out = text(["red", "weight=180", "pips"]);
    let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("- yes: +5 towards LEMON; verdict would be: no clear difference"),
        "{out}"
    );
}
