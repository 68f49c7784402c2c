//! The aggregates of a report, worked out from the answers read: per
//! pack, per case and stage, per finding, per student. Everything is
//! listed in a fixed order (cases and stages by id and number, students by
//! name with "(no name)" last, counts most common first), so the report
//! does not depend on the order of the files or of their lines.
//!
//! Agreement is the record's own `agrees` (the leaning is the pack's
//! verdict at that stage). Counts are of answers: a student who took the
//! quiz twice counts twice.

use std::collections::BTreeMap;

use super::{calibration::Calibration, counts::Counts};
use crate::quiz::record::{Confidence, Record, UNDECIDED};

/// One pack's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PackSummary {
    /// The pack's `name`, as the records carry it.
    pub(crate) pack: String,
    pub(crate) answers: u64,
    pub(crate) cases: Vec<CaseSummary>,
    /// `missed`, over every answer.
    pub(crate) missed: Counts,
    /// `neutral` (named, though neutral for the pack), over every answer.
    pub(crate) neutral: Counts,
    pub(crate) class: Calibration,
    pub(crate) students: Vec<StudentSummary>,
    /// Where records of one case disagree on what the pack said (the pack
    /// changed between quizzes, or a file was edited): the most common
    /// value is reported, and this says so.
    pub(crate) notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CaseSummary {
    pub(crate) case: String,
    /// How many stages the case has.
    pub(crate) stages: usize,
    /// The case's `expected`, when recorded.
    pub(crate) expected: Option<String>,
    pub(crate) answers: u64,
    /// The stages answered, in order.
    pub(crate) by_stage: Vec<StageSummary>,
    pub(crate) missed: Counts,
    pub(crate) neutral: Counts,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StageSummary {
    pub(crate) stage: usize,
    pub(crate) name: String,
    pub(crate) answers: u64,
    pub(crate) agreeing: u64,
    /// The pack's verdict at this stage.
    pub(crate) verdict: String,
    pub(crate) leanings: Counts,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StudentSummary {
    /// `None` for records without a student.
    pub(crate) student: Option<String>,
    pub(crate) answers: u64,
    pub(crate) calibration: Calibration,
    /// High-confidence answers before the last stage of a case whose
    /// final verdict is known.
    pub(crate) early_high: u64,
    pub(crate) premature: Vec<Premature>,
}

/// A premature closure: a profile chosen with high confidence before the
/// last stage, other than the pack's verdict at the last stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Premature {
    pub(crate) case: String,
    pub(crate) stage: usize,
    pub(crate) stage_name: String,
    pub(crate) leaning: String,
    pub(crate) final_verdict: String,
}

/// The answers of every pack, one summary per pack, by pack name.
pub(crate) fn summarise<'a>(answers: impl IntoIterator<Item = &'a Record>) -> Vec<PackSummary> {
    let mut packs: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for record in answers {
        packs.entry(record.pack.as_str()).or_default().push(record);
    }
    packs.into_iter().map(|(pack, records)| pack_summary(pack, &records)).collect()
}

/// What records of one case and stage agree on.
#[derive(Default)]
struct StageFacts<'a> {
    records: Vec<&'a Record>,
    verdicts: Counts,
    names: Counts,
}

fn pack_summary(pack: &str, records: &[&Record]) -> PackSummary {
    let mut notes = Vec::new();
    let mut by_case: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for record in records {
        by_case.entry(record.case.as_str()).or_default().push(record);
    }
    let mut cases = Vec::new();
    // The pack's verdict at each case's last stage, when recorded.
    let mut final_verdicts: BTreeMap<&str, (usize, String)> = BTreeMap::new();
    for (case, records) in &by_case {
        let summary = case_summary(case, records, &mut notes);
        if let Some(last) = summary.by_stage.iter().find(|s| s.stage == summary.stages) {
            final_verdicts.insert(case, (summary.stages, last.verdict.clone()));
        }
        cases.push(summary);
    }
    let mut by_student: BTreeMap<Option<&str>, Vec<&Record>> = BTreeMap::new();
    for record in records {
        by_student.entry(record.student.as_deref()).or_default().push(record);
    }
    let mut students: Vec<StudentSummary> = by_student
        .into_iter()
        .map(|(student, records)| student_summary(student, &records, &final_verdicts))
        .collect();
    // `None` sorts first in a map; "(no name)" reads better last.
    students.sort_by_key(|s| s.student.is_none());
    let mut summary = PackSummary {
        pack: pack.to_owned(),
        answers: records.len() as u64,
        cases,
        missed: Counts::default(),
        neutral: Counts::default(),
        class: Calibration::default(),
        students,
        notes,
    };
    for record in records {
        summary.missed.add_all(&record.missed);
        summary.neutral.add_all(&record.neutral);
        summary.class.add(record.confidence, record.agrees);
    }
    summary
}

