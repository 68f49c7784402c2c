//! The pack layer: the checked model of a rule pack (profiles, features,
//! claims, rules, derivations, alerts, conditions, weights, values, names)
//! and everything the engine needs of it, with names resolved to indices
//! and the indexes [`Pack::new`] adds (the rules each feature affects, the
//! numbers each feature is compared with).
//!
//! [`crate::load::validate`] builds a `Pack` from YAML; the built-in pack is
//! also stored checked (see [`crate::load::builtin`]). This layer is the
//! bottom of the tree: it must not import any other layer, read files or
//! know any disease; nothing medical is written here, all of it is data.

pub(crate) mod alert;
pub(crate) mod claim;
pub(crate) mod condition;
pub(crate) mod derivation;
pub(crate) mod feature;
pub(crate) mod hidden_char;
pub(crate) mod name;
pub(crate) mod name_table;
pub(crate) mod profile;
pub(crate) mod rule;
pub(crate) mod suggest;
pub(crate) mod truth;
pub(crate) mod value;
pub(crate) mod weight;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::{
    pack::alert::Alert,
    pack::claim::{Claim, ClaimId},
    pack::condition::{Check, Condition},
    pack::derivation::{Derivation, DerivationId},
    pack::feature::{Feature, FeatureId, FeatureKind},
    pack::name::{is_key, normalize, normalized, same_name},
    pack::name_table::NameTable,
    pack::profile::{Profile, ProfileId},
    pack::rule::{Rule, RuleId},
};

/// A rule pack that passed every check. Serialised, it is the stored
/// built-in pack; the indexes after `alerts` are derived from the rest by
/// `Pack::new` and not stored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Pack {
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) source: String,
    /// A lead smaller than this is "no clear difference".
    pub(crate) margin: i32,
    /// A clear verdict also needs a fired rule in the leader's favour of
    /// at least this weight (`clear_needs` in `pack.yaml`; 0: none), so
    /// that soft tendencies alone never make a clear difference.
    #[serde(default)]
    pub(crate) clear_needs: i32,
    /// Without a clear verdict, two or more profiles each with at least
    /// this many points in their favour from the fired rules mean the
    /// findings conflict (`conflict_needs` in `pack.yaml`; 0: never said).
    #[serde(default)]
    pub(crate) conflict_needs: i32,
    /// The number features a phenopacket's age at onset and the years
    /// since go to (`phenopacket:` in `pack.yaml`), when the pack says.
    #[serde(default)]
    pub(crate) phenopacket_onset_age: Option<FeatureId>,
    #[serde(default)]
    pub(crate) phenopacket_years_since_onset: Option<FeatureId>,
    pub(crate) profiles: Vec<Profile>,
    pub(crate) features: Vec<Feature>,
    pub(crate) claims: Vec<Claim>,
    pub(crate) derivations: Vec<Derivation>,
    pub(crate) rules: Vec<Rule>,
    pub(crate) alerts: Vec<Alert>,
    /// Normalised names and synonyms of features: every feature of every
    /// case in a batch is looked up here (see [`NameTable`] for why not a
    /// `HashMap`).
    #[serde(skip)]
    pub(crate) feature_index: NameTable<FeatureId>,
    /// Per feature, a bit for each choice whose name is its own key
    /// (normalising leaves it): such a name typed as it stands is that
    /// choice, without normalising (`cases::assignment::value_for`).
    #[serde(skip)]
    pub(crate) key_choices: Vec<u64>,
    /// For each feature, the rules whose outcome may change when it becomes
    /// known: those reading it, directly or through derivations.
    #[serde(skip)]
    pub(crate) affected_rules: Vec<Vec<RuleId>>,
    /// For each feature, whether some derivation concludes it.
    #[serde(skip)]
    pub(crate) derived: Vec<bool>,
    /// For each rule, the features its condition reads (pack order of
    /// first appearance).
    #[serde(skip)]
    pub(crate) rule_reads: Vec<Vec<FeatureId>>,
    /// For each derivation, the features its condition reads.
    #[serde(skip)]
    pub(crate) derivation_reads: Vec<Vec<FeatureId>>,
    /// For each feature, whether some derivation reads it (so learning it
    /// may need chaining again).
    #[serde(skip)]
    pub(crate) feeds_derivations: Vec<bool>,
    /// For each feature, the numbers its tests compare it with, sorted.
    #[serde(skip)]
    pub(crate) thresholds: Vec<Vec<f64>>,
    /// Every HPO term the pack names (`hpo`, `hpo_narrower`, a choice's
    /// `hpo`) and what it stands for; checking made each term unique.
    #[serde(skip)]
    pub(crate) term_index: HashMap<String, TermTarget>,
    /// For each rule, alert and derivation, the claims it rests on that
    /// carry a caveat (sorted): what it adds to an explanation's caveats
    /// when it is used, filtered here once rather than for every case.
    #[serde(skip)]
    pub(crate) caveats_of: CaveatsOf,
}

