//! Feedback after the reveal: how the student's answer and the rule pack
//! compare. It describes, it does not grade: a leaning the rules do not
//! share is "where you and the rules part", never "wrong", since the pack
//! is a simplification and clinical judgement may weigh what it cannot.
//!
//! It says where the two agree or part; which findings the student named
//! that the fired rules weigh ([`Comparison::weighed`]), which the pack
//! leaves neutral at this stage and, when the pack says why, why; the
//! findings the heaviest fired rules read that the student left out; a
//! leaning held with high confidence earlier that this stage did not bear
//! out (premature closure); and `undecided` held when the pack was clear.

use std::fmt::Write as _;

use colored::Colorize;

use crate::{
    engine::explanation::Explanation,
    engine::fact::Origin,
    engine::ranking::main_reasons,
    pack::Pack,
    pack::feature::FeatureId,
    pack::profile::ProfileId,
    pack::rule::RuleId,
    quiz::record::Confidence,
    quiz::session::leaning_text,
    render::effects_text,
    render::text::{width, wrap},
};

/// How many of the heaviest fired rules "missed" findings come from.
const HEAVIEST_RULES: usize = 3;

/// One committed answer, as later stages and the summary need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Given {
    pub(crate) stage: usize,
    pub(crate) stage_name: String,
    pub(crate) leaning: Option<ProfileId>,
    pub(crate) confidence: Confidence,
    /// The pack's verdict at that stage.
    pub(crate) verdict: Option<ProfileId>,
}

/// The findings named, against the rules that fired.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Comparison {
    /// Named findings with the fired rules that read them (directly or
    /// through a derived fact).
    pub(crate) weighed: Vec<(FeatureId, Vec<RuleId>)>,
    /// Named findings no fired rule reads.
    pub(crate) neutral: Vec<FeatureId>,
    /// Findings read by the heaviest fired rules that nothing named leads
    /// to.
    pub(crate) missed: Vec<FeatureId>,
}

impl Comparison {
    pub(crate) fn of(e: &Explanation<'_>, named: &[FeatureId]) -> Self {
        let pack = e.pack;
        let reading = |f: FeatureId| -> Vec<RuleId> {
            e.fired.iter().copied().filter(|r| pack.affected_rules[f].contains(r)).collect()
        };
        let mut comparison = Self::default();
        for &f in named {
            let rules = reading(f);
            if rules.is_empty() {
                comparison.neutral.push(f);
            } else {
                comparison.weighed.push((f, rules));
            }
        }
        for rule in main_reasons(e, HEAVIEST_RULES) {
            let Some(r) = pack.rules.iter().position(|x| std::ptr::eq(x, rule)) else { continue };
            // A rule the student reached through any named finding is not
            // left out.
            if named.iter().any(|f| pack.affected_rules[*f].contains(&r)) {
                continue;
            }
            for &f in pack.rule_reads(r) {
                if e.facts[f].is_known() && !comparison.missed.contains(&f) {
                    comparison.missed.push(f);
                }
            }
        }
        comparison
    }

    pub(crate) fn weighed_features(&self) -> Vec<FeatureId> {
        self.weighed.iter().map(|(f, _)| *f).collect()
    }
}

