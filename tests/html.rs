//! `explain --format html`: one self-contained page. Whole pages are
//! snapshots; every page parses as HTML5 without an error, loads nothing,
//! and carries the disclaimer at the top and the bottom; text from a case
//! cannot become markup.

use insta::assert_snapshot;
use scraper::{Html, Selector};

use crate::test::{DISCLAIMER, Test, root};

/// The page of `explain ARGS --format html`.
fn page(args: &[&str]) -> String {
    Test::new().args(["explain", "--format", "html"]).args(args).stdout_any().run().stdout
}

/// Parses `page` as an HTML5 document and checks what every page must
/// hold: no parse error; nothing that loads a resource or runs a script
/// (no element that would, no `on...` attribute, no link but to a part of
/// the page); the disclaimer whole, once in the header and once in the
/// footer.
pub(crate) fn parsed(page: &str) -> Html {
    let document = Html::parse_document(page);
    assert!(document.errors.is_empty(), "parse errors {:?} in\n{page}", document.errors);
    let select = |s: &str| Selector::parse(s).unwrap();
    for loader in ["script", "link", "img", "iframe", "object", "embed", "[src]"] {
        assert_eq!(document.select(&select(loader)).count(), 0, "`{loader}` in\n{page}");
    }
    for element in document.select(&select("*")) {
        for (name, value) in element.value().attrs() {
            assert!(!name.to_ascii_lowercase().starts_with("on"), "`{name}` in\n{page}");
            assert!(name != "href" || value.starts_with('#'), "`href={value}` in\n{page}");
        }
    }
    let disclaimer = DISCLAIMER.trim_end().replace('\n', " ");
    assert_eq!(
        texts(&document, "header p.disclaimer"),
        std::slice::from_ref(&disclaimer),
        "{page}"
    );
    assert_eq!(texts(&document, "footer p.disclaimer"), [disclaimer], "{page}");
    assert_eq!(texts(&document, "p.disclaimer").len(), 2, "{page}");
    document
}

/// A page as its snapshot holds it: the style sheet (a source file of its
/// own, the same in every page) left out, so that a change of style does
/// not rewrite every snapshot.
pub(crate) fn without_style(page: &str) -> String {
    let (Some(start), Some(end)) = (page.find("<style>\n"), page.find("</style>")) else {
        panic!("no style sheet in\n{page}");
    };
    format!("{}<style>/* page.css */{}", &page[..start], &page[end..])
}

/// The text of every element `selector` finds.
pub(crate) fn texts(document: &Html, selector: &str) -> Vec<String> {
    let selector = Selector::parse(selector).unwrap();
    document.select(&selector).map(|e| e.text().collect::<String>()).collect()
}

#[test]
fn a_typical_case_as_a_page() {
    let out = page(&[
        "age=62",
        "course=progressive",
        "fasciculations",
        "muscle_wasting",
        "no-sensory_loss",
    ]);
    let document = parsed(&out);
    assert_eq!(
        texts(&document, ".verdict-line"),
        ["fits ALS better: margin 7 (3 or more is clear)"]
    );
    // One bar, with its points as text, per fired rule.
    assert_eq!(document.select(&Selector::parse("svg.bar").unwrap()).count(), 4);
    assert_eq!(texts(&document, ".rule .points"), ["ALS +1", "ALS +3", "ALS +2", "ALS +1"]);
    assert_snapshot!("typical_als_html", without_style(&out));
}

#[test]
fn a_library_case_with_its_teaching_points_and_a_conflict() {
    let out = page(&["--case", "t08-numb-and-thin"]);
    let document = parsed(&out);
    assert!(texts(&document, ".verdict-line")[0].starts_with("the findings conflict:"), "{out}");
    assert_eq!(document.select(&Selector::parse("section.verdict.conflict").unwrap()).count(), 1);
    let end = texts(&document, "section.case-end").concat();
    assert!(end.contains("no clear difference; the rule pack agrees."), "{end}");
    assert!(texts(&document, "section.alerts h2").iter().any(|h| h.starts_with("Caution")));
}

