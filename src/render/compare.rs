//! `neurotriage compare`: the pack side by side, as a comparison table
//! rebuilt from the rules. One row per finding the rules weigh, one column
//! per profile, each cell how the finding moves that profile; then the
//! features the pack leaves neutral and the derived facts. Text, Markdown
//! and JSON (described in `docs/compare.md`).
//!
//! A finding is read off a rule's condition: a condition that is one test
//! (under any number of `not`s) is a feature value (`fasciculations: yes`,
//! `age: at least 55 years`); any other condition (`all`, `any`, `not` of
//! several tests) is a finding of its own, named by the condition in words.
//! Rules with the same finding share a row, their effects added. Every
//! rule is in exactly one row. Nothing here evaluates a case: the table is
//! the pack's data, rearranged.

use std::fmt::Write as _;

use colored::{ColoredString, Colorize};
use serde_json::{Map, Value as JsonValue, json};

use super::{
    Format, claims_text, condition_text,
    markdown::esc,
    text::{width, wrap},
};
use crate::{
    DISCLAIMER,
    pack::Pack,
    pack::claim::ClaimId,
    pack::condition::{Check, Condition, Test},
    pack::feature::FeatureId,
    pack::rule::RuleId,
    pack::weight::WEIGHT_WORDS,
};

/// One row of the table: a finding and what the pack's rules make of it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    /// `fasciculations: yes`, or a combined condition in words.
    pub(crate) finding: String,
    /// The feature the finding is about, when its condition reads one
    /// feature only.
    pub(crate) feature: Option<FeatureId>,
    /// The condition in words, as the other listings write it.
    pub(crate) condition: String,
    /// The signed points the finding gives each profile, in pack profile
    /// order (0: it does not move that profile).
    pub(crate) effects: Vec<i32>,
    /// The rules of the row, in pack order.
    pub(crate) rules: Vec<RuleId>,
    /// The claims of those rules, in order of first citation.
    pub(crate) claims: Vec<ClaimId>,
    /// The claims among them with a caveat, in pack order.
    pub(crate) caveats: Vec<ClaimId>,
    /// The rules' notes, in rule order.
    pub(crate) notes: Vec<String>,
    /// The largest effect minus the smallest, over every profile.
    pub(crate) separation: i32,
}

/// The rows of `pack`, most separating first; ties keep the pack's order
/// (of each row's first rule).
pub(crate) fn rows(pack: &Pack) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    for (id, rule) in pack.rules.iter().enumerate() {
        let (finding, feature) = finding(pack, &rule.when);
        let index = match rows.iter().position(|r| r.finding == finding) {
            Some(index) => index,
            None => {
                rows.push(Row {
                    finding,
                    feature,
                    condition: condition_text(pack, &rule.when),
                    effects: vec![0; pack.profiles.len()],
                    rules: Vec::new(),
                    claims: Vec::new(),
                    caveats: Vec::new(),
                    notes: Vec::new(),
                    separation: 0,
                });
                rows.len() - 1
            }
        };
        let row = &mut rows[index];
        row.rules.push(id);
        for (profile, weight) in &rule.effects {
            row.effects[*profile] += weight;
        }
        for claim in &rule.claims {
            if !row.claims.contains(claim) {
                row.claims.push(*claim);
            }
        }
        row.notes.extend(rule.note.iter().cloned());
    }
    for row in &mut rows {
        row.caveats = pack.caveated(row.claims.iter().copied());
        let max = row.effects.iter().copied().max().unwrap_or(0);
        let min = row.effects.iter().copied().min().unwrap_or(0);
        row.separation = max - min;
    }
    // A stable sort: equal separations keep the order rows were made in,
    // which is the pack order of their first rule.
    rows.sort_by_key(|r| std::cmp::Reverse(r.separation));
    rows
}

