//! The terse feature syntax typed on the command line (and, later, at the
//! prompt): `age=62`, `fasciculations`, `no-sensory_loss`,
//! `sensory_loss=no`, `course=progressive`, `tingling`, `"muscle twitching"`,
//! `sensory_loss=unknown`.

use thiserror::Error;

use crate::{
    cases::case::{Case, Entry},
    limits,
    pack::Pack,
    pack::feature::{FeatureId, FeatureKind},
    pack::name::normalize,
    pack::suggest::did_you_mean,
    pack::value::{Value, format_number},
};

/// Words read as "present", "absent" and "unknown".
pub(crate) const YES: [&str; 6] = ["yes", "y", "true", "present", "1", "+"];
pub(crate) const NO: [&str; 6] = ["no", "n", "false", "absent", "0", "-"];
pub(crate) const UNKNOWN: [&str; 4] = ["unknown", "?", "unk", "not_known"];

/// What went wrong with one typed feature.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub(crate) enum AssignmentErrorKind {
    #[error("empty feature")]
    Empty,
    #[error("unknown feature `{name}`")]
    UnknownFeature { name: String },
    #[error("`{feature}` needs a value")]
    MissingValue { feature: String },
    #[error("`{value}` is not a value of `{feature}`")]
    BadValue { feature: String, value: String },
    #[error("`{value}` is not a number")]
    NotANumber { value: String },
    #[error("{value} is outside the range of `{feature}` ({min} to {max})")]
    OutOfRange { feature: String, value: String, min: String, max: String },
    #[error("`{feature}` is given twice: `{first}` and `{second}`")]
    Conflict { feature: String, first: String, second: String },
    #[error("more than {limit} features")]
    TooMany { limit: usize },
}

/// A mistake in one typed feature: what, which argument, and how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AssignmentError {
    pub(crate) kind: AssignmentErrorKind,
    /// Index of the offending argument.
    pub(crate) argument: usize,
    pub(crate) help: Option<String>,
}

/// One parsed assignment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Assignment {
    pub(crate) feature: FeatureId,
    pub(crate) entry: Entry,
}

/// Parses one token.
pub(crate) fn parse(
    pack: &Pack,
    token: &str,
) -> Result<Assignment, (AssignmentErrorKind, Option<String>)> {
    let token = token.trim();
    if token.is_empty() {
        return Err((
            AssignmentErrorKind::Empty,
            Some(format!("write features such as `{}`", pack.example())),
        ));
    }
    if let Some((name, value)) = token.split_once('=').or_else(|| token.split_once(':')) {
        let feature = resolve(pack, name.trim())?;
        return value_for(pack, feature, value.trim()).map(|entry| Assignment { feature, entry });
    }
    if let Some(feature) = pack.feature_by_name(token) {
        return bare(pack, feature);
    }
    let lowered = normalize(token);
    for prefix in ["no_", "not_"] {
        if let Some(rest) = lowered.strip_prefix(prefix)
            && let Some(feature) = pack.feature_by_name(rest)
        {
            return match pack.features[feature].kind {
                FeatureKind::YesNo => {
                    Ok(Assignment { feature, entry: Entry::Known(Value::Flag(false)) })
                }
                _ => Err(missing_value(pack, feature)),
            };
        }
    }
    // A bare choice word, such as `relapsing`, when exactly one feature has it.
    let owners: Vec<(FeatureId, u8)> = (0..pack.features.len())
        .filter_map(|f| pack.choice_by_name(f, token).map(|c| (f, c)))
        .collect();
    if let [(feature, choice)] = owners[..] {
        return Ok(Assignment { feature, entry: Entry::Known(Value::Choice(choice)) });
    }
    Err(unknown(pack, token))
}

fn resolve(pack: &Pack, name: &str) -> Result<FeatureId, (AssignmentErrorKind, Option<String>)> {
    if name.is_empty() {
        return Err((
            AssignmentErrorKind::Empty,
            Some("write the feature's name before `=`".into()),
        ));
    }
    pack.feature_by_name(name).ok_or_else(|| unknown(pack, name))
}

fn unknown(pack: &Pack, name: &str) -> (AssignmentErrorKind, Option<String>) {
    // Suggest the feature's canonical name even when the closest word is
    // one of its synonyms.
    let words: Vec<(&str, FeatureId)> = pack.feature_words().collect();
    let help = crate::pack::suggest::closest(name, words.iter().map(|(w, _)| *w))
        .and_then(|w| words.iter().find(|(word, _)| *word == w))
        .map(|(_, f)| {
            format!(
                "did you mean `{}`? (`neurotriage features` lists them all)",
                pack.features[*f].name
            )
        })
        .or_else(|| Some("`neurotriage features` lists the features and their synonyms".into()));
    (AssignmentErrorKind::UnknownFeature { name: name.to_owned() }, help)
}

fn missing_value(pack: &Pack, feature: FeatureId) -> (AssignmentErrorKind, Option<String>) {
    let f = &pack.features[feature];
    (
        AssignmentErrorKind::MissingValue { feature: f.name.clone() },
        Some(format!(
            "`{}` is {}; write it as `{}={}`",
            f.name,
            f.kind.describe(),
            f.name,
            f.example_value()
        )),
    )
}

