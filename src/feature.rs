//! A clinical feature a case can state.

use crate::span::Span;

/// Index of a feature in [`crate::Pack::features`]. Pack order is the order
/// of every listing, which keeps output deterministic.
pub type FeatureId = usize;

/// One feature: its canonical name, how to ask about it, and its type.
#[derive(Debug, Clone)]
pub struct Feature {
    pub name: String,
    pub label: String,
    pub question: String,
    pub synonyms: Vec<String>,
    pub kind: FeatureKind,
    pub span: Span,
}

/// The three types of feature.
#[derive(Debug, Clone)]
pub enum FeatureKind {
    /// Present or absent.
    YesNo,
    /// One of a fixed set of choices.
    Choice { choices: Vec<Choice> },
    /// A number within `min..=max`.
    Number { unit: Option<String>, min: f64, max: f64 },
}

/// One value of a `choice` feature.
#[derive(Debug, Clone)]
pub struct Choice {
    pub name: String,
    pub label: Option<String>,
    pub synonyms: Vec<String>,
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
