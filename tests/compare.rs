//! `neurotriage compare`: the pack side by side, on the built-in pack and
//! on the three-profile fruit pack. Whole outputs are snapshots; the JSON
//! shape, the accounting of rules to rows, the order of rows and the
//! disclaimer are checked on their own, so that a snapshot accepted by
//! mistake cannot hide them.

use insta::assert_snapshot;
use serde_json::Value;

use crate::test::{DISCLAIMER, Test, root};

/// `compare ARGS` on the built-in pack, or on the fruit pack.
fn compare(three: bool, args: &[&str]) -> String {
    let test = if three { Test::new().pack("three").rules_dir("pack") } else { Test::new() };
    test.args(["compare"]).args(args.iter().copied()).stdout_any().run().stdout
}

fn json(three: bool) -> Value {
    serde_json::from_str(&compare(three, &["-f", "json"])).expect("JSON output")
}

/// The ids of the rules in a pack's `rules.yaml`, in pack order.
fn rule_ids(rules_yaml: &str) -> Vec<String> {
    rules_yaml
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("- id: "))
        .map(|id| id.trim().to_owned())
        .collect()
}

fn pack_rule_ids(three: bool) -> Vec<String> {
    let path = if three {
        root().join("tests/packs/three/rules.yaml")
    } else {
        root().join("rules/rules.yaml")
    };
    rule_ids(&std::fs::read_to_string(path).expect("rules.yaml"))
}

fn keys(value: &Value) -> Vec<&str> {
    value.as_object().expect("an object").keys().map(String::as_str).collect()
}

#[test]
fn text_snapshot() {
    assert_snapshot!("compare_text", compare(false, &[]));
}

#[test]
fn markdown_snapshot() {
    assert_snapshot!("compare_markdown", compare(false, &["-f", "markdown"]));
}

#[test]
fn json_snapshot() {
    assert_snapshot!("compare_json", compare(false, &["--format", "json"]));
}

#[test]
fn three_profiles_text_snapshot() {
    assert_snapshot!("compare_three_text", compare(true, &[]));
}

#[test]
fn three_profiles_markdown_snapshot() {
    assert_snapshot!("compare_three_markdown", compare(true, &["-f", "markdown"]));
}

#[test]
fn three_profiles_json_snapshot() {
    assert_snapshot!("compare_three_json", compare(true, &["-f", "json"]));
}

#[test]
fn json_keys_are_stable() {
    for three in [false, true] {
        let value = json(three);
        assert_eq!(keys(&value), ["disclaimer", "pack", "profiles", "rows", "neutral", "derived"]);
        assert_eq!(keys(&value["pack"]), ["name", "title", "source", "margin"]);
        let profiles: Vec<&str> = value["profiles"]
            .as_array()
            .expect("profiles")
            .iter()
            .map(|p| p["id"].as_str().expect("an id"))
            .collect();
        for row in value["rows"].as_array().expect("rows") {
            assert_eq!(
                keys(row),
                [
                    "finding",
                    "feature",
                    "condition",
                    "effects",
                    "weights",
                    "rules",
                    "claims",
                    "caveats",
                    "notes",
                    "separation"
                ]
            );
            // Every profile has a cell, in pack order.
            assert_eq!(keys(&row["effects"]), profiles);
            assert_eq!(keys(&row["weights"]), profiles);
            for caveat in row["caveats"].as_array().expect("caveats") {
                assert_eq!(keys(caveat), ["claim", "caveat"]);
            }
        }
        for neutral in value["neutral"].as_array().expect("neutral") {
            assert_eq!(keys(neutral), ["feature", "reason", "claims"]);
        }
        for derived in value["derived"].as_array().expect("derived") {
            assert_eq!(keys(derived), ["id", "feature", "value", "condition", "reason", "claims"]);
        }
    }
    let builtin = json(false);
    assert_eq!(builtin["profiles"].as_array().map(Vec::len), Some(2));
    assert_eq!(builtin["derived"].as_array().map(Vec::len), Some(4));
    assert_eq!(builtin["neutral"].as_array().map(Vec::len), Some(4));
    let three = json(true);
    assert_eq!(three["profiles"].as_array().map(Vec::len), Some(3));
}

