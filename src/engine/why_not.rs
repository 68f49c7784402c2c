//! Why a rule did not fire: the parts of its condition that stood in the
//! way, and whether each failed because of what is known or because it is
//! not known.

use serde::Serialize;

use crate::{
    pack::condition::{Check, Condition, Test},
    pack::feature::{Feature, FeatureId},
    pack::truth::Truth,
    pack::value::Value,
};

/// One part of a condition that kept a rule from firing.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Blocker<'p> {
    pub(crate) test: &'p Test,
    /// `true` when the test had to hold, `false` when it had to fail (it sits
    /// under a `not`).
    pub(crate) wanted: bool,
    pub(crate) status: BlockerStatus,
}

/// Why the part failed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum BlockerStatus {
    /// The feature is unknown: learning it could still fire the rule.
    Unknown,
    /// The feature is known and its value goes the other way (for a yes/no
    /// feature: absent when presence was needed, or the reverse).
    Contradicted,
}

impl Blocker<'_> {
    pub(crate) fn feature(&self) -> FeatureId {
        self.test.feature
    }

    /// What the part needs of its feature, in words: `present`, `absent`,
    /// `at least 55 years`, `not relapsing`. Under a `not`, a yes/no test
    /// reads as its opposite ("absent", not "not present").
    pub(crate) fn needed(&self, feature: &Feature) -> String {
        match (&self.test.check, self.wanted) {
            (check, true) => check.describe(feature),
            (Check::Is(flag), false) => Check::Is(!flag).describe(feature),
            (check, false) => format!("not {}", check.describe(feature)),
        }
    }
}

/// What a condition that is not true still needs, as a tree: a part, all of
/// several needs, or one of several. Nested needs of the same kind are
/// merged (one of [a, one of [b, c]] is one of [a, b, c]), and a group of
/// one is just its member, so the tree is as shallow as the logic allows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Need<'p> {
    Part(Blocker<'p>),
    AllOf(Vec<Need<'p>>),
    OneOf(Vec<Need<'p>>),
}

impl<'p> Need<'p> {
    /// The parts in the order they appear in the condition.
    pub(crate) fn parts(&self) -> Vec<&Blocker<'p>> {
        let mut out = Vec::new();
        self.collect_parts(&mut out);
        out
    }

    fn collect_parts<'a>(&'a self, out: &mut Vec<&'a Blocker<'p>>) {
        match self {
            Self::Part(b) => out.push(b),
            Self::AllOf(needs) | Self::OneOf(needs) => {
                for need in needs {
                    need.collect_parts(out);
                }
            }
        }
    }
}

/// What a condition still needs to hold, or `None` when it holds. For an
/// `all`, the parts that are not true are all needed; for an `any`, one of
/// its parts (none holds) would do; under a `not`, the reverse of each.
pub(crate) fn needs<'p>(condition: &'p Condition, facts: &[Option<Value>]) -> Option<Need<'p>> {
    need(condition, true, facts)
}

fn need<'p>(condition: &'p Condition, want: bool, facts: &[Option<Value>]) -> Option<Need<'p>> {
    if condition.eval(facts) == Truth::from_bool(want) {
        return None;
    }
    match condition {
        Condition::Test(test) => {
            let status = if test.eval(facts) == Truth::Unknown {
                BlockerStatus::Unknown
            } else {
                BlockerStatus::Contradicted
            };
            Some(Need::Part(Blocker { test, wanted: want, status }))
        }
        Condition::Not(inner) => need(inner, !want, facts),
        Condition::All(parts) | Condition::Any(parts) => {
            // `any` wanted true, or `all` wanted false: one part would do.
            let alternatives = matches!(condition, Condition::Any(_)) == want;
            let mut members = Vec::new();
            for part in parts.iter().filter_map(|p| need(p, want, facts)) {
                match (part, alternatives) {
                    (Need::OneOf(inner), true) | (Need::AllOf(inner), false) => {
                        members.extend(inner);
                    }
                    (other, _) => members.push(other),
                }
            }
            match members.len() {
                0 => None,
                1 => members.pop(),
                _ if alternatives => Some(Need::OneOf(members)),
                _ => Some(Need::AllOf(members)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{pack::condition::Check, span::Span};

    fn leaf(feature: FeatureId, want: bool) -> Condition {
        Condition::Test(Test { feature, check: Check::Is(want), span: Span::default() })
    }

    /// The tree as text: `a` for a part on feature a (0 = a), `!` when it
    /// must fail, `?` when unknown.
    fn shape(need: &Need<'_>) -> String {
        match need {
            Need::Part(b) => format!(
                "{}{}{}",
                if b.wanted { "" } else { "!" },
                char::from(b'a' + u8::try_from(b.feature()).unwrap()),
                if b.status == BlockerStatus::Unknown { "?" } else { "" }
            ),
            Need::AllOf(n) => format!("all[{}]", n.iter().map(shape).collect::<Vec<_>>().join(" ")),
            Need::OneOf(n) => format!("one[{}]", n.iter().map(shape).collect::<Vec<_>>().join(" ")),
        }
    }

    fn needs_of(cond: &Condition, facts: &[Option<Value>]) -> String {
        needs(cond, facts).as_ref().map_or_else(|| "none".to_owned(), shape)
    }

    const T: Option<Value> = Some(Value::Flag(true));
    const F: Option<Value> = Some(Value::Flag(false));

    #[test]
    fn all_needs_only_the_parts_short_of_true() {
        let cond = Condition::All(vec![leaf(0, true), leaf(1, true), leaf(2, true)]);
        assert_eq!(needs_of(&cond, &[T, F, None]), "all[b c?]");
    }

    #[test]
    fn not_flips_what_is_needed() {
        let cond = Condition::Not(Box::new(leaf(0, true)));
        assert_eq!(needs_of(&cond, &[T]), "!a");
    }

    #[test]
    fn a_true_condition_needs_nothing() {
        let cond = Condition::Any(vec![leaf(0, true), leaf(1, true)]);
        assert_eq!(needs_of(&cond, &[None, T]), "none");
    }

    #[test]
    fn nested_alternatives_merge_and_joint_ones_stay_together() {
        // any(c, all(a, any(b, all(d, e))), any(f, not e)) with b absent and
        // e present: exactly the shape of the logic, nothing flattened wrongly.
        let cond = Condition::Any(vec![
            leaf(2, true),
            Condition::All(vec![
                leaf(0, true),
                Condition::Any(vec![
                    leaf(1, true),
                    Condition::All(vec![leaf(3, true), leaf(4, true)]),
                ]),
            ]),
            Condition::Any(vec![leaf(5, true), Condition::Not(Box::new(leaf(4, true)))]),
        ]);
        let facts = [None, F, None, None, T, None];
        assert_eq!(needs_of(&cond, &facts), "one[c? all[a? one[b d?]] f? !e]");
    }
}
