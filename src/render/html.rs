//! HTML: one self-contained page a person looks at (a teacher projects
//! it, a student keeps it). The style is inline and the bars are inline
//! SVG; nothing is loaded from anywhere, and the page needs no script.
//! What folds (why rules did not fire) folds with `<details>`.
//!
//! Every string from a pack, a case or a file name goes through [`esc`],
//! so no input can add markup, a script or a link; the page then passes
//! the text boundary like any other text output.

pub(crate) mod compare;
#[cfg(test)]
mod tests;

use std::fmt::Write as _;

use super::{
    Render, alert_groups,
    case_sheet::{agreement, expected_text},
    claims_text, effects_text, flip_text, flips_summary, need_lines, outcome_text, scores_text,
    verdict_text,
};
use crate::{
    DISCLAIMER,
    cases::case_file::CaseFile,
    engine::{Sections, explanation::Explanation, ranking::main_reasons},
    pack::Pack,
    pack::rule::Rule,
    pack::truth::Truth,
    pack::weight,
};

/// The style of every page, inline.
const STYLE: &str = include_str!("html/page.css");

/// The HTML renderer of an explanation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Html {
    /// Only the verdict, the main reasons, the flip line and the alerts.
    pub(crate) brief: bool,
}

/// `text` with the five characters that mean something in HTML written as
/// entities: safe in element content and in quoted attributes.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The start of a page, up to the opening of `<main>`.
pub(crate) fn page_start(title: &str, out: &mut String) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        esc(title)
    );
}

/// The disclaimer, as it opens and closes every page.
pub(crate) fn disclaimer(out: &mut String) {
    let _ = writeln!(
        out,
        "<p class=\"disclaimer\" role=\"note\"><strong>Disclaimer:</strong> {}</p>",
        esc(DISCLAIMER)
    );
}

/// The end of a page: the disclaimer again, then the closing tags.
pub(crate) fn page_end(out: &mut String) {
    out.push_str("<footer>\n");
    disclaimer(out);
    out.push_str("</footer>\n</body>\n</html>\n");
}

impl Render for Html {
    fn sections(&self) -> Sections {
        if self.brief { Sections { flips: true, ..Sections::NONE } } else { Sections::ALL }
    }

    fn render(&self, e: &Explanation<'_>, out: &mut String) {
        page_start(&format!("{}: {}", e.pack.title, verdict_text(e)), out);
        self.body(e, None, out);
        page_end(out);
    }

    fn render_case(&self, case: &CaseFile, e: &Explanation<'_>, out: &mut String) {
        page_start(&format!("{}: {}", case.title(), verdict_text(e)), out);
        self.body(e, Some(case), out);
        page_end(out);
    }
}

impl Html {
    fn body(self, e: &Explanation<'_>, case: Option<&CaseFile>, out: &mut String) {
        let pack = e.pack;
        let _ = writeln!(out, "<header>\n<h1>{}</h1>", esc(&pack.title));
        disclaimer(out);
        out.push_str("</header>\n<main>\n");
        self.sections(e, case, out);
        out.push_str("</main>\n");
    }

    /// The explanation's sections, each headed by an `<h2>`.
    fn sections(self, e: &Explanation<'_>, case: Option<&CaseFile>, out: &mut String) {
        if let Some(case) = case {
            let _ = writeln!(
                out,
                "<section class=\"case\">\n<h2>Case <code>{}</code>: {}</h2>",
                esc(&case.id),
                esc(case.title())
            );
            if let Some(description) = &case.description {
                let _ = writeln!(out, "<p>{}</p>", esc(description));
            }
            out.push_str("</section>\n");
        }
        verdict(e, out);
        alerts(e, out);
        evidence(e, self.brief, out);
        if self.brief {
            let _ = writeln!(
                out,
                "<p><strong>Smallest change that flips it:</strong> {}.</p>",
                esc(&flips_summary(e))
            );
        } else {
            contrast(e, out);
            flips(e, out);
            questions(e, out);
            why_not(e, out);
            caveats(e, out);
        }
        if let Some(case) = case {
            case_end(case, e, out);
        }
    }
}

