//! Tab completion at the prompt: commands, feature names and synonyms,
//! values after `=`, profiles after `how` and `whynot`, `on` and `all` after
//! `ask`, file names after `save`, `load` and `explain html`, and the
//! answers of an open interview question.
//! Everything it offers comes from the rule pack it was built from.

use rustyline::{
    Context, Helper, Highlighter, Hinter, Validator,
    completion::{Completer, FilenameCompleter, Pair},
};

use crate::{
    pack::Pack,
    pack::feature::{FeatureId, FeatureKind},
    pack::hidden_char::is_hidden_or_control,
    prompt::command::COMMANDS,
    prompt::interview::KEYWORDS,
};

/// The words one feature's value can be.
#[derive(Debug, Clone)]
struct FeatureWords {
    /// The name and every synonym, written with `_` for spaces.
    names: Vec<String>,
    values: Vec<String>,
    yes_no: bool,
}

/// The completer rustyline calls on Tab.
#[derive(Helper, Hinter, Highlighter, Validator)]
pub(crate) struct Completion {
    commands: Vec<String>,
    features: Vec<FeatureWords>,
    profiles: Vec<String>,
    files: FilenameCompleter,
    /// The feature an open interview question asks about.
    pub(crate) asking: Option<FeatureId>,
}

impl Completion {
    pub(crate) fn new(pack: &Pack) -> Self {
        let mut commands: Vec<String> = COMMANDS.iter().map(|c| c.name.to_owned()).collect();
        commands.sort();
        let features = pack
            .features
            .iter()
            .map(|f| {
                let mut names = vec![f.name.clone()];
                names.extend(f.synonyms.iter().map(|s| underscored(s)));
                let (values, yes_no) = match &f.kind {
                    FeatureKind::YesNo => (vec!["yes".into(), "no".into()], true),
                    FeatureKind::Choice { choices } => {
                        (choices.iter().map(|c| c.name.clone()).collect(), false)
                    }
                    FeatureKind::Number { .. } => (Vec::new(), false),
                };
                FeatureWords { names, values, yes_no }
            })
            .collect();
        let profiles = pack.profiles.iter().map(|p| p.id.clone()).collect();
        Self { commands, features, profiles, files: FilenameCompleter::new(), asking: None }
    }

    /// The candidates for `word`, the word under the cursor, given the
    /// first word of the line (`None` when `word` is the first).
    fn candidates(&self, first: Option<&str>, word: &str) -> (usize, Vec<String>) {
        let command = first.map(str::to_ascii_lowercase);
        let mut words: Vec<String> = Vec::new();
        let mut offset = 0;
        match command.as_deref() {
            Some("how" | "whynot" | "why-not" | "why_not") => words.extend(self.profiles.clone()),
            Some("help") => words.extend(self.commands.clone()),
            Some("explain") => {
                words.extend(["brief", "json", "markdown", "html"].map(String::from));
            }
            Some("ask" | "interview") => words.extend(["on", "all"].map(String::from)),
            _ => {
                if let Some((name, _)) = word.split_once('=') {
                    // A value: complete after the `=`.
                    offset = name.len() + 1;
                    if let Some(f) = self.feature(name) {
                        words.extend(f.values.iter().cloned());
                        words.push("unknown".into());
                    }
                } else if let Some(rest) = word.strip_prefix("no-") {
                    offset = 3;
                    let yes_no = self.features.iter().filter(|f| f.yes_no);
                    words.extend(yes_no.flat_map(|f| f.names.iter().cloned()));
                    return (offset, matching(words, rest));
                } else {
                    words.extend(self.features.iter().flat_map(|f| f.names.iter().cloned()));
                    if first.is_none() {
                        words.extend(self.commands.iter().cloned());
                        if let Some(feature) = self.asking.and_then(|a| self.features.get(a)) {
                            words.extend(feature.values.iter().cloned());
                            words.extend(KEYWORDS.iter().map(|k| (*k).to_owned()));
                        }
                    }
                }
            }
        }
        (offset, matching(words, &word[offset..]))
    }

    fn feature(&self, name: &str) -> Option<&FeatureWords> {
        let name = underscored(name);
        self.features.iter().find(|f| f.names.iter().any(|n| n.eq_ignore_ascii_case(&name)))
    }
}

