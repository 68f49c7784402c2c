//! The render layer: text for people and data for programs, made from
//! values the layers below return. Each renderer turns an [`Explanation`]
//! into one format (`text`, `json`, `markdown`), telling the engine through
//! [`Render::sections`] which sections to work out; `listing` prints a
//! pack (`features`, `rules list`); `diagnostic` draws every error with its
//! file, line, column and caret; `clean` is the one boundary text passes on
//! its way to a terminal, with the two writers the drivers use;
//! `json_text` is the one way JSON becomes text (exact, and escaped where a
//! terminal must not see a character raw); `markdown::esc` is the one
//! escaping of text from files in Markdown.
//!
//! Renderers only read: they must not evaluate, change a value, or do I/O
//! (the drivers write what they return, through `clean`). Every text
//! renderer writes the disclaimer.

pub(crate) mod case_sheet;
pub(crate) mod clean;
pub(crate) mod compare;
pub(crate) mod diagnostic;
pub(crate) mod html;
pub(crate) mod json;
pub(crate) mod json_text;
pub(crate) mod listing;
pub(crate) mod markdown;
pub(crate) mod still_open;
pub(crate) mod text;

use crate::{
    cases::case_file::CaseFile,
    engine::Sections,
    engine::explanation::{Explanation, Flip},
    engine::fact::Origin,
    engine::why_not::{Blocker, BlockerStatus, Need},
    pack::Pack,
    pack::alert::{Alert, AlertKind},
    pack::condition::Condition,
    pack::feature::FeatureId,
    pack::rule::Rule,
};

/// One output format.
pub(crate) trait Render {
    /// The sections this renderer reads, for the engine to work out.
    fn sections(&self) -> Sections;
    /// Appends the rendered explanation to `out`.
    fn render(&self, explanation: &Explanation<'_>, out: &mut String);
    /// Appends the explanation of a case file or library case: with its
    /// id, title and description, what it expects and whether the pack
    /// agrees, its rationale and teaching points.
    fn render_case(&self, case: &CaseFile, explanation: &Explanation<'_>, out: &mut String);
}

/// The output formats of `explain` (and the prompt's `explain`), as the
/// configuration settles them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Text,
    Json,
    Markdown,
    Html,
}

impl Format {
    /// The renderer for this format; `brief` keeps the verdict, the main
    /// reasons and the alerts only; `width` is where text wraps.
    pub(crate) fn renderer(self, brief: bool, width: usize, full: bool) -> Box<dyn Render> {
        match self {
            Self::Text => Box::new(text::Text { brief, width, full }),
            Self::Json => Box::new(json::Json { brief }),
            Self::Markdown => Box::new(markdown::Markdown { brief, full }),
            Self::Html => Box::new(html::Html { brief }),
        }
    }
}

/// The sections a full renderer reads, or none for a brief one.
fn sections_for(brief: bool) -> Sections {
    if brief { Sections::NONE } else { Sections::ALL }
}

/// One answer to a question worth asking, in words: what it does to the
/// leader's lead, then plainly what the verdict would be: `yes: +3 towards
/// MS; verdict would be: no clear difference`.
pub(crate) fn outcome_text(
    e: &Explanation<'_>,
    leader: usize,
    feature: &crate::pack::feature::Feature,
    o: &crate::engine::explanation::Outcome,
) -> String {
    let pack = e.pack;
    let change = if o.lead_change == 0 {
        "no change".to_owned()
    } else {
        let toward = if o.lead_change > 0 {
            pack.profiles[leader].id.clone()
        } else {
            // Whichever other profile comes closest after the answer, not
            // all of them.
            let best = (0..o.scores.len())
                .filter(|p| *p != leader)
                .max_by_key(|p| (o.scores[*p], std::cmp::Reverse(*p)))
                .unwrap_or(leader);
            pack.profiles[best].id.clone()
        };
        format!("{:+} towards {toward}", o.lead_change.abs())
    };
    let verdict = match o.verdict {
        Some(p) => format!("fits {} better", pack.profiles[p].id),
        None => "no clear difference".to_owned(),
    };
    let same = if o.verdict == e.verdict { " (as now)" } else { "" };
    format!("{}: {change}; verdict would be: {verdict}{same}", o.answer_text(feature))
}

/// The alerts raised, as every format shows them: care to seek first,
/// then cautions, each under its title; a group without alerts is left
/// out.
pub(crate) fn alert_groups<'p>(e: &Explanation<'p>) -> Vec<(&'static str, Vec<&'p Alert>)> {
    [(AlertKind::Care, "Seek medical attention"), (AlertKind::Caution, CAUTIONS)]
        .into_iter()
        .map(|(kind, title)| {
            let alerts: Vec<&Alert> =
                e.alerts.iter().map(|a| &e.pack.alerts[*a]).filter(|a| a.kind == kind).collect();
            (title, alerts)
        })
        .filter(|(_, alerts)| !alerts.is_empty())
        .collect()
}

