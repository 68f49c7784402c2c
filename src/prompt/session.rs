//! One prompt session: the case being built, an interview in progress, and
//! the answer to every line typed. It reads and writes no terminal; the
//! driver in [`crate::prompt`] feeds it lines and prints its replies. Only
//! `save` and `load` touch files.

use std::{
    fmt::Write as _,
    fs,
    ops::Range,
    path::{Path, PathBuf},
};

use colored::Colorize;

use crate::{
    DISCLAIMER,
    cases::assignment,
    cases::case::{Case, Entry},
    cases::case_file::{self, CaseFile, Expected},
    engine::explanation::{Explanation, NextQuestion},
    engine::fact::Origin,
    engine::{self, Options},
    error::io_reason,
    pack::Pack,
    pack::feature::FeatureId,
    pack::name::normalize,
    pack::profile::ProfileId,
    prompt::command::{self, COMMANDS, Command, Style},
    prompt::interview::{self, Interview},
    prompt::token::{Token, tokenize},
    render::diagnostic::{self, clean},
    render::listing,
    render::{self, Render, claims_text, scores_text, text::Text, verdict_text},
    suggest::{closest, did_you_mean},
};

/// What the session says in answer to one line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Reply {
    /// The answer, for standard output.
    pub(crate) out: String,
    /// A mistake in the line, for standard error.
    pub(crate) err: String,
    /// The line was a mistake; the case is unchanged.
    pub(crate) failed: bool,
    /// The person asked to leave.
    pub(crate) quit: bool,
}

/// A mistake in a line: what, where in it, and how to fix it.
struct Mistake {
    title: String,
    span: Option<Range<usize>>,
    help: Option<String>,
}

impl Mistake {
    fn new(title: impl Into<String>, span: Option<Range<usize>>, help: Option<String>) -> Self {
        Self { title: title.into(), span, help }
    }
}

/// The state of one session.
pub(crate) struct Session<'p> {
    pack: &'p Pack,
    case: Case,
    /// Id, description and expected verdict of a loaded case, kept for
    /// `save`.
    id: Option<String>,
    description: Option<String>,
    expected: Option<Expected>,
    rationale: Option<String>,
    interview: Option<Interview>,
    /// Colour in messages (standard error).
    color: bool,
    /// Where lines come from, for messages (`stdin`, `prompt`).
    origin: Option<String>,
    line_number: usize,
    text: Text,
}

impl<'p> Session<'p> {
    pub(crate) fn new(pack: &'p Pack, color: bool, origin: Option<String>) -> Self {
        Self {
            pack,
            case: Case::new(),
            id: None,
            description: None,
            expected: None,
            rationale: None,
            interview: None,
            color,
            origin,
            line_number: 0,
            text: Text { brief: false, width: render::text::WIDTH },
        }
    }

    /// The feature an open interview question asks about.
    pub(crate) fn asking(&self) -> Option<FeatureId> {
        self.interview.as_ref().map(|i| i.current)
    }

    /// The text before the cursor: `> `, or the feature asked about.
    pub(crate) fn prompt(&self) -> String {
        match self.asking() {
            Some(feature) => format!("{}? ", self.pack.features[feature].name),
            None => "> ".to_owned(),
        }
    }

    /// What is printed when the session starts: the pack's title, the
    /// disclaimer and a hint; with `quiet`, the disclaimer alone (it is
    /// never left out).
    pub(crate) fn banner(&self, quiet: bool) -> String {
        let pack = self.pack;
        let ids: Vec<&str> = pack.profiles.iter().map(|p| p.id.as_str()).collect();
        let mut out = String::new();
        if quiet {
            self.wrap(&mut out, "", 0, &format!("{} {DISCLAIMER}", "Disclaimer:".bold()));
            return out;
        }
        self.wrap(
            &mut out,
            "",
            0,
            &format!(
                "{} ({}; {} features)",
                pack.title.bold(),
                ids.join(" or "),
                pack.features.len()
            ),
        );
        self.wrap(&mut out, "", 0, &format!("{} {DISCLAIMER}", "Disclaimer:".bold()));
        self.wrap(
            &mut out,
            "",
            0,
            &format!(
                "Type features such as `{}`, `ask` for a guided interview, `help` for every command, `quit` to leave.",
                pack.example()
            ),
        );
        out
    }

