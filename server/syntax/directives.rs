//! Parser directives (`# syntax=`, `# escape=`, `# check=`) as BuildKit reads them:
//! only at the very top, until the first line that is not a directive.

use text_size::{TextRange, TextSize};

use super::logical::{ParseError, ParseErrorKind};

pub const KNOWN_DIRECTIVES: [&str; 3] = ["syntax", "escape", "check"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// Lowercased name.
    pub name: String,
    pub value: String,
    /// The whole comment line.
    pub range: TextRange,
    pub name_range: TextRange,
    pub value_range: TextRange,
}

#[derive(Default)]
pub struct DirectiveScanner {
    done: bool,
    seen: Vec<String>,
}

impl DirectiveScanner {
    /// A scanner past the directive area: it finds no more directives.
    pub fn finished() -> Self {
        DirectiveScanner { done: true, seen: Vec::new() }
    }

    /// Looks at one line; `range` is where `line` sits in the source.
    pub fn scan(&mut self, line: &str, range: TextRange) -> Result<Option<Directive>, ParseError> {
        if self.done {
            return Ok(None);
        }
        let Some(directive) = parse_directive_line(line, range.start()) else {
            self.done = true;
            return Ok(None);
        };
        if self.seen.contains(&directive.name) {
            let kind = ParseErrorKind::DuplicateDirective(directive.name.clone());
            return Err(ParseError { range: directive.range, kind });
        }
        self.seen.push(directive.name.clone());
        Ok(Some(directive))
    }
}

/// `#\s*name\s*=\s*value\s*` with a known name; `None` otherwise.
fn parse_directive_line(line: &str, start: TextSize) -> Option<Directive> {
    let after_hash = line.strip_prefix('#')?;
    let body = after_hash.trim_start();
    let body_offset = line.len() - body.len();
    let name_len = body
        .char_indices()
        .take_while(|&(i, c)| if i == 0 { c.is_ascii_alphabetic() } else { c.is_ascii_alphanumeric() })
        .count();
    if name_len == 0 {
        return None;
    }
    let name = body[..name_len].to_ascii_lowercase();
    if !KNOWN_DIRECTIVES.contains(&name.as_str()) {
        return None;
    }
    let after_name = &body[name_len..];
    let after_eq = after_name.trim_start().strip_prefix('=')?;
    let value = after_eq.trim();
    if value.is_empty() {
        return None;
    }
    let value_offset = line.len() - after_eq.trim_start().len();
    let at = |offset: usize| start + TextSize::from(offset as u32);
    Some(Directive {
        name,
        value: value.to_string(),
        range: TextRange::new(start, at(line.len())),
        name_range: TextRange::new(at(body_offset), at(body_offset + name_len)),
        value_range: TextRange::new(at(value_offset), at(value_offset + value.len())),
    })
}