/// The finding a condition describes, and its feature when it is about one:
/// a single test (through any `not`s) is `feature: value`; anything else is
/// the condition in words.
fn finding(pack: &Pack, condition: &Condition) -> (String, Option<FeatureId>) {
    let mut polarity = true;
    let mut inner = condition;
    loop {
        match inner {
            Condition::Not(next) => {
                polarity = !polarity;
                inner = next;
            }
            Condition::All(parts) | Condition::Any(parts) if parts.len() == 1 => {
                inner = &parts[0];
            }
            _ => break,
        }
    }
    if let Condition::Test(test) = inner {
        return (test_finding(pack, test, polarity), Some(test.feature));
    }
    let features = condition.features();
    let feature = if let [only] = features.as_slice() { Some(*only) } else { None };
    (condition_text(pack, condition), feature)
}

/// `fasciculations: yes`, `course: relapsing or single_episode`, `age: at
/// least 55 years`, `age: not at least 55 years`.
fn test_finding(pack: &Pack, test: &Test, polarity: bool) -> String {
    let f = &pack.features[test.feature];
    let value = match (&test.check, polarity) {
        (Check::Is(want), _) => if *want == polarity { "yes" } else { "no" }.to_owned(),
        (check, true) => check.describe(f),
        (check, false) => format!("not {}", check.describe(f)),
    };
    format!("{}: {value}", f.name)
}

/// The word for a number of points, when the pack's scale has one.
fn weight_word(points: i32) -> Option<&'static str> {
    WEIGHT_WORDS.iter().find(|(_, w)| *w == points.abs()).map(|(word, _)| *word)
}

/// `+3 strong`, `-1 weak`, `+5`, or empty when the finding does not move
/// the profile.
pub(crate) fn cell(points: i32) -> String {
    match (points, weight_word(points)) {
        (0, _) => String::new(),
        (_, Some(word)) => format!("{points:+} {word}"),
        (_, None) => format!("{points:+}"),
    }
}

/// How rows are ordered, in one sentence (every format says it).
pub(crate) const ORDER: &str = "Rows are ordered by separation, the largest effect on a profile minus the \
smallest (a profile the finding does not move counts 0), largest first; ties keep the pack's \
order.";

/// The table in the chosen format.
pub(crate) fn render(pack: &Pack, format: Format) -> String {
    let rows = rows(pack);
    match format {
        Format::Text => text(pack, &rows),
        Format::Html => super::html::compare::page(pack, &rows),
        Format::Markdown => markdown(pack, &rows),
        Format::Json => {
            let mut out = super::json_text::pretty(&to_json(pack, &rows));
            out.push('\n');
            out
        }
    }
}

/// The widths of the table: the finding column and each profile's, and
/// whether the cells keep their weight words.
struct Layout {
    name: usize,
    cells: Vec<usize>,
    words: bool,
}

impl Layout {
    /// Fits the table in the run's width columns: two spaces of indent, the
    /// finding, then each profile's column after two spaces, then the
    /// separation. With many
    /// profiles the weight words are dropped from the cells (the details
    /// under each row still give them).
    fn new(pack: &Pack, rows: &[Row]) -> Self {
        let widths = |words: bool| -> Vec<usize> {
            pack.profiles
                .iter()
                .enumerate()
                .map(|(p, profile)| {
                    rows.iter()
                        .map(|r| {
                            if words {
                                cell(r.effects[p]).len()
                            } else {
                                points(r.effects[p]).len()
                            }
                        })
                        .chain(std::iter::once(profile.id.len()))
                        .max()
                        .unwrap_or(0)
                })
                .collect()
        };
        // Two spaces of indent, and the separation column (two and three).
        let room = |cells: &[usize]| {
            width().saturating_sub(7 + cells.iter().map(|c| c + 2).sum::<usize>())
        };
        let cells = widths(true);
        if room(&cells) >= 24 {
            return Self { name: room(&cells), cells, words: true };
        }
        let cells = widths(false);
        Self { name: room(&cells).max(12), cells, words: false }
    }