/// An explanation inside another page (a batch's case, folded under its
/// row): its sections without the page around them, their headings one
/// level down (`<h3>` for `<h2>`), under the page's own `<h2>`.
pub(crate) fn nested(e: &Explanation<'_>, case: Option<&CaseFile>, out: &mut String) {
    let mut page = String::new();
    Html { brief: false }.sections(e, case, &mut page);
    // The headings are this file's own tags: text from a pack or a case
    // comes escaped (`<` as `&lt;`), so none of it can look like one.
    for level in (2..=5).rev() {
        page = page
            .replace(&format!("<h{level}>"), &format!("<h{}>", level + 1))
            .replace(&format!("</h{level}>"), &format!("</h{}>", level + 1));
    }
    // An alert box inside a fold is not news to announce on opening the
    // page (a batch holds up to a hundred).
    out.push_str(&page.replace(" role=\"alert\"", ""));
}

/// The verdict, the scores, and what "clear" means for this pack.
fn verdict(e: &Explanation<'_>, out: &mut String) {
    let pack = e.pack;
    let class = match (e.verdict, e.conflicting.is_empty()) {
        (Some(_), _) => "clear",
        (None, false) => "conflict",
        (None, true) => "unclear",
    };
    let _ = writeln!(
        out,
        "<section class=\"verdict {class}\">\n<h2>Verdict</h2>\n<p class=\"verdict-line\">{}</p>\n<p>Scores: {}</p>",
        esc(&verdict_text(e)),
        esc(&scores_text(e))
    );
    let _ = writeln!(out, "<p class=\"muted\">{}</p>", esc(&clear_rule(pack)));
    if e.closed_world {
        out.push_str("<p><strong>Closed world:</strong> <code>--unknown-as-absent</code> is on: every yes/no feature not known was read as absent. This is a teaching switch; in real life silence is not “no”.</p>\n");
    }
    out.push_str("</section>\n");
}

/// The pack's rules for a clear verdict and for conflicting findings, in
/// words.
fn clear_rule(pack: &Pack) -> String {
    let mut text =
        format!("A verdict is clear when the leader is ahead by {} or more", pack.margin);
    if pack.clear_needs > 1 {
        let _ = write!(
            text,
            " and at least one {} rule or heavier is in its favour",
            weight::describe(pack.clear_needs)
        );
    }
    text.push('.');
    if pack.conflict_needs > 0 {
        let _ = write!(
            text,
            " When two profiles each have {} or more points in their favour and the lead is no larger than the runner-up's own points, the findings conflict.",
            pack.conflict_needs
        );
    }
    text
}

fn alerts(e: &Explanation<'_>, out: &mut String) {
    let pack = e.pack;
    for (title, alerts) in alert_groups(e) {
        let _ = writeln!(out, "<section class=\"alerts\" role=\"alert\">\n<h2>{title}</h2>\n<ul>");
        for alert in alerts {
            let _ = writeln!(
                out,
                "<li>{} <span class=\"claims\">{}</span></li>",
                esc(&alert.advice),
                esc(&claims_text(pack, &alert.claims))
            );
        }
        out.push_str("</ul>\n</section>\n");
    }
}

