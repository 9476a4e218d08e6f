//! Conformance with BuildKit's own parser tests (`frontend/dockerfile/parser`),
//! read from `../shared/corpus/buildkit-parser` when it exists: our logical
//! lines and typed commands, rendered in BuildKit's AST dump format
//! (`Node.Dump()`), must equal BuildKit's expected `result` files; line
//! numbers, heredocs and empty-continuation lines must match its Go tests;
//! and every file BuildKit rejects must get an error diagnostic.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use dockerfile_ls::config::Config;
use dockerfile_ls::features::diagnostics::{diagnostics, Severity};
use dockerfile_ls::model::command::{Command, CommandForm};
use dockerfile_ls::model::Analysis;
use dockerfile_ls::syntax::{Instruction, Word};

fn read(path: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(path).unwrap_or_default()).into_owned()
}

/// The whole file as BuildKit's `result` files show it: one line per instruction.
fn dump(text: &str) -> String {
    let analysis = Analysis::from_text(text);
    let mut out = String::new();
    for (index, instruction) in analysis.file.instructions.iter().enumerate() {
        let command = &analysis.model.commands[index];
        writeln!(out, "({})", dump_instruction(instruction, command, analysis.file.escape)).unwrap();
    }
    out
}

/// BuildKit's `Node.Dump()` of one instruction node.
fn dump_instruction(instruction: &Instruction, command: &Command, escape: char) -> String {
    let mut out = instruction.keyword.text.to_lowercase();
    if !instruction.flags.is_empty() {
        let flags: Vec<String> = instruction.flags.iter().map(|f| go_quote(&f.text)).collect();
        write!(out, " [{}]", flags.join(" ")).unwrap();
    }
    if let Some(trigger) = &instruction.trigger {
        let trigger_command = dockerfile_ls::model::command::parse_command(trigger, escape);
        write!(out, " ({})", dump_instruction(trigger, &trigger_command, escape)).unwrap();
        return out;
    }
    for value in next_values(command) {
        out.push(' ');
        out.push_str(&go_quote(&value));
    }
    out
}

/// The `Next` chain BuildKit's per-instruction line parser builds.
fn next_values(command: &Command) -> Vec<String> {
    let texts = |words: &[Word]| words.iter().map(|w| w.text.clone()).collect::<Vec<_>>();
    let form = |form: &Option<CommandForm>| match form {
        None => Vec::new(),
        Some(CommandForm::Exec(words)) => texts(words),
        Some(CommandForm::Shell(word)) => vec![word.text.clone()],
    };
    match command {
        Command::From { words } | Command::Words { words } => texts(words),
        Command::Exec { form: f } => form(f),
        Command::List { items, .. } => texts(items),
        Command::KeyValues { pairs } => pairs
            .iter()
            .flat_map(|p| {
                let sep = if p.has_equals { "=" } else { "" };
                [p.key.text.clone(), p.value.text.clone(), sep.to_string()]
            })
            .collect(),
        Command::Arg { defs } => defs
            .iter()
            .map(|d| match &d.default {
                Some(v) => format!("{}={}", d.name.text, v.text),
                None => d.name.text.clone(),
            })
            .collect(),
        Command::Healthcheck { kind, form: f } => kind.iter().map(|k| k.text.clone()).chain(form(f)).collect(),
        Command::Single { value } => value.iter().map(|v| v.text.clone()).collect(),
        // BuildKit's parseIgnore returns an empty node: it dumps as `""`.
        Command::Unknown => vec![String::new()],
        Command::Onbuild => Vec::new(),
        Command::Invalid(error) => vec![format!("<invalid: {error:?}>")],
    }
}

