//! Reading YAML with source positions, for the compose and workflow front
//! ends. saphyr-parser's events (each with its span) are gathered into a
//! small arena of nodes: no type resolution, no hashing, and an alias is the
//! node of its anchor rather than a copy, so the work stays linear.

use std::borrow::Cow;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span};
use text_size::TextRange;

use super::{range, ParseError};

/// An index into [`Yaml`]'s nodes.
pub type Node = usize;

/// The first document of `text`.
pub struct Yaml<'a> {
    pub text: &'a str,
    nodes: Vec<NodeData<'a>>,
    /// Byte offset of each character (empty when the text is ASCII): saphyr
    /// counts positions in characters.
    char_offsets: Vec<usize>,
}

struct NodeData<'a> {
    kind: Kind<'a>,
    span: Span,
}

enum Kind<'a> {
    Scalar(Cow<'a, str>, ScalarStyle),
    Mapping(Vec<(Node, Node)>),
    Sequence(Vec<Node>),
    /// An alias to an unknown anchor.
    Nothing,
}

/// A string value and where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Str {
    pub value: String,
    /// The value without quotes; the whole node when `exact` is false.
    pub range: TextRange,
    /// The text at `range` is exactly `value` (no escapes, no folding).
    pub exact: bool,
}

/// The root: the first node made.
const ROOT: Node = 0;

impl<'a> Yaml<'a> {
    pub fn parse(text: &'a str) -> Result<Yaml<'a>, ParseError> {
        let mut nodes: Vec<NodeData<'a>> = Vec::new();
        let mut anchors: Vec<(usize, Node)> = Vec::new();
        // Open collections, each with the key waiting for its value.
        let mut open: Vec<(Node, Option<Node>)> = Vec::new();
        for event in Parser::new_from_str(text) {
            let (event, span) = event.map_err(|e| scan_error(text, &e))?;
            let (node, anchor) = match event {
                Event::Scalar(value, style, anchor, _) => (push(&mut nodes, Kind::Scalar(value, style), span), anchor),
                Event::MappingStart(anchor, _) => (push(&mut nodes, Kind::Mapping(Vec::new()), span), anchor),
                Event::SequenceStart(anchor, _) => (push(&mut nodes, Kind::Sequence(Vec::new()), span), anchor),
                Event::Alias(id) => match anchors.iter().rev().find(|(a, _)| *a == id) {
                    Some(&(_, node)) => (node, 0),
                    None => (push(&mut nodes, Kind::Nothing, span), 0),
                },
                Event::MappingEnd | Event::SequenceEnd => {
                    open.pop();
                    continue;
                }
                Event::DocumentEnd if !nodes.is_empty() => break,
                _ => continue,
            };
            if anchor > 0 {
                anchors.push((anchor, node));
            }
            if let Some((parent, pending_key)) = open.last_mut() {
                match (&mut nodes[*parent].kind, pending_key.take()) {
                    (Kind::Mapping(entries), Some(key)) => entries.push((key, node)),
                    (Kind::Mapping(_), None) => *pending_key = Some(node),
                    (Kind::Sequence(items), _) => items.push(node),
                    _ => {}
                }
            } else if node != ROOT {
                continue;
            }
            let opens = matches!(nodes.get(node), Some(NodeData { kind: Kind::Mapping(_) | Kind::Sequence(_), .. }))
                && node + 1 == nodes.len();
            if opens {
                open.push((node, None));
            }
        }
        if nodes.is_empty() {
            nodes.push(NodeData { kind: Kind::Nothing, span: Span::default() });
        }
        let char_offsets = if text.is_ascii() { Vec::new() } else { text.char_indices().map(|(i, _)| i).collect() };
        Ok(Yaml { text, nodes, char_offsets })
    }

    pub fn root(&self) -> Node {
        ROOT
    }

    fn byte_offset(&self, char_index: usize) -> usize {
        if self.char_offsets.is_empty() {
            return char_index.min(self.text.len());
        }
        self.char_offsets.get(char_index).copied().unwrap_or(self.text.len())
    }

    pub fn span(&self, node: Node) -> TextRange {
        let span = self.nodes.get(node).map_or(Span::default(), |n| n.span);
        range(self.byte_offset(span.start.index()), self.byte_offset(span.end.index()))
    }

    /// The value of `key` in a mapping, looking through YAML merge keys
    /// (`<<: *defaults`, as compose files use them) one level deep.
    pub fn get(&self, node: Node, key: &str) -> Option<Node> {
        self.get_direct(node, key).or_else(|| {
            let merged = self.get_direct(node, "<<")?;
            match self.nodes.get(merged).map(|n| &n.kind) {
                Some(Kind::Sequence(items)) => items.iter().find_map(|&m| self.get_direct(m, key)),
                _ => self.get_direct(merged, key),
            }
        })
    }

    fn get_direct(&self, node: Node, key: &str) -> Option<Node> {
        self.entries(node).iter().find(|(k, _)| self.key_text(*k) == Some(key)).map(|(_, v)| *v)
    }

    /// The entries of a mapping in source order (none for other nodes).
    pub fn entries(&self, node: Node) -> &[(Node, Node)] {
        match self.nodes.get(node).map(|n| &n.kind) {
            Some(Kind::Mapping(entries)) => entries,
            _ => &[],
        }
    }

    /// The items of a sequence (none for other nodes).
    pub fn items(&self, node: Node) -> &[Node] {
        match self.nodes.get(node).map(|n| &n.kind) {
            Some(Kind::Sequence(items)) => items,
            _ => &[],
        }
    }

    pub fn key_text(&self, key: Node) -> Option<&str> {
        match self.nodes.get(key).map(|n| &n.kind) {
            Some(Kind::Scalar(value, _)) => Some(value),
            _ => None,
        }
    }

    /// saphyr puts an empty value (`key:` and nothing after it) on the `:`
    /// or at the next token; the value belongs right after the `:` and its spaces.
    fn empty_value_range(&self, span: TextRange) -> TextRange {
        let start = usize::from(span.start()).min(self.text.len());
        let colon = if self.text[start..].starts_with(':') {
            start
        } else {
            let before = self.text[..start].trim_end();
            if !before.ends_with(':') {
                return span;
            }
            before.len() - 1
        };
        let after = &self.text[colon + 1..];
        let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
        range(colon + 1 + spaces, colon + 1 + spaces)
    }

    /// A scalar's text as parsed; an empty value (`key:` with nothing after
    /// it) as an empty string; `null` and `~` as nothing.
    pub fn string(&self, node: Node) -> Option<Str> {
        let Some(Kind::Scalar(value, style)) = self.nodes.get(node).map(|n| &n.kind) else { return None };
        let mut span = self.span(node);
        if *style == ScalarStyle::Plain && matches!(value.as_ref(), "~" | "null" | "Null" | "NULL") {
            return None;
        }
        if span.is_empty() {
            span = self.empty_value_range(span);
        }
        let raw = self.text.get(usize::from(span.start())..usize::from(span.end()))?;
        let value = value.to_string();
        if raw == value {
            return Some(Str { value, range: span, exact: true });
        }
        // Quoted: the span may run past the closing quote (to a comment).
        let quote = raw.chars().next().filter(|c| matches!(c, '"' | '\''));
        let after = 1 + value.len();
        if quote.is_some() && raw.get(1..after) == Some(value.as_str()) && raw[after..].chars().next() == quote {
            let start = usize::from(span.start()) + 1;
            return Some(Str { range: range(start, start + value.len()), value, exact: true });
        }
        // Block scalars: the span runs to the next key's indentation.
        let end = usize::from(span.start()) + raw.trim_end().len();
        Some(Str { value, range: range(usize::from(span.start()), end), exact: false })
    }
}

fn push<'a>(nodes: &mut Vec<NodeData<'a>>, kind: Kind<'a>, span: Span) -> Node {
    nodes.push(NodeData { kind, span });
    nodes.len() - 1
}

