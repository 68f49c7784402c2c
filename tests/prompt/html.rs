//! `explain html FILE` (and `save html FILE`, `save FILE.html`): the page of
//! `neurotriage explain --format html` written to a file from the prompt,
//! under the rules of `save`: whole, never over a file unasked, never over
//! a folder, a pipe or a link.

use std::fs;

use scraper::{Html, Selector};

use super::mistake;
use crate::test::{Test, root};

/// Parses a page as an HTML5 document, which must have no parse error and
/// the disclaimer at its top and bottom; returns the verdict line.
fn verdict_of(page: &str) -> String {
    let document = Html::parse_document(page);
    assert!(document.errors.is_empty(), "parse errors {:?} in\n{page}", document.errors);
    let texts = |selector: &str| -> Vec<String> {
        let selector = Selector::parse(selector).unwrap();
        document.select(&selector).map(|e| e.text().collect::<String>()).collect()
    };
    let disclaimers = texts("p.disclaimer");
    assert_eq!(disclaimers.len(), 2, "{page}");
    assert!(disclaimers.iter().all(|d| d.contains("It is not a diagnosis")), "{page}");
    texts(".verdict-line").concat()
}

/// The page `neurotriage explain --format html ARGS` prints.
fn printed_page(test: Test, args: &[&str]) -> String {
    test.args(["explain", "--format", "html"]).args(args).stdout_any().run().stdout
}

