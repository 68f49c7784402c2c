//! `undo`: taking back the last change to the case. Before each line the
//! session copies what a line can change (the case, a loaded case's id,
//! description, expected verdict and rationale, and the interview); when
//! the line did change the case or the loaded case's details, the copy
//! joins a bounded history, and `undo` puts the latest back.

use std::{collections::VecDeque, fmt::Write as _};

use super::{Loaded, Session};
use crate::{
    cases::case::Case, pack::feature::FeatureId, prompt::interview::Interview,
    render::diagnostic::replace_controls,
};

/// How many changes `undo` can take back. A lesson takes back a few; the
/// bound keeps a long script (one change a line, up to any length) from
/// holding a copy of the case for every line. It is the session's own
/// limit rather than one of `limits.rs`, which bound what is read.
pub(crate) const UNDO_LIMIT: usize = 100;

/// The longest line `undo` repeats when it says what it took back, in
/// characters; a longer one is cut, since a whole pasted case says little.
const SHOWN_LINE_CHARS: usize = 60;

/// What a line can change, as it was before the line.
#[derive(Debug, Clone)]
pub(super) struct Snapshot {
    case: Case,
    loaded: Option<Loaded>,
    interview: Option<Interview>,
    /// The line, as typed.
    line: String,
    /// The question the line answered, if it was an answer.
    answered: Option<FeatureId>,
}

impl Snapshot {
    /// The same state, kept as the answer to the question about `feature`.
    pub(super) fn answer(self, feature: FeatureId) -> Self {
        Self { answered: Some(feature), ..self }
    }
}

/// The changes that can be taken back, the latest last.
#[derive(Debug, Default)]
pub(super) struct History {
    changes: VecDeque<Snapshot>,
    /// Older changes were dropped to keep within [`UNDO_LIMIT`].
    dropped: bool,
}

impl Session<'_> {
    /// What `line` may change, before it runs.
    pub(super) fn snapshot(&self, line: &str) -> Snapshot {
        Snapshot {
            case: self.case.clone(),
            loaded: self.loaded.clone(),
            interview: self.interview.clone(),
            line: line.trim().to_owned(),
            answered: None,
        }
    }

    /// Keeps `before` for `undo` if the line changed the case or the loaded
    /// case's details (a line that only looked, or failed, changed
    /// nothing, and `undo` would seem to do nothing).
    pub(super) fn remember(&mut self, before: Snapshot) {
        let changed = before.case != self.case || before.loaded != self.loaded;
        if !changed {
            return;
        }
        let history = &mut self.history;
        history.changes.push_back(before);
        if history.changes.len() > UNDO_LIMIT {
            history.changes.pop_front();
            history.dropped = true;
        }
    }

    pub(super) fn undo(&mut self, out: &mut String) {
        let Some(snapshot) = self.history.changes.pop_back() else {
            let text = if self.history.dropped {
                format!("Nothing more to undo: only the last {UNDO_LIMIT} changes are kept.")
            } else {
                "Nothing to undo: no change to the case is left to take back.".to_owned()
            };
            let _ = writeln!(out, "{text}");
            return;
        };
        let before = self.evaluate(&self.case);
        let undone = std::mem::replace(&mut self.case, snapshot.case);
        self.loaded = snapshot.loaded;
        match snapshot.interview {
            // The interview as it stood before the change: an answer taken
            // back is asked again.
            Some(interview) => self.interview = Some(interview),
            // An interview begun since goes on; what the undo made unknown
            // again may be asked again.
            None => {
                if let Some(interview) = self.interview.as_mut() {
                    interview.passed.retain(|f| undone.get(*f) == self.case.get(*f));
                }
            }
        }
        let mut line = replace_controls(&snapshot.line);
        if line.chars().count() > SHOWN_LINE_CHARS {
            line = line.chars().take(SHOWN_LINE_CHARS - 3).collect::<String>() + "...";
        }
        let what = match snapshot.answered {
            Some(feature) => {
                format!("the answer `{line}` to {}", self.pack.features[feature].name)
            }
            None => format!("`{line}`"),
        };
        self.wrap(out, "", 2, &format!("Undone: {what}."));
        let after = self.evaluate_with(&self.case, self.interview_sections());
        self.status(&before, &after, out);
        self.continue_interview(&after, out);
    }
}