fn bare(
    pack: &Pack,
    feature: FeatureId,
) -> Result<Assignment, (AssignmentErrorKind, Option<String>)> {
    match pack.features[feature].kind {
        FeatureKind::YesNo => Ok(Assignment { feature, entry: Entry::Known(Value::Flag(true)) }),
        _ => Err(missing_value(pack, feature)),
    }
}

/// Reads the value part of `name=value` for a feature.
pub(crate) fn value_for(
    pack: &Pack,
    feature: FeatureId,
    text: &str,
) -> Result<Entry, (AssignmentErrorKind, Option<String>)> {
    let f = &pack.features[feature];
    // The words nearly every yes/no cell of a large batch holds, taken as
    // they are: normalising and comparing with every word below gives the
    // same, at some ten times the cost.
    // So is a choice's name typed as it stands, when normalising leaves the
    // name as it is (`Pack::key_choices`; then `choice_by_name` finds that
    // name first) and it is not a word for "unknown" (read as that below).
    // A pack may name a choice `unk_`, which normalises to `unk`: that one
    // takes the long way.
    match &f.kind {
        FeatureKind::YesNo => match text {
            "yes" | "true" => return Ok(Entry::Known(Value::Flag(true))),
            "no" | "false" => return Ok(Entry::Known(Value::Flag(false))),
            _ => {}
        },
        FeatureKind::Choice { choices } => {
            let is_key = |index: usize| {
                pack.key_choices
                    .get(feature)
                    .is_some_and(|bits| index < 64 && bits >> index & 1 == 1)
            };
            if let Some(index) = choices.iter().position(|c| c.name == text)
                && is_key(index)
                && !UNKNOWN.contains(&text)
                && let Ok(index) = u8::try_from(index)
            {
                return Ok(Entry::Known(Value::Choice(index)));
            }
        }
        FeatureKind::Number { .. } => {}
    }
    // `-` and `+` would vanish in normalising (it treats `-` as a space).
    let word = match text.trim() {
        sign @ ("-" | "+") => std::borrow::Cow::Borrowed(sign),
        other => crate::pack::name::normalized(other),
    };
    if UNKNOWN.contains(&word.as_ref()) {
        return Ok(Entry::Unknown);
    }
    if text.is_empty() {
        return Err(missing_value(pack, feature));
    }
    match &f.kind {
        FeatureKind::YesNo => {
            if YES.contains(&word.as_ref()) {
                Ok(Entry::Known(Value::Flag(true)))
            } else if NO.contains(&word.as_ref()) {
                Ok(Entry::Known(Value::Flag(false)))
            } else {
                Err((
                    AssignmentErrorKind::BadValue {
                        feature: f.name.clone(),
                        value: text.to_owned(),
                    },
                    Some(format!(
                        "`{}` is yes/no: write `{0}=yes`, `{0}=no` or `{0}=unknown`",
                        f.name
                    )),
                ))
            }
        }
        FeatureKind::Choice { choices } => match pack.choice_by_name(feature, text) {
            Some(choice) => Ok(Entry::Known(Value::Choice(choice))),
            None => {
                let words = choices.iter().flat_map(|c| {
                    std::iter::once(c.name.as_str()).chain(c.synonyms.iter().map(String::as_str))
                });
                let names: Vec<&str> = choices.iter().map(|c| c.name.as_str()).collect();
                let help = did_you_mean(text, words)
                    .unwrap_or_else(|| format!("`{}` is one of `{}`", f.name, names.join("`, `")));
                Err((
                    AssignmentErrorKind::BadValue {
                        feature: f.name.clone(),
                        value: text.to_owned(),
                    },
                    Some(help),
                ))
            }
        },
        FeatureKind::Number { unit, min, max } => {
            let number: f64 = match text.parse::<f64>() {
                Ok(n) if n.is_finite() => n,
                // `1e999` is a number, only beyond any range; `inf` and
                // `NaN` are words.
                Ok(n) if n.is_infinite() && text.bytes().any(|b| b.is_ascii_digit()) => {
                    return Err(out_of_range(f, text.trim().to_owned(), *min, *max));
                }
                _ => {
                    let unit = unit.as_deref().map(|u| format!(" in {u}")).unwrap_or_default();
                    return Err((
                        AssignmentErrorKind::NotANumber { value: text.to_owned() },
                        Some(format!("`{}` is a number{unit}, such as `{}`", f.name, f.example())),
                    ));
                }
            };
            number_for(pack, feature, number)
        }
    }
}

/// The entry of `true` or `false` given to a feature: a yes/no feature
/// takes it as it is (a case file's `true` comes here without a detour
/// through text); any other reads it as `yes` or `no`. Inline: a batch
/// calls it for most features of every case, and the call cost more than
/// the work.
#[inline]
pub(crate) fn flag_for(
    pack: &Pack,
    feature: FeatureId,
    flag: bool,
) -> Result<Entry, (AssignmentErrorKind, Option<String>)> {
    match pack.features[feature].kind {
        FeatureKind::YesNo => Ok(Entry::Known(Value::Flag(flag))),
        _ => value_for(pack, feature, if flag { "yes" } else { "no" }),
    }
}