/// Makes a named pipe (a FIFO) at `path`.
#[cfg(unix)]
fn mkfifo(path: &std::path::Path) {
    use std::process::Command;
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

#[test]
fn explain_html_writes_the_page_that_explain_format_html_prints() {
    let out = Test::new()
        .args(["prompt"])
        .stdin("age=62 fasciculations\nexplain html out.html\nexplain html brief short.html\n")
        .stdout_any()
        .run();
    assert!(
        out.stdout.ends_with(
            "Wrote the report to out.html (open it in a browser).\nWrote the brief report to short.html (open it in a browser).\n"
        ),
        "{}",
        out.stdout
    );
    let page = fs::read_to_string(out.dir.path().join("out.html")).unwrap();
    assert_eq!(verdict_of(&page), "fits ALS better: margin 4 (3 or more is clear)");
    assert_eq!(page, printed_page(Test::new(), &["age=62", "fasciculations"]));
    let short = fs::read_to_string(out.dir.path().join("short.html")).unwrap();
    assert_eq!(verdict_of(&short), "fits ALS better: margin 4 (3 or more is clear)");
    assert_eq!(short, printed_page(Test::new(), &["--brief", "age=62", "fasciculations"]));
}

#[test]
fn a_loaded_case_keeps_its_own_section_on_the_page() {
    let vignette = root().join("tests/cases/ms-01-young-relapsing-sensory.yaml");
    let text = fs::read_to_string(vignette).unwrap();
    let out = Test::new()
        .write("v.yaml", &text)
        .args(["prompt"])
        .stdin("load v.yaml\nexplain html v.html\n")
        .stdout_any()
        .run();
    let page = fs::read_to_string(out.dir.path().join("v.html")).unwrap();
    verdict_of(&page);
    assert!(page.contains("<code>ms-01-young-relapsing-sensory</code>"), "{page}");
    assert_eq!(page, printed_page(Test::new().write("v.yaml", &text), &["v.yaml"]));
}

#[test]
fn a_page_never_replaces_a_file_unasked() {
    let out = Test::new()
        .write("old.html", "keep me\n")
        .args(["prompt"])
        .stdin("age=50\nexplain html old.html\n")
        .stdout_any()
        .stderr(
            "
            error: `old.html` already exists
             --> stdin:2:14
              |
            2 | explain html old.html
              |              ^^^^^^^^
              |
              = help: write `explain html old.html --force` to replace it
            ",
        )
        .status(1)
        .run();
    assert_eq!(fs::read_to_string(out.dir.path().join("old.html")).unwrap(), "keep me\n");

    let out = Test::new()
        .write("old.html", "keep me\n")
        .args(["prompt"])
        .stdin("age=50\nsave html brief old.html\nexplain html old.html --force\n")
        .stdout_any()
        .stderr(
            "
            error: `old.html` already exists
             --> stdin:2:17
              |
            2 | save html brief old.html
              |                 ^^^^^^^^
              |
              = help: write `save html brief old.html --force` to replace it
            ",
        )
        .status(1)
        .run();
    assert!(out.stdout.ends_with("Wrote the report to old.html (open it in a browser).\n"));
    let page = fs::read_to_string(out.dir.path().join("old.html")).unwrap();
    assert_eq!(verdict_of(&page), "no clear difference: ALS and MS are level (3 or more is clear)");
}

#[cfg(unix)]
#[test]
fn a_folder_a_pipe_or_a_link_is_never_written() {
    use std::os::unix::fs::FileTypeExt as _;
    let test = Test::new()
        .write("lesson/keep.txt", "keep\n")
        .write("target.html", "keep\n")
        .symlink("link.html", "target.html");
    let fifo = tempfile::tempdir().unwrap();
    let pipe = fifo.path().join("pipe.html");
    mkfifo(&pipe);
    let out = test
        .args(["prompt"])
        .stdin(&format!(
            "explain html lesson\nsave html link.html --force\nexplain html {} --force\n",
            pipe.display()
        ))
        .stdout_any()
        .stderr_any()
        .status(1)
        .run();
    let at = pipe.display().to_string();
    let rule = "^".repeat(at.len());
    assert_eq!(
        out.stderr,
        format!(
            "\
error: `lesson` is a folder
 --> stdin:1:14
  |
1 | explain html lesson
  |              ^^^^^^
  |
  = help: give a file name such as `lesson.html`
error: cannot write `link.html`: it is a symbolic link
 --> stdin:2:11
  |
2 | save html link.html --force
  |           ^^^^^^^^^
  |
  = help: give the path of the file itself: a link is neither written through nor replaced
error: cannot write `{at}`: it is a pipe, not a regular file
 --> stdin:3:14
  |
3 | explain html {at} --force
  |              {rule}
  |
  = help: give the path of a regular file
"
        )
    );
    let dir = out.dir.path();
    assert_eq!(fs::read_to_string(dir.join("lesson/keep.txt")).unwrap(), "keep\n");
    assert_eq!(fs::read_dir(dir.join("lesson")).unwrap().count(), 1);
    assert!(fs::symlink_metadata(dir.join("link.html")).unwrap().file_type().is_symlink());
    assert_eq!(fs::read_to_string(dir.join("target.html")).unwrap(), "keep\n");
    assert!(fs::symlink_metadata(&pipe).unwrap().file_type().is_fifo());
}

#[test]
fn save_writes_a_page_when_asked_for_html_or_given_an_html_name() {
    let out = Test::new()
        .args(["prompt"])
        .stdin("age=62 fasciculations\nsave html notes\nsave lesson.HTML\nsave case.yaml\n")
        .stdout_any()
        .run();
    assert!(
        out.stdout.ends_with(
            "Wrote the report to notes (open it in a browser).\nWrote the report to lesson.HTML (open it in a browser).\nSaved case `case` (2 features) to case.yaml.\n"
        ),
        "{}",
        out.stdout
    );
    let dir = out.dir.path();
    for page in ["notes", "lesson.HTML"] {
        let page = fs::read_to_string(dir.join(page)).unwrap();
        assert_eq!(verdict_of(&page), "fits ALS better: margin 4 (3 or more is clear)");
    }
    let case = fs::read_to_string(dir.join("case.yaml")).unwrap();
    assert!(case.starts_with("# A neurotriage case"), "{case}");
}

#[test]
fn a_page_needs_a_file_and_a_mistyped_form_is_named() {
    assert_eq!(
        mistake("explain html"),
        "error: `explain html` needs a file to write the page to\n --> stdin:2:1\n  |\n2 | explain html\n  | ^^^^^^^^^^^^\n  |\n  = help: usage: `explain html [brief] FILE [--force]`, for example `explain html lesson.html`\n"
    );
    assert_eq!(
        mistake("save html"),
        "error: `save html` needs a file to write the page to\n --> stdin:2:1\n  |\n2 | save html\n  | ^^^^^^^^^\n  |\n  = help: usage: `save html [brief] FILE [--force]`, for example `save html lesson.html`\n"
    );
    assert_eq!(
        mistake("explain htm x"),
        "error: `explain` has no form `htm`\n --> stdin:2:9\n  |\n2 | explain htm x\n  |         ^^^\n  |\n  = help: did you mean `html`?\n"
    );
    assert_eq!(
        mistake("explain html a.html b.html"),
        "error: `explain html` takes one file\n --> stdin:2:21\n  |\n2 | explain html a.html b.html\n  |                     ^^^^^^\n  |\n  = help: usage: `explain html [brief] FILE [--force]`\n"
    );
}
