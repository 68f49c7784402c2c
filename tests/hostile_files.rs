//! Files that are not what they seem (issue 14): rule-pack files that link
//! out of their folder, pipes and devices among case files, outputs that
//! are links or devices, paths that cannot be read, a pack folder named by
//! `NEUROTRIAGE_RULES`, and a repeated case id. Each gets one clear
//! message; nothing hangs, and nothing is written through a link or over a
//! device.

#![cfg(unix)]

use std::{
    fs,
    path::Path,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use crate::test::{DISCLAIMER, Test};

/// The disclaimer as a batch table ends with it, indented as the expected
/// text in these tests is.
fn table_disclaimer() -> String {
    DISCLAIMER.replace('\n', "\n            ")
}

/// Makes a named pipe (a FIFO) at `path`.
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Runs the binary in `dir` and waits at most `limit` for it: a run that
/// hangs (on a pipe) is killed and fails the test, rather than the suite.
fn run_within(dir: &Path, args: &[&str], limit: Duration) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_neurotriage"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("NEUROTRIAGE_RULES")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let started = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`neurotriage {}` did not finish within {limit:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("the output")
}

// 1. Rule-pack files that link out of the pack folder.

/// A pack file that is a link to a system file is refused with one
/// message, before it is read: none of its lines are quoted.
#[test]
fn a_pack_file_linking_out_of_its_folder_is_refused() {
    let expected = "
        error: `pack/rules.yaml` is a symbolic link to `/etc/passwd`, outside the folder `pack`
        --> pack/rules.yaml
         = help: a rule pack's files must be inside its folder: copy the file into `pack` in place of the link

        error: the rule pack has 1 error; docs/rules.md describes the rule language
        ";
    for args in [&["rules", "check", "pack"][..], &["--rules", "pack", "explain", "age=40"][..]] {
        Test::new()
            .pack("mini")
            .remove("pack/rules.yaml")
            .symlink("pack/rules.yaml", "/etc/passwd")
            .args(args)
            .status(2)
            .stderr(expected)
            .run();
    }
}

/// A link that stays inside the pack folder is a file of the pack like
/// any other.
#[test]
fn a_pack_file_linking_inside_its_folder_is_read() {
    let rules = fs::read_to_string(crate::test::root().join("tests/packs/mini/rules.yaml"))
        .expect("read the fixture");
    Test::new()
        .pack("mini")
        .remove("pack/rules.yaml")
        .write_bytes("pack/kept/rules.yaml", rules.as_bytes())
        .symlink("pack/rules.yaml", "kept/rules.yaml")
        .args(["-q", "rules", "check", "pack"])
        .run();
}

/// A teaching case of a pack's `cases/` folder that links out of it is
/// refused the same way.
#[test]
fn a_teaching_case_linking_out_of_its_folder_is_refused() {
    Test::new()
        .pack("mini")
        .symlink("pack/cases/x.yaml", "/etc/passwd")
        .args(["--rules", "pack", "cases"])
        .status(2)
        .stderr(
            "
            error: `pack/cases/x.yaml` is a symbolic link to `/etc/passwd`, outside the folder `pack/cases`
            --> pack/cases/x.yaml
             = help: teaching case files must be inside their folder: copy the file into `pack/cases` in place of the link
            ",
        )
        .run();
}

/// A pack's `cases/` folder that is itself a link out of the pack is
/// refused too: its files would otherwise pass as inside it.
#[test]
fn a_cases_folder_linking_out_of_its_pack_is_refused() {
    let out = Test::new()
        .pack("mini")
        .write("elsewhere/a.yaml", "id: a\nfeatures: {}\n")
        .symlink("pack/cases", "../elsewhere")
        .args(["--rules", "pack", "cases"])
        .status(2)
        .stderr_any()
        .run();
    // The target is the temporary folder's own path, resolved.
    let (head, tail) = out.stderr.split_once("` is a symbolic link to `").unwrap();
    assert_eq!(head, "error: `pack/cases");
    assert!(
        tail.ends_with(
            "/elsewhere`, outside the folder `pack`\n--> pack/cases\n = help: teaching case files must be inside their folder: copy the file into `pack` in place of the link\n"
        ),
        "{}",
        out.stderr
    );
}

