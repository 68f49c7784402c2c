//! Why a rule did not fire: the parts of its condition that stood in the
//! way, and whether each failed because of what is known or because it is
//! not known.

use serde::Serialize;

use crate::{
    condition::{Condition, Test},
    feature::FeatureId,
    truth::Truth,
    value::Value,
};

/// One part of a condition that kept a rule from firing.
#[derive(Debug, Clone, PartialEq)]
pub struct Blocker<'p> {
    pub test: &'p Test,
    /// `true` when the test had to hold, `false` when it had to fail (it sits
    /// under a `not`).
    pub wanted: bool,
    pub status: BlockerStatus,
    /// Blockers sharing a number are alternatives: any one of them holding
    /// would do (they come from one `any`, or from one `all` under a
    /// `not`; alternatives nested in alternatives share the outer number).
    /// `None` means this part is needed in any case.
    pub one_of: Option<usize>,
    /// Among alternatives, blockers sharing this number are one alternative
    /// together: all of them are needed (an `all` inside an `any`). Deeper
    /// nesting is flattened into these two levels.
    pub together: Option<usize>,
}

/// Why the part failed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockerStatus {
    /// The feature is unknown: learning it could still fire the rule.
    Unknown,
    /// The feature is known and its value goes the other way (for a yes/no
    /// feature: absent when presence was needed, or the reverse).
    Contradicted,
}

impl Blocker<'_> {
    pub fn feature(&self) -> FeatureId {
        self.test.feature
    }
}

/// The blockers of a condition that is not true. For an `all`, the parts
/// that are not true; for an `any`, every part (none held); under a `not`,
/// the parts that held.
pub fn blockers<'p>(condition: &'p Condition, facts: &[Option<Value>]) -> Vec<Blocker<'p>> {
    let mut out = Vec::new();
    let mut groups = 0;
    collect(condition, true, facts, Grouping::default(), &mut groups, &mut out);
    out
}

/// Where a part sits: among which alternatives, and in which joint one.
#[derive(Clone, Copy, Default)]
struct Grouping {
    one_of: Option<usize>,
    together: Option<usize>,
}

fn collect<'p>(
    condition: &'p Condition,
    want: bool,
    facts: &[Option<Value>],
    at: Grouping,
    groups: &mut usize,
    out: &mut Vec<Blocker<'p>>,
) {
    let wanted_truth = Truth::from_bool(want);
    if condition.eval(facts) == wanted_truth {
        return;
    }
    match condition {
        Condition::Test(test) => {
            let status = if test.eval(facts) == Truth::Unknown {
                BlockerStatus::Unknown
            } else {
                BlockerStatus::Contradicted
            };
            out.push(Blocker {
                test,
                wanted: want,
                status,
                one_of: at.one_of,
                together: at.together,
            });
        }
        Condition::Not(inner) => collect(inner, !want, facts, at, groups, out),
        // To make `all` true every part must be true; to make `any` false
        // every part must be false: each part short of that is a blocker.
        // To make `any` true (or `all` false) one part would do: all of
        // them are listed, since any one could change the outcome. Either
        // way each part is asked for the same truth as the whole.
        Condition::All(parts) | Condition::Any(parts) => {
            let alternatives = matches!(condition, Condition::Any(_)) == want;
            let mut inner = at;
            if parts.len() > 1 {
                if alternatives && at.one_of.is_none() {
                    *groups += 1;
                    inner.one_of = Some(*groups);
                } else if !alternatives && at.one_of.is_some() && at.together.is_none() {
                    *groups += 1;
                    inner.together = Some(*groups);
                }
            }
            for part in parts {
                collect(part, want, facts, inner, groups, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{condition::Check, span::Span};

    fn leaf(feature: FeatureId, want: bool) -> Condition {
        Condition::Test(Test { feature, check: Check::Is(want), span: Span::default() })
    }

    #[test]
    fn all_lists_only_the_parts_short_of_true() {
        let cond = Condition::All(vec![leaf(0, true), leaf(1, true), leaf(2, true)]);
        let facts = [Some(Value::Flag(true)), Some(Value::Flag(false)), None];
        let found: Vec<(FeatureId, BlockerStatus)> =
            blockers(&cond, &facts).iter().map(|b| (b.feature(), b.status)).collect();
        assert_eq!(found, vec![(1, BlockerStatus::Contradicted), (2, BlockerStatus::Unknown)]);
    }

    #[test]
    fn not_flips_what_is_wanted() {
        let cond = Condition::Not(Box::new(leaf(0, true)));
        let facts = [Some(Value::Flag(true))];
        let found = blockers(&cond, &facts);
        assert_eq!(found.len(), 1);
        assert!(!found[0].wanted);
        assert_eq!(found[0].status, BlockerStatus::Contradicted);
    }

    #[test]
    fn parts_of_an_any_are_marked_as_alternatives() {
        let cond =
            Condition::All(vec![leaf(0, true), Condition::Any(vec![leaf(1, true), leaf(2, true)])]);
        let facts = [None, Some(Value::Flag(false)), None];
        let groups: Vec<Option<usize>> = blockers(&cond, &facts).iter().map(|b| b.one_of).collect();
        assert_eq!(groups, vec![None, Some(1), Some(1)]);
    }

    #[test]
    fn nested_alternatives_are_flattened_and_joint_ones_kept_together() {
        // any(any(0, 1), all(2, 3)): four blockers, one set of alternatives,
        // of which 2 and 3 are needed together.
        let cond = Condition::Any(vec![
            Condition::Any(vec![leaf(0, true), leaf(1, true)]),
            Condition::All(vec![leaf(2, true), leaf(3, true)]),
        ]);
        let found: Vec<(Option<usize>, Option<usize>)> = blockers(&cond, &[None, None, None, None])
            .iter()
            .map(|b| (b.one_of, b.together))
            .collect();
        assert_eq!(
            found,
            vec![(Some(1), None), (Some(1), None), (Some(1), Some(2)), (Some(1), Some(2))]
        );
    }

    #[test]
    fn a_true_condition_has_no_blockers() {
        let cond = Condition::Any(vec![leaf(0, true), leaf(1, true)]);
        assert!(blockers(&cond, &[None, Some(Value::Flag(true))]).is_empty());
    }
}