/// One flip in words: `visual_problems unknown -> yes and ataxia unknown ->
/// yes: no clear difference (ALS leads by 1)`.
pub(crate) fn flip_text(explanation: &Explanation<'_>, flip: &Flip) -> String {
    let pack = explanation.pack;
    let changes: Vec<String> = flip
        .changes
        .iter()
        .map(|c| {
            let f = &pack.features[c.feature];
            let from = c.from.map_or_else(|| "unknown".to_owned(), |v| v.display(f));
            format!("{} {from} -> {}", f.name, c.to_text(f))
        })
        .collect();
    let after = match flip.verdict {
        Some(p) => format!("fits {} better (margin {})", pack.profiles[p].id, flip.margin),
        None => format!("no clear difference (lead {})", flip.margin),
    };
    format!("{}: {after}", changes.join(" and "))
}

/// How many changes flip the verdict, in words: `changing one finding can
/// flip the verdict (3 ways)`.
pub(crate) fn flips_summary(explanation: &Explanation<'_>) -> String {
    let flips = explanation.flips();
    match flips.changes_needed {
        Some(n) => {
            let changes =
                if n == 1 { "one finding".to_owned() } else { format!("{n} findings together") };
            let ways =
                if flips.found == 1 { "1 way".to_owned() } else { format!("{} ways", flips.found) };
            format!("changing {changes} can flip the verdict ({ways})")
        }
        None if flips.complete => format!(
            "no change of up to {} findings flips the verdict",
            crate::limits::MAX_FLIP_CHANGES
        ),
        None => format!(
            "no change of up to {} findings flips the verdict (the search stopped at its limit before trying more)",
            flips.searched
        ),
    }
}

/// `text` with its first letter in capitals.
pub(crate) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The mark before an alert's advice: `!` for seeking care, `?` for a
/// caution about the comparison itself.
pub(crate) fn alert_mark(alert: &Alert) -> colored::ColoredString {
    use colored::Colorize;
    match alert.kind {
        AlertKind::Care => "!".red().bold(),
        AlertKind::Caution => "?".yellow().bold(),
    }
}

/// The heading of the cautions, in every format.
pub(crate) const CAUTIONS: &str = "Caution: where this comparison may mislead";

