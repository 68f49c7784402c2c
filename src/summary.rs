//! What a batch run adds up to: counts, and where cases carry an expected
//! verdict, the agreement with it. It keeps counts, not cases, so its size
//! does not grow with the number of cases (the list of disagreements is
//! capped at [`limits::MAX_LISTED_DISAGREEMENTS`]).

use crate::{
    case_file::Expected, case_reader::Source, limits, pack::Pack, profile::ProfileId, rule::RuleId,
};

/// What one case contributes to the summary, worked out with its output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// The case could not be read or evaluated.
    pub failed: bool,
    pub verdict: Option<ProfileId>,
    pub expected: Option<Expected>,
    /// The fired rules that weighed most, for a disagreement.
    pub deciding: Vec<RuleId>,
}

/// A case whose verdict differs from the one it expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    pub id: String,
    pub source: Source,
    pub expected: Expected,
    pub verdict: Option<ProfileId>,
    pub deciding: Vec<RuleId>,
}

/// The running totals of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Case files read (or tried).
    pub files: u64,
    /// Files skipped for not being case files.
    pub skipped: u64,
    pub read: u64,
    pub evaluated: u64,
    pub failed: u64,
    /// Evaluated cases that carry an expected verdict.
    pub with_expected: u64,
    pub agreed: u64,
    /// Rows: expected; columns: verdict. Profiles in pack order, then "no
    /// clear difference".
    pub confusion: Vec<Vec<u64>>,
    pub disagreements: Vec<Disagreement>,
    /// All disagreements, also those not listed.
    pub disagreement_count: u64,
}

impl Summary {
    pub fn new(pack: &Pack) -> Self {
        let size = pack.profiles.len() + 1;
        Self {
            files: 0,
            skipped: 0,
            read: 0,
            evaluated: 0,
            failed: 0,
            with_expected: 0,
            agreed: 0,
            confusion: vec![vec![0; size]; size],
            disagreements: Vec::new(),
            disagreement_count: 0,
        }
    }

    /// The row or column of the confusion matrix for a verdict.
    pub fn index(&self, verdict: Option<ProfileId>) -> usize {
        verdict.unwrap_or(self.confusion.len() - 1)
    }

    /// Adds one case.
    pub fn add(&mut self, tally: &Tally, id: Option<&str>, source: &Source) {
        self.read += 1;
        if tally.failed {
            self.failed += 1;
            return;
        }
        self.evaluated += 1;
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
    pub fn agreement_rate(&self) -> Option<f64> {
        (self.with_expected > 0).then(|| 100.0 * self.agreed as f64 / self.with_expected as f64)
    }
}
