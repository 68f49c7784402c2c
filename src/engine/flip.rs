//! "What is the smallest change that flips the verdict?": the smallest sets
//! of changes to a case that change its verdict, to another profile or
//! between a clear verdict and "no clear difference" (either way).
//!
//! A *change* answers an unknown feature (any of its answers) or changes a
//! value that was entered to another one. Derived values are never changed
//! directly, only what they are derived from; features no rule can read,
//! directly or through derivations (`Pack::affected_rules`), are left out.
//! The answers of a feature are those "what to ask next" tries: yes and no,
//! every choice, and for a number one value per stretch of its range, where
//! neighbouring stretches that every test of the pack on that feature
//! treats alike are one stretch (so `age` has as many answers as the pack
//! tells ages apart). A known value is never "changed" within its stretch.
//!
//! The search is exact up to [`MAX_FLIP_CHANGES`] changes: it tries every
//! set of one change, then of two, then of three, and stops at the first
//! size with a flip, so every flip it reports is minimal. Sets are tried in
//! pack order of their features, then in the order of the answers, and the
//! first [`MAX_LISTED_FLIPS`] are kept; all are counted.
//!
//! Two things keep it cheap. A set of changes is scored as "what to ask
//! next" scores one answer: only the rules the changed features can affect
//! are evaluated again, and chaining runs again (from the entered values)
//! only when a changed feature feeds a derivation. And before the answers
//! of a set of features are tried, a bound is checked: those rules, fired
//! or not, can move each profile's score only so far, and when no score
//! inside those bounds gives another verdict, the set is passed over. The
//! bound is never wrong, only loose, so passing over loses no flip.
//! Each set tried and each bound checked counts against
//! [`MAX_FLIP_EVALUATIONS`]; a search that runs out says it is incomplete.

use crate::{
    engine::{
        chain::chain,
        explanation::{Change, Flip, Flips},
        fact::{Fact, Origin},
        next_question::{merge_regions, number_points},
        score::{Support, margin_and_verdict, support},
    },
    limits::{MAX_FLIP_CHANGES, MAX_FLIP_EVALUATIONS, MAX_LISTED_FLIPS},
    pack::{
        Pack,
        condition::Check,
        feature::{FeatureId, FeatureKind},
        profile::ProfileId,
        rule::RuleId,
        truth::Truth,
        value::Value,
    },
};

/// What the search starts from: the case as the engine evaluated it.
pub(super) struct Start<'a> {
    pub(super) facts: &'a [Fact],
    /// Every feature's value after chaining (and the closed world).
    pub(super) values: &'a [Option<Value>],
    pub(super) rule_truth: &'a [Truth],
    pub(super) scores: &'a [i32],
    pub(super) closed_world: bool,
}

/// A feature the search may change, and what to.
struct Candidate {
    feature: FeatureId,
    /// The value entered, or `None` for an unknown.
    from: Option<Value>,
    /// Every answer but the one it has now: the answer as a test, and a
    /// value that gives it.
    answers: Vec<(Check, Value)>,
    /// Whether a derivation reads it (then chaining runs again).
    feeds: bool,
}

/// Finds the smallest sets of changes that change the verdict.
pub(super) fn search(pack: &Pack, start: &Start<'_>) -> Flips {
    search_within(pack, start, MAX_FLIP_EVALUATIONS)
}

/// [`search`] with a budget of its own (the tests use small ones).
fn search_within(pack: &Pack, start: &Start<'_>, budget: usize) -> Flips {
    let mut search = Search::new(pack, start, budget);
    let mut flips = Flips { complete: true, ..Flips::default() };
    if pack.profiles.len() < 2 {
        // One profile never has a verdict to change.
        flips.searched = MAX_FLIP_CHANGES;
        return flips;
    }
    for size in 1..=MAX_FLIP_CHANGES.min(search.candidates.len()) {
        let mut chosen = Vec::with_capacity(size);
        let finished = search.sets(size, 0, &mut chosen, &mut flips);
        flips.work = search.spent.min(search.budget);
        if !finished {
            flips.complete = false;
            flips.changes_needed = (flips.found > 0).then_some(size);
            return flips;
        }
        flips.searched = size;
        if flips.found > 0 {
            flips.changes_needed = Some(size);
            return flips;
        }
    }
    flips.searched = MAX_FLIP_CHANGES;
    flips
}