/// `ALS +3, MS -2`: a rule's effects in pack profile order.
pub(crate) fn effects_text(pack: &Pack, rule: &Rule) -> String {
    rule.effects
        .iter()
        .map(|(p, w)| format!("{} {w:+}", pack.profiles[*p].id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `[C04, C24]`.
pub(crate) fn claims_text(pack: &Pack, claims: &[usize]) -> String {
    let ids: Vec<&str> = claims.iter().map(|c| pack.claims[*c].id.as_str()).collect();
    format!("[{}]", ids.join(", "))
}

/// A condition in words, with feature labels: `muscle twitching
/// (fasciculations) present and sensory loss absent`.
pub(crate) fn condition_text(pack: &Pack, condition: &Condition) -> String {
    fn go(pack: &Pack, c: &Condition, nested: bool) -> String {
        match c {
            Condition::Test(t) => {
                let f = &pack.features[t.feature];
                format!("{} {}", f.name, t.check.describe(f))
            }
            Condition::Not(inner) => format!("not ({})", go(pack, inner, false)),
            Condition::All(parts) | Condition::Any(parts) => {
                let word = if matches!(c, Condition::All(_)) { " and " } else { " or " };
                let text = parts.iter().map(|p| go(pack, p, true)).collect::<Vec<_>>().join(word);
                if nested && parts.len() > 1 { format!("({text})") } else { text }
            }
        }
    }
    go(pack, condition, false)
}

/// What a rule that did not fire still needs, one line per requirement:
/// `needs sensory_loss present; it is absent`, or `needs one of: a present
/// (it is unknown), all of [b present (it is absent), c present (it is
/// unknown)]`.
pub(crate) fn need_lines(explanation: &Explanation<'_>, need: &Need<'_>) -> Vec<String> {
    match need {
        Need::AllOf(needs) => needs.iter().flat_map(|n| need_lines(explanation, n)).collect(),
        Need::Part(b) => {
            vec![format!("needs {}; {}", requirement(explanation, b), state(explanation, b))]
        }
        Need::OneOf(needs) => {
            let items: Vec<String> = needs.iter().map(|n| nested_need(explanation, n)).collect();
            vec![format!("needs one of: {}", items.join(", "))]
        }
    }
}

/// A need inside a group: `a present (it is unknown)`, `all of [...]`,
/// `one of [...]`.
fn nested_need(explanation: &Explanation<'_>, need: &Need<'_>) -> String {
    let group = |word: &str, needs: &[Need<'_>]| {
        let items: Vec<String> = needs.iter().map(|n| nested_need(explanation, n)).collect();
        format!("{word} [{}]", items.join(", "))
    };
    match need {
        Need::Part(b) => format!("{} ({})", requirement(explanation, b), state(explanation, b)),
        Need::AllOf(needs) => group("all of", needs),
        Need::OneOf(needs) => group("one of", needs),
    }
}

/// `sensory_loss present`, `age not at least 55 years`.
fn requirement(explanation: &Explanation<'_>, blocker: &Blocker<'_>) -> String {
    let feature = &explanation.pack.features[blocker.feature()];
    format!("{} {}", feature.name, blocker.needed(feature))
}

/// `it is unknown`, `it is absent`, `it is 62`.
fn state(explanation: &Explanation<'_>, blocker: &Blocker<'_>) -> String {
    match blocker.status {
        BlockerStatus::Unknown => "it is unknown".to_owned(),
        BlockerStatus::Contradicted => {
            let value = fact_text(explanation, blocker.feature());
            match explanation.facts[blocker.feature()].value {
                Some(crate::pack::value::Value::Flag(true)) => format!("it is present{value}"),
                Some(crate::pack::value::Value::Flag(false)) => format!("it is absent{value}"),
                _ => format!("it is {}", value.trim_start_matches(' ')),
            }
        }
    }
}

/// How a known fact came about, as a suffix: ` (derived)`, ` (assumed
/// absent)`, or for non-flags the value itself.
fn fact_text(explanation: &Explanation<'_>, feature: FeatureId) -> String {
    let fact = explanation.facts[feature];
    let how = match fact.origin {
        Origin::Derived(d) => format!(" (derived by {})", explanation.pack.derivations[d].id),
        Origin::ClosedWorld => " (assumed absent: --unknown-as-absent)".to_owned(),
        _ => String::new(),
    };
    match fact.value {
        Some(crate::pack::value::Value::Flag(_)) | None => how,
        Some(v) => format!(" {}{how}", v.display(&explanation.pack.features[feature])),
    }
}

/// The verdict in one sentence, without the scores (see [`scores_text`]).
pub(crate) fn verdict_text(explanation: &Explanation<'_>) -> String {
    let pack = explanation.pack;
    let clear = pack.margin;
    if let Some(p) = explanation.verdict {
        return format!(
            "fits {} better: margin {} ({clear} or more is clear)",
            pack.profiles[p].id, explanation.margin
        );
    }
    // A pack has at least two profiles, so the ranking has two.
    let [first, second, ..] = explanation.ranking[..] else { return String::new() };
    let (first, second) = (&pack.profiles[first].id, &pack.profiles[second].id);
    if !explanation.conflicting.is_empty() {
        // Distinct from knowing little: strong findings point both ways.
        let sides: Vec<String> = explanation
            .conflicting
            .iter()
            .map(|p| format!("{} +{}", pack.profiles[*p].id, conflict_points(explanation, *p)))
            .collect();
        return format!(
            "the findings conflict: {} each have strong findings in their favour, and neither profile may explain them all (no clear difference; {first} leads {second} by {})",
            and_list(&sides),
            explanation.margin
        );
    }
    if explanation.margin == 0 {
        format!("no clear difference: {first} and {second} are level ({clear} or more is clear)")
    } else if explanation.margin >= clear {
        // The lead is large enough, but only soft tendencies make it.
        format!(
            "no clear difference: {first} leads {second} by {} from weak tendencies alone (a clear difference needs a {} finding)",
            explanation.margin,
            crate::pack::weight::describe(pack.clear_needs)
        )
    } else {
        format!(
            "no clear difference: {first} leads {second} by {} ({clear} or more is clear)",
            explanation.margin
        )
    }
}

/// The points in a profile's favour from the fired rules.
pub(crate) fn conflict_points(explanation: &Explanation<'_>, profile: usize) -> i32 {
    explanation.fired.iter().map(|r| explanation.pack.rules[*r].effect_on(profile).max(0)).sum()
}

/// `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => items.join(""),
    }
}

/// `ALS 7, MS 0`: every score, highest first.
pub(crate) fn scores_text(explanation: &Explanation<'_>) -> String {
    let pack = explanation.pack;
    let scores: Vec<String> = explanation
        .ranking
        .iter()
        .map(|p| format!("{} {}", pack.profiles[*p].id, explanation.scores[*p]))
        .collect();
    scores.join(", ")
}
