//! The quick way to read a JSON case: straight from the line into a checked
//! [`CaseFile`], with no tree in between, for a case in the plain shape
//! nearly every line of a large batch has (`id`, `description`,
//! `expected`, `rationale`, `features`; text where text goes; each feature
//! a known name with a valid scalar value, given once).
//!
//! Anything else (a mistake, a teaching case, a phenopacket, a name given
//! twice, an id that is a number) makes [`case`] give up and return
//! `None`, and the line is read again the careful way, through the tree
//! ([`super::jsonl`] and [`crate::cases::case_file::from_node`]), which
//! then says what is wrong exactly as it always has. So this path never
//! decides an error and never accepts what the careful one refuses: where
//! it succeeds, it gives the same `CaseFile` (a property test below holds
//! both to that).
//!
//! Why by hand, when serde derives a reader: a derived struct would build
//! owned strings for every key and value and check the feature names
//! afterwards; here a name is looked up in the pack and its value checked
//! while the line is read, which is most of what made the careful path
//! cost four times the parse itself (issue 17, `docs/performance.md`).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

use crate::{
    cases::assignment,
    cases::case::{Case, Entry},
    cases::case_file::{CaseFile, Expected, expected_of},
    pack::Pack,
    pack::feature::FeatureId,
};

/// The case in `text`, one JSON object, when it is in the plain shape and
/// has no mistake; `None` means "read it the careful way".
pub(super) fn case(pack: &Pack, text: &str) -> Option<CaseFile> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let file = Plain { pack }.deserialize(&mut deserializer).ok()?;
    deserializer.end().ok()?;
    Some(file)
}

/// The careful path says why; this one only has to stop.
fn give_up<E: de::Error>() -> E {
    E::custom("not a plain case")
}

struct Plain<'p> {
    pack: &'p Pack,
}

/// The keys of a plain case, as bits of a set (to refuse a key given
/// twice, which the careful path reports).
#[derive(Clone, Copy)]
pub(super) enum Key {
    Id = 1,
    Description = 2,
    Expected = 4,
    Rationale = 8,
    Features = 16,
}

impl<'de> DeserializeSeed<'de> for Plain<'_> {
    type Value = CaseFile;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<CaseFile, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Plain<'_> {
    type Value = CaseFile;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a case")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CaseFile, A::Error> {
        let mut parts = Parts::default();
        while let Some(key) = map.next_key_seed(TextSeed(key_of))? {
            if !parts.first(key) {
                return Err(give_up());
            }
            match key {
                Key::Id => parts.id = Some(map.next_value::<String>()?),
                Key::Description => parts.description = Some(map.next_value::<String>()?),
                Key::Rationale => parts.rationale = Some(map.next_value::<String>()?),
                Key::Expected => {
                    let pack = self.pack;
                    parts.expected =
                        Some(map.next_value_seed(TextSeed(|text: &str| expected_of(pack, text)))?);
                }
                Key::Features => parts.case = Some(map.next_value_seed(FeaturesSeed(self.pack))?),
            }
        }
        parts.finish().ok_or_else(give_up)
    }
}

/// What the keys of a plain case gave, filled in as they are read (here
/// and by [`super::json_scan`]).
#[derive(Default)]
pub(super) struct Parts {
    seen: u8,
    pub(super) id: Option<String>,
    pub(super) description: Option<String>,
    pub(super) expected: Option<Expected>,
    pub(super) rationale: Option<String>,
    pub(super) case: Option<Case>,
}

impl Parts {
    /// Marks `key` as read: `false` when it was read before (a key given
    /// twice, which the careful path reports).
    pub(super) fn first(&mut self, key: Key) -> bool {
        let fresh = self.seen & key as u8 == 0;
        self.seen |= key as u8;
        fresh
    }

    /// The case; `None` without an id or with a blank one, a mistake the
    /// careful path words.
    pub(super) fn finish(self) -> Option<CaseFile> {
        let id = self.id.filter(|id| !id.trim().is_empty())?;
        Some(CaseFile {
            id,
            description: self.description,
            expected: self.expected,
            rationale: self.rationale,
            case: self.case.unwrap_or_default(),
            teaching: None,
        })
    }
}

