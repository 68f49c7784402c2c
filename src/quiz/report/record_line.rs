//! One line of a record file, checked into a [`Record`]: one message for
//! the first thing wrong with it, with the field at fault underlined.
//!
//! The checks come in an order that gives the most useful message first:
//! a record of a later format is said to be one (rather than reported for
//! the fields that format added), then repeated, unknown and missing
//! fields, then each value's type, then whether the stage is in range.

use serde_json::Value;

use super::{
    object_spans::ObjectSpans,
    record_error::{RecordError, RecordErrorKind as Kind},
};
use crate::{
    pack::suggest::did_you_mean,
    quiz::record::{self, Record},
};

/// What a field's value must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Type {
    Text,
    /// A string, or `null`, or left out.
    OptionalText,
    /// A whole number of at least this.
    Count(u64),
    /// A whole number that fits an `i32`.
    Integer,
    Flag,
    Confidence,
    List,
}

impl Type {
    fn expected(self) -> &'static str {
        match self {
            Self::Text => "a string",
            Self::OptionalText => "a string or null",
            Self::Count(0) => "a whole number of 0 or more",
            Self::Count(_) => "a whole number of 1 or more",
            Self::Integer => "a whole number",
            Self::Flag => "`true` or `false`",
            Self::Confidence => "`low`, `medium` or `high`",
            Self::List => "a list of strings",
        }
    }

    fn fits(self, value: &Value) -> bool {
        match self {
            Self::Text => value.is_string(),
            Self::OptionalText => value.is_string() || value.is_null(),
            Self::Count(min) => {
                value.as_u64().is_some_and(|n| n >= min && u32::try_from(n).is_ok())
            }
            Self::Integer => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
            Self::Flag => value.is_boolean(),
            Self::Confidence => value
                .as_str()
                .is_some_and(|s| record::Confidence::ALL.iter().any(|c| c.name() == s)),
            Self::List => value.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
        }
    }
}

/// Every field of a record, in the order `quiz --record` writes them.
const FIELDS: [(&str, Type); 19] = [
    ("format", Type::Count(0)),
    ("time", Type::Text),
    ("student", Type::OptionalText),
    ("pack", Type::Text),
    ("case", Type::Text),
    ("stage", Type::Count(1)),
    ("stage_name", Type::Text),
    ("stages", Type::Count(1)),
    ("leaning", Type::Text),
    ("confidence", Type::Confidence),
    ("findings", Type::List),
    ("verdict", Type::Text),
    ("leader", Type::Text),
    ("margin", Type::Integer),
    ("agrees", Type::Flag),
    ("weighed", Type::List),
    ("neutral", Type::List),
    ("missed", Type::List),
    ("expected", Type::OptionalText),
];

const HAND_EDITED: &str =
    "`quiz --record` writes one JSON object per line; was this line edited by hand?";

/// A value as a message names it: its kind, and a short scalar itself.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("`{n}`"),
        Value::String(s) if s.chars().count() <= 20 => format!("the string {value}"),
        Value::String(_) => "a string".into(),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// Checks one line (without its line ending) into a record.