/// A pipe named like a teaching case is refused by name, not skipped in
/// silence nor waited on.
#[test]
fn a_pipe_in_a_case_library_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let cases = dir.path().join("pack/cases");
    fs::create_dir_all(&cases).expect("folder");
    for file in ["pack.yaml", "claims.yaml", "features.yaml", "rules.yaml"] {
        fs::copy(
            crate::test::root().join("tests/packs/mini").join(file),
            dir.path().join("pack").join(file),
        )
        .expect("copy");
    }
    mkfifo(&cases.join("zz.yaml"));
    let output = run_within(dir.path(), &["--rules", "pack", "cases"], Duration::from_secs(20));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: `pack/cases/zz.yaml` is a pipe, not a regular file\n--> pack/cases/zz.yaml\n = help: teaching cases are text files; put the file itself in its place\n"
    );
    assert_eq!(output.status.code(), Some(2));
}

/// A pipe named like a pack file is refused, not waited on.
#[test]
fn a_pipe_in_a_pack_folder_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let pack = dir.path().join("pack");
    fs::create_dir(&pack).expect("folder");
    for file in ["pack.yaml", "claims.yaml", "features.yaml", "rules.yaml"] {
        fs::copy(crate::test::root().join("tests/packs/mini").join(file), pack.join(file))
            .expect("copy");
    }
    mkfifo(&pack.join("alerts.yaml"));
    let output = run_within(dir.path(), &["rules", "check", "pack"], Duration::from_secs(20));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: `pack/alerts.yaml` is a pipe, not a regular file\n\
         --> pack/alerts.yaml\n \
         = help: a rule pack's files are text files; put the file itself in its place\n\
         \n\
         error: the rule pack has 1 error; docs/rules.md describes the rule language\n"
    );
    assert_eq!(output.status.code(), Some(2));
}

/// A message quotes no more than the line at fault: a value that runs
/// over many lines (a whole text file given as `rules.yaml`) is shown by
/// its first line.
#[test]
fn a_pack_error_quotes_one_line_only() {
    Test::new()
        .pack("mini")
        .write("pack/rules.yaml", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1\nbin:x:2:2\n")
        .args(["rules", "check", "pack"])
        .status(2)
        .stderr(
            "
            error: `rules.yaml` must be a mapping, found text
             --> pack/rules.yaml:1:1
              |
            1 | root:x:0:0:root:/root:/bin/bash
              | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

            error: the rule pack has 1 error; docs/rules.md describes the rule language
            ",
        )
        .run();
}

/// The same for a teaching case of the pack, in the library's message.
#[test]
fn a_teaching_case_error_quotes_one_line_only() {
    Test::new()
        .pack("mini")
        .write("pack/cases/x.yaml", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1\n")
        .args(["--rules", "pack", "cases"])
        .status(2)
        .stderr(
            "
            error: a case must be a mapping, found text
             --> pack/cases/x.yaml:1:1
              |
            1 | root:x:0:0:root:/root:/bin/bash
              | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              |
              = help: write `id:`, `features:` and optionally `expected:`
            ",
        )
        .run();
}

// 2. The walk of a batch folder reads regular files only.

/// A pipe named `x.yaml` in a batch folder is skipped with a note, never
/// opened: the run finishes (before, it waited for ever).
#[test]
fn a_pipe_in_a_batch_folder_is_skipped_and_does_not_hang() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    fs::create_dir(dir.path().join("in")).expect("folder");
    fs::write(dir.path().join("in/a.yaml"), "id: a\nfeatures: {age: 40}\n").expect("write");
    mkfifo(&dir.path().join("in/x.yaml"));
    let output =
        run_within(dir.path(), &["batch", "in", "--format", "csv"], Duration::from_secs(20));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "id,source,expected,verdict,conflict,margin,score_ALS,score_MS,agrees,deciding_rules,error\n\
         a,in/a.yaml:1,,none,false,0,0,0,,,\n"
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!(
            "note: skipped `in/x.yaml` (a pipe, not a regular file)\n\
             Summary: 1 case read from 1 file, 1 evaluated, 0 failed; 1 file skipped (not case files)\n\
             {DISCLAIMER}"
        )
    );
    assert_eq!(output.status.code(), Some(0));
}

