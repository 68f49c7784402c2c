//! Three-valued truth (Kleene's strong logic): a test on an unknown feature
//! is neither true nor false.

use serde::Serialize;

/// The value of a condition: decided true, decided false, or undecided
/// because a feature it reads is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Truth {
    True,
    False,
    Unknown,
}

impl Truth {
    pub(crate) fn from_bool(value: bool) -> Self {
        if value { Self::True } else { Self::False }
    }

    /// Kleene conjunction: false wins over unknown, unknown over true.
    #[must_use]
    pub(crate) fn and(self, other: Self) -> Self {
        match (self, other) {
            (Self::False, _) | (_, Self::False) => Self::False,
            (Self::True, Self::True) => Self::True,
            _ => Self::Unknown,
        }
    }

    /// Kleene disjunction: true wins over unknown, unknown over false.
    #[must_use]
    pub(crate) fn or(self, other: Self) -> Self {
        match (self, other) {
            (Self::True, _) | (_, Self::True) => Self::True,
            (Self::False, Self::False) => Self::False,
            _ => Self::Unknown,
        }
    }

    pub(crate) fn is_true(self) -> bool {
        self == Self::True
    }
}

impl std::ops::Not for Truth {
    type Output = Self;

    /// Kleene negation: unknown stays unknown.
    fn not(self) -> Self {
        match self {
            Self::True => Self::False,
            Self::False => Self::True,
            Self::Unknown => Self::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Truth::{self, False, True, Unknown};

    const ALL: [Truth; 3] = [True, False, Unknown];

    #[test]
    fn and_or_not_truth_tables() {
        let and = |a: Truth, b: Truth| a.and(b);
        assert_eq!(and(True, True), True);
        assert_eq!(and(True, Unknown), Unknown);
        assert_eq!(and(Unknown, False), False);
        assert_eq!(True.or(Unknown), True);
        assert_eq!(False.or(Unknown), Unknown);
        assert_eq!(False.or(False), False);
        assert_eq!(!Unknown, Unknown);
        assert_eq!(!True, False);
    }

    #[test]
    fn de_morgan_holds_for_every_pair() {
        for a in ALL {
            for b in ALL {
                assert_eq!(!a.and(b), (!a).or(!b));
                assert_eq!(!a.or(b), (!a).and(!b));
                assert_eq!(a.and(b), b.and(a));
            }
        }
    }

    /// Information order: unknown < true, unknown < false. Replacing an
    /// unknown argument by a decided one never changes a decided result.
    #[test]
    fn operators_are_monotone_in_information() {
        for a in ALL {
            for b in ALL {
                for refined in [True, False] {
                    let refine = |x: Truth| if x == Unknown { refined } else { x };
                    for (before, after) in
                        [(a.and(b), refine(a).and(b)), (a.or(b), refine(a).or(b)), (!a, !refine(a))]
                    {
                        if before != Unknown {
                            assert_eq!(before, after);
                        }
                    }
                }
            }
        }
    }
}