/// A key of the case object, compared exactly (as the careful path does);
/// `None` for a teaching case's keys, a phenopacket's, or a mistake.
pub(super) fn key_of(key: &str) -> Option<Key> {
    Some(match key {
        "id" => Key::Id,
        "description" => Key::Description,
        "expected" => Key::Expected,
        "rationale" => Key::Rationale,
        "features" => Key::Features,
        _ => return None,
    })
}

/// A string read by `read`: a key (`key_of`), `expected` (a profile's id
/// or `none`) or a feature's name or synonym, looked up as it is read.
struct TextSeed<F>(F);

impl<'de, T, F: FnOnce(&str) -> Option<T>> DeserializeSeed<'de> for TextSeed<F> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<T, F: FnOnce(&str) -> Option<T>> Visitor<'_> for TextSeed<F> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        (self.0)(text).ok_or_else(give_up)
    }
}

/// `features`: each a name of the pack with a value it takes.
struct FeaturesSeed<'p>(&'p Pack);

impl<'de> DeserializeSeed<'de> for FeaturesSeed<'_> {
    type Value = Case;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Case, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FeaturesSeed<'_> {
    type Value = Case;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the features of a case")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Case, A::Error> {
        let pack = self.0;
        // A case holds each feature once at most; room for the usual many
        // at once rather than growing step by step.
        let mut entries = Vec::with_capacity(pack.features.len().min(32));
        while let Some(feature) =
            map.next_key_seed(TextSeed(|name: &str| pack.feature_by_name(name)))?
        {
            let entry = map.next_value_seed(ValueSeed { pack, feature })?;
            entries.push((feature, entry));
        }
        // A name given twice (or a synonym beside its name) gives up: the
        // careful path tells a repeat from a conflict, and both from a
        // harmless synonym.
        Case::from_entries(entries).ok_or_else(give_up)
    }
}

