//! Entering and removing features (`set`, features typed bare, `unset`),
//! `case` and `reset`, and the status line that follows a change: the
//! verdict, then what changed and why.

use std::fmt::Write as _;

use colored::Colorize;

use super::{Mistake, Reply, Session};
use crate::{
    cases::assignment,
    cases::case::{Case, Entry},
    cases::case_file::Expected,
    engine::explanation::Explanation,
    engine::fact::Origin,
    pack::Pack,
    pack::feature::FeatureId,
    pack::name::normalize,
    pack::suggest::closest,
    prompt::command,
    prompt::interview,
    prompt::token::Token,
    render::diagnostic::{self, replace_controls},
    render::{claims_text, verdict_text},
};

impl Session<'_> {
    /// Features typed on one line, as a case of their own. `bare` when they
    /// start the line (no `set` or `whatif` before them).
    pub(super) fn parse_features(&self, tokens: &[Token], bare: bool) -> Result<Case, Mistake> {
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

    pub(super) fn set(
        &mut self,
        tokens: &[Token],
        bare: bool,
        reply: &mut Reply,
    ) -> Result<(), Mistake> {
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
        let after = self.evaluate_with(&self.case, self.interview_sections());
        for note in notes {
            self.wrap(&mut reply.out, "", 2, &note);
        }
        self.status(&before, &after, &mut reply.out);
        self.continue_interview(&after, &mut reply.out);
        Ok(())
    }

    pub(super) fn unset(&mut self, tokens: &[Token], reply: &mut Reply) -> Result<(), Mistake> {
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
        let after = self.evaluate_with(&self.case, self.interview_sections());
        self.status(&before, &after, &mut reply.out);
        self.continue_interview(&after, &mut reply.out);
        Ok(())
    }

    /// The verdict line after a change, then what changed and why.
    pub(super) fn status(
        &self,
        before: &Explanation<'_>,
        after: &Explanation<'_>,
        out: &mut String,
    ) {
        let line = format!(
            "{} {}  [{}]",
            "=>".bold(),
            verdict_text(after),
            crate::render::text::scores_line(after)
        );
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
    pub(super) fn changes(&self, before: &Explanation<'_>, after: &Explanation<'_>) -> Vec<String> {
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
                if let Some(note) = &rule.note {
                    lines.push(format!("  {} {note}", "note:".cyan()));
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
                    crate::render::alert_mark(alert),
                    alert.advice,
                    claims_text(pack, &alert.claims)
                ));
            }
        }
        lines
    }

    // ----- showing the case ----------------------------------------------

    pub(super) fn show_case(&self, out: &mut String) {
        let pack = self.pack;
        let e = self.evaluate(&self.case);
        if let Some(loaded) = &self.loaded {
            let _ = writeln!(out, "Case `{}`", replace_controls(&loaded.id));
            if let Some(description) = &loaded.description {
                self.wrap(out, "  ", 2, &replace_controls(description.trim()));
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
        if let Some(expected) = self.expected() {
            self.wrap(out, "", 0, &self.agreement(expected, &e));
        }
    }

    /// Whether the verdict is what the loaded case expects.
    pub(super) fn agreement(&self, expected: Expected, e: &Explanation<'_>) -> String {
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

    pub(super) fn reset(&mut self, out: &mut String) {
        let before = self.evaluate(&self.case);
        self.case = Case::new();
        self.loaded = None;
        if self.interview.take().is_some() {
            let _ = writeln!(out, "The interview stops.");
        }
        let _ = writeln!(out, "The case is empty again.");
        let after = self.evaluate(&self.case);
        self.status(&before, &after, out);
    }
}

/// `+3 MS, -1 ALS`: the points a rule moves, times `sign`.
pub(super) fn points_text(pack: &Pack, rule: &crate::pack::rule::Rule, sign: i32) -> String {
    rule.effects
        .iter()
        .map(|(p, w)| format!("{:+} {}", sign * w, pack.profiles[*p].id))
        .collect::<Vec<_>>()
        .join(", ")
}
