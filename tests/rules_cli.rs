//! `rules check`, `rules list` and `features`, and how a pack is chosen:
//! the built-in one by default, `--rules DIR`, `NEUROTRIAGE_RULES=DIR`, or
//! the folder given to `rules check DIR`.

use insta::assert_snapshot;

use crate::test::Test;

const BUILTIN_OK: &str = "ok: rule pack `als-ms`: 2 profiles, 27 features, 4 derivations, 29 rules, 9 alerts, 34 claims, 17 teaching cases\n";

const MINI_OK: &str =
    "ok: rule pack `mini`: 2 profiles, 3 features, 0 derivations, 2 rules, 0 alerts, 2 claims\n";

#[test]
fn rules_check_on_the_builtin_pack() {
    Test::new().args(["rules", "check"]).stdout(BUILTIN_OK).run();
}

#[test]
fn the_rules_folder_checks_like_the_builtin_pack() {
    let rules = crate::test::root().join("rules");
    Test::new()
        .args(["rules", "check", rules.to_str().expect("UTF-8 path")])
        .stdout(BUILTIN_OK)
        .run();
}

#[test]
fn rules_list_snapshot() {
    let out = Test::new().args(["rules", "list"]).stdout_any().run();
    assert_snapshot!("rules_list", out.stdout);
}

#[test]
fn features_snapshot() {
    let out = Test::new().args(["features"]).stdout_any().run();
    assert_snapshot!("features", out.stdout);
}

