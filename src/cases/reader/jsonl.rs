//! JSON Lines case files: one object per line, read line by line and
//! parsed straight into the tree YAML cases are read into.

use std::{
    fmt,
    io::{self, BufRead},
    sync::Arc,
};

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{Found, Pending, Source, json_direct, json_scan, no_case, phenopacket};
use crate::{
    cases::case_error::{CaseError, CaseErrorKind},
    cases::case_file::{self, CaseFile},
    cases::line_reader::{Line, read_line},
    error::io_reason,
    limits,
    load::node::{Node, Text},
    load::yaml::Spanned,
    pack::Pack,
    span::Position,
};

pub(super) fn read_json_lines(
    file: &Arc<str>,
    input: &mut dyn BufRead,
    emit: &mut dyn FnMut(Found<'_>) -> io::Result<()>,
) -> io::Result<()> {
    let mut buffer = Vec::new();
    let mut line = 0_u32;
    let mut cases = 0_u64;
    loop {
        buffer.clear();
        let read = match read_line(input, &mut buffer, limits::MAX_JSON_LINE_BYTES) {
            Ok(read) => read,
            Err(error) => {
                return emit(Found::Case(Pending::failed(
                    Source { file: Arc::clone(file), line: line + 1 },
                    CaseError::new(CaseErrorKind::Unreadable { reason: io_reason(&error) }),
                )));
            }
        };
        let Some(read) = read else {
            return if cases == 0 { emit(Found::Case(no_case(file))) } else { Ok(()) };
        };
        line = line.saturating_add(1);
        let source = Source { file: Arc::clone(file), line };
        let found = match read {
            Line::TooLong => Found::Case(Pending::failed(
                source,
                CaseError::new(CaseErrorKind::LineTooLong)
                    .help("one case per line; is this a JSON Lines file?"),
            )),
            Line::Whole => {
                let bytes = if line == 1 {
                    buffer.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&buffer)
                } else {
                    &buffer
                };
                if bytes.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                Found::JsonLine(source, bytes)
            }
        };
        cases += 1;
        emit(found)?;
    }
}

