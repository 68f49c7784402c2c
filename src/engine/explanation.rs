//! The engine's answer, as a value. Every renderer reads this; nothing in
//! it is text that was formatted for one output, and nothing here works
//! out a section (that is the engine's, when it evaluates): the queries
//! below only read and filter what is already here.

use crate::{
    engine::Sections,
    engine::fact::{Fact, Origin},
    engine::why_not::Need,
    pack::Pack,
    pack::claim::ClaimId,
    pack::condition::Check,
    pack::derivation::DerivationId,
    pack::feature::Feature,
    pack::feature::FeatureId,
    pack::profile::ProfileId,
    pack::rule::{Rule, RuleId},
    pack::truth::Truth,
    pack::value::Value,
};

/// Why one profile fits better than the others, or why none clearly does.
#[derive(Debug, Clone)]
pub(crate) struct Explanation<'p> {
    pub(crate) pack: &'p Pack,
    /// `--unknown-as-absent` was on.
    pub(crate) closed_world: bool,
    /// One per feature, in pack order.
    pub(crate) facts: Vec<Fact>,
    /// One per profile, in pack order.
    pub(crate) scores: Vec<i32>,
    /// Profiles from highest to lowest score; ties keep pack order.
    pub(crate) ranking: Vec<ProfileId>,
    /// The profile that fits better, or `None` for "no clear difference".
    pub(crate) verdict: Option<ProfileId>,
    /// Score of the first profile in `ranking` minus the second.
    pub(crate) margin: i32,
    /// The profiles whose fired rules give them at least the pack's
    /// `conflict_needs` points in their favour, when there are two or more
    /// of them and the lead is no larger than the points of the strongest
    /// one behind the leader (or there is no clear verdict anyway): the
    /// findings conflict, pointing both ways, and neither profile may
    /// explain them all, so no verdict is clear. Empty otherwise (and
    /// always when the pack sets no `conflict_needs`).
    pub(crate) conflicting: Vec<ProfileId>,
    /// Truth of every rule's condition, by rule id.
    pub(crate) rule_truth: Vec<Truth>,
    /// Rules that fired, in pack order.
    pub(crate) fired: Vec<RuleId>,
    /// Where a derivation agreed or disagreed with what was entered.
    pub(crate) derivation_notes: Vec<DerivationNote>,
    /// Alerts raised, in pack order.
    pub(crate) alerts: Vec<usize>,
    /// Claims with a caveat that the fired rules, derivations used and
    /// alerts raised rest on.
    pub(crate) caveats: Vec<ClaimId>,
    /// The sections below that were worked out (see
    /// [`crate::engine::Sections`]); the others are empty.
    pub(crate) sections: Sections,
    /// Rules that did not fire, with what stood in the way, in pack order.
    pub(crate) not_fired: Vec<NotFired<'p>>,
    /// Per known feature: which profiles it moved and by how much.
    pub(crate) contrast: Vec<ContrastRow>,
    /// Unknown features ranked by how much knowing them could move the
    /// margin.
    pub(crate) questions: Vec<NextQuestion>,
    /// The smallest changes of the case that change its verdict.
    pub(crate) flips: Flips,
}

/// The smallest sets of changes that change the verdict (see
/// `engine/flip.rs`): to another profile, or between a clear verdict and
/// "no clear difference".
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Flips {
    /// How many changes the smallest flips take (1 to
    /// [`crate::limits::MAX_FLIP_CHANGES`]), or `None` when none was found:
    /// none exists with that many changes or fewer when `complete`, or the
    /// search stopped first.
    pub(crate) changes_needed: Option<usize>,
    /// The search tried every set of changes it had to. When false it ran
    /// out of [`crate::limits::MAX_FLIP_EVALUATIONS`]: no flip takes
    /// `searched` changes or fewer, and `found` counts those seen so far.
    pub(crate) complete: bool,
    /// The largest number of changes tried in full: no flip needs fewer
    /// changes than `searched + 1`, unless `changes_needed` says so.
    pub(crate) searched: usize,
    /// How many flips of `changes_needed` changes there are (seen, when
    /// the search is incomplete).
    pub(crate) found: usize,
    /// The first of them, at most [`crate::limits::MAX_LISTED_FLIPS`]: in
    /// pack order of their features, then in the order of the answers.
    pub(crate) listed: Vec<Flip>,
    /// The budget spent: sets of changes tried and bounds checked.
    pub(crate) work: usize,
}

