//! The quiz's one line grammar: what a student types at a stage.
//!
//! ```text
//! answer   = leaning confidence [findings]
//! leaning  = a profile id of the pack | `undecided`
//! conf.    = `low` | `medium` | `high`
//! findings = finding {[`,`] finding}
//! ```
//!
//! `ALS high fasciculations, muscle wasting`, `ms m relapsing course`,
//! `undecided low`. Letter case does not matter; a leaning or a confidence
//! may be cut short while it stays unambiguous (`u`, `l`, `med`). A finding
//! is a feature name or synonym known at this stage, and may be several
//! words without quotes (the longest run of words that names a feature is
//! taken); commas between findings are optional. The other lines are the
//! one-word [`Command`]s.
//!
//! Splitting a line into words is done here for now, with the span of each
//! word so that a mistake can be pointed at; it is small on purpose, to be
//! replaced by the prompt's own word helpers.

use std::ops::Range;

use crate::{
    pack::Pack,
    pack::feature::FeatureId,
    pack::profile::ProfileId,
    pack::suggest::did_you_mean,
    quiz::record::{Confidence, UNDECIDED},
};

/// The longest run of words tried as one feature name.
const MAX_NAME_WORDS: usize = 8;

/// A committed answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Answer {
    /// `None` is `undecided`.
    pub(crate) leaning: Option<ProfileId>,
    pub(crate) confidence: Confidence,
    /// The findings named, once each, in the order named.
    pub(crate) findings: Vec<FeatureId>,
}

/// The words that are not an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Command {
    Help,
    Features,
    Skip,
    Quit,
}

/// The commands, their names and what they do (for `help` and completion).
pub(crate) const COMMANDS: [(&str, Command, &str); 4] = [
    ("help", Command::Help, "how to answer"),
    ("features", Command::Features, "the findings known at this stage, and their names"),
    ("skip", Command::Skip, "leave this case and go on to the next"),
    ("quit", Command::Quit, "end the quiz with its summary"),
];

/// What a line is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Line {
    /// A blank line or a `#` comment.
    Nothing,
    Command(Command),
    Answer(Answer),
}

/// A mistake in a line: what, where, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mistake {
    pub(crate) title: String,
    pub(crate) span: Option<Range<usize>>,
    pub(crate) help: Option<String>,
}

impl Mistake {
    fn new(title: String, span: Range<usize>, help: String) -> Self {
        Self { title, span: Some(span), help: Some(help) }
    }
}

/// One word of a line and where it stands; `comma` when a comma comes
/// before it (a finding ends there).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Word<'l> {
    text: &'l str,
    span: Range<usize>,
    comma: bool,
}

/// Splits at spaces and commas.
fn words(line: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut comma = false;
    let mut start = None;
    for (at, c) in line.char_indices().chain(std::iter::once((line.len(), ' '))) {
        if c.is_whitespace() || c == ',' {
            if let Some(s) = start.take() {
                out.push(Word { text: &line[s..at], span: s..at, comma });
                comma = false;
            }
            comma |= c == ',';
        } else if start.is_none() {
            start = Some(at);
        }
    }
    out
}

/// What the grammar needs to know of the stage: the pack, and which
/// features are known (entered or derived) at this stage.
pub(crate) struct Context<'a> {
    pub(crate) pack: &'a Pack,
    pub(crate) known: &'a [bool],
}

impl Context<'_> {
    /// An example answer for this stage, for help lines.
    pub(crate) fn example(&self) -> String {
        let pack = self.pack;
        let mut text = format!("{} high", pack.profiles.first().map_or("", |p| p.id.as_str()));
        let names: Vec<&str> = (0..pack.features.len())
            .filter(|f| self.known.get(*f).copied().unwrap_or(false))
            .take(2)
            .map(|f| pack.features[f].name.as_str())
            .collect();
        if !names.is_empty() {
            text.push(' ');
            text.push_str(&names.join(", "));
        }
        text
    }

    /// `` `ALS`, `MS` or `undecided` ``.
    fn leanings(&self) -> String {
        let mut ids: Vec<String> =
            self.pack.profiles.iter().map(|p| format!("`{}`", p.id)).collect();
        ids.push(format!("`{UNDECIDED}`"));
        let last = ids.pop().unwrap_or_default();
        format!("{} or {last}", ids.join(", "))
    }
}

