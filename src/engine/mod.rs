//! The inference engine: forward chaining, scoring, and every section of
//! an explanation. It does no I/O and never prints: [`evaluate`] returns an
//! [`Explanation`], a value that renderers only read.
//!
//! The steps, one file each: `chain` (the closed world and forward
//! chaining to a fixed point), `score` (scores, ranking, margin, verdict),
//! then the sections a renderer asks for through [`Sections`]: `why_not`
//! (what the rules that did not fire still need), `contrast` (per feature,
//! what it moved), `next_question` (what to ask next) and `flip` (the
//! smallest change that flips the verdict); `ranking` orders
//! the fired rules by how much they weighed. `explanation` holds the value
//! and small queries on it, and calls into no other step.
//!
//! This layer reads a [`Pack`] and a [`Case`]; it must not read files, the
//! environment or the clock, format text, or import anything above it.

mod chain;
mod contrast;
pub(crate) mod explanation;
pub(crate) mod fact;
mod flip;
mod next_question;
pub(crate) mod ranking;
mod score;
pub(crate) mod why_not;

use crate::{
    cases::case::{Case, Entry},
    engine::{
        chain::{chain, close_world},
        explanation::{DerivationNote, Explanation, Flips, NotFired, NoteKind},
        fact::{Fact, Origin},
        score::{Support, standing},
    },
    pack::{Pack, claim::ClaimId, rule::RuleId, truth::Truth, value::Value},
};

/// How to evaluate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Options {
    /// Closed world (`--unknown-as-absent`): every unknown yes/no feature is
    /// read as absent. A teaching switch, never the default.
    pub(crate) closed_world: bool,
    /// The sections to work out beyond the verdict.
    pub(crate) sections: Sections,
}

/// The longer sections of an explanation, each worked out only when asked
/// for: a batch that needs verdicts does not pay for them (they cost ten
/// times the evaluation itself; see `docs/performance.md`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Sections {
    /// The rules that did not fire, with what each still needs.
    pub(crate) not_fired: bool,
    /// The contrast table: per known feature, what it moved.
    pub(crate) contrast: bool,
    /// The unknown features worth asking about, ranked.
    pub(crate) questions: bool,
    /// The smallest changes that flip the verdict: the dearest section (a
    /// bounded search; see `docs/performance.md`).
    pub(crate) flips: bool,
}

impl Sections {
    /// Only the verdict, scores, fired rules, notes, caveats and alerts.
    pub(crate) const NONE: Self =
        Self { not_fired: false, contrast: false, questions: false, flips: false };
    /// Everything a full explanation shows.
    pub(crate) const ALL: Self =
        Self { not_fired: true, contrast: true, questions: true, flips: true };
}

/// Evaluates a case against a pack, working out the sections
/// `options.sections` asks for.
pub(crate) fn evaluate<'p>(pack: &'p Pack, case: &Case, options: Options) -> Explanation<'p> {
    let mut explanation = Explanation::empty(pack);
    evaluate_into(pack, case, options, &mut explanation);
    explanation
}

