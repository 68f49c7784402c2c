//! One quiz session: the cases in their order, the stage being asked, and
//! the answer to every line. It reads and writes no terminal and no file:
//! the drivers in [`crate::quiz::driver`] feed it lines, print its replies
//! and write the records it returns. A line that fails changes nothing: the
//! same stage is asked again.
//!
//! The texts it shows live by part: [`crate::quiz::stage`] (a stage as the
//! student meets it), [`crate::quiz::reveal`] (the pack at this stage),
//! [`crate::quiz::feedback`] (the comparison) and [`crate::quiz::summary`].

use colored::Colorize;

use crate::{
    DISCLAIMER,
    cases::case::Case,
    cases::case_file::{CaseFile, Expected},
    cases::teaching::StageView,
    engine::explanation::Explanation,
    engine::{self, Options, Sections},
    pack::Pack,
    pack::profile::ProfileId,
    pack::rule::RuleId,
    quiz::answer::{self, Answer, Command, Context, Line},
    quiz::feedback::{self, Comparison, Given},
    quiz::record::{self, Record},
    quiz::summary::{CaseSummary, Ending, Tally},
    quiz::{help, reveal, stage},
    render::diagnostic,
    render::text::{width, wrap},
};

/// What the session says in answer to one line.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Reply {
    /// For standard output.
    pub(crate) out: String,
    /// A mistake in the line, for standard error.
    pub(crate) err: String,
    /// The line was a mistake; the same stage is asked again.
    pub(crate) failed: bool,
    /// The quiz is over (every case done, or `quit`); `out` holds the
    /// summary.
    pub(crate) quit: bool,
    /// The committed answer, to append to the record file.
    pub(crate) record: Option<Record>,
}

/// Settings of a session that do not change.
#[derive(Debug, Clone, Default)]
pub(crate) struct Settings {
    /// Colour in messages (standard error).
    pub(crate) color: bool,
    pub(crate) student: Option<String>,
    pub(crate) quiet: bool,
    pub(crate) note: Option<String>,
    /// Where lines come from, for messages (`stdin`, `quiz`).
    pub(crate) origin: String,
}

/// The stage being asked, evaluated.
struct Current<'p> {
    view: StageView<'p>,
    explanation: Explanation<'p>,
    /// Per feature: known (entered or derived) at this stage.
    known: Vec<bool>,
}

/// The state of one quiz.
pub(crate) struct Session<'p> {
    pack: &'p Pack,
    cases: &'p [CaseFile],
    settings: Settings,
    /// Index of the case being asked; `cases.len()` when all are done.
    case: usize,
    views: Vec<StageView<'p>>,
    current: Option<Current<'p>>,
    /// The rules that fired at the previous stage of this case, and the
    /// case then (to mark what is new).
    before: (Vec<RuleId>, Case),
    /// This case's answers so far.
    given: Vec<Given>,
    tally: Tally,
    summary_shown: bool,
    line_number: usize,
}

impl<'p> Session<'p> {
    pub(crate) fn new(pack: &'p Pack, cases: &'p [CaseFile], settings: Settings) -> Self {
        Self {
            pack,
            cases,
            settings,
            case: 0,
            views: Vec::new(),
            current: None,
            before: (Vec::new(), Case::new()),
            given: Vec::new(),
            tally: Tally::new(pack),
            summary_shown: false,
            line_number: 0,
        }
    }

    /// What is printed first: the pack's title, the disclaimer, how to
    /// answer and the note (the disclaimer alone with `quiet`), then the
    /// first stage of the first case.
    pub(crate) fn start(&mut self) -> String {
        let pack = self.pack;
        let mut out = String::new();
        if !self.settings.quiet {
            let ids: Vec<&str> = pack.profiles.iter().map(|p| p.id.as_str()).collect();
            wrap(
                &mut out,
                width(),
                "",
                0,
                &format!("{} ({})", pack.title.bold(), ids.join(" or ")),
            );
        }
        wrap(&mut out, width(), "", 0, &format!("{} {DISCLAIMER}", "Disclaimer:".bold()));
        if !self.settings.quiet {
            let cases = if self.cases.len() == 1 {
                "one case".to_owned()
            } else {
                format!("{} cases", self.cases.len())
            };
            wrap(
                &mut out,
                width(),
                "",
                0,
                &format!(
                    "A quiz of {cases}. At each stage, commit first: a leaning, a confidence and the findings that matter most; then see how the rule pack weighs them. `help` shows how to answer, `quit` ends with a summary."
                ),
            );
            if let Some(note) = &self.settings.note {
                wrap(&mut out, width(), "", 0, note);
            }
        }
        self.open_case(&mut out);
        out
    }

