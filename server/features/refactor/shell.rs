//! Just enough shell to recognise what a RUN does: simple commands split on
//! `&&`, `||`, `;`, `|` and newlines, with quotes removed and leading
//! `NAME=value` assignments set apart. Not an interpreter: a recogniser.

use crate::model::{Analysis, Command, CommandForm};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct SimpleCommand {
    /// `NAME=value` words before the program.
    pub(crate) env: Vec<(String, String)>,
    pub(crate) words: Vec<String>,
}

impl SimpleCommand {
    pub(crate) fn program(&self) -> &str {
        self.words.first().map_or("", |w| w.rsplit('/').next().unwrap_or(w))
    }

    /// The program and its first argument are `program sub`.
    pub(crate) fn is(&self, program: &str, sub: &str) -> bool {
        self.program() == program && self.words.get(1).is_some_and(|w| w == sub)
    }

    pub(crate) fn has_word(&self, word: &str) -> bool {
        self.words.iter().any(|w| w == word)
    }

    /// The value of `-o VALUE`, `-oVALUE`, `--name VALUE` or `--name=VALUE`.
    pub(crate) fn option(&self, names: &[&str]) -> Option<&str> {
        let mut words = self.words.iter();
        while let Some(w) = words.next() {
            for name in names {
                if w == name {
                    return words.next().map(String::as_str);
                }
                if let Some(rest) = w.strip_prefix(name) {
                    if let Some(value) = rest.strip_prefix('=') {
                        return Some(value);
                    }
                    if !name.starts_with("--") && !rest.is_empty() {
                        return Some(rest);
                    }
                }
            }
        }
        None
    }

    pub(crate) fn env_value(&self, name: &str) -> Option<&str> {
        self.env.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// The simple commands a RUN executes (shell form, exec form and heredoc bodies).
pub(crate) fn run_commands(analysis: &Analysis, index: usize) -> Vec<SimpleCommand> {
    let instruction = analysis.instruction(index);
    let mut out = match analysis.command(index) {
        Command::Exec { form: Some(CommandForm::Exec(words)) } => {
            vec![SimpleCommand { env: Vec::new(), words: words.iter().map(|w| w.text.clone()).collect() }]
        }
        Command::Exec { form: Some(CommandForm::Shell(word)) } => parse(&word.text),
        _ => Vec::new(),
    };
    for heredoc in &instruction.heredocs {
        let start = usize::from(heredoc.body_range.start()).min(analysis.text.len());
        let end = usize::from(heredoc.body_range.end()).clamp(start, analysis.text.len());
        if let Some(body) = analysis.text.get(start..end) {
            out.extend(parse(body));
        }
    }
    out
}

/// Splits a command line into simple commands.
pub(crate) fn parse(text: &str) -> Vec<SimpleCommand> {
    let mut commands = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars().peekable();
    let finish_word = |word: &mut String, in_word: &mut bool, words: &mut Vec<String>| {
        if *in_word {
            words.push(std::mem::take(word));
            *in_word = false;
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    word.push(q);
                }
            }
            '"' => {
                in_word = true;
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' => word.extend(chars.next()),
                        _ => word.push(q),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some('\n') | None => {}
                    Some(next) => word.push(next),
                }
            }
            '&' | '|' | ';' | '\n' | '(' | ')' => {
                finish_word(&mut word, &mut in_word, &mut words);
                if !words.is_empty() {
                    commands.push(simple_command(std::mem::take(&mut words)));
                }
            }
            c if c.is_whitespace() => finish_word(&mut word, &mut in_word, &mut words),
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    finish_word(&mut word, &mut in_word, &mut words);
    if !words.is_empty() {
        commands.push(simple_command(words));
    }
    commands
}

fn simple_command(words: Vec<String>) -> SimpleCommand {
    let mut env = Vec::new();
    let mut rest = words.into_iter().peekable();
    while let Some(w) = rest.peek() {
        match w.split_once('=') {
            Some((name, value)) if is_name(name) => {
                env.push((name.to_string(), value.to_string()));
                rest.next();
            }
            _ => break,
        }
    }
    let mut words: Vec<String> = rest.collect();
    if words.first().is_some_and(|w| w == "env" || w == "exec") {
        words.remove(0);
    }
    SimpleCommand { env, words }
}

fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A shell-form command line that is a plain list of words (no variables,
/// redirections or operators), so it can be written in exec form.
pub(crate) fn plain_words(text: &str) -> Option<Vec<String>> {
    if text.contains(['$', '`', '>', '<', '*', '?', '~']) {
        return None;
    }
    let commands = parse(text);
    match commands.as_slice() {
        [only] if only.env.is_empty() && !text.contains(['&', '|', ';', '(', ')']) => Some(only.words.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_simple_commands() {
        let found = parse("CGO_ENABLED=0 GOOS=linux go build -o /out/app ./cmd/app && echo 'a b' | tee x; ls");
        assert_eq!(found.len(), 4);
        assert_eq!(found[0].env_value("CGO_ENABLED"), Some("0"));
        assert_eq!(found[0].option(&["-o"]), Some("/out/app"));
        assert_eq!(found[1].words, vec!["echo", "a b"]);
        assert_eq!(
            plain_words("node dist/main.js --port 80"),
            Some(vec!["node".into(), "dist/main.js".into(), "--port".into(), "80".into()])
        );
        assert_eq!(plain_words("node $APP"), None);
    }
}