/// A pipe named on the command line is read: naming it is the choice to
/// wait for what comes through it.
#[test]
fn a_pipe_named_on_the_command_line_is_read() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let fifo = dir.path().join("cases.jsonl");
    mkfifo(&fifo);
    let writer = std::thread::spawn(move || {
        fs::write(&fifo, "{\"id\": \"piped\", \"features\": {\"age\": 40}}\n").expect("write");
    });
    let output = run_within(
        dir.path(),
        &["-q", "batch", "cases.jsonl", "--format", "csv"],
        Duration::from_secs(20),
    );
    writer.join().expect("the writer finishes");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "id,source,expected,verdict,conflict,margin,score_ALS,score_MS,agrees,deciding_rules,error\n\
         piped,cases.jsonl:1,,none,false,0,0,0,,,\n"
    );
    assert_eq!(output.status.code(), Some(0));
}

/// `/dev/stdin` named on the command line is read like `-`, in the
/// format `--input-format` gives.
#[test]
fn dev_stdin_named_on_the_command_line_is_read() {
    Test::new()
        .args(["-q", "batch", "/dev/stdin", "--input-format", "jsonl", "--format", "csv"])
        .stdin("{\"id\": \"in\", \"features\": {\"age\": 40}}\n")
        .stdout(
            "
            id,source,expected,verdict,conflict,margin,score_ALS,score_MS,agrees,deciding_rules,error
            in,/dev/stdin:1,,none,false,0,0,0,,,
            ",
        )
        .stderr(DISCLAIMER)
        .run();
}

// 3. Writing files safely.

/// `save --force` never replaces a device or writes through a link; a
/// regular file is replaced whole, with nothing left beside it.
#[test]
fn save_refuses_devices_and_links_and_replaces_regular_files() {
    let out = Test::new()
        .write("target.txt", "keep me\n")
        .symlink("link.yaml", "target.txt")
        .write("old.yaml", "old\n")
        .args(["-q", "prompt"])
        .stdin("age=40\nsave /dev/null --force\nsave link.yaml --force\nsave old.yaml --force\n")
        .stdout_any()
        .stderr(
            "
            error: cannot write `/dev/null`: it is a device, not a regular file
             --> stdin:2:6
              |
            2 | save /dev/null --force
              |      ^^^^^^^^^
              |
              = help: give the path of a regular file
            error: cannot write `link.yaml`: it is a symbolic link
             --> stdin:3:6
              |
            3 | save link.yaml --force
              |      ^^^^^^^^^
              |
              = help: give the path of the file itself: a link is neither written through nor replaced
            ",
        )
        .status(1)
        .run();
    assert!(out.stdout.contains("Saved case `old` (1 feature) to old.yaml."), "{}", out.stdout);
    let dir = out.dir.path();
    assert!(fs::metadata("/dev/null").is_ok_and(|m| !m.is_file()), "/dev/null is still a device");
    assert_eq!(fs::read_to_string(dir.join("target.txt")).unwrap(), "keep me\n");
    assert!(fs::symlink_metadata(dir.join("link.yaml")).unwrap().file_type().is_symlink());
    assert!(fs::read_to_string(dir.join("old.yaml")).unwrap().contains("age: 40"));
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["link.yaml", "old.yaml", "target.txt"], "no temporary file is left");
}

/// A write that fails (a folder that cannot be written to) says so, and
/// the old file is left whole.
#[test]
fn a_failed_save_says_so_and_leaves_the_old_file_whole() {
    use std::os::unix::fs::PermissionsExt as _;
    let Some(test) =
        Test::new().write("locked/case.yaml", "id: old\nfeatures: {}\n").unreadable("locked")
    else {
        return;
    };
    let out = test
        .args(["-q", "prompt"])
        .stdin("age=40\nsave locked/case.yaml --force\n")
        .stdout_any()
        .stderr(
            "
            error: cannot write `locked/case.yaml`: permission denied
             --> stdin:2:6
              |
            2 | save locked/case.yaml --force
              |      ^^^^^^^^^^^^^^^^
              |
              = help: check that the folder exists and can be written to
            ",
        )
        .status(1)
        .run();
    let locked = out.dir.path().join("locked");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(fs::read_to_string(locked.join("case.yaml")).unwrap(), "id: old\nfeatures: {}\n");
}