/// Where the word under the cursor starts (a byte offset, after any
/// space, which may be wider than one byte), and the line's first word when
/// the cursor is past it.
fn word_start(before: &str) -> (usize, Option<&str>) {
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    (start, before[..start].split_whitespace().next())
}

/// A synonym as one word: spaces and hyphens become `_`.
fn underscored(text: &str) -> String {
    text.trim().replace([' ', '-'], "_")
}

/// The words starting with `prefix` (in any letter case), sorted, once each.
fn matching(mut words: Vec<String>, prefix: &str) -> Vec<String> {
    let prefix = prefix.to_ascii_lowercase();
    words.retain(|w| w.to_ascii_lowercase().starts_with(&prefix));
    words.sort();
    words.dedup();
    words
}

impl Completer for Completion {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let before = line.get(..pos).unwrap_or(line);
        let (start, first) = word_start(before);
        let second = before[..start].split_whitespace().nth(1);
        if let Some(command) = first.map(str::to_ascii_lowercase)
            && (matches!(command.as_str(), "save" | "load" | "open")
                || command == "explain" && second.is_some_and(|w| w.eq_ignore_ascii_case("html")))
        {
            // File names with spaces come back escaped with `\`, which
            // `token.rs` reads. rustyline shows the candidates and puts
            // the chosen one in the line itself, past the output boundary,
            // so a name holding a control or invisible character (one a
            // folder from someone else may hold) is not offered at all:
            // shown, it could drive the terminal. It can still be typed.
            let (start, mut pairs) = self.files.complete(line, pos, ctx)?;
            pairs.retain(|p| {
                !p.display.chars().chain(p.replacement.chars()).any(is_hidden_or_control)
            });
            return Ok((start, pairs));
        }
        let word = &before[start..];
        let (offset, words) = self.candidates(first, word);
        let pairs =
            words.into_iter().map(|w| Pair { display: w.clone(), replacement: w }).collect();
        Ok((start + offset, pairs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{PackSource, load};

    fn complete(completion: &Completion, line: &str) -> Vec<String> {
        let (start, first) = word_start(line);
        completion.candidates(first, &line[start..]).1
    }

    #[test]
    fn file_names_with_control_characters_are_never_offered() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["case-ok.yaml", "case-\u{1b}]0;owned\u{7}.yaml", "case-\u{202e}lmy.yaml"] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        let pack = load(&PackSource::Builtin).pack.unwrap();
        let completion = Completion::new(&pack);
        let history = rustyline::history::DefaultHistory::new();
        for command in ["load", "save html", "explain html", "explain HTML brief"] {
            let line = format!("{command} {}/case-", dir.path().display());
            let (_, pairs) =
                completion.complete(&line, line.len(), &Context::new(&history)).unwrap();
            let offered: Vec<&str> = pairs.iter().map(|p| p.display.as_str()).collect();
            assert_eq!(offered, ["case-ok.yaml"], "{command}");
        }
    }

    #[test]
    fn names_values_and_profiles_complete() {
        let pack = load(&PackSource::Builtin).pack.unwrap();
        let completion = Completion::new(&pack);
        assert_eq!(complete(&completion, "fascic"), vec!["fasciculation", "fasciculations"]);
        assert_eq!(
            complete(&completion, "age=30 course=rel"),
            vec!["relapsing", "relapsing_then_progressive"]
        );
        assert_eq!(complete(&completion, "how m"), vec!["MS"]);
        assert_eq!(complete(&completion, "exp"), vec!["explain"]);
        assert_eq!(complete(&completion, "explain b"), vec!["brief"]);
        assert_eq!(complete(&completion, "explain h"), vec!["html"]);
        assert_eq!(complete(&completion, "ask "), vec!["all", "on"]);
        assert_eq!(complete(&completion, "und"), vec!["undo"]);
        // Spaces wider than one byte (no-break, ideographic) end a word too.
        assert_eq!(
            complete(&completion, "age=3\u{a0}fascicul"),
            vec!["fasciculation", "fasciculations"]
        );
        assert_eq!(complete(&completion, "age=3\u{3000}how"), Vec::<String>::new());
        assert_eq!(complete(&completion, "no-fasc"), vec!["fasciculation", "fasciculations"]);
    }
}
