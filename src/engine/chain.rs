//! The closed world and forward chaining: from the values entered to every
//! value the pack's derivations conclude.

use crate::{
    engine::fact::{Fact, Origin},
    pack::{
        Pack, condition::Values, derivation::DerivationId, feature::FeatureId,
        feature::FeatureKind, value::Value,
    },
};

/// Reads every unknown yes/no feature for which `applies` holds as absent
/// (`--unknown-as-absent`). Numbers and choices are never assumed.
pub(super) fn close_world(pack: &Pack, facts: &mut [Fact], applies: impl Fn(usize) -> bool) {
    for (id, fact) in facts.iter_mut().enumerate() {
        if fact.value.is_none()
            && matches!(pack.features[id].kind, FeatureKind::YesNo)
            && applies(id)
        {
            *fact = Fact { value: Some(Value::Flag(false)), origin: Origin::ClosedWorld };
        }
    }
}

/// What chaining reads and adds to: the facts of an evaluation, which
/// also record the derivation that concluded each value, or bare values
/// (the answers tried by "what to ask next" and the flip search).
pub(super) trait Chained: Values {
    /// Records that `derivation` concluded `value` for `feature`.
    fn conclude(&mut self, feature: FeatureId, derivation: DerivationId, value: Value);
}

impl Chained for [Fact] {
    fn conclude(&mut self, feature: FeatureId, derivation: DerivationId, value: Value) {
        self[feature] = Fact { value: Some(value), origin: Origin::Derived(derivation) };
    }
}

impl Chained for [Option<Value>] {
    fn conclude(&mut self, feature: FeatureId, _: DerivationId, value: Value) {
        self[feature] = Some(value);
    }
}

/// Forward chaining to a fixed point: apply every derivation whose
/// condition holds to a feature still unknown, in pack order, round after
/// round until nothing changes. Values are only ever added, and conditions
/// are monotone in three-valued logic, so this ends after at most one
/// round per derivation. Another round can only change something when
/// this one concluded a feature some derivation reads (otherwise every
/// condition reads what it read before), so it is skipped when none did:
/// usually the first round is the last. The one chaining loop: evaluation
/// and the answers tried by "what to ask next" and the flip search all
/// use it.
pub(super) fn chain<T: Chained + ?Sized>(pack: &Pack, table: &mut T) {
    loop {
        let mut again = false;
        for (id, d) in pack.derivations.iter().enumerate() {
            if table.value(d.feature).is_none() && d.when.eval_in(table).is_true() {
                table.conclude(d.feature, id, d.value);
                again |= pack.feeds_derivations[d.feature];
            }
        }
        if !again {
            break;
        }
    }
}