    /// The text before the cursor on a terminal: the stage's name.
    pub(crate) fn prompt(&self) -> String {
        match &self.current {
            Some(current) => format!(
                "{} {}/{}> ",
                self.cases[self.case].id,
                current.view.number,
                self.views.len()
            ),
            None => "> ".to_owned(),
        }
    }

    /// The words Tab may complete at this stage: the names and synonyms of
    /// the findings known.
    pub(crate) fn known_features(&self) -> Vec<usize> {
        self.current.as_ref().map_or_else(Vec::new, |c| {
            c.known.iter().enumerate().filter(|(_, k)| **k).map(|(f, _)| f).collect()
        })
    }

    /// Whether every case has been answered or left.
    pub(crate) fn over(&self) -> bool {
        self.current.is_none()
    }

    /// Answers one line.
    pub(crate) fn handle(&mut self, line: &str) -> Reply {
        self.line_number += 1;
        let mut reply = Reply::default();
        let Some(current) = &self.current else {
            reply.quit = true;
            return reply;
        };
        let context = Context { pack: self.pack, known: &current.known };
        match answer::parse(line, &context) {
            Ok(Line::Nothing) => {}
            Ok(Line::Command(Command::Help)) => help::help(&context, &mut reply.out),
            Ok(Line::Command(Command::Features)) => {
                stage::known_findings(&current.explanation, &current.known, &mut reply.out);
            }
            Ok(Line::Command(Command::Skip)) => self.skip(&mut reply),
            Ok(Line::Command(Command::Quit)) => {
                self.finish_case(Ending::Left);
                reply.out.push_str(&self.summary());
                reply.quit = true;
            }
            Ok(Line::Answer(answer)) => self.commit(&answer, &mut reply),
            Err(mistake) => {
                reply.failed = true;
                reply.err = diagnostic::line_problem(
                    &mistake.title,
                    mistake.help.as_deref(),
                    line,
                    mistake.span,
                    Some((self.settings.origin.as_str(), self.line_number)),
                    self.settings.color,
                );
                reply.err.push('\n');
            }
        }
        reply
    }

    /// Refuses a line that could not be read at all (too long, not text),
    /// counting it so later line numbers stay right.
    pub(crate) fn refuse(&mut self, message: &str, help: &str) -> Reply {
        self.line_number += 1;
        let origin = Some((self.settings.origin.as_str(), self.line_number));
        let mut err =
            diagnostic::line_problem(message, Some(help), "", None, origin, self.settings.color);
        err.push('\n');
        Reply { err, failed: true, ..Reply::default() }
    }

    /// The summary, when the input ends before the quiz does (end of input,
    /// Ctrl-D); empty when it was shown already.
    pub(crate) fn end(&mut self) -> String {
        if self.summary_shown {
            return String::new();
        }
        self.finish_case(Ending::Left);
        self.summary()
    }

    fn summary(&mut self) -> String {
        self.summary_shown = true;
        self.current = None;
        let mut out = String::from("\n");
        self.tally.write(self.pack, self.cases.len(), &mut out);
        out
    }

    /// Starts the case at `self.case` (or ends the quiz when there is none).
    fn open_case(&mut self, out: &mut String) {
        self.given.clear();
        self.before = (Vec::new(), Case::new());
        let Some(case) = self.cases.get(self.case) else {
            self.current = None;
            return;
        };
        self.views = case.stage_views();
        self.tally.cases.push(CaseSummary::new(case));
        out.push('\n');
        wrap(
            out,
            width(),
            "",
            0,
            &format!(
                "{} {}",
                format!("Case {} of {}:", self.case + 1, self.cases.len()).bold(),
                if case.title() == case.id {
                    case.id.bold()
                } else {
                    format!("{} ({})", case.title(), case.id).bold()
                }
            ),
        );
        self.open_stage(0, out);
    }

