//! The `--flags` each instruction accepts, as BuildKit's `instructions`
//! package declares them (`parse.go`, `commands_run*.go`), and a flag word
//! split into name and value the way `BFlags.Parse` splits it.

use text_size::TextRange;

use super::Command;
use crate::syntax::{Delta, Instruction, Shift, Word};

/// How BuildKit reads a flag's value (`bflag.go`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagKind {
    /// `--name`, `--name=true|false` (case-insensitive).
    Bool,
    /// `--name=value`, at most once.
    String,
    /// `--name=value`, repeatable.
    Strings,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FlagSpec {
    pub name: &'static str,
    pub kind: FlagKind,
}

const fn spec(name: &'static str, kind: FlagKind) -> FlagSpec {
    FlagSpec { name, kind }
}

use FlagKind::{Bool, String as Str, Strings};

pub const FROM_FLAGS: &[FlagSpec] = &[spec("platform", Str)];
pub const COPY_FLAGS: &[FlagSpec] = &[
    spec("chown", Str),
    spec("from", Str),
    spec("chmod", Str),
    spec("link", Bool),
    spec("exclude", Strings),
    spec("parents", Bool),
];
pub const ADD_FLAGS: &[FlagSpec] = &[
    spec("chown", Str),
    spec("chmod", Str),
    spec("link", Bool),
    spec("keep-git-dir", Bool),
    spec("checksum", Str),
    spec("unpack", Bool),
    spec("exclude", Strings),
];
/// `--device` is parsed by every frontend but only the labs one can build it.
pub const RUN_FLAGS: &[FlagSpec] =
    &[spec("mount", Strings), spec("network", Str), spec("security", Str), spec("device", Strings)];
pub const HEALTHCHECK_FLAGS: &[FlagSpec] = &[
    spec("interval", Str),
    spec("timeout", Str),
    spec("start-period", Str),
    spec("start-interval", Str),
    spec("retries", Str),
];

/// The flags BuildKit checks on this instruction; `None` where it never
/// looks at them (ARG, STOPSIGNAL, `HEALTHCHECK NONE`, unknown instructions).
pub fn accepted_flags(instruction: &Instruction, command: &Command) -> Option<&'static [FlagSpec]> {
    match instruction.name().as_str() {
        "from" => Some(FROM_FLAGS),
        "copy" => Some(COPY_FLAGS),
        "add" => Some(ADD_FLAGS),
        "run" => Some(RUN_FLAGS),
        "healthcheck" => match command {
            Command::Healthcheck { kind: Some(kind), .. } if kind.text.eq_ignore_ascii_case("none") => None,
            _ => Some(HEALTHCHECK_FLAGS),
        },
        "arg" | "stopsignal" => None,
        "cmd" | "entrypoint" | "env" | "expose" | "label" | "maintainer" | "onbuild" | "shell" | "user" | "volume"
        | "workdir" => Some(&[]),
        _ => None,
    }
}

/// One `--name[=value]` word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagParts {
    /// Without the leading `--`.
    pub name: String,
    /// `--name` in the source.
    pub name_range: TextRange,
    /// After the first `=`; `None` without `=`.
    pub value: Option<Word>,
    /// The whole word in the source.
    pub range: TextRange,
}

impl Shift for FlagParts {
    fn shift(&mut self, delta: Delta) {
        self.name_range.shift(delta);
        self.value.shift(delta);
        self.range.shift(delta);
    }
}

/// Splits a flag word as `BFlags.Parse` does: the name is what follows `--`
/// up to the first `=`.
pub fn flag_parts(instruction: &Instruction, flag: &Word) -> FlagParts {
    let (head, _) = flag.text.split_once('=').unwrap_or((&flag.text, ""));
    let name = head.strip_prefix("--").unwrap_or(head).to_string();
    let value = super::flag_value_word(instruction, flag);
    let line = &instruction.line;
    let raw = line.text.get(flag.offset..flag.raw_end()).unwrap_or("");
    let name_end = raw.find('=').unwrap_or(raw.len());
    FlagParts { name, name_range: line.source_range(flag.offset, flag.offset + name_end), value, range: flag.range }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Analysis;

    #[test]
    fn splits_name_and_value() {
        let analysis = Analysis::from_text("FROM a\nCOPY --chmod=755 --link --from='a=b' \"--x\" y\n");
        let instruction = analysis.instruction(1);
        let parts: Vec<_> = instruction
            .flags
            .iter()
            .map(|f| flag_parts(instruction, f))
            .map(|p| (p.name, p.value.map(|v| v.text)))
            .collect();
        assert_eq!(
            parts,
            vec![
                ("chmod".to_string(), Some("755".to_string())),
                ("link".to_string(), None),
                ("from".to_string(), Some("a=b".to_string())),
            ]
        );
    }
}
