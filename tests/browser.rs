//! Every kind of HTML page, opened in headless Chromium: the rendered page
//! shows the verdict, every fired rule and the disclaimer (twice); its
//! screenshots at 1280x800 and at 390x844 (a phone) are not blank, nothing
//! is wider than the window, and the page asks the network for nothing.
//! Text from a case stays text in the browser too.
//!
//! The browser is Debian's `chromium` (another with `NEUROTRIAGE_CHROMIUM`,
//! a name on `PATH` or a path). Where it is missing these tests print
//! "skipped: chromium not found; .ci/run installs it" and pass, so that
//! `cargo test --locked` passes on a fresh machine; `.ci/run` installs it
//! and sets `NEUROTRIAGE_BROWSER_TESTS=require`, and there a missing
//! browser fails them. One Chromium serves the whole test binary
//! ([`chromium`]), a tab for each page.
//!
//! A test for a new page is a few lines: render it with [`Test`], then
//! [`check_page`] with the texts it must show (the disclaimer is checked
//! anyway); the pages it returns hold the DOM, the text and more:
//!
//! ```ignore
//! #[test]
//! fn the_batch_page() {
//!     let html = Test::new()
//!         .write("cases/a.yaml", "id: a\nfeatures: {age: 62, fasciculations: yes}\n")
//!         .args(["batch", "--format", "html", "cases/"])
//!         .stdout_any()
//!         .run()
//!         .stdout;
//!     check_page("batch", &html, &["a", "fits ALS better"]);
//! }
//! ```
//!
//! The screenshots in `docs/` are made by [`docs_screenshots`], one row of
//! [`SCREENSHOTS`] each; it runs only when asked (see there). Time: the
//! browser starts in about 0.4 s, and a page opens, renders and is
//! photographed in 0.2 to 1 s.

mod chromium;

use std::{collections::HashSet, env, fs};

use neurotriage::DISCLAIMER;
use scraper::Html;
use serde_json::Value;

use crate::test::{Test, root};
use chromium::{DESKTOP, PHONE, Page, Viewport, browser};

/// Opens `html` at 1280x800 and at 390x844 and checks what every page
/// must: a screenshot that is not blank, nothing wider than the window, no
/// network request, nothing on the console, the disclaimer shown at least
/// twice, and each of `shows` shown. Returns the two pages for more checks,
/// or `None` when there is no browser (the tests then skip).
fn check_page<S: AsRef<str>>(name: &str, html: &str, shows: &[S]) -> Option<[Page; 2]> {
    let browser = browser()?;
    let pages = [DESKTOP, PHONE].map(|viewport| browser.open(name, html, viewport));
    for page in &pages {
        page.assert_not_blank();
        page.assert_fits();
        page.assert_no_requests();
        page.assert_quiet();
        page.assert_shows(shows);
        assert!(
            page.count_shown(DISCLAIMER) >= 2,
            "{}: the disclaimer twice in\n{}",
            page.what(),
            page.text
        );
    }
    Some(pages)
}

/// The standard output of `neurotriage ARGS`, with `tests/packs/PACK` as
/// `--rules` when given.
fn run(pack: Option<&str>, args: &[&str]) -> String {
    let test = match pack {
        Some(pack) => Test::new().pack(pack).rules_dir("pack"),
        None => Test::new(),
    };
    test.args(args).stdout_any().run().stdout
}

/// The ids of the rules that fire for `explain ARGS` (from its JSON).
fn fired(pack: Option<&str>, args: &[&str]) -> Vec<String> {
    let json: Value =
        serde_json::from_str(&run(pack, &[&["explain", "--format", "json"], args].concat()))
            .expect("JSON");
    json["fired"]
        .as_array()
        .expect("a list of fired rules")
        .iter()
        .map(|rule| rule["rule"].as_str().expect("a rule id").to_owned())
        .collect()
}

/// `explain --format html ARGS` in the browser: the page shows `verdict`
/// and the id of every rule that fired.
fn check_explanation(
    name: &str,
    pack: Option<&str>,
    args: &[&str],
    verdict: &str,
) -> Option<[Page; 2]> {
    let fired = fired(pack, args);
    assert!(!fired.is_empty(), "{name}: no rule fired");
    let html = run(pack, &[&["explain", "--format", "html"], args].concat());
    let mut shows = fired;
    shows.push(verdict.to_owned());
    check_page(name, &html, &shows)
}