/// `what` when `counts` holds one value; otherwise the most common, and a
/// note that the records disagree.
fn agreed(counts: &Counts, what: &str, notes: &mut Vec<String>) -> String {
    if counts.len() > 1 {
        let values: Vec<String> =
            counts.sorted().iter().map(|(v, n)| format!("`{v}` in {n}")).collect();
        notes.push(format!(
            "records of {what} differ ({}); the pack may have changed between quizzes; the \
             most common is reported",
            values.join(", ")
        ));
    }
    counts.first().unwrap_or_default().to_owned()
}

fn case_summary(case: &str, records: &[&Record], notes: &mut Vec<String>) -> CaseSummary {
    let (mut stage_counts, mut expected) = (Counts::default(), Counts::default());
    let mut stages: BTreeMap<usize, StageFacts<'_>> = BTreeMap::new();
    let (mut missed, mut neutral) = (Counts::default(), Counts::default());
    for record in records {
        stage_counts.add(&record.stages.to_string());
        if let Some(e) = &record.expected {
            expected.add(e);
        }
        let facts = stages.entry(record.stage).or_default();
        facts.records.push(record);
        facts.verdicts.add(&record.verdict);
        facts.names.add(&record.stage_name);
        missed.add_all(&record.missed);
        neutral.add_all(&record.neutral);
    }
    let count_of_stages =
        agreed(&stage_counts, &format!("case `{case}` on its number of stages"), notes);
    let expected = (!expected.is_empty())
        .then(|| agreed(&expected, &format!("case `{case}` on its expected verdict"), notes));
    let by_stage = stages
        .into_iter()
        .map(|(stage, facts)| {
            let mut leanings = Counts::default();
            let mut agreeing = 0;
            for record in &facts.records {
                leanings.add(&record.leaning);
                agreeing += u64::from(record.agrees);
            }
            StageSummary {
                stage,
                name: agreed(
                    &facts.names,
                    &format!("case `{case}` stage {stage} on its name"),
                    notes,
                ),
                answers: facts.records.len() as u64,
                agreeing,
                verdict: agreed(
                    &facts.verdicts,
                    &format!("case `{case}` stage {stage} on the pack's verdict"),
                    notes,
                ),
                leanings,
            }
        })
        .collect();
    CaseSummary {
        case: case.to_owned(),
        stages: count_of_stages.parse().unwrap_or_default(),
        expected,
        answers: records.len() as u64,
        by_stage,
        missed,
        neutral,
    }
}

