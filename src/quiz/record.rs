//! One committed answer of a quiz, as a line of a record file
//! (`quiz --record FILE`), and what `quiz report` reads back. A record
//! carries what the report needs without the rule pack: the student's
//! answer, the pack's verdict at that stage, and how the findings the
//! student named compare with the rules that fired, so that a teacher can
//! aggregate a class's files even after the pack has changed.
//!
//! The form is versioned by [`FORMAT`]; docs/teaching.md describes every
//! field.

use serde::{Deserialize, Serialize};

/// The version of the record form. A reader refuses a record of a later
/// version rather than misreading it.
pub(crate) const FORMAT: u32 = 1;

/// How sure a student was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub(crate) const ALL: [Self; 3] = [Self::Low, Self::Medium, Self::High];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }
}

/// One answer, one JSON line. Field order is the order written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Record {
    /// [`FORMAT`].
    pub(crate) format: u32,
    /// When the answer was committed, RFC 3339 in UTC, to the second.
    pub(crate) time: String,
    /// `--student NAME`, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) student: Option<String>,
    /// The rule pack's `name`.
    pub(crate) pack: String,
    /// The case's id.
    pub(crate) case: String,
    /// 1 for the first stage.
    pub(crate) stage: usize,
    pub(crate) stage_name: String,
    /// How many stages the case has.
    pub(crate) stages: usize,
    /// A profile id, or `undecided`.
    pub(crate) leaning: String,
    pub(crate) confidence: Confidence,
    /// The findings the student named as mattering most (feature names).
    pub(crate) findings: Vec<String>,
    /// The pack's verdict at this stage: a profile id, or `none` for no
    /// clear difference.
    pub(crate) verdict: String,
    /// The profile ahead (even when the margin is not clear).
    pub(crate) leader: String,
    pub(crate) margin: i32,
    /// Whether the leaning is the pack's verdict (`undecided` agrees with
    /// `none`).
    pub(crate) agrees: bool,
    /// Named findings that rules which fired at this stage read.
    pub(crate) weighed: Vec<String>,
    /// Named findings that no rule which fired reads: neutral for the pack
    /// at this stage (over-weighted, if the student leaned on them).
    pub(crate) neutral: Vec<String>,
    /// Findings the fired rules weigh most that the student did not name.
    pub(crate) missed: Vec<String>,
    /// The case's `expected`, when it has one (`none` or a profile id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) expected: Option<String>,
}

/// The word for "no leaning yet".
pub(crate) const UNDECIDED: &str = "undecided";

/// The word for "no clear difference" in a record's `verdict`.
pub(crate) const NO_CLEAR_DIFFERENCE: &str = "none";

/// Now, as a record's `time`.
pub(crate) fn now() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_as_written() {
        let record = Record {
            format: FORMAT,
            time: now(),
            student: Some("ana".into()),
            pack: "p".into(),
            case: "c".into(),
            stage: 1,
            stage_name: "history".into(),
            stages: 2,
            leaning: UNDECIDED.into(),
            confidence: Confidence::Low,
            findings: vec!["age".into()],
            verdict: NO_CLEAR_DIFFERENCE.into(),
            leader: "A".into(),
            margin: 1,
            agrees: true,
            weighed: vec![],
            neutral: vec!["age".into()],
            missed: vec![],
            expected: None,
        };
        let line = serde_json::to_string(&record).unwrap();
        assert!(line.starts_with("{\"format\":1,\"time\":\""), "{line}");
        assert_eq!(serde_json::from_str::<Record>(&line).unwrap(), record);
        assert_eq!(record.time.len(), "2026-12-03T09:30:00Z".len());
    }
}