const TYPICAL_ALS: [&str; 5] =
    ["age=62", "course=progressive", "fasciculations", "muscle_wasting", "no-sensory_loss"];

/// Nothing on this page scrolls sideways, not even a table on a phone.
#[test]
fn a_typical_als_explanation() {
    let Some(pages) = check_explanation(
        "explain typical ALS",
        None,
        &TYPICAL_ALS,
        "fits ALS better: margin 7 (3 or more is clear)",
    ) else {
        return;
    };
    for page in &pages {
        assert_eq!(page.scrolling, Vec::<String>::new(), "{}", page.what());
    }
}

/// `--brief` keeps the main reasons: the three rules that moved the lead
/// most, of the four that fired.
#[test]
fn a_brief_explanation() {
    let args = [&["--brief"], &TYPICAL_ALS[..]].concat();
    assert_eq!(
        fired(None, &args),
        [
            "progressive-course-leans-als",
            "fasciculations-favour-als",
            "muscle-wasting-favours-als",
            "older-onset-leans-als"
        ]
    );
    let html = run(None, &[&["explain", "--format", "html"], &args[..]].concat());
    let shows = [
        "fits ALS better: margin 7 (3 or more is clear)",
        "fasciculations-favour-als",
        "muscle-wasting-favours-als",
        "progressive-course-leans-als",
    ];
    let Some(pages) = check_page("explain --brief typical ALS", &html, &shows) else { return };
    for page in &pages {
        assert_eq!(page.count_shown("older-onset-leans-als"), 0, "{}", page.what());
    }
}

#[test]
fn a_vignette_file() {
    let file = root().join("tests/cases/ms-03-relapsing-ataxia-and-tingling.yaml");
    check_explanation(
        "explain ms-03 vignette",
        None,
        &[file.to_str().expect("a UTF-8 path")],
        "fits MS better: margin 13 (3 or more is clear)",
    );
}

#[test]
fn a_library_case_with_a_conflict() {
    check_explanation(
        "explain --case t08",
        None,
        &["--case", "t08-numb-and-thin"],
        "the findings conflict: ALS +7 and MS +3 each have strong findings in their favour, \
         and neither profile may explain them all (no clear difference; ALS leads MS by 3)",
    );
}

#[test]
fn three_profiles() {
    check_explanation(
        "explain three profiles",
        Some("three"),
        &["curved", "skin_colour=yellow"],
        "fits BANANA better: margin 3 (3 or more is clear)",
    );
}

/// `compare --format html`, of the built-in pack and of the three-profile
/// pack: every finding the rules weigh, and every rule, is on the page.
#[test]
fn the_compare_pages() {
    for (pack, first) in
        [(None, "course: relapsing or relapsing_then_progressive"), (Some("three"), "curved: yes")]
    {
        let json: Value =
            serde_json::from_str(&run(pack, &["compare", "--format", "json"])).expect("JSON");
        let rows = json["rows"].as_array().expect("rows");
        assert_eq!(rows[0]["finding"], first);
        let mut shows = Vec::new();
        for row in rows {
            shows.push(row["finding"].as_str().expect("a finding").to_owned());
            for rule in row["rules"].as_array().expect("rules") {
                shows.push(rule.as_str().expect("a rule id").to_owned());
            }
        }
        let html = run(pack, &["compare", "--format", "html"]);
        check_page(&format!("compare {}", pack.unwrap_or("built-in")), &html, &shows);
    }
}

