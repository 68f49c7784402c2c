//! The state of a guided interview (`ask`): which question is open, which
//! ones the person passed over, and whether it ends when the margin becomes
//! clear.

use std::collections::BTreeSet;

use crate::{
    engine::explanation::{Explanation, NextQuestion},
    pack::Pack,
    pack::feature::{FeatureId, FeatureKind},
    pack::value::format_number,
};

/// Words that steer the interview rather than answer the question.
pub(crate) const KEYWORDS: [&str; 4] = ["unknown", "skip", "why", "stop"];

/// An interview in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Interview {
    /// The feature asked about now.
    pub(crate) current: FeatureId,
    /// Features skipped or answered "unknown" during this interview; they
    /// are not asked again, although they stay unknown.
    pub(crate) passed: BTreeSet<FeatureId>,
    /// Questions asked so far, the current one included.
    pub(crate) asked: usize,
    /// `ask on`: go on asking after the margin becomes clear, since an
    /// answer still unknown may reverse it; ending there must be the
    /// person's decision, not the tool's.
    pub(crate) past_clear: bool,
}

impl Interview {
    pub(crate) fn new() -> Self {
        Self { current: 0, passed: BTreeSet::new(), asked: 0, past_clear: false }
    }

    /// The next question worth asking: the highest ranked of "what to ask
    /// next" that was not passed over.
    pub(crate) fn next_question(&self, explanation: &Explanation<'_>) -> Option<NextQuestion> {
        explanation.next_questions().iter().find(|q| !self.passed.contains(&q.feature)).cloned()
    }
}

impl Default for Interview {
    fn default() -> Self {
        Self::new()
    }
}

/// The answers a question takes, in words: "`yes` or `no`", "one of
/// `relapsing`, `progressive`", "a number from 0 to 120 (years)".
pub(crate) fn answers(pack: &Pack, feature: FeatureId) -> String {
    match &pack.features[feature].kind {
        FeatureKind::YesNo => "`yes` or `no`".to_owned(),
        FeatureKind::Choice { choices } => {
            let names: Vec<&str> = choices.iter().map(|c| c.name.as_str()).collect();
            format!("one of `{}`", names.join("`, `"))
        }
        FeatureKind::Number { min, max, unit } => {
            let unit = unit.as_deref().map(|u| format!(" ({u})")).unwrap_or_default();
            format!("a number from {} to {}{unit}", format_number(*min), format_number(*max))
        }
    }
}
