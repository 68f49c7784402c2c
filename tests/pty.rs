//! The prompt in a real pseudo-terminal, as a person sees it: prompt text,
//! tab completion, an interview question answered and taken back, history
//! kept, Ctrl-C and Ctrl-D.

use std::process::Command;

use rexpect::session::{PtySession, spawn_command};

/// Starts `neurotriage` with no subcommand (a terminal gets the prompt),
/// keeping its history under `data`.
fn start(data: &std::path::Path) -> PtySession {
    let mut command = Command::new(env!("CARGO_BIN_EXE_neurotriage"));
    for key in ["NO_COLOR", "CLICOLOR_FORCE", "NEUROTRIAGE_RULES", "NEUROTRIAGE_HISTORY"] {
        command.env_remove(key);
    }
    command.env("NO_COLOR", "1").env("TERM", "xterm").env("XDG_DATA_HOME", data);
    spawn_command(command, Some(20_000)).expect("the prompt starts in a pseudo-terminal")
}

#[test]
fn a_person_at_a_terminal() {
    let data = tempfile::tempdir().unwrap();
    let mut p = start(data.path());
    p.exp_string("Disclaimer: neurotriage is an educational tool").unwrap();
    p.exp_string("`quit` to leave.").unwrap();
    p.exp_string("> ").unwrap();

    // Tab completes a feature name.
    p.send("fascicul").unwrap();
    p.send("\t").unwrap();
    p.flush().unwrap();
    p.exp_string("fasciculation").unwrap();
    p.send("s=no age=45\r").unwrap();
    p.flush().unwrap();
    p.exp_string("=> no clear difference: ALS and MS are level").unwrap();
    p.exp_string("> ").unwrap();

    // Ctrl-C abandons a half-typed line: nothing of it is run.
    p.send("tingl").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("> ").unwrap();

    // The interview asks; the prompt names the feature; an answer counts.
    p.send_line("ask").unwrap();
    p.exp_string("Question 1: How have the symptoms changed over time").unwrap();
    p.exp_string("course? ").unwrap();
    p.send_line("why").unwrap();
    p.exp_string("Why ask about course").unwrap();
    p.exp_string("course? ").unwrap();
    p.send_line("relapsing").unwrap();
    p.exp_string("+3 MS: Symptoms that flare up").unwrap();
    p.exp_string("> ").unwrap();

    // `undo` takes the answer back, and the question is open again.
    p.send_line("undo").unwrap();
    p.exp_string("Undone: the answer `relapsing` to course.").unwrap();
    p.exp_string("course? ").unwrap();
    p.send_line("stop").unwrap();
    p.exp_string("> ").unwrap();

    // Ctrl-D leaves with status 0 and the history is kept.
    p.send_control('d').unwrap();
    p.exp_eof().unwrap();
    // The wait status is a `nix` type; its debug form is `Exited(Pid(n), 0)`.
    let status = format!("{:?}", p.process().wait().unwrap());
    assert!(status.starts_with("Exited(") && status.ends_with(", 0)"), "{status}");
    let history =
        std::fs::read_to_string(data.path().join("neurotriage/history")).expect("a history file");
    assert!(history.contains("fasciculations=no age=45\n"), "{history}");
    assert!(history.contains("relapsing\n"), "{history}");
    assert!(!history.contains("tingl"), "{history}");
}

#[test]
fn a_history_that_cannot_be_kept_is_a_warning_not_a_failure() {
    // A file where the data folder should be: the history folder cannot be
    // made.
    let data = tempfile::NamedTempFile::new().unwrap();
    let mut p = start(data.path());
    p.exp_string("warning: cannot keep the history in").unwrap();
    p.exp_string("> ").unwrap();
    p.send_line("age=70").unwrap();
    p.exp_string("=> no clear difference").unwrap();
    p.send_line("quit").unwrap();
    p.exp_eof().unwrap();
    let status = format!("{:?}", p.process().wait().unwrap());
    assert!(status.starts_with("Exited(") && status.ends_with(", 0)"), "{status}");
}

/// Starts `neurotriage quiz ARGS` in a pseudo-terminal, keeping its
/// history under `data`.
fn start_quiz(data: &std::path::Path, args: &[&str]) -> PtySession {
    let mut command = Command::new(env!("CARGO_BIN_EXE_neurotriage"));
    for key in ["NO_COLOR", "CLICOLOR_FORCE", "NEUROTRIAGE_RULES", "NEUROTRIAGE_HISTORY"] {
        command.env_remove(key);
    }
    command.env("NO_COLOR", "1").env("TERM", "xterm").env("XDG_DATA_HOME", data);
    command.arg("quiz").args(args);
    spawn_command(command, Some(20_000)).expect("the quiz starts in a pseudo-terminal")
}

