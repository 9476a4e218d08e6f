//! Heredoc markers (`<<EOF`, `<<-"EOF"`, `3<<EOF`) found the way BuildKit's
//! `heredocsFromLine` finds them: the whole instruction line is split into
//! shell words by BuildKit's shell lexer (quotes and escapes kept, `<<` glued
//! to the blanks after it, a lexing error means no heredocs at all), and each
//! word of the form `[n]<<[-]NAME` names a heredoc. NAME is lexed again
//! without quotes to get the delimiter; quotes in it turn expansion off.

use text_size::TextRange;

use super::logical::LogicalText;

/// A `<<EOF` word found in an instruction line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeredocMarker {
    pub name: String,
    pub range: TextRange,
    pub chomp: bool,
    pub expand: bool,
}

/// Every heredoc marker of a logical instruction line, in order.
pub fn heredoc_markers(line: &LogicalText) -> Vec<HeredocMarker> {
    let lexer = Lexer { raw_quotes: true, raw_escapes: true };
    let Ok(words) = lexer.words(&line.text) else { return Vec::new() };
    words
        .into_iter()
        .filter_map(|word| {
            let (name, chomp, expand) = parse_marker(&word.text)?;
            Some(HeredocMarker { name, range: line.source_range(word.start, word.end), chomp, expand })
        })
        .collect()
}

/// BuildKit's `ParseHeredoc`: `^(\d*)<<(-?)\s*([^<]*)$`, then the delimiter
/// must lex to exactly one word. Returns the name, chomp and expand.
fn parse_marker(word: &str) -> Option<(String, bool, bool)> {
    let rest = word.trim_start_matches(|c: char| c.is_ascii_digit()).strip_prefix("<<")?;
    let (chomp, rest) = match rest.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let rest = rest.trim_start_matches(['\t', '\n', '\u{c}', '\r', ' ']);
    if rest.is_empty() || rest.contains('<') {
        return None;
    }
    let plain = Lexer { raw_quotes: false, raw_escapes: false }.words(rest).ok()?;
    let [name] = plain.as_slice() else { return None };
    let quoted = Lexer { raw_quotes: true, raw_escapes: false }.words(rest).ok()?;
    let quotes = |s: &str| s.matches(['\'', '"']).count();
    let expand = quoted.first().is_some_and(|q| quotes(&q.text) == quotes(&name.text));
    Some((name.text.clone(), chomp, expand))
}

/// A word with its logical byte range.
#[derive(Debug)]
struct LexWord {
    text: String,
    start: usize,
    end: usize,
}

#[derive(Debug)]
struct LexError;

/// The options of BuildKit's shell lexer that heredoc detection uses
/// (escape `\`, unset variables kept as written).
#[derive(Clone, Copy)]
struct Lexer {
    raw_quotes: bool,
    raw_escapes: bool,
}

impl Lexer {
    fn words(self, text: &str) -> Result<Vec<LexWord>, LexError> {
        let mut state = LexState { text, pos: 0, raw_quotes: self.raw_quotes, buf: WordBuf::default() };
        let (_, words) = state.until(None, self.raw_escapes)?;
        Ok(words)
    }
}

/// The word being built. BuildKit's lexer shares it between the outer scan and
/// the nested scans of `${…}`, which reset it: kept that way to split alike.
#[derive(Default)]
struct WordBuf {
    text: String,
    start: usize,
    end: usize,
}

impl WordBuf {
    fn push_str(&mut self, s: &str, start: usize, end: usize) {
        if self.text.is_empty() {
            self.start = start;
        }
        self.text.push_str(s);
        self.end = end;
    }

    fn take(&mut self) -> LexWord {
        LexWord { text: std::mem::take(&mut self.text), start: self.start, end: self.end }
    }
}

struct LexState<'a> {
    text: &'a str,
    pos: usize,
    raw_quotes: bool,
    buf: WordBuf,
}

/// Go's `unicode.IsSpace`.
fn is_space(c: char) -> bool {
    c.is_whitespace()
}

const ESCAPE: char = '\\';

