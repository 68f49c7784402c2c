//! Tab completion at the quiz: the leaning (a profile id or `undecided`)
//! and the commands as the first word, the confidence as the second, then
//! the names and synonyms of the findings known at this stage. Every word
//! comes from the pack or the quiz's own grammar.

use rustyline::{
    Context, Helper, Highlighter, Hinter, Validator,
    completion::{Completer, Pair},
};

use crate::{
    pack::Pack,
    pack::feature::FeatureId,
    quiz::answer::COMMANDS,
    quiz::record::{Confidence, UNDECIDED},
};

/// The completer rustyline calls on Tab.
#[derive(Helper, Hinter, Highlighter, Validator)]
pub(crate) struct Completion {
    first: Vec<String>,
    confidences: Vec<String>,
    /// Per feature: its name and synonyms, written with `_` for spaces.
    names: Vec<Vec<String>>,
    /// The findings known at the stage being asked.
    pub(crate) known: Vec<FeatureId>,
}

impl Completion {
    pub(crate) fn new(pack: &Pack) -> Self {
        let mut first: Vec<String> = pack.profiles.iter().map(|p| p.id.clone()).collect();
        first.push(UNDECIDED.to_owned());
        first.extend(COMMANDS.iter().map(|(name, _, _)| (*name).to_owned()));
        let names = pack
            .features
            .iter()
            .map(|f| {
                std::iter::once(f.name.clone())
                    .chain(f.synonyms.iter().map(|s| s.trim().replace([' ', '-'], "_")))
                    .collect()
            })
            .collect();
        let confidences = Confidence::ALL.iter().map(|c| c.name().to_owned()).collect();
        Self { first, confidences, names, known: Vec::new() }
    }

    /// The candidates for the word under the cursor, the `index`-th word.
    fn candidates(&self, index: usize, word: &str) -> Vec<String> {
        let words: Vec<String> = match index {
            0 => self.first.clone(),
            1 => self.confidences.clone(),
            _ => self
                .known
                .iter()
                .filter_map(|f| self.names.get(*f))
                .flat_map(|names| names.iter().cloned())
                .collect(),
        };
        let prefix = word.to_lowercase();
        let mut words: Vec<String> =
            words.into_iter().filter(|w| w.to_lowercase().starts_with(&prefix)).collect();
        words.sort();
        words.dedup();
        words
    }
}

/// Where the word under the cursor starts (after a space or a comma), and
/// how many words come before it.
fn word_start(before: &str) -> (usize, usize) {
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || *c == ',')
        .map_or(0, |(i, c)| i + c.len_utf8());
    let index = before[..start]
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .count();
    (start, index)
}

impl Completer for Completion {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let before = line.get(..pos).unwrap_or(line);
        let (start, index) = word_start(before);
        let pairs = self
            .candidates(index, &before[start..])
            .into_iter()
            .map(|w| Pair { display: w.clone(), replacement: w })
            .collect();
        Ok((start, pairs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{PackSource, load};

    fn complete(completion: &Completion, line: &str) -> Vec<String> {
        let (start, index) = word_start(line);
        completion.candidates(index, &line[start..])
    }

    #[test]
    fn leaning_confidence_then_known_findings() {
        let pack = load(&PackSource::Builtin).pack.unwrap();
        let mut completion = Completion::new(&pack);
        completion.known = vec![pack.feature_by_name("fasciculations").unwrap()];
        assert_eq!(complete(&completion, "u"), vec!["undecided"]);
        assert_eq!(complete(&completion, "a"), vec!["ALS"]);
        assert_eq!(complete(&completion, "ALS h"), vec!["high"]);
        assert_eq!(complete(&completion, "ALS high fasc"), vec!["fasciculation", "fasciculations"]);
        assert_eq!(complete(&completion, "ALS high age,twitch"), vec!["twitches", "twitching"]);
        // Not yet known: not offered.
        assert_eq!(complete(&completion, "ALS high sens"), Vec::<String>::new());
    }
}