/// The claims with a caveat that each rule, alert and derivation rests on
/// (see [`Pack::caveats_of`]), indexed like the pack's lists.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct CaveatsOf {
    pub(crate) rules: Vec<Vec<ClaimId>>,
    pub(crate) alerts: Vec<Vec<ClaimId>>,
    pub(crate) derivations: Vec<Vec<ClaimId>>,
}

/// What an HPO term of the pack stands for: a feature, or one choice of a
/// `choice` feature, and whether the pack lists it as a narrower
/// (descendant) term of the feature (`hpo_narrower`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TermTarget {
    pub(crate) feature: FeatureId,
    /// The index of the choice in the feature's `choices`, for a term
    /// given under a choice; `None` for a term of the feature itself.
    pub(crate) choice: Option<usize>,
    /// Listed under `hpo_narrower`: a more specific term the pack counts
    /// as the feature.
    pub(crate) narrower: bool,
}

impl Pack {
    /// Completes a pack whose declared parts are filled in (and checked) by
    /// building the indexes the engine uses.
    pub(crate) fn new(mut pack: Self) -> Self {
        let count = pack.features.len();
        pack.feature_index =
            NameTable::new(pack.features.iter().enumerate().flat_map(|(id, f)| {
                std::iter::once(&f.name).chain(&f.synonyms).map(move |word| (normalize(word), id))
            }));
        pack.key_choices = pack
            .features
            .iter()
            .map(|f| match &f.kind {
                FeatureKind::Choice { choices } => (0..64)
                    .zip(choices)
                    .filter(|(_, c)| is_key(&c.name))
                    .fold(0, |bits, (i, _)| bits | 1_u64 << i),
                _ => 0,
            })
            .collect();
        pack.rule_reads = pack.rules.iter().map(|r| r.when.features()).collect();
        pack.derivation_reads = pack.derivations.iter().map(|d| d.when.features()).collect();
        pack.derived = vec![false; count];
        for d in &pack.derivations {
            pack.derived[d.feature] = true;
        }
        pack.feeds_derivations =
            (0..count).map(|f| pack.derivation_reads.iter().any(|r| r.contains(&f))).collect();
        // For each feature: the rules reading it or any feature concluded
        // from it through derivations (the derivation graph has no cycles).
        pack.affected_rules = (0..count)
            .map(|start| {
                let mut reach = vec![false; count];
                reach[start] = true;
                let mut changed = true;
                while changed {
                    changed = false;
                    for (d, reads) in pack.derivations.iter().zip(&pack.derivation_reads) {
                        if !reach[d.feature] && reads.iter().any(|f| reach[*f]) {
                            reach[d.feature] = true;
                            changed = true;
                        }
                    }
                }
                (0..pack.rules.len())
                    .filter(|r| pack.rule_reads[*r].iter().any(|f| reach[*f]))
                    .collect()
            })
            .collect();
        pack.term_index = HashMap::new();
        for (feature, f) in pack.features.iter().enumerate() {
            let own = f.hpo.iter().map(|t| (t, None, false));
            let narrower = f.hpo_narrower.iter().map(|t| (t, None, true));
            let choices = match &f.kind {
                FeatureKind::Choice { choices } => choices.as_slice(),
                _ => &[],
            };
            let of_choices = choices
                .iter()
                .enumerate()
                .flat_map(|(i, c)| c.hpo.iter().map(move |t| (t, Some(i), false)));
            for (term, choice, narrower) in own.chain(narrower).chain(of_choices) {
                pack.term_index.entry(term.clone()).or_insert(TermTarget {
                    feature,
                    choice,
                    narrower,
                });
            }
        }
        pack.thresholds = thresholds(
            count,
            pack.rules.iter().map(|r| &r.when).chain(pack.derivations.iter().map(|d| &d.when)),
        );
        let caveated = |claims: &[ClaimId]| pack.caveated(claims.iter().copied());
        pack.caveats_of = CaveatsOf {
            rules: pack.rules.iter().map(|r| caveated(&r.claims)).collect(),
            alerts: pack.alerts.iter().map(|a| caveated(&a.claims)).collect(),
            derivations: pack.derivations.iter().map(|d| caveated(&d.claims)).collect(),
        };
        pack
    }

    /// The feature a typed name or synonym refers to.
    #[inline]
    pub(crate) fn feature_by_name(&self, name: &str) -> Option<FeatureId> {
        // The keys are normalised already, so a name found as it stands
        // needs no normalising (and most names are typed that way).
        self.feature_index.get(name).or_else(|| self.feature_by_key(name))
    }

