//! JSON: one object, `{"disclaimer", "cases": [...], "summary": {...}}`,
//! written as the cases come (the array is never held whole).

use crate::engine::Sections;

use super::{CaseView, Detail, Report, case_json, summary_json};
use crate::{batch::summary::Summary, pack::Pack};

pub(crate) struct Json<'p> {
    pub(crate) pack: &'p Pack,
    pub(crate) detail: Detail,
}

impl Report for Json<'_> {
    fn begin(&self, _pack: &Pack, out: &mut String) {
        out.push_str("{\n\"disclaimer\": ");
        out.push_str(&super::DISCLAIMER_JSON);
        out.push_str(",\n\"cases\": [\n");
    }

    fn separator(&self) -> &'static str {
        ",\n"
    }

    fn sections(&self) -> Sections {
        self.detail.sections()
    }

    fn case(&self, case: &CaseView<'_, '_>, out: &mut String) {
        case_json(self.pack, case, self.detail, out);
    }

    fn end(&self, summary: &Summary, pack: &Pack, out: &mut String) {
        out.push_str("\n],\n\"summary\": ");
        out.push_str(&crate::render::json_text::compact(&summary_json(summary, pack)));
        out.push_str("\n}\n");
    }

    fn summary_on_stderr(&self) -> bool {
        false
    }
}
