//! `$VAR` / `${VAR…}` references and their expansion, following BuildKit's
//! shell lexer (`frontend/dockerfile/shell`): single quotes suppress
//! expansion, the escape character makes `$` literal, and the modifiers
//! `:-  -  :+  +  :?  ?  #  ##  %  %%  /  //` are understood.

/// Nesting deeper than this (`${a:-${b:-…}}`) is left unexpanded, so the
/// work stays bounded whatever the input.
const MAX_DEPTH: usize = 16;

/// One variable reference, with offsets into the scanned text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarUse {
    pub name: String,
    /// The whole reference: `$NAME` or `${NAME…}`.
    pub start: usize,
    pub end: usize,
    pub name_start: usize,
    /// `${NAME:-word}` and friends supply a value when NAME is unset.
    pub has_fallback: bool,
}

/// Every variable reference in `text`, nested ones included, in order.
pub fn find_var_uses(text: &str, escape: char) -> Vec<VarUse> {
    let mut out = Vec::new();
    if !text.contains('$') {
        // Most words have no variables: skip the scanner (a hot path on big files).
        return out;
    }
    Scanner { text, escape, pos: 0, uses: Some(&mut out), lookup: &|_| None }.run_top();
    out.sort_by_key(|u| u.start);
    out
}

/// The result of expanding a word.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expansion {
    pub value: String,
    /// Names that were referenced but not set (without a fallback).
    pub unset: Vec<String>,
}

/// Expands `text` as BuildKit expands FROM and other instruction words:
/// quotes are removed, variables substituted from `lookup`.
pub fn expand(text: &str, escape: char, lookup: &dyn Fn(&str) -> Option<String>) -> Expansion {
    let mut scanner = Scanner { text, escape, pos: 0, uses: None, lookup };
    let mut unset = Vec::new();
    let value = scanner.word(0, &mut unset, None);
    Expansion { value, unset }
}

struct Scanner<'a, 'u> {
    text: &'a str,
    escape: char,
    pos: usize,
    uses: Option<&'u mut Vec<VarUse>>,
    lookup: &'a dyn Fn(&str) -> Option<String>,
}

impl Scanner<'_, '_> {
    fn run_top(&mut self) {
        let mut unset = Vec::new();
        self.word(0, &mut unset, None);
    }

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    /// Reads until end of text or `stop` (unquoted), returning the expanded value.
    fn word(&mut self, depth: usize, unset: &mut Vec<String>, stop: Option<&[char]>) -> String {
        let mut out = String::new();
        let mut in_double = false;
        while let Some(c) = self.peek() {
            if !in_double && stop.is_some_and(|s| s.contains(&c)) {
                break;
            }
            match c {
                '\'' if !in_double => {
                    self.bump();
                    while let Some(c) = self.bump() {
                        if c == '\'' {
                            break;
                        }
                        out.push(c);
                    }
                }
                '"' => {
                    self.bump();
                    in_double = !in_double;
                }
                '$' => {
                    let value = self.variable(depth, unset);
                    out.push_str(&value);
                }
                c if c == self.escape => {
                    self.bump();
                    match self.bump() {
                        Some(n) if in_double && !matches!(n, '"' | '$') && n != self.escape => {
                            out.push(c);
                            out.push(n);
                        }
                        Some(n) => out.push(n),
                        None => {}
                    }
                }
                _ => {
                    self.bump();
                    out.push(c);
                }
            }
        }
        out
    }

    /// At a `$`: a reference, or a literal `$`.
    fn variable(&mut self, depth: usize, unset: &mut Vec<String>) -> String {
        let start = self.pos;
        self.bump();
        match self.peek() {
            Some('{') => self.braced(start, depth, unset),
            Some(c) if is_name_start(c) => {
                let name_start = self.pos;
                while self.peek().is_some_and(is_name_char) {
                    self.bump();
                }
                let name = self.text[name_start..self.pos].to_string();
                self.record(&name, start, self.pos, name_start, false);
                self.resolve(&name, unset)
            }
            Some(c) if c.is_ascii_digit() || matches!(c, '@' | '*' | '#' | '?' | '$' | '!' | '-') => {
                // Special shell parameters are not build variables.
                self.bump();
                String::new()
            }
            _ => "$".to_string(),
        }
    }

