//! A small, bounded POSIX shell tokenizer for RUN text: it splits a script
//! into simple commands (at `&&`, `||`, `;`, `|`, `&`, newlines and
//! parentheses) and each command into words with quotes removed. It does not
//! parse control structures; reserved words are left to the caller. Text in
//! quotes, comments, redirection targets and nested heredoc bodies never
//! becomes a command word. One linear pass; no recursion.

/// A word of a command: its text with quotes and escapes removed, and its
/// byte span in the tokenized text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellWord {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// What ends a simple command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Separator {
    And,
    Or,
    Semicolon,
    Pipe,
    Background,
    Newline,
    Paren,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SimpleCommand {
    pub words: Vec<ShellWord>,
    /// The separator after the command; `None` at the end of the text.
    pub separator: Option<Separator>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Script {
    pub commands: Vec<SimpleCommand>,
    /// An unquoted `#` comment occurs.
    pub has_comment: bool,
    /// Quotes or `$(`…`)` left open at the end.
    pub unterminated: bool,
}

impl Script {
    pub fn has_pipe(&self) -> bool {
        self.commands.iter().any(|c| c.separator == Some(Separator::Pipe))
    }

    /// The last separator written in the text (e.g. a trailing `;` or `&`).
    pub fn trailing_separator(&self) -> Option<Separator> {
        self.commands.last().and_then(|c| c.separator).filter(|s| *s != Separator::Newline)
    }
}

/// Shell reserved words and prefixes that come before a command name.
const PREFIX_WORDS: [&str; 12] =
    ["if", "then", "else", "elif", "do", "while", "until", "!", "{", "time", "exec", "nohup"];

impl SimpleCommand {
    /// The words from the command name on: leading `NAME=value` assignments,
    /// reserved words and `sudo`/`env` wrappers (with their options) skipped.
    pub fn command_words(&self) -> &[ShellWord] {
        let mut i = 0;
        while let Some(word) = self.words.get(i) {
            let text = word.text.as_str();
            if is_assignment(text) || PREFIX_WORDS.contains(&text) {
                i += 1;
            } else if matches!(program_name(text), "sudo" | "env") {
                i += 1;
                while self.words.get(i).is_some_and(|w| w.text.starts_with('-') || is_assignment(&w.text)) {
                    i += 1;
                }
            } else {
                break;
            }
        }
        &self.words[i.min(self.words.len())..]
    }

    /// The command name without its directory (`apt-get` for `/usr/bin/apt-get`).
    pub fn program(&self) -> Option<&str> {
        self.command_words().first().map(|w| program_name(&w.text))
    }
}

/// `/usr/bin/pip3` → `pip3`.
pub fn program_name(word: &str) -> &str {
    word.rsplit('/').next().unwrap_or(word)
}

fn is_assignment(word: &str) -> bool {
    match word.split_once('=') {
        Some((name, _)) => {
            let mut chars = name.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
        None => false,
    }
}

/// Splits `text` into simple commands.
pub fn parse(text: &str) -> Script {
    Lexer::new(text).run()
}

struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    script: Script,
    command: SimpleCommand,
    word: Option<(usize, String)>,
    /// The next word is a redirection target, not an argument.
    skip_next_word: bool,
    /// The next word is a heredoc delimiter (`<<` / `<<-` seen).
    heredoc_pending: Option<bool>,
    /// Heredocs opened on the current line: (delimiter, strip tabs).
    heredocs: Vec<(String, bool)>,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        Lexer {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            script: Script::default(),
            command: SimpleCommand::default(),
            word: None,
            skip_next_word: false,
            heredoc_pending: None,
            heredocs: Vec::new(),
        }
    }

    fn run(mut self) -> Script {
        while self.pos < self.bytes.len() {
            self.step();
        }
        self.end_command(None);
        self.script
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    fn step(&mut self) {
        let b = self.bytes[self.pos];
        match b {
            b' ' | b'\t' | b'\r' => {
                self.end_word();
                self.pos += 1;
            }
            b'\n' => {
                self.pos += 1;
                self.end_command(Some(Separator::Newline));
                self.skip_heredoc_bodies();
            }
            b'#' if self.word.is_none() => {
                self.script.has_comment = true;
                while self.pos < self.bytes.len() && self.bytes[self.pos] != b'\n' {
                    self.pos += 1;
                }
            }
            b'\\' => match self.peek(1) {
                Some(b'\n') => self.pos += 2,
                Some(_) => {
                    let c = self.char_at(self.pos + 1);
                    self.push_char(self.pos, c);
                    self.pos += 1 + c.len_utf8();
                }
                None => self.pos += 1,
            },
            b'\'' => self.single_quoted(),
            b'"' => self.double_quoted(),
            b'`' => self.backticks(),
            b'$' if self.peek(1) == Some(b'(') => self.substitution(),
            b';' => self.operator(1, Separator::Semicolon),
            b'&' if self.peek(1) == Some(b'&') => self.operator(2, Separator::And),
            b'&' if self.peek(1) == Some(b'>') => self.redirection(),
            b'&' => self.operator(1, Separator::Background),
            b'|' if self.peek(1) == Some(b'|') => self.operator(2, Separator::Or),
            b'|' if self.peek(1) == Some(b'&') => self.operator(2, Separator::Pipe),
            b'|' => self.operator(1, Separator::Pipe),
            b'(' | b')' => self.operator(1, Separator::Paren),
            b'<' | b'>' => self.redirection(),
            _ => {
                let end = self.plain_end();
                self.push_str(self.pos, &self.text[self.pos..end]);
                self.pos = end;
            }
        }
    }

    /// The end of the plain characters from `pos` on (at least one): taken
    /// into the word at once instead of character by character.
    fn plain_end(&self) -> usize {
        let mut end = self.pos + self.char_at(self.pos).len_utf8();
        while let Some(&b) = self.bytes.get(end) {
            if matches!(
                b,
                b' ' | b'\t'
                    | b'\r'
                    | b'\n'
                    | b'\\'
                    | b'\''
                    | b'"'
                    | b'`'
                    | b'$'
                    | b';'
                    | b'&'
                    | b'|'
                    | b'('
                    | b')'
                    | b'<'
                    | b'>'
            ) {
                break;
            }
            end += 1;
        }
        end
    }

    fn char_at(&self, at: usize) -> char {
        self.text[at..].chars().next().unwrap_or(' ')
    }

    fn push_char(&mut self, at: usize, c: char) {
        self.word.get_or_insert_with(|| (at, String::new())).1.push(c);
    }

    fn push_str(&mut self, at: usize, s: &str) {
        self.word.get_or_insert_with(|| (at, String::new())).1.push_str(s);
    }

    fn single_quoted(&mut self) {
        let start = self.pos;
        let body_start = start + 1;
        match self.text[body_start..].find('\'') {
            Some(len) => {
                let body = &self.text[body_start..body_start + len];
                self.push_str(start, body);
                self.pos = body_start + len + 1;
            }
            None => {
                self.push_str(start, &self.text[body_start..]);
                self.script.unterminated = true;
                self.pos = self.bytes.len();
            }
        }
    }

    fn double_quoted(&mut self) {
        let start = self.pos;
        self.push_str(start, "");
        self.pos += 1;
        while self.pos < self.bytes.len() {
            match self.bytes[self.pos] {
                b'"' => {
                    self.pos += 1;
                    return;
                }
                b'\\' if matches!(self.peek(1), Some(b'"' | b'\\' | b'$' | b'`')) => {
                    let c = self.char_at(self.pos + 1);
                    self.push_char(start, c);
                    self.pos += 2;
                }
                b'\\' if self.peek(1) == Some(b'\n') => self.pos += 2,
                _ => {
                    let c = self.char_at(self.pos);
                    self.push_char(start, c);
                    self.pos += c.len_utf8();
                }
            }
        }
        self.script.unterminated = true;
    }

    fn backticks(&mut self) {
        let start = self.pos;
        let mut i = start + 1;
        while i < self.bytes.len() && self.bytes[i] != b'`' {
            i += if self.bytes[i] == b'\\' { 2 } else { 1 };
        }
        let end = (i + 1).min(self.bytes.len());
        if i >= self.bytes.len() {
            self.script.unterminated = true;
        }
        self.push_str(start, &self.text[start..end]);
        self.pos = end;
    }

    /// `$(…)` or `$((…))`, kept verbatim in the word.
    fn substitution(&mut self) {
        let start = self.pos;
        let mut depth = 0usize;
        let mut i = start + 1;
        let mut quote: Option<u8> = None;
        while i < self.bytes.len() {
            let b = self.bytes[i];
            match quote {
                Some(q) if b == q => quote = None,
                Some(b'"') if b == b'\\' => i += 1,
                Some(_) => {}
                None => match b {
                    b'\'' | b'"' => quote = Some(b),
                    b'\\' => i += 1,
                    b'(' => depth += 1,
                    b')' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                },
            }
            i += 1;
        }
        if i >= self.bytes.len() {
            self.script.unterminated = true;
        }
        let end = (i + 1).min(self.bytes.len());
        self.push_str(start, &self.text[start..end]);
        self.pos = end;
    }

    fn operator(&mut self, len: usize, separator: Separator) {
        self.pos += len;
        self.end_command(Some(separator));
    }

    fn redirection(&mut self) {
        // A word of digits right before `<`/`>` is a file descriptor.
        if self.word.as_ref().is_some_and(|(_, w)| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit())) {
            self.word = None;
        }
        self.end_word();
        let rest = &self.text[self.pos..];
        let op_len = ["<<<", "<<-", "&>>", ">>", ">&", ">|", "<<", "<&", "<>", "&>", "<", ">"]
            .iter()
            .find(|op| rest.starts_with(**op))
            .map_or(1, |op| op.len());
        let op = &rest[..op_len];
        self.heredoc_pending = match op {
            "<<" => Some(false),
            "<<-" => Some(true),
            _ => None,
        };
        self.pos += op_len;
        self.skip_next_word = true;
    }

    fn end_word(&mut self) {
        let Some((start, text)) = self.word.take() else { return };
        if self.skip_next_word {
            self.skip_next_word = false;
            if let Some(strip_tabs) = self.heredoc_pending.take() {
                self.heredocs.push((text, strip_tabs));
            }
            return;
        }
        self.command.words.push(ShellWord { text, start, end: self.pos });
    }

    fn end_command(&mut self, separator: Option<Separator>) {
        self.end_word();
        self.skip_next_word = false;
        let command = std::mem::take(&mut self.command);
        if !command.words.is_empty() {
            self.script.commands.push(SimpleCommand { separator, ..command });
        } else if let (Some(last), Some(sep)) = (self.script.commands.last_mut(), separator) {
            if last.separator == Some(Separator::Newline) || sep != Separator::Newline {
                last.separator = Some(sep);
            }
        }
    }

    /// After a line with `<<EOF`, its body lines are data, not commands.
    fn skip_heredoc_bodies(&mut self) {
        for (delimiter, strip_tabs) in std::mem::take(&mut self.heredocs) {
            while self.pos < self.bytes.len() {
                let line_end = self.text[self.pos..].find('\n').map_or(self.bytes.len(), |i| self.pos + i);
                let line = self.text[self.pos..line_end].trim_end_matches('\r');
                let line = if strip_tabs { line.trim_start_matches('\t') } else { line };
                self.pos = (line_end + 1).min(self.bytes.len());
                if line == delimiter {
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commands(text: &str) -> Vec<String> {
        parse(text)
            .commands
            .iter()
            .map(|c| {
                let words: Vec<&str> = c.words.iter().map(|w| w.text.as_str()).collect();
                format!("{} {:?}", words.join(" "), c.separator)
            })
            .collect()
    }

    #[test]
    fn splits_at_operators_and_removes_quotes() {
        assert_eq!(
            commands("apt-get update && apt-get install -y 'a b' \"c\\\"d\"; echo x | tee y || true &"),
            vec![
                "apt-get update Some(And)",
                "apt-get install -y a b c\"d Some(Semicolon)",
                "echo x Some(Pipe)",
                "tee y Some(Or)",
                "true Some(Background)"
            ]
        );
    }

    #[test]
    fn quotes_comments_redirections_and_heredocs_are_not_commands() {
        assert_eq!(
            commands("echo 'a && sudo b' # sudo c\ncat > f <<EOF\nsudo rm\nEOF\nls 2>/dev/null $(sudo x) `sudo y`"),
            vec!["echo a && sudo b Some(Newline)", "cat Some(Newline)", "ls $(sudo x) `sudo y` None"]
        );
        assert!(parse("a # b").has_comment);
        assert!(!parse("echo a#b '#'").has_comment);
    }

    #[test]
    fn command_words_skip_assignments_wrappers_and_reserved_words() {
        let script = parse("if DEBIAN_FRONTEND=x sudo -E /usr/bin/apt-get install; then env A=b pip install x; fi");
        let programs: Vec<_> = script.commands.iter().filter_map(|c| c.program()).collect();
        assert_eq!(programs, vec!["apt-get", "pip", "fi"]);
    }

    #[test]
    fn word_spans_point_into_the_text() {
        let text = "a  'b c'd";
        let script = parse(text);
        let w = &script.commands[0].words[1];
        assert_eq!((&text[w.start..w.end], w.text.as_str()), ("'b c'd", "b cd"));
    }

    #[test]
    fn unterminated_input_is_bounded() {
        assert!(parse("echo \"abc").unterminated);
        assert!(parse("echo $(ls").unterminated);
        assert!(parse("echo 'x").unterminated);
        assert_eq!(parse("a ; ; &&").trailing_separator(), Some(Separator::And));
    }
}
