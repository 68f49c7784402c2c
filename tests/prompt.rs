//! The prompt driven through a pipe, as a teaching script would drive it:
//! every command, every bad line, and the exit status at the end.

mod html;
mod teaching;

use insta::assert_snapshot;

use crate::test::{Test, root};

/// The banner every session starts with (built-in pack, no colour).
const BANNER: &str = "\
ALS or MS? A teaching comparison built from one reference document (ALS or MS;
27 features)
Disclaimer: neurotriage is an educational tool for learning differential
reasoning. It is not a diagnosis and not medical advice; only a clinician who
examines the person can diagnose. If you are worried about symptoms, see a
doctor.
Type features such as `age=60 course=relapsing sensory_loss`, `ask` for a guided
interview, `help` for every command, `quit` to leave.
";

/// Runs a script with `--echo` and returns standard output, which must
/// start with the banner; standard error must be empty and the status 0.
fn session(script: &str) -> String {
    let out = Test::new().args(["prompt", "--echo"]).stdin(script).stdout_any().run();
    out.stdout.strip_prefix(BANNER).expect("the banner comes first").to_owned()
}

/// Runs one bad line after a good one and returns standard error; the
/// status must be 1, and standard output the banner and the good line's
/// reply only.
fn mistake(line: &str) -> String {
    let out = Test::new()
        .args(["prompt"])
        .stdin(&format!("age=45\n{line}\n"))
        .stdout_any()
        .stderr_any()
        .status(1)
        .run();
    assert_eq!(
        out.stdout,
        format!(
            "{BANNER}=> no clear difference: ALS and MS are level (3 or more is clear)  [ALS 0, MS 0]\n   no rule changed\n"
        )
    );
    out.stderr
}

#[test]
fn building_a_case_and_asking_how_and_why_not() {
    assert_snapshot!(
        "walkthrough",
        session(
            "
            # comments and blank lines are skipped

            age=62 fasciculations
            \"muscle wasting\" course=progressive
            age=64
            case
            how ALS
            whynot ms
            whatif sensory_loss=yes visual_problems
            case
            unset age
            unset motor_only sensory_loss
            explain brief
            upper_motor_neuron_signs lower_motor_neuron_signs
            how ALS
            reset
            quit
            age=30
            "
        )
    );
}

#[test]
fn a_guided_interview_to_a_clear_margin() {
    assert_snapshot!(
        "interview",
        session(
            "
            age=45
            ask
            why
            skip
            unknown
            case
            years_since_onset=7
            why
            yes
            "
        )
    );
}

#[test]
fn an_interview_that_is_stopped_and_one_that_is_not_needed() {
    assert_snapshot!(
        "interview_stopped",
        session(
            "
            ask
            progressive
            stop
            tingling visual_problems relapsing
            ask
            "
        )
    );
}

#[test]
fn help_lists_every_command_and_explains_one() {
    assert_snapshot!("help", session("help\nhelp whatif\nhelp EXIT\n"));
}

#[test]
fn explain_prints_what_neurotriage_explain_prints() {
    let features = ["age=62", "fasciculations", "course=progressive", "no-sensory_loss"];
    for (form, flags) in [
        ("", vec![]),
        (" brief", vec!["--brief"]),
        (" json", vec!["-f", "json"]),
        (" markdown", vec!["-f", "markdown"]),
    ] {
        let explained = Test::new().args(["explain"]).args(features).args(flags).stdout_any().run();
        let script = format!("{}\nexplain{form}\n", features.join(" "));
        let out = Test::new().args(["prompt"]).stdin(&script).stdout_any().run();
        assert!(out.stdout.ends_with(&explained.stdout), "explain{form}:\n{}", out.stdout);
    }
}

#[test]
fn features_prints_what_neurotriage_features_prints() {
    let listed = Test::new().args(["features"]).stdout_any().run();
    let out = Test::new().args(["prompt"]).stdin("features\n").stdout_any().run();
    assert_eq!(out.stdout, format!("{BANNER}{}", listed.stdout));
}