/// The working state of one search.
struct Search<'a> {
    pack: &'a Pack,
    start: &'a Start<'a>,
    verdict: Option<ProfileId>,
    /// The values entered (the rest unknown), from which chaining starts
    /// again when a changed feature feeds a derivation.
    entered: Vec<Option<Value>>,
    candidates: Vec<Candidate>,
    /// `start.values` with the changes being tried; put back after each.
    scratch: Vec<Option<Value>>,
    /// The rules the chosen features can affect, each once.
    rules: Vec<RuleId>,
    /// `seen[rule] == round` when `rule` is in `rules` already.
    seen: Vec<u32>,
    round: u32,
    /// The lowest and highest score each profile could reach.
    low: Vec<i32>,
    high: Vec<i32>,
    new_scores: Vec<i32>,
    /// Per profile, the strongest fired rule in its favour and the points
    /// in its favour (the pack's rules for a clear verdict read them).
    support_now: Vec<Support>,
    /// Per profile, the most points in its favour the changes being tried
    /// could give it (for the pack's `conflict_needs`).
    positive_high: Vec<i32>,
    /// The rules whose truth the changes being tried turned.
    turned: Vec<RuleId>,
    spent: usize,
    budget: usize,
}

impl<'a> Search<'a> {
    fn new(pack: &'a Pack, start: &'a Start<'a>, budget: usize) -> Self {
        let support_now = support(pack, |r| start.rule_truth[r].is_true());
        let (_, verdict) = margin_and_verdict(pack, start.scores, &support_now);
        let entered: Vec<Option<Value>> = start
            .facts
            .iter()
            .map(|f| if f.origin == Origin::Entered { f.value } else { None })
            .collect();
        let candidates = candidates(pack, start.facts);
        Self {
            pack,
            start,
            verdict,
            entered,
            candidates,
            scratch: start.values.to_vec(),
            rules: Vec::new(),
            seen: vec![0; pack.rules.len()],
            round: 0,
            low: Vec::with_capacity(pack.profiles.len()),
            high: Vec::with_capacity(pack.profiles.len()),
            new_scores: Vec::with_capacity(pack.profiles.len()),
            positive_high: Vec::with_capacity(pack.profiles.len()),
            support_now,
            turned: Vec::new(),
            spent: 0,
            budget,
        }
    }

    /// Counts one unit of work; false when the budget is spent.
    fn spend(&mut self) -> bool {
        self.spent += 1;
        self.spent <= self.budget
    }

    /// Tries every set of `size` candidates from `from` on (added to
    /// `chosen`), in pack order. False if the budget ran out.
    fn sets(
        &mut self,
        size: usize,
        from: usize,
        chosen: &mut Vec<usize>,
        flips: &mut Flips,
    ) -> bool {
        if chosen.len() == size {
            if !self.spend() {
                return false;
            }
            if !self.may_flip(chosen) {
                return true;
            }
            let mut picks = vec![0; size];
            return self.answers(chosen, &mut picks, 0, flips);
        }
        let left = size - chosen.len();
        for next in from..=self.candidates.len().saturating_sub(left) {
            chosen.push(next);
            let finished = self.sets(size, next + 1, chosen, flips);
            chosen.pop();
            if !finished {
                return false;
            }
        }
        true
    }

    /// Tries every combination of answers of the chosen candidates, the
    /// first varying slowest. False if the budget ran out.
    fn answers(
        &mut self,
        chosen: &[usize],
        picks: &mut [usize],
        depth: usize,
        flips: &mut Flips,
    ) -> bool {
        if depth == chosen.len() {
            if !self.spend() {
                return false;
            }
            let (margin, verdict) = self.score(chosen, picks);
            if verdict != self.verdict {
                flips.found += 1;
                if flips.listed.len() < MAX_LISTED_FLIPS {
                    let changes = chosen
                        .iter()
                        .zip(picks.iter())
                        .map(|(c, a)| {
                            let candidate = &self.candidates[*c];
                            let (answer, to) = candidate.answers[*a].clone();
                            Change { feature: candidate.feature, from: candidate.from, to, answer }
                        })
                        .collect();
                    flips.listed.push(Flip { changes, verdict, margin });
                }
            }
            return true;
        }
        for answer in 0..self.candidates[chosen[depth]].answers.len() {
            picks[depth] = answer;
            if !self.answers(chosen, picks, depth + 1, flips) {
                return false;
            }
        }
        true
    }