    /// Shows stage `index` of the current case.
    fn open_stage(&mut self, index: usize, out: &mut String) {
        let Some(view) = self.views.get(index).cloned() else { return };
        let explanation = engine::evaluate(
            self.pack,
            &view.so_far,
            // The reveal says what smallest change would flip the verdict.
            Options { sections: Sections { flips: true, ..Sections::NONE }, ..Options::default() },
        );
        let known: Vec<bool> =
            explanation.facts.iter().map(crate::engine::fact::Fact::is_known).collect();
        let first = self.case == 0 && index == 0;
        stage::present(self.pack, &view, &self.before.1, self.views.len(), first, out);
        self.current = Some(Current { view, explanation, known });
    }

    /// A committed answer: the reveal, the feedback, the record, then the
    /// next stage, case or the summary.
    fn commit(&mut self, answer: &Answer, reply: &mut Reply) {
        let Some(current) = self.current.take() else { return };
        let pack = self.pack;
        let case = &self.cases[self.case];
        let e = &current.explanation;
        let view = &current.view;
        let last = view.number == self.views.len();
        let out = &mut reply.out;
        out.push('\n');
        reveal::reveal(e, &self.before.0, view, out);
        let comparison = Comparison::of(e, &answer.findings);
        let given = Given {
            stage: view.number,
            stage_name: view.name.to_owned(),
            leaning: answer.leaning,
            confidence: answer.confidence,
            verdict: e.verdict,
        };
        feedback::feedback(e, &given, &self.given, &comparison, out);
        if last {
            crate::render::case_sheet::case_footer(case, e, out);
        }
        let agrees = given.leaning == e.verdict;
        reply.record = Some(Record {
            format: record::FORMAT,
            time: record::now(),
            student: self.settings.student.clone(),
            pack: pack.name.clone(),
            case: case.id.clone(),
            stage: view.number,
            stage_name: view.name.to_owned(),
            stages: self.views.len(),
            leaning: leaning_text(pack, answer.leaning).to_owned(),
            confidence: answer.confidence,
            findings: names(pack, &answer.findings),
            verdict: e
                .verdict
                .map_or(record::NO_CLEAR_DIFFERENCE, |p| &pack.profiles[p].id)
                .to_owned(),
            leader: pack.profiles[e.leader()].id.clone(),
            margin: e.margin,
            agrees,
            weighed: names(pack, &comparison.weighed_features()),
            neutral: names(pack, &comparison.neutral),
            missed: names(pack, &comparison.missed),
            expected: case.expected.map(|x| match x {
                Expected::Profile(p) => pack.profiles[p].id.clone(),
                Expected::NoClearDifference => record::NO_CLEAR_DIFFERENCE.to_owned(),
            }),
        });
        self.tally.add(&given, &comparison);
        self.given.push(given);
        self.before = (e.fired.clone(), view.so_far.clone());
        if last {
            self.finish_case(Ending::Done);
            self.case += 1;
            self.open_case(out);
            if self.current.is_none() {
                out.push_str(&self.summary());
                reply.quit = true;
            }
        } else {
            self.open_stage(view.number, out);
        }
    }

    /// `skip`: this case is left, the next one starts.
    fn skip(&mut self, reply: &mut Reply) {
        let case = &self.cases[self.case];
        let out = &mut reply.out;
        out.push('\n');
        wrap(out, width(), "", 0, &format!("Case {} skipped.", case.id));
        self.finish_case(Ending::Skipped);
        self.case += 1;
        self.current = None;
        self.open_case(out);
        if self.current.is_none() {
            out.push_str(&self.summary());
            reply.quit = true;
        }
    }

    /// Notes how the current case ended, once.
    fn finish_case(&mut self, ending: Ending) {
        if let Some(summary) = self.tally.cases.last_mut()
            && summary.ending.is_none()
        {
            summary.ending = Some(ending);
        }
    }
}

/// A leaning as written: a profile id or `undecided`.
pub(crate) fn leaning_text(pack: &Pack, leaning: Option<ProfileId>) -> &str {
    leaning.map_or(record::UNDECIDED, |p| pack.profiles[p].id.as_str())
}

fn names(pack: &Pack, features: &[usize]) -> Vec<String> {
    features.iter().map(|f| pack.features[*f].name.clone()).collect()
}