/// A `.json` file: one JSON value (a case or a phenopacket), read whole
/// within [`limits::MAX_JSON_FILE_BYTES`] and checked like a JSON line.
pub(super) fn read_json(
    file: &Arc<str>,
    input: &mut dyn BufRead,
    emit: &mut dyn FnMut(Found<'_>) -> io::Result<()>,
) -> io::Result<()> {
    use io::Read as _;
    let source = || Source { file: Arc::clone(file), line: 1 };
    let mut bytes = Vec::new();
    if let Err(error) = input.take(limits::MAX_JSON_FILE_BYTES + 1).read_to_end(&mut bytes) {
        let kind = CaseErrorKind::Unreadable { reason: io_reason(&error) };
        return emit(Found::Case(Pending::failed(source(), CaseError::new(kind))));
    }
    if bytes.len() as u64 > limits::MAX_JSON_FILE_BYTES {
        let error = CaseError::new(CaseErrorKind::JsonTooLarge)
            .help("give one case or phenopacket per file, or many as JSON Lines (`.jsonl`)");
        return emit(Found::Case(Pending::failed(source(), error)));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return emit(Found::Case(no_case(file)));
    }
    emit(Found::JsonLine(source(), bytes))
}

/// The `"id": "..."` of a JSON line that is not valid JSON (a number out of
/// range, a missing brace), so that the failed case is shown by its name.
/// The line is walked as far as it goes, keeping track of strings and of
/// nesting, and only a key `id` of the outer object with a plain string
/// value (no escapes) counts. A line with two such keys names no case:
/// which one is meant is unclear.
fn salvage_id(bytes: &[u8]) -> Option<String> {
    const LONGEST: usize = 200;
    let mut found = None;
    let mut depth = 0_usize;
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => {
                let end = string_end(bytes, i + 1)?;
                let after = bytes.get(end + 1..).unwrap_or_default().trim_ascii_start();
                if depth == 1 && &bytes[i + 1..end] == b"id" && after.starts_with(b":") {
                    if found.is_some() {
                        return None;
                    }
                    found = Some(plain_string(after[1..].trim_ascii_start(), LONGEST));
                }
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    found.flatten()
}

/// Where the string that starts at `from` (just after its `"`) ends: the
/// index of its closing `"`.
fn string_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// A JSON string without escapes at the start of `bytes`, not blank and
/// not longer than `longest`.
fn plain_string(bytes: &[u8], longest: usize) -> Option<String> {
    let rest = bytes.strip_prefix(b"\"")?;
    let end = memchr::memchr2(b'"', b'\\', rest).filter(|end| rest.get(*end) == Some(&b'"'))?;
    let id = std::str::from_utf8(rest.get(..end)?).ok()?;
    (!id.trim().is_empty() && id.len() <= longest).then(|| id.to_owned())
}

/// One JSON Lines case.
/// A case from one JSON value (a line of a JSON Lines file, or a whole
/// `.json` file): a case object, or a phenopacket (recognised by its
/// `metaData` or `phenotypicFeatures` where a case has `features`), whose
/// notes go to `notes`.
pub(super) fn json_case(
    pack: &Pack,
    bytes: &[u8],
    line: u32,
    id: &mut Option<String>,
    notes: &mut Vec<String>,
) -> Result<CaseFile, CaseError> {
    // Most lines of a large batch are plain cases: scanned straight into
    // the case, or read by `serde_json` into it when the scan gives up (an
    // escape, a fraction), and only through the tree when both do.
    if let Ok(text) = std::str::from_utf8(bytes)
        && let Some(file) = json_scan::case(pack, text).or_else(|| json_direct::case(pack, text))
    {
        return Ok(file);
    }
    careful_case(pack, bytes, line, id, notes)
}

/// [`json_case`] through the tree, which words every mistake.
pub(super) fn careful_case(
    pack: &Pack,
    bytes: &[u8],
    line: u32,
    id: &mut Option<String>,
    notes: &mut Vec<String>,
) -> Result<CaseFile, CaseError> {
    let at = Position::line(line);
    let parsed = match std::str::from_utf8(bytes) {
        // The line checked as UTF-8 once, as a whole, rather than string
        // by string.
        Ok(text) => parse_json(serde_json::Deserializer::from_str(text), at),
        // `serde_json` says where the bad byte is.
        Err(_) => parse_json(serde_json::Deserializer::from_slice(bytes), at),
    };
    if parsed.is_err() {
        // The line names its case even when it cannot be read whole.
        *id = salvage_id(bytes);
    }
    let node = parsed.map_err(|error| {
        let column = u32::try_from(error.column()).unwrap_or(u32::MAX);
        // A `.json` file may hold a value over several lines.
        let line = line.saturating_add(u32::try_from(error.line()).unwrap_or(1).saturating_sub(1));
        let at = Position::line(line);
        // `serde_json` ends its message with the place, which we give
        // apart.
        let text = error.to_string();
        let message = text.split(" at line ").next().unwrap_or(&text).to_owned();
        let help = if message.starts_with("number out of range") {
            // The line is an object; one of its numbers is too large to
            // hold (`1e999`).
            "a number in this line is too large to read; give one within the feature's range"
        } else {
            "each line must be one JSON object, such as {\"id\": \"a\", \"features\": {}}"
        };
        CaseError::at(Position { column: column.max(1), ..at }, CaseErrorKind::Json { message })
            .help(help)
    })?;
    if !matches!(node.value, Node::Map(_)) {
        return Err(CaseError::new(CaseErrorKind::NotAnObject { found: node.value.kind() })
            .help("write one object per line, such as {\"id\": \"a\", \"features\": {}}"));
    }
    if phenopacket::looks_like(&node) {
        *id = case_file::id_of(&node);
        let packet = phenopacket::parse(bytes, at)?;
        let (tree, packet_notes) = phenopacket::to_case(&packet, pack, at);
        *notes = packet_notes;
        return case_file::from_node(pack, &tree).map_err(CaseError::on_its_line);
    }
    case_file::from_node(pack, &node).map_err(|e| {
        // The id of a case that fails still names it in the output.
        *id = case_file::id_of(&node);
        // Every part of a JSON line has the line's position; the column
        // would mislead.
        e.on_its_line()
    })
}

/// One JSON value, and nothing after it.
fn parse_json<'de, R: serde_json::de::Read<'de>>(
    mut deserializer: serde_json::Deserializer<R>,
    at: Position,
) -> serde_json::Result<Spanned<Node>> {
    let node = JsonNode(at).deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(node)
}

/// Reads a JSON value straight into the tree YAML cases are read into
/// (rather than through `serde_json::Value`, which would build every key
/// and string twice), every part placed at the line's position.
#[derive(Clone, Copy)]
struct JsonNode(Position);

impl<'de> DeserializeSeed<'de> for JsonNode {
    type Value = Spanned<Node>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for JsonNode {
    type Value = Spanned<Node>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Spanned { value: Node::Null, at: self.0 })
    }

    fn visit_bool<E>(self, value: bool) -> Result<Self::Value, E> {
        Ok(Spanned { value: Node::Bool(value), at: self.0 })
    }

    #[allow(clippy::cast_precision_loss)]
    fn visit_i64<E>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Spanned { value: Node::Number(value as f64), at: self.0 })
    }

    #[allow(clippy::cast_precision_loss)]
    fn visit_u64<E>(self, value: u64) -> Result<Self::Value, E> {
        Ok(Spanned { value: Node::Number(value as f64), at: self.0 })
    }

    fn visit_f64<E>(self, value: f64) -> Result<Self::Value, E> {
        Ok(Spanned { value: Node::Number(value), at: self.0 })
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Spanned { value: Node::Text(Text::from(value)), at: self.0 })
    }

    fn visit_string<E>(self, value: String) -> Result<Self::Value, E> {
        Ok(Spanned { value: Node::Text(Text::from(value)), at: self.0 })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Spanned { value: Node::List(items), at: self.0 })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // `serde_json` gives no size; a case has a handful of keys, and
        // starting at 8 saves the first few times a vector grows.
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(8).min(64));
        while let Some(key) = map.next_key::<Text>()? {
            if entries.iter().any(|(k, _): &(Spanned<Text>, Spanned<Node>)| k.value == key) {
                return Err(repeated_key(&key));
            }
            let value = map.next_value_seed(self)?;
            entries.push((Spanned { value: key, at: self.0 }, value));
            if entries.len() == MANY_KEYS {
                return many_keys(map, entries, self);
            }
        }
        Ok(Spanned { value: Node::Map(entries), at: self.0 })
    }
}