/// Quiz records are appended to a regular file only: a link (which could
/// aim them at another file) and a device are refused.
#[test]
fn quiz_records_refuse_links_and_devices() {
    let out = Test::new()
        .write("other.txt", "keep me\n")
        .symlink("class.jsonl", "other.txt")
        .args(["quiz", "t01-weak-hand", "--record", "class.jsonl"])
        .stdin("ALS high\n")
        .stderr(
            "error: cannot write the record file `class.jsonl`: it is a symbolic link; give the path of the file itself: a link is neither written through nor replaced\n",
        )
        .status(2)
        .run();
    assert_eq!(fs::read_to_string(out.dir.path().join("other.txt")).unwrap(), "keep me\n");
    Test::new()
        .args(["quiz", "t01-weak-hand", "--record", "/dev/null"])
        .stdin("ALS high\n")
        .stderr(
            "error: cannot write the record file `/dev/null`: it is a device, not a regular file; give the path of a regular file\n",
        )
        .status(2)
        .run();
}

/// `batch --output`: a link is refused (exit status 2) and its target
/// left alone; `/dev/null` is written to, not replaced; a regular file is
/// replaced whole, and left as it was when no case is read.
#[test]
fn batch_output_refuses_links_writes_to_devices_and_replaces_files_whole() {
    let case = "id: a\nfeatures: {age: 40}\n";
    let out = Test::new()
        .write("a.yaml", case)
        .write("other.jsonl", "keep me\n")
        .symlink("out.jsonl", "other.jsonl")
        .args(["-q", "batch", "a.yaml", "--output", "out.jsonl"])
        .stderr(
            "
            error: cannot write `out.jsonl`: it is a symbolic link
             |
             = help: give the path of the file itself: a link is neither written through nor replaced
            ",
        )
        .status(2)
        .run();
    assert_eq!(fs::read_to_string(out.dir.path().join("other.jsonl")).unwrap(), "keep me\n");
    Test::new()
        .write("a.yaml", case)
        .args(["-q", "batch", "a.yaml", "--output", "/dev/null", "--format", "csv"])
        .stderr(DISCLAIMER)
        .run();
    assert!(fs::metadata("/dev/null").is_ok_and(|m| !m.is_file()), "/dev/null is still a device");
    // A full disk (`/dev/full`) says so.
    if Path::new("/dev/full").exists() {
        Test::new()
            .write("a.yaml", case)
            .args(["-q", "batch", "a.yaml", "--output", "/dev/full", "--format", "csv"])
            .stderr("error: cannot write output: no space left on device\n")
            .status(2)
            .run();
    }
    // `/dev/stdout` leads to the pipe the test reads: written in place.
    Test::new()
        .write("a.yaml", case)
        .args(["-q", "batch", "a.yaml", "--output", "/dev/stdout", "--format", "csv"])
        .stdout(
            "
            id,source,expected,verdict,conflict,margin,score_ALS,score_MS,agrees,deciding_rules,error
            a,a.yaml:1,,none,false,0,0,0,,,
            ",
        )
        .stderr(DISCLAIMER)
        .run();
    let out = Test::new()
        .write("a.yaml", case)
        .write("out.csv", "old\n")
        .args(["-q", "batch", "a.yaml", "--output", "out.csv"])
        .stderr(DISCLAIMER)
        .run();
    let dir = out.dir.path();
    assert_eq!(
        fs::read_to_string(dir.join("out.csv")).unwrap(),
        "id,source,expected,verdict,conflict,margin,score_ALS,score_MS,agrees,deciding_rules,error\n\
         a,a.yaml:1,,none,false,0,0,0,,,\n"
    );
    assert_eq!(fs::read_dir(dir).unwrap().count(), 2, "no temporary file is left");
    let out = Test::new()
        .write("empty/.keep", "")
        .write("out.csv", "old\n")
        .args(["-q", "batch", "empty", "--output", "out.csv"])
        .stderr(
            "
            error: no case was read
             |
             = help: give case files (.yaml, .yml, .jsonl, .csv) or folders that hold some
            ",
        )
        .status(1)
        .run();
    assert_eq!(fs::read_to_string(out.dir.path().join("out.csv")).unwrap(), "old\n");
}

// 4. Paths named on the command line that cannot be read.