/// The feedback section.
pub(crate) fn feedback(
    e: &Explanation<'_>,
    given: &Given,
    earlier: &[Given],
    comparison: &Comparison,
    out: &mut String,
) {
    let pack = e.pack;
    let w = |out: &mut String, first: &str, rest: usize, text: &str| {
        wrap(out, width(), first, rest, text);
    };
    out.push('\n');
    let _ = writeln!(out, "{}", "You and the rules".bold().underline());
    w(out, "  ", 2, &agreement(e, given));
    if !comparison.weighed.is_empty() {
        let _ = writeln!(out, "  {}", "You named, and the rules weigh:".bold());
        for (f, rules) in &comparison.weighed {
            let rules: Vec<String> = rules
                .iter()
                .map(|r| {
                    let rule = &pack.rules[*r];
                    // A rule that reads a fact derived from the finding
                    // says through which.
                    let via: Vec<&str> = if pack.rule_reads(*r).contains(f) {
                        Vec::new()
                    } else {
                        pack.rule_reads(*r)
                            .iter()
                            .filter(|g| pack.is_derived(**g))
                            .map(|g| pack.features[*g].name.as_str())
                            .collect()
                    };
                    let via = if via.is_empty() {
                        String::new()
                    } else {
                        format!(" through {}", via.join(", "))
                    };
                    format!(
                        "{}{via} ({}) {}",
                        rule.id,
                        effects_text(pack, rule),
                        crate::render::claims_text(pack, &rule.claims)
                    )
                })
                .collect();
            w(
                out,
                "    - ",
                6,
                &format!("{} ({}): {}", pack.features[*f].name, e.value_text(*f), rules.join("; ")),
            );
        }
    }
    if !comparison.neutral.is_empty() {
        let _ = writeln!(out, "  {}", "You named, and the rules leave neutral here:".bold());
        for f in &comparison.neutral {
            neutral_lines(e, *f, out);
        }
    }
    if !comparison.missed.is_empty() {
        // A derived fact is never shown at a stage: say where it comes from,
        // so that a student is not told they left out what they never saw.
        let names: Vec<String> = comparison
            .missed
            .iter()
            .map(|f| {
                let name = &pack.features[*f].name;
                match e.facts[*f].origin {
                    Origin::Derived(_) => format!("{name} (derived from the findings shown)"),
                    _ => name.clone(),
                }
            })
            .collect();
        w(
            out,
            "  ",
            4,
            &format!(
                "{} {}",
                "Findings the heaviest rules read that you did not name:".bold(),
                names.join(", ")
            ),
        );
    }
    if let Some(text) = closure(pack, e, given, earlier) {
        w(out, "  ", 2, &format!("{} {text}", "Premature closure?".yellow().bold()));
    }
}

/// Where the student and the pack agree or part, in one sentence.
fn agreement(e: &Explanation<'_>, given: &Given) -> String {
    let pack = e.pack;
    let confidence = given.confidence.name();
    let lead = lead_text(e);
    match (given.leaning, e.verdict) {
        (Some(p), Some(v)) if p == v => format!(
            "You lean {} with {confidence} confidence; the rules agree: {lead}.",
            pack.profiles[p].id
        ),
        (Some(p), Some(_)) => format!(
            "You lean {} with {confidence} confidence; the rules find that {lead}. Here you and the rules part: compare what each of you weighs.",
            pack.profiles[p].id
        ),
        (Some(p), None) => format!(
            "You lean {} with {confidence} confidence; the rules see no clear difference yet: {lead}.",
            pack.profiles[p].id
        ),
        (None, None) => format!(
            "You are undecided ({confidence} confidence), and the rules see no clear difference either: {lead}."
        ),
        (None, Some(_)) => format!(
            "You are undecided ({confidence} confidence); the rules already find that {lead}. Staying undecided when the rules are clear is worth a second look at the findings."
        ),
    }
}

/// `ALS fits better, by a margin of 8 (3 or more is clear)`, or `ALS leads
/// MS by 2 (3 or more is clear)`, `ALS and MS are level (...)`.
fn lead_text(e: &Explanation<'_>) -> String {
    let pack = e.pack;
    let clear = pack.margin;
    let first = &pack.profiles[e.leader()].id;
    let second = e.ranking.get(1).map_or("", |p| pack.profiles[*p].id.as_str());
    let margin = e.margin;
    if !e.conflicting.is_empty() {
        return format!(
            "the findings conflict: strong findings point both ways, and neither profile may explain them all ({first} leads {second} by {margin})"
        );
    }
    match e.verdict {
        Some(_) => {
            format!("{first} fits better, by a margin of {margin} ({clear} or more is clear)")
        }
        None if margin == 0 => format!("{first} and {second} are level ({clear} or more is clear)"),
        // The lead is large enough, but weak tendencies alone make it.
        None if margin >= clear => format!(
            "{first} leads {second} by {margin}, from weak tendencies alone (a clear difference needs a {} finding)",
            crate::pack::weight::describe(e.pack.clear_needs)
        ),
        None => format!("{first} leads {second} by {margin} ({clear} or more is clear)"),
    }
}

