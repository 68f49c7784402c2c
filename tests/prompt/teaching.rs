//! Teaching mode at the prompt: a clear margin is not the end of the
//! questions (premature closure is the error the lesson fights), words are
//! read as people type them, and changes can be taken back.

use insta::assert_snapshot;

use super::{BANNER, session};
use crate::test::{Test, root};

#[test]
fn ask_when_the_margin_is_already_clear_names_what_could_reverse_it() {
    assert_eq!(
        session("age=62 twitching \"muscle wasting\"\nask\n").split_once("> ask\n").unwrap().1,
        "\
The margin is already clear: fits ALS better: margin 6 (3 or more is clear).
Answers still unknown that could reverse the verdict or weaken it to no clear
difference:
  - course: `relapsing`, `relapsing_then_progressive` or `single_episode` would
    leave no clear difference
  - sensory_loss: `yes` would leave no clear difference
  - visual_problems: `yes` would leave no clear difference
  - mri_lesions: `yes` would leave no clear difference
  - csf_oligoclonal_bands: `yes` would leave no clear difference
`ask on` asks these and every other question that could move the margin;
`whatif` tries an answer without keeping it.
"
    );
}

#[test]
fn an_interview_that_ends_on_a_clear_margin_names_what_could_reverse_it() {
    assert_snapshot!("ends_on_a_clear_margin", session("age=62\nask\nprogressive\nyes\n"));
}

#[test]
fn ask_on_goes_past_a_clear_margin_until_nothing_is_left() {
    // A pack of three profiles: nothing here is about ALS or MS.
    let out = Test::new()
        .pack("three")
        .args(["--rules", "pack", "prompt", "--echo"])
        .stdin("curved peels_by_hand\nask\nask on\nno\nno\nyellow\nask on\n")
        .stdout_any()
        .run();
    assert_snapshot!("ask_on", out.stdout);
}

#[test]
fn ask_on_lets_an_open_interview_go_on_and_stop_ends_it() {
    assert_snapshot!(
        "ask_on_during_an_interview",
        session("age=62\nask\nask on\nprogressive\nyes\nno\nstop\nask all\nskip\nskip\nskip\n")
    );
}

#[test]
fn words_typed_as_people_say_them() {
    assert_snapshot!(
        "natural_words",
        session(
            "
            muscle weakness
            pins and needles
            no muscle weakness
            what if loss of balance age at onset=30
            unset pins and needles
            ask
            comes and goes
            why not ALS
            "
        )
    );
}

#[test]
fn two_bare_words_that_make_no_name_are_still_a_mistake() {
    Test::new()
        .args(["prompt"])
        .stdin("muscle twitch\n")
        .stdout_any()
        .stderr(
            "
            error: unknown feature or command `muscle`
             --> stdin:1:1
              |
            1 | muscle twitch
              | ^^^^^^
              |
              = help: did you mean `muscle_wasting`? (`features` lists them all)
            ",
        )
        .status(1)
        .run();
}

#[test]
fn two_word_commands_point_at_both_words() {
    Test::new()
        .args(["prompt"])
        .stdin("what if\nask me\n")
        .stdout_any()
        .stderr(
            "
            error: `whatif` needs at least one feature
             --> stdin:1:1
              |
            1 | what if
              | ^^^^^^^
              |
              = help: usage: `whatif FEATURE...`, for example `whatif sensory_loss=yes`
            error: `ask` takes no `me`
             --> stdin:2:5
              |
            2 | ask me
              |     ^^
              |
              = help: write `ask`, or `ask on` to go on past a clear margin
            ",
        )
        .status(1)
        .run();
}

#[test]
fn undo_takes_back_sets_unsets_answers_and_reset() {
    assert_snapshot!(
        "undo",
        session(
            "
            undo
            age=62
            unset age
            undo
            ask
            progressive
            undo
            stop
            fasciculations
            reset
            undo
            case
            undo
            undo
            undo
            case
            "
        )
    );
}

#[test]
fn undo_takes_back_a_load_with_its_id() {
    let vignette = root().join("tests/cases/ms-02-single-visual-episode.yaml");
    let out = Test::new()
        .write("v.yaml", &std::fs::read_to_string(vignette).unwrap())
        .args(["prompt", "--echo"])
        .stdin("age=50\nload v.yaml\nundo\ncase\nsave back.yaml\n")
        .stdout_any()
        .run();
    assert_snapshot!("undo_load", out.stdout.strip_prefix(BANNER).unwrap());
    // The id went back with the case: the saved file is named after itself.
    let saved = std::fs::read_to_string(out.dir.path().join("back.yaml")).unwrap();
    assert!(saved.contains("\nid: back\n"), "{saved}");
}

