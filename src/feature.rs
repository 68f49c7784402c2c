//! A clinical feature a case can state.

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// Index of a feature in [`crate::Pack::features`]. Pack order is the order
/// of every listing, which keeps output deterministic.
pub type FeatureId = usize;

/// One feature: its canonical name, how to ask about it, and its type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feature {
    pub name: String,
    pub label: String,
    pub question: String,
    pub synonyms: Vec<String>,
    pub kind: FeatureKind,
    /// Where it was declared; only checking needs it, so it is not stored.
    #[serde(skip)]
    pub span: Span,
}

/// The three types of feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FeatureKind {
    /// Present or absent.
    YesNo,
    /// One of a fixed set of choices.
    Choice { choices: Vec<Choice> },
    /// A number within `min..=max`.
    Number { unit: Option<String>, min: f64, max: f64 },
}

/// One value of a `choice` feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub name: String,
    pub label: Option<String>,
    pub synonyms: Vec<String>,
}

impl Feature {
    /// A typical value in words, for examples in help: the middle of a
    /// number's range (rounded), the first choice, or `yes`.
    pub fn example_value(&self) -> String {
        match &self.kind {
            FeatureKind::YesNo => "yes".to_owned(),
            FeatureKind::Choice { choices } => {
                choices.first().map_or_else(String::new, |c| c.name.clone())
            }
            FeatureKind::Number { min, max, .. } => {
                crate::value::format_number(f64::midpoint(*min, *max).round())
            }
        }
    }

    /// The feature stated in the terse syntax: `age=60`, `course=relapsing`,
    /// or just the name for a yes/no feature.
    pub fn example(&self) -> String {
        match self.kind {
            FeatureKind::YesNo => self.name.clone(),
            _ => format!("{}={}", self.name, self.example_value()),
        }
    }
}

impl FeatureKind {
    /// The word used in messages and in `neurotriage features`.
    pub fn describe(&self) -> String {
        match self {
            Self::YesNo => "yes/no".to_owned(),
            Self::Choice { choices } => {
                let names: Vec<&str> = choices.iter().map(|c| c.name.as_str()).collect();
                format!("one of {}", names.join(", "))
            }
            Self::Number { unit, min, max } => {
                let unit = unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
                format!(
                    "a number from {} to {}{unit}",
                    crate::value::format_number(*min),
                    crate::value::format_number(*max)
                )
            }
        }
    }

    /// The name of the type as written in `features.yaml`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::YesNo => "yes_no",
            Self::Choice { .. } => "choice",
            Self::Number { .. } => "number",
        }
    }
}
