//! The engine's answer, as a value. Every renderer reads this; nothing in
//! it is text that was formatted for one output.

use crate::{
    claim::ClaimId,
    condition::Check,
    derivation::DerivationId,
    fact::{Fact, Origin},
    feature::Feature,
    feature::FeatureId,
    pack::Pack,
    profile::ProfileId,
    rule::{Rule, RuleId},
    truth::Truth,
    value::Value,
    why_not::Need,
};

/// Why one profile fits better than the others, or why none clearly does.
#[derive(Debug, Clone)]
pub struct Explanation<'p> {
    pub pack: &'p Pack,
    /// `--unknown-as-absent` was on.
    pub closed_world: bool,
    /// One per feature, in pack order.
    pub facts: Vec<Fact>,
    /// The values of `facts` alone, as conditions read them.
    pub values: Vec<Option<Value>>,
    /// One per profile, in pack order.
    pub scores: Vec<i32>,
    /// Profiles from highest to lowest score; ties keep pack order.
    pub ranking: Vec<ProfileId>,
    /// The profile that fits better, or `None` for "no clear difference".
    pub verdict: Option<ProfileId>,
    /// Score of the first profile in `ranking` minus the second.
    pub margin: i32,
    /// Truth of every rule's condition, by rule id.
    pub rule_truth: Vec<Truth>,
    /// Rules that fired, in pack order.
    pub fired: Vec<RuleId>,
    /// Where a derivation agreed or disagreed with what was entered.
    pub derivation_notes: Vec<DerivationNote>,
    /// Alerts raised, in pack order.
    pub alerts: Vec<usize>,
    /// Claims with a caveat that the fired rules, derivations used and
    /// alerts raised rest on.
    pub caveats: Vec<ClaimId>,
}

/// A rule that did not fire.
#[derive(Debug, Clone)]
pub struct NotFired<'p> {
    pub rule: RuleId,
    /// `False` (decided against) or `Unknown` (could still fire).
    pub truth: Truth,
    /// What its condition still needs (see [`crate::why_not`]).
    pub need: Need<'p>,
}

/// A derivation whose conclusion was not used as it stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DerivationNote {
    pub derivation: DerivationId,
    pub kind: NoteKind,
}

/// What happened to a derivation that held.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NoteKind {
    /// It concluded what was entered anyway.
    AgreesWithEntered,
    /// It concluded something else; the entered value wins.
    OverriddenByEntered { entered: Value },
    /// An earlier derivation concluded something else first.
    OverriddenByEarlier { earlier: DerivationId },
}

/// One row of the contrast table.
#[derive(Debug, Clone, PartialEq)]
pub struct ContrastRow {
    pub feature: FeatureId,
    /// Sum of the effects of fired rules reading this feature, per profile.
    pub effects: Vec<i32>,
    /// Those rules, in pack order.
    pub rules: Vec<RuleId>,
    /// Some of those rules also read other features, so rows do not add up
    /// to the scores.
    pub shared: bool,
    /// Derived features concluded (in part) from this one.
    pub feeds: Vec<FeatureId>,
}

/// An unknown feature worth asking about.
#[derive(Debug, Clone, PartialEq)]
pub struct NextQuestion {
    pub feature: FeatureId,
    /// The largest change of the current leader's lead over any answer.
    pub swing: i32,
    /// Whether some answer would change the verdict.
    pub decisive: bool,
    pub outcomes: Vec<Outcome>,
}

/// What one answer to a question would do.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The answer as a test on the feature: yes/no, one choice, or a range
    /// of numbers. [`Outcome::answer_text`] puts it in words.
    pub answer: Check,
    /// A value that gives this answer (for numbers, one inside the range).
    pub example: Value,
    /// Scores per profile after the answer.
    pub scores: Vec<i32>,
    pub verdict: Option<ProfileId>,
    pub margin: i32,
    /// Change of the current leader's lead over the best other profile.
    pub lead_change: i32,
}

impl Outcome {
    /// The answer in words: `yes`, `relapsing`, `below 50 years`.
    pub fn answer_text(&self, feature: &Feature) -> String {
        match self.answer {
            Check::Is(true) => "yes".to_owned(),
            Check::Is(false) => "no".to_owned(),
            _ => self.answer.describe(feature),
        }
    }
}

