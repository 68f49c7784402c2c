//! Calibration: for each confidence level, how many answers and how many
//! agreed with the pack. A student is well calibrated when high
//! confidence goes with agreeing more often; the report flags the
//! opposite in plain words.

use super::{percent, plural};
use crate::quiz::record::Confidence;

/// Answers, and how many of them agreed with the pack's verdict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    pub(crate) answers: u64,
    pub(crate) agreeing: u64,
}

impl Tally {
    pub(crate) fn add(&mut self, agrees: bool) {
        self.answers += 1;
        self.agreeing += u64::from(agrees);
    }

    /// Whether this agreed less often than `other` (both having answers).
    fn below(self, other: Self) -> bool {
        self.answers > 0
            && other.answers > 0
            && u128::from(self.agreeing) * u128::from(other.answers)
                < u128::from(other.agreeing) * u128::from(self.answers)
    }

    /// `1 of 3, 33%`.
    pub(crate) fn words(self) -> String {
        format!("{} of {}, {}%", self.agreeing, self.answers, percent(self.agreeing, self.answers))
    }
}

/// Why an answer set looks over-confident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OverConfidence {
    /// High-confidence answers agreed less often than low-confidence ones.
    HighBelowLow,
    /// Fewer than half of the high-confidence answers agreed.
    HighUnderHalf,
}

impl OverConfidence {
    /// The stable name in JSON.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Self::HighBelowLow => "high_below_low",
            Self::HighUnderHalf => "high_under_half",
        }
    }
}

/// A [`Tally`] per confidence level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Calibration {
    levels: [Tally; 3],
}

impl Calibration {
    pub(crate) fn add(&mut self, confidence: Confidence, agrees: bool) {
        self.levels[confidence as usize].add(agrees);
    }

    pub(crate) fn level(&self, confidence: Confidence) -> Tally {
        self.levels[confidence as usize]
    }

    pub(crate) fn over_confidence(&self) -> Vec<OverConfidence> {
        let (low, high) = (self.level(Confidence::Low), self.level(Confidence::High));
        let mut out = Vec::new();
        if high.below(low) {
            out.push(OverConfidence::HighBelowLow);
        }
        if high.answers > 0 && 2 * high.agreeing < high.answers {
            out.push(OverConfidence::HighUnderHalf);
        }
        out
    }

    /// The flags in a sentence, or `None` when there are none.
    pub(crate) fn over_confidence_words(&self) -> Option<String> {
        let flags = self.over_confidence();
        let (low, high) = (self.level(Confidence::Low), self.level(Confidence::High));
        let under_half = flags.contains(&OverConfidence::HighUnderHalf);
        let below_low = flags.contains(&OverConfidence::HighBelowLow);
        let high_words = format!(
            "agreed with the pack in {} of {} ({}%)",
            high.agreeing,
            plural(high.answers, "high-confidence answer"),
            percent(high.agreeing, high.answers)
        );
        match (under_half, below_low) {
            (false, false) => None,
            (true, false) => Some(format!("over-confident: {high_words}, under half")),
            (false, true) => Some(format!(
                "over-confident: {high_words}, less often than with low confidence ({})",
                low.words()
            )),
            (true, true) => Some(format!(
                "over-confident: {high_words}, under half, and less often than with low \
                 confidence ({})",
                low.words()
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calibration(answers: &[(Confidence, bool)]) -> Calibration {
        let mut c = Calibration::default();
        for (confidence, agrees) in answers {
            c.add(*confidence, *agrees);
        }
        c
    }

    #[test]
    fn over_confidence_is_flagged_in_both_ways() {
        use Confidence::{High, Low, Medium};
        // 2 of 3 high (67%) but 2 of 2 low (100%): below low, not under half.
        let c = calibration(&[(High, true), (High, true), (High, false), (Low, true), (Low, true)]);
        assert_eq!(c.over_confidence(), [OverConfidence::HighBelowLow]);
        // 1 of 3 high, no low answers: under half only.
        let c = calibration(&[(High, true), (High, false), (High, false), (Medium, true)]);
        assert_eq!(c.over_confidence(), [OverConfidence::HighUnderHalf]);
        assert_eq!(
            c.over_confidence_words().unwrap(),
            "over-confident: agreed with the pack in 1 of 3 high-confidence answers (33%), \
             under half"
        );
        // Exactly half is not under half; as often as low is not below it.
        let c = calibration(&[(High, true), (High, false), (Low, true), (Low, false)]);
        assert!(c.over_confidence().is_empty());
        assert_eq!(c.over_confidence_words(), None);
        // No high-confidence answers: nothing to say.
        assert!(calibration(&[(Low, false)]).over_confidence().is_empty());
    }
}
