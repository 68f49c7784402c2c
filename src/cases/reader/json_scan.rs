//! The quickest way to read a JSON case: the plain shape of nearly every
//! line of a large batch, scanned by hand straight into a checked
//! [`CaseFile`]. Strings without escapes, whole numbers, `true`, `false`
//! and `null`; anything else makes [`case`] give up, and the line is read
//! by [`super::json_direct`] (`serde_json`, still without a tree), and
//! failing that the careful way, which words every mistake.
//!
//! Why by hand: for these short lines `serde_json`'s general machinery (a
//! visitor per value, a scratch buffer per string, a dispatch per token)
//! costs more than the evaluation of the case, and no crate measured much
//! faster on them (`sonic-rs` took 6% less time, `simd-json` twice as
//! much; `docs/performance.md`). The grammar read
//! here is small enough to be checked whole: every key and value goes
//! through the very checks [`super::json_direct`] uses (`key_of`,
//! `expected_of`, `Pack::feature_by_name` and the `assignment` functions
//! a value of its kind goes to), and a property test holds every case read here
//! to the one the careful path reads from the same line. What it accepts
//! is a subset of JSON, so it never accepts what `serde_json` refuses:
//!
//! - whitespace is only space, tab, line feed and carriage return;
//! - a string ends at the first `"`; one holding `\` or a control
//!   character is left to `serde_json` (escapes, and the error);
//! - a number is `0` or a digit 1 to 9 and at most 14 more digits, exact
//!   as a float, not followed by `.`, `e` or `E` (`serde_json` reads those
//!   the same way, through `visit_u64`); a sign, a fraction or an exponent
//!   is left to `serde_json`;
//! - after the closing `}`, only whitespace.

use super::json_direct::{Key, Parts, key_of};
use crate::{
    byte_search::{self, below, equal},
    cases::assignment,
    cases::case::{Case, Entry},
    cases::case_file::{CaseFile, expected_of},
    pack::{Pack, feature::FeatureId},
};

/// Digits of the longest whole number read here: every number of up to
/// 15 digits is exact as an `f64` (below 2^53).
const MAX_DIGITS: usize = 15;

/// The case in `text`, one JSON object in the plain shape; `None` means
/// "read it another way".
pub(super) fn case(pack: &Pack, text: &str) -> Option<CaseFile> {
    let mut scan = Scan { text, at: 0 };
    scan.eat(b'{')?;
    let mut parts = Parts::default();
    if scan.peek()? == b'}' {
        scan.at += 1;
    } else {
        loop {
            let key = key_of(scan.string()?)?;
            if !parts.first(key) {
                return None;
            }
            scan.eat(b':')?;
            match key {
                Key::Id => parts.id = Some(scan.string()?.to_owned()),
                Key::Description => parts.description = Some(scan.string()?.to_owned()),
                Key::Rationale => parts.rationale = Some(scan.string()?.to_owned()),
                Key::Expected => {
                    parts.expected = Some(expected_of(pack, scan.string()?)?);
                }
                Key::Features => parts.case = Some(features(pack, &mut scan)?),
            }
            if !scan.next_member()? {
                break;
            }
        }
    }
    scan.skip_space();
    if scan.at != scan.text.len() {
        return None;
    }
    parts.finish()
}

/// The `features` object: each a name of the pack with a value it takes.
fn features(pack: &Pack, scan: &mut Scan<'_>) -> Option<Case> {
    scan.eat(b'{')?;
    // A case holds each feature once at most; room for the usual many.
    let mut entries = Vec::with_capacity(pack.features.len().min(32));
    if scan.peek()? == b'}' {
        scan.at += 1;
    } else {
        loop {
            let feature = scan.feature(pack)?;
            scan.eat(b':')?;
            // As `serde_json` hands each kind of value to `json_direct`.
            let entry = match scan.peek()? {
                b'"' => assignment::value_for(pack, feature, scan.string()?).ok()?,
                b't' => {
                    scan.word(b"true")?;
                    assignment::flag_for(pack, feature, true).ok()?
                }
                b'f' => {
                    scan.word(b"false")?;
                    assignment::flag_for(pack, feature, false).ok()?
                }
                b'n' => {
                    scan.word(b"null")?;
                    Entry::Unknown
                }
                b'0'..=b'9' => {
                    // Exact: at most 15 digits.
                    #[allow(clippy::cast_precision_loss)]
                    let number = scan.whole_number()? as f64;
                    assignment::number_for(pack, feature, number).ok()?
                }
                _ => return None,
            };
            entries.push((feature, entry));
            if !scan.next_member()? {
                break;
            }
        }
    }
    // A name given twice (or a synonym beside its name) is left to the
    // careful path, as in `json_direct`.
    Case::from_entries(entries)
}