/// One feature's value, checked as [`crate::cases::case_file`] checks a
/// tree's (the same functions, given the same scalars).
struct ValueSeed<'p> {
    pack: &'p Pack,
    feature: FeatureId,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Entry;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Entry, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Visitor<'_> for ValueSeed<'_> {
    type Value = Entry;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("one value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Entry, E> {
        Ok(Entry::Unknown)
    }

    fn visit_bool<E: de::Error>(self, flag: bool) -> Result<Entry, E> {
        assignment::flag_for(self.pack, self.feature, flag).map_err(|_| give_up())
    }

    // The tree holds every JSON number as an `f64` (`load::node`), made
    // the same way here.
    #[allow(clippy::cast_precision_loss)]
    fn visit_i64<E: de::Error>(self, number: i64) -> Result<Entry, E> {
        self.visit_f64(number as f64)
    }

    #[allow(clippy::cast_precision_loss)]
    fn visit_u64<E: de::Error>(self, number: u64) -> Result<Entry, E> {
        self.visit_f64(number as f64)
    }

    fn visit_f64<E: de::Error>(self, number: f64) -> Result<Entry, E> {
        assignment::number_for(self.pack, self.feature, number).map_err(|_| give_up())
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Entry, E> {
        assignment::value_for(self.pack, self.feature, text).map_err(|_| give_up())
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use proptest::{prelude::*, strategy::ValueTree as _};

    use super::case;
    use crate::{
        cases::reader::{json_scan, jsonl::careful_case},
        load::{PackSource, load},
        pack::Pack,
    };

    static PACK: std::sync::LazyLock<Pack> =
        std::sync::LazyLock::new(|| load(&PackSource::Builtin).pack.expect("the pack loads"));

    /// Top-level keys: the plain ones most often, and the others a line
    /// may have (a teaching case's, a phenopacket's, mistakes).
    const KEYS: [&str; 10] = [
        "id",
        "id",
        "description",
        "expected",
        "rationale",
        "features",
        "title",
        "Features",
        "metaData",
        "teaching_points",
    ];
    /// Feature names: as typed, synonyms, other spellings, unknown.
    const NAMES: [&str; 14] = [
        "age",
        "age",
        "course",
        "fasciculations",
        "muscle twitching",
        "Muscle-Twitching",
        "sensory_loss",
        "numbness",
        "tingling",
        "mri_lesions",
        "Age",
        "nosuch",
        "",
        "a\\u0067e",
    ];
    /// Scalars and other JSON values, as written in a line.
    const VALUES: [&str; 40] = [
        "01",
        "007",
        "123456789012345",
        "1234567890123456",
        "40 ",
        "40.0",
        "4E1",
        "\"a\\tb\"",
        "\"\t\"",
        "\"\u{7f}\"",
        "\"é\"",
        "tru",
        "truex",
        "nul",
        "true",
        "false",
        "null",
        "0",
        "-0",
        "40",
        "62.5",
        "1e2",
        "200",
        "-1",
        "1e999",
        "\"yes\"",
        "\"no\"",
        "\"unknown\"",
        "\"relapsing\"",
        "\"Relapsing\"",
        "\"progressive\"",
        "\"maybe\"",
        "\"\"",
        "\" 62 \"",
        "\"ALS\"",
        "\"none\"",
        "\"ms\"",
        "[]",
        "{}",
        "\"+\"",
    ];

    /// A JSON object written by hand, so that a key may repeat.
    fn object(pairs: &[(String, String)]) -> String {
        let mut out = String::from("{");
        for (i, (key, value)) in pairs.iter().enumerate() {
            let _ = write!(out, "{}\"{key}\":{value}", if i > 0 { "," } else { "" });
        }
        out.push('}');
        out
    }

    fn line() -> impl Strategy<Value = String> {
        let feature = (prop::sample::select(&NAMES[..]), prop::sample::select(&VALUES[..]))
            .prop_map(|(n, v)| (n.to_owned(), v.to_owned()));
        let features = prop::collection::vec(feature, 0..8).prop_map(|pairs| object(&pairs));
        let value = prop_oneof![
            4 => prop::sample::select(&VALUES[..]).prop_map(str::to_owned),
            2 => Just("\"case-1\"".to_owned()),
            4 => features,
        ];
        let pair = (prop::sample::select(&KEYS[..]), value).prop_map(|(k, v)| (k.to_owned(), v));
        let anything = prop::collection::vec(pair, 0..6).prop_map(|pairs| object(&pairs));
        prop_oneof![1 => anything, 2 => nearly_plain(), 2 => nudged(nearly_plain())]
    }

    /// Lines with one character put in somewhere: whitespace JSON allows
    /// and whitespace it does not, a stray comma or letter, a control.
    fn nudged(lines: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
        const PUT: [&str; 12] =
            [" ", "\t", "\r", "\n", "\u{a0}", "\u{feff}", "\u{b}", "\u{c}", "x", ",", "\u{1}", "0"];
        (lines, any::<prop::sample::Index>(), prop::sample::select(&PUT[..])).prop_map(
            |(line, at, put)| {
                let at = at.index(line.len() + 1);
                let mut line = line;
                // Inside a character (an id may hold `é`), nothing is put.
                if line.is_char_boundary(at) {
                    line.insert_str(at, put);
                }
                line
            },
        )
    }

    /// A case in nearly the plain shape, its keys in any order: most such
    /// lines are plain cases, the rest differ from one by a little.
    fn nearly_plain() -> impl Strategy<Value = String> {
        const NAMES: [&str; 8] = [
            "age",
            "course",
            "fasciculations",
            "muscle twitching",
            "sensory_loss",
            "mri_lesions",
            "Age",
            "numbness",
        ];
        const VALUES: [&str; 8] =
            ["true", "false", "null", "40", "\"unknown\"", "\"relapsing\"", "\"yes\"", "\"No\""];
        const IDS: [&str; 7] =
            ["\"case-1\"", "\"case-1\"", "\"é\"", "\"a b\"", "\"c\\\"2\"", "\" \"", "3"];
        const EXPECTED: [&str; 6] =
            ["\"ALS\"", "\"ms\"", "\"none\"", "\"MS\"", "\"nobody\"", "null"];
        let feature = (prop::sample::select(&NAMES[..]), prop::sample::select(&VALUES[..]))
            .prop_map(|(n, v)| (n.to_owned(), v.to_owned()));
        (
            prop::sample::select(&IDS[..]),
            prop::option::of(prop::sample::select(&EXPECTED[..])),
            prop::collection::vec(feature, 0..5),
        )
            .prop_flat_map(|(id, expected, features)| {
                let mut pairs = vec![("id".to_owned(), id.to_owned())];
                pairs.extend(expected.map(|e| ("expected".to_owned(), e.to_owned())));
                pairs.push(("features".to_owned(), object(&features)));
                Just(pairs).prop_shuffle()
            })
            .prop_map(|pairs| object(&pairs))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// Where the quick path gives a case, the careful path gives the
        /// same case; where it gives up, the careful path decides.
        #[test]
        fn the_quick_path_agrees_with_the_careful_one(line in line()) {
            let (mut id, mut notes) = (None, Vec::new());
            let careful = careful_case(&PACK, line.as_bytes(), 1, &mut id, &mut notes);
            if let Some(quick) = case(&PACK, &line) {
                prop_assert_eq!(Ok(quick), careful.clone(), "{}", line);
            }
            // The scan reads a subset of what `serde_json` reads.
            if let Some(scanned) = json_scan::case(&PACK, &line) {
                prop_assert_eq!(Some(scanned.clone()), case(&PACK, &line), "{}", line);
                prop_assert_eq!(Ok(scanned), careful, "{}", line);
            }
        }
    }

    /// The property above is only worth as much as the lines on which
    /// each quick path gives a case: a good share of the random lines
    /// must (with this deterministic runner, 2000 lines: 253 read by
    /// `serde_json`, 212 by the scan).
    #[test]
    fn the_generator_makes_plain_cases_often_enough() {
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let strategy = line();
        let lines: Vec<String> =
            (0..2000).map(|_| strategy.new_tree(&mut runner).expect("a line").current()).collect();
        let quick = lines.iter().filter(|line| case(&PACK, line).is_some()).count();
        let scanned = lines.iter().filter(|line| json_scan::case(&PACK, line).is_some()).count();
        assert!(quick >= 180, "only {quick} of 2000 random lines were plain cases");
        assert!(scanned >= 150, "only {scanned} of 2000 random lines were scanned");
    }

    #[test]
    fn plain_cases_take_the_quick_path_and_the_rest_do_not() {
        let quick = [
            r#"{"id":"a","features":{}}"#,
            r#"{"id":"a"}"#,
            r#" {"expected":"none","id":"b","description":"d\"é","rationale":"r","features":{"age":-0,"course":"Relapsing","muscle twitching":"yes","sensory_loss":null,"mri_lesions":false}} "#,
        ];
        for line in quick {
            let (mut id, mut notes) = (None, Vec::new());
            let careful = careful_case(&PACK, line.as_bytes(), 1, &mut id, &mut notes);
            assert!(careful.is_ok(), "{line}");
            assert_eq!(case(&PACK, line), careful.ok(), "{line}");
        }
        let careful = [
            // Mistakes.
            r#"{"features":{}}"#,
            r#"{"id":" ","features":{}}"#,
            r#"{"id":"a","features":{"age":1e999}}"#,
            r#"{"id":"a","features":{"nosuch":true}}"#,
            r#"{"id":"a","features":{"age":40}} x"#,
            r#"{"id":"a","expected":"nobody"}"#,
            r#"{"id":"a","id":"a"}"#,
            r#"{"id":"a","features":{"age":40,"age":40}}"#,
            r#"[{"id":"a"}]"#,
            // Right, but for the careful path to read.
            r#"{"id":7,"features":{}}"#,
            r#"{"id":"a","features":{"fasciculations":true,"muscle twitching":true}}"#,
            r#"{"id":"a","title":"t","features":{}}"#,
            r#"{"id":"a","metaData":{},"phenotypicFeatures":[]}"#,
        ];
        for line in careful {
            assert_eq!(case(&PACK, line), None, "{line}");
        }
    }
}