fn student_summary(
    student: Option<&str>,
    records: &[&Record],
    final_verdicts: &BTreeMap<&str, (usize, String)>,
) -> StudentSummary {
    let mut summary = StudentSummary {
        student: student.map(str::to_owned),
        answers: records.len() as u64,
        calibration: Calibration::default(),
        early_high: 0,
        premature: Vec::new(),
    };
    for record in records {
        summary.calibration.add(record.confidence, record.agrees);
        let Some((last, verdict)) = final_verdicts.get(record.case.as_str()) else { continue };
        if record.confidence != Confidence::High || record.stage >= *last {
            continue;
        }
        summary.early_high += 1;
        // Staying undecided is not closing on an answer.
        if record.leaning != UNDECIDED && record.leaning != *verdict {
            summary.premature.push(Premature {
                case: record.case.clone(),
                stage: record.stage,
                stage_name: record.stage_name.clone(),
                leaning: record.leaning.clone(),
                final_verdict: verdict.clone(),
            });
        }
    }
    summary.premature.sort_by(|a, b| (&a.case, a.stage).cmp(&(&b.case, b.stage)));
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::record::FORMAT;

    /// A record of pack `p`; the verdict and agreement follow `leaning`
    /// and `verdict`.
    fn answer(
        student: Option<&str>,
        case: &str,
        (stage, stages): (usize, usize),
        leaning: &str,
        confidence: Confidence,
        verdict: &str,
    ) -> Record {
        Record {
            format: FORMAT,
            time: format!("2026-12-01T09:00:0{stage}Z"),
            student: student.map(str::to_owned),
            pack: "p".into(),
            case: case.into(),
            stage,
            stage_name: format!("s{stage}"),
            stages,
            leaning: leaning.into(),
            confidence,
            findings: vec![],
            verdict: verdict.into(),
            leader: "A".into(),
            margin: 0,
            agrees: leaning == verdict || (leaning == UNDECIDED && verdict == "none"),
            weighed: vec![],
            neutral: vec![],
            missed: vec![],
            expected: None,
        }
    }

    #[test]
    fn agreement_leanings_and_verdicts_per_stage() {
        use Confidence::{High, Low};
        let records = [
            answer(Some("b"), "c1", (1, 2), "A", High, "none"),
            answer(Some("a"), "c1", (1, 2), UNDECIDED, Low, "none"),
            answer(Some("a"), "c1", (2, 2), "A", Low, "A"),
            answer(None, "c1", (2, 2), "B", High, "A"),
        ];
        let packs = summarise(&records);
        assert_eq!(packs.len(), 1);
        let case = &packs[0].cases[0];
        assert_eq!((case.stages, case.answers), (2, 4));
        let stages: Vec<(usize, u64, u64, &str, Vec<&str>)> = case
            .by_stage
            .iter()
            .map(|s| (s.stage, s.answers, s.agreeing, s.verdict.as_str(), s.leanings.most_common()))
            .collect();
        // Stage 1: `undecided` agrees with `none`, A does not; a tie.
        // Stage 2: A agrees, B does not.
        assert_eq!(
            stages,
            [(1, 2, 1, "none", vec!["A", "undecided"]), (2, 2, 1, "A", vec!["A", "B"])]
        );
        assert!(packs[0].notes.is_empty());
    }

    #[test]
    fn students_in_name_order_with_no_name_last_and_premature_closure() {
        use Confidence::{High, Medium};
        let records = [
            answer(None, "c", (1, 3), "B", High, "A"),
            answer(Some("zoe"), "c", (1, 3), "B", High, "B"),
            answer(Some("zoe"), "c", (2, 3), UNDECIDED, High, "B"),
            answer(Some("zoe"), "c", (3, 3), "B", High, "A"),
            answer(Some("al"), "c", (2, 3), "A", High, "B"),
            answer(Some("al"), "c", (1, 3), "B", Medium, "B"),
            // No record of d's last stage: its early answers are not judged.
            answer(Some("al"), "d", (1, 2), "B", High, "A"),
        ];
        let pack = &summarise(&records)[0];
        let students: Vec<(Option<&str>, u64, u64, usize)> = pack
            .students
            .iter()
            .map(|s| (s.student.as_deref(), s.answers, s.early_high, s.premature.len()))
            .collect();
        // c's final verdict is A (zoe's stage 3). al: stage 2 leaning A is
        // not premature, stage 1 was medium. zoe: B at stage 1 is premature,
        // undecided at 2 is not closure, stage 3 is not early. No name: B.
        assert_eq!(students, [(Some("al"), 3, 1, 0), (Some("zoe"), 3, 2, 1), (None, 1, 1, 1)]);
        assert_eq!(
            pack.students[1].premature,
            [Premature {
                case: "c".into(),
                stage: 1,
                stage_name: "s1".into(),
                leaning: "B".into(),
                final_verdict: "A".into()
            }]
        );
        // zoe: high 1 of 3 agreed (stage 1 B = B); class high: zoe 1, al 0
        // (A at stage 2 against B), no name 0, al's d 0: 1 of 6.
        let high = pack.class.level(Confidence::High);
        assert_eq!((high.agreeing, high.answers), (1, 6));
    }

    #[test]
    fn records_that_differ_on_what_the_pack_said_are_noted() {
        let mut older = answer(Some("a"), "c", (1, 1), "A", Confidence::Low, "none");
        older.time = "2025-01-01T00:00:00Z".into();
        let records = [
            answer(Some("a"), "c", (1, 1), "A", Confidence::Low, "A"),
            answer(Some("b"), "c", (1, 1), "A", Confidence::Low, "A"),
            older,
        ];
        let pack = &summarise(&records)[0];
        assert_eq!(pack.cases[0].by_stage[0].verdict, "A");
        assert_eq!(
            pack.notes,
            ["records of case `c` stage 1 on the pack's verdict differ (`A` in 2, `none` in 1); \
              the pack may have changed between quizzes; the most common is reported"]
        );
    }

    #[test]
    fn findings_are_counted_per_case_and_overall() {
        let mut one = answer(Some("a"), "c", (1, 1), "A", Confidence::Low, "A");
        one.missed = vec!["x".into(), "y".into()];
        one.neutral = vec!["n".into()];
        let mut two = answer(Some("a"), "d", (1, 1), "A", Confidence::Low, "A");
        two.missed = vec!["y".into()];
        let pack = &summarise(&[one, two])[0];
        assert_eq!(pack.missed.sorted(), [("y", 2), ("x", 1)]);
        assert_eq!(pack.neutral.sorted(), [("n", 1)]);
        assert_eq!(pack.cases[1].missed.sorted(), [("y", 1)]);
    }
}