/// A missing or unreadable path named to `batch` is said on standard
/// error with its reason (even with `--quiet`), beside its failed record;
/// the others are read, and the status is 1.
#[test]
fn an_unreadable_path_named_to_batch_is_said_on_stderr() {
    Test::new()
        .write("a.yaml", "id: a\nfeatures: {age: 30}\n")
        .args(["-q", "batch", "missing.yaml", "a.yaml", "--format", "table"])
        .stdout(&format!(
            "
            id                         verdict  margin top reason                 expected
            ?                          error: cannot read it: no such file or folder (missing.yaml:1); check the path
            a                          none          1 younger-onset-leans-ms
            {}",
            table_disclaimer()
        ))
        .stderr(
            "
            error: cannot read `missing.yaml`: no such file or folder
             |
             = help: check the path; the other inputs are read
            ",
        )
        .status(1)
        .run();
    let Some(test) = Test::new()
        .write("a.yaml", "id: a\nfeatures: {age: 30}\n")
        .write("locked.yaml", "id: locked\n")
        .unreadable("locked.yaml")
    else {
        return;
    };
    test.args(["-q", "batch", "locked.yaml", "a.yaml", "--format", "jsonl"])
        .stdout_any()
        .stderr(
            "error: cannot read `locked.yaml`: permission denied\n |\n = help: check its permissions (`chmod u+r`); the other inputs are read\n",
        )
        .status(1)
        .run();
}

// 5. A pack folder named by `NEUROTRIAGE_RULES`.

#[test]
fn errors_of_a_pack_named_by_the_environment_say_so() {
    let expected = "
        error: cannot read rule pack folder `nonexist`: no such file or folder

        error: the rule pack named by `NEUROTRIAGE_RULES` has 1 error; docs/rules.md describes the rule language
         |
         = help: `NEUROTRIAGE_RULES` is set in your environment; unset it to use the built-in pack, or give another folder with `--rules DIR`
        ";
    for args in [&["explain", "age=40"][..], &["rules", "check"][..]] {
        Test::new()
            .env("NEUROTRIAGE_RULES", "nonexist")
            .args(args)
            .status(2)
            .stderr(expected)
            .run();
    }
    // `--rules` names the folder itself: no mention of the variable.
    Test::new()
        .env("NEUROTRIAGE_RULES", "elsewhere")
        .args(["--rules", "nonexist", "explain", "age=40"])
        .status(2)
        .stderr(
            "
            error: cannot read rule pack folder `nonexist`: no such file or folder

            error: the rule pack has 1 error; docs/rules.md describes the rule language
            ",
        )
        .run();
}

// 6. A repeated case id.

/// The later case with an id fails and names the place of the earlier one.
#[test]
fn a_repeated_id_names_the_earlier_case() {
    Test::new()
        .write("a.yaml", "id: same\nfeatures: {age: 40}\n")
        .write("b.jsonl", "{\"id\": \"other\", \"features\": {}}\n{\"id\": \"same\", \"expected\": \"MS\", \"features\": {\"age\": 40}}\n")
        .args(["-q", "batch", "a.yaml", "b.jsonl", "--format", "csv"])
        .stdout(
            "
            id,source,expected,verdict,conflict,margin,score_ALS,score_MS,agrees,deciding_rules,error
            same,a.yaml:1,,none,false,0,0,0,,,
            other,b.jsonl:1,,none,false,0,0,0,,,
            same,b.jsonl:2,MS,,,,,,,,the id `same` was given to the case at a.yaml:1
            ",
        )
        .stderr(DISCLAIMER)
        .status(1)
        .run();
}

/// The failed repeat keeps its `expected` in the JSON outputs.
#[test]
fn a_repeated_id_keeps_its_expected() {
    let out = Test::new()
        .write("b.jsonl", "{\"id\": \"same\", \"features\": {}}\n{\"id\": \"same\", \"expected\": \"MS\", \"features\": {}}\n")
        .args(["-q", "batch", "b.jsonl", "--format", "jsonl"])
        .stdout_any()
        .status(1)
        .run();
    let second: serde_json::Value =
        serde_json::from_str(out.stdout.lines().nth(1).expect("two lines")).expect("JSON");
    assert_eq!(second["expected"], "MS");
}

/// In a case library, the repeat names the earlier case too.
#[test]
fn a_repeated_id_in_a_case_library_names_the_earlier_case() {
    let out = Test::new()
        .write("lib/a.yaml", "id: same\nfeatures: {age: 30}\n")
        .write("lib/b.yaml", "id: same\nfeatures: {age: 40}\n")
        .args(["--cases", "lib", "cases"])
        .stdout_any()
        .stderr_any()
        .status(2)
        .run();
    assert!(
        out.stderr.starts_with("error: the id `same` was given to the case at lib/a.yaml:1\n"),
        "{}",
        out.stderr
    );
}