fn scan_error(text: &str, error: &ScanError) -> ParseError {
    let marker = error.marker();
    let offset = text.char_indices().nth(marker.index()).map_or(text.len(), |(i, _)| i);
    ParseError {
        message: format!("{} at line {} column {}", error.info(), marker.line(), marker.col() + 1),
        range: range(offset, offset),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value_at(text: &str, key: &str) -> Option<(String, String, bool)> {
        let yaml = Yaml::parse(text).ok()?;
        let s = yaml.string(yaml.get(yaml.root(), key)?)?;
        Some((s.value, text[s.range].to_string(), s.exact))
    }

    #[test]
    fn scalar_ranges_are_byte_ranges_without_quotes() {
        let owned = |a: &str, b: &str, e| Some((a.to_string(), b.to_string(), e));
        assert_eq!(value_at("a: dev\n", "a"), owned("dev", "dev", true));
        assert_eq!(value_at("a: \"dev\"\n", "a"), owned("dev", "dev", true));
        assert_eq!(value_at("a: 'dev'  # c\n", "a"), owned("dev", "dev", true));
        assert_eq!(value_at("é: ü\na: dev\n", "a"), owned("dev", "dev", true));
        assert_eq!(value_at("a: \"d\\x65v\"\n", "a").map(|v| v.2), Some(false));
        assert_eq!(value_at("a: 12\n", "a"), owned("12", "12", true));
        assert_eq!(value_at("a: dev # c\n", "a"), owned("dev", "dev", true));
        assert_eq!(value_at("a: \"d\" # \"\n", "a"), owned("d", "d", true));
        assert_eq!(value_at("a: 'it''s'\n", "a").map(|v| v.2), Some(false));
        assert_eq!(value_at("a:\nb: 1\n", "a").map(|v| v.0), Some(String::new()));
        let text = "a: \nb: 1\n";
        let yaml = Yaml::parse(text).unwrap();
        let empty = yaml.string(yaml.get(yaml.root(), "a").unwrap()).unwrap();
        assert_eq!(empty.range, range(3, 3));
        assert_eq!(value_at("x: &x\n  a: dev\ny:\n  <<: *x\n", "y"), None);
    }

    #[test]
    fn merge_keys_are_followed() {
        let text = "x: &x\n  a: dev\ny:\n  <<: *x\n  b: 1\n";
        let yaml = Yaml::parse(text).unwrap();
        let y = yaml.get(yaml.root(), "y").unwrap();
        let a = yaml.string(yaml.get(y, "a").unwrap()).unwrap();
        assert_eq!((a.value.as_str(), &text[a.range]), ("dev", "dev"));
    }

    #[test]
    fn aliases_share_their_anchor_instead_of_copying_it() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..40 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let yaml = Yaml::parse(&text).unwrap();
        let last = yaml.get(yaml.root(), "a39").unwrap();
        assert_eq!(yaml.items(last).len(), 10);
        assert!(yaml.nodes.len() < 1000);
    }

    #[test]
    fn broken_yaml_is_an_error_not_a_panic() {
        assert!(Yaml::parse("a: [\n").is_err());
        assert!(Yaml::parse("a: b: c\n").is_err());
        assert!(Yaml::parse(&"[".repeat(100_000)).is_err());
    }
}