/// [`evaluate`] into an explanation made before, whose vectors are cleared
/// and filled again rather than made anew: a batch evaluates case after
/// case into one, because making and freeing the dozen vectors of an
/// explanation for every case cost a twelfth of the case (issue 17). What
/// `out` held before does not matter.
///
/// Conditions read the facts in place, a dense table indexed by feature
/// id; rules are evaluated, scored and collected in one pass; and what is
/// the same for every case (which claims of a rule carry a caveat) comes
/// from the pack. A batch evaluates millions of cases, so nothing here is
/// built that the explanation does not keep.
pub(crate) fn evaluate_into<'p>(
    pack: &'p Pack,
    case: &Case,
    options: Options,
    out: &mut Explanation<'p>,
) {
    let Explanation {
        pack: out_pack,
        closed_world,
        facts,
        scores,
        ranking,
        verdict,
        margin,
        conflicting,
        rule_truth,
        fired,
        derivation_notes,
        alerts,
        caveats,
        sections,
        not_fired,
        contrast,
        questions,
        flips,
    } = out;
    *out_pack = pack;
    *closed_world = options.closed_world;
    facts.clear();
    facts.resize(pack.features.len(), Fact { value: None, origin: Origin::Unmentioned });
    for (feature, entry) in case.iter() {
        if let Some(fact) = facts.get_mut(feature) {
            *fact = match entry {
                Entry::Known(value) => Fact { value: Some(value), origin: Origin::Entered },
                Entry::Unknown => Fact { value: None, origin: Origin::StatedUnknown },
            };
        }
    }
    if options.closed_world {
        // Observed features first, so that derivations can still conclude
        // derived ones from them; whatever stays unknown after chaining is
        // then read as absent too.
        close_world(pack, facts, |f| !pack.is_derived(f));
        chain(pack, &mut facts[..]);
        close_world(pack, facts, |_| true);
    }
    chain(pack, &mut facts[..]);

    let profiles = pack.profiles.len();
    rule_truth.clear();
    fired.clear();
    scores.clear();
    scores.resize(profiles, 0);
    // Support is only read to judge; a pack has a handful of profiles, so
    // it lives on the stack (the heap only for an unusually large pack).
    let mut support_on_stack = [Support::default(); 8];
    let mut support_on_heap = Vec::new();
    let support: &mut [Support] = if profiles <= support_on_stack.len() {
        &mut support_on_stack[..profiles]
    } else {
        support_on_heap.resize(profiles, Support::default());
        &mut support_on_heap
    };
    // Extended from an iterator of known length, so that room is made
    // once rather than checked for each rule.
    rule_truth.extend(pack.rules.iter().enumerate().map(|(r, rule)| {
        let truth = rule.when.eval_in(&facts[..]);
        if truth.is_true() {
            fired.push(r);
            for (profile, weight) in &rule.effects {
                scores[*profile] += weight;
                support[*profile].add(*weight);
            }
        }
        truth
    }));
    (*margin, *verdict) = standing(pack, scores, support, ranking, conflicting);

    // A plain loop: as a filter over a closure, the closure was called
    // for each alert and its condition not inlined.
    alerts.clear();
    for (a, alert) in pack.alerts.iter().enumerate() {
        if alert.when.eval_in(&facts[..]).is_true() {
            alerts.push(a);
        }
    }
    notes(pack, facts, derivation_notes);
    gather_caveats(pack, fired, alerts, facts, caveats);

    let wanted = options.sections;
    *sections = wanted;
    // The bare values, for the sections that try other answers on a copy.
    let values: Vec<Option<Value>> = if wanted.not_fired || wanted.questions || wanted.flips {
        facts.iter().map(|f| f.value).collect()
    } else {
        Vec::new()
    };
    *not_fired =
        if wanted.not_fired { find_not_fired(pack, &values, rule_truth) } else { Vec::new() };
    *contrast = if wanted.contrast { contrast::rows(pack, facts, rule_truth) } else { Vec::new() };
    let leader = ranking.first().copied().unwrap_or(0);
    *questions = if wanted.questions {
        next_question::rank(pack, &values, rule_truth, scores, leader)
    } else {
        Vec::new()
    };
    *flips = if wanted.flips {
        let start = flip::Start {
            facts,
            values: &values,
            rule_truth,
            scores,
            closed_world: options.closed_world,
        };
        flip::search(pack, &start)
    } else {
        Flips::default()
    };
}

/// The claims with a caveat that the fired rules, the alerts raised and
/// the derivations used rest on: sorted, without repeats. Each rule's,
/// alert's and derivation's share is listed in the pack, so only those of
/// the few that carry any are gathered.
fn gather_caveats(
    pack: &Pack,
    fired: &[RuleId],
    alerts: &[usize],
    facts: &[Fact],
    out: &mut Vec<ClaimId>,
) {
    let of = &pack.caveats_of;
    out.clear();
    for r in fired {
        out.extend_from_slice(&of.rules[*r]);
    }
    for a in alerts {
        out.extend_from_slice(&of.alerts[*a]);
    }
    for fact in facts {
        if let Origin::Derived(d) = fact.origin {
            out.extend_from_slice(&of.derivations[d]);
        }
    }
    out.sort_unstable();
    out.dedup();
}