/// One set of changes that changes the verdict.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Flip {
    /// The changes, in pack order of their features.
    pub(crate) changes: Vec<Change>,
    /// The verdict after the changes (`None`: no clear difference).
    pub(crate) verdict: Option<ProfileId>,
    /// The margin after the changes.
    pub(crate) margin: i32,
}

/// One change of a case: a feature answered or its entered value changed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Change {
    pub(crate) feature: FeatureId,
    /// The value entered, or `None` when it was unknown.
    pub(crate) from: Option<Value>,
    /// A value that gives the new answer (for a number, one inside the
    /// stretch `answer` describes).
    pub(crate) to: Value,
    /// The new answer as a test: yes/no, one choice, or for a number the
    /// stretch of its range (every value in it gives this flip).
    pub(crate) answer: Check,
}

impl Change {
    /// The new answer in words: `yes`, `relapsing`, `below 40 years`.
    pub(crate) fn to_text(&self, feature: &Feature) -> String {
        match self.answer {
            Check::Is(true) => "yes".to_owned(),
            Check::Is(false) => "no".to_owned(),
            _ => self.answer.describe(feature),
        }
    }
}

/// A rule that did not fire.
#[derive(Debug, Clone)]
pub(crate) struct NotFired<'p> {
    pub(crate) rule: RuleId,
    /// `False` (decided against) or `Unknown` (could still fire).
    pub(crate) truth: Truth,
    /// What its condition still needs (see [`crate::engine::why_not`]).
    pub(crate) need: Need<'p>,
}

/// A derivation whose conclusion was not used as it stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct DerivationNote {
    pub(crate) derivation: DerivationId,
    pub(crate) kind: NoteKind,
}

/// What happened to a derivation that held.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum NoteKind {
    /// It concluded what was entered anyway.
    AgreesWithEntered,
    /// It concluded something else; the entered value wins.
    OverriddenByEntered { entered: Value },
    /// An earlier derivation concluded something else first.
    OverriddenByEarlier { earlier: DerivationId },
}

/// One row of the contrast table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ContrastRow {
    pub(crate) feature: FeatureId,
    /// Sum of the effects of fired rules reading this feature, per profile.
    pub(crate) effects: Vec<i32>,
    /// Those rules, in pack order.
    pub(crate) rules: Vec<RuleId>,
    /// Some of those rules also read other features, so rows do not add up
    /// to the scores.
    pub(crate) shared: bool,
    /// Derived features concluded (in part) from this one.
    pub(crate) feeds: Vec<FeatureId>,
}

/// An unknown feature worth asking about.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NextQuestion {
    pub(crate) feature: FeatureId,
    /// The largest change of the current leader's lead over any answer.
    pub(crate) swing: i32,
    /// Whether some answer would change the verdict.
    pub(crate) decisive: bool,
    pub(crate) outcomes: Vec<Outcome>,
}

/// What one answer to a question would do.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Outcome {
    /// The answer as a test on the feature: yes/no, one choice, or a range
    /// of numbers. [`Outcome::answer_text`] puts it in words.
    pub(crate) answer: Check,
    /// A value that gives this answer (for numbers, one inside the range).
    pub(crate) example: Value,
    /// Scores per profile after the answer.
    pub(crate) scores: Vec<i32>,
    pub(crate) verdict: Option<ProfileId>,
    pub(crate) margin: i32,
    /// Change of the current leader's lead over the best other profile.
    pub(crate) lead_change: i32,
}

impl Outcome {
    /// The answer in words: `yes`, `relapsing`, `below 50 years`.
    pub(crate) fn answer_text(&self, feature: &Feature) -> String {
        match self.answer {
            Check::Is(true) => "yes".to_owned(),
            Check::Is(false) => "no".to_owned(),
            _ => self.answer.describe(feature),
        }
    }
}

impl<'p> Explanation<'p> {
    /// An explanation of nothing yet, to evaluate into
    /// ([`crate::engine::evaluate_into`]); it holds no memory until then.
    pub(crate) fn empty(pack: &'p Pack) -> Self {
        Self {
            pack,
            closed_world: false,
            facts: Vec::new(),
            scores: Vec::new(),
            ranking: Vec::new(),
            verdict: None,
            margin: 0,
            conflicting: Vec::new(),
            rule_truth: Vec::new(),
            fired: Vec::new(),
            derivation_notes: Vec::new(),
            alerts: Vec::new(),
            caveats: Vec::new(),
            sections: Sections::NONE,
            not_fired: Vec::new(),
            contrast: Vec::new(),
            questions: Vec::new(),
            flips: Flips::default(),
        }
    }

