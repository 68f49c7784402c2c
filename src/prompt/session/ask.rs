//! The guided interview as the session runs it: `ask` and `ask on`, the
//! next question, reading a line as an answer (`skip`, `why`, `stop`, a
//! value), why a question is asked, and, when the margin is clear, which
//! answers could still reverse it. The interview's own state is in
//! [`crate::prompt::interview`].
//!
//! A clear margin never ends the questioning silently: stopping early
//! (premature closure) is the error a differential-reasoning lesson is
//! about, so the session names the answers still unknown that could
//! reverse the verdict or weaken it, and `ask on` asks them.

use std::fmt::Write as _;

use colored::Colorize;

use super::{Mistake, QUESTIONS, Reply, Session, features::points_text};
use crate::{
    cases::assignment,
    cases::case::Entry,
    engine::explanation::{Explanation, NextQuestion, Outcome},
    pack::condition::Check,
    pack::feature::{Feature, FeatureId},
    pack::name::normalize,
    pack::profile::ProfileId,
    prompt::command,
    prompt::interview::{self, Interview},
    prompt::token::Token,
    render::verdict_text,
};

impl Session<'_> {
    /// `ask`, or `ask on` (`past_clear`).
    pub(super) fn ask(&mut self, past_clear: bool, out: &mut String) {
        let e = self.evaluate_with(&self.case, QUESTIONS);
        let going_on = "The interview asks every question that could still move the margin, past a clear margin too, until none is left or you type `stop`.";
        if let Some(interview) = self.interview.as_mut() {
            // Already asking: show the open question again rather than
            // forgetting what was skipped.
            if past_clear && !interview.past_clear {
                interview.past_clear = true;
                self.wrap(out, "", 0, going_on);
            } else {
                let _ = writeln!(out, "The interview is already open.");
            }
            self.ask_next(&e, out);
            return;
        }
        if e.verdict.is_some() && !past_clear {
            self.wrap(out, "", 0, &format!("The margin is already clear: {}.", verdict_text(&e)));
            self.could_still_change(&e, out);
            return;
        }
        if past_clear && e.next_questions().is_empty() {
            self.wrap(
                out,
                "",
                0,
                &format!(
                    "Nothing to ask: no question left could move the margin. Verdict: {}.",
                    verdict_text(&e)
                ),
            );
            return;
        }
        if past_clear {
            self.wrap(out, "", 0, going_on);
        }
        self.interview = Some(Interview { past_clear, ..Interview::new() });
        self.ask_next(&e, out);
    }

    /// When the margin is clear: the answers still unknown that could
    /// reverse the verdict or weaken it to no clear difference, and how to
    /// go on; or, plainly, that none could.
    fn could_still_change(&self, e: &Explanation<'_>, out: &mut String) {
        let questions = e.next_questions();
        let lines: Vec<String> =
            questions.iter().filter_map(|q| self.verdict_changes(e, q)).collect();
        if lines.is_empty() {
            let text = if questions.is_empty() {
                "No unknown feature left could change the scores.".to_owned()
            } else {
                let n = questions.len();
                let noun = if n == 1 { "question" } else { "questions" };
                format!(
                    "No single answer left could reverse the verdict or weaken it to no clear difference. `ask on` still asks the {n} {noun} that could move the margin."
                )
            };
            self.wrap(out, "", 0, &text);
            return;
        }
        self.wrap(
            out,
            "",
            0,
            "Answers still unknown that could reverse the verdict or weaken it to no clear difference:",
        );
        for line in lines {
            self.wrap(out, "  - ", 4, &line);
        }
        self.wrap(
            out,
            "",
            0,
            "`ask on` asks these and every other question that could move the margin; `whatif` tries an answer without keeping it.",
        );
    }

    /// `lower_motor_neuron_signs: `no` would leave no clear difference`:
    /// the answers to a question that would change the verdict, grouped by
    /// where they would take it; `None` when no answer would.
    fn verdict_changes(&self, e: &Explanation<'_>, question: &NextQuestion) -> Option<String> {
        let feature = &self.pack.features[question.feature];
        let mut groups: Vec<(Option<ProfileId>, Vec<String>)> = Vec::new();
        for outcome in question.outcomes.iter().filter(|o| o.verdict != e.verdict) {
            let answer = answer_words(outcome, feature);
            match groups.iter_mut().find(|(verdict, _)| *verdict == outcome.verdict) {
                Some((_, answers)) => answers.push(answer),
                None => groups.push((outcome.verdict, vec![answer])),
            }
        }
        if groups.is_empty() {
            return None;
        }
        let parts: Vec<String> = groups
            .into_iter()
            .map(|(verdict, answers)| {
                let effect = match verdict {
                    None => "leave no clear difference".to_owned(),
                    Some(p) => format!("make it fit {} better", self.pack.profiles[p].id),
                };
                format!("{} would {effect}", or_list(&answers))
            })
            .collect();
        Some(format!("{}: {}", feature.name, parts.join("; ")))
    }

    /// Asks the next question, or ends the interview and says why.
    fn ask_next(&mut self, e: &Explanation<'_>, out: &mut String) {
        let Some(interview) = self.interview.as_mut() else { return };
        if e.verdict.is_some() && !interview.past_clear {
            self.interview = None;
            self.wrap(
                out,
                "",
                0,
                &format!(
                    "The margin is now clear: the interview ends. `explain` shows the whole reasoning; `how {}` how it was reached.",
                    self.pack.profiles[e.leader()].id
                ),
            );
            self.could_still_change(e, out);
            return;
        }
        let Some(question) = interview.next_question(e) else {
            let skipped_could_help = !e.next_questions().is_empty();
            let past_clear = interview.past_clear;
            self.interview = None;
            let text = match (skipped_could_help, past_clear) {
                (true, false) => "Every question left was skipped or answered `unknown`: the interview ends without a clear difference. `ask` starts again and asks them anew.".to_owned(),
                (false, false) => "No unknown feature left could change the scores: the interview ends without a clear difference.".to_owned(),
                (true, true) => format!(
                    "Every question left was skipped or answered `unknown`: the interview ends. Verdict: {}. `ask on` starts again and asks them anew.",
                    verdict_text(e)
                ),
                (false, true) => format!(
                    "No question left could move the margin: the interview ends. Verdict: {}.",
                    verdict_text(e)
                ),
            };
            self.wrap(out, "", 0, &text);
            return;
        };
        // The same question again (the case changed but it still ranks
        // first) keeps its number.
        if interview.asked == 0 || question.feature != interview.current {
            interview.asked += 1;
        }
        interview.current = question.feature;
        let asked = interview.asked;
        let feature = &self.pack.features[question.feature];
        out.push('\n');
        self.wrap(
            out,
            "",
            2,
            &format!("{} {}", format!("Question {asked}:").bold(), feature.question),
        );
        self.wrap(
            out,
            "  ",
            2,
            &format!(
                "({}: answer {}; or `unknown`, `skip`, `why`, `stop`)",
                feature.name,
                interview::answers(self.pack, question.feature)
            ),
        );
    }

    /// After the case changed during an interview: the next question.
    pub(super) fn continue_interview(&mut self, e: &Explanation<'_>, out: &mut String) {
        if self.interview.is_some() {
            self.ask_next(e, out);
        }
    }

    /// Reads a line as an answer to the open question. `Ok(false)` means
    /// it is not an answer but a command (or features) to run as usual.
    pub(super) fn answer(&mut self, tokens: &[Token], reply: &mut Reply) -> Result<bool, Mistake> {
        let Some(interview) = self.interview.as_ref() else { return Ok(false) };
        let feature = interview.current;
        let [token] = tokens else {
            // `relapsing then progressive`, `62 years`: an answer followed
            // by more words, which as features would make no sense.
            if let (Some(first), Some(second), Some(last)) =
                (tokens.first(), tokens.get(1), tokens.last())
                && command::find(&first.text).is_none()
                && assignment::value_for(self.pack, feature, &first.text).is_ok()
                && self.parse_features(tokens, true).is_err()
            {
                return Err(Mistake::new(
                    "an answer is one word",
                    Some(second.span.start..last.span.end),
                    Some(format!(
                        "answer {}; or `unknown`, `skip`, `why`, `stop`",
                        interview::answers(self.pack, feature)
                    )),
                ));
            }
            return Ok(false);
        };
        let word = normalize(&token.text);
        let out = &mut reply.out;
        match word.as_str() {
            "stop" => {
                self.interview = None;
                let _ = writeln!(out, "The interview stops; the case keeps its answers.");
                return Ok(true);
            }
            "skip" => {
                if let Some(interview) = self.interview.as_mut() {
                    interview.passed.insert(feature);
                }
                let e = self.evaluate_with(&self.case, QUESTIONS);
                self.ask_next(&e, out);
                return Ok(true);
            }
            "why" => {
                self.why(feature, out);
                return Ok(true);
            }
            _ => {}
        }
        match assignment::value_for(self.pack, feature, &token.text) {
            Ok(entry) => {
                if entry == Entry::Unknown
                    && let Some(interview) = self.interview.as_mut()
                {
                    interview.passed.insert(feature);
                }
                let before = self.evaluate(&self.case);
                self.case.replace(feature, entry);
                let after = self.evaluate_with(&self.case, QUESTIONS);
                self.status(&before, &after, out);
                self.ask_next(&after, out);
                Ok(true)
            }
            Err((kind, _)) => {
                // A command or a feature of its own is run as usual; the
                // question stays open.
                if command::find(&token.text).is_some()
                    || assignment::parse(self.pack, &token.text).is_ok()
                {
                    return Ok(false);
                }
                Err(Mistake::new(
                    kind.to_string(),
                    Some(token.span.clone()),
                    Some(format!(
                        "answer {}; or `unknown`, `skip`, `why`, `stop`",
                        interview::answers(self.pack, feature)
                    )),
                ))
            }
        }
    }

    /// Why the open question is asked: how far it could move the lead, and
    /// what each answer would do.
    fn why(&self, feature: FeatureId, out: &mut String) {
        let pack = self.pack;
        let e = self.evaluate_with(&self.case, QUESTIONS);
        let f = &pack.features[feature];
        let question: Option<NextQuestion> =
            e.next_questions().iter().find(|q| q.feature == feature).cloned();
        let Some(question) = question else {
            self.wrap(
                out,
                "",
                0,
                &format!("No answer about {} would change the scores now.", f.name),
            );
            return;
        };
        let decisive = if question.decisive { ", and some answer changes the verdict" } else { "" };
        self.wrap(
            out,
            "",
            2,
            &format!(
                "Why ask about {}: of the questions left, its answer could move the balance most, by up to {}{decisive}.",
                f.name,
                if question.swing == 1 { "1 point".to_owned() } else { format!("{} points", question.swing) }
            ),
        );
        for outcome in &question.outcomes {
            let mut case = self.case.clone();
            case.replace(feature, Entry::Known(outcome.example));
            let after = self.evaluate(&case);
            let fired: Vec<String> = pack
                .rules
                .iter()
                .enumerate()
                .filter(|(r, _)| after.rule_truth[*r].is_true() != e.rule_truth[*r].is_true())
                .map(|(r, rule)| {
                    let sign = if after.rule_truth[r].is_true() { 1 } else { -1 };
                    format!("{} ({})", rule.id, points_text(pack, rule, sign))
                })
                .collect();
            let rules =
                if fired.is_empty() { "no rule fires".to_owned() } else { fired.join(", ") };
            self.wrap(
                out,
                "  - ",
                4,
                &format!("{}: {rules} -> {}", outcome.answer_text(f), verdict_text(&after)),
            );
        }
        self.wrap(out, "  - ", 4, "unknown or skip: nothing changes");
    }
}

/// An answer as it is typed (`` `no` ``, `` `relapsing` ``), or for a number
/// the range it falls in (`below 40 years`).
fn answer_words(outcome: &Outcome, feature: &Feature) -> String {
    match outcome.answer {
        Check::Range { .. } => outcome.answer_text(feature),
        _ => format!("`{}`", outcome.answer_text(feature)),
    }
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}