/// Markup, scripts, links and a stylesheet in every text field of a case
/// stay text: the rendered page has no element or attribute they could
/// have made, shows them literally, and fetches nothing.
#[test]
fn hostile_text_stays_text() {
    let hostile = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        r#"<a href="javascript:alert(1)">click</a>"#,
        "<link rel=stylesheet href=http://example.com/x.css>",
        r#"<iframe src="http://example.com/"></iframe>"#,
        r#"<svg onload=alert(1)><image href="http://example.com/i.png"/></svg>"#,
        r#""><style>body{background:url(http://example.com/bg.png)}</style>"#,
        "&lt;b&gt; &amp; </details></section></main>",
    ];
    let quoted = |text: &str| format!("'{}'", text.replace('\'', "''"));
    let all = hostile.join(" ");
    let case = format!(
        "id: {}\ntitle: {}\ndescription: {}\nexpected: ALS\nrationale: {}\n\
         teaching_points:\n{}\nfeatures: {{age: 62, course: progressive, fasciculations: yes}}\n",
        quoted(&all),
        quoted(&all),
        quoted(&all),
        quoted(&all),
        hostile.iter().map(|h| format!("  - {}\n", quoted(h))).collect::<Vec<_>>().concat(),
    );
    let html = Test::new()
        .write("hostile.yaml", &case)
        .args(["explain", "--format", "html", "hostile.yaml"])
        .stdout_any()
        .run()
        .stdout;
    let Some(pages) = check_page("hostile case", &html, &hostile) else { return };
    for page in &pages {
        let dom = Html::parse_document(&page.dom);
        let mut made = Vec::new();
        for element in dom.root_element().descendants().filter_map(scraper::ElementRef::wrap) {
            let tag = element.value().name();
            if ["script", "img", "iframe", "link", "object", "embed", "image", "frame"]
                .contains(&tag)
            {
                made.push(format!("<{tag}>"));
            }
            for (attribute, value) in element.value().attrs() {
                let value = value.trim().to_ascii_lowercase();
                if attribute.starts_with("on")
                    || value.starts_with("javascript:")
                    || value.contains("example.com")
                {
                    made.push(format!("<{tag} {attribute}={value:?}>"));
                }
            }
        }
        assert_eq!(made, Vec::<String>::new(), "{}: from the case's text", page.what());
        // The style element of the page is its own, not the case's.
        assert_eq!(page.dom.matches("<style").count(), 1, "{}", page.what());
    }
}

/// The network check catches a page that loads something: an image from
/// a closed port. Without a Content-Security-Policy the browser asks for
/// it; with our pages' policy it is refused, and the console says so.
#[test]
fn the_network_check_sees_a_request() {
    let Some(browser) = browser() else { return };
    let image = "<p>An image: <img src=\"http://127.0.0.1:9/x.png\" alt=x></p>";
    let page = browser.open("control page", &format!("<!doctype html>{image}"), DESKTOP);
    assert_eq!(page.requests, ["http://127.0.0.1:9/x.png"]);
    assert_eq!(page.text, "An image: ");
    assert_eq!(page.console, ["error network: Failed to load resource: net::ERR_UNSAFE_PORT"]);
    let policy = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">";
    let html = format!("<!doctype html>{policy}{image}");
    let page = browser.open("control page with a policy", &html, DESKTOP);
    assert_eq!(page.requests, ["http://127.0.0.1:9/x.png"]);
    assert_eq!(
        page.console,
        ["error security: Loading the image 'http://127.0.0.1:9/x.png' violates the following \
             Content Security Policy directive: \"default-src 'none'\". Note that 'img-src' was \
             not explicitly set, so 'default-src' is used as a fallback. The action has been \
             blocked."]
    );
}

/// `batch --format html` of the vignettes, with a case whose id is
/// markup: the summary and every case's row are shown, every case's
/// explanation (folded) holds its fired rules, and the markup stays text.
#[test]
fn the_batch_page() {
    let cases = root().join("tests/cases");
    let hostile = r#"<script>alert(1)</script><a href="javascript:alert(2)">x</a>"#;
    let mut ids: Vec<String> = fs::read_dir(&cases)
        .expect("the vignettes")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .map(|path| path.file_stem().and_then(|s| s.to_str()).expect("a name").to_owned())
        .collect();
    ids.sort();
    let html = Test::new()
        .write(
            "extra/hostile.jsonl",
            &format!("{}\n", serde_json::json!({"id": hostile, "features": {"age": 62}})),
        )
        .args(["batch", "--format", "html", cases.to_str().expect("UTF-8"), "extra"])
        .stdout_any()
        .stderr_any()
        .run()
        .stdout;
    let mut shows = ids.clone();
    shows.push("Agreement: 31 of 32 cases with an expected verdict (96.9%).".to_owned());
    shows.push(hostile.to_owned());
    let Some(pages) = check_page("batch", &html, &shows) else { return };
    // The explanations are folded: their rules are in the page, if not in
    // its visible text. The first vignette's fired rules, for one.
    let first = cases.join(format!("{}.yaml", ids[0]));
    for rule in fired(None, &[first.to_str().expect("UTF-8")]) {
        assert!(pages[0].dom.contains(&rule), "batch: `{rule}` of {} in the page", ids[0]);
    }
    for page in &pages {
        assert!(!page.dom.contains("<script>"), "{}", page.what());
        assert_eq!(page.dom.matches("<style").count(), 1, "{}", page.what());
    }
}