/// The entry of a number given to a `number` feature, checked against its
/// range (a case file's numbers come here without a detour through text).
pub(crate) fn number_for(
    pack: &Pack,
    feature: FeatureId,
    number: f64,
) -> Result<Entry, (AssignmentErrorKind, Option<String>)> {
    let f = &pack.features[feature];
    match &f.kind {
        FeatureKind::Number { min, max, .. } if number.is_finite() => {
            if number < *min || number > *max {
                return Err(out_of_range(f, shown(number), *min, *max));
            }
            // -0 and 0 are the same age; keep one spelling.
            Ok(Entry::Known(Value::Number(if number == 0.0 { 0.0 } else { number })))
        }
        _ => value_for(pack, feature, &format_number(number)),
    }
}

fn out_of_range(
    f: &crate::pack::feature::Feature,
    value: String,
    min: f64,
    max: f64,
) -> (AssignmentErrorKind, Option<String>) {
    let (min, max) = (shown(min), shown(max));
    let help = format!("give a value from {min} to {max}");
    (AssignmentErrorKind::OutOfRange { feature: f.name.clone(), value, min, max }, Some(help))
}

/// A number for a message: as usual, but a huge or tiny one in scientific
/// notation rather than as hundreds of digits.
fn shown(number: f64) -> String {
    if number.abs() >= 1e15 || (number != 0.0 && number.abs() < 1e-6) {
        format!("{number:e}")
    } else {
        format_number(number)
    }
}

/// The error for a feature given twice with different values.
pub(crate) fn conflict(
    pack: &Pack,
    feature: FeatureId,
    first: Entry,
    second: Entry,
) -> AssignmentErrorKind {
    AssignmentErrorKind::Conflict {
        feature: pack.features[feature].name.clone(),
        first: entry_text(pack, feature, first),
        second: entry_text(pack, feature, second),
    }
}

/// Describes an entry the way it would be typed.
pub(crate) fn entry_text(pack: &Pack, feature: FeatureId, entry: Entry) -> String {
    match entry {
        Entry::Known(value) => value.display(&pack.features[feature]),
        Entry::Unknown => "unknown".to_owned(),
    }
}

/// Parses every token into a case. The first mistake is returned; the same
/// feature given twice with the same value is accepted.
pub(crate) fn parse_all<S: AsRef<str>>(
    pack: &Pack,
    tokens: &[S],
) -> Result<Case, Box<AssignmentError>> {
    let mut case = Case::new();
    if tokens.len() > limits::MAX_FEATURES_PER_CASE {
        return Err(Box::new(AssignmentError {
            kind: AssignmentErrorKind::TooMany { limit: limits::MAX_FEATURES_PER_CASE },
            argument: limits::MAX_FEATURES_PER_CASE,
            help: None,
        }));
    }
    for (argument, token) in tokens.iter().enumerate() {
        let assignment = parse(pack, token.as_ref())
            .map_err(|(kind, help)| Box::new(AssignmentError { kind, argument, help }))?;
        if let Err(first) = case.set(assignment.feature, assignment.entry) {
            return Err(Box::new(AssignmentError {
                kind: conflict(pack, assignment.feature, first, assignment.entry),
                argument,
                help: Some("give each feature once".into()),
            }));
        }
    }
    Ok(case)
}

#[cfg(test)]
mod tests {
    use super::value_for;
    use crate::{cases::case::Entry, load::from_texts, pack::value::Value};

    /// A choice typed as its name is read at once, but never differently
    /// from the long way: a choice named `unk_` normalises to `unk`, a word
    /// for "unknown", and stays unknown.
    #[test]
    fn a_choice_named_like_unknown_is_read_the_long_way() {
        let files = [
            (
                "pack.yaml",
                "name: t\ntitle: T\nmargin: 2\nprofiles:\n  X: {name: x, summary: x}\n  Y: {name: y, summary: y}\n",
            ),
            ("claims.yaml", "claims:\n  - {id: K1, kind: discriminating, claim: k}\n"),
            (
                "features.yaml",
                "features:\n  c:\n    label: c\n    question: c?\n    type: choice\n    choices:\n      unk_: {label: odd}\n      slow: {label: slow}\n",
            ),
            (
                "rules.yaml",
                "rules:\n  - {id: r, when: {c: slow}, favours: {X: strong}, reason: r, claims: [K1]}\n",
            ),
        ];
        let report =
            from_texts(files.iter().map(|(n, t)| ((*n).to_owned(), (*t).to_owned())).collect());
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        let pack = report.pack.expect("the pack loads");
        let read = |text: &str| value_for(&pack, 0, text).ok();
        assert_eq!(read("unk_"), Some(Entry::Unknown));
        assert_eq!(read("slow"), Some(Entry::Known(Value::Choice(1))));
        assert_eq!(read("Slow"), Some(Entry::Known(Value::Choice(1))));
        assert_eq!(read("unknown"), Some(Entry::Unknown));
    }
}