    /// Gathers the rules the chosen candidates can affect into `rules`,
    /// and checks whether moving them could give another verdict at all.
    fn may_flip(&mut self, chosen: &[usize]) -> bool {
        let pack = self.pack;
        self.round += 1;
        self.rules.clear();
        self.low.clear();
        self.low.extend_from_slice(self.start.scores);
        self.high.clear();
        self.high.extend_from_slice(self.start.scores);
        self.positive_high.clear();
        self.positive_high.extend(self.support_now.iter().map(|s| s.positive));
        for c in chosen {
            for &rule in &pack.affected_rules[self.candidates[*c].feature] {
                if self.seen[rule] == self.round {
                    continue;
                }
                self.seen[rule] = self.round;
                self.rules.push(rule);
                // A fired rule can only stop firing, one that did not fire
                // can only start.
                let sign = if self.start.rule_truth[rule].is_true() { -1 } else { 1 };
                for (profile, weight) in &pack.rules[rule].effects {
                    let moved = sign * weight;
                    self.low[*profile] += moved.min(0);
                    self.high[*profile] += moved.max(0);
                    if sign > 0 {
                        self.positive_high[*profile] += (*weight).max(0);
                    }
                }
            }
        }
        // The pack's rule for a clear verdict also asks for a fired rule
        // of at least `clear_needs` in the leader's favour: one that the
        // changes cannot reach keeps it for sure; one that is fired, or
        // that the changes can make fire, may give it.
        let needs = pack.clear_needs;
        let (seen, round) = (&self.seen, self.round);
        let rule_truth = self.start.rule_truth;
        let backs = |profile: ProfileId, rule: RuleId| {
            pack.rules[rule].effects.iter().any(|(p, w)| *p == profile && *w >= needs)
        };
        let surely_supported = |profile: ProfileId| {
            needs <= 0
                || (0..pack.rules.len())
                    .any(|r| rule_truth[r].is_true() && seen[r] != round && backs(profile, r))
        };
        let maybe_supported = |profile: ProfileId| {
            needs <= 0
                || (0..pack.rules.len())
                    .any(|r| (rule_truth[r].is_true() || seen[r] == round) && backs(profile, r))
        };
        let best_other = |scores: &[i32], profile: ProfileId| {
            scores.iter().enumerate().filter(|(p, _)| *p != profile).map(|(_, s)| *s).max()
        };
        match self.verdict {
            // It stays when, at worst, its lead still reaches the margin
            // (and is a lead, not a tie), its support stays, and no
            // conflict can arise: that needs two profiles reaching
            // `conflict_needs` points in their favour and a lead no larger
            // than the points of one behind the leader.
            Some(leader) => {
                let needs = pack.conflict_needs;
                let high = &self.positive_high;
                let rival = (0..high.len())
                    .filter(|p| *p != leader && high[*p] >= needs)
                    .map(|p| high[p])
                    .max();
                let conflict_possible = needs > 0
                    && high.iter().filter(|p| **p >= needs).nth(1).is_some()
                    && rival
                        .zip(best_other(&self.high, leader))
                        .is_some_and(|(points, other)| self.low[leader] - other <= points);
                conflict_possible
                    || !surely_supported(leader)
                    || best_other(&self.high, leader)
                        .is_some_and(|other| self.low[leader] - other < pack.margin.max(1))
            }
            // None stays when, at best, no profile's lead reaches it with
            // the support it needs.
            None => (0..self.high.len()).any(|p| {
                maybe_supported(p)
                    && best_other(&self.low, p)
                        .is_some_and(|other| self.high[p] - other >= pack.margin)
            }),
        }
    }