/// `quiz report --format html` of the class records: every case, stage and
/// share is shown.
#[test]
fn the_quiz_report_page() {
    let records = ["ana", "ben", "shared-pc"]
        .map(|name| root().join(format!("tests/quiz_records/{name}.jsonl")).display().to_string());
    let html = Test::new()
        .args(["quiz", "report", "--format", "html"])
        .args(&records)
        .stdout_any()
        .run()
        .stdout;
    check_page(
        "quiz report",
        &html,
        &[
            "Quiz report: als-ms",
            "t01-weak-hand",
            "1 of 3 (33%)",
            "3 of 3 (100%)",
            "mixed_motor_neuron_signs",
        ],
    );
}

/// A screenshot in `docs/`: the page of `neurotriage ARGS` at a size (an
/// argument `@path` is a path in the repository).
struct Screenshot {
    file: &'static str,
    args: &'static [&'static str],
    viewport: Viewport,
}

/// The screenshots of `docs/html.md`. A new page's picture is one more row.
const SCREENSHOTS: &[Screenshot] = &[
    Screenshot {
        file: "html-explain.png",
        args: &[
            "explain",
            "--format",
            "html",
            "age=62",
            "course=progressive",
            "fasciculations",
            "muscle_wasting",
            "no-sensory_loss",
        ],
        viewport: DESKTOP,
    },
    Screenshot {
        file: "html-explain-phone.png",
        args: &["explain", "--format", "html", "--case", "t08-numb-and-thin"],
        viewport: PHONE,
    },
    Screenshot {
        file: "html-compare.png",
        args: &["compare", "--format", "html"],
        viewport: DESKTOP,
    },
    Screenshot {
        file: "html-batch.png",
        args: &["batch", "--format", "html", "@tests/cases", "@rules/cases"],
        viewport: DESKTOP,
    },
    Screenshot {
        file: "html-quiz-report.png",
        args: &[
            "quiz",
            "report",
            "--format",
            "html",
            "@tests/quiz_records/ana.jsonl",
            "@tests/quiz_records/ben.jsonl",
            "@tests/quiz_records/shared-pc.jsonl",
        ],
        viewport: DESKTOP,
    },
];

/// Rewrites the screenshots of `docs/` with the browser of these tests:
/// `NEUROTRIAGE_UPDATE_SCREENSHOTS=1 cargo test --test integration
/// docs_screenshots -- --ignored`.
#[test]
#[ignore = "rewrites docs/*.png; run with NEUROTRIAGE_UPDATE_SCREENSHOTS=1 and --ignored"]
fn docs_screenshots() {
    assert_eq!(
        env::var("NEUROTRIAGE_UPDATE_SCREENSHOTS").as_deref(),
        Ok("1"),
        "set NEUROTRIAGE_UPDATE_SCREENSHOTS=1 to rewrite docs/*.png"
    );
    let browser = browser().expect("a browser to take the screenshots");
    let mut files = HashSet::new();
    for shot in SCREENSHOTS {
        assert!(files.insert(shot.file), "{} twice", shot.file);
        // `@path`: a path in the repository (the binary runs in a fresh
        // folder).
        let args: Vec<String> = shot
            .args
            .iter()
            .map(|arg| match arg.strip_prefix('@') {
                Some(path) => root().join(path).display().to_string(),
                None => (*arg).to_owned(),
            })
            .collect();
        let html = Test::new().args(&args).stdout_any().stderr_any().run().stdout;
        let page = browser.open(shot.file, &html, shot.viewport);
        page.assert_not_blank();
        page.assert_fits();
        page.assert_no_requests();
        fs::write(root().join("docs").join(shot.file), &page.screenshot).expect("write a PNG");
    }
}
