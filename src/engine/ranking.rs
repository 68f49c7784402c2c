//! Which fired rules mattered most: the engine's two orders of the fired
//! rules, kept here so that every output ranks them the same way.
//!
//! They answer two questions and differ on purpose. [`main_reasons`] ranks
//! by how much a rule weighed at all (the sum of its weights, for and
//! against), which is what the text, Markdown and table views show as the
//! main reasons. [`deciding`] ranks by how far a rule pushed the leader
//! ahead of the best other profile, leaving out the rules that held it
//! back, which is what a disagreement in a batch lists as the rules that
//! decided it.

use crate::{
    engine::explanation::Explanation,
    pack::rule::{Rule, RuleId},
};

/// The fired rules that weighed most: largest total weight first, pack
/// order on ties; at most `count`.
pub(crate) fn main_reasons<'p>(explanation: &Explanation<'p>, count: usize) -> Vec<&'p Rule> {
    let pack = explanation.pack;
    let mut fired: Vec<&Rule> = explanation.fired.iter().map(|r| &pack.rules[*r]).collect();
    fired.sort_by_key(|r| std::cmp::Reverse(r.effects.iter().map(|(_, w)| w.abs()).sum::<i32>()));
    fired.truncate(count);
    fired
}

/// The fired rules that put the leader ahead, those that pushed most first
/// (at most three): what decided a verdict. With no leader ahead, none.
pub(crate) fn deciding(e: &Explanation<'_>) -> Vec<RuleId> {
    let leader = e.leader();
    // Room for every fired rule at once: a filtered iterator gives no
    // size, and growing step by step was a third of the cost of this,
    // which a CSV row pays for every case (issue 17).
    let mut rules: Vec<(i32, RuleId)> = Vec::with_capacity(e.fired.len());
    rules.extend(
        e.fired
            .iter()
            .map(|r| {
                let rule = &e.pack.rules[*r];
                let others = rule.effects.iter().filter(|(p, _)| *p != leader).map(|(_, w)| *w);
                (rule.effect_on(leader) - others.max().unwrap_or(0).max(0), *r)
            })
            .filter(|(push, _)| *push > 0),
    );
    rules.sort_by_key(|(push, r)| (std::cmp::Reverse(*push), *r));
    rules.into_iter().take(3).map(|(_, r)| r).collect()
}