    /// [`Self::feature_by_name`] for a name not found as it stands: apart,
    /// so that the lookup of a name as it stands is inlined where it is
    /// called (a batch looks up every name of every case).
    #[cold]
    fn feature_by_key(&self, name: &str) -> Option<FeatureId> {
        self.feature_index.get(normalized(name).as_ref())
    }

    /// The profile with this id, compared ignoring case.
    pub(crate) fn profile_by_id(&self, id: &str) -> Option<ProfileId> {
        self.profiles.iter().position(|p| p.id.eq_ignore_ascii_case(id))
    }

    /// What the HPO term `id` (such as `HP:0002380`) stands for in this
    /// pack, if the pack names it: for reading phenotypic features of a
    /// phenopacket. A term the pack does not name, an ancestor of one
    /// included, gives `None`.
    pub(crate) fn feature_for_term(&self, id: &str) -> Option<TermTarget> {
        self.term_index.get(id).copied()
    }

    /// The profile whose disease ids (`ids:` in `pack.yaml`) include `id`
    /// (such as `ORPHA:803`), compared exactly.
    pub(crate) fn profile_for_id(&self, id: &str) -> Option<ProfileId> {
        self.profiles.iter().position(|p| p.ids.iter().any(|i| i == id))
    }

    /// The index of a choice of a `choice` feature, by name or synonym.
    pub(crate) fn choice_by_name(&self, feature: FeatureId, name: &str) -> Option<u8> {
        let FeatureKind::Choice { choices } = &self.features.get(feature)?.kind else {
            return None;
        };
        let key = normalized(name);
        let key = key.as_ref();
        // Canonical names are keys already; synonyms are compared key to
        // key without building one.
        let index = choices.iter().position(|c| c.name == key).or_else(|| {
            choices.iter().position(|c| {
                same_name(&c.name, key) || c.synonyms.iter().any(|s| same_name(s, key))
            })
        })?;
        u8::try_from(index).ok()
    }

    /// Whether some derivation concludes this feature.
    pub(crate) fn is_derived(&self, feature: FeatureId) -> bool {
        self.derived.get(feature).copied().unwrap_or(false)
    }

    /// Every name and synonym a person may type for a feature, for
    /// suggestions: `(text, feature)` in pack order.
    pub(crate) fn feature_words(&self) -> impl Iterator<Item = (&str, FeatureId)> {
        self.features.iter().enumerate().flat_map(|(id, f)| {
            std::iter::once((f.name.as_str(), id))
                .chain(f.synonyms.iter().map(move |s| (s.as_str(), id)))
        })
    }

    /// The features rule `rule` reads.
    pub(crate) fn rule_reads(&self, rule: RuleId) -> &[FeatureId] {
        self.rule_reads.get(rule).map_or(&[], Vec::as_slice)
    }

    /// The features derivation `derivation` reads.
    pub(crate) fn derivation_reads(&self, derivation: DerivationId) -> &[FeatureId] {
        self.derivation_reads.get(derivation).map_or(&[], Vec::as_slice)
    }

    /// A few features of this pack in the terse syntax, one of each type,
    /// for examples in help.
    pub(crate) fn example(&self) -> String {
        let words: Vec<String> = ["number", "choice", "yes_no"]
            .iter()
            .filter_map(|kind| self.features.iter().find(|f| f.kind.type_name() == *kind))
            .map(Feature::example)
            .collect();
        words.join(" ")
    }

    /// Claims with a caveat among `claims`, deduplicated, in pack order.
    pub(crate) fn caveated(&self, claims: impl IntoIterator<Item = ClaimId>) -> Vec<ClaimId> {
        let mut out: Vec<ClaimId> =
            claims.into_iter().filter(|c| self.claims[*c].caveat.is_some()).collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// For every feature, the numbers the pack's rules and derivations compare
/// it with, sorted and without repeats: one pass over all conditions.
pub(crate) fn thresholds<'a>(
    feature_count: usize,
    conditions: impl Iterator<Item = &'a Condition>,
) -> Vec<Vec<f64>> {
    let mut out = vec![Vec::new(); feature_count];
    for condition in conditions {
        for (test, _) in condition.tests() {
            if let Check::Range { lower, upper } = &test.check
                && let Some(slot) = out.get_mut(test.feature)
            {
                slot.extend(lower.iter().chain(upper.iter()).map(|b| b.value));
            }
        }
    }
    for numbers in &mut out {
        numbers.sort_by(f64::total_cmp);
        numbers.dedup();
    }
    out
}
