//! Word-level tokenization of a logical line, as BuildKit's parsers split it.

use text_size::TextRange;

use super::logical::LogicalText;
use super::shift::{Delta, Shift};

/// A piece of a logical line: its text (continuations removed) and its source range.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub range: TextRange,
    /// Start of the word in its logical line.
    pub offset: usize,
    /// Length in the logical line (differs from `text` when quotes were removed).
    pub raw_len: usize,
}

impl Shift for Word {
    fn shift(&mut self, delta: Delta) {
        self.range.shift(delta);
    }
}

impl Word {
    pub fn new(line: &LogicalText, start: usize, end: usize) -> Word {
        Word::with_text(line, start, end, line.text[start..end].to_string())
    }

    /// A word at `start..end` of `line` whose text is given (e.g. unquoted).
    pub fn with_text(line: &LogicalText, start: usize, end: usize, text: String) -> Word {
        Word { text, range: line.source_range(start, end), offset: start, raw_len: end - start }
    }

    /// End of the word in its logical line.
    pub fn raw_end(&self) -> usize {
        self.offset + self.raw_len
    }

    /// A sub-word of this word, by offsets into its text.
    pub fn slice(&self, line: &LogicalText, start: usize, end: usize) -> Word {
        Word::new(line, self.offset + start, self.offset + end)
    }
}

/// BuildKit's `extractBuilderFlags`: leading `--flag` words, unquoted and
/// unescaped. Returns the flags and the logical offset where arguments start.
pub fn split_flags(line: &LogicalText, start: usize, end: usize, escape: char) -> (Vec<Word>, usize) {
    let text = &line.text[..end];
    let mut flags = Vec::new();
    let mut pos = start;
    loop {
        pos += text[pos..].len() - text[pos..].trim_start().len();
        if !text[pos..].starts_with("--") {
            return (flags, pos);
        }
        let (value, word_end) = read_flag_word(text, pos, escape);
        if value == "--" {
            return (flags, word_end);
        }
        if !value.is_empty() {
            flags.push(Word::with_text(line, pos, word_end, value));
        }
        if word_end >= end {
            return (flags, end);
        }
        pos = word_end;
    }
}

/// One flag word: quotes removed, escape characters applied.
fn read_flag_word(text: &str, start: usize, escape: char) -> (String, usize) {
    let mut value = String::new();
    let mut quote: Option<char> = None;
    let mut chars = text[start..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match quote {
            None if c.is_whitespace() => return (value, start + i),
            None if c == '\'' || c == '"' => quote = Some(c),
            Some(q) if c == q => quote = None,
            _ if c == escape => {
                if let Some((_, next)) = chars.next() {
                    value.push(next);
                } else if quote.is_some() {
                    quote = None;
                }
            }
            _ => value.push(c),
        }
    }
    (value, text.len())
}

/// BuildKit's `parseStringsWhitespaceDelimited` (FROM, EXPOSE, and COPY/ADD/VOLUME in shell form).
pub fn whitespace_words(line: &LogicalText, args: &Word) -> Vec<Word> {
    let start = args.offset;
    let text = &args.text;
    let mut words = Vec::new();
    let mut word_start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        let is_space = matches!(c, '\t' | '\u{b}' | '\u{c}' | '\r' | ' ');
        match (word_start, is_space) {
            (None, false) => word_start = Some(i),
            (Some(s), true) => {
                words.push(Word::new(line, start + s, start + i));
                word_start = None;
            }
            _ => {}
        }
    }
    words
}

/// BuildKit's `parseWords` (ENV, LABEL, ARG): split on whitespace outside
/// quotes; quotes and escapes are kept in the words.
pub fn quoted_words(line: &LogicalText, args: &Word, escape: char) -> Vec<Word> {
    let start = args.offset;
    split_shell_like(&args.text, escape).into_iter().map(|(s, e)| Word::new(line, start + s, start + e)).collect()
}

/// Offsets of words separated by unquoted whitespace; the escape character
/// is literal inside single quotes.
pub fn split_shell_like(text: &str, escape: char) -> Vec<(usize, usize)> {
    let mut words = Vec::new();
    let mut word_start: Option<usize> = None;
    let mut quote: Option<char> = None;
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        if word_start.is_none() {
            if c.is_whitespace() {
                continue;
            }
            word_start = Some(i);
        }
        match quote {
            None if c.is_whitespace() => {
                words.push((word_start.take().unwrap_or(i), i));
            }
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == escape => {
                chars.next();
            }
            Some(q) if c == q => quote = None,
            Some(q) if c == escape && q != '\'' => {
                chars.next();
            }
            _ => {}
        }
    }
    if let Some(s) = word_start {
        words.push((s, text.len()));
    }
    words
}
