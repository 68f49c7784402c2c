//! Teaching cases for people: the list `neurotriage cases` prints, and one
//! case whole (`cases show ID`) as text or as a Markdown handout. The
//! header a case adds to `explain` is here too.

use std::fmt::Write as _;

use colored::Colorize;

use crate::{
    DISCLAIMER,
    cases::assignment,
    cases::case::Case,
    cases::case_file::{CaseFile, Expected},
    engine::explanation::Explanation,
    pack::Pack,
    render::markdown::{code, esc},
    render::text::{width, wrap},
};

/// Text from a case for a Markdown line: escaped, and on one line (a
/// folded YAML text ends with a line break, which would end a list item).
fn md(text: &str) -> String {
    esc(text.trim_end())
}

/// `ALS`, or `no clear difference`.
pub(crate) fn expected_text(pack: &Pack, expected: Expected) -> &str {
    match expected {
        Expected::Profile(p) => &pack.profiles[p].id,
        Expected::NoClearDifference => "no clear difference",
    }
}

/// Whether the pack's verdict is what a case expects, in words.
pub(crate) fn agreement(e: &Explanation<'_>, expected: Expected) -> &'static str {
    let verdict = e.verdict.map_or(Expected::NoClearDifference, Expected::Profile);
    if verdict == expected {
        "the rule pack agrees"
    } else {
        "the rule pack parts from it: a finding to teach from"
    }
}

/// `age 58, course progressive, fasciculations yes`: a stage's features.
pub(crate) fn features_text(pack: &Pack, case: &Case) -> String {
    if case.is_empty() {
        return "no features".to_owned();
    }
    case.iter()
        .map(|(f, entry)| {
            format!("{} {}", pack.features[f].name, assignment::entry_text(pack, f, entry))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The most of a case's own text the list shows for what it teaches, in
/// characters: two lines. The whole text is in `cases show`.
const LISTED_CHARS: usize = 150;

/// The first teaching point, or the description: what a case is for, cut
/// to [`LISTED_CHARS`] (a case file may hold a megabyte of it).
fn teaches(case: &CaseFile) -> Option<String> {
    let text = case
        .teaching
        .as_ref()
        .and_then(|t| t.teaching_points.first().map(String::as_str))
        .or(case.description.as_deref())?
        .trim();
    Some(match text.char_indices().nth(LISTED_CHARS) {
        Some((end, _)) => format!("{}...", text[..end].trim_end()),
        None => text.to_owned(),
    })
}

/// `id  title`, or the id alone when the case has no title of its own.
fn id_and_title(case: &CaseFile, separator: &str) -> String {
    let id = format!("{}", case.id.bold());
    match case.teaching.as_ref().and_then(|t| t.title.as_deref()) {
        Some(title) if title != case.id => format!("{id}{separator}{title}"),
        _ => id,
    }
}

/// `neurotriage cases`: id, title and what each case teaches, without the
/// expected verdict (a student may be about to take the quiz).
pub(crate) fn list(pack: &Pack, cases: &[&CaseFile], origin: &str) -> String {
    let mut out = String::new();
    if cases.is_empty() {
        wrap(
            &mut out,
            width(),
            "",
            0,
            &format!(
                "No teaching case in {origin}. A rule pack keeps them in its `cases/` folder; `--cases DIR` names another folder (docs/teaching.md)."
            ),
        );
    } else {
        let _ = writeln!(out, "{} ({}, {}):", "Teaching cases".bold(), cases.len(), origin);
        for case in cases {
            let stages = case.stage_views().len();
            let stages =
                if stages == 1 { "1 stage".to_owned() } else { format!("{stages} stages") };
            wrap(&mut out, width(), "  ", 4, &format!("{} ({stages})", id_and_title(case, "  ")));
            if let Some(point) = teaches(case) {
                wrap(&mut out, width(), "    ", 4, &point);
            }
        }
        out.push('\n');
        wrap(
            &mut out,
            width(),
            "",
            0,
            &format!(
                "`neurotriage cases show ID` prints a case whole; `neurotriage quiz ID` quizzes you on it; `neurotriage explain --case ID` explains it. Profiles: {}.",
                pack.profiles.iter().map(|p| p.id.as_str()).collect::<Vec<_>>().join(", ")
            ),
        );
    }
    out.push('\n');
    wrap(&mut out, width(), "", 0, &format!("{} {DISCLAIMER}", "Disclaimer:".bold()));
    out
}

/// `cases show ID` as text: the case whole, stage by stage, then what it
/// expects and why, its teaching points and the claims it rests on.
pub(crate) fn show(pack: &Pack, case: &CaseFile) -> String {
    let mut out = String::new();
    let w = |out: &mut String, first: &str, rest: usize, text: &str| {
        wrap(out, width(), first, rest, text.trim_end());
    };
    w(&mut out, "", 0, &id_and_title(case, ": "));
    if let Some(description) = &case.description {
        w(&mut out, "", 0, description);
    }
    let teaching = case.teaching.as_deref();
    if let Some(opening) = teaching.map(|t| &t.opening).filter(|o| !o.is_empty()) {
        out.push('\n');
        w(
            &mut out,
            "",
            2,
            &format!("{} {}", "Known from the start:".bold(), features_text(pack, opening)),
        );
    }
    for stage in case.stage_views() {
        out.push('\n');
        w(
            &mut out,
            "",
            2,
            &format!("{}", format!("Stage {}, {}", stage.number, stage.name).bold()),
        );
        if let Some(description) = stage
            .description
            .filter(|_| stage.name != crate::cases::teaching::WHOLE_CASE || teaching.is_some())
        {
            w(&mut out, "  ", 2, description);
        }
        w(&mut out, "  ", 4, &format!("Features: {}", features_text(pack, stage.revealed)));
    }
    out.push('\n');
    if let Some(expected) = case.expected {
        w(
            &mut out,
            "",
            2,
            &format!(
                "{} {}",
                "Expected (what the source implies):".bold(),
                expected_text(pack, expected)
            ),
        );
    }
    if let Some(rationale) = &case.rationale {
        w(&mut out, "", 2, &format!("{} {rationale}", "Rationale:".bold()));
    }
    if let Some(teaching) = teaching {
        if !teaching.teaching_points.is_empty() {
            let _ = writeln!(out, "{}", "Teaching points:".bold());
            for point in &teaching.teaching_points {
                w(&mut out, "  - ", 4, point);
            }
        }
        if !teaching.claims.is_empty() {
            let _ = writeln!(out, "{}", "Claims:".bold());
            for &c in &teaching.claims {
                let claim = &pack.claims[c];
                w(&mut out, "  ", 6, &format!("{}: {}", claim.id, claim.text));
                if let Some(caveat) = &claim.caveat {
                    w(&mut out, "      ", 6, &format!("Caveat: {caveat}"));
                }
            }
        }
    }
    out.push('\n');
    w(&mut out, "", 0, &format!("{} {DISCLAIMER}", "Disclaimer:".bold()));
    out
}

/// `cases show ID -f markdown`: the same, as a handout.
pub(crate) fn show_markdown(pack: &Pack, case: &CaseFile) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md(case.title()));
    let _ = writeln!(out, "> **{DISCLAIMER}**\n");
    let _ = writeln!(out, "Case {}.", code(&case.id));
    if let Some(description) = &case.description {
        let _ = writeln!(out, "{}", md(description));
    }
    out.push('\n');
    let teaching = case.teaching.as_deref();
    if let Some(opening) = teaching.map(|t| &t.opening).filter(|o| !o.is_empty()) {
        let _ = writeln!(out, "Known from the start: {}\n", md(&features_text(pack, opening)));
    }
    for stage in case.stage_views() {
        let _ = writeln!(out, "## Stage {}: {}\n", stage.number, md(stage.name));
        if let Some(description) = stage.description {
            let _ = writeln!(out, "{}\n", md(description));
        }
        let _ = writeln!(out, "Features: {}\n", md(&features_text(pack, stage.revealed)));
    }
    let _ = writeln!(out, "## For the teacher\n");
    if let Some(expected) = case.expected {
        let _ = writeln!(
            out,
            "- **Expected** (what the source implies): {}",
            md(expected_text(pack, expected))
        );
    }
    if let Some(rationale) = &case.rationale {
        let _ = writeln!(out, "- **Rationale:** {}", md(rationale));
    }
    if let Some(teaching) = teaching {
        for point in &teaching.teaching_points {
            let _ = writeln!(out, "- **Teaching point:** {}", md(point));
        }
        for &c in &teaching.claims {
            let claim = &pack.claims[c];
            let caveat = claim
                .caveat
                .as_deref()
                .map(|c| format!(" *Caveat:* {}", md(c)))
                .unwrap_or_default();
            let _ = writeln!(out, "- **{}:** {}{caveat}", md(&claim.id), md(&claim.text));
        }
    }
    out
}

/// The lines `explain` adds after the explanation of a case file: what
/// the case's author expected, whether the pack agrees, the rationale and
/// the teaching points. A disagreement is named, not hidden: it is a
/// finding to teach from.
pub(crate) fn case_footer(case: &CaseFile, e: &Explanation<'_>, out: &mut String) {
    let pack = e.pack;
    let w = |out: &mut String, first: &str, rest: usize, text: &str| {
        wrap(out, width(), first, rest, text.trim_end());
    };
    out.push('\n');
    let _ = writeln!(out, "{}", "The case".bold());
    if let Some(expected) = case.expected {
        let verdict = e.verdict.map_or(Expected::NoClearDifference, Expected::Profile);
        let agreement = if verdict == expected {
            "the rule pack agrees".to_owned()
        } else {
            "the rule pack parts from it: a finding to teach from".to_owned()
        };
        w(
            out,
            "  ",
            4,
            &format!(
                "Expected (what the source implies): {}; {agreement}.",
                expected_text(pack, expected)
            ),
        );
    }
    if let Some(rationale) = &case.rationale {
        w(out, "  ", 4, &format!("Rationale: {rationale}"));
    }
    if let Some(teaching) = case.teaching.as_ref().filter(|t| !t.teaching_points.is_empty()) {
        let _ = writeln!(out, "  Teaching points:");
        for point in &teaching.teaching_points {
            w(out, "    - ", 6, point);
        }
    }
}

/// The line `explain` puts before the explanation of a case file.
pub(crate) fn case_header(case: &CaseFile, out: &mut String) {
    wrap(out, width(), "", 0, &format!("{} {}", "Case".bold(), id_and_title(case, ": ")));
    if let Some(description) = &case.description {
        wrap(out, width(), "", 0, description.trim_end());
    }
    out.push('\n');
}

/// The section Markdown ends with when it explains a case.
pub(crate) fn case_markdown(case: &CaseFile, e: &Explanation<'_>, out: &mut String) {
    let pack = e.pack;
    let _ = writeln!(out, "\n## The case: {}\n", md(case.title()));
    let _ = writeln!(out, "Case {}.", code(&case.id));
    if let Some(description) = &case.description {
        let _ = writeln!(out, "{}", md(description));
    }
    out.push('\n');
    if let Some(expected) = case.expected {
        let _ = writeln!(
            out,
            "- **Expected** (what the source implies): {}; {}.",
            md(expected_text(pack, expected)),
            agreement(e, expected)
        );
    }
    if let Some(rationale) = &case.rationale {
        let _ = writeln!(out, "- **Rationale:** {}", md(rationale));
    }
    if let Some(teaching) = &case.teaching {
        for point in &teaching.teaching_points {
            let _ = writeln!(out, "- **Teaching point:** {}", md(point));
        }
    }
}
