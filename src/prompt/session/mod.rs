//! One prompt session: the case being built, an interview in progress, and
//! the answer to every line typed. It reads and writes no terminal; the
//! driver in [`crate::prompt`] feeds it lines and prints its replies. Only
//! `save`, `explain html` and `load` touch files. It must not print, or change the case
//! when a line fails: every command checks its whole line first.
//!
//! This file holds the session's state and reads each line to the command
//! it names; the commands live by group: [`features`] (entering and
//! removing features, `case`, `reset`, and the status line with what
//! changed), [`inspect`] (`explain`, `how`, `whynot`, `whatif`), [`ask`] (the
//! guided interview and its answers), [`files`] (`save`, `explain html`,
//! `load`), [`undo`]
//! (the history of changes) and [`help`].

mod ask;
mod features;
mod files;
mod help;
mod inspect;
mod undo;

pub(crate) use undo::UNDO_LIMIT;

use std::ops::Range;

use colored::Colorize;

use crate::{
    DISCLAIMER,
    cases::case::Case,
    cases::case_file::{CaseFile, Expected},
    cases::teaching::Teaching,
    engine::explanation::Explanation,
    engine::{self, Options, Sections},
    pack::Pack,
    pack::feature::FeatureId,
    prompt::command::{self, Command},
    prompt::interview::Interview,
    prompt::token::tokenize,
    render::diagnostic,
    render::listing,
    render::{self, text::Text},
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

/// The ranking of questions alone, for the interview and `why`.
pub(super) const QUESTIONS: Sections = Sections { questions: true, ..Sections::NONE };

/// A loaded case's own details: all of its file but its features, which
/// the session holds as the case being built.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Loaded {
    id: String,
    description: Option<String>,
    expected: Option<Expected>,
    rationale: Option<String>,
    teaching: Option<Box<Teaching>>,
}

impl Loaded {
    /// The details of a case file, without its features.
    fn of(file: CaseFile) -> (Self, Case) {
        let CaseFile { id, description, expected, rationale, case, teaching } = file;
        (Self { id, description, expected, rationale, teaching }, case)
    }

    /// The case file these details and `case` make.
    fn with(&self, case: Case) -> CaseFile {
        CaseFile {
            id: self.id.clone(),
            description: self.description.clone(),
            expected: self.expected,
            rationale: self.rationale.clone(),
            case,
            teaching: self.teaching.clone(),
        }
    }
}

/// The state of one session.
pub(crate) struct Session<'p> {
    pack: &'p Pack,
    case: Case,
    /// What a loaded case says of itself, for `case`, `explain` and
    /// `save`.
    loaded: Option<Loaded>,
    interview: Option<Interview>,
    /// Colour in messages (standard error).
    color: bool,
    /// Where lines come from, for messages (`stdin`, `prompt`).
    origin: Option<String>,
    line_number: usize,
    text: Text,
    /// The changes `undo` can take back.
    history: undo::History,
}

impl<'p> Session<'p> {
    pub(crate) fn new(pack: &'p Pack, color: bool, origin: Option<String>) -> Self {
        Self {
            pack,
            case: Case::new(),
            loaded: None,
            interview: None,
            color,
            origin,
            line_number: 0,
            text: Text { brief: false, width: render::text::WIDTH, full: false },
            history: undo::History::default(),
        }
    }

    /// The session with its replies wrapped at `width` columns.
    #[must_use]
    pub(crate) fn wrapping_at(mut self, width: usize) -> Self {
        self.text.width = width;
        self
    }

    /// The loaded case as it stands now (its features as edited since), or
    /// `None` when no case was loaded.
    fn loaded(&self) -> Option<CaseFile> {
        self.loaded.as_ref().map(|loaded| loaded.with(self.case.clone()))
    }

    /// What the loaded case expects, if a case was loaded and it says.
    fn expected(&self) -> Option<Expected> {
        self.loaded.as_ref().and_then(|loaded| loaded.expected)
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

    /// The verdict, scores and fired rules of `case`, without the longer
    /// sections: what comparing before and after a change needs.
    fn evaluate(&self, case: &Case) -> Explanation<'p> {
        self.evaluate_with(case, Sections::NONE)
    }

    /// `case` evaluated with the sections the reply will read (a debug
    /// assertion in the engine catches one that was not asked for).
    fn evaluate_with(&self, case: &Case, sections: Sections) -> Explanation<'p> {
        engine::evaluate(self.pack, case, Options { sections, ..Options::default() })
    }

    /// What the next question of an open interview needs: the ranking of
    /// questions, or nothing when no interview is open.
    fn interview_sections(&self) -> Sections {
        if self.interview.is_some() { QUESTIONS } else { Sections::NONE }
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
        let tokens = command::words(tokens, self.pack);
        // Every line that changes the case can be taken back, whatever
        // command it was.
        let before = self.snapshot(line);
        if let Some(feature) = self.asking()
            && self.answer(&tokens, reply)?
        {
            self.remember(before.answer(feature));
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
            Command::Flip => self.flip(&mut reply.out),
            Command::Explain(style) => self.explain(style, &mut reply.out),
            Command::Features => reply.out.push_str(&listing::features(self.pack)),
            Command::Reset => self.reset(&mut reply.out),
            Command::Undo => {
                self.undo(&mut reply.out);
                return Ok(());
            }
            Command::Ask { past_clear } => self.ask(past_clear, &mut reply.out),
            Command::How(token) => self.how(&token, &mut reply.out)?,
            Command::WhyNot(token) => self.why_not(&token, &mut reply.out)?,
            Command::WhatIf(tokens) => self.what_if(line, &tokens, &mut reply.out)?,
            Command::Save { path, force } => self.save(&path, force, &mut reply.out)?,
            Command::Page { path, force, brief, typed } => {
                self.write_page(&path, force, brief, &typed, &mut reply.out)?;
            }
            Command::Load(path) => self.load(&path, reply)?,
            Command::Help(topic) => self.help(topic.as_ref(), &mut reply.out)?,
            Command::Quit => reply.quit = true,
        }
        self.remember(before);
        Ok(())
    }
}