/// Reads a line.
pub(crate) fn parse(line: &str, context: &Context<'_>) -> Result<Line, Mistake> {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return Ok(Line::Nothing);
    }
    let words = words(line);
    let Some(first) = words.first() else { return Ok(Line::Nothing) };
    if words.len() == 1
        && let Some((_, command, _)) =
            COMMANDS.iter().find(|(name, _, _)| name.eq_ignore_ascii_case(first.text))
    {
        return Ok(Line::Command(*command));
    }
    let leaning = leaning(first, context)?;
    let Some(second) = words.get(1) else {
        let end = line.trim_end().len();
        return Err(Mistake::new(
            "a confidence is missing".into(),
            end..end,
            format!(
                "add `low`, `medium` or `high` after the leaning, such as `{} medium`",
                first.text
            ),
        ));
    };
    let confidence = confidence(second, context)?;
    let findings = findings(&words[2..], context)?;
    Ok(Line::Answer(Answer { leaning, confidence, findings }))
}

/// The one word among `words` that `typed` is, or starts.
fn choose<'w>(typed: &str, words: &[&'w str]) -> Result<&'w str, Vec<&'w str>> {
    if let Some(word) = words.iter().find(|w| w.eq_ignore_ascii_case(typed)) {
        return Ok(word);
    }
    let typed = typed.to_lowercase();
    let starts: Vec<&str> =
        words.iter().copied().filter(|w| w.to_lowercase().starts_with(&typed)).collect();
    match starts[..] {
        [one] => Ok(one),
        _ => Err(starts),
    }
}

fn leaning(word: &Word<'_>, context: &Context<'_>) -> Result<Option<ProfileId>, Mistake> {
    let pack = context.pack;
    let mut names: Vec<&str> = pack.profiles.iter().map(|p| p.id.as_str()).collect();
    names.push(UNDECIDED);
    match choose(word.text, &names) {
        Ok(name) => Ok(pack.profile_by_id(name)),
        Err(several) if several.len() > 1 => Err(Mistake::new(
            format!("`{}` could be {}", word.text, or_list(&several)),
            word.span.clone(),
            "write more of the leaning".into(),
        )),
        Err(_) => {
            let help = if choose(word.text, &CONFIDENCE_WORDS).is_ok() {
                format!("the leaning comes first, then the confidence: `{}`", context.example())
            } else {
                let guess = did_you_mean(word.text, names.iter().copied())
                    .map(|d| format!("{d} "))
                    .unwrap_or_default();
                format!(
                    "{guess}start with a leaning ({}) and a confidence: `{}`",
                    context.leanings(),
                    context.example()
                )
            };
            Err(Mistake::new(format!("`{}` is not a leaning", word.text), word.span.clone(), help))
        }
    }
}

const CONFIDENCE_WORDS: [&str; 3] = ["low", "medium", "high"];

fn confidence(word: &Word<'_>, context: &Context<'_>) -> Result<Confidence, Mistake> {
    match choose(word.text, &CONFIDENCE_WORDS) {
        Ok(name) => {
            Ok(Confidence::ALL.into_iter().find(|c| c.name() == name).unwrap_or(Confidence::Medium))
        }
        Err(_) => Err(Mistake::new(
            format!("`{}` is not a confidence", word.text),
            word.span.clone(),
            format!(
                "after the leaning say how sure you are: `low`, `medium` or `high` (or `l`, `m`, `h`), such as `{}`",
                context.example()
            ),
        )),
    }
}