/// A place in the line.
struct Scan<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Scan<'t> {
    /// Past JSON's whitespace.
    #[inline]
    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.text.as_bytes().get(self.at) {
            self.at += 1;
        }
    }

    /// The next byte after whitespace, not taken. A byte above the space
    /// is none of JSON's whitespace, and the lines of a large batch rarely
    /// hold any: looking for it first saved the loop of
    /// [`Self::skip_space`] some hundred times a line (a twentieth of the
    /// scan, callgrind, issue 17).
    #[inline]
    fn peek(&mut self) -> Option<u8> {
        match self.text.as_bytes().get(self.at) {
            Some(&byte) if byte > b' ' => Some(byte),
            _ => {
                self.skip_space();
                self.text.as_bytes().get(self.at).copied()
            }
        }
    }

    /// Takes `byte`, after whitespace.
    #[inline]
    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.at += 1)
    }

    /// After a member: `true` on `,` (another follows), `false` on `}`.
    #[inline]
    fn next_member(&mut self) -> Option<bool> {
        let more = match self.peek()? {
            b',' => true,
            b'}' => false,
            _ => return None,
        };
        self.at += 1;
        Some(more)
    }

    /// `true`, `false` or `null`, exactly.
    #[inline]
    fn word(&mut self, word: &[u8]) -> Option<()> {
        let end = self.at + word.len();
        (self.text.as_bytes().get(self.at..end)? == word).then(|| self.at = end)
    }

    /// A string without escapes or control characters, borrowed.
    ///
    /// Always inlined: a line has some forty strings, and the call cost a
    /// fifth of the scan (callgrind, issue 17).
    #[allow(clippy::inline_always)]
    #[inline(always)]
    fn string(&mut self) -> Option<&'t str> {
        self.eat(b'"')?;
        let start = self.at;
        let end = special(self.text.as_bytes(), start)?;
        if self.text.as_bytes().get(end) != Some(&b'"') {
            return None;
        }
        self.at = end + 1;
        // Between two `"`, so on character boundaries.
        self.text.get(start..end)
    }

    /// A feature's name, as [`Pack::feature_by_name`] finds it in a string
    /// read by [`Self::string`]. When the pack's names are plain (see
    /// [`NameTable::json_plain`](crate::pack::name_table::NameTable::json_plain)),
    /// the text up to the next `"` is looked up as it stands first, and
    /// only a name not found so is checked for escapes and control
    /// characters: names are nearly half the strings of a line, and the
    /// full check costs three tests a word where the search costs one
    /// (callgrind, issue 17).
    #[allow(clippy::inline_always)]
    #[inline(always)]
    fn feature(&mut self, pack: &Pack) -> Option<FeatureId> {
        if !pack.feature_index.json_plain() {
            return pack.feature_by_name(self.string()?);
        }
        self.eat(b'"')?;
        let start = self.at;
        let end = quote(self.text.as_bytes(), start)?;
        self.at = end + 1;
        // Between two `"`, so on character boundaries.
        let name = self.text.get(start..end)?;
        if let Some(feature) = pack.feature_index.get(name) {
            return Some(feature);
        }
        // As `string` would have it: nothing special before the `"`.
        if special(self.text.as_bytes(), start)? != end {
            return None;
        }
        pack.feature_by_name(name)
    }

    /// A whole number of up to [`MAX_DIGITS`] digits, without a leading
    /// zero, a fraction or an exponent.
    #[inline]
    fn whole_number(&mut self) -> Option<u64> {
        let rest = self.text.as_bytes().get(self.at..)?;
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        let leading_zero = digits > 1 && rest.first() == Some(&b'0');
        if digits == 0 || digits > MAX_DIGITS || leading_zero {
            return None;
        }
        if matches!(rest.get(digits), Some(b'.' | b'e' | b'E')) {
            return None;
        }
        self.at += digits;
        Some(rest.iter().take(digits).fold(0, |n, d| n * 10 + u64::from(d - b'0')))
    }
}

/// Where the first `"`, `\\` or control character is in `bytes` from
/// `start`, looked for eight bytes at a time.
#[allow(clippy::inline_always)]
#[inline(always)]
fn special(bytes: &[u8], start: usize) -> Option<usize> {
    byte_search::first(
        bytes,
        start,
        |word| equal(word, b'"') | equal(word, b'\\') | below(word, 0x20),
        |b| matches!(b, b'"' | b'\\' | 0..=0x1f),
    )
}