#[test]
fn a_saved_case_loads_back_as_it_was() {
    let out = Test::new()
        .args(["prompt"])
        .stdin("age=61 \"muscle twitching\" sensory_loss=unknown course=progressive\nsave my-case.yaml\n")
        .stdout_any()
        .run();
    assert!(
        out.stdout.ends_with("Saved case `my-case` (4 features) to my-case.yaml.\n"),
        "{}",
        out.stdout
    );
    let saved = std::fs::read_to_string(out.dir.path().join("my-case.yaml")).unwrap();
    assert_eq!(
        saved,
        "# A neurotriage case: an educational tool, not a diagnosis.\nid: my-case\nfeatures:\n  age: 61\n  course: progressive\n  sensory_loss: unknown\n  fasciculations: yes\n"
    );
    let loaded = Test::new()
        .write("case.yaml", &saved)
        .args(["prompt", "--echo"])
        .stdin("load case.yaml\ncase\n")
        .stdout_any()
        .run();
    assert_snapshot!("loaded", loaded.stdout.strip_prefix(BANNER).unwrap());
}

#[test]
fn a_vignette_loads_with_its_expected_verdict() {
    let vignette = root().join("tests/cases/ms-01-young-relapsing-sensory.yaml");
    let text = std::fs::read_to_string(vignette).unwrap();
    let out = Test::new()
        .write("v.yaml", &text)
        .args(["prompt"])
        .stdin("load v.yaml\n")
        .stdout_any()
        .run();
    assert!(
        out.stdout.ends_with("The case file expects MS; the rule pack agrees.\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn save_never_replaces_a_file_unasked() {
    let out = Test::new()
        .write("old.yaml", "keep me\n")
        .args(["prompt"])
        .stdin("age=50\nsave old.yaml\nsave old.yaml --force\n")
        .stdout_any()
        .stderr(
            "
            error: `old.yaml` already exists
             --> stdin:2:6
              |
            2 | save old.yaml
              |      ^^^^^^^^
              |
              = help: write `save old.yaml --force` to replace it
            ",
        )
        .status(1)
        .run();
    assert!(out.stdout.ends_with("Saved case `old` (1 feature) to old.yaml.\n"));
}

#[test]
fn a_broken_case_file_is_shown_with_a_caret_and_the_case_is_kept() {
    let out = Test::new()
        .write("bad.yaml", "id: x\nfeatures:\n  fasciculatoins: yes\n")
        .args(["prompt"])
        .stdin("age=70\nload bad.yaml\ncase\n")
        .stdout_any()
        .stderr(
            "
            error: unknown feature `fasciculatoins`
             --> bad.yaml:3:3
              |
            3 |   fasciculatoins: yes
              |   ^^^^^^^^^^^^^^
              |
              = help: did you mean `fasciculations`?
              = note: read by `load` on stdin:2
            ",
        )
        .status(1)
        .run();
    assert!(out.stdout.contains("Entered:\n  age = 70\n"), "{}", out.stdout);
}

#[test]
fn unknown_feature_suggests_the_feature() {
    assert_eq!(
        mistake("fasciculatoins age=50"),
        "error: unknown feature or command `fasciculatoins`\n --> stdin:2:1\n  |\n2 | fasciculatoins age=50\n  | ^^^^^^^^^^^^^^\n  |\n  = help: did you mean `fasciculations`? (`features` lists them all)\n"
    );
}

#[test]
fn a_mistyped_command_suggests_the_command() {
    assert_eq!(
        mistake("explian"),
        "error: unknown feature or command `explian`\n --> stdin:2:1\n  |\n2 | explian\n  | ^^^^^^^\n  |\n  = help: did you mean the command `explain`? (`help` lists them)\n"
    );
}

#[test]
fn bad_values_point_at_the_value() {
    assert_eq!(
        mistake("tingling age=200"),
        "error: 200 is outside the range of `age` (0 to 120)\n --> stdin:2:14\n  |\n2 | tingling age=200\n  |              ^^^\n  |\n  = help: give a value from 0 to 120\n"
    );
    assert_eq!(
        mistake("course=relapsng"),
        "error: `relapsng` is not a value of `course`\n --> stdin:2:8\n  |\n2 | course=relapsng\n  |        ^^^^^^^^\n  |\n  = help: did you mean `relapsing`?\n"
    );
    assert_eq!(
        mistake("tingling tingling=no"),
        "error: `sensory_loss` is given twice: `yes` and `no`\n --> stdin:2:10\n  |\n2 | tingling tingling=no\n  |          ^^^^^^^^^^^\n  |\n  = help: give each feature once\n"
    );
}

#[test]
fn an_answer_without_a_question() {
    assert_eq!(
        mistake("yes"),
        "error: `yes` answers a question, and no question is open\n --> stdin:2:1\n  |\n2 | yes\n  | ^^^\n  |\n  = help: `ask` starts a guided interview; to enter a feature, write it with its value, such as `age=60 course=relapsing sensory_loss`\n"
    );
}

#[test]
fn commands_with_wrong_arguments() {
    assert_eq!(
        mistake("how"),
        "error: `how` needs a profile\n --> stdin:2:1\n  |\n2 | how\n  | ^^^\n  |\n  = help: usage: `how PROFILE`, for example `how MS`\n"
    );
    assert_eq!(
        mistake("whynot SLA"),
        "error: unknown profile `SLA`\n --> stdin:2:8\n  |\n2 | whynot SLA\n  |        ^^^\n  |\n  = help: the profiles are `ALS`, `MS`\n"
    );
    assert_eq!(
        mistake("case please"),
        "error: `case` takes no `please`\n --> stdin:2:6\n  |\n2 | case please\n  |      ^^^^^^\n  |\n  = help: usage: `case`\n"
    );
    assert_eq!(
        mistake("explain xml"),
        "error: `explain` has no form `xml`\n --> stdin:2:9\n  |\n2 | explain xml\n  |         ^^^\n  |\n  = help: usage: `explain [brief|json|markdown|html FILE]`\n"
    );
    assert_eq!(
        mistake("help expalin"),
        "error: unknown command `expalin`\n --> stdin:2:6\n  |\n2 | help expalin\n  |      ^^^^^^^\n  |\n  = help: did you mean `explain`?\n"
    );
    assert_eq!(
        mistake("unset tinglin"),
        "error: unknown feature `tinglin`\n --> stdin:2:7\n  |\n2 | unset tinglin\n  |       ^^^^^^^\n  |\n  = help: did you mean `sensory_loss`?\n"
    );
    assert_eq!(
        mistake("whatif"),
        "error: `whatif` needs at least one feature\n --> stdin:2:1\n  |\n2 | whatif\n  | ^^^^^^\n  |\n  = help: usage: `whatif FEATURE...`, for example `whatif sensory_loss=yes`\n"
    );
    assert_eq!(
        mistake("save a.yaml b.yaml"),
        "error: `save` takes one file\n --> stdin:2:13\n  |\n2 | save a.yaml b.yaml\n  |             ^^^^^^\n  |\n  = help: usage: `save [html] FILE [--force]`\n"
    );
    assert_eq!(
        mistake("\"muscle twitching"),
        "error: this quote is never closed\n --> stdin:2:1\n  |\n2 | \"muscle twitching\n  | ^\n  |\n  = help: end the quoted words with another \"\n"
    );
}

#[test]
fn files_that_cannot_be_read_or_written() {
    assert_eq!(
        mistake("load missing.yaml"),
        "error: cannot read `missing.yaml`: no such file or folder\n --> stdin:2:6\n  |\n2 | load missing.yaml\n  |      ^^^^^^^^^^^^\n  |\n  = help: check the file's name and that it can be read\n"
    );
    assert_eq!(
        mistake("save no/such/folder/case.yaml"),
        "error: cannot write `no/such/folder/case.yaml`: no such file or folder\n --> stdin:2:6\n  |\n2 | save no/such/folder/case.yaml\n  |      ^^^^^^^^^^^^^^^^^^^^^^^^\n  |\n  = help: check that the folder exists and can be written to\n"
    );
    assert_eq!(
        mistake("save ."),
        "error: `.` is a folder\n --> stdin:2:6\n  |\n2 | save .\n  |      ^\n  |\n  = help: give a file name such as `case.yaml`\n"
    );
}

#[test]
fn a_bad_interview_answer_keeps_the_question_open() {
    Test::new()
        .args(["prompt"])
        .stdin("ask\nmaybe\nrelapsing\n")
        .stdout_any()
        .stderr(
            "
            error: `maybe` is not a value of `course`
             --> stdin:2:1
              |
            2 | maybe
              | ^^^^^
              |
              = help: answer one of `relapsing`, `progressive`, `relapsing_then_progressive`, `single_episode`; or `unknown`, `skip`, `why`, `stop`
            ",
        )
        .status(1)
        .run();
}

#[test]
fn lines_that_are_not_text_or_too_long_are_refused_and_counted() {
    let mut script = String::from("age=50\n");
    script.push_str(&"x".repeat(70_000));
    script.push_str("\nage=51\n");
    let out = Test::new()
        .args(["prompt"])
        .stdin(&script)
        .stdout_any()
        .stderr("error: this line is longer than the 64 KiB limit for a line\n--> stdin:2\n = help: split it into several shorter lines\n")
        .status(1)
        .run();
    assert!(out.stdout.ends_with("age was 50, now 51\n=> no clear difference: ALS and MS are level (3 or more is clear)  [ALS 0, MS 0]\n   no rule changed\n"), "{}", out.stdout);
}

#[test]
fn a_line_that_is_not_utf8_is_refused_and_the_next_one_runs() {
    let out = Test::new()
        .args(["prompt"])
        .stdin_bytes(b"age=50\nfascic\xffulations\nage=51\n")
        .stdout_any()
        .stderr("error: this line is not UTF-8 text\n--> stdin:2\n = help: save the script as UTF-8 text\n")
        .status(1)
        .run();
    assert!(out.stdout.ends_with("age was 50, now 51\n=> no clear difference: ALS and MS are level (3 or more is clear)  [ALS 0, MS 0]\n   no rule changed\n"), "{}", out.stdout);
}

#[test]
fn a_script_without_mistakes_exits_0_and_one_with_any_exits_1() {
    Test::new().args(["prompt"]).stdin("# nothing\n").stdout(BANNER).run();
    Test::new().args(["prompt"]).stdout(BANNER).run();
    Test::new()
        .args(["prompt"])
        .stdin("nonsense\nquit\n")
        .stdout(BANNER)
        .stderr_any()
        .status(1)
        .run();
}

#[test]
fn another_pack_with_three_profiles_works_unchanged() {
    let out = Test::new()
        .pack("three")
        .args(["--rules", "pack", "prompt", "--echo"])
        .stdin("ask\nwhy\nskip\nskip\nskip\nskip\nwhy\n5000\n150\nyes\nhow apple\nwhynot BANANA\n")
        .stdout_any()
        .stderr(
            "
            error: 5000 is outside the range of `weight` (1 to 2000)
             --> stdin:8:1
              |
            8 | 5000
              | ^^^^
              |
              = help: answer a number from 1 to 2000 (grams); or `unknown`, `skip`, `why`, `stop`
            ",
        )
        .status(1)
        .run();
    assert_snapshot!("three_profiles", out.stdout);
}

#[test]
fn a_broken_pack_stops_the_prompt_before_it_starts() {
    Test::new()
        .pack("mini")
        .write("pack/rules.yaml", "rules: [")
        .args(["--rules", "pack", "prompt"])
        .stdin("age=50\n")
        .stderr_any()
        .status(2)
        .run();
}

#[test]
fn no_subcommand_from_a_pipe_prints_help_rather_than_waiting() {
    let out = Test::new().stdin("age=50\n").stdout_any().run();
    assert!(out.stdout.starts_with("A teaching tool for differential reasoning"), "{}", out.stdout);
}

#[test]
fn the_interview_meets_other_commands() {
    let vignette = root().join("tests/cases/ms-02-single-visual-episode.yaml");
    let out = Test::new()
        .write("v.yaml", &std::fs::read_to_string(vignette).unwrap())
        .args(["prompt", "--echo"])
        .stdin("age=45\nask\nask\nwhatif course=relapsing\nhelp why\nreset\nask\nskip\nload v.yaml\ncase\n")
        .stdout_any()
        .run();
    assert_snapshot!("interview_and_commands", out.stdout.strip_prefix(BANNER).unwrap());
}

#[test]
fn an_answer_of_several_words_points_at_the_extra_ones() {
    Test::new()
        .args(["prompt"])
        .stdin("ask\nrelapsing then worse\n")
        .stdout_any()
        .stderr(
            "
            error: an answer is one word
             --> stdin:2:11
              |
            2 | relapsing then worse
              |           ^^^^^^^^^^
              |
              = help: answer one of `relapsing`, `progressive`, `relapsing_then_progressive`, `single_episode`; or `unknown`, `skip`, `why`, `stop`
            ",
        )
        .status(1)
        .run();
}

#[test]
fn control_characters_never_reach_the_terminal_and_carets_stay_put() {
    Test::new()
        .args(["prompt"])
        .stdin_bytes(b"tingling\x0bzzz\n")
        .stdout_any()
        .stderr("error: unknown feature `zzz`\n --> stdin:1:10\n  |\n1 | tingling\u{fffd}zzz\n  |          ^^^\n  |\n  = help: `features` lists the features and their synonyms\n")
        .status(1)
        .run();
    let out = Test::new()
        .write(
            "ctl.yaml",
            "id: \"x\\e[31mRED\\a\"\ndescription: \"d\\e[2J\"\nfeatures: {age: 50}\n",
        )
        .args(["prompt"])
        .stdin("load ctl.yaml\ncase\n")
        .stdout_any()
        .run();
    assert!(!out.stdout.contains('\u{1b}') && !out.stdout.contains('\u{7}'), "{:?}", out.stdout);
    assert!(
        out.stdout.contains("Loaded case `x\u{fffd}[31mRED\u{fffd}` (1 feature) from ctl.yaml.")
    );
}

#[test]
fn a_script_from_windows_with_a_byte_order_mark_and_crlf_runs() {
    Test::new()
        .args(["prompt"])
        .stdin_bytes(b"\xef\xbb\xbf# lesson 1\r\nage=45\r\n")
        .stdout(&format!("{BANNER}=> no clear difference: ALS and MS are level (3 or more is clear)  [ALS 0, MS 0]\n   no rule changed\n"))
        .run();
}

#[test]
fn a_closed_pipe_ends_quietly_and_a_full_disk_does_not() {
    use std::{
        io::Write as _,
        process::{Command, Stdio},
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_neurotriage"))
        .arg("prompt")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before anything is written.
    drop(child.stdout.take());
    let mut input = child.stdin.take().unwrap();
    let _ = input.write_all("age=50\nexplain\n".repeat(200).as_bytes());
    drop(input);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");

    if std::path::Path::new("/dev/full").exists() {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let output = Command::new(env!("CARGO_BIN_EXE_neurotriage"))
            .arg("prompt")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            "error: cannot write output: no space left on device\n"
        );
    }
}

#[test]
fn a_loaded_case_keeps_its_rationale_when_saved() {
    let vignette = root().join("tests/cases/als-01-typical-limb-onset.yaml");
    let text = std::fs::read_to_string(vignette).unwrap();
    let out = Test::new()
        .write("v.yaml", &text)
        .args(["prompt"])
        .stdin("load v.yaml\nsave copy.yaml\nreset\nload copy.yaml\n")
        .stdout_any()
        .run();
    let copy = std::fs::read_to_string(out.dir.path().join("copy.yaml")).unwrap();
    assert!(copy.contains("\nrationale: \""), "{copy}");
    assert!(copy.contains("\nexpected: ALS\n"), "{copy}");
    assert!(
        out.stdout.ends_with("The case file expects ALS; the rule pack agrees.\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn the_hint_to_replace_a_file_can_be_typed_as_it_is() {
    Test::new()
        .write("my case.yaml", "keep me\n")
        .args(["prompt"])
        .stdin("save my\\ case.yaml\nsave 'my case.yaml' --force\n")
        .stdout_any()
        .stderr(
            "
            error: `my case.yaml` already exists
             --> stdin:1:6
              |
            1 | save my\\ case.yaml
              |      ^^^^^^^^^^^^^
              |
              = help: write `save 'my case.yaml' --force` to replace it
            ",
        )
        .status(1)
        .run();
}