    /// The profile ahead (even when the lead is too small to count).
    pub(crate) fn leader(&self) -> ProfileId {
        self.ranking.first().copied().unwrap_or(0)
    }

    /// Fired rules that moved `profile`'s score, for or against it: together
    /// they explain every point of it.
    pub(crate) fn evidence_on(&self, profile: ProfileId) -> impl Iterator<Item = &'p Rule> + '_ {
        self.fired.iter().map(|r| &self.pack.rules[*r]).filter(move |r| r.effect_on(profile) != 0)
    }

    /// Fired rules that pull against the leader: they count against it, or
    /// for another profile.
    pub(crate) fn evidence_against_leader(&self) -> impl Iterator<Item = &'p Rule> + '_ {
        let leader = self.leader();
        self.fired.iter().map(|r| &self.pack.rules[*r]).filter(move |r| {
            r.effects.iter().any(|(p, w)| (*p == leader && *w < 0) || (*p != leader && *w > 0))
        })
    }

    /// Rules that did not fire, with what stood in the way, in pack order.
    pub(crate) fn not_fired(&self) -> &[NotFired<'p>] {
        debug_assert!(self.sections.not_fired, "evaluated without `Sections::not_fired`");
        &self.not_fired
    }

    /// Rules that would have counted for `profile` and did not fire.
    pub(crate) fn why_not(&self, profile: ProfileId) -> Vec<&NotFired<'p>> {
        let pack = self.pack;
        self.not_fired().iter().filter(|n| pack.rules[n.rule].favours(profile)).collect()
    }

    /// Per known feature: which profiles it moved and by how much.
    pub(crate) fn contrast(&self) -> &[ContrastRow] {
        debug_assert!(self.sections.contrast, "evaluated without `Sections::contrast`");
        &self.contrast
    }

    /// Unknown features ranked by how much knowing them could move the
    /// margin (see `engine/next_question.rs`).
    pub(crate) fn next_questions(&self) -> &[NextQuestion] {
        debug_assert!(self.sections.questions, "evaluated without `Sections::questions`");
        &self.questions
    }

    /// The smallest changes that change the verdict (see
    /// `engine/flip.rs`).
    pub(crate) fn flips(&self) -> &Flips {
        debug_assert!(self.sections.flips, "evaluated without `Sections::flips`");
        &self.flips
    }

    /// Every feature's value (entered, derived or assumed), as conditions
    /// read them.
    #[cfg(test)]
    pub(crate) fn values(&self) -> Vec<Option<Value>> {
        self.facts.iter().map(|f| f.value).collect()
    }

    /// Features concluded by derivations, in pack order.
    pub(crate) fn derived(&self) -> impl Iterator<Item = (FeatureId, DerivationId)> + '_ {
        self.facts.iter().enumerate().filter_map(|(f, fact)| match fact.origin {
            Origin::Derived(d) => Some((f, d)),
            _ => None,
        })
    }

    /// Features read as absent because of `--unknown-as-absent`.
    pub(crate) fn assumed_absent(&self) -> impl Iterator<Item = FeatureId> + '_ {
        self.facts
            .iter()
            .enumerate()
            .filter(|(_, f)| f.origin == Origin::ClosedWorld)
            .map(|(i, _)| i)
    }

    /// A feature's value as typed (`62`, `yes`, `relapsing`), or nothing
    /// when it is unknown.
    pub(crate) fn value_text(&self, feature: FeatureId) -> String {
        self.facts[feature]
            .value
            .map(|v| v.display(&self.pack.features[feature]))
            .unwrap_or_default()
    }

    /// The value with a mark saying how it was reached: `derived` after a
    /// derived value, `assumed` after one read as absent by the closed world.
    pub(crate) fn marked_value_text(
        &self,
        feature: FeatureId,
        derived: &str,
        assumed: &str,
    ) -> String {
        let mut value = self.value_text(feature);
        match self.facts[feature].origin {
            Origin::Derived(_) => value.push_str(derived),
            Origin::ClosedWorld => value.push_str(assumed),
            _ => {}
        }
        value
    }
}
