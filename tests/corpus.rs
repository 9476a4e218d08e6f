//! Error-level diagnostics agree with BuildKit on the shared corpus
//! (`../shared/corpus`): errors exactly on the files BuildKit rejects, on the
//! line it names, and never a panic. Skips cleanly when the corpus is absent.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dockerfile_ls::config::Config;
use dockerfile_ls::features::diagnostics::{diagnostics, Diagnostic, Severity};
use dockerfile_ls::model::Analysis;
use shared_corpus::{files_in, read};

mod shared_corpus;

/// Error-level findings of one file, and the 0-based lines they start on.
fn errors_of(text: &str) -> Vec<(Diagnostic, usize)> {
    let analysis = Analysis::from_text(text);
    diagnostics(&analysis, &Config::default())
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let line = text[..usize::from(d.range.start()).min(text.len())].matches('\n').count();
            (d, line)
        })
        .collect()
}

/// What BuildKit says about a file: rejected or not, on which 1-based line,
/// and whether only `# check=error=true` made it fail.
struct Verdict {
    rejected: bool,
    line: Option<usize>,
    by_check_rule: Option<String>,
}

fn buildkit_verdicts(corpus: &Path) -> BTreeMap<String, Verdict> {
    let text = read(&corpus.join("real-buildkit.jsonl"));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let row: serde_json::Value = serde_json::from_str(l).expect("valid JSON line");
            let file = row["file"].as_str().unwrap_or_default().to_string();
            let error = &row["error"];
            let class = error["class"].as_str().unwrap_or_default();
            let by_check_rule = class.contains("check=error=true").then(|| {
                let message = error["message"].as_str().unwrap_or_default();
                message.rsplit(": ").next().unwrap_or_default().to_string()
            });
            let verdict =
                Verdict { rejected: !error.is_null(), line: error["line"].as_u64().map(|l| l as usize), by_check_rule };
            (file, verdict)
        })
        .collect()
}

/// Whether some rule reports `code` (a build-check rule may not exist yet).
fn rule_exists(code: &str, probe: &str) -> bool {
    let analysis = Analysis::from_text(probe);
    diagnostics(&analysis, &Config::default()).iter().any(|d| d.code == code)
}

#[test]
fn real_files_get_errors_exactly_where_buildkit_fails() {
    let Some(corpus) = shared_corpus::folder("", "the corpus test") else { return };
    let verdicts = buildkit_verdicts(&corpus);
    let files = files_in(&corpus.join("real"));
    let mut problems = Vec::new();
    let (mut with_errors, mut expected, mut matched) = (0, 0, 0);
    for path in &files {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let text = read(path);
        let found = match std::panic::catch_unwind(|| errors_of(&text)) {
            Ok(found) => found,
            Err(_) => {
                problems.push(format!("{name}: panicked"));
                continue;
            }
        };
        with_errors += usize::from(!found.is_empty());
        let Some(verdict) = verdicts.get(&name) else {
            problems.push(format!("{name}: no BuildKit verdict"));
            continue;
        };
        if !verdict.rejected {
            for (d, line) in &found {
                problems.push(format!("{name}:{}: unexpected {} {}", line + 1, d.code, d.message));
            }
            continue;
        }
        expected += 1;
        if let Some(rule) = &verdict.by_check_rule {
            if found.is_empty() && !rule_exists(rule, "FROM a\nENV a b\n") {
                eprintln!("note: {name} fails by `# check=error=true` on {rule}, which has no rule yet");
                continue;
            }
        }
        let on_line =
            |(_, line): &(Diagnostic, usize)| verdict.line.is_none_or(|l| instruction_covers(&text, l, *line));
        if found.iter().any(on_line) {
            matched += 1;
        } else {
            let got: Vec<_> = found.iter().map(|(d, l)| format!("{}@{}", d.code, l + 1)).collect();
            problems.push(format!("{name}: BuildKit fails on line {:?}, we report {got:?}", verdict.line));
        }
    }
    println!(
        "corpus: {} files, {with_errors} with error-level findings, {matched} of {expected} BuildKit rejections matched",
        files.len()
    );
    assert!(problems.is_empty(), "disagreements with BuildKit:\n{}", problems.join("\n"));
}

/// Whether 0-based `line` belongs to the instruction that starts on 1-based `start`.
fn instruction_covers(text: &str, start: usize, line: usize) -> bool {
    let analysis = Analysis::from_text(text);
    analysis
        .file
        .instructions
        .iter()
        .find(|i| i.start_line as usize + 1 == start)
        .is_some_and(|i| (i.start_line as usize..=i.end_line as usize).contains(&line))
}

/// Errors of BuildKit's line parser (`parser.Parse`). The parser test files
/// only promise that this stage accepts them: many have no FROM or use flags
/// that the instruction parser rejects, which we rightly report.
const PARSER_LEVEL: [&str; 6] = [
    "dls/DuplicateDirective",
    "dls/InvalidEscape",
    "dls/UnterminatedHeredoc",
    "dls/JsonNonString",
    "dls/InvalidKeyValue",
    "dls/EmptyFile",
];

fn parser_errors_of(text: &str) -> Vec<(Diagnostic, usize)> {
    errors_of(text).into_iter().filter(|(d, _)| PARSER_LEVEL.contains(&d.code)).collect()
}

#[test]
fn buildkit_parser_files_agree() {
    let Some(corpus) = shared_corpus::folder("", "the corpus test") else { return };
    let parser = corpus.join("buildkit-parser");
    let mut problems = Vec::new();
    let mut positive = 0;
    for dir in files_or_dirs(&parser.join("testfiles")) {
        positive += 1;
        let text = read(&dir.join("Dockerfile"));
        for (d, line) in parser_errors_of(&text) {
            problems.push(format!("{}:{}: unexpected {} {}", dir.display(), line + 1, d.code, d.message));
        }
    }
    let mut negative = 0;
    for dir in files_or_dirs(&parser.join("testfiles-negative")) {
        negative += 1;
        if parser_errors_of(&read(&dir.join("Dockerfile"))).is_empty() {
            problems.push(format!("{}: BuildKit rejects it, we report no error", dir.display()));
        }
    }
    println!("buildkit-parser: {positive} valid files, {negative} rejected files");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn files_or_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).filter(|p| p.join("Dockerfile").is_file()).collect())
        .unwrap_or_default();
    dirs.sort();
    dirs
}
