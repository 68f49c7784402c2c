//! CSV: one row per case (id, source, expected, verdict, whether the
//! findings conflict, margin, a score column per profile, agreement,
//! deciding rules, error), for a spreadsheet. The summary, with the disclaimer, goes to standard error.

use super::{CaseView, Report, expected_word, place, verdict_word};
use crate::engine::ranking;
use crate::{batch::summary::Summary, pack::Pack};

pub(crate) struct Csv<'p> {
    pub(crate) pack: &'p Pack,
}

/// One CSV row, quoted as needed.
fn row(fields: &[String]) -> String {
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = writer.write_record(fields);
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

impl Report for Csv<'_> {
    fn begin(&self, pack: &Pack, out: &mut String) {
        let mut fields: Vec<String> = ["id", "source", "expected", "verdict", "conflict", "margin"]
            .map(String::from)
            .to_vec();
        fields.extend(pack.profiles.iter().map(|p| format!("score_{}", p.id)));
        fields.extend(["agrees", "deciding_rules", "error"].map(String::from));
        out.push_str(&row(&fields));
    }

    fn case(&self, case: &CaseView<'_, '_>, out: &mut String) {
        let pack = self.pack;
        let record = case.record;
        let mut fields = vec![
            record.id().unwrap_or_default().to_owned(),
            place(&record.source, case.error()),
            case.expected().map(|e| expected_word(pack, e).to_owned()).unwrap_or_default(),
        ];
        match case.explanation {
            Some(e) => {
                fields.push(verdict_word(pack, e.verdict).to_owned());
                fields.push((!e.conflicting.is_empty()).to_string());
                fields.push(e.margin.to_string());
                fields.extend(e.scores.iter().map(ToString::to_string));
                fields.push(match case.expected() {
                    Some(_) => (!case.disagrees()).to_string(),
                    None => String::new(),
                });
                let rules: Vec<&str> =
                    ranking::deciding(e).iter().map(|r| pack.rules[*r].id.as_str()).collect();
                fields.push(rules.join(" "));
                fields.push(String::new());
            }
            None => {
                fields.extend(std::iter::repeat_n(String::new(), 3 + pack.profiles.len() + 2));
                fields.push(case.error().map(ToString::to_string).unwrap_or_default());
            }
        }
        out.push_str(&row(&fields));
    }

    fn end(&self, _summary: &Summary, _pack: &Pack, _out: &mut String) {}

    fn summary_on_stderr(&self) -> bool {
        true
    }

    fn carries_disclaimer(&self) -> bool {
        false
    }
}