/// The fired rules as a diverging bar chart. With two profiles, one bar a
/// rule: to the left for the first profile, to the right for the second,
/// as long as the rule moves the lead between them. With three or more,
/// one group a profile, each bar the rule's effect on it (against to the
/// left, for to the right).
fn evidence(e: &Explanation<'_>, brief: bool, out: &mut String) {
    let pack = e.pack;
    let rules: Vec<&Rule> =
        if brief { main_reasons(e, 3) } else { e.fired.iter().map(|r| &pack.rules[*r]).collect() };
    let title = if brief { "Main reasons" } else { "The evidence, rule by rule" };
    let _ = writeln!(out, "<section class=\"evidence\">\n<h2>{title}</h2>");
    if rules.is_empty() {
        out.push_str("<p>No rule fired.</p>\n</section>\n");
        return;
    }
    if let [left, right] = pack.profiles.as_slice() {
        let lean = |rule: &Rule| rule.effect_on(1) - rule.effect_on(0);
        let longest = rules.iter().map(|r| lean(r).abs()).max().unwrap_or(1).max(1);
        let _ = writeln!(
            out,
            "<p class=\"legend\"><span class=\"left\">← towards {}</span><span class=\"right\">towards {} →</span></p>",
            esc(&left.id),
            esc(&right.id)
        );
        for rule in rules {
            rule_row(pack, rule, lean(rule), longest, out);
        }
    } else {
        for (p, profile) in pack.profiles.iter().enumerate() {
            let moved: Vec<&&Rule> = rules.iter().filter(|r| r.effect_on(p) != 0).collect();
            let _ = writeln!(
                out,
                "<h3>{} ({}, score {})</h3>",
                esc(&profile.id),
                esc(&profile.name),
                e.scores[p]
            );
            if moved.is_empty() {
                out.push_str("<p class=\"muted\">No rule moved it.</p>\n");
            }
            let longest = moved.iter().map(|r| r.effect_on(p).abs()).max().unwrap_or(1).max(1);
            for rule in moved {
                rule_row(pack, rule, rule.effect_on(p), longest, out);
            }
        }
    }
    out.push_str("</section>\n");
}

/// One fired rule: its bar (`value` points out of `longest`, to the right
/// when positive), its points, weight word, reason, claims, note and the
/// caveats of its claims.
fn rule_row(pack: &Pack, rule: &Rule, value: i32, longest: i32, out: &mut String) {
    // The bar's half-width is 1; its length is in proportion to the
    // longest bar of the chart.
    let length = f64::from(value.abs()) / f64::from(longest);
    let (x, side) = if value < 0 { (-length, "left") } else { (0.0, "right") };
    let strongest = rule.effects.iter().map(|(_, w)| w.abs()).max().unwrap_or(0);
    let _ = writeln!(
        out,
        "<div class=\"rule\">\n<svg class=\"bar\" viewBox=\"-1 0 2 1\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"{}\">\
         <rect class=\"{side}\" x=\"{x:.3}\" y=\"0.15\" width=\"{length:.3}\" height=\"0.7\"/>\
         <line class=\"axis\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\"/></svg>\n\
         <p><span class=\"points\">{}</span> ({}) <code>{}</code> <span class=\"claims\">{}</span></p>\n<p>{}</p>",
        esc(&effects_text(pack, rule)),
        esc(&effects_text(pack, rule)),
        weight::describe(strongest),
        esc(&rule.id),
        esc(&claims_text(pack, &rule.claims)),
        esc(&rule.reason)
    );
    if let Some(note) = &rule.note {
        let _ = writeln!(out, "<p class=\"note\"><strong>Note:</strong> {}</p>", esc(note));
    }
    for claim in rule.claims.iter().map(|c| &pack.claims[*c]) {
        if let Some(caveat) = &claim.caveat {
            let _ = writeln!(
                out,
                "<p class=\"caveat\"><strong>Caveat ({}):</strong> {}</p>",
                esc(&claim.id),
                esc(caveat)
            );
        }
    }
    out.push_str("</div>\n");
}