/// `features --format json` gives every feature with its HPO terms, each
/// choice with its own, and each profile with its disease ids.
#[test]
fn features_as_json_name_their_hpo_terms() {
    let out = Test::new().args(["features", "--format", "json"]).stdout_any().run();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let feature = |name: &str| {
        json["features"]
            .as_array()
            .and_then(|fs| fs.iter().find(|f| f["name"] == name))
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(
        feature("fasciculations"),
        serde_json::json!({
            "name": "fasciculations",
            "label": "muscle twitching (fasciculations)",
            "question": "Are there small twitches or ripples under the skin of muscles at rest?",
            "type": "yes_no",
            "synonyms": ["muscle twitching", "twitching", "twitches", "muscle twitches", "fasciculation", "rippling muscles"],
            "unit": null,
            "min": null,
            "max": null,
            "choices": null,
            "derived": false,
            "neutral": null,
            "hpo": ["HP:0002380"],
            "hpo_narrower": []
        })
    );
    assert_eq!(
        feature("upper_motor_neuron_signs")["hpo_narrower"],
        serde_json::json!(["HP:0001257"])
    );
    assert_eq!(feature("family_history")["hpo"], serde_json::json!([]));
    let course = feature("course");
    let hpo_of_choices: Vec<serde_json::Value> = course["choices"]
        .as_array()
        .map(|c| c.iter().map(|c| c["hpo"].clone()).collect())
        .unwrap_or_default();
    assert_eq!(
        hpo_of_choices,
        [
            serde_json::json!([]),
            serde_json::json!(["HP:0003676"]),
            serde_json::json!([]),
            serde_json::json!([])
        ]
    );
    assert_eq!(
        json["profiles"],
        serde_json::json!([
            {"id": "ALS", "name": "amyotrophic lateral sclerosis", "ids": ["ORPHA:803", "OMIM:105400"]},
            {"id": "MS", "name": "multiple sclerosis", "ids": ["OMIM:126200"]}
        ])
    );
}

#[test]
fn rules_check_dir() {
    Test::new().pack("mini").args(["rules", "check", "pack"]).stdout(MINI_OK).run();
}

#[test]
fn rules_flag_selects_another_pack() {
    Test::new().pack("mini").rules_dir("pack").args(["rules", "check"]).stdout(MINI_OK).run();
    Test::new()
        .pack("mini")
        .rules_dir("pack")
        .args(["features"])
        .stdout(
            "
            Tea or coffee? A tiny pack for error-message tests
            3 features; names and synonyms ignore case

            bitter  (yes/no)
                tastes bitter
                asks: Does it taste bitter?
                also: bitterness
            colour  (one of amber, black)
                colour in the cup
                asks: What colour is it in the cup?
                - amber
                - black (also: dark)
            temperature  (a number from 0 to 100 degrees)
                serving temperature
                asks: How hot is it?

            Example: neurotriage explain temperature=50 colour=amber bitter
            ",
        )
        .run();
}

#[test]
fn environment_variable_selects_another_pack() {
    Test::new()
        .pack("mini")
        .env("NEUROTRIAGE_RULES", "pack")
        .args(["rules", "check"])
        .stdout(MINI_OK)
        .run();
    let out = Test::new()
        .pack("mini")
        .env("NEUROTRIAGE_RULES", "pack")
        .args(["explain", "--brief", "dark", "bitterness"])
        .stdout_any()
        .run();
    assert!(out.stdout.starts_with("Tea or coffee?"), "{}", out.stdout);
    assert!(out.stdout.contains("Verdict: fits COFFEE better: margin 3"), "{}", out.stdout);
}

#[test]
fn rules_flag_wins_over_the_environment_variable() {
    Test::new()
        .pack("mini")
        .env("NEUROTRIAGE_RULES", "nowhere")
        .rules_dir("pack")
        .args(["rules", "check"])
        .stdout(MINI_OK)
        .run();
}

#[test]
fn rules_check_dir_wins_over_the_rules_flag() {
    Test::new()
        .pack("mini")
        .rules_dir("nowhere")
        .args(["rules", "check", "pack"])
        .stdout(MINI_OK)
        .run();
}

#[test]
fn a_copy_of_the_builtin_pack_explains_exactly_like_the_builtin_pack() {
    let args = ["explain", "age=62", "course=progressive", "fasciculations", "no-sensory_loss"];
    let builtin = Test::new().args(args).stdout_any().run();
    Test::new().builtin_pack().rules_dir("pack").args(args).stdout(&builtin.stdout).run();
}

#[test]
fn empty_environment_variable_means_the_builtin_pack() {
    Test::new().env("NEUROTRIAGE_RULES", "").args(["rules", "check"]).stdout(BUILTIN_OK).run();
}

#[test]
fn rules_check_summary_uses_the_singular_for_one() {
    Test::new()
        .pack("mini")
        .write(
            "pack/alerts.yaml",
            "
            alerts:
              - id: scalding
                when: {temperature: {at_least: 90}}
                advice: Let it cool before drinking.
            ",
        )
        .args(["rules", "check", "pack"])
        .stdout("ok: rule pack `mini`: 2 profiles, 3 features, 0 derivations, 2 rules, 1 alert, 2 claims\n")
        .run();
}

#[test]
fn no_command_prints_help() {
    let out = Test::new().stdout_any().run();
    assert!(out.stdout.contains("Usage: neurotriage [OPTIONS] [COMMAND]"), "{}", out.stdout);
    assert!(out.stdout.contains("neurotriage is an educational tool, not a diagnosis."));
}

#[test]
fn unknown_command_is_a_usage_error() {
    Test::new()
        .args(["diagnose"])
        .stderr(
            "
            error: unrecognized subcommand 'diagnose'

            Usage: neurotriage [OPTIONS] [COMMAND]

            For more information, try '--help'.
            ",
        )
        .status(2)
        .run();
}

/// A malformed HPO or disease id is refused where it is, with the form it
/// should take; a term claimed by two features names the first.
#[test]
fn rules_check_refuses_malformed_and_repeated_term_ids() {
    Test::new()
        .builtin_pack()
        .edit("pack/features.yaml", "hpo: [HP:0002380]", "hpo: [hp:0002380, HP:0001324]")
        .edit("pack/pack.yaml", "ids: [OMIM:126200]", "ids: [MONDO:12]")
        .args(["rules", "check", "pack"])
        .stderr(
            "
            error: `MONDO:12` is not a disease id
              --> pack/pack.yaml:65:11
               |
            65 |     ids: [MONDO:12]
               |           ^^^^^^^^
               |
               = help: a disease id is `MONDO:` and seven digits, `OMIM:` and six, or `ORPHA:` and digits, such as `MONDO:0005301`

            error: `hp:0002380` is not an HPO id
               --> pack/features.yaml:182:11
                |
            182 |     hpo: [hp:0002380, HP:0001324]
                |           ^^^^^^^^^^
                |
                = help: an HPO id is `HP:` and seven digits, such as `HP:0002380`

            error: HPO term `HP:0001324` is defined twice
               --> pack/features.yaml:182:23
                |
            182 |     hpo: [hp:0002380, HP:0001324]
                |                       ^^^^^^^^^^
                |
                = help: the first is in feature `muscle_weakness`, at line 125; a phenopacket term must map to one feature

            error: the rule pack has 3 errors; docs/rules.md describes the rule language
            ",
        )
        .status(2)
        .run();
}

/// A control or invisible character in a pack's text is refused where it
/// is, naming the character; the snippet shows it replaced, never raw.
#[test]
fn rules_check_refuses_controls_and_bidirectional_characters_in_text() {
    Test::new()
        .builtin_pack()
        .edit(
            "pack/rules.yaml",
            "reason: Twitching of resting muscles is a typical sign",
            "reason: \"Twitching \\e[2J of resting muscles\" # is a typical sign",
        )
        .edit("pack/features.yaml", "synonyms: [onset age,", "synonyms: [\"tw\\u202Eitch\", onset age,")
        .args(["rules", "check", "pack"])
        .stderr(
            "
            error: each entry of `synonyms` holds a bidirectional control (U+202E) at character 3
              --> pack/features.yaml:39:16
               |
            39 |     synonyms: [\"tw\\u202Eitch\", onset age, age at onset, age of onset, age at first symptoms]
               |                ^^^^^^^^^^^^^^
               |
               = help: remove it, or write what it stands for in words: such characters can change what a reader's terminal or viewer shows

            error: `reason` holds an escape character (U+001B) at character 11
               --> pack/rules.yaml:164:13
                |
            164 |     reason: \"Twitching \\e[2J of resting muscles\" # is a typical sign of the dying motor nerve cells in ALS.
                |             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
                |
                = help: remove it, or write what it stands for in words: such characters can change what a reader's terminal or viewer shows

            error: the rule pack has 2 errors; docs/rules.md describes the rule language
            ",
        )
        .status(2)
        .run();
}

/// A raw bidirectional control in a pack's text is refused too, and the
/// snippet that shows the line replaces it, so the line reads as written.
#[test]
fn a_raw_bidirectional_control_is_refused_and_never_shown_raw() {
    Test::new()
        .builtin_pack()
        .edit("pack/features.yaml", "How old was the person", "How old was \u{202e}the person")
        .args(["rules", "check", "pack"])
        .stderr(
            "
            error: `question` holds a bidirectional control (U+202E) at character 13
              --> pack/features.yaml:33:15
               |
            33 |     question: How old was \u{fffd}the person when the first symptoms began?
               |               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
               |
               = help: remove it, or write what it stands for in words: such characters can change what a reader's terminal or viewer shows

            error: the rule pack has 1 error; docs/rules.md describes the rule language
            ",
        )
        .status(2)
        .run();
}
