//! Applies EVERY fix that `diagnostics()` offers (all rules, not only the
//! best practices), one at a time, on every fixture: our own
//! `tests/fixtures/practices`, and the shared corpora when present
//! (`../shared/corpus/real`, `../shared/corpus/lint-cases`). After each fix
//! the file must have no new error-level diagnostic, and the fixed
//! diagnostic must be gone (one fewer of its code). A fix that creates a
//! file (`.dockerignore`) is checked with that file in place.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use dockerfile_ls::config::Config;
use dockerfile_ls::features::context::{FileContext, IgnoreFile};
use dockerfile_ls::features::diagnostics::{diagnostics_in_context, Diagnostic, Severity};
use dockerfile_ls::features::text_edit::apply_edits;
use dockerfile_ls::features::Fix;
use dockerfile_ls::model::Analysis;

fn dockerfiles(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> =
        entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "Dockerfile")).collect();
    files.sort();
    files
}

fn counts(found: &[Diagnostic], errors_only: bool) -> HashMap<&'static str, usize> {
    let mut out = HashMap::new();
    for d in found.iter().filter(|d| !errors_only || d.severity == Severity::Error) {
        *out.entry(d.code).or_insert(0) += 1;
    }
    out
}

#[derive(Default)]
struct Tally {
    files: usize,
    fixes: usize,
    by_code: HashMap<&'static str, usize>,
    failures: Vec<String>,
}

impl Tally {
    fn check_file(&mut self, name: &str, text: &str) {
        self.files += 1;
        let config = Config::default();
        let context = FileContext { file_name: Some("Dockerfile".into()), ..FileContext::UNKNOWN };
        let before = diagnostics_in_context(&Analysis::from_text(text), &config, &context);
        let errors_before = counts(&before, true);
        let all_before = counts(&before, false);
        for d in &before {
            for fix in &d.fixes {
                self.fixes += 1;
                *self.by_code.entry(d.code).or_insert(0) += 1;
                let (after_text, after_context) = apply(text, &context, fix);
                let after = diagnostics_in_context(&Analysis::from_text(&after_text), &config, &after_context);
                let new_errors: Vec<_> = counts(&after, true)
                    .into_iter()
                    .filter(|(code, n)| *n > errors_before.get(code).copied().unwrap_or(0))
                    .collect();
                let left = counts(&after, false).get(d.code).copied().unwrap_or(0);
                if !new_errors.is_empty() {
                    self.failures.push(format!("{name}: `{}` ({}) adds errors {new_errors:?}", fix.title, d.code));
                } else if left >= all_before[d.code] {
                    self.failures.push(format!("{name}: `{}` does not remove {} at {:?}", fix.title, d.code, d.range));
                }
            }
        }
    }
}

fn apply(text: &str, context: &FileContext, fix: &Fix) -> (String, FileContext) {
    let mut context = context.clone();
    for file in fix.create_files.iter().filter(|f| f.relative_path.ends_with(".dockerignore")) {
        context.dockerignore = Some(IgnoreFile { name: file.relative_path.clone(), text: file.text.clone() });
    }
    (apply_edits(text, &fix.edits), context)
}

#[test]
fn every_fix_keeps_the_file_valid_and_removes_its_diagnostic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut tally = Tally::default();
    let mut sources = vec![root.join("tests/fixtures/practices")];
    for shared in ["real", "lint-cases"] {
        sources.extend(shared_corpus::folder(shared, "it; checking the repository's fixtures only"));
    }
    for dir in &sources {
        for path in dockerfiles(dir) {
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            tally.check_file(&name, &text);
        }
    }
    let mut by_code: Vec<_> = tally.by_code.iter().collect();
    by_code.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    println!("{} files, {} fixes applied one at a time, {} failures", tally.files, tally.fixes, tally.failures.len());
    for (code, n) in by_code {
        println!("  {n:5} {code}");
    }
    assert!(tally.failures.is_empty(), "fixes that break a file or miss:\n{}", tally.failures.join("\n"));
}

mod shared_corpus;