/// What each known feature did, one column a profile.
fn contrast(e: &Explanation<'_>, out: &mut String) {
    let pack = e.pack;
    let rows = e.contrast();
    if rows.is_empty() {
        return;
    }
    out.push_str("<section>\n<h2>What each known feature did</h2>\n<div class=\"table-wrap\"><table>\n<thead><tr><th>feature</th><th>value</th>");
    for profile in &pack.profiles {
        let _ = write!(out, "<th class=\"num\">{}</th>", esc(&profile.id));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        let f = &pack.features[row.feature];
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td>",
            esc(&f.name),
            esc(&e.value_text(row.feature))
        );
        for effect in &row.effects {
            let cell = if *effect == 0 { ".".to_owned() } else { format!("{effect:+}") };
            let _ = write!(out, "<td class=\"num\">{cell}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n</section>\n");
}

fn flips(e: &Explanation<'_>, out: &mut String) {
    let _ = writeln!(
        out,
        "<section>\n<h2>The smallest change that flips the verdict</h2>\n<p>{}.</p>",
        esc(&super::capitalised(&flips_summary(e)))
    );
    let flips = e.flips();
    if !flips.listed.is_empty() {
        out.push_str("<ul>\n");
        for flip in &flips.listed {
            let _ = writeln!(out, "<li>{}</li>", esc(&flip_text(e, flip)));
        }
        if flips.found > flips.listed.len() {
            let _ = writeln!(out, "<li>... and {} more</li>", flips.found - flips.listed.len());
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

fn questions(e: &Explanation<'_>, out: &mut String) {
    let pack = e.pack;
    let questions = e.next_questions();
    out.push_str("<section>\n<h2>What to ask next</h2>\n");
    if questions.is_empty() {
        out.push_str("<p>No unknown feature would change the scores.</p>\n</section>\n");
        return;
    }
    out.push_str("<ol>\n");
    let leader = e.leader();
    for q in questions {
        let f = &pack.features[q.feature];
        let _ = writeln!(out, "<li><strong>{}</strong>: {}\n<ul>", esc(&f.name), esc(&f.question));
        for o in &q.outcomes {
            let _ = writeln!(out, "<li>{}</li>", esc(&outcome_text(e, leader, f, o)));
        }
        out.push_str("</ul></li>\n");
    }
    out.push_str("</ol>\n</section>\n");
}

/// Why the rules for each profile did not fire, folded, one profile each.
fn why_not(e: &Explanation<'_>, out: &mut String) {
    let pack = e.pack;
    out.push_str("<section>\n<h2>Why not more</h2>\n");
    for (p, profile) in pack.profiles.iter().enumerate() {
        let missed = e.why_not(p);
        let _ = writeln!(
            out,
            "<details>\n<summary>Why not more for {} ({} rules did not fire)</summary>\n<ul>",
            esc(&profile.id),
            missed.len()
        );
        for n in missed {
            let rule = &pack.rules[n.rule];
            let state = if n.truth == Truth::Unknown { "could still fire" } else { "ruled out" };
            let _ = write!(
                out,
                "<li><code>{}</code> (would give {}): {state}",
                esc(&rule.id),
                esc(&effects_text(pack, rule))
            );
            let needs = need_lines(e, &n.need);
            if !needs.is_empty() {
                out.push_str("<ul>");
                for line in needs {
                    let _ = write!(out, "<li>{}</li>", esc(&line));
                }
                out.push_str("</ul>");
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n</details>\n");
    }
    out.push_str("</section>\n");
}

fn caveats(e: &Explanation<'_>, out: &mut String) {
    let pack = e.pack;
    if e.caveats.is_empty() {
        return;
    }
    out.push_str("<section>\n<h2>Where the source is oversimplified</h2>\n<ul>\n");
    for claim in e.caveats.iter().map(|c| &pack.claims[*c]) {
        let _ = writeln!(
            out,
            "<li><strong>{}</strong> says: {}<br><em>But:</em> {}</li>",
            esc(&claim.id),
            esc(&claim.text),
            esc(claim.caveat.as_deref().unwrap_or_default())
        );
    }
    out.push_str("</ul>\n</section>\n");
}

/// What a case expects, whether the pack agrees, its rationale and its
/// teaching points.
fn case_end(case: &CaseFile, e: &Explanation<'_>, out: &mut String) {
    let pack = e.pack;
    out.push_str("<section class=\"case-end\">\n<h2>The case</h2>\n");
    if let Some(expected) = case.expected {
        let _ = writeln!(
            out,
            "<p><strong>Expected</strong> (what the source implies): {}; {}.</p>",
            esc(expected_text(pack, expected)),
            agreement(e, expected)
        );
    }
    if let Some(rationale) = &case.rationale {
        let _ = writeln!(out, "<p><strong>Rationale:</strong> {}</p>", esc(rationale));
    }
    if let Some(teaching) = &case.teaching
        && !teaching.teaching_points.is_empty()
    {
        out.push_str("<h3>Teaching points</h3>\n<ul>\n");
        for point in &teaching.teaching_points {
            let _ = writeln!(out, "<li>{}</li>", esc(point));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}
