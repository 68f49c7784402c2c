//! The summary at the end of a quiz (every case done, `quit`, Ctrl-D or
//! the end of the input): each case stage by stage, then the session as a
//! whole: agreement by stage number, confidence against agreement, and the
//! findings most often left out or named while neutral. It keeps counts
//! and the short per-case lines, never explanations.

use std::fmt::Write as _;

use colored::Colorize;

use crate::{
    DISCLAIMER,
    cases::case_file::CaseFile,
    pack::Pack,
    quiz::feedback::{Comparison, Given},
    quiz::record::Confidence,
    quiz::session::leaning_text,
    render::text::{width, wrap},
};

/// How many findings the lists of most missed and most neutral show.
const TOP_FINDINGS: usize = 5;

/// How a case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ending {
    /// Every stage answered.
    Done,
    Skipped,
    /// The quiz ended during it (`quit`, end of input).
    Left,
}

/// One case as the summary shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CaseSummary {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) stages: usize,
    pub(crate) answers: Vec<Given>,
    pub(crate) ending: Option<Ending>,
}

impl CaseSummary {
    pub(crate) fn new(case: &CaseFile) -> Self {
        Self {
            id: case.id.clone(),
            title: case.title().to_owned(),
            stages: case.stage_views().len(),
            answers: Vec::new(),
            ending: None,
        }
    }
}

/// Answers and how many agreed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Count {
    answers: usize,
    agree: usize,
}

impl Count {
    fn add(&mut self, agrees: bool) {
        self.answers += 1;
        self.agree += usize::from(agrees);
    }

    fn text(self) -> String {
        let answers = if self.answers == 1 { "answer" } else { "answers" };
        if self.answers == 0 {
            return "no answers".to_owned();
        }
        format!(
            "{} {answers}, {} agreeing with the rules ({}%)",
            self.answers,
            self.agree,
            self.agree * 100 / self.answers
        )
    }
}

/// Everything the summary needs, gathered answer by answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tally {
    pub(crate) cases: Vec<CaseSummary>,
    /// By stage number (index 0 is stage 1).
    by_stage: Vec<Count>,
    /// Low, medium, high.
    by_confidence: [Count; 3],
    /// Per feature: times left out, times named while neutral.
    missed: Vec<usize>,
    neutral: Vec<usize>,
}

impl Tally {
    pub(crate) fn new(pack: &Pack) -> Self {
        Self {
            cases: Vec::new(),
            by_stage: Vec::new(),
            by_confidence: [Count::default(); 3],
            missed: vec![0; pack.features.len()],
            neutral: vec![0; pack.features.len()],
        }
    }

    pub(crate) fn add(&mut self, given: &Given, comparison: &Comparison) {
        let agrees = given.leaning == given.verdict;
        if self.by_stage.len() < given.stage {
            self.by_stage.resize(given.stage, Count::default());
        }
        if let Some(count) = self.by_stage.get_mut(given.stage.saturating_sub(1)) {
            count.add(agrees);
        }
        let c = Confidence::ALL.iter().position(|c| *c == given.confidence).unwrap_or(0);
        self.by_confidence[c].add(agrees);
        for f in &comparison.missed {
            self.missed[*f] += 1;
        }
        for f in &comparison.neutral {
            self.neutral[*f] += 1;
        }
        if let Some(case) = self.cases.last_mut() {
            case.answers.push(given.clone());
        }
    }

    /// The summary text, ending with the disclaimer.
    pub(crate) fn write(&self, pack: &Pack, planned: usize, out: &mut String) {
        let _ = writeln!(out, "{}", "Summary".bold().underline());
        for case in &self.cases {
            case_lines(pack, case, out);
        }
        let not_reached = planned.saturating_sub(self.cases.len());
        if not_reached > 0 {
            let cases = if not_reached == 1 { "case was" } else { "cases were" };
            let _ = writeln!(out, "  {not_reached} more {cases} not reached.");
        }
        let total: usize = self.by_confidence.iter().map(|c| c.answers).sum();
        out.push('\n');
        if total == 0 {
            let _ = writeln!(out, "No answer was committed.");
        } else {
            self.session_lines(pack, total, out);
        }
        out.push('\n');
        wrap(out, width(), "", 0, &format!("{} {DISCLAIMER}", "Disclaimer:".bold()));
    }

