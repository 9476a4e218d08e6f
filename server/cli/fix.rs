//! `dockerfile-ls check --fix`: applies the preferred fixes of one file,
//! rewrites it in place, and prints each change (to stderr with
//! `--format json`, so that stdout stays parseable).

use std::path::Path;

use crate::config::Config;
use crate::features::fix_all::fix_all;
use crate::features::FileContext;

/// The fixed text (written back to `path` when it changed).
pub fn fix_file(path: &Path, text: String, config: &Config, context: &FileContext, to_stdout: bool) -> String {
    let result = fix_all(&text, config, context);
    if result.applied.is_empty() || result.text == text {
        return text;
    }
    if let Err(e) = std::fs::write(path, &result.text) {
        eprintln!("dockerfile-ls: cannot write {}: {e}", path.display());
        return text;
    }
    let mut lines: Vec<String> = result
        .applied
        .iter()
        .map(|a| format!("{}:{}: fixed [{}]: {}", path.display(), a.line, a.code, a.title))
        .collect();
    lines.push(format!("{}: {} fixes applied", path.display(), result.applied.len()));
    for line in lines {
        if to_stdout {
            super::print_stdout(&format!("{line}\n"));
        } else {
            eprintln!("{line}");
        }
    }
    result.text
}