/// Go's `strconv.Quote`.
fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => write!(out, "\\x{:02x}", c as u32).unwrap(),
            c if c.is_control() || (c.is_whitespace() && c != ' ') || c == '\u{feff}' => {
                if (c as u32) < 0x10000 {
                    write!(out, "\\u{:04x}", c as u32).unwrap()
                } else {
                    write!(out, "\\U{:08x}", c as u32).unwrap()
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn has_error(text: &str) -> bool {
    let analysis = Analysis::from_text(text);
    diagnostics(&analysis, &Config::default()).iter().any(|d| d.severity == Severity::Error)
}

#[test]
fn parse_cases_match_buildkit_results() {
    let Some(dir) = shared_corpus::folder("buildkit-parser", "the BuildKit parser conformance test") else { return };
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir.join("testfiles"))
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    cases.sort();
    let (mut matched, mut total, mut report) = (0, 0, String::new());
    for case in cases {
        let result = case.join("result");
        if !result.is_file() {
            continue;
        }
        total += 1;
        let text = read(&case.join("Dockerfile"));
        let ours = dump(&text);
        let expected = read(&result);
        let parse_errors = Analysis::from_text(&text).file.errors;
        if ours == expected && parse_errors.is_empty() {
            matched += 1;
        } else {
            let name = case.file_name().unwrap_or_default().to_string_lossy();
            writeln!(report, "--- {name}\nparse errors: {parse_errors:?}").unwrap();
            for (o, e) in ours.lines().zip(expected.lines()).filter(|(o, e)| o != e) {
                writeln!(report, "  ours:     {o}\n  buildkit: {e}").unwrap();
            }
            if ours.lines().count() != expected.lines().count() {
                writeln!(report, "  ours:\n{ours}  buildkit:\n{expected}").unwrap();
            }
        }
    }
    eprintln!("BuildKit parser conformance: {matched} of {total} match");
    assert!(total > 0, "no BuildKit test cases found");
    assert_eq!(matched, total, "mismatches:\n{report}");
}

#[test]
fn line_information_matches_buildkit() {
    let Some(dir) = shared_corpus::folder("buildkit-parser", "the BuildKit parser conformance test") else { return };
    let text = read(&dir.join("testfile-line/Dockerfile"));
    let analysis = Analysis::from_text(&text);
    // BuildKit's TestParseIncludesLineNumbers, 1-based inclusive.
    let lines: Vec<(u32, u32)> =
        analysis.file.instructions.iter().map(|i| (i.start_line + 1, i.end_line + 1)).collect();
    assert_eq!(lines, vec![(5, 5), (11, 12), (17, 31)]);
}

#[test]
fn heredocs_are_extracted_as_buildkit_does() {
    let Some(dir) = shared_corpus::folder("buildkit-parser", "the BuildKit parser conformance test") else { return };
    let text = read(&dir.join("go-literals/TestParseExtractsHeredoc.Dockerfile"));
    let analysis = Analysis::from_text(&text);
    assert!(analysis.file.errors.is_empty(), "{:?}", analysis.file.errors);
    let rendered: Vec<String> = analysis.file.instructions[1..]
        .iter()
        .map(|i| {
            let target = i.trigger.as_deref().unwrap_or(i);
            target
                .heredocs
                .iter()
                .map(|h| {
                    let content = &text[h.body_range];
                    format!("{}|{:?}|expand={}|chomp={}", h.name, content, h.expand, h.chomp)
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    // BuildKit's TestParseExtractsHeredoc, one entry per instruction after FROM.
    let expected = [
        "",
        "",
        "",
        "",
        r#"EMPTY|""|expand=true|chomp=false"#,
        r#"EMPTY2|""|expand=true|chomp=false"#,
        "",
        r#"INDENT|"\tfoo\n\tbar\n"|expand=true|chomp=false"#,
        r#"UNINDENT|"\tbaz\n\tquux\n"|expand=true|chomp=true"#,
        r#"UNINDENT2|"\tbaz\n\tquux\n"|expand=true|chomp=true"#,
        r#"EXPAND|"\texpand $NAME\n"|expand=true|chomp=true"#,
        r#"NOEXPAND|"\tdon't expand $NAME\n"|expand=false|chomp=true"#,
        r#"COPY|"echo hello world\necho foo bar\n"|expand=true|chomp=false"#,
        r##"COMMENT|"# internal comment\necho hello world\necho foo bar # trailing comment\n"|expand=true|chomp=false"##,
        r#"MOUNT|"echo hello\n"|expand=true|chomp=false"#,
        r#"FILE1|"content 1\n"|expand=true|chomp=false FILE2|"content 2\n"|expand=true|chomp=false"#,
        r#"EOF|"\"foo\"\n'bar'\n"|expand=true|chomp=false"#,
        r#"X|"Y\n"|expand=true|chomp=false Y|"X\n"|expand=true|chomp=false"#,
        r#"COMPLEX|"print('hello world')\n"|expand=true|chomp=false"#,
        r#"file.txt|"hello world\n"|expand=true|chomp=false"#,
        r#"eof|"echo foo\n"|expand=false|chomp=false"#,
        r#"eo'f|"echo foo\n"|expand=true|chomp=false"#,
        r#"eo'f|"echo foo\n"|expand=false|chomp=false"#,
        r#"one two|"echo bar\n"|expand=false|chomp=false"#,
        r#"$EOF|""|expand=true|chomp=false"#,
        r#"EOF|""|expand=true|chomp=false"#,
        r#"EOF|""|expand=true|chomp=false"#,
    ];
    assert_eq!(rendered, expected);
}

#[test]
fn json_form_has_no_heredocs() {
    let Some(dir) = shared_corpus::folder("buildkit-parser", "the BuildKit parser conformance test") else { return };
    let text = read(&dir.join("go-literals/TestParseJSONHeredoc.Dockerfile"));
    let analysis = Analysis::from_text(&text);
    assert_eq!(analysis.file.instructions.len(), 4);
    assert!(analysis.file.instructions.iter().all(|i| i.heredocs.is_empty()));
}

#[test]
fn empty_continuation_lines_as_buildkit_warns() {
    let Some(dir) = shared_corpus::folder("buildkit-parser", "the BuildKit parser conformance test") else { return };
    let text = read(&dir.join("go-literals/TestParseWarnsOnEmptyContinutationLine.Dockerfile"));
    let analysis = Analysis::from_text(&text);
    let warned: Vec<&str> = analysis
        .file
        .instructions
        .iter()
        .filter(|i| !i.empty_continuation_lines.is_empty())
        .map(|i| i.line.text.as_str())
        .collect();
    assert_eq!(warned, vec!["RUN something     following     more", "RUN another     thing"]);
}

#[test]
fn files_buildkit_rejects_get_an_error() {
    let Some(dir) = shared_corpus::folder("buildkit-parser", "the BuildKit parser conformance test") else { return };
    let mut checked = 0;
    for entry in std::fs::read_dir(dir.join("testfiles-negative")).into_iter().flatten().flatten() {
        let text = read(&entry.path().join("Dockerfile"));
        assert!(has_error(&text), "no error diagnostic for {}", entry.path().display());
        checked += 1;
    }
    assert!(checked >= 4);
}

mod shared_corpus;