impl<'p> Explanation<'p> {
    /// The profile ahead (even when the lead is too small to count).
    pub fn leader(&self) -> ProfileId {
        self.ranking.first().copied().unwrap_or(0)
    }

    /// Fired rules that moved `profile`'s score, for or against it: together
    /// they explain every point of it.
    pub fn evidence_on(&self, profile: ProfileId) -> impl Iterator<Item = &'p Rule> + '_ {
        self.fired.iter().map(|r| &self.pack.rules[*r]).filter(move |r| r.effect_on(profile) != 0)
    }

    /// Fired rules that pull against the leader: they count against it, or
    /// for another profile.
    pub fn evidence_against_leader(&self) -> impl Iterator<Item = &'p Rule> + '_ {
        let leader = self.leader();
        self.fired.iter().map(|r| &self.pack.rules[*r]).filter(move |r| {
            r.effects.iter().any(|(p, w)| (*p == leader && *w < 0) || (*p != leader && *w > 0))
        })
    }

    // The three sections below are worked out when a renderer asks for
    // them, not by `evaluate`: a batch run that only needs verdicts does
    // not pay for them. They depend on nothing but this value.

    /// Rules that did not fire, with what stood in the way, in pack order.
    pub fn not_fired(&self) -> Vec<NotFired<'p>> {
        self.not_fired_where(|_| true)
    }

    /// Rules that would have counted for `profile` and did not fire.
    pub fn why_not(&self, profile: ProfileId) -> Vec<NotFired<'p>> {
        self.not_fired_where(|rule| rule.favours(profile))
    }

    fn not_fired_where(&self, keep: impl Fn(&Rule) -> bool) -> Vec<NotFired<'p>> {
        let pack = self.pack;
        self.rule_truth
            .iter()
            .enumerate()
            .filter(|(rule, truth)| !truth.is_true() && keep(&pack.rules[*rule]))
            .filter_map(|(rule, truth)| {
                let need = crate::why_not::needs(&pack.rules[rule].when, &self.values)?;
                Some(NotFired { rule, truth: *truth, need })
            })
            .collect()
    }

    /// Per known feature: which profiles it moved and by how much.
    pub fn contrast(&self) -> Vec<ContrastRow> {
        crate::contrast::rows(self.pack, &self.facts, &self.rule_truth)
    }

    /// Unknown features ranked by how much knowing them could move the
    /// margin (see [`crate::next_question`]).
    pub fn next_questions(&self) -> Vec<NextQuestion> {
        crate::next_question::rank(
            self.pack,
            &self.values,
            &self.rule_truth,
            &self.scores,
            self.leader(),
        )
    }

    /// Features concluded by derivations, in pack order.
    pub fn derived(&self) -> impl Iterator<Item = (FeatureId, DerivationId)> + '_ {
        self.facts.iter().enumerate().filter_map(|(f, fact)| match fact.origin {
            Origin::Derived(d) => Some((f, d)),
            _ => None,
        })
    }

    /// Features read as absent because of `--unknown-as-absent`.
    pub fn assumed_absent(&self) -> impl Iterator<Item = FeatureId> + '_ {
        self.facts
            .iter()
            .enumerate()
            .filter(|(_, f)| f.origin == Origin::ClosedWorld)
            .map(|(i, _)| i)
    }

    /// A feature's value as typed (`62`, `yes`, `relapsing`), or nothing
    /// when it is unknown.
    pub fn value_text(&self, feature: FeatureId) -> String {
        self.facts[feature]
            .value
            .map(|v| v.display(&self.pack.features[feature]))
            .unwrap_or_default()
    }

    /// The value with a mark saying how it was reached: `derived` after a
    /// derived value, `assumed` after one read as absent by the closed world.
    pub fn marked_value_text(&self, feature: FeatureId, derived: &str, assumed: &str) -> String {
        let mut value = self.value_text(feature);
        match self.facts[feature].origin {
            Origin::Derived(_) => value.push_str(derived),
            Origin::ClosedWorld => value.push_str(assumed),
            _ => {}
        }
        value
    }

    /// The contribution of a fired rule to `profile` (0 if it did not fire).
    pub fn contribution(&self, rule: RuleId, profile: ProfileId) -> i32 {
        if self.rule_truth[rule].is_true() { self.pack.rules[rule].effect_on(profile) } else { 0 }
    }
}
