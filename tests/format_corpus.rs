//! Formats every Dockerfile of `../shared/corpus` (real-world files of `real/`,
//! BuildKit's parser test inputs, grammar gaps; skipped when absent) and checks that BuildKit would see the same instructions afterwards
//! and that formatting twice changes nothing.

use std::path::{Path, PathBuf};

use dockerfile_ls::config::FormatConfig;
use dockerfile_ls::features::formatting::format_text;
use dockerfile_ls::model::Analysis;
use dockerfile_ls::syntax::words::split_shell_like;
use dockerfile_ls::syntax::{split, Instruction, LogicalFile};

/// What BuildKit sees of one instruction. Arguments are compared as shell
/// words (quotes and the blanks inside them kept), so that only the length of
/// blank runs between words may differ.
#[derive(Debug, PartialEq, Eq)]
struct Seen {
    line: u32,
    keyword: String,
    flags: Vec<String>,
    args: Vec<String>,
    heredocs: Vec<(String, String)>,
    trigger: Option<Box<Seen>>,
}

fn seen(text: &str, file: &LogicalFile, instruction: &Instruction) -> Seen {
    let args = &instruction.args.text;
    Seen {
        line: instruction.start_line,
        keyword: instruction.name(),
        flags: instruction.flags.iter().map(|f| f.text.clone()).collect(),
        // ONBUILD's arguments are its trigger, compared below (its keyword case may change).
        args: match instruction.trigger {
            Some(_) => Vec::new(),
            None => split_shell_like(args, file.escape).into_iter().map(|(s, e)| args[s..e].to_string()).collect(),
        },
        heredocs: instruction.heredocs.iter().map(|h| (h.name.clone(), text[h.body_range].to_string())).collect(),
        trigger: instruction.trigger.as_deref().map(|t| Box::new(seen(text, file, t))),
    }
}

fn all_seen(text: &str) -> (Vec<Seen>, Vec<(String, String)>) {
    let file = split(text);
    let directives = file.directives.iter().map(|d| (d.name.clone(), d.value.clone())).collect();
    (file.instructions.iter().map(|i| seen(text, &file, i)).collect(), directives)
}

/// Shell-form arguments must also be identical up to blank runs between words
/// (checked above); exec forms and verbatim values must be byte-identical.
fn exact_args(text: &str) -> Vec<String> {
    split(text)
        .instructions
        .iter()
        .filter(|i| i.args.text.trim_start().starts_with('[') || matches!(i.name().as_str(), "user" | "workdir"))
        .map(|i| i.args.text.clone())
        .collect()
}

/// Every Dockerfile of `../shared/corpus` (`real/` first), or `None` when absent.
fn corpus_files() -> Option<Vec<PathBuf>> {
    let mut files = shared_corpus::all_dockerfiles("the formatting corpus test")?;
    files.sort_by_key(|p| (!is_real(p), p.clone()));
    Some(files)
}

fn is_real(path: &Path) -> bool {
    path.parent().and_then(|p| p.file_name()).is_some_and(|n| n == "real")
}

#[test]
fn formatting_the_corpus_keeps_every_instruction() {
    let Some(paths) = corpus_files() else { return };
    let config = FormatConfig::default();
    let (mut real, mut changed, mut lines_changed) = (0, 0, 0);
    let mut failures = Vec::new();
    for path in &paths {
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        let once = format_text(&Analysis::from_text(&text), &config);
        let twice = format_text(&Analysis::from_text(&once), &config);
        let name = path.display().to_string();
        if all_seen(&text) != all_seen(&once) || exact_args(&text) != exact_args(&once) {
            failures.push(format!("{name}: instructions changed"));
        }
        if once != twice {
            failures.push(format!("{name}: not idempotent"));
        }
        if is_real(path) {
            real += 1;
            if once != text {
                changed += 1;
                lines_changed += text.lines().zip(once.lines()).filter(|(a, b)| a != b).count();
            }
        }
    }
    eprintln!(
        "formatted {} files ({real} of corpus/real: {changed} changed, {lines_changed} lines), {} failures",
        paths.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{failures:#?}");
}

mod generated {
    use proptest::prelude::*;

    use super::*;

    const PIECES: &[&str] = &[
        "FROM a AS b",
        "from",
        "RUN",
        "run",
        "COPY",
        "ENV",
        "ARG",
        "LABEL",
        "CMD",
        "ONBUILD",
        "USER",
        "  ",
        "\t",
        " ",
        "\\",
        "\\\\",
        "`",
        "'",
        "\"",
        "${X:-a b}",
        "$Y",
        "$'x'",
        "$(ls)",
        "#",
        "# c",
        "[\"a\", \"b c\"]",
        "<<EOF",
        "<<-'E'",
        "EOF",
        "\tE",
        "--mount=type=cache,target=/x",
        "--from=b",
        "x=1",
        "k v",
        "&&",
        "é",
        "\r",
    ];

    fn dockerfile() -> impl Strategy<Value = String> {
        let line = prop::collection::vec(prop::sample::select(PIECES), 0..6).prop_map(|p| p.join(""));
        prop::collection::vec(line, 0..12).prop_map(|lines| lines.join("\n"))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]
        #[test]
        fn formatting_keeps_instructions_and_is_idempotent(text in dockerfile()) {
            let config = FormatConfig::default();
            let once = format_text(&Analysis::from_text(&text), &config);
            prop_assert_eq!(all_seen(&text), all_seen(&once), "formatted:\n{}", once);
            prop_assert_eq!(exact_args(&text), exact_args(&once));
            let twice = format_text(&Analysis::from_text(&once), &config);
            prop_assert_eq!(once, twice);
        }
    }
}

mod shared_corpus;