    fn session_lines(&self, pack: &Pack, total: usize, out: &mut String) {
        let answers = if total == 1 { "answer" } else { "answers" };
        let _ = writeln!(out, "{}", format!("This session: {total} {answers}").bold());
        let _ = writeln!(out, "  Agreement with the rules, by stage:");
        for (i, count) in self.by_stage.iter().enumerate() {
            let _ = writeln!(out, "    stage {}: {}", i + 1, count.text());
        }
        let _ = writeln!(out, "  Confidence against agreement:");
        for (c, count) in Confidence::ALL.iter().zip(self.by_confidence) {
            let _ = writeln!(out, "    {}: {}", c.name(), count.text());
        }
        for (title, counts) in [
            ("Findings the heaviest rules read that you most often left out:", &self.missed),
            ("Findings you named that the rules most often left neutral:", &self.neutral),
        ] {
            let mut top: Vec<(usize, usize)> =
                counts.iter().copied().enumerate().filter(|(_, n)| *n > 0).collect();
            // Most often first; pack order on ties.
            top.sort_by_key(|(f, n)| (std::cmp::Reverse(*n), *f));
            top.truncate(TOP_FINDINGS);
            if top.is_empty() {
                let _ = writeln!(out, "  {title} none");
                continue;
            }
            let _ = writeln!(out, "  {title}");
            for (f, n) in top {
                let times = if n == 1 { "once".to_owned() } else { format!("{n} times") };
                let _ = writeln!(out, "    {} ({times})", pack.features[f].name);
            }
        }
    }
}

/// One case: a line per stage answered, and how it ended.
fn case_lines(pack: &Pack, case: &CaseSummary, out: &mut String) {
    // A case without a title goes by its id alone.
    let heading = if case.title == case.id {
        format!("{}", case.id.bold())
    } else {
        format!("{}: {}", case.id.bold(), case.title)
    };
    wrap(out, width(), "  ", 4, &heading);
    let rows: Vec<[String; 4]> = case
        .answers
        .iter()
        .map(|g| {
            [
                format!("{} {}", g.stage, g.stage_name),
                format!("{}, {}", leaning_text(pack, g.leaning), g.confidence.name()),
                g.verdict.map_or_else(
                    || "no clear difference".to_owned(),
                    |p| pack.profiles[p].id.clone(),
                ),
                if g.leaning == g.verdict { "agree" } else { "part" }.to_owned(),
            ]
        })
        .collect();
    if !rows.is_empty() {
        let header = ["stage", "you", "the rules", ""].map(str::to_owned);
        let widths: Vec<usize> = (0..4)
            .map(|i| rows.iter().chain([&header]).map(|r| r[i].chars().count()).max().unwrap_or(0))
            .collect();
        for (n, row) in std::iter::once(&header).chain(&rows).enumerate() {
            let mut line = String::from("    ");
            for (cell, width) in row.iter().zip(&widths) {
                let _ = write!(line, "{cell:<width$}  ");
            }
            let line = line.trim_end();
            let _ = writeln!(out, "{}", if n == 0 { line.dimmed() } else { line.normal() });
        }
    }
    let answered = case.answers.len();
    let ending = match case.ending {
        Some(Ending::Done) | None if answered == case.stages => None,
        Some(Ending::Skipped) => {
            Some(format!("skipped after {answered} of {} stages", case.stages))
        }
        _ => Some(format!("left after {answered} of {} stages", case.stages)),
    };
    if let Some(ending) = ending {
        let _ = writeln!(out, "    ({ending})");
    }
}