#[test]
fn three_profiles_draw_one_group_of_bars_each() {
    let out = Test::new()
        .pack("three")
        .args(["--rules", "pack", "explain", "--format", "html", "curved", "skin_colour=yellow"])
        .stdout_any()
        .run()
        .stdout;
    let document = parsed(&out);
    assert_eq!(texts(&document, ".evidence h3").len(), 3, "{out}");
    assert_snapshot!("three_profiles_html", without_style(&out));
}

/// Markup, a script and links from a case come out as text: the page has
/// no element, attribute or link the case wrote.
#[test]
fn text_from_a_case_cannot_become_markup() {
    let hostile = r#"<script>alert(1)</script><a href="javascript:alert(2)">x</a>"><img src=x onerror=alert(3)>&amp;"#;
    let case = format!(
        "id: h\ntitle: '{}'\ndescription: '{}'\nfeatures: {{age: 40}}\n",
        hostile.replace('\'', "''"),
        hostile.replace('\'', "''")
    );
    let out = Test::new()
        .write("h.yaml", &case)
        .args(["explain", "--format", "html", "h.yaml"])
        .stdout_any()
        .run()
        .stdout;
    let document = parsed(&out);
    assert!(texts(&document, "section.case p").contains(&hostile.to_owned()), "{out}");
    assert!(!out.contains("<script") && !out.contains("<img") && !out.contains("<a "), "{out}");
}

