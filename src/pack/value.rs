//! The value of one feature in one case.

use serde::{Deserialize, Serialize};

use crate::pack::feature::{Feature, FeatureKind};

/// A known value. Whether it is "unknown" is expressed with `Option<Value>`
/// everywhere, so it cannot be confused with "absent" (`Flag(false)`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) enum Value {
    /// A `yes_no` feature: present (`true`) or absent (`false`).
    Flag(bool),
    /// A `choice` feature: the index of the choice in the feature's list.
    Choice(u8),
    /// A `number` feature, always finite and within the feature's range.
    Number(f64),
}

impl Value {
    /// The value as a person would type it: `yes`, `no`, a choice name, or a
    /// number without needless decimals.
    pub(crate) fn display(self, feature: &Feature) -> String {
        match (self, &feature.kind) {
            (Self::Flag(true), _) => "yes".to_owned(),
            (Self::Flag(false), _) => "no".to_owned(),
            (Self::Choice(index), FeatureKind::Choice { choices }) => {
                choices.get(usize::from(index)).map_or_else(|| "?".to_owned(), |c| c.name.clone())
            }
            (Self::Number(number), _) => format_number(number),
            (Self::Choice(_), _) => "?".to_owned(),
        }
    }

    /// The value for JSON output: a boolean, a string or a number.
    pub(crate) fn to_json(self, feature: &Feature) -> serde_json::Value {
        match self {
            Self::Flag(flag) => serde_json::Value::Bool(flag),
            Self::Choice(_) => serde_json::Value::String(self.display(feature)),
            // Whole numbers print as `62`, not `62.0`.
            #[allow(clippy::cast_possible_truncation)]
            Self::Number(number) if number.fract() == 0.0 && number.abs() < 9.0e15 => {
                serde_json::Value::from(number as i64)
            }
            Self::Number(number) => serde_json::Number::from_f64(number)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
        }
    }
}

/// Shortest faithful text of a number: `62`, `62.5`, `-3`; `-0` prints as `0`.
pub(crate) fn format_number(number: f64) -> String {
    if number == 0.0 { "0".to_owned() } else { format!("{number}") }
}

#[cfg(test)]
mod tests {
    use super::format_number;

    #[test]
    fn numbers_print_without_needless_decimals() {
        assert_eq!(format_number(62.0), "62");
        assert_eq!(format_number(62.5), "62.5");
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(-3.0), "-3");
    }
}