    fn braced(&mut self, start: usize, depth: usize, unset: &mut Vec<String>) -> String {
        self.bump(); // {
        let name_start = self.pos;
        while self.peek().is_some_and(is_name_char) {
            self.bump();
        }
        let name = self.text[name_start..self.pos].to_string();
        if depth >= MAX_DEPTH {
            self.skip_to_close();
            return String::new();
        }
        let op = self.operator();
        let has_fallback = matches!(op.as_deref(), Some(":-" | "-" | ":+" | "+" | ":?" | "?"));
        let word = op.as_ref().map(|_| self.word(depth + 1, unset, Some(&['}'])));
        if self.peek() == Some('}') {
            self.bump();
        }
        if !name.is_empty() {
            self.record(&name, start, self.pos, name_start, has_fallback);
        }
        let value = (self.lookup)(&name);
        apply_operator(&name, value, op.as_deref(), word.unwrap_or_default(), unset)
    }

    fn operator(&mut self) -> Option<String> {
        let rest = &self.text[self.pos..];
        let op = [":-", ":+", ":?", "##", "%%", "//", "-", "+", "?", "#", "%", "/", ":"]
            .into_iter()
            .find(|op| rest.starts_with(op))?;
        self.pos += op.len();
        Some(op.to_string())
    }

    fn skip_to_close(&mut self) {
        let mut depth = 1usize;
        while let Some(c) = self.bump() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    fn record(&mut self, name: &str, start: usize, end: usize, name_start: usize, has_fallback: bool) {
        if let Some(uses) = self.uses.as_deref_mut() {
            uses.push(VarUse { name: name.to_string(), start, end, name_start, has_fallback });
        }
    }

    fn resolve(&self, name: &str, unset: &mut Vec<String>) -> String {
        match (self.lookup)(name) {
            Some(v) => v,
            None => {
                unset.push(name.to_string());
                String::new()
            }
        }
    }
}

fn apply_operator(
    name: &str,
    value: Option<String>,
    op: Option<&str>,
    word: String,
    unset: &mut Vec<String>,
) -> String {
    let is_set_nonempty = value.as_deref().is_some_and(|v| !v.is_empty());
    match op {
        None | Some(":") => value.unwrap_or_else(|| {
            unset.push(name.to_string());
            String::new()
        }),
        Some(":-") => {
            if is_set_nonempty {
                value.unwrap_or_default()
            } else {
                word
            }
        }
        Some("-") => value.unwrap_or(word),
        Some(":+") => {
            if is_set_nonempty {
                word
            } else {
                String::new()
            }
        }
        Some("+") => {
            if value.is_some() {
                word
            } else {
                String::new()
            }
        }
        Some(":?") | Some("?") => value.unwrap_or_default(),
        Some("#") | Some("##") => {
            let v = value.unwrap_or_default();
            v.strip_prefix(word.as_str()).map(str::to_string).unwrap_or(v)
        }
        Some("%") | Some("%%") => {
            let v = value.unwrap_or_default();
            v.strip_suffix(word.as_str()).map(str::to_string).unwrap_or(v)
        }
        Some("/") | Some("//") => {
            let v = value.unwrap_or_default();
            let (pattern, replacement) = word.split_once('/').unwrap_or((word.as_str(), ""));
            if pattern.is_empty() {
                v
            } else if op == Some("//") {
                v.replace(pattern, replacement)
            } else {
                v.replacen(pattern, replacement, 1)
            }
        }
        Some(_) => value.unwrap_or_default(),
    }
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "TAG" => Some("3.19".into()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }

    #[test]
    fn expands_like_buildkit() {
        let cases = [
            ("alpine:$TAG", "alpine:3.19"),
            ("alpine:${TAG}", "alpine:3.19"),
            ("${NOPE:-node}:${TAG}", "node:3.19"),
            ("${EMPTY:-x}${EMPTY-y}", "x"),
            ("${TAG:+set}", "set"),
            ("${TAG%.19}", "3"),
            ("${TAG/./-}", "3-19"),
            ("'$TAG'", "$TAG"),
            ("\"$TAG\"", "3.19"),
            ("\\$TAG", "$TAG"),
            ("a$", "a$"),
        ];
        for (input, want) in cases {
            assert_eq!(expand(input, '\\', &env).value, want, "{input}");
        }
        assert_eq!(expand("$NOPE", '\\', &env).unset, vec!["NOPE".to_string()]);
    }

    #[test]
    fn finds_nested_uses_with_offsets() {
        let uses = find_var_uses("${A:-${B}}/$C", '\\');
        let names: Vec<_> = uses.iter().map(|u| (u.name.as_str(), u.start, u.end, u.has_fallback)).collect();
        assert_eq!(names, vec![("A", 0, 10, true), ("B", 5, 9, false), ("C", 11, 13, false)]);
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let text = "${a:-".repeat(10_000) + &"}".repeat(10_000);
        let uses = find_var_uses(&text, '\\');
        assert!(uses.len() <= MAX_DEPTH + 1);
    }
}
