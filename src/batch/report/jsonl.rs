//! JSON Lines: one object per case, the object of `explain --format json`
//! with `id`, `source` and `expected`. The summary goes to standard error.

use crate::engine::Sections;

use super::{CaseView, Detail, Report, case_json};
use crate::{batch::summary::Summary, pack::Pack};

pub(crate) struct JsonLines<'p> {
    pub(crate) pack: &'p Pack,
    pub(crate) detail: Detail,
}

impl Report for JsonLines<'_> {
    fn sections(&self) -> Sections {
        self.detail.sections()
    }

    fn case(&self, case: &CaseView<'_, '_>, out: &mut String) {
        case_json(self.pack, case, self.detail, out);
        out.push('\n');
    }

    fn end(&self, _summary: &Summary, _pack: &Pack, _out: &mut String) {}

    fn summary_on_stderr(&self) -> bool {
        true
    }
}