#[test]
fn every_rule_is_in_exactly_one_row() {
    for three in [false, true] {
        let value = json(three);
        let mut seen: Vec<String> = value["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .flat_map(|row| row["rules"].as_array().expect("rules").clone())
            .map(|id| id.as_str().expect("an id").to_owned())
            .collect();
        seen.sort();
        let mut expected = pack_rule_ids(three);
        assert!(expected.len() >= 7);
        expected.sort();
        assert_eq!(seen, expected, "three: {three}");
    }
}

#[test]
fn rows_are_ordered_by_separation_then_pack_order() {
    for three in [false, true] {
        let value = json(three);
        let order = pack_rule_ids(three);
        let position = |row: &Value| {
            let first = row["rules"][0].as_str().expect("a rule");
            order.iter().position(|id| id == first).expect("a rule of the pack")
        };
        let rows = value["rows"].as_array().expect("rows");
        for row in rows {
            let effects: Vec<i64> = row["effects"]
                .as_object()
                .expect("effects")
                .values()
                .map(|v| v.as_i64().expect("points"))
                .collect();
            let max = effects.iter().max().expect("a profile");
            let min = effects.iter().min().expect("a profile");
            assert_eq!(row["separation"].as_i64(), Some(max - min), "{row}");
        }
        for pair in rows.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let (sa, sb) = (a["separation"].as_i64(), b["separation"].as_i64());
            assert!(sa >= sb, "{} before {}", a["finding"], b["finding"]);
            if sa == sb {
                assert!(position(a) < position(b), "{} before {}", a["finding"], b["finding"]);
            }
        }
    }
    // The fruit pack by hand: `curved` (-2, +3, 0) and `citrus_like` (-1,
    // -1, +4) both separate by 5; `curved` comes first in the pack.
    let findings: Vec<String> = json(true)["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["finding"].as_str().expect("a finding").to_owned())
        .collect();
    assert_eq!(
        findings,
        [
            "curved: yes",
            "citrus_like: yes",
            "skin_colour: red or green",
            "seeds: yes",
            "peels_by_hand: yes",
            "skin_colour: yellow",
            "weight: at least 150 and at most 250 grams",
        ]
    );
}

#[test]
fn the_disclaimer_is_in_every_format() {
    for three in [false, true] {
        let text = compare(three, &[]);
        assert!(text.ends_with(&format!("\n\n{DISCLAIMER}")), "{text}");
        let markdown = compare(three, &["-f", "markdown"]);
        let second = markdown.lines().nth(2).expect("a disclaimer line");
        assert!(second.starts_with("> **neurotriage is an educational tool"), "{markdown}");
        let value = json(three);
        assert_eq!(keys(&value)[0], "disclaimer");
        assert!(value["disclaimer"].as_str().is_some_and(|d| d.contains("not a diagnosis")));
    }
}

#[test]
fn text_fits_eighty_columns() {
    for three in [false, true] {
        let text = compare(three, &[]);
        for line in text.lines() {
            assert!(line.chars().count() <= 80, "too wide: {line:?}");
        }
    }
}

/// Findings come from conditions generically: a `not` of one test is that
/// feature's other value, a combination is a row of its own named by its
/// condition, and rules with the same finding share a row.
#[test]
fn findings_from_not_combinations_and_shared_findings() {
    let out = Test::new()
        .pack("mini")
        .rules_dir("pack")
        .write(
            "pack/rules.yaml",
            "\
rules:
  - id: bitter-favours-coffee
    when: {bitter: yes}
    favours: {COFFEE: strong}
    reason: Coffee is usually more bitter than tea.
    claims: [K2]
  - id: mild-favours-tea
    when: {not: {bitter: yes}}
    favours: {TEA: weak}
    reason: Tea is milder.
    claims: [K1]
  - id: also-bitter
    when: {bitter: yes}
    against: {TEA: weak}
    reason: Tea is rarely bitter.
    note: unless it steeps too long
    claims: [K1]
  - id: hot-and-black
    when: {colour: black, temperature: {at_least: 80}}
    favours: {COFFEE: moderate}
    reason: Black and hot.
    claims: [K2]
",
        )
        .args(["compare", "-f", "json"])
        .stdout_any()
        .run();
    let value: Value = serde_json::from_str(&out.stdout).expect("JSON");
    let rows = value["rows"].as_array().expect("rows");
    let summary: Vec<(String, Value, Value, i64)> = rows
        .iter()
        .map(|r| {
            (
                r["finding"].as_str().expect("a finding").to_owned(),
                r["effects"].clone(),
                r["rules"].clone(),
                r["separation"].as_i64().expect("a number"),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "bitter: yes".to_owned(),
                serde_json::json!({"TEA": -1, "COFFEE": 3}),
                serde_json::json!(["bitter-favours-coffee", "also-bitter"]),
                4
            ),
            (
                "colour black and temperature at least 80 degrees".to_owned(),
                serde_json::json!({"TEA": 0, "COFFEE": 2}),
                serde_json::json!(["hot-and-black"]),
                2
            ),
            (
                "bitter: no".to_owned(),
                serde_json::json!({"TEA": 1, "COFFEE": 0}),
                serde_json::json!(["mild-favours-tea"]),
                1
            ),
        ]
    );
    assert_eq!(rows[0]["claims"], serde_json::json!(["K2", "K1"]));
    assert_eq!(rows[0]["notes"], serde_json::json!(["unless it steeps too long"]));
    assert_eq!(rows[1]["feature"], Value::Null);
    assert_eq!(rows[2]["feature"], "bitter");
    assert_eq!(rows[2]["weights"], serde_json::json!({"TEA": "weak", "COFFEE": null}));
}