impl LexState<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    /// Scans until `stop` (consumed) or the end; returns the processed text and its words.
    fn until(&mut self, stop: Option<char>, raw_escapes: bool) -> Result<(String, Vec<LexWord>), LexError> {
        let mut result = String::new();
        let mut words = Vec::new();
        let mut in_word = false;
        self.buf.text.clear();
        while let Some(c) = self.peek() {
            let at = self.pos;
            if Some(c) == stop {
                self.bump();
                if !self.buf.text.is_empty() {
                    words.push(self.buf.take());
                }
                return Ok((result, words));
            }
            match c {
                '$' => {
                    let value = self.dollar()?;
                    result.push_str(&value);
                    for ch in value.chars() {
                        self.add_char(ch, at, &mut in_word, &mut words);
                    }
                }
                '<' | '\'' | '"' => {
                    let value = match c {
                        '<' => self.possible_heredoc(),
                        '\'' => self.single_quoted()?,
                        _ => self.double_quoted(raw_escapes)?,
                    };
                    result.push_str(&value);
                    self.buf.push_str(&value, at, self.pos);
                    in_word = true;
                }
                _ => {
                    self.bump();
                    if c == ESCAPE {
                        if raw_escapes {
                            self.buf.push_str("\\", at, self.pos);
                            result.push(c);
                        }
                        let Some(escaped) = self.bump() else { break };
                        self.buf.push_str(escaped.encode_utf8(&mut [0; 4]), at, self.pos);
                        in_word = true;
                        result.push(escaped);
                    } else {
                        self.add_char(c, at, &mut in_word, &mut words);
                        result.push(c);
                    }
                }
            }
        }
        if stop.is_some() {
            return Err(LexError);
        }
        if !self.buf.text.is_empty() {
            words.push(self.buf.take());
        }
        Ok((result, words))
    }

    /// A character subject to word splitting.
    fn add_char(&mut self, c: char, at: usize, in_word: &mut bool, words: &mut Vec<LexWord>) {
        if !is_space(c) {
            let end = (at + c.len_utf8()).max(self.pos);
            self.buf.push_str(c.encode_utf8(&mut [0; 4]), at, end);
            *in_word = true;
        } else if *in_word && !self.buf.text.is_empty() {
            words.push(self.buf.take());
            *in_word = false;
        }
    }

    /// `<<` keeps the blanks after it in the same word.
    fn possible_heredoc(&mut self) -> String {
        self.bump();
        if self.peek() != Some('<') {
            return "<".to_string();
        }
        self.bump();
        let mut out = String::from("<<");
        while let Some(c @ ('\t' | '\r' | ' ')) = self.peek() {
            out.push(c);
            self.bump();
        }
        out
    }

    fn single_quoted(&mut self) -> Result<String, LexError> {
        self.bump();
        let mut out = String::new();
        if self.raw_quotes {
            out.push('\'');
        }
        loop {
            match self.bump().ok_or(LexError)? {
                '\'' => {
                    if self.raw_quotes {
                        out.push('\'');
                    }
                    return Ok(out);
                }
                c => out.push(c),
            }
        }
    }

    fn double_quoted(&mut self, raw_escapes: bool) -> Result<String, LexError> {
        self.bump();
        let mut out = String::new();
        if self.raw_quotes {
            out.push('"');
        }
        loop {
            match self.peek().ok_or(LexError)? {
                '"' => {
                    self.bump();
                    if self.raw_quotes {
                        out.push('"');
                    }
                    return Ok(out);
                }
                '$' => out.push_str(&self.dollar()?),
                _ => {
                    let mut c = self.bump().ok_or(LexError)?;
                    if c == ESCAPE {
                        if raw_escapes {
                            out.push(c);
                        }
                        match self.peek() {
                            None => continue,
                            Some('"' | '$' | ESCAPE) => c = self.bump().ok_or(LexError)?,
                            Some(_) => {}
                        }
                    }
                    out.push(c);
                }
            }
        }
    }

    /// `$name` and `${…}`; variables are never set here, so they stay as written.
    fn dollar(&mut self) -> Result<String, LexError> {
        self.bump();
        if self.peek() != Some('{') {
            return Ok(format!("${}", self.name()));
        }
        self.bump();
        if matches!(self.peek(), None | Some('{' | '}' | ':')) {
            return Err(LexError);
        }
        let name = self.name();
        match self.bump() {
            Some('}') => Ok(format!("${{{name}}}")),
            Some(':') => {
                let modifier = self.bump().ok_or(LexError)?;
                if matches!(modifier, '#' | '%') {
                    return Err(LexError);
                }
                let (word, _) = self.until(Some('}'), false)?;
                Ok(format!("${{{name}:{modifier}{word}}}"))
            }
            Some(modifier @ ('+' | '-' | '?' | '#' | '%')) => {
                let (word, _) = self.until(Some('}'), matches!(modifier, '#' | '%'))?;
                Ok(format!("${{{name}{modifier}{word}}}"))
            }
            Some('/') => {
                if self.peek() == Some('/') {
                    self.bump();
                }
                let (pattern, _) = self.until(Some('/'), true)?;
                let (replacement, _) = self.until(Some('}'), true)?;
                Ok(format!("${{{name}/{pattern}/{replacement}}}"))
            }
            _ => Err(LexError),
        }
    }

    /// A variable name: digits, one special parameter, or letters, digits and `_`.
    fn name(&mut self) -> String {
        let mut name = String::new();
        while let Some(c) = self.peek() {
            if name.is_empty() && c.is_ascii_digit() {
                while let Some(d) = self.peek().filter(char::is_ascii_digit) {
                    name.push(d);
                    self.bump();
                }
                return name;
            }
            if name.is_empty() && matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!') {
                self.bump();
                return c.to_string();
            }
            if !c.is_alphanumeric() && c != '_' {
                break;
            }
            name.push(c);
            self.bump();
        }
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<String> {
        let mut logical = LogicalText::default();
        logical.text = line.to_string();
        heredoc_markers(&logical).into_iter().map(|m| m.name).collect()
    }

    #[test]
    fn markers_as_buildkit_finds_them() {
        assert_eq!(names("RUN <<EOF"), ["EOF"]);
        assert_eq!(names("RUN <<-EOF"), ["EOF"]);
        // `<<- EOF`: the lexer ends the word at the blank after `-`.
        assert_eq!(names("RUN <<- EOF"), Vec::<String>::new());
        assert_eq!(names("RUN << -EOF"), ["-EOF"]);
        assert_eq!(names("RUN <<  EOF  > foo"), ["EOF"]);
        assert_eq!(names("RUN <<'EOF'"), ["EOF"]);
        assert_eq!(names("RUN 4<<EOF"), ["EOF"]);
        assert_eq!(names("RUN <<EOF <<EOF2"), ["EOF", "EOF2"]);
        assert_eq!(names("RUN '<<EOF'"), Vec::<String>::new());
        assert_eq!(names(r#"RUN "<<EOF""#), Vec::<String>::new());
        assert_eq!(names("RUN <<<EOF"), Vec::<String>::new());
        assert_eq!(names("RUN <<$EOF"), ["$EOF"]);
        // An unterminated quote anywhere in the line: BuildKit finds no heredocs.
        assert_eq!(names("RUN <<EOF echo 'oops"), Vec::<String>::new());
        // `<<""` lexes to no word at all.
        assert_eq!(names(r#"RUN <<"""#), Vec::<String>::new());
    }

    #[test]
    fn quoting_turns_expansion_off() {
        let expand = |line: &str| {
            let mut logical = LogicalText::default();
            logical.text = line.to_string();
            heredoc_markers(&logical).into_iter().map(|m| (m.name, m.expand)).collect::<Vec<_>>()
        };
        assert_eq!(expand("RUN <<eo'f'"), [("eof".to_string(), false)]);
        assert_eq!(expand(r"RUN <<eo\'f"), [("eo'f".to_string(), true)]);
        assert_eq!(expand(r"RUN <<'e'o\'f"), [("eo'f".to_string(), false)]);
        assert_eq!(expand("RUN <<'one two'"), [("one two".to_string(), false)]);
    }
}