#[test]
fn a_student_at_a_terminal_takes_the_quiz() {
    let data = tempfile::tempdir().unwrap();
    let mut p = start_quiz(data.path(), &["t05-stiff-legs"]);
    p.exp_string("Disclaimer: neurotriage is an educational tool").unwrap();
    p.exp_string("Stage 1 of 2: history").unwrap();
    p.exp_string("t05-stiff-legs 1/2> ").unwrap();

    // Tab completes a finding known at this stage; the answer commits, and
    // only then the rules are revealed.
    p.send("ALS high muscle_sti").unwrap();
    p.send("\t").unwrap();
    p.flush().unwrap();
    p.exp_string("muscle_stiffness").unwrap();
    p.send(", age\r").unwrap();
    p.flush().unwrap();
    p.exp_string("The rule pack at stage 1 (history)").unwrap();
    p.exp_string("Verdict: no clear difference: ALS leads MS by 3 from weak").unwrap();
    p.exp_string("muscle_stiffness (yes): muscle-stiffness-leans-als (ALS +1) [C04]").unwrap();
    p.exp_string("Stage 2 of 2: examination").unwrap();
    p.exp_string("t05-stiff-legs 2/2> ").unwrap();

    // Ctrl-C abandons the answer being typed: the stage is still open.
    p.send("undec").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("t05-stiff-legs 2/2> ").unwrap();

    // Ctrl-D leaves with the summary, status 0, and the history is kept.
    p.send_control('d').unwrap();
    p.exp_string("Summary").unwrap();
    p.exp_string("(left after 1 of 2 stages)").unwrap();
    p.exp_string("Disclaimer:").unwrap();
    p.exp_eof().unwrap();
    let status = format!("{:?}", p.process().wait().unwrap());
    assert!(status.starts_with("Exited(") && status.ends_with(", 0)"), "{status}");
    let history = std::fs::read_to_string(data.path().join("neurotriage/quiz-history"))
        .expect("a history file");
    assert!(history.contains("ALS high muscle_stiffness, age\n"), "{history}");
    assert!(!history.contains("undec"), "{history}");
}

/// Runs `explain` in a pseudo-terminal `columns` wide and returns its lines.
fn explain_at_width(columns: u16) -> Vec<String> {
    at_width(
        columns,
        "explain age=62 course=progressive fasciculations muscle_wasting no-sensory_loss",
    )
}

/// Runs neurotriage with `args` in a pseudo-terminal `columns` wide and
/// returns its lines.
fn at_width(columns: u16, args: &str) -> Vec<String> {
    let mut command = Command::new("sh");
    command.args([
        "-c",
        &format!("stty cols {columns} rows 50; exec \"$0\" {args}"),
        env!("CARGO_BIN_EXE_neurotriage"),
    ]);
    command.env("NO_COLOR", "1").env("TERM", "xterm").env_remove("NEUROTRIAGE_RULES");
    let mut p = spawn_command(command, Some(20_000)).expect("explain starts in a pseudo-terminal");
    let text = p.exp_eof().expect("explain ends");
    text.lines().map(|l| l.trim_end_matches('\r').to_owned()).collect()
}

#[test]
fn text_wraps_to_the_terminal_up_to_100_columns() {
    let wide = explain_at_width(100);
    let longest = wide.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest > 80 && longest <= 100, "longest line {longest} at 100 columns");
    let narrow = explain_at_width(60);
    let longest = narrow.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest <= 60, "longest line {longest} at 60 columns");
    // The score line is never split.
    assert!(narrow.iter().any(|l| l == "Scores:  ALS 7, MS 0"), "{narrow:#?}");
    // A terminal wider than 100 columns still gets 100.
    let widest = explain_at_width(160);
    assert!(widest.iter().all(|l| l.chars().count() <= 100));
}

#[test]
fn lists_and_case_sheets_wrap_to_the_terminal_too() {
    for args in ["cases", "cases show t05-stiff-legs", "compare", "rules list"] {
        let narrow = at_width(60, args);
        let longest = narrow.iter().map(|l| l.chars().count()).max().unwrap_or(0);
        assert!(longest <= 60, "`{args}`: longest line {longest} at 60 columns");
    }
}
