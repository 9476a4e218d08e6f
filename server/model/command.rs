//! Typed arguments of each instruction, split the way BuildKit's per-instruction
//! line parsers split them (`parseMaybeJSON`, `parseNameVal`, …).

use text_size::TextRange;

use crate::syntax::json::{self, JsonFormError};
use crate::syntax::words::{quoted_words, whitespace_words};
use crate::syntax::{Delta, Instruction, LogicalText, Shift, Word};

/// The instruction keywords BuildKit knows, lowercased.
pub const KEYWORDS: [&str; 18] = [
    "add",
    "arg",
    "cmd",
    "copy",
    "entrypoint",
    "env",
    "expose",
    "from",
    "healthcheck",
    "label",
    "maintainer",
    "onbuild",
    "run",
    "shell",
    "stopsignal",
    "user",
    "volume",
    "workdir",
];

/// Arguments either as a JSON string array (exec form) or as text (shell form).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandForm {
    /// Elements: unquoted value, and the source range of the JSON string.
    Exec(Vec<Word>),
    Shell(Word),
}

impl CommandForm {
    pub fn is_exec(&self) -> bool {
        matches!(self, CommandForm::Exec(_))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyValue {
    pub key: Word,
    /// The value as written (quotes kept), empty for `KEY=`.
    pub value: Word,
    /// `KEY=value` rather than the legacy `KEY value`.
    pub has_equals: bool,
    /// The whole `KEY=value` word.
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArgDef {
    pub name: Word,
    pub default: Option<Word>,
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    From {
        words: Vec<Word>,
    },
    /// RUN, CMD, ENTRYPOINT, SHELL.
    Exec {
        form: Option<CommandForm>,
    },
    /// COPY, ADD, VOLUME: a JSON list or whitespace-separated words.
    List {
        items: Vec<Word>,
        json: bool,
    },
    /// ENV, LABEL.
    KeyValues {
        pairs: Vec<KeyValue>,
    },
    Arg {
        defs: Vec<ArgDef>,
    },
    /// EXPOSE.
    Words {
        words: Vec<Word>,
    },
    Healthcheck {
        kind: Option<Word>,
        form: Option<CommandForm>,
    },
    /// MAINTAINER, STOPSIGNAL, USER, WORKDIR: the whole rest.
    Single {
        value: Option<Word>,
    },
    Onbuild,
    Unknown,
    /// BuildKit's line parser rejects the instruction.
    Invalid(CommandError),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandError {
    /// A JSON array with an element that is not a string.
    NotStringArray(TextRange),
    /// `ENV name` / `LABEL name` without value.
    MissingValue { keyword: String, range: TextRange },
    /// A word without `=` after a `KEY=value` word.
    MissingEquals { word: Word },
    /// `ENV =x`, `ARG =x`.
    BlankName { keyword: String, range: TextRange },
}

impl Shift for CommandForm {
    fn shift(&mut self, delta: Delta) {
        match self {
            CommandForm::Exec(words) => words.shift(delta),
            CommandForm::Shell(word) => word.shift(delta),
        }
    }
}

impl Shift for KeyValue {
    fn shift(&mut self, delta: Delta) {
        self.key.shift(delta);
        self.value.shift(delta);
        self.range.shift(delta);
    }
}

impl Shift for ArgDef {
    fn shift(&mut self, delta: Delta) {
        self.name.shift(delta);
        self.default.shift(delta);
        self.range.shift(delta);
    }
}

impl Shift for CommandError {
    fn shift(&mut self, delta: Delta) {
        match self {
            CommandError::NotStringArray(range)
            | CommandError::MissingValue { range, .. }
            | CommandError::BlankName { range, .. } => range.shift(delta),
            CommandError::MissingEquals { word } => word.shift(delta),
        }
    }
}

impl Shift for Command {
    fn shift(&mut self, delta: Delta) {
        match self {
            Command::From { words } | Command::Words { words } | Command::List { items: words, .. } => {
                words.shift(delta)
            }
            Command::Exec { form } => form.shift(delta),
            Command::KeyValues { pairs } => pairs.shift(delta),
            Command::Arg { defs } => defs.shift(delta),
            Command::Healthcheck { kind, form } => {
                kind.shift(delta);
                form.shift(delta);
            }
            Command::Single { value } => value.shift(delta),
            Command::Invalid(error) => error.shift(delta),
            Command::Onbuild | Command::Unknown => {}
        }
    }
}

/// `escape` is the file's escape character (`# escape=`).
pub fn parse_command(instruction: &Instruction, escape: char) -> Command {
    let line = &instruction.line;
    let args = &instruction.args;
    match instruction.name().as_str() {
        "from" => Command::From { words: whitespace_words(line, args) },
        "run" | "cmd" | "entrypoint" | "shell" => match command_form(line, args) {
            Ok(form) => Command::Exec { form },
            Err(e) => Command::Invalid(e),
        },
        "copy" | "add" | "volume" => parse_list(line, args),
        "env" | "label" => parse_key_values(instruction, escape),
        "arg" => parse_arg(instruction, escape),
        "expose" => Command::Words { words: whitespace_words(line, args) },
        "healthcheck" => parse_healthcheck(line, args),
        "maintainer" | "stopsignal" | "user" | "workdir" => {
            Command::Single { value: (!args.text.is_empty()).then(|| args.clone()) }
        }
        "onbuild" => Command::Onbuild,
        _ => Command::Unknown,
    }
}

/// BuildKit's `parseMaybeJSON`.
fn command_form(line: &LogicalText, args: &Word) -> Result<Option<CommandForm>, CommandError> {
    if args.text.is_empty() {
        return Ok(None);
    }
    match json::parse_string_array(&args.text) {
        Ok(items) => Ok(Some(CommandForm::Exec(json_words(line, args, &items)))),
        Err(JsonFormError::NotStrings { start, end }) => {
            Err(CommandError::NotStringArray(args.slice(line, start, end).range))
        }
        Err(_) => Ok(Some(CommandForm::Shell(args.clone()))),
    }
}

fn json_words(line: &LogicalText, args: &Word, items: &[json::JsonString]) -> Vec<Word> {
    items.iter().map(|item| Word { text: item.value.clone(), ..args.slice(line, item.start, item.end) }).collect()
}

/// BuildKit's `parseMaybeJSONToList`.
fn parse_list(line: &LogicalText, args: &Word) -> Command {
    match json::parse_string_array(&args.text) {
        Ok(items) => Command::List { items: json_words(line, args, &items), json: true },
        Err(JsonFormError::NotStrings { start, end }) => {
            Command::Invalid(CommandError::NotStringArray(args.slice(line, start, end).range))
        }
        Err(_) => Command::List { items: whitespace_words(line, args), json: false },
    }
}

/// BuildKit's `parseNameVal` for ENV and LABEL.
fn parse_key_values(instruction: &Instruction, escape: char) -> Command {
    let line = &instruction.line;
    let args = &instruction.args;
    let keyword = instruction.keyword.text.to_ascii_uppercase();
    let words = quoted_words(line, args, escape);
    let Some(first) = words.first() else {
        return Command::KeyValues { pairs: Vec::new() };
    };
    if !first.text.contains('=') {
        // Legacy `KEY value`: the rest of the line, verbatim, is the value.
        let key_end = args.text.find(is_split_space).unwrap_or(args.text.len());
        let value_start =
            key_end + args.text[key_end..].len() - args.text[key_end..].trim_start_matches(is_split_space).len();
        if value_start >= args.text.len() {
            return Command::Invalid(CommandError::MissingValue { keyword, range: instruction.keyword.range });
        }
        let key = args.slice(line, 0, key_end);
        let value = args.slice(line, value_start, args.text.len());
        let range = args.range;
        return Command::KeyValues { pairs: vec![KeyValue { key, value, has_equals: false, range }] };
    }
    let mut pairs = Vec::with_capacity(words.len());
    for word in words {
        let Some(eq) = word.text.find('=') else {
            return Command::Invalid(CommandError::MissingEquals { word });
        };
        if eq == 0 {
            return Command::Invalid(CommandError::BlankName { keyword, range: word.range });
        }
        let key = word.slice(line, 0, eq);
        let value = word.slice(line, eq + 1, word.text.len());
        pairs.push(KeyValue { key, value, has_equals: true, range: word.range });
    }
    Command::KeyValues { pairs }
}

/// BuildKit's `parseNameOrNameVal` followed by `instructions.parseArg`.
fn parse_arg(instruction: &Instruction, escape: char) -> Command {
    let line = &instruction.line;
    let words = quoted_words(line, &instruction.args, escape);
    let mut defs = Vec::with_capacity(words.len());
    for word in words {
        let (name, default) = match word.text.find('=') {
            Some(eq) => (word.slice(line, 0, eq), Some(word.slice(line, eq + 1, word.text.len()))),
            None => (word.clone(), None),
        };
        if name.text.is_empty() {
            let keyword = "ARG".to_string();
            return Command::Invalid(CommandError::BlankName { keyword, range: word.range });
        }
        defs.push(ArgDef { name, default, range: word.range });
    }
    Command::Arg { defs }
}

/// BuildKit's `parseHealthConfig`: a type word (`CMD`/`NONE`) and a command.
fn parse_healthcheck(line: &LogicalText, args: &Word) -> Command {
    let text = &args.text;
    let sep = text.find(|c: char| c.is_ascii_whitespace()).unwrap_or(text.len());
    if sep == 0 {
        return Command::Healthcheck { kind: None, form: None };
    }
    let kind = args.slice(line, 0, sep);
    let rest_start = sep + text[sep..].len() - text[sep..].trim_start().len();
    let rest = args.slice(line, rest_start, text.len());
    match command_form(line, &rest) {
        Ok(form) => Command::Healthcheck { kind: Some(kind), form },
        Err(e) => Command::Invalid(e),
    }
}

fn is_split_space(c: char) -> bool {
    matches!(c, '\t' | '\u{b}' | '\u{c}' | '\r' | ' ')
}