/// Rules that did not fire, with what stood in the way, in pack order.
fn find_not_fired<'p>(
    pack: &'p Pack,
    values: &[Option<Value>],
    rule_truth: &[Truth],
) -> Vec<NotFired<'p>> {
    rule_truth
        .iter()
        .enumerate()
        .filter(|(_, truth)| !truth.is_true())
        .filter_map(|(rule, truth)| {
            let need = why_not::needs(&pack.rules[rule].when, values)?;
            Some(NotFired { rule, truth: *truth, need })
        })
        .collect()
}

/// Derivations that held but whose conclusion is not the value in use.
/// Only a derivation whose feature would give a note is evaluated.
fn notes(pack: &Pack, facts: &[Fact], out: &mut Vec<DerivationNote>) {
    out.clear();
    for (id, d) in pack.derivations.iter().enumerate() {
        let fact = facts[d.feature];
        let kind = match (fact.origin, fact.value) {
            (Origin::Entered, Some(v)) if v == d.value => NoteKind::AgreesWithEntered,
            (Origin::Entered, Some(entered)) => NoteKind::OverriddenByEntered { entered },
            (Origin::Derived(earlier), Some(v)) if earlier != id && v != d.value => {
                NoteKind::OverriddenByEarlier { earlier }
            }
            _ => continue,
        };
        if d.when.eval_in(facts).is_true() {
            out.push(DerivationNote { derivation: id, kind });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{cases::assignment::parse_all, load::from_texts};

    /// A small pack: `a` and `b` give `c`; `c` gives `d`; `d` counts for X.
    fn pack(derived: &str) -> Pack {
        let files = [
            (
                "pack.yaml",
                "name: t\ntitle: T\nmargin: 2\nprofiles:\n  X: {name: x, summary: x}\n  Y: {name: y, summary: y}\n",
            ),
            (
                "claims.yaml",
                "claims:\n  - {id: K1, kind: discriminating, claim: k, caveat: careful}\n",
            ),
            (
                "features.yaml",
                "features:\n  a: {label: a, question: a?, type: yes_no}\n  b: {label: b, question: b?, type: yes_no}\n  c: {label: c, question: c?, type: yes_no}\n  d: {label: d, question: d?, type: yes_no}\n  n: {label: n, question: n?, type: number, min: 0, max: 100}\n",
            ),
            ("derived.yaml", derived),
            (
                "rules.yaml",
                "rules:\n  - {id: d-for-x, when: {d: yes}, favours: {X: strong}, reason: r, claims: [K1]}\n  - {id: n-for-y, when: {n: {at_least: 50}}, favours: {Y: moderate}, against: {X: weak}, reason: r, claims: [K1]}\n",
            ),
        ];
        let files: Vec<(String, String)> =
            files.iter().map(|(n, t)| ((*n).to_owned(), (*t).to_owned())).collect();
        let report = from_texts(files);
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        report.pack.unwrap()
    }

    const CHAIN: &str = "derived:\n  - {id: ab-gives-c, sets: {c: yes}, when: {a: yes, b: yes}, reason: r, claims: [K1]}\n  - {id: c-gives-d, sets: {d: yes}, when: {c: yes}, reason: r, claims: [K1]}\n  - {id: not-a-gives-no-c, sets: {c: no}, when: {a: no}, reason: r, claims: [K1]}\n";

    fn run(pack: &Pack, tokens: &[&str], closed_world: bool) -> Explanation<'static> {
        let pack: &'static Pack = Box::leak(Box::new(pack.clone()));
        let case = parse_all(pack, tokens).unwrap();
        evaluate(pack, &case, Options { closed_world, sections: Sections::ALL })
    }

    #[test]
    fn chaining_reaches_a_fixed_point_through_two_levels() {
        let e = run(&pack(CHAIN), &["a", "b"], false);
        assert_eq!(e.facts[3].value, Some(Value::Flag(true)));
        assert_eq!(e.facts[3].origin, Origin::Derived(1));
        assert_eq!(e.scores, vec![3, 0]);
        assert_eq!(e.verdict, Some(0));
        assert_eq!(e.caveats, vec![0]);
    }

    #[test]
    fn an_unknown_input_leaves_the_chain_and_the_rule_undecided() {
        let e = run(&pack(CHAIN), &["a"], false);
        assert_eq!(e.facts[2].value, None);
        assert_eq!(e.scores, vec![0, 0]);
        assert_eq!(e.verdict, None);
        let missed = e.why_not(0)[0];
        assert_eq!(missed.truth, Truth::Unknown);
    }

    #[test]
    fn an_entered_value_wins_over_a_derivation_and_is_noted() {
        let e = run(&pack(CHAIN), &["a", "b", "c=no"], false);
        assert_eq!(e.facts[2].value, Some(Value::Flag(false)));
        assert_eq!(e.facts[2].origin, Origin::Entered);
        assert_eq!(
            e.derivation_notes,
            vec![DerivationNote {
                derivation: 0,
                kind: NoteKind::OverriddenByEntered { entered: Value::Flag(false) }
            }]
        );
        assert_eq!(e.scores, vec![0, 0]);
    }

    #[test]
    fn closed_world_reads_unknowns_as_absent_but_still_chains() {
        let e = run(&pack(CHAIN), &[], true);
        // `a` is assumed absent, so `not-a-gives-no-c` concludes `c = no`
        // rather than the closed world assuming it.
        assert_eq!(e.facts[0].origin, Origin::ClosedWorld);
        assert_eq!(e.facts[2].origin, Origin::Derived(2));
        assert_eq!(e.facts[3].origin, Origin::ClosedWorld);
        // Numbers are never assumed.
        assert_eq!(e.facts[4].value, None);
    }

    #[test]
    fn next_questions_rank_by_swing_and_describe_number_ranges() {
        let e = run(&pack(CHAIN), &["a"], false);
        let questions = e.next_questions();
        let names: Vec<&str> =
            questions.iter().map(|q| e.pack.features[q.feature].name.as_str()).collect();
        // `b`, `c` and `d` each could fire d-for-x (+3); `n` swings by 3 too
        // (Y +2 and X -1); ties keep pack order.
        assert_eq!(names, vec!["b", "c", "d", "n"]);
        let n = questions.iter().find(|q| q.feature == 4).unwrap();
        let feature = &e.pack.features[4];
        let answers: Vec<String> = n.outcomes.iter().map(|o| o.answer_text(feature)).collect();
        assert_eq!(answers, vec!["below 50", "at least 50"]);
        assert_eq!(n.outcomes[1].lead_change, -3);
    }

    #[test]
    fn a_derivation_cycle_is_rejected_naming_every_member() {
        let cyclic = "derived:\n  - {id: c-gives-d, sets: {d: yes}, when: {c: yes}, reason: r, claims: [K1]}\n  - {id: d-gives-c, sets: {c: yes}, when: {d: yes}, reason: r, claims: [K1]}\n";
        let mut files = vec![("derived.yaml".to_owned(), cyclic.to_owned())];
        let base = [
            (
                "pack.yaml",
                "name: t\ntitle: T\nmargin: 2\nprofiles:\n  X: {name: x, summary: x}\n  Y: {name: y, summary: y}\n",
            ),
            ("claims.yaml", "claims:\n  - {id: K1, kind: discriminating, claim: k}\n"),
            (
                "features.yaml",
                "features:\n  c: {label: c, question: c?, type: yes_no}\n  d: {label: d, question: d?, type: yes_no}\n",
            ),
            (
                "rules.yaml",
                "rules:\n  - {id: d-for-x, when: {d: yes}, favours: {X: 1}, reason: r, claims: [K1]}\n",
            ),
        ];
        files.extend(base.iter().map(|(n, t)| ((*n).to_owned(), (*t).to_owned())));
        let report = from_texts(files);
        assert!(report.pack.is_none());
        let kinds: Vec<String> = report.problems.iter().map(|p| p.kind.to_string()).collect();
        assert_eq!(
            kinds,
            vec!["derivations form a cycle: `c-gives-d` sets `d`, `d-gives-c` sets `c`"]
        );
    }

    /// Chaining goes round again when a derivation concludes a feature an
    /// earlier one reads, and the earlier one then concludes in pack order.
    #[test]
    fn chaining_goes_round_again_for_a_derivation_earlier_in_pack_order() {
        let reversed = "derived:\n  - {id: c-gives-d, sets: {d: yes}, when: {c: yes}, reason: r, claims: [K1]}\n  - {id: ab-gives-c, sets: {c: yes}, when: {a: yes, b: yes}, reason: r, claims: [K1]}\n";
        let pack = pack(reversed);
        let e = run(&pack, &["a", "b"], false);
        assert_eq!(e.facts[2].origin, Origin::Derived(1));
        assert_eq!(e.facts[3].origin, Origin::Derived(0));
        assert_eq!(e.verdict, Some(0));
        let mut values = vec![Some(Value::Flag(true)), Some(Value::Flag(true)), None, None, None];
        chain(&pack, &mut values[..]);
        assert_eq!(values, e.values());
    }

    /// The pack lists, per rule, alert and derivation, its claims that
    /// carry a caveat; an explanation gathers those of what it used,
    /// sorted and without repeats.
    #[test]
    fn caveats_come_from_the_rules_alerts_and_derivations_used() {
        let files = [
            (
                "pack.yaml",
                "name: t\ntitle: T\nmargin: 1\nprofiles:\n  X: {name: x, summary: x}\n  Y: {name: y, summary: y}\n",
            ),
            (
                "claims.yaml",
                "claims:\n  - {id: K1, kind: discriminating, claim: k, caveat: one}\n  - {id: K2, kind: discriminating, claim: k}\n  - {id: K3, kind: discriminating, claim: k, caveat: three}\n  - {id: K4, kind: background, claim: k, caveat: four}\n",
            ),
            (
                "features.yaml",
                "features:\n  a: {label: a, question: a?, type: yes_no}\n  b: {label: b, question: b?, type: yes_no}\n  c: {label: c, question: c?, type: yes_no}\n",
            ),
            (
                "derived.yaml",
                "derived:\n  - {id: a-gives-c, sets: {c: yes}, when: {a: yes}, reason: r, claims: [K4, K2]}\n",
            ),
            (
                "rules.yaml",
                "rules:\n  - {id: a-for-x, when: {a: yes}, favours: {X: strong}, reason: r, claims: [K3, K2, K1]}\n  - {id: b-for-y, when: {b: yes}, favours: {Y: strong}, reason: r, claims: [K2]}\n",
            ),
            (
                "alerts.yaml",
                "alerts:\n  - {id: c-alert, when: {c: yes}, advice: see someone, claims: [K3]}\n",
            ),
        ];
        let files: Vec<(String, String)> =
            files.iter().map(|(n, t)| ((*n).to_owned(), (*t).to_owned())).collect();
        let report = from_texts(files);
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        let pack = report.pack.unwrap();
        assert_eq!(pack.caveats_of.rules, vec![vec![0, 2], vec![]]);
        assert_eq!(pack.caveats_of.alerts, vec![vec![2]]);
        assert_eq!(pack.caveats_of.derivations, vec![vec![3]]);
        let e = run(&pack, &["a", "b"], false);
        assert_eq!(e.alerts, vec![0]);
        assert_eq!(e.caveats, vec![0, 2, 3]);
        assert_eq!(e.caveats, pack.caveated([2, 1, 0, 1, 2, 3, 1]));
        assert!(run(&pack, &["b"], false).caveats.is_empty());
    }
}