    /// The margin and verdict with the chosen answers in place of the
    /// case's values.
    fn score(&mut self, chosen: &[usize], picks: &[usize]) -> (i32, Option<ProfileId>) {
        let pack = self.pack;
        let start = self.start;
        let feeds = chosen.iter().any(|c| self.candidates[*c].feeds);
        if feeds {
            self.scratch.copy_from_slice(&self.entered);
        }
        for (c, a) in chosen.iter().zip(picks) {
            let candidate = &self.candidates[*c];
            self.scratch[candidate.feature] = Some(candidate.answers[*a].1);
        }
        if feeds {
            settle(pack, &mut self.scratch, start.closed_world);
        }
        self.new_scores.clear();
        self.new_scores.extend_from_slice(start.scores);
        self.turned.clear();
        for &rule in &self.rules {
            let was = start.rule_truth[rule].is_true();
            let now = pack.rules[rule].when.eval(&self.scratch).is_true();
            if was != now {
                self.turned.push(rule);
                let sign = if now { 1 } else { -1 };
                for (profile, weight) in &pack.rules[rule].effects {
                    self.new_scores[*profile] += sign * weight;
                }
            }
        }
        if feeds {
            self.scratch.copy_from_slice(start.values);
        } else {
            for c in chosen {
                let feature = self.candidates[*c].feature;
                self.scratch[feature] = start.values[feature];
            }
        }
        if self.turned.is_empty() {
            return margin_and_verdict(pack, &self.new_scores, &self.support_now);
        }
        let turned = &self.turned;
        let new_support = support(pack, |r| start.rule_truth[r].is_true() != turned.contains(&r));
        margin_and_verdict(pack, &self.new_scores, &new_support)
    }
}

/// The values as `evaluate` settles them from the values entered: with
/// the closed world, unknown observed yes/no features read as absent
/// first; chaining to a fixed point; then any yes/no still unknown read
/// as absent.
fn settle(pack: &Pack, values: &mut [Option<Value>], closed_world: bool) {
    let close = |values: &mut [Option<Value>], observed_only: bool| {
        for (feature, value) in values.iter_mut().enumerate() {
            if value.is_none()
                && matches!(pack.features[feature].kind, FeatureKind::YesNo)
                && !(observed_only && pack.is_derived(feature))
            {
                *value = Some(Value::Flag(false));
            }
        }
    };
    if closed_world {
        close(values, true);
        chain(pack, values);
        close(values, false);
    }
    chain(pack, values);
}

/// The features the search may change, in pack order, with their answers.
fn candidates(pack: &Pack, facts: &[Fact]) -> Vec<Candidate> {
    // The tests of the pack's rules and derivations on each number, which
    // tell its stretches apart.
    let mut checks: Vec<Vec<&Check>> = vec![Vec::new(); pack.features.len()];
    for condition in
        pack.rules.iter().map(|r| &r.when).chain(pack.derivations.iter().map(|d| &d.when))
    {
        for (test, _) in condition.tests() {
            if matches!(test.check, Check::Range { .. }) {
                checks[test.feature].push(&test.check);
            }
        }
    }
    let mut out = Vec::new();
    for (feature, fact) in facts.iter().enumerate() {
        if pack.affected_rules[feature].is_empty() {
            continue;
        }
        let from = match fact.origin {
            Origin::Entered => fact.value,
            Origin::Derived(_) => continue,
            Origin::StatedUnknown | Origin::ClosedWorld | Origin::Unmentioned => None,
        };
        let mut answers: Vec<(Check, Value)> = match &pack.features[feature].kind {
            FeatureKind::YesNo => {
                [true, false].into_iter().map(|flag| (Check::Is(flag), Value::Flag(flag))).collect()
            }
            FeatureKind::Choice { choices } => (0..choices.len().min(64))
                .filter_map(|i| u8::try_from(i).ok())
                .map(|i| (Check::OneOf(1 << i), Value::Choice(i)))
                .collect(),
            FeatureKind::Number { min, max, .. } => {
                let tried: Vec<_> = number_points(*min, *max, &pack.thresholds[feature])
                    .into_iter()
                    .map(|p| {
                        let value = Value::Number(p.value());
                        let passes: Vec<bool> =
                            checks[feature].iter().map(|c| c.passes(value)).collect();
                        (p, passes)
                    })
                    .collect();
                merge_regions(&tried).into_iter().map(|(check, value, _)| (check, value)).collect()
            }
        };
        if let Some(now) = from {
            answers.retain(|(check, _)| !check.passes(now));
        }
        if answers.is_empty() {
            continue;
        }
        out.push(Candidate { feature, from, answers, feeds: pack.feeds_derivations[feature] });
    }
    out
}

#[cfg(test)]
mod tests;