    fn cell(&self, points_: i32) -> String {
        if self.words { cell(points_) } else { points(points_) }
    }
}

/// `+3`, or empty.
fn points(points: i32) -> String {
    if points == 0 { String::new() } else { format!("{points:+}") }
}

/// One line of the table: the finding (wrapped within its column, or on
/// lines of its own when a word is too long for it) and the cells.
fn table_line(out: &mut String, layout: &Layout, name: &str, effects: &[i32], separation: i32) {
    // Continuation lines sit two columns deeper, inside the column.
    let options = textwrap::Options::new(layout.name)
        .subsequent_indent("  ")
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(false);
    let mut lines: Vec<String> =
        textwrap::wrap(name, options).iter().map(|l| l.trim_end().to_owned()).collect();
    let mut cells = String::new();
    for (p, (effect, width)) in effects.iter().zip(&layout.cells).enumerate() {
        let padded = format!("  {:<width$}", layout.cell(*effect));
        let _ = write!(
            cells,
            "{}",
            match effect.signum() {
                1 => super::text::profile_color(p, &padded),
                -1 => padded.red(),
                _ => padded.normal(),
            }
        );
    }
    let _ = write!(cells, "  {separation:>3}");
    if lines.iter().any(|l| l.len() > layout.name) {
        wrap(out, width(), "  ", 2, name);
        lines = vec![String::new()];
    }
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            let first = format!("  {line:<width$}{cells}", width = layout.name);
            let _ = writeln!(out, "{}", first.trim_end());
        } else {
            let _ = writeln!(out, "  {line}");
        }
    }
}

fn heading(text: &str) -> ColoredString {
    text.bold().underline()
}

/// Rule ids and their claims: `rule fasciculations-favour-als [C04]`.
fn rules_line(pack: &Pack, row: &Row) -> String {
    let ids: Vec<&str> = row.rules.iter().map(|r| pack.rules[*r].id.as_str()).collect();
    let word = if ids.len() == 1 { "rule" } else { "rules" };
    format!("{word} {} {}", ids.join(", "), claims_text(pack, &row.claims))
}

/// Each weight in words, for a row whose cells had to drop them:
/// `APPLE +3 strong, BANANA -2 moderate`.
fn effects_words(pack: &Pack, row: &Row) -> String {
    let parts: Vec<String> = row
        .effects
        .iter()
        .enumerate()
        .filter(|(_, e)| **e != 0)
        .map(|(p, e)| format!("{} {}", pack.profiles[p].id, cell(*e)))
        .collect();
    parts.join(", ")
}

