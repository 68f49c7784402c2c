//! Conditions over features, evaluated in three-valued logic.

use serde::{Deserialize, Serialize};

use crate::{
    pack::feature::{Feature, FeatureId},
    pack::truth::Truth,
    pack::value::{Value, format_number},
    span::Span,
};

/// A checked condition: feature names are resolved to ids and every test
/// fits its feature's type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Test(Test),
}

/// A test on one feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Test {
    pub(crate) feature: FeatureId,
    pub(crate) check: Check,
    /// Where it was declared; only checking needs it, so it is not stored.
    #[serde(skip)]
    pub(crate) span: Span,
}

/// What a test asks of its feature's value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) enum Check {
    /// A `yes_no` feature is present (`true`) or absent (`false`).
    Is(bool),
    /// A `choice` feature has one of the choices in this bit set.
    OneOf(u64),
    /// A `number` feature lies within the bounds (each inclusive or not).
    Range { lower: Option<Bound>, upper: Option<Bound> },
}

/// One end of a numeric range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) struct Bound {
    pub(crate) value: f64,
    pub(crate) inclusive: bool,
}

impl Check {
    /// Whether a known value passes. A value of the wrong type never passes;
    /// validation makes that impossible for a loaded pack.
    #[inline]
    pub(crate) fn passes(&self, value: Value) -> bool {
        match (self, value) {
            (Self::Is(want), Value::Flag(have)) => *want == have,
            (Self::OneOf(set), Value::Choice(index)) => index < 64 && set & (1_u64 << index) != 0,
            (Self::Range { lower, upper }, Value::Number(number)) => {
                lower.is_none_or(|b| if b.inclusive { number >= b.value } else { number > b.value })
                    && upper.is_none_or(|b| {
                        if b.inclusive { number <= b.value } else { number < b.value }
                    })
            }
            _ => false,
        }
    }

    /// The test in words: `present`, `absent`, `relapsing or progressive`,
    /// `at least 50 years`.
    pub(crate) fn describe(&self, feature: &Feature) -> String {
        match self {
            Self::Is(true) => "present".to_owned(),
            Self::Is(false) => "absent".to_owned(),
            Self::OneOf(set) => {
                let names: Vec<String> = (0..64_u8)
                    .filter(|i| set & (1_u64 << i) != 0)
                    .map(|i| Value::Choice(i).display(feature))
                    .collect();
                names.join(" or ")
            }
            Self::Range { lower, upper } => {
                let unit = match &feature.kind {
                    crate::pack::feature::FeatureKind::Number { unit: Some(unit), .. } => {
                        format!(" {unit}")
                    }
                    _ => String::new(),
                };
                let low = lower.map(|b| {
                    let word = if b.inclusive { "at least" } else { "above" };
                    format!("{word} {}", format_number(b.value))
                });
                let high = upper.map(|b| {
                    let word = if b.inclusive { "at most" } else { "below" };
                    format!("{word} {}", format_number(b.value))
                });
                match (low, high) {
                    (Some(_), Some(_))
                        if lower.is_some_and(|l| l.inclusive)
                            && upper.is_some_and(|u| u.inclusive)
                            && lower.map(|b| b.value) == upper.map(|b| b.value) =>
                    {
                        format!("exactly {}{unit}", format_number(lower.map_or(0.0, |b| b.value)))
                    }
                    (Some(low), Some(high)) => format!("{low} and {high}{unit}"),
                    (Some(one), None) | (None, Some(one)) => format!("{one}{unit}"),
                    (None, None) => "any value".to_owned(),
                }
            }
        }
    }
}

/// A case's values as conditions read them: a dense table indexed by
/// feature id, where `None` is unknown. The engine reads its facts through
/// this directly, without first copying the values out of them.
pub(crate) trait Values {
    /// The value of `feature`, `None` when it is unknown (or out of range).
    fn value(&self, feature: FeatureId) -> Option<Value>;
}

impl Values for [Option<Value>] {
    #[inline]
    fn value(&self, feature: FeatureId) -> Option<Value> {
        self.get(feature).copied().flatten()
    }
}

impl Condition {
    /// Evaluates against the current facts (`None` = unknown).
    #[inline]
    pub(crate) fn eval(&self, facts: &[Option<Value>]) -> Truth {
        self.eval_in(facts)
    }

    /// [`Self::eval`] over any table of values. Most conditions are a
    /// single test, which is read here inline; only the others walk the
    /// tree (every case of a batch evaluates every rule and alert).
    ///
    /// Always inlined: whether the compiler inlined it otherwise changed
    /// with unrelated edits (it is generic, and the crate is built in four
    /// units), and a batch ran 7% slower when it did not
    /// (callgrind, issue 17).
    #[allow(clippy::inline_always)]
    #[inline(always)]
    pub(crate) fn eval_in<V: Values + ?Sized>(&self, values: &V) -> Truth {
        match self {
            Self::Test(test) => test.eval_in(values),
            other => other.eval_tree(values),
        }
    }

    fn eval_tree<V: Values + ?Sized>(&self, values: &V) -> Truth {
        match self {
            Self::All(parts) => {
                let mut truth = Truth::True;
                for part in parts {
                    truth = truth.and(part.eval_in(values));
                    if truth == Truth::False {
                        break;
                    }
                }
                truth
            }
            Self::Any(parts) => {
                let mut truth = Truth::False;
                for part in parts {
                    truth = truth.or(part.eval_in(values));
                    if truth == Truth::True {
                        break;
                    }
                }
                truth
            }
            Self::Not(inner) => !inner.eval_in(values),
            Self::Test(test) => test.eval_in(values),
        }
    }

