//! `RUN --mount=…` values: the CSV fields BuildKit's `parseMount` reads
//! (`commands_runmount.go`, split with `go-csvvalue`), with their ranges.

use text_size::TextRange;

use crate::syntax::{Delta, Instruction, Shift, Word};

/// The mount types BuildKit knows.
pub const MOUNT_TYPES: [&str; 5] = ["bind", "cache", "tmpfs", "secret", "ssh"];
/// Every key `parseMount` accepts (`allKeys` in BuildKit).
pub const MOUNT_KEYS: [&str; 19] = [
    "type",
    "from",
    "source",
    "target",
    "readonly",
    "id",
    "sharing",
    "required",
    "size",
    "mode",
    "uid",
    "gid",
    "src",
    "dst",
    "destination",
    "ro",
    "rw",
    "readwrite",
    "env",
];
pub const SHARING_MODES: [&str; 3] = ["shared", "private", "locked"];

/// One `key[=value]` field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountField {
    /// Lowercased, as BuildKit compares it.
    pub key: String,
    pub value: Option<String>,
    /// The whole field, and the value part (the field when there is no `=`).
    pub range: TextRange,
    pub value_range: TextRange,
    pub text: String,
}

impl Shift for MountField {
    fn shift(&mut self, delta: Delta) {
        self.range.shift(delta);
        self.value_range.shift(delta);
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MountSyntaxError {
    /// `--mount=` with nothing after it.
    Empty,
    /// A `"` inside an unquoted field, or text after a closing quote.
    BareQuote,
    UnterminatedQuote,
}

/// Splits a `--mount` value (already unquoted by the flag parser) into fields.
/// `value` is the flag's value word; ranges are exact when the value was
/// written without quotes or escapes, and the whole value otherwise.
pub fn mount_fields(instruction: &Instruction, value: &Word) -> Result<Vec<MountField>, MountSyntaxError> {
    let raw = instruction.line.text.get(value.offset..value.raw_end()).unwrap_or("");
    let exact = raw == value.text;
    let range_of = |start: usize, end: usize| {
        if exact {
            instruction.line.source_range(value.offset + start, value.offset + end)
        } else {
            value.range
        }
    };
    csv_fields(&value.text)?
        .into_iter()
        .map(|(start, end, text)| {
            // An empty field (a stray comma) is shown on its comma.
            let (start, end) = match (start == end, start > 0) {
                (true, true) => (start - 1, end),
                (true, false) => (start, (end + 1).min(value.text.len())),
                _ => (start, end),
            };
            let (key, field_value) = match text.split_once('=') {
                Some((k, v)) => (k.to_ascii_lowercase(), Some(v.to_string())),
                None => (text.to_ascii_lowercase(), None),
            };
            let value_start = field_value.as_ref().map_or(start, |v| end.saturating_sub(v.len()).max(start));
            Ok(MountField {
                key,
                value: field_value,
                range: range_of(start, end),
                value_range: range_of(value_start, end),
                text,
            })
        })
        .collect()
}

/// `go-csvvalue`'s `Fields`: `(start, end, unquoted text)` of each field.
fn csv_fields(line: &str) -> Result<Vec<(usize, usize, String)>, MountSyntaxError> {
    if line.is_empty() {
        return Err(MountSyntaxError::Empty);
    }
    let mut fields = Vec::new();
    let mut pos = 0;
    loop {
        let rest = &line[pos..];
        if !rest.starts_with('"') {
            let end = rest.find(',').map_or(line.len(), |i| pos + i);
            let field = &line[pos..end];
            if field.contains('"') {
                return Err(MountSyntaxError::BareQuote);
            }
            fields.push((pos, end, field.to_string()));
            if end == line.len() {
                return Ok(fields);
            }
            pos = end + 1;
            continue;
        }
        let start = pos;
        let mut text = String::new();
        pos += 1;
        loop {
            let Some(i) = line[pos..].find('"') else { return Err(MountSyntaxError::UnterminatedQuote) };
            text.push_str(&line[pos..pos + i]);
            pos += i + 1;
            match line[pos..].chars().next() {
                Some('"') => {
                    text.push('"');
                    pos += 1;
                }
                Some(',') => {
                    fields.push((start, pos, text));
                    pos += 1;
                    break;
                }
                None => {
                    fields.push((start, pos, text));
                    return Ok(fields);
                }
                Some(_) => return Err(MountSyntaxError::BareQuote),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_like_go() {
        let texts = |s: &str| csv_fields(s).map(|f| f.into_iter().map(|(_, _, t)| t).collect::<Vec<_>>());
        assert_eq!(texts("type=cache,target=/x"), Ok(vec!["type=cache".into(), "target=/x".into()]));
        assert_eq!(texts("\"a,b\",c"), Ok(vec!["a,b".into(), "c".into()]));
        assert_eq!(texts("a,,b"), Ok(vec!["a".into(), "".into(), "b".into()]));
        assert_eq!(texts("a\"b"), Err(MountSyntaxError::BareQuote));
        assert_eq!(texts("\"ab"), Err(MountSyntaxError::UnterminatedQuote));
        assert_eq!(texts(""), Err(MountSyntaxError::Empty));
    }
}