#[test]
fn the_vignettes_all_make_well_formed_pages() {
    let mut files: Vec<_> = std::fs::read_dir(root().join("tests/cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 30);
    for file in files {
        let out = page(&[file.to_str().unwrap()]);
        let document = parsed(&out);
        assert_eq!(texts(&document, ".verdict-line").len(), 1, "{}", file.display());
        // One snapshot a vignette: a change to any page shows in review.
        let stem = file.file_stem().unwrap().to_str().unwrap();
        assert_snapshot!(format!("vignette_html_{stem}"), without_style(&out));
    }
}

/// `compare --format html`: the pack side by side, one row a finding and
/// a bar with its points in each profile's cell.
#[test]
fn the_pack_side_by_side_as_a_page() {
    let out = Test::new().args(["compare", "--format", "html"]).stdout_any().run().stdout;
    let document = parsed(&out);
    let rows = texts(&document, "table.compare tbody tr");
    assert!(rows.len() > 20, "{out}");
    assert!(
        rows[0].starts_with("course: relapsing or relapsing_then_progressive-2 moderate+3 strong5"),
        "{}",
        rows[0]
    );
    let three = Test::new()
        .pack("three")
        .args(["--rules", "pack", "compare", "--format", "html"])
        .stdout_any()
        .run()
        .stdout;
    parsed(&three);
    assert_snapshot!("three_profiles_compare_html", without_style(&three));
}

/// `-o FILE` writes the page to FILE, its extension choosing the format
/// when `--format` is not given; a failed command leaves an old file as
/// it was, and a folder is refused.
#[test]
fn an_output_file_chooses_its_format_and_is_written_whole() {
    let features = ["age=62", "fasciculations"];
    let printed = page(&features);
    let out = Test::new()
        .write("old.html", "old\n")
        .args(["explain", "-o", "page.html"])
        .args(features)
        .stdout("")
        .run();
    assert_eq!(std::fs::read_to_string(out.dir.path().join("page.html")).unwrap(), printed);
    let out = Test::new()
        .write("old.html", "old\n")
        .args(["explain", "age=620", "-o", "old.html"])
        .stderr_any()
        .status(2)
        .run();
    assert_eq!(std::fs::read_to_string(out.dir.path().join("old.html")).unwrap(), "old\n");
    let out = Test::new().args(["compare", "-o", "side.json"]).stdout("").run();
    let json = std::fs::read_to_string(out.dir.path().join("side.json")).unwrap();
    assert!(json.starts_with("{\n  \"disclaimer\""), "{json}");
    Test::new()
        .write("folder/keep", "")
        .args(["compare", "-f", "html", "-o", "folder"])
        .stderr("error: cannot write `folder`: it is a folder\n |\n = help: give a file name inside the folder\n")
        .status(2)
        .run();
}

/// `quiz report -o FILE.html` writes the page `--format html` prints, and
/// a record line that cannot be read (exit status 1) does not stop it.
#[test]
fn a_quiz_report_goes_to_a_file_even_with_a_bad_line() {
    let records = root().join("tests/quiz_records/ana.jsonl").display().to_string();
    let printed = Test::new()
        .args(["quiz", "report", "--format", "html", &records])
        .stdout_any()
        .run()
        .stdout;
    let out = Test::new().args(["quiz", "report", &records, "-o", "r.html"]).stdout("").run();
    assert_eq!(std::fs::read_to_string(out.dir.path().join("r.html")).unwrap(), printed);
    let out = Test::new()
        .write("bad.jsonl", "{not json}\n")
        .args(["quiz", "report", &records, "bad.jsonl", "-o", "r.html"])
        .stdout("")
        .stderr_any()
        .status(1)
        .run();
    parsed(&std::fs::read_to_string(out.dir.path().join("r.html")).unwrap());
}

/// `-o` never writes over what the command reads (a case file, a quiz
/// record), by any name; an existing output is replaced whole.
#[test]
fn an_output_file_is_never_an_input() {
    let message = |name: &str| {
        format!(
            "error: `{name}` is both an input and the output\n |\n = help: give the output another name: the input would be lost\n"
        )
    };
    let case = "id: c\nfeatures: {age: 62, fasciculations: yes}\n";
    let out = Test::new()
        .write("case.yaml", case)
        .args(["explain", "case.yaml", "-o", "./case.yaml"])
        .stderr(&message("case.yaml"))
        .status(2)
        .run();
    assert_eq!(std::fs::read_to_string(out.dir.path().join("case.yaml")).unwrap(), case);
    let records = std::fs::read(root().join("tests/quiz_records/ana.jsonl")).unwrap();
    let out = Test::new()
        .write_bytes("ana.jsonl", &records)
        .args(["quiz", "report", "ana.jsonl", "-o", "ana.jsonl"])
        .stderr(&message("ana.jsonl"))
        .status(2)
        .run();
    assert_eq!(std::fs::read(out.dir.path().join("ana.jsonl")).unwrap(), records);
    // A link to it is the same file by another name.
    Test::new()
        .write("case.yaml", case)
        .symlink("other.txt", "case.yaml")
        .args(["explain", "case.yaml", "-o", "other.txt"])
        .stderr(&message("case.yaml"))
        .status(2)
        .run();
    // An old output is replaced.
    let out = Test::new()
        .write("case.yaml", case)
        .write("page.html", "old\n")
        .args(["explain", "case.yaml", "-o", "page.html"])
        .stdout("")
        .run();
    let page = std::fs::read_to_string(out.dir.path().join("page.html")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
}

/// A quiz report of records of which not one could be read leaves an old
/// report as it was.
#[test]
fn a_quiz_report_of_nothing_keeps_the_old_page() {
    let out = Test::new()
        .write("bad.jsonl", "{not json}\n")
        .write("r.html", "old\n")
        .args(["quiz", "report", "bad.jsonl", "-o", "r.html"])
        .stdout("")
        .stderr_any()
        .status(1)
        .run();
    assert_eq!(std::fs::read_to_string(out.dir.path().join("r.html")).unwrap(), "old\n");
    assert!(
        out.stderr.ends_with(
            "error: 1 of 1 line could not be read; not one answer is left: no report\n |\n \
             = help: fix the lines above, or name other record files\n"
        ),
        "{}",
        out.stderr
    );
}
