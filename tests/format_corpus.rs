//! Formats every real-world Dockerfile of `../shared/corpus/real` (skipped when
//! absent) and checks that BuildKit would see the same instructions afterwards
//! and that formatting twice changes nothing.

use std::path::Path;

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
        args: split_shell_like(args, file.escape).into_iter().map(|(s, e)| args[s..e].to_string()).collect(),
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

#[test]
fn formatting_the_real_corpus_keeps_every_instruction() {
    // `../shared` from a clone; `../../shared` from a worktree under `wt/`.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(entries) = ["../shared/corpus/real", "../../shared/corpus/real"]
        .iter()
        .find_map(|dir| std::fs::read_dir(root.join(dir)).ok())
    else {
        eprintln!("note: ../shared/corpus/real is absent; skipping the formatting corpus test");
        return;
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.retain(|p| p.file_name().is_some_and(|n| n != "MANIFEST.tsv"));
    paths.sort();
    let config = FormatConfig::default();
    let (mut files, mut changed, mut lines_changed) = (0, 0, 0);
    let mut failures = Vec::new();
    for path in &paths {
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        files += 1;
        let once = format_text(&Analysis::from_text(&text), &config);
        let twice = format_text(&Analysis::from_text(&once), &config);
        let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        if all_seen(&text) != all_seen(&once) || exact_args(&text) != exact_args(&once) {
            failures.push(format!("{name}: instructions changed"));
        }
        if once != twice {
            failures.push(format!("{name}: not idempotent"));
        }
        if once != text {
            changed += 1;
            lines_changed += text.lines().zip(once.lines()).filter(|(a, b)| a != b).count();
        }
    }
    eprintln!("formatted {files} files: {changed} changed ({lines_changed} lines), {} failures", failures.len());
    assert!(failures.is_empty(), "{failures:#?}");
}
