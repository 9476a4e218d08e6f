//! Reading YAML with source positions (saphyr's `MarkedYaml`), for the
//! compose and workflow front ends.

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, ScanError, YamlData};
use text_size::TextRange;

use super::{range, ParseError};

/// The first document of `text` and a way back from saphyr's character
/// positions to byte offsets.
pub struct Yaml<'a> {
    pub text: &'a str,
    pub root: MarkedYaml<'a>,
    /// Byte offset of each character (empty when the text is ASCII).
    char_offsets: Vec<usize>,
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

impl<'a> Yaml<'a> {
    pub fn parse(text: &'a str) -> Result<Yaml<'a>, ParseError> {
        let docs = MarkedYaml::load_from_str(text).map_err(|e| scan_error(text, &e))?;
        let root = docs.into_iter().next().unwrap_or_else(|| MarkedYaml::value_from_str(""));
        let char_offsets = if text.is_ascii() { Vec::new() } else { text.char_indices().map(|(i, _)| i).collect() };
        Ok(Yaml { text, root, char_offsets })
    }

    fn byte_offset(&self, char_index: usize) -> usize {
        if self.char_offsets.is_empty() {
            return char_index.min(self.text.len());
        }
        self.char_offsets.get(char_index).copied().unwrap_or(self.text.len())
    }

    pub fn span(&self, node: &MarkedYaml<'_>) -> TextRange {
        range(self.byte_offset(node.span.start.index()), self.byte_offset(node.span.end.index()))
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

    /// A scalar's text: strings as parsed, numbers and booleans as written;
    /// an empty value (`key:` with nothing after it) as an empty string.
    pub fn string(&self, node: &MarkedYaml<'_>) -> Option<Str> {
        let node = untagged(node);
        let mut span = self.span(node);
        if span.is_empty() {
            span = self.empty_value_range(span);
        }
        let raw = self.text.get(usize::from(span.start())..usize::from(span.end()))?;
        let value = match &node.data {
            YamlData::Value(Scalar::String(s)) => s.to_string(),
            YamlData::Value(Scalar::Null) if raw.is_empty() => String::new(),
            YamlData::Value(Scalar::Null) => return None,
            YamlData::Value(_) => raw.trim().to_string(),
            _ => return None,
        };
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

/// The node without its tag (`!reset`, `!override` in compose files).
pub fn untagged<'n, 'a>(node: &'n MarkedYaml<'a>) -> &'n MarkedYaml<'a> {
    match &node.data {
        YamlData::Tagged(_, inner) => inner,
        _ => node,
    }
}

/// The value of `key` in a mapping, looking through YAML merge keys
/// (`<<: *defaults`, as compose files use them) one level deep.
pub fn get<'n, 'a>(node: &'n MarkedYaml<'a>, key: &str) -> Option<&'n MarkedYaml<'a>> {
    get_direct(node, key).or_else(|| {
        let merged = get_direct(node, "<<")?;
        match &untagged(merged).data {
            YamlData::Sequence(items) => items.iter().find_map(|m| get_direct(m, key)),
            _ => get_direct(merged, key),
        }
    })
}

fn get_direct<'n, 'a>(node: &'n MarkedYaml<'a>, key: &str) -> Option<&'n MarkedYaml<'a>> {
    let YamlData::Mapping(map) = &untagged(node).data else { return None };
    map.iter().find(|(k, _)| key_text(k) == Some(key)).map(|(_, v)| v)
}

/// The entries of a mapping in source order (none for other nodes).
pub fn entries<'n, 'a>(node: &'n MarkedYaml<'a>) -> Vec<(&'n MarkedYaml<'a>, &'n MarkedYaml<'a>)> {
    match &untagged(node).data {
        YamlData::Mapping(map) => map.iter().collect(),
        _ => Vec::new(),
    }
}

pub fn items<'n, 'a>(node: &'n MarkedYaml<'a>) -> &'n [MarkedYaml<'a>] {
    match &untagged(node).data {
        YamlData::Sequence(items) => items,
        _ => &[],
    }
}

pub fn key_text<'n>(key: &'n MarkedYaml<'_>) -> Option<&'n str> {
    match &untagged(key).data {
        YamlData::Value(Scalar::String(s)) => Some(s),
        _ => None,
    }
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
        let s = yaml.string(get(&yaml.root, key)?)?;
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
        let empty = yaml.string(get(&yaml.root, "a").unwrap()).unwrap();
        assert_eq!(empty.range, range(3, 3));
        assert_eq!(value_at("x: &x\n  a: dev\ny:\n  <<: *x\n", "y"), None);
    }

    #[test]
    fn merge_keys_are_followed() {
        let text = "x: &x\n  a: dev\ny:\n  <<: *x\n  b: 1\n";
        let yaml = Yaml::parse(text).unwrap();
        let y = get(&yaml.root, "y").unwrap();
        let a = yaml.string(get(y, "a").unwrap()).unwrap();
        assert_eq!((a.value.as_str(), &text[a.range]), ("dev", "dev"));
    }

    #[test]
    fn broken_yaml_is_an_error_not_a_panic() {
        assert!(Yaml::parse("a: [\n").is_err());
        assert!(Yaml::parse("a: b: c\n").is_err());
        assert!(Yaml::parse(&"[".repeat(100_000)).is_err());
    }
}