fn text(pack: &Pack, rows: &[Row]) -> String {
    let mut out = String::new();
    wrap(&mut out, width(), "", 0, &pack.title.bold().to_string());
    wrap(
        &mut out,
        width(),
        "",
        0,
        "The pack side by side: how each finding moves each profile's score, in points and in \
         the pack's weight words. A blank cell: the finding does not move that profile. `sep`: \
         the finding's separation.",
    );
    wrap(&mut out, width(), "", 0, ORDER);
    let profiles: Vec<String> =
        pack.profiles.iter().map(|p| format!("{} {}", p.id.bold(), p.name)).collect();
    wrap(&mut out, width(), "Profiles: ", 2, &profiles.join("; "));
    out.push('\n');
    let layout = Layout::new(pack, rows);
    let mut header = format!("  {:<width$}", "finding", width = layout.name);
    for (profile, width) in pack.profiles.iter().zip(&layout.cells) {
        let _ = write!(header, "  {:<width$}", profile.id);
    }
    header.push_str("  sep");
    let _ = writeln!(out, "{}", header.trim_end().dimmed());
    for row in rows {
        table_line(&mut out, &layout, &row.finding, &row.effects, row.separation);
        wrap(&mut out, width(), "      ", 6, &rules_line(pack, row));
        if !layout.words {
            wrap(&mut out, width(), "      ", 6, &effects_words(pack, row));
        }
        for note in &row.notes {
            wrap(&mut out, width(), "      note: ", 12, note);
        }
        for c in &row.caveats {
            let claim = &pack.claims[*c];
            let caveat = claim.caveat.as_deref().unwrap_or_default();
            wrap(&mut out, width(), "      ", 8, &format!("caveat {}: {caveat}", claim.id));
        }
    }
    let neutral: Vec<_> =
        pack.features.iter().filter_map(|f| f.neutral().map(|n| (f, n))).collect();
    if !neutral.is_empty() {
        let _ = writeln!(out, "{}", "  weighed by no rule:".dimmed());
        for (f, note) in neutral {
            table_line(&mut out, &layout, &f.name, &vec![0; pack.profiles.len()], 0);
            let text = format!("{} {}", claims_text(pack, &note.claims), note.reason);
            wrap(&mut out, width(), "      neutral: ", 15, &text);
        }
    }
    if !pack.derivations.is_empty() {
        out.push('\n');
        let title = heading("Derived facts (concluded from other findings, then weighed above)");
        wrap(&mut out, width(), "", 2, &title.to_string());
        for d in &pack.derivations {
            let f = &pack.features[d.feature];
            wrap(
                &mut out,
                width(),
                "  ",
                4,
                &format!(
                    "{}: {}  by {} {}",
                    f.name.bold(),
                    d.value.display(f),
                    d.id,
                    claims_text(pack, &d.claims)
                ),
            );
            wrap(&mut out, width(), "    when ", 9, &condition_text(pack, &d.when));
        }
    }
    out.push('\n');
    wrap(&mut out, width(), "", 0, &format!("{} {DISCLAIMER}", "Disclaimer:".bold()));
    out
}

fn markdown(pack: &Pack, rows: &[Row]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}: the pack side by side\n", esc(&pack.title));
    let _ = writeln!(out, "> **{DISCLAIMER}**\n");
    let _ = writeln!(
        out,
        "How each finding moves each profile's score, in points and in the pack's weight words; \
         a blank cell: the finding does not move that profile. {ORDER}\n"
    );
    for p in &pack.profiles {
        let _ = writeln!(out, "- **{}**: {}", esc(&p.id), esc(&p.name));
    }
    out.push('\n');
    let mut header = "| Finding |".to_owned();
    let mut rule = "| --- |".to_owned();
    for p in &pack.profiles {
        let _ = write!(header, " {} |", esc(&p.id));
        rule.push_str(" --- |");
    }
    let _ = writeln!(out, "{header} Separation | Rules | Claims |");
    let _ = writeln!(out, "{rule} --- | --- | --- |");
    let ids = |claims: &[ClaimId]| {
        let ids: Vec<String> = claims.iter().map(|c| esc(&pack.claims[*c].id)).collect();
        ids.join(", ")
    };
    for row in rows {
        let mut line = format!("| {} |", esc(&row.finding));
        for effect in &row.effects {
            let _ = write!(line, " {} |", esc(&cell(*effect)));
        }
        let rules: Vec<String> = row.rules.iter().map(|r| esc(&pack.rules[*r].id)).collect();
        let _ = writeln!(
            out,
            "{line} {} | {} | {} |",
            row.separation,
            rules.join(", "),
            ids(&row.claims)
        );
    }
    let neutral: Vec<_> =
        pack.features.iter().filter_map(|f| f.neutral().map(|n| (f, n))).collect();
    for (f, note) in &neutral {
        let blanks = " |".repeat(pack.profiles.len());
        let _ = writeln!(out, "| {} |{blanks} 0 | neutral | {} |", esc(&f.name), ids(&note.claims));
    }
    let annotated: Vec<&Row> =
        rows.iter().filter(|r| !r.notes.is_empty() || !r.caveats.is_empty()).collect();
    if !annotated.is_empty() {
        let _ = writeln!(out, "\n## Notes and caveats\n");
        for row in annotated {
            let _ = writeln!(out, "- **{}**", esc(&row.finding));
            for note in &row.notes {
                let _ = writeln!(out, "  - note: {}", esc(note));
            }
            for c in &row.caveats {
                let claim = &pack.claims[*c];
                let caveat = claim.caveat.as_deref().unwrap_or_default();
                let _ = writeln!(out, "  - caveat {}: {}", esc(&claim.id), esc(caveat));
            }
        }
    }
    if !neutral.is_empty() {
        let _ = writeln!(out, "\n## Weighed by no rule\n");
        for (f, note) in &neutral {
            let _ = writeln!(
                out,
                "- **{}** ({}): {}",
                esc(&f.name),
                ids(&note.claims),
                esc(&note.reason)
            );
        }
    }
    if !pack.derivations.is_empty() {
        let _ = writeln!(out, "\n## Derived facts\n");
        let _ = writeln!(out, "Concluded from other findings, then weighed in the table.\n");
        for d in &pack.derivations {
            let f = &pack.features[d.feature];
            let _ = writeln!(
                out,
                "- **{}: {}** when {} ({}; {})",
                esc(&f.name),
                esc(&d.value.display(f)),
                esc(&condition_text(pack, &d.when)),
                esc(&d.id),
                ids(&d.claims)
            );
        }
    }
    out
}

