//! A YAML document read as a tree in which every node knows its position.
//!
//! Rule packs are read into this tree first and checked by hand in
//! [`crate::load::validate`], rather than deserialised straight into structs:
//! that way one mistake does not hide the next (every error in a pack is
//! reported), and an unknown key gets a "did you mean" suggestion.

use std::{borrow::Cow, fmt};

use serde::{
    Deserialize, Deserializer,
    de::{MapAccess, SeqAccess, Visitor},
};

use crate::load::yaml::Spanned;

/// The text of a node: keys and short values (most of them) are kept
/// inline, without an allocation each; a batch reads millions of cases.
pub(crate) type Text = compact_str::CompactString;

/// One YAML node.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Null,
    Bool(bool),
    Number(f64),
    Text(Text),
    List(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<Text>, Spanned<Node>)>),
}

impl Node {
    /// The kind of node in words, for messages: "a list", "a number".
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Self::Null => "nothing",
            Self::Bool(_) => "true/false",
            Self::Number(_) => "a number",
            Self::Text(_) => "text",
            Self::List(_) => "a list",
            Self::Map(_) => "a mapping",
        }
    }

    /// The scalar as text, the way it was most likely written.
    pub(crate) fn as_scalar_text(&self) -> Option<String> {
        self.scalar_text().map(Cow::into_owned)
    }

    /// [`Self::as_scalar_text`], borrowed where it can be (text, and
    /// `true`/`false`): case files are read by the million.
    pub(crate) fn scalar_text(&self) -> Option<Cow<'_, str>> {
        match self {
            Self::Bool(true) => Some(Cow::Borrowed("true")),
            Self::Bool(false) => Some(Cow::Borrowed("false")),
            Self::Number(n) => Some(Cow::Owned(crate::pack::value::format_number(*n))),
            Self::Text(t) => Some(Cow::Borrowed(t)),
            Self::Null | Self::List(_) | Self::Map(_) => None,
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        Node::deserialize(deserializer)
    }

    fn visit_bool<E>(self, value: bool) -> Result<Node, E> {
        Ok(Node::Bool(value))
    }

    #[allow(clippy::cast_precision_loss)]
    fn visit_i64<E>(self, value: i64) -> Result<Node, E> {
        Ok(Node::Number(value as f64))
    }

    #[allow(clippy::cast_precision_loss)]
    fn visit_u64<E>(self, value: u64) -> Result<Node, E> {
        Ok(Node::Number(value as f64))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Node, E> {
        Ok(Node::Number(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Node, E> {
        Ok(Node::Text(Text::from(value)))
    }

    fn visit_string<E>(self, value: String) -> Result<Node, E> {
        Ok(Node::Text(Text::from(value)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Node>>()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Text>>()? {
            let value = map.next_value::<Spanned<Node>>()?;
            entries.push((key, value));
        }
        Ok(Node::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::parse;

    #[test]
    fn every_node_knows_where_it_is() {
        let doc: Spanned<Node> = parse("rules:\n  - id: x\n    w: 3\n").unwrap();
        let Node::Map(entries) = &doc.value else { panic!("not a map") };
        let (key, value) = &entries[0];
        assert_eq!((key.value.as_str(), key.at.line, key.at.column), ("rules", 1, 1));
        let Node::List(items) = &value.value else { panic!("not a list") };
        let Node::Map(rule) = &items[0].value else { panic!("not a map") };
        assert_eq!(rule[1].1.value, Node::Number(3.0));
        assert_eq!((rule[1].1.at.line, rule[1].1.at.column), (3, 8));
    }

    #[test]
    fn yes_and_n_stay_text_as_yaml_1_2_says() {
        let doc: Spanned<Node> = parse("a: yes\nb: true\nc:\nd: n\n").unwrap();
        let Node::Map(entries) = doc.value else { panic!("not a map") };
        assert_eq!(entries[0].1.value, Node::Text("yes".into()));
        assert_eq!(entries[3].1.value, Node::Text("n".into()));
        assert_eq!(entries[1].1.value, Node::Bool(true));
        assert_eq!(entries[2].1.value, Node::Null);
    }
}