    /// Every feature the condition reads, in order of first appearance.
    pub(crate) fn features(&self) -> Vec<FeatureId> {
        let mut out = Vec::new();
        self.collect_features(&mut out);
        out
    }

    fn collect_features(&self, out: &mut Vec<FeatureId>) {
        match self {
            Self::All(parts) | Self::Any(parts) => {
                for part in parts {
                    part.collect_features(out);
                }
            }
            Self::Not(inner) => inner.collect_features(out),
            Self::Test(test) => {
                if !out.contains(&test.feature) {
                    out.push(test.feature);
                }
            }
        }
    }

    /// Every leaf test with the polarity it must have for the whole
    /// condition to hold (`false` under an odd number of `not`s).
    pub(crate) fn tests(&self) -> Vec<(&Test, bool)> {
        let mut out = Vec::new();
        self.collect_tests(true, &mut out);
        out
    }

    fn collect_tests<'a>(&'a self, polarity: bool, out: &mut Vec<(&'a Test, bool)>) {
        match self {
            Self::All(parts) | Self::Any(parts) => {
                for part in parts {
                    part.collect_tests(polarity, out);
                }
            }
            Self::Not(inner) => inner.collect_tests(!polarity, out),
            Self::Test(test) => out.push((test, polarity)),
        }
    }
}

impl Test {
    #[inline]
    pub(crate) fn eval(&self, facts: &[Option<Value>]) -> Truth {
        self.eval_in(facts)
    }

    #[allow(clippy::inline_always)]
    #[inline(always)]
    pub(crate) fn eval_in<V: Values + ?Sized>(&self, values: &V) -> Truth {
        match values.value(self.feature) {
            Some(value) => Truth::from_bool(self.check.passes(value)),
            None => Truth::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test(feature: FeatureId, check: Check) -> Condition {
        Condition::Test(Test { feature, check, span: Span::default() })
    }

    #[test]
    fn an_unknown_feature_makes_a_test_unknown_not_false() {
        let cond = test(0, Check::Is(false));
        assert_eq!(cond.eval(&[None]), Truth::Unknown);
        assert_eq!(cond.eval(&[Some(Value::Flag(false))]), Truth::True);
        assert_eq!(cond.eval(&[Some(Value::Flag(true))]), Truth::False);
    }

    #[test]
    fn all_is_decided_false_by_one_false_part_even_with_unknowns() {
        let cond = Condition::All(vec![test(0, Check::Is(true)), test(1, Check::Is(true))]);
        assert_eq!(cond.eval(&[None, Some(Value::Flag(false))]), Truth::False);
        assert_eq!(cond.eval(&[None, Some(Value::Flag(true))]), Truth::Unknown);
        let any = Condition::Any(vec![test(0, Check::Is(true)), test(1, Check::Is(true))]);
        assert_eq!(any.eval(&[None, Some(Value::Flag(true))]), Truth::True);
        assert_eq!(any.eval(&[None, Some(Value::Flag(false))]), Truth::Unknown);
        let not = Condition::Not(Box::new(any));
        assert_eq!(not.eval(&[Some(Value::Flag(false)), Some(Value::Flag(false))]), Truth::True);
    }

    #[test]
    fn ranges_respect_inclusivity() {
        let check = Check::Range {
            lower: Some(Bound { value: 20.0, inclusive: true }),
            upper: Some(Bound { value: 40.0, inclusive: false }),
        };
        assert!(check.passes(Value::Number(20.0)));
        assert!(check.passes(Value::Number(39.9)));
        assert!(!check.passes(Value::Number(40.0)));
        assert!(!check.passes(Value::Flag(true)));
    }

    #[test]
    fn choice_sets_match_their_members() {
        let check = Check::OneOf(0b101);
        assert!(check.passes(Value::Choice(0)));
        assert!(!check.passes(Value::Choice(1)));
        assert!(check.passes(Value::Choice(2)));
        assert!(!check.passes(Value::Choice(200)));
    }

    /// `all` and `any` agree with folding Kleene's `and` and `or` over
    /// their parts, for every mix of true, false and unknown parts
    /// (including none).
    #[test]
    fn all_and_any_fold_kleene_logic_over_every_mix_of_parts() {
        // A part per feature: 0 true, 1 false, 2 unknown.
        let values = [Some(Value::Flag(true)), Some(Value::Flag(false)), None];
        let truth = [Truth::True, Truth::False, Truth::Unknown];
        for count in 0..=3_u32 {
            for mix in 0..3_usize.pow(count) {
                let picks: Vec<usize> = (0..count).map(|i| mix / 3_usize.pow(i) % 3).collect();
                let parts = || picks.iter().map(|f| test(*f, Check::Is(true))).collect();
                let and = picks.iter().fold(Truth::True, |t, f| t.and(truth[*f]));
                let or = picks.iter().fold(Truth::False, |t, f| t.or(truth[*f]));
                assert_eq!(Condition::All(parts()).eval(&values), and, "all of {picks:?}");
                assert_eq!(Condition::Any(parts()).eval(&values), or, "any of {picks:?}");
            }
        }
    }
}
