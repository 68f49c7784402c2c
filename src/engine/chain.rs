//! The closed world and forward chaining: from the values entered to every
//! value the pack's derivations conclude.

use crate::{
    engine::fact::{Fact, Origin},
    pack::{Pack, derivation::DerivationId, feature::FeatureKind, value::Value},
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

/// Forward chaining to a fixed point on the facts, recording which
/// derivation concluded each new one.
pub(super) fn chain(pack: &Pack, facts: &mut [Fact]) {
    let mut values: Vec<Option<Value>> = facts.iter().map(|f| f.value).collect();
    chain_values(pack, &mut values, |feature, derivation, value| {
        facts[feature] = Fact { value: Some(value), origin: Origin::Derived(derivation) };
    });
}

/// Forward chaining to a fixed point: apply every derivation whose
/// condition holds to a feature still unknown, until nothing changes, and
/// report each conclusion to `concluded`. Values are only ever added, and
/// conditions are monotone in three-valued logic, so this ends after at
/// most one round per derivation. The one chaining loop: evaluation and
/// the answers tried by "what to ask next" both use it.
pub(super) fn chain_values(
    pack: &Pack,
    values: &mut [Option<Value>],
    mut concluded: impl FnMut(usize, DerivationId, Value),
) {
    loop {
        let mut changed = false;
        for (id, d) in pack.derivations.iter().enumerate() {
            if values[d.feature].is_none() && d.when.eval(values).is_true() {
                values[d.feature] = Some(d.value);
                concluded(d.feature, id, d.value);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}