/// Past this many keys in one JSON object, a repeated key is looked for in
/// a set rather than one key at a time, so that a line of many thousands
/// (hostile or mistaken) is still read in linear time. A case has a
/// handful, and keeps the quick loop of [`JsonNode::visit_map`].
const MANY_KEYS: usize = 32;

fn repeated_key<E: serde::de::Error>(key: &str) -> E {
    E::custom(format!("the key `{key}` is given twice"))
}

/// The rest of an object that has [`MANY_KEYS`] keys already.
#[cold]
#[inline(never)]
fn many_keys<'de, A: MapAccess<'de>>(
    mut map: A,
    mut entries: Vec<(Spanned<Text>, Spanned<Node>)>,
    node: JsonNode,
) -> Result<Spanned<Node>, A::Error> {
    let mut seen: std::collections::HashSet<Text, foldhash::fast::FixedState> =
        entries.iter().map(|(k, _)| k.value.clone()).collect();
    while let Some(key) = map.next_key::<Text>()? {
        if !seen.insert(key.clone()) {
            return Err(repeated_key(&key));
        }
        let value = map.next_value_seed(JsonNode(node.0))?;
        entries.push((Spanned { value: key, at: node.0 }, value));
    }
    Ok(Spanned { value: Node::Map(entries), at: node.0 })
}

#[cfg(test)]
mod tests {
    use super::salvage_id;

    #[test]
    fn a_broken_json_line_still_names_its_case_when_it_plainly_can() {
        assert_eq!(salvage_id(br#"{"id": "a", "features": {"age": 1e999}}"#), Some("a".into()));
        assert_eq!(salvage_id(br#"{"features": {}, "id" :"b""#), Some("b".into()));
        // Escaped, empty, repeated or missing: no name rather than a wrong one.
        assert_eq!(salvage_id(br#"{"id": "a\"b", "x": 1e999}"#), None);
        assert_eq!(salvage_id(br#"{"id": " ", "x": 1e999}"#), None);
        assert_eq!(salvage_id(br#"{"id": "a", "id": "b"}"#), None);
        assert_eq!(salvage_id(br#"{"description": "an id", "x": 1e999}"#), None);
        assert_eq!(salvage_id(br#"{"id": 7, "x": 1e999}"#), None);
        // Only the outer object's key: not one nested, not a value `"id"`.
        assert_eq!(salvage_id(br#"{"features": {"id": "nested"}, "x": 1e999}"#), None);
        assert_eq!(salvage_id(br#"{"rationale": "id", "id": "c", "x": 1e999}"#), Some("c".into()));
        assert_eq!(
            salvage_id(br#"{"description": "say \"id\": \"no\"", "id": "d""#),
            Some("d".into())
        );
        // Cut short anywhere: no panic.
        for cut in 0..20 {
            let _ = salvage_id(&br#"{"id": "e", "x": "\"#[..cut.min(18)]);
        }
    }
}
