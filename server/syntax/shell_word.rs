//! The syntax errors BuildKit's shell lexer (`frontend/dockerfile/shell/lex.go`)
//! raises while it expands a word of ENV, LABEL, ARG, COPY, ADD, WORKDIR, …:
//! unterminated quotes and malformed `${…}`. They do not depend on variable
//! values, so they are found statically.

/// What is wrong, and where (byte offsets into the word).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordError {
    pub kind: WordErrorKind,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WordErrorKind {
    UnterminatedQuote(char),
    /// `${` without its `}`.
    MissingBrace,
    /// `${}`, `${:…}`, `${{…}`.
    BadSubstitution,
    /// `${NAME` followed by a character that is no modifier, or `${NAME:#…}`.
    UnsupportedModifier(String),
    /// `${NAME/pattern` without the second `/`.
    MissingSlash,
}

/// Checks `word` as BuildKit's `ProcessWord` would read it. `process_quotes`
/// is false for heredoc bodies (`SkipProcessQuotes`).
pub fn check_word(word: &str, escape: char, process_quotes: bool) -> Result<(), WordError> {
    let mut lexer = Lexer { text: word, pos: 0, escape, process_quotes, depth: 0, gave_up: false };
    let result = lexer.process_until(None).map_err(|failure| lexer.flatten(failure, 0));
    if lexer.gave_up {
        return Ok(());
    }
    result
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    escape: char,
    process_quotes: bool,
    /// `${…${…}}` nesting: past `MAX_DEPTH` the rest of the word is not checked,
    /// so the recursion stays bounded whatever the input.
    depth: usize,
    gave_up: bool,
}

const MAX_DEPTH: usize = 128;

/// A stop character was not found before the end of the word.
struct Unterminated;

enum Failure {
    Word(WordError),
    Unterminated(Unterminated),
}

impl From<WordError> for Failure {
    fn from(e: WordError) -> Failure {
        Failure::Word(e)
    }
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn error(&self, kind: WordErrorKind, start: usize) -> WordError {
        WordError { kind, start, end: self.pos.max(start) }
    }

    /// `processStopOn`: reads up to `stop` (consumed) or the end of the word.
    fn process_until(&mut self, stop: Option<char>) -> Result<(), Failure> {
        while let Some(c) = self.peek() {
            if Some(c) == stop {
                self.next();
                return Ok(());
            }
            match c {
                '$' => self.dollar()?,
                '\'' | '"' if self.process_quotes => self.quoted(c)?,
                _ => {
                    self.next();
                    if c == self.escape && self.next().is_none() {
                        break;
                    }
                }
            }
        }
        match stop {
            Some(_) => Err(Failure::Unterminated(Unterminated)),
            None => Ok(()),
        }
    }

    fn quoted(&mut self, quote: char) -> Result<(), WordError> {
        let start = self.pos;
        self.next();
        loop {
            match self.peek() {
                None => return Err(self.error(WordErrorKind::UnterminatedQuote(quote), start)),
                Some(c) if c == quote => {
                    self.next();
                    return Ok(());
                }
                Some('$') if quote == '"' => self.dollar()?,
                Some(c) => {
                    self.next();
                    if quote == '"'
                        && c == self.escape
                        && matches!(self.peek(), Some(n) if n == '"' || n == '$' || n == self.escape)
                    {
                        self.next();
                    }
                }
            }
        }
    }

    fn flatten(&self, failure: Failure, start: usize) -> WordError {
        match failure {
            Failure::Word(e) => e,
            Failure::Unterminated(_) => self.error(WordErrorKind::MissingBrace, start),
        }
    }

    fn dollar(&mut self) -> Result<(), WordError> {
        if self.depth >= MAX_DEPTH {
            self.pos = self.text.len();
            self.gave_up = true;
            return Ok(());
        }
        self.depth += 1;
        let result = self.dollar_unbounded();
        self.depth -= 1;
        result
    }

