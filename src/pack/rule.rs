//! A weighted rule: when its condition holds, it moves profile scores.

use serde::{Deserialize, Serialize};

use crate::{
    pack::claim::ClaimId, pack::condition::Condition, pack::profile::ProfileId, span::Span,
};

/// Index of a rule in [`crate::Pack::rules`].
pub(crate) type RuleId = usize;

/// One rule. `effects` lists each profile it moves, with a signed weight
/// (positive from `favours`, negative from `against`), in pack profile
/// order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Rule {
    pub(crate) id: String,
    pub(crate) when: Condition,
    pub(crate) effects: Vec<(ProfileId, i32)>,
    pub(crate) reason: String,
    pub(crate) note: Option<String>,
    pub(crate) claims: Vec<ClaimId>,
    /// Where it was declared; only checking needs it, so it is not stored.
    #[serde(skip)]
    pub(crate) span: Span,
}

impl Rule {
    /// The signed weight this rule gives `profile` when it fires (0 if none).
    pub(crate) fn effect_on(&self, profile: ProfileId) -> i32 {
        self.effects.iter().find(|(p, _)| *p == profile).map_or(0, |(_, w)| *w)
    }

    /// Whether the rule counts for `profile` when it fires.
    pub(crate) fn favours(&self, profile: ProfileId) -> bool {
        self.effect_on(profile) > 0
    }
}
