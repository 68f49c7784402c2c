//! The report as one JSON object, in the shape the module docs of
//! [`super`] set out. Text from records is copied exactly (JSON is data);
//! the writer escapes what JSON must.

use serde_json::{Value, json};

use super::{
    calibration::{Calibration, Tally},
    counts::Counts,
    fraction,
    reader::Reading,
    summary::PackSummary,
};
use crate::{DISCLAIMER, quiz::record::Confidence};

fn counts(counts: &Counts) -> Value {
    counts.sorted().iter().map(|(name, count)| json!({"name": name, "count": count})).collect()
}

fn tally(t: Tally) -> Value {
    json!({"answers": t.answers, "agreeing": t.agreeing, "agreement": fraction(t.agreeing, t.answers)})
}

/// `low`, `medium`, `high` and `over_confident`, into `object`.
fn calibration(c: &Calibration, mut object: serde_json::Map<String, Value>) -> Value {
    for confidence in Confidence::ALL {
        object.insert(confidence.name().to_owned(), tally(c.level(confidence)));
    }
    let flags: Vec<&str> = c.over_confidence().iter().map(|f| f.code()).collect();
    object.insert("over_confident".to_owned(), json!(flags));
    Value::Object(object)
}

fn pack(pack: &PackSummary) -> Value {
    let cases: Vec<Value> = pack
        .cases
        .iter()
        .map(|case| {
            let by_stage: Vec<Value> = case
                .by_stage
                .iter()
                .map(|s| {
                    json!({
                        "stage": s.stage,
                        "name": s.name,
                        "answers": s.answers,
                        "agreeing": s.agreeing,
                        "agreement": fraction(s.agreeing, s.answers),
                        "verdict": s.verdict,
                        "most_common_leaning": s.leanings.most_common(),
                        "leanings": counts(&s.leanings),
                    })
                })
                .collect();
            json!({
                "case": case.case,
                "stages": case.stages,
                "expected": case.expected,
                "answers": case.answers,
                "by_stage": by_stage,
                "missed": counts(&case.missed),
                "over_weighted": counts(&case.neutral),
            })
        })
        .collect();
    let students: Vec<Value> = pack
        .students
        .iter()
        .map(|s| {
            let mut object = serde_json::Map::new();
            object.insert("student".to_owned(), json!(s.student));
            object.insert("answers".to_owned(), json!(s.answers));
            calibration(&s.calibration, object)
        })
        .collect();
    let closure: Vec<Value> = pack
        .students
        .iter()
        .map(|s| {
            let answers: Vec<Value> = s
                .premature
                .iter()
                .map(|p| {
                    json!({
                        "case": p.case,
                        "stage": p.stage,
                        "stage_name": p.stage_name,
                        "leaning": p.leaning,
                        "final_verdict": p.final_verdict,
                    })
                })
                .collect();
            json!({
                "student": s.student,
                "early_high": s.early_high,
                "premature": s.premature.len(),
                "answers": answers,
            })
        })
        .collect();
    json!({
        "pack": pack.pack,
        "answers": pack.answers,
        "students": pack.students.len(),
        "cases": cases,
        "missed": counts(&pack.missed),
        "over_weighted": counts(&pack.neutral),
        "calibration": {
            "class": calibration(&pack.class, serde_json::Map::new()),
            "students": students,
        },
        "premature_closure": {
            "early_high": pack.students.iter().map(|s| s.early_high).sum::<u64>(),
            "premature": pack.students.iter().map(|s| s.premature.len()).sum::<usize>(),
            "students": closure,
        },
        "notes": pack.notes,
    })
}

pub(crate) fn render(reading: &Reading, packs: &[PackSummary]) -> String {
    let value = json!({
        "disclaimer": DISCLAIMER,
        "files": reading.files,
        "lines": reading.lines,
        "failed_lines": reading.failed,
        "duplicates_dropped": reading.duplicates,
        "answers": reading.answer_count(),
        "packs": packs.iter().map(pack).collect::<Vec<Value>>(),
    });
    let mut out = crate::render::json_text::pretty(&value);
    out.push('\n');
    out
}
