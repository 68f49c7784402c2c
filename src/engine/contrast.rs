//! The contrast table: for each known feature of the case, which profiles
//! it moved and by how much, side by side.

use crate::{
    engine::explanation::ContrastRow,
    engine::fact::{Fact, Origin},
    pack::Pack,
    pack::truth::Truth,
};

/// One row per known feature, in pack order. A fired rule counts in the
/// row of every feature it reads; `shared` marks rows where such a rule
/// also reads another feature, so that rows are not mistaken for a split
/// of the score.
pub(crate) fn rows(pack: &Pack, facts: &[Fact], rule_truth: &[Truth]) -> Vec<ContrastRow> {
    let mut rows = Vec::new();
    for (feature, fact) in facts.iter().enumerate() {
        if !fact.is_known() {
            continue;
        }
        let mut effects = vec![0; pack.profiles.len()];
        let mut rules = Vec::new();
        let mut shared = false;
        for (id, rule) in pack.rules.iter().enumerate() {
            if !rule_truth[id].is_true() {
                continue;
            }
            let reads = pack.rule_reads(id);
            if !reads.contains(&feature) {
                continue;
            }
            shared |= reads.len() > 1;
            for (profile, weight) in &rule.effects {
                effects[*profile] += weight;
            }
            rules.push(id);
        }
        let feeds = facts
            .iter()
            .enumerate()
            .filter_map(|(derived, f)| match f.origin {
                Origin::Derived(d) if pack.derivation_reads(d).contains(&feature) => Some(derived),
                _ => None,
            })
            .collect();
        rows.push(ContrastRow { feature, effects, rules, shared, feeds });
    }
    rows
}