    fn wrap(&self, out: &mut String, first: &str, rest: usize, text: &str) {
        render::text::wrap(out, self.text.width, first, rest, text);
    }

    fn evaluate(&self, case: &Case) -> Explanation<'p> {
        engine::evaluate(self.pack, case, Options::default())
    }

    /// Answers one line.
    pub(crate) fn handle(&mut self, line: &str) -> Reply {
        self.line_number += 1;
        let mut reply = Reply::default();
        if let Err(mistake) = self.dispatch(line, &mut reply) {
            reply.failed = true;
            let origin = self.origin.as_deref().map(|name| (name, self.line_number));
            reply.err = diagnostic::line_problem(
                &mistake.title,
                mistake.help.as_deref(),
                line,
                mistake.span,
                origin,
                self.color,
            );
            reply.err.push('\n');
        }
        reply
    }

    /// Refuses a line that could not be read at all (too long, not text),
    /// counting it so later line numbers stay right.
    pub(crate) fn refuse(&mut self, message: &str, help: &str) -> Reply {
        self.line_number += 1;
        let origin = self.origin.as_deref().map(|name| (name, self.line_number));
        let mut err = diagnostic::line_problem(message, Some(help), "", None, origin, self.color);
        err.push('\n');
        Reply { err, failed: true, ..Reply::default() }
    }

    fn dispatch(&mut self, line: &str, reply: &mut Reply) -> Result<(), Mistake> {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return Ok(());
        }
        let tokens = tokenize(line).map_err(|open| {
            Mistake::new(
                "this quote is never closed",
                Some(open.at..open.at + 1),
                Some(format!("end the quoted words with another {}", open.quote)),
            )
        })?;
        if self.interview.is_some() && self.answer(&tokens, reply)? {
            return Ok(());
        }
        // Words that are not a command are features typed bare, where an
        // unknown word may also be a mistyped command or a stray answer.
        let bare = tokens.first().is_some_and(|t| command::find(&t.text).is_none());
        let parsed = command::parse(tokens, self.pack)
            .map_err(|e| Mistake::new(e.message, e.span, e.help))?;
        let Some(command) = parsed else { return Ok(()) };
        match command {
            Command::Set(tokens) => self.set(&tokens, bare, reply)?,
            Command::Unset(tokens) => self.unset(&tokens, reply)?,
            Command::Case => self.show_case(&mut reply.out),
            Command::Explain(style) => self.explain(style, &mut reply.out),
            Command::Features => reply.out.push_str(&listing::features(self.pack)),
            Command::Reset => self.reset(&mut reply.out),
            Command::Ask => self.ask(&mut reply.out),
            Command::How(token) => self.how(&token, &mut reply.out)?,
            Command::WhyNot(token) => self.why_not(&token, &mut reply.out)?,
            Command::WhatIf(tokens) => self.what_if(line, &tokens, &mut reply.out)?,
            Command::Save { path, force } => self.save(&path, force, &mut reply.out)?,
            Command::Load(path) => self.load(&path, reply)?,
            Command::Help(topic) => self.help(topic.as_ref(), &mut reply.out)?,
            Command::Quit => reply.quit = true,
        }
        Ok(())
    }

    // ----- features -------------------------------------------------------

    /// Features typed on one line, as a case of their own. `bare` when they
    /// start the line (no `set` or `whatif` before them).
    fn parse_features(&self, tokens: &[Token], bare: bool) -> Result<Case, Mistake> {
        let texts: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        assignment::parse_all(self.pack, &texts).map_err(|error| {
            let token = tokens.get(error.argument).or(tokens.last());
            let span = token.map(|t| {
                // Point at the name or the value inside the word, as on the
                // command line; a quoted word is pointed at whole.
                let part = diagnostic::part_of(&error.kind, &t.text);
                if t.span.len() == t.text.len() {
                    t.span.start + part.start..t.span.start + part.end
                } else {
                    t.span.clone()
                }
            });
            let mut title = error.kind.to_string();
            // At the prompt the listing is a command of its own.
            let mut help = error.help.as_deref().map(|h| h.replace("`neurotriage features`", "`features`"));
            // A lone mistyped word may have been meant as a command, or as
            // the answer to a question that is not open.
            if let assignment::AssignmentErrorKind::UnknownFeature { name } = &error.kind
                && error.argument == 0
                && bare
                && texts.first().is_some_and(|t| !t.contains(['=', ':']))
            {
                let word = normalize(name);
                let answer_word = interview::KEYWORDS.contains(&word.as_str())
                    || ["yes", "no", "y", "n"].contains(&word.as_str());
                if let Some(feature) = self.asking() {
                    // Typed while a question is open: an answer with more
                    // words than one. Point at the words after the first.
                    let extra = match (tokens.get(1), tokens.last()) {
                        (Some(second), Some(last)) => Some(second.span.start..last.span.end),
                        _ => span,
                    };
                    return Mistake::new(
                        "an answer is one word",
                        extra,
                        Some(format!(
                            "answer {}; or `unknown`, `skip`, `why`, `stop`",
                            interview::answers(self.pack, feature)
                        )),
                    );
                }
                if texts.len() == 1 && answer_word {
                    return Mistake::new(
                        format!("`{name}` answers a question, and no question is open"),
                        span,
                        Some(format!(
                            "`ask` starts a guided interview; to enter a feature, write it with its value, such as `{}`",
                            self.pack.example()
                        )),
                    );
                }
                title = format!("unknown feature or command `{name}`");
                let feature_suggested = help.as_deref().is_some_and(|h| h.starts_with("did you"));
                if let Some(command) = command::closest_command(name)
                    && !feature_suggested
                {
                    help =
                        Some(format!("did you mean the command `{command}`? (`help` lists them)"));
                }
            }
            Mistake::new(title, span, help)
        })
    }

    fn set(&mut self, tokens: &[Token], bare: bool, reply: &mut Reply) -> Result<(), Mistake> {
        let new = self.parse_features(tokens, bare)?;
        let before = self.evaluate(&self.case);
        let mut notes = Vec::new();
        for (feature, entry) in new.iter() {
            if let Some(old) = self.case.get(feature)
                && old != entry
            {
                notes.push(format!(
                    "{} was {}, now {}",
                    self.pack.features[feature].name,
                    assignment::entry_text(self.pack, feature, old),
                    assignment::entry_text(self.pack, feature, entry)
                ));
            }
            self.case.replace(feature, entry);
        }
        let after = self.evaluate(&self.case);
        for note in notes {
            self.wrap(&mut reply.out, "", 2, &note);
        }
        self.status(&before, &after, &mut reply.out);
        self.continue_interview(&after, &mut reply.out);
        Ok(())
    }

    fn unset(&mut self, tokens: &[Token], reply: &mut Reply) -> Result<(), Mistake> {
        let mut features = Vec::new();
        for token in tokens {
            let feature = self.pack.feature_by_name(&token.text).ok_or_else(|| {
                let words: Vec<(&str, FeatureId)> = self.pack.feature_words().collect();
                let help = closest(&token.text, words.iter().map(|(w, _)| *w))
                    .and_then(|w| words.iter().find(|(word, _)| *word == w))
                    .map(|(_, f)| format!("did you mean `{}`?", self.pack.features[*f].name))
                    .or_else(|| Some("`features` lists the features".into()));
                Mistake::new(
                    format!("unknown feature `{}`", token.text),
                    Some(token.span.clone()),
                    help,
                )
            })?;
            if !features.contains(&feature) {
                features.push(feature);
            }
        }
        let before = self.evaluate(&self.case);
        for feature in features {
            let name = &self.pack.features[feature].name;
            if self.case.remove(feature).is_none() {
                let why = match before.facts[feature].origin {
                    Origin::Derived(d) => format!(
                        "{name} was not entered: it is derived by {}; unset what it is derived from",
                        self.pack.derivations[d].id
                    ),
                    _ => format!("{name} was not entered, so there is nothing to unset"),
                };
                self.wrap(&mut reply.out, "", 2, &why);
            }
        }
        let after = self.evaluate(&self.case);
        self.status(&before, &after, &mut reply.out);
        self.continue_interview(&after, &mut reply.out);
        Ok(())
    }

    /// The verdict line after a change, then what changed and why.
    fn status(&self, before: &Explanation<'_>, after: &Explanation<'_>, out: &mut String) {
        let line = format!("{} {}  [{}]", "=>".bold(), verdict_text(after), scores_text(after));
        self.wrap(out, "", 3, &line);
        let changes = self.changes(before, after);
        if changes.is_empty() {
            let _ = writeln!(out, "   no rule changed");
        }
        for change in changes {
            self.wrap(out, "   ", 5, &change);
        }
    }

    /// What differs between two evaluations of the case, one line each:
    /// rules that now fire or no longer do (with the points they move),
    /// facts derived or no longer derived, caveats of the claims newly
    /// used, and alerts newly raised.
    fn changes(&self, before: &Explanation<'_>, after: &Explanation<'_>) -> Vec<String> {
        let pack = self.pack;
        let mut lines = Vec::new();
        for (r, rule) in pack.rules.iter().enumerate() {
            let (was, now) = (before.rule_truth[r].is_true(), after.rule_truth[r].is_true());
            if was == now {
                continue;
            }
            let sign = if now { 1 } else { -1 };
            let points = points_text(pack, rule, sign);
            if now {
                lines.push(format!(
                    "{points}: {} ({} {})",
                    rule.reason,
                    rule.id,
                    claims_text(pack, &rule.claims)
                ));
                for c in pack.caveated(rule.claims.iter().copied()) {
                    if let Some(caveat) = &pack.claims[c].caveat {
                        lines.push(format!(
                            "  {} ({}): {caveat}",
                            "caveat".yellow(),
                            pack.claims[c].id
                        ));
                    }
                }
            } else {
                lines.push(format!("{points}: {} no longer holds", rule.id));
            }
        }
        for (f, feature) in pack.features.iter().enumerate() {
            let (was, now) = (before.facts[f], after.facts[f]);
            match (was.origin, now.origin) {
                (Origin::Derived(a), Origin::Derived(b)) if a == b && was.value == now.value => {}
                (_, Origin::Derived(d)) => lines.push(format!(
                    "derived: {} = {}, by {}",
                    feature.name,
                    after.value_text(f),
                    pack.derivations[d].id
                )),
                (Origin::Derived(_), _) if now.value.is_none() => {
                    lines.push(format!("no longer derived: {}", feature.name));
                }
                _ => {}
            }
        }
        for a in &after.alerts {
            if !before.alerts.contains(a) {
                let alert = &pack.alerts[*a];
                lines.push(format!(
                    "{} {} {}",
                    "!".red().bold(),
                    alert.advice,
                    claims_text(pack, &alert.claims)
                ));
            }
        }
        lines
    }

    // ----- showing the case ----------------------------------------------

    fn show_case(&self, out: &mut String) {
        let pack = self.pack;
        let e = self.evaluate(&self.case);
        if let Some(id) = &self.id {
            let _ = writeln!(out, "Case `{}`", clean(id));
            if let Some(description) = &self.description {
                self.wrap(out, "  ", 2, &clean(description.trim()));
            }
        }
        if self.case.is_empty() {
            self.wrap(
                out,
                "",
                0,
                &format!("Nothing entered yet; type features such as `{}`.", pack.example()),
            );
        } else {
            let _ = writeln!(out, "Entered:");
            for (feature, entry) in self.case.iter() {
                let name = &pack.features[feature].name;
                match entry {
                    Entry::Known(_) => {
                        let _ = writeln!(out, "  {name} = {}", e.value_text(feature));
                    }
                    Entry::Unknown => {
                        let _ = writeln!(out, "  {name} = unknown (stated)");
                    }
                }
            }
        }
        let derived: Vec<_> = e.derived().collect();
        if !derived.is_empty() {
            let _ = writeln!(out, "Derived:");
            for (feature, d) in derived {
                self.text.derived_fact(&e, feature, d, out);
            }
        }
        let unknown = e.facts.iter().filter(|f| !f.is_known()).count();
        let _ = writeln!(out, "Unknown: {unknown} of {} features", pack.features.len());
        self.wrap(out, "", 2, &format!("Verdict: {}", verdict_text(&e)));
        if let Some(expected) = self.expected {
            self.wrap(out, "", 0, &self.agreement(expected, &e));
        }
    }

    /// Whether the verdict is what the loaded case expects.
    fn agreement(&self, expected: Expected, e: &Explanation<'_>) -> String {
        let pack = self.pack;
        let said = match expected {
            Expected::Profile(p) => pack.profiles[p].id.as_str(),
            Expected::NoClearDifference => "no clear difference",
        };
        let agrees = match expected {
            Expected::Profile(p) => e.verdict == Some(p),
            Expected::NoClearDifference => e.verdict.is_none(),
        };
        if agrees {
            format!("The case file expects {said}; the rule pack agrees.")
        } else {
            format!("The case file expects {said}; the rule pack does not agree (yet).")
        }
    }

    fn explain(&self, style: Style, out: &mut String) {
        let e = self.evaluate(&self.case);
        let renderer: Box<dyn Render> = match style {
            Style::Full => Box::new(self.text),
            Style::Brief => Box::new(Text { brief: true, ..self.text }),
            Style::Json => Box::new(render::json::Json { brief: false }),
            Style::Markdown => Box::new(render::markdown::Markdown { brief: false }),
        };
        renderer.render(&e, out);
    }

    fn reset(&mut self, out: &mut String) {
        let before = self.evaluate(&self.case);
        self.case = Case::new();
        self.id = None;
        self.description = None;
        self.expected = None;
        self.rationale = None;
        if self.interview.take().is_some() {
            let _ = writeln!(out, "The interview stops.");
        }
        let _ = writeln!(out, "The case is empty again.");
        let after = self.evaluate(&self.case);
        self.status(&before, &after, out);
    }

    // ----- how, why not, what if -------------------------------------------

    fn profile(&self, token: &Token) -> Result<ProfileId, Mistake> {
        self.pack.profile_by_id(&token.text).ok_or_else(|| {
            let ids: Vec<&str> = self.pack.profiles.iter().map(|p| p.id.as_str()).collect();
            let help = did_you_mean(&token.text, ids.iter().copied())
                .unwrap_or_else(|| format!("the profiles are `{}`", ids.join("`, `")));
            Mistake::new(
                format!("unknown profile `{}`", token.text),
                Some(token.span.clone()),
                Some(help),
            )
        })
    }

    fn how(&self, token: &Token, out: &mut String) -> Result<(), Mistake> {
        let p = self.profile(token)?;
        let pack = self.pack;
        let e = self.evaluate(&self.case);
        let profile = &pack.profiles[p];
        let _ = writeln!(out, "How {} ({}) stands at {}:", profile.id, profile.name, e.scores[p]);
        self.text.evidence_on(&e, p, out);
        let rules: Vec<_> = e.evidence_on(p).collect();
        if !rules.is_empty() {
            let parts: Vec<String> =
                rules.iter().map(|r| format!("{:+}", r.effect_on(p))).collect();
            let _ = writeln!(out, "  = {} = {}", parts.join(" "), e.scores[p]);
        }
        // The derived facts these rules read, and those they rest on in
        // turn, in pack order.
        let mut chain = std::collections::BTreeSet::new();
        let mut todo: Vec<FeatureId> = e
            .fired
            .iter()
            .filter(|r| pack.rules[**r].effect_on(p) != 0)
            .flat_map(|r| pack.rule_reads(*r).iter().copied())
            .collect();
        while let Some(feature) = todo.pop() {
            if let Origin::Derived(d) = e.facts[feature].origin
                && chain.insert(feature)
            {
                todo.extend(pack.derivation_reads(d).iter().copied());
            }
        }
        if !chain.is_empty() {
            let _ = writeln!(out, "Derived facts these rules read:");
            for feature in chain {
                if let Origin::Derived(d) = e.facts[feature].origin {
                    self.text.derived_fact(&e, feature, d, out);
                }
            }
        }
        self.wrap(out, "", 0, &verdict_text(&e));
        Ok(())
    }

    fn why_not(&self, token: &Token, out: &mut String) -> Result<(), Mistake> {
        let p = self.profile(token)?;
        let e = self.evaluate(&self.case);
        let profile = &self.pack.profiles[p];
        let _ = writeln!(
            out,
            "Rules for {} ({}) that did not fire (score now {}):",
            profile.id, profile.name, e.scores[p]
        );
        self.text.why_not_for(&e, p, out);
        Ok(())
    }

    fn what_if(&self, line: &str, tokens: &[Token], out: &mut String) -> Result<(), Mistake> {
        let extra = self.parse_features(tokens, false)?;
        let mut case = self.case.clone();
        for (feature, entry) in extra.iter() {
            case.replace(feature, entry);
        }
        let before = self.evaluate(&self.case);
        let after = self.evaluate(&case);
        // The features as typed, quotes and all, so they can be copied.
        let typed = match (tokens.first(), tokens.last()) {
            (Some(first), Some(last)) => line.get(first.span.start..last.span.end).unwrap_or(""),
            _ => "",
        };
        self.wrap(
            out,
            "",
            2,
            &format!("What if {}? (the case itself does not change)", clean(typed)),
        );
        self.wrap(
            out,
            "  now:  ",
            8,
            &format!("{}  [{}]", verdict_text(&before), scores_text(&before)),
        );
        self.wrap(
            out,
            "  then: ",
            8,
            &format!("{}  [{}]", verdict_text(&after), scores_text(&after)),
        );
        let changes = self.changes(&before, &after);
        if changes.is_empty() {
            let _ = writeln!(out, "   no rule would change");
        }
        for change in changes {
            self.wrap(out, "   ", 5, &change);
        }
        Ok(())
    }

    // ----- the interview ---------------------------------------------------

    fn ask(&mut self, out: &mut String) {
        let e = self.evaluate(&self.case);
        if self.interview.is_some() {
            // Already asking: show the open question again rather than
            // forgetting what was skipped.
            let _ = writeln!(out, "The interview is already open.");
            self.ask_next(&e, out);
            return;
        }
        if e.verdict.is_some() {
            self.wrap(
                out,
                "",
                0,
                &format!(
                    "Nothing to ask: the margin is already clear. Verdict: {}. `explain` shows why; `whatif` tries other answers.",
                    verdict_text(&e)
                ),
            );
            return;
        }
        self.interview = Some(Interview::new());
        self.ask_next(&e, out);
    }

    /// Asks the next question, or ends the interview and says why.
    fn ask_next(&mut self, e: &Explanation<'_>, out: &mut String) {
        let Some(interview) = self.interview.as_mut() else { return };
        if e.verdict.is_some() {
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
            return;
        }
        let Some(question) = interview.next_question(e) else {
            let skipped_could_help = !e.next_questions().is_empty();
            self.interview = None;
            let text = if skipped_could_help {
                "Every question left was skipped or answered `unknown`: the interview ends without a clear difference. `ask` starts again and asks them anew."
            } else {
                "No unknown feature left could change the scores: the interview ends without a clear difference."
            };
            self.wrap(out, "", 0, text);
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
    fn continue_interview(&mut self, e: &Explanation<'_>, out: &mut String) {
        if self.interview.is_some() {
            self.ask_next(e, out);
        }
    }

    /// Reads a line as an answer to the open question. `Ok(false)` means
    /// it is not an answer but a command (or features) to run as usual.
    fn answer(&mut self, tokens: &[Token], reply: &mut Reply) -> Result<bool, Mistake> {
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
                let e = self.evaluate(&self.case);
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
                let after = self.evaluate(&self.case);
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
        let e = self.evaluate(&self.case);
        let f = &pack.features[feature];
        let question: Option<NextQuestion> =
            e.next_questions().into_iter().find(|q| q.feature == feature);
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

    // ----- files -----------------------------------------------------------

    fn save(&mut self, path: &Token, force: bool, out: &mut String) -> Result<(), Mistake> {
        let file = PathBuf::from(&path.text);
        let at = Some(path.span.clone());
        if path.text.is_empty() {
            return Err(Mistake::new(
                "`save` needs a file name",
                at,
                Some("give a file name such as `case.yaml`".into()),
            ));
        }
        if file.is_dir() || path.text.ends_with(std::path::MAIN_SEPARATOR) {
            return Err(Mistake::new(
                format!("`{}` is a folder", path.text),
                at,
                Some("give a file name such as `case.yaml`".into()),
            ));
        }
        if file.exists() && !force {
            return Err(Mistake::new(
                format!("`{}` already exists", path.text),
                at,
                Some(format!("write `save {} --force` to replace it", typed_path(&path.text))),
            ));
        }
        let id = self.id.clone().unwrap_or_else(|| {
            let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned());
            stem.filter(|s| !s.is_empty()).unwrap_or_else(|| "case".to_owned())
        });
        let case_file = CaseFile {
            id: id.clone(),
            description: self.description.clone(),
            expected: self.expected,
            rationale: self.rationale.clone(),
            case: self.case.clone(),
        };
        let text = case_file::to_yaml(self.pack, &case_file);
        write_whole(&file, &text).map_err(|error| {
            Mistake::new(
                format!("cannot write `{}`: {}", path.text, io_reason(&error)),
                Some(path.span.clone()),
                Some("check that the folder exists and can be written to".into()),
            )
        })?;
        let count = self.case.len();
        let noun = if count == 1 { "feature" } else { "features" };
        let _ =
            writeln!(out, "Saved case `{}` ({count} {noun}) to {}.", clean(&id), clean(&path.text));
        Ok(())
    }

    fn load(&mut self, path: &Token, reply: &mut Reply) -> Result<(), Mistake> {
        let at = Some(path.span.clone());
        let text = read_case_file(Path::new(&path.text)).map_err(|(reason, help)| {
            Mistake::new(format!("cannot read `{}`: {reason}", path.text), at, Some(help))
        })?;
        let file = match case_file::parse_yaml(self.pack, &text) {
            Ok(file) => file,
            Err(error) => {
                // The mistake is in the file, not in the typed line: show
                // the file with a caret, and keep the case as it was.
                reply.failed = true;
                let note = self
                    .origin
                    .as_deref()
                    .map(|name| format!("read by `load` on {name}:{}", self.line_number));
                reply.err = diagnostic::case_file_problem(
                    &error,
                    &path.text,
                    &text,
                    note.as_deref(),
                    self.color,
                );
                reply.err.push('\n');
                return Ok(());
            }
        };
        let before = self.evaluate(&self.case);
        if self.interview.take().is_some() {
            let _ = writeln!(reply.out, "The interview stops.");
        }
        self.case = file.case;
        self.id = Some(file.id.clone());
        self.description = file.description;
        self.expected = file.expected;
        self.rationale = file.rationale;
        let count = self.case.len();
        let noun = if count == 1 { "feature" } else { "features" };
        let loaded = format!(
            "Loaded case `{}` ({count} {noun}) from {}.",
            clean(&file.id),
            clean(&path.text)
        );
        self.wrap(&mut reply.out, "", 2, &loaded);
        if let Some(description) = &self.description {
            self.wrap(&mut reply.out, "  ", 2, &clean(description.trim()));
        }
        let after = self.evaluate(&self.case);
        self.status(&before, &after, &mut reply.out);
        if let Some(expected) = self.expected {
            let agreement = self.agreement(expected, &after);
            self.wrap(&mut reply.out, "", 0, &agreement);
        }
        Ok(())
    }

    // ----- help ------------------------------------------------------------

    fn help(&self, topic: Option<&Token>, out: &mut String) -> Result<(), Mistake> {
        let Some(topic) = topic else {
            let _ = writeln!(out, "Commands:");
            for info in &COMMANDS {
                self.wrap(out, &format!("  {:<30}", info.usage), 32, info.summary);
            }
            self.wrap(
                out,
                "",
                0,
                "`help COMMAND` says more about one. Lines starting with # are comments. Ctrl-C clears the line; Ctrl-D leaves.",
            );
            return Ok(());
        };
        let keyword = normalize(&topic.text);
        let answer = interview::KEYWORDS.contains(&keyword.as_str())
            || ["yes", "no"].contains(&keyword.as_str());
        let info = if answer {
            let _ = writeln!(out, "`{keyword}` is an answer during a guided interview, see `ask`:");
            command::find("ask")
        } else {
            command::find(&topic.text)
        };
        let info = info.ok_or_else(|| {
            let help = command::closest_command(&topic.text).map_or_else(
                || "`help` lists the commands".to_owned(),
                |c| format!("did you mean `{c}`?"),
            );
            Mistake::new(
                format!("unknown command `{}`", topic.text),
                Some(topic.span.clone()),
                Some(help),
            )
        })?;
        let _ = writeln!(out, "{}", info.usage.bold());
        self.wrap(out, "  ", 2, &command::fill(info.details, self.pack));
        if !info.aliases.is_empty() {
            let _ = writeln!(out, "  Also: {}", info.aliases.join(", "));
        }
        let _ = writeln!(out, "  Example: {}", command::fill(info.example, self.pack));
        Ok(())
    }
}

/// A file name as it must be typed again: in quotes when it holds a space
/// or a quote.
fn typed_path(path: &str) -> String {
    if path.contains(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == '\\') {
        format!("'{}'", path.replace('\'', "'\\''"))
    } else {
        path.to_owned()
    }
}

/// `+3 MS, -1 ALS`: the points a rule moves, times `sign`.
fn points_text(pack: &Pack, rule: &crate::pack::rule::Rule, sign: i32) -> String {
    rule.effects
        .iter()
        .map(|(p, w)| format!("{:+} {}", sign * w, pack.profiles[*p].id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads a case file with the batch reader's limits; a failure comes with
/// its reason and how to fix it.
fn read_case_file(path: &Path) -> Result<String, (String, String)> {
    let check = || "check the file's name and that it can be read".to_owned();
    let file = fs::File::open(path).map_err(|e| (io_reason(&e), check()))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(("it is a folder".into(), "give a case file such as `case.yaml`".into()));
    }
    crate::cases::reader::read_text(&mut std::io::BufReader::new(file))
        .map_err(|e| (e.kind.to_string(), e.help.unwrap_or_else(check)))
}

/// Writes a file whole or not at all: a temporary file beside it, then a
/// rename, so a failed write never leaves half a case behind.
fn write_whole(path: &Path, text: &str) -> std::io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.neurotriage-{}", std::process::id()));
    let result = fs::write(&temporary, text).and_then(|()| fs::rename(&temporary, path));
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}