/// Where the first `"` is in `bytes` from `start`, as [`special`] looks.
#[allow(clippy::inline_always)]
#[inline(always)]
fn quote(bytes: &[u8], start: usize) -> Option<usize> {
    byte_search::first(bytes, start, |word| equal(word, b'"'), |b| b == b'"')
}

#[cfg(test)]
mod tests {
    use super::case;
    use crate::{
        cases::reader::jsonl::careful_case,
        load::{PackSource, load},
        pack::Pack,
    };

    static PACK: std::sync::LazyLock<Pack> =
        std::sync::LazyLock::new(|| load(&PackSource::Builtin).pack.expect("the pack loads"));

    /// Each line: whether the scan reads it. What it reads must be what
    /// the careful path reads; what it leaves, `serde_json` or the careful
    /// path reads (or refuses).
    #[test]
    fn the_scan_reads_the_plain_grammar_and_leaves_the_rest() {
        let lines = [
            (r#"{"id":"a"}"#, true),
            ("{}", false),
            (" \t{ \"id\" : \"a\" , \"features\" : { } }\r\n", true),
            (r#"{"id":"a","features":{"age":0,"course":"relapsing","fasciculations":null}}"#, true),
            // Out of the feature's range: left for the careful path to word.
            (r#"{"id":"a","features":{"age":123456789012345}}"#, false),
            (r#"{"id":"a","features":{"age":01}}"#, false),
            (r#"{"id":"a","features":{"age":40.0}}"#, false),
            (r#"{"id":"a","features":{"age":4e1}}"#, false),
            (r#"{"id":"a","features":{"age":-1}}"#, false),
            (r#"{"id":"a","features":{"age":40 }}"#, true),
            (r#"{"id":"a","features":{"sensory_loss":tru}}"#, false),
            (r#"{"id":"a","features":{"sensory_loss":truex}}"#, false),
            (r#"{"id":"a","features":{"sensory_loss":"yes"}}"#, true),
            (r#"{"id":"a\tb"}"#, false),
            ("{\"id\":\"a\tb\"}", false),
            ("{\"id\":\"a\u{7f}é\"}", true),
            ("{\"id\":\"a\"}\u{a0}", false),
            ("{\"id\":\"a\"}\u{b}", false),
            ("\u{feff}{\"id\":\"a\"}", false),
            (r#"{"id":"a"} x"#, false),
            (r#"{"id":"a"}}"#, false),
            (r#"{"id":"a",}"#, false),
            (r#"{"id":"a","features":{"age":40,}}"#, false),
            (r#"{"id":"a","expected":"ms","description":"d","rationale":"r"}"#, true),
            (r#"{"id":"a","expected":null}"#, false),
            // A feature's name: found as it stands, or normalised after the
            // full check; an escape or a control character is never passed.
            (r#"{"id":"a","features":{"Sensory Loss":true}}"#, true),
            ("{\"id\":\"a\",\"features\":{\"sensory\tloss\":true}}", false),
            ("{\"id\":\"a\",\"features\":{\"sensory_loss\u{1}\":true}}", false),
            (r#"{"id":"a","features":{"sensory\u005floss":true}}"#, false),
            (r#"{"id":"a","features":{"sensory_loss\"":true}}"#, false),
            (r#"{"id":"a","features":{"no_such_feature":true}}"#, false),
        ];
        check(&PACK, &lines);
    }

    /// Each line: whether the scan reads it; what it reads must be what
    /// the careful path reads from the same line.
    fn check(pack: &Pack, lines: &[(&str, bool)]) {
        for (line, scanned) in lines {
            let (mut id, mut notes) = (None, Vec::new());
            let careful = careful_case(pack, line.as_bytes(), 1, &mut id, &mut notes);
            match case(pack, line) {
                Some(file) => {
                    assert!(scanned, "scanned, but should not be: {line}");
                    assert_eq!(Ok(file), careful, "{line}");
                }
                None => assert!(!scanned, "not scanned: {line}"),
            }
        }
    }

    /// A pack with a synonym holding `"` or `\\` is not plain, and the
    /// scan then checks every name in full before looking it up: it reads
    /// what it read before and still leaves an escape or a control
    /// character to `serde_json`.
    #[test]
    fn a_pack_whose_names_are_not_plain_is_scanned_the_careful_way() {
        let files = [
            (
                "pack.yaml",
                "name: t\ntitle: T\nmargin: 2\nprofiles:\n  X: {name: x, summary: x}\n  Y: {name: y, summary: y}\n",
            ),
            ("claims.yaml", "claims:\n  - {id: K1, kind: discriminating, claim: k}\n"),
            (
                "features.yaml",
                "features:\n  a: {label: a, question: a?, type: yes_no, synonyms: ['say \"no\"', 'back\\slash']}\n  b: {label: b, question: b?, type: yes_no}\n",
            ),
            (
                "rules.yaml",
                "rules:\n  - {id: a-for-x, when: {a: yes}, favours: {X: strong}, reason: r, claims: [K1]}\n",
            ),
        ];
        let report = crate::load::from_texts(
            files.iter().map(|(n, t)| ((*n).to_owned(), (*t).to_owned())).collect(),
        );
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        let pack = report.pack.expect("the pack loads");
        assert!(!pack.feature_index.json_plain());
        let lines = [
            (r#"{"id":"x","features":{"a":true,"B":false}}"#, true),
            (r#"{"id":"x","features":{"back\\slash":true}}"#, false),
            (r#"{"id":"x","features":{"say \"no\"":true}}"#, false),
            ("{\"id\":\"x\",\"features\":{\"a\tb\":true}}", false),
            (r#"{"id":"x","features":{"c":true}}"#, false),
        ];
        check(&pack, &lines);
        // The escaped synonyms are still names of the pack, read by the
        // careful path.
        let (mut id, mut notes) = (None, Vec::new());
        let escaped = r#"{"id":"x","features":{"back\\slash":true}}"#;
        assert!(careful_case(&pack, escaped.as_bytes(), 1, &mut id, &mut notes).is_ok());
    }

    /// Whole numbers up to fifteen digits, exact; nothing else.
    #[test]
    fn whole_numbers_are_read_exactly_and_nothing_else_is() {
        let read = |text: &str| {
            let mut scan = super::Scan { text, at: 0 };
            scan.whole_number().map(|n| (n, scan.at))
        };
        assert_eq!(read("0"), Some((0, 1)));
        assert_eq!(read("40,"), Some((40, 2)));
        assert_eq!(read("123456789012345}"), Some((123_456_789_012_345, 15)));
        for refused in ["1234567890123456", "01", "00", "4.0", "4e1", "4E1", "-1", "+1", "", "x"] {
            assert_eq!(read(refused), None, "{refused}");
        }
    }

    /// Both word-at-a-time searches agree with a byte-at-a-time one for
    /// every byte at every place (bytes above 0x7f among them, which share
    /// their low bits with `"` and `\\`), before a later special byte.
    #[test]
    fn the_searches_agree_with_a_byte_by_byte_one_for_every_byte() {
        for len in 1..20 {
            for at in 0..len {
                for byte in 0..=u8::MAX {
                    let mut bytes = vec![b'a'; len + 2];
                    bytes[at] = byte;
                    bytes[len + 1] = b'"';
                    let first = |is: &dyn Fn(u8) -> bool| bytes.iter().position(|b| is(*b));
                    let is_special = |b: u8| matches!(b, b'"' | b'\\' | 0..=0x1f);
                    assert_eq!(super::special(&bytes, 0), first(&is_special), "{len} {at} {byte}");
                    assert_eq!(super::quote(&bytes, 0), first(&|b| b == b'"'), "{len} {at} {byte}");
                }
            }
        }
    }

    /// The word-at-a-time search finds the first special byte wherever it
    /// is, in the words or in the tail.
    #[test]
    fn the_search_finds_the_first_special_byte_at_every_place() {
        for len in 0..40 {
            for at in 0..len {
                for special in [b'"', b'\\', 0x00, 0x1f] {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = special;
                    // A later special byte must not be taken instead.
                    if at + 3 < len {
                        bytes[at + 3] = b'"';
                    }
                    assert_eq!(super::special(&bytes, 0), Some(at), "{len} {at} {special}");
                    let quote =
                        if special == b'"' { Some(at) } else { (at + 3 < len).then_some(at + 3) };
                    assert_eq!(super::quote(&bytes, 0), quote, "{len} {at} {special}");
                }
            }
            let plain: Vec<u8> = (0..len).map(|i| [b' ', b'~', b'!', 0x7f, 0xc3][i % 5]).collect();
            assert_eq!(super::special(&plain, 0), None, "{len}");
            assert_eq!(super::quote(&plain, 0), None, "{len}");
        }
    }
}