pub(crate) fn parse(text: &str) -> Result<Record, RecordError> {
    let value: Value = serde_json::from_str(text).map_err(|error| {
        let full = error.to_string();
        let suffix = format!(" at line {} column {}", error.line(), error.column());
        let reason = match full.strip_suffix(&suffix).unwrap_or(&full) {
            // serde_json's word for `true`, `false` or `null` begun wrong.
            "expected ident" => "expected a value".to_owned(),
            reason => reason.to_owned(),
        };
        let at = error.column().saturating_sub(1).min(text.len());
        RecordError::new(Kind::NotJson { reason }, Some(at..at), HAND_EDITED)
    })?;
    let whole = Some(text.len() - text.trim_start().len()..text.trim_end().len());
    let Value::Object(object) = &value else {
        let found = match value {
            Value::Null => "null",
            Value::Bool(_) => "`true` or `false`",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "a list",
            Value::Object(_) => "an object",
        };
        return Err(RecordError::new(Kind::NotAnObject { found }, whole, HAND_EDITED));
    };
    let spans = ObjectSpans::scan(text);
    if let (Some(n), Some(at)) = (object.get("format").and_then(Value::as_u64), spans.get("format"))
        && n > u64::from(record::FORMAT)
    {
        return Err(RecordError::new(
            Kind::LaterFormat { found: n, known: record::FORMAT },
            Some(at.value.clone()),
            "a later neurotriage wrote this record; report with that version, or update this one",
        ));
    }
    for (i, field) in spans.fields.iter().enumerate() {
        if spans.fields[..i].iter().any(|f| f.name == field.name) {
            return Err(RecordError::new(
                Kind::RepeatedField { name: field.name.clone() },
                Some(field.key.clone()),
                "a field is given once; keep the one that is right",
            ));
        }
        if !FIELDS.iter().any(|(name, _)| *name == field.name) {
            let help = did_you_mean(&field.name, FIELDS.iter().map(|(name, _)| *name))
                .unwrap_or_else(|| "docs/teaching.md lists the fields of a record".to_owned());
            return Err(RecordError {
                kind: Kind::UnknownField { name: field.name.clone() },
                span: Some(field.key.clone()),
                help: Some(help),
            });
        }
    }
    let missing: Vec<&'static str> = FIELDS
        .iter()
        .filter(|(name, ty)| *ty != Type::OptionalText && !object.contains_key(*name))
        .map(|(name, _)| *name)
        .collect();
    if !missing.is_empty() {
        return Err(RecordError::new(
            Kind::MissingFields { names: missing },
            Some(spans.close.clone()),
            "`quiz --record` writes every field but `student` and `expected`; was the line cut short or edited?",
        ));
    }
    for field in &spans.fields {
        let Some(&(name, ty)) = FIELDS.iter().find(|(name, _)| *name == field.name) else {
            continue;
        };
        let value = &object[name];
        if !ty.fits(value) {
            return Err(RecordError::new(
                Kind::WrongType { name, expected: ty.expected(), found: describe(value) },
                Some(field.value.clone()),
                HAND_EDITED,
            ));
        }
    }
    let count = |name: &str| object.get(name).and_then(Value::as_u64).unwrap_or_default();
    let (stage, stages) = (count("stage"), count("stages"));
    if stage > stages {
        return Err(RecordError::new(
            Kind::StageOutOfRange { stage, stages },
            spans.get("stage").map(|f| f.value.clone()),
            "stages count from 1 to `stages`, the number of stages the case has",
        ));
    }
    // Every field has been checked, so this cannot fail; if it did, say
    // what serde says rather than drop the line silently.
    serde_json::from_value(value).map_err(|error| {
        RecordError::new(Kind::NotJson { reason: error.to_string() }, whole, HAND_EDITED)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"format":1,"time":"2026-12-01T09:00:00Z","student":"ana","pack":"p","case":"c","stage":1,"stage_name":"history","stages":2,"leaning":"A","confidence":"high","findings":["x"],"verdict":"none","leader":"A","margin":1,"agrees":false,"weighed":[],"neutral":["x"],"missed":["y"]}"#;

    fn kind_and_part(text: &str) -> (Kind, String) {
        let error = parse(text).unwrap_err();
        let part = error.span.map(|s| text[s].to_owned()).unwrap_or_default();
        (error.kind, part)
    }

    #[test]
    fn a_good_line_reads_and_every_field_is_known() {
        let record = parse(GOOD).unwrap();
        assert_eq!(record.student.as_deref(), Some("ana"));
        assert_eq!(record.expected, None);
        let written = serde_json::to_value(&record).unwrap();
        let names: Vec<&str> = written.as_object().unwrap().keys().map(String::as_str).collect();
        let known: Vec<&str> =
            FIELDS.iter().map(|(n, _)| *n).filter(|n| *n != "expected").collect();
        assert_eq!(names, known, "FIELDS follows `Record`");
    }

    #[test]
    fn each_mistake_points_at_its_field() {
        let (kind, part) = kind_and_part(&GOOD.replace(r#""stage":1,"#, r#""stage":"1","#));
        assert_eq!(
            kind,
            Kind::WrongType {
                name: "stage",
                expected: "a whole number of 1 or more",
                found: "the string \"1\"".into()
            }
        );
        assert_eq!(part, "\"1\"");
        let (kind, part) = kind_and_part(&GOOD.replace(r#""leader""#, r#""leeder""#));
        assert_eq!(kind, Kind::UnknownField { name: "leeder".into() });
        assert_eq!(part, "\"leeder\"");
        let (kind, part) = kind_and_part(&GOOD.replace(r#""format":1"#, r#""format":2"#));
        assert_eq!(kind, Kind::LaterFormat { found: 2, known: 1 });
        assert_eq!(part, "2");
        let (kind, part) = kind_and_part(&GOOD.replace(r#""case":"c","#, ""));
        assert_eq!(kind, Kind::MissingFields { names: vec!["case"] });
        assert_eq!(part, "}");
        let (kind, _) = kind_and_part(&GOOD.replace(r#""time""#, r#""case""#));
        assert_eq!(kind, Kind::RepeatedField { name: "case".into() });
        let (kind, part) = kind_and_part(&GOOD.replace(r#""stage":1,"#, r#""stage":3,"#));
        assert_eq!(kind, Kind::StageOutOfRange { stage: 3, stages: 2 });
        assert_eq!(part, "3");
        let (kind, part) = kind_and_part(" [1, 2] ");
        assert_eq!(kind, Kind::NotAnObject { found: "a list" });
        assert_eq!(part, "[1, 2]");
        let (kind, part) = kind_and_part(r#"{"format": 1,}"#);
        assert_eq!(kind, Kind::NotJson { reason: "trailing comma".into() });
        assert_eq!(part, "");
    }
}