/// The findings: the longest run of words naming a feature each time.
fn findings(words: &[Word<'_>], context: &Context<'_>) -> Result<Vec<FeatureId>, Mistake> {
    let pack = context.pack;
    let mut found: Vec<FeatureId> = Vec::new();
    let mut at = 0;
    while at < words.len() {
        // A run never crosses a comma.
        let end = (at + 1..words.len())
            .find(|i| words[*i].comma)
            .unwrap_or(words.len())
            .min(at + MAX_NAME_WORDS);
        let matched = (at + 1..=end).rev().find_map(|stop| {
            let name = joined(&words[at..stop]);
            pack.feature_by_name(&name).map(|f| (f, stop))
        });
        let Some((feature, stop)) = matched else {
            // The words up to the next that starts a name are the mistake.
            let next = (at + 1..end)
                .find(|i| pack.feature_by_name(words[*i].text).is_some())
                .unwrap_or(end);
            let typed = joined(&words[at..next]);
            let span = words[at].span.start..words[next - 1].span.end;
            // Suggestions come from what is known at this stage only, so
            // that a mistyped word does not give away a later finding.
            let known = pack
                .feature_words()
                .filter(|(_, f)| context.known.get(*f).copied().unwrap_or(false))
                .map(|(w, _)| w);
            let help = did_you_mean(&typed, known)
                .unwrap_or_else(|| "`features` lists the findings known at this stage".into());
            return Err(Mistake::new(
                format!("`{typed}` is not a finding of this rule pack"),
                span,
                help,
            ));
        };
        if !context.known.get(feature).copied().unwrap_or(false) {
            let span = words[at].span.start..words[stop - 1].span.end;
            return Err(Mistake::new(
                format!("`{}` is not known at this stage", joined(&words[at..stop])),
                span,
                "name findings known so far; `features` lists them".into(),
            ));
        }
        if !found.contains(&feature) {
            found.push(feature);
        }
        at = stop;
    }
    Ok(found)
}

fn joined(words: &[Word<'_>]) -> String {
    words.iter().map(|w| w.text).collect::<Vec<_>>().join(" ")
}

/// `` `A`, `B` or `C` ``.
fn or_list(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{PackSource, load};

    fn pack() -> Pack {
        load(&PackSource::Builtin).pack.unwrap()
    }

    fn known(pack: &Pack, names: &[&str]) -> Vec<bool> {
        let mut known = vec![false; pack.features.len()];
        for name in names {
            known[pack.feature_by_name(name).unwrap()] = true;
        }
        known
    }

    #[test]
    fn answers_read_with_abbreviations_and_multi_word_findings() {
        let pack = pack();
        let known = known(&pack, &["fasciculations", "muscle_wasting", "course", "age"]);
        let context = Context { pack: &pack, known: &known };
        let Line::Answer(answer) =
            parse("als H Muscle Wasting fasciculations, course", &context).unwrap()
        else {
            panic!("an answer")
        };
        assert_eq!(answer.leaning, pack.profile_by_id("ALS"));
        assert_eq!(answer.confidence, Confidence::High);
        let names: Vec<&str> =
            answer.findings.iter().map(|f| pack.features[*f].name.as_str()).collect();
        assert_eq!(names, ["muscle_wasting", "fasciculations", "course"]);
        let Line::Answer(answer) = parse("u l", &context).unwrap() else { panic!("an answer") };
        assert_eq!((answer.leaning, answer.confidence), (None, Confidence::Low));
        assert_eq!(parse("  # a comment", &context).unwrap(), Line::Nothing);
        assert_eq!(parse("SKIP", &context).unwrap(), Line::Command(Command::Skip));
    }

    #[test]
    fn mistakes_point_at_their_words() {
        let pack = pack();
        let known = known(&pack, &["age"]);
        let context = Context { pack: &pack, known: &known };
        let mistake = parse("high ALS", &context).unwrap_err();
        assert_eq!(mistake.title, "`high` is not a leaning");
        assert_eq!(mistake.span, Some(0..4));
        let mistake = parse("ALS sure", &context).unwrap_err();
        assert_eq!(mistake.span, Some(4..8));
        let mistake = parse("ALS low age, sensory loss", &context).unwrap_err();
        assert_eq!(mistake.title, "`sensory loss` is not known at this stage");
        assert_eq!(mistake.span, Some(13..25));
        let mistake = parse("ALS low agge", &context).unwrap_err();
        assert_eq!(mistake.help.as_deref(), Some("did you mean `age`?"));
        let mistake = parse("ALS", &context).unwrap_err();
        assert_eq!(mistake.span, Some(3..3));
    }
}