fn to_json(pack: &Pack, rows: &[Row]) -> JsonValue {
    let claim_ids = |claims: &[ClaimId]| -> Vec<&str> {
        claims.iter().map(|c| pack.claims[*c].id.as_str()).collect()
    };
    let rows: Vec<JsonValue> = rows
        .iter()
        .map(|row| {
            let mut effects = Map::new();
            let mut weights = Map::new();
            for (p, effect) in row.effects.iter().enumerate() {
                let id = pack.profiles[p].id.clone();
                effects.insert(id.clone(), json!(effect));
                let word = if *effect == 0 { None } else { weight_word(*effect) };
                weights.insert(id, json!(word));
            }
            let caveats: Vec<JsonValue> = row
                .caveats
                .iter()
                .map(|c| {
                    let claim = &pack.claims[*c];
                    json!({"claim": claim.id, "caveat": claim.caveat})
                })
                .collect();
            json!({
                "finding": row.finding,
                "feature": row.feature.map(|f| pack.features[f].name.as_str()),
                "condition": row.condition,
                "effects": effects,
                "weights": weights,
                "rules": row.rules.iter().map(|r| pack.rules[*r].id.as_str()).collect::<Vec<_>>(),
                "claims": claim_ids(&row.claims),
                "caveats": caveats,
                "notes": row.notes,
                "separation": row.separation,
            })
        })
        .collect();
    let neutral: Vec<JsonValue> = pack
        .features
        .iter()
        .filter_map(|f| {
            f.neutral().map(|note| {
                json!({
                    "feature": f.name,
                    "reason": note.reason,
                    "claims": claim_ids(&note.claims),
                })
            })
        })
        .collect();
    let derived: Vec<JsonValue> = pack
        .derivations
        .iter()
        .map(|d| {
            let f = &pack.features[d.feature];
            json!({
                "id": d.id,
                "feature": f.name,
                "value": d.value.to_json(f),
                "condition": condition_text(pack, &d.when),
                "reason": d.reason,
                "claims": claim_ids(&d.claims),
            })
        })
        .collect();
    json!({
        "disclaimer": DISCLAIMER,
        "pack": {"name": pack.name, "title": pack.title, "source": pack.source, "margin": pack.margin},
        "profiles": pack.profiles.iter().map(|p| json!({"id": p.id, "name": p.name})).collect::<Vec<_>>(),
        "rows": rows,
        "neutral": neutral,
        "derived": derived,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_give_points_and_words() {
        assert_eq!(cell(3), "+3 strong");
        assert_eq!(cell(-1), "-1 weak");
        assert_eq!(cell(0), "");
        assert_eq!(cell(5), "+5");
    }
}
