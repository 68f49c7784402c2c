//! What a batch run adds up to: counts, and where cases carry an expected
//! verdict, the agreement with it. It keeps counts, not cases, so its size
//! does not grow with the number of cases (the list of disagreements is
//! capped at [`limits::MAX_LISTED_DISAGREEMENTS`]).

use crate::{
    cases::case_file::Expected, cases::reader::Source, limits, pack::Pack,
    pack::profile::ProfileId, pack::rule::RuleId,
};

/// What one case contributes to the summary, worked out with its output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tally {
    /// The case could not be read or evaluated.
    pub(crate) failed: bool,
    pub(crate) verdict: Option<ProfileId>,
    /// No clear difference because the findings conflict (strong support
    /// for two profiles), not because little is known.
    pub(crate) conflict: bool,
    /// The case came with notes.
    pub(crate) notes: bool,
    pub(crate) expected: Option<Expected>,
    /// The fired rules that weighed most, for a disagreement.
    pub(crate) deciding: Vec<RuleId>,
}

/// A case whose verdict differs from the one it expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Disagreement {
    pub(crate) id: String,
    pub(crate) source: Source,
    pub(crate) expected: Expected,
    pub(crate) verdict: Option<ProfileId>,
    pub(crate) deciding: Vec<RuleId>,
}

/// The running totals of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Summary {
    /// Case files read (or tried).
    pub(crate) files: u64,
    /// Files skipped for not being case files.
    pub(crate) skipped: u64,
    pub(crate) read: u64,
    pub(crate) evaluated: u64,
    pub(crate) failed: u64,
    /// Evaluated cases without a clear difference because their findings
    /// conflict (counted apart from those where little is known).
    pub(crate) conflicts: u64,
    /// For a report that holds its cases: how many it shows (the rest
    /// were past its limits).
    pub(crate) shown: Option<u64>,
    /// Cases read with notes (a phenopacket's terms the pack does not
    /// map), failed or not.
    pub(crate) with_notes: u64,
    /// Evaluated cases that carry an expected verdict.
    pub(crate) with_expected: u64,
    pub(crate) agreed: u64,
    /// Rows: expected; columns: verdict. Profiles in pack order, then "no
    /// clear difference".
    pub(crate) confusion: Vec<Vec<u64>>,
    pub(crate) disagreements: Vec<Disagreement>,
    /// All disagreements, also those not listed.
    pub(crate) disagreement_count: u64,
}

impl Summary {
    pub(crate) fn new(pack: &Pack) -> Self {
        let size = pack.profiles.len() + 1;
        Self {
            files: 0,
            skipped: 0,
            read: 0,
            evaluated: 0,
            failed: 0,
            conflicts: 0,
            shown: None,
            with_notes: 0,
            with_expected: 0,
            agreed: 0,
            confusion: vec![vec![0; size]; size],
            disagreements: Vec::new(),
            disagreement_count: 0,
        }
    }

    /// The row or column of the confusion matrix for a verdict.
    pub(crate) fn index(&self, verdict: Option<ProfileId>) -> usize {
        verdict.unwrap_or(self.confusion.len() - 1)
    }

    /// Adds one case.
    pub(crate) fn add(&mut self, tally: &Tally, id: Option<&str>, source: &Source) {
        self.read += 1;
        self.with_notes += u64::from(tally.notes);
        if tally.failed {
            self.failed += 1;
            return;
        }
        self.evaluated += 1;
        self.conflicts += u64::from(tally.conflict);
        let Some(expected) = tally.expected else { return };
        self.with_expected += 1;
        let wanted = match expected {
            Expected::Profile(p) => Some(p),
            Expected::NoClearDifference => None,
        };
        let (row, column) = (self.index(wanted), self.index(tally.verdict));
        self.confusion[row][column] += 1;
        if wanted == tally.verdict {
            self.agreed += 1;
            return;
        }
        self.disagreement_count += 1;
        if self.disagreements.len() < limits::MAX_LISTED_DISAGREEMENTS {
            self.disagreements.push(Disagreement {
                id: id.unwrap_or_default().to_owned(),
                source: source.clone(),
                expected,
                verdict: tally.verdict,
                deciding: tally.deciding.clone(),
            });
        }
    }

    /// Agreement as a percentage of the cases with an expected verdict.
    pub(crate) fn agreement_rate(&self) -> Option<f64> {
        (self.with_expected > 0).then(|| 100.0 * self.agreed as f64 / self.with_expected as f64)
    }
}