    /// `processDollar`.
    fn dollar_unbounded(&mut self) -> Result<(), WordError> {
        let start = self.pos;
        self.next();
        if self.peek() != Some('{') {
            self.name();
            return Ok(());
        }
        self.next();
        match self.peek() {
            None => return Err(self.error(WordErrorKind::MissingBrace, start)),
            Some('{' | '}' | ':') => {
                self.next();
                return Err(self.error(WordErrorKind::BadSubstitution, start));
            }
            _ => {}
        }
        self.name();
        match self.next() {
            Some('}') => Ok(()),
            None => Err(self.error(WordErrorKind::MissingBrace, start)),
            Some(':') => {
                let modifier = self.next();
                let text = format!(":{}", modifier.map(String::from).unwrap_or_default());
                if matches!(modifier, Some('#' | '%')) {
                    return Err(self.error(WordErrorKind::UnsupportedModifier(text), start));
                }
                self.modifier_word(start)?;
                match modifier {
                    Some('+' | '-' | '?') => Ok(()),
                    _ => Err(self.error(WordErrorKind::UnsupportedModifier(text), start)),
                }
            }
            Some('+' | '-' | '?' | '#' | '%') => self.modifier_word(start),
            Some('/') => {
                if self.peek() == Some('/') {
                    self.next();
                }
                if self.process_until(Some('/')).is_err() {
                    return Err(self.error(WordErrorKind::MissingSlash, start));
                }
                self.modifier_word(start)
            }
            other => {
                let text = other.map(String::from).unwrap_or_default();
                Err(self.error(WordErrorKind::UnsupportedModifier(text), start))
            }
        }
    }

    /// The word after a modifier, up to `}`.
    fn modifier_word(&mut self, start: usize) -> Result<(), WordError> {
        self.process_until(Some('}')).map_err(|f| self.flatten(f, start))
    }

    /// `processName`: digits, one special parameter, or a name.
    fn name(&mut self) {
        match self.peek() {
            Some(c) if c.is_ascii_digit() => {
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.next();
                }
            }
            Some('@' | '*' | '#' | '?' | '-' | '$' | '!') => {
                self.next();
            }
            _ => {
                while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    self.next();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(word: &str) -> Option<WordErrorKind> {
        check_word(word, '\\', true).err().map(|e| e.kind)
    }

    #[test]
    fn valid_words() {
        for ok in [
            "plain",
            "\"a\\\"b\"",
            "'a\\'",
            "$HOME/${X:-d}/${Y#p}/${Z//a/b}/${A:+x}/${B?msg}",
            "a$",
            "${X:-${Y}}",
            "\\'",
            "$1$@",
        ] {
            assert_eq!(kind(ok), None, "{ok}");
        }
    }

    #[test]
    fn errors_like_buildkit() {
        use WordErrorKind::*;
        assert_eq!(kind("'a\\'b'"), Some(UnterminatedQuote('\'')));
        assert_eq!(kind("\"abc"), Some(UnterminatedQuote('"')));
        assert_eq!(kind("${"), Some(MissingBrace));
        assert_eq!(kind("${X:-abc"), Some(MissingBrace));
        assert_eq!(kind("${X"), Some(MissingBrace));
        assert_eq!(kind("${}"), Some(BadSubstitution));
        assert_eq!(kind("${:x}"), Some(BadSubstitution));
        assert_eq!(kind("${a[1]}"), Some(UnsupportedModifier("[".into())));
        assert_eq!(kind("${a:#x}"), Some(UnsupportedModifier(":#".into())));
        assert_eq!(kind("${a:x}"), Some(UnsupportedModifier(":x".into())));
        assert_eq!(kind("${a/x"), Some(MissingSlash));
        assert_eq!(kind("\"${a\""), Some(UnsupportedModifier("\"".into())));
    }

    #[test]
    fn deep_nesting_is_bounded_and_not_an_error() {
        let word = format!("{}x{}", "${a:-".repeat(10_000), "}".repeat(10_000));
        assert_eq!(check_word(&word, '\\', true), Ok(()));
    }

    #[test]
    fn heredoc_bodies_ignore_quotes() {
        assert!(check_word("it's ${HOME}", '\\', false).is_ok());
        assert!(check_word("${arr[@]}", '\\', false).is_err());
    }
}