#[test]
fn undo_goes_back_a_bounded_number_of_changes() {
    let mut script: String =
        (0..=100).map(|age| format!("age={age}\n")).collect::<Vec<_>>().concat();
    script.push_str(&"undo\n".repeat(101));
    let out = Test::new().args(["prompt"]).stdin(&script).stdout_any().run();
    assert!(
        out.stdout.ends_with(
            "Undone: `age=1`.\n=> no clear difference: MS leads ALS by 1 (3 or more is clear)  [MS 1, ALS 0]\n   no rule changed\nNothing more to undo: only the last 100 changes are kept.\n"
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn an_answer_that_would_reverse_the_verdict_is_named_with_the_profile() {
    let rules = "
rules:
  - id: bitter-favours-coffee
    when: {bitter: yes}
    favours: {COFFEE: strong}
    against: {TEA: moderate}
    reason: Coffee is usually more bitter than tea.
    claims: [K2]
  - id: amber-favours-tea
    when: {colour: amber}
    favours: {TEA: moderate}
    against: {COFFEE: weak}
    reason: Tea is amber in the cup; coffee is dark.
    claims: [K1]
  - id: very-hot-leans-coffee
    when: {temperature: {at_least: 90}}
    favours: {COFFEE: moderate}
    reason: Coffee is often served hotter than tea.
    claims: [K2]
";
    let out = Test::new()
        .pack("mini")
        .write("pack/rules.yaml", rules)
        .args(["--rules", "pack", "prompt", "--quiet"])
        .stdin("amber\nask\n")
        .stdout_any()
        .run();
    assert_eq!(
        out.stdout.split_once("(amber-favours-tea [K1])\n").unwrap().1,
        "\
The margin is already clear: fits TEA better: margin 3 (2 or more is clear).
Answers still unknown that could reverse the verdict or weaken it to no clear
difference:
  - bitter: `yes` would make it fit COFFEE better
  - temperature: at least 90 degrees would leave no clear difference
`ask on` asks these and every other question that could move the margin;
`whatif` tries an answer without keeping it.
"
    );
}

#[test]
fn a_mistake_inside_words_read_as_one_is_pointed_at() {
    Test::new()
        .args(["prompt"])
        .stdin("age at  onset=200\n")
        .stderr(
            "
            error: 200 is outside the range of `age` (0 to 120)
             --> stdin:1:15
              |
            1 | age at  onset=200
              |               ^^^
              |
              = help: give a value from 0 to 120
            ",
        )
        .stdout_any()
        .status(1)
        .run();
}

#[test]
fn explain_after_loading_a_teaching_case_shows_the_case() {
    let case = root().join("rules/cases/t01-weak-hand.yaml");
    let out = Test::new()
        .args(["prompt"])
        .stdin(&format!("load {}\nexplain brief\n", case.display()))
        .stdout_any()
        .run()
        .stdout;
    let explained = out.split_once("agrees.\n").map_or(out.as_str(), |(_, rest)| rest);
    assert!(
        explained.starts_with("Case t01-weak-hand: A hand that drops the keys\n"),
        "{explained}"
    );
    assert!(
        explained.contains(
            "\nThe case\n  Expected (what the source implies): ALS; the rule pack agrees.\n"
        ),
        "{explained}"
    );
    assert!(
        explained.contains("  Teaching points:\n    - Weakness is present in both profiles"),
        "{explained}"
    );
    // `save` keeps the title, claims and teaching points, with the stages
    // merged.
    let saved = Test::new()
        .args(["prompt"])
        .stdin(&format!("load {}\nsave again.yaml\n", case.display()))
        .stdout_any()
        .run();
    let text = std::fs::read_to_string(saved.dir.path().join("again.yaml")).unwrap();
    assert!(text.contains("\ntitle: \"A hand that drops the keys\"\n"), "{text}");
    assert!(text.contains("\nteaching_points:\n  - "), "{text}");
    assert!(text.contains("# Its stages were merged into `features`"), "{text}");
}

#[test]
fn flip_names_the_smallest_change_that_turns_the_verdict() {
    let out = session("age=62 twitching \"muscle wasting\"\nflip\n");
    let reply = out.split_once("> flip\n").unwrap().1;
    assert_eq!(
        reply,
        "\
Now: fits ALS better: margin 6 (3 or more is clear).
Changing one finding can flip the verdict (7 ways).
  - course unknown -> relapsing: no clear difference (lead 1)
  - course unknown -> relapsing_then_progressive: no clear difference (lead 1)
  - course unknown -> single_episode: no clear difference (lead 2)
  - sensory_loss unknown -> yes: no clear difference (lead 2)
  - visual_problems unknown -> yes: no clear difference (lead 2)
  ... and 2 more
"
    );
}
