//! A clinical feature a case can state.

use serde::{Deserialize, Serialize};

use crate::{pack::claim::ClaimId, span::Span};

/// Index of a feature in [`crate::Pack::features`]. Pack order is the order
/// of every listing, which keeps output deterministic.
pub(crate) type FeatureId = usize;

/// One feature: its canonical name, how to ask about it, and its type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Feature {
    pub(crate) name: String,
    pub(crate) label: String,
    pub(crate) question: String,
    pub(crate) synonyms: Vec<String>,
    pub(crate) kind: FeatureKind,
    /// Why no rule weighs it, when the pack says so (`neutral:` in
    /// `features.yaml`); read it through [`Feature::neutral`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) neutral: Option<Neutral>,
    /// Human Phenotype Ontology terms that are this feature (`hpo:` in
    /// `features.yaml`), such as `HP:0002380`: a term present means `yes`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) hpo: Vec<String>,
    /// More specific descendant terms the pack says also count as this
    /// feature (`hpo_narrower:`); a descendant not listed does not count.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) hpo_narrower: Vec<String>,
    /// Where it was declared; only checking needs it, so it is not stored.
    #[serde(skip)]
    pub(crate) span: Span,
}

/// A feature the pack deliberately leaves unweighed (no rule reads it),
/// with the reason in words and the claims the reason rests on, usually
/// because the finding occurs in every profile compared. Checking warns
/// when a rule reads a feature that has one (the note would contradict the
/// rules); derivations and alerts may still read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Neutral {
    /// One plain sentence: why the feature does not tell the profiles apart.
    pub(crate) reason: String,
    /// The claims the reason rests on (at least one), in the order written.
    pub(crate) claims: Vec<ClaimId>,
    /// Where the `neutral` key is; only checking needs it, so it is not
    /// stored.
    #[serde(skip)]
    pub(crate) span: Span,
}

/// The three types of feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) enum FeatureKind {
    /// Present or absent.
    YesNo,
    /// One of a fixed set of choices.
    Choice { choices: Vec<Choice> },
    /// A number within `min..=max`.
    Number { unit: Option<String>, min: f64, max: f64 },
}

/// One value of a `choice` feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Choice {
    pub(crate) name: String,
    pub(crate) label: Option<String>,
    pub(crate) synonyms: Vec<String>,
    /// Human Phenotype Ontology terms that are this choice (`hpo:`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) hpo: Vec<String>,
}

impl Feature {
    /// Why the pack weighs this feature by no rule, if it says so: a
    /// reason in plain words and the claims behind it (indices into
    /// [`crate::Pack::claims`]: `pack.claims[id].id` is `C05`). `None` for
    /// a feature without a `neutral` note, which includes features that
    /// rules weigh: checking warns when a rule reads a feature that has a
    /// note. A teaching tool can tell a student who named the feature:
    /// "the pack treats it as neutral: REASON (C05, C17)".
    pub(crate) fn neutral(&self) -> Option<&Neutral> {
        self.neutral.as_ref()
    }

    /// A typical value in words, for examples in help: the middle of a
    /// number's range (rounded), the first choice, or `yes`.
    pub(crate) fn example_value(&self) -> String {
        match &self.kind {
            FeatureKind::YesNo => "yes".to_owned(),
            FeatureKind::Choice { choices } => {
                choices.first().map_or_else(String::new, |c| c.name.clone())
            }
            FeatureKind::Number { min, max, .. } => {
                crate::pack::value::format_number(f64::midpoint(*min, *max).round())
            }
        }
    }

    /// The feature stated in the terse syntax: `age=60`, `course=relapsing`,
    /// or just the name for a yes/no feature.
    pub(crate) fn example(&self) -> String {
        match self.kind {
            FeatureKind::YesNo => self.name.clone(),
            _ => format!("{}={}", self.name, self.example_value()),
        }
    }
}

impl FeatureKind {
    /// The word used in messages and in `neurotriage features`.
    pub(crate) fn describe(&self) -> String {
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
                    crate::pack::value::format_number(*min),
                    crate::pack::value::format_number(*max)
                )
            }
        }
    }

    /// The name of the type as written in `features.yaml`.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Self::YesNo => "yes_no",
            Self::Choice { .. } => "choice",
            Self::Number { .. } => "number",
        }
    }
}