/// `the rules find that MS fits better`, `the rules see no clear difference`.
fn rules_now(e: &Explanation<'_>) -> String {
    match e.verdict {
        Some(p) => format!("the rules find that {} fits better", e.pack.profiles[p].id),
        None => "the rules see no clear difference".to_owned(),
    }
}

/// Why a named finding is neutral, as far as the pack says.
fn neutral_lines(e: &Explanation<'_>, f: FeatureId, out: &mut String) {
    let pack = e.pack;
    let name = &pack.features[f].name;
    let rules = &pack.affected_rules[f];
    // The pack's own reason, when it gives one: the finding is neutral on
    // purpose (it occurs in every profile), not forgotten.
    let text = if let Some(neutral) = pack.features[f].neutral() {
        format!(
            "{name} ({}): the pack treats it as neutral on purpose: {} {}",
            e.value_text(f),
            neutral.reason.trim_end(),
            crate::render::claims_text(pack, &neutral.claims)
        )
    } else if rules.is_empty() {
        format!(
            "{name} ({}): no rule of the pack weighs it, so for the pack it does not tell {} apart.",
            e.value_text(f),
            profiles_text(pack)
        )
    } else {
        let ids: Vec<&str> = rules.iter().map(|r| pack.rules[*r].id.as_str()).collect();
        let mut favoured: Vec<ProfileId> = rules
            .iter()
            .flat_map(|r| pack.rules[*r].effects.iter().filter(|(_, w)| *w > 0).map(|(p, _)| *p))
            .collect();
        favoured.sort_unstable();
        favoured.dedup();
        let both = if favoured.len() > 1 && rules.len() > 1 {
            let ids: Vec<&str> = favoured.iter().map(|p| pack.profiles[*p].id.as_str()).collect();
            format!(" (rules read it for {})", ids.join(" and "))
        } else {
            String::new()
        };
        format!(
            "{name} ({}): the rules that read it{both} do not fire with what is known at this stage: {}.",
            e.value_text(f),
            ids.join(", ")
        )
    };
    wrap(out, width(), "    - ", 6, &text);
    for r in rules {
        if let Some(note) = &pack.rules[*r].note {
            wrap(out, width(), "      ", 6, &format!("note ({}): {note}", pack.rules[*r].id));
        }
    }
}

/// `ALS and MS`, `APPLE, BANANA and LEMON`.
fn profiles_text(pack: &Pack) -> String {
    let ids: Vec<&str> = pack.profiles.iter().map(|p| p.id.as_str()).collect();
    match ids.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => ids.join(""),
    }
}

/// Premature closure: a leaning held with high confidence at an earlier
/// stage that a later stage reversed: the pack's verdict is now another
/// profile, or no clear difference where it had shared the leaning. A
/// student who changes their own mind while the rules hold still is
/// revising, not closing early, and is not told so. Said once, at the first
/// stage where it shows.
fn closure(pack: &Pack, e: &Explanation<'_>, given: &Given, earlier: &[Given]) -> Option<String> {
    let held = earlier.iter().find(|g| g.confidence == Confidence::High && g.leaning.is_some())?;
    let p = held.leaning?;
    let id = &pack.profiles[p].id;
    let turned = |verdict: Option<ProfileId>| match verdict {
        Some(v) => v != p,
        None => held.verdict == Some(p),
    };
    // Only at the first later stage where it shows: not again after.
    if earlier.iter().any(|g| g.stage > held.stage && turned(g.verdict)) || !turned(e.verdict) {
        return None;
    }
    let now = if given.leaning == Some(p) {
        format!("now {}", rules_now(e))
    } else {
        format!("now {} and you lean {}", rules_now(e), leaning_text(pack, given.leaning))
    };
    Some(format!(
        "At stage {} ({}) you leaned {id} with high confidence; {now}. High confidence before the whole picture is in leaves little room for what comes later.",
        held.stage, held.stage_name
    ))
}
