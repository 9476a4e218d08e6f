//! The shared corpus beside the repository (`../shared/corpus`): real-world
//! Dockerfiles and BuildKit's own test files. A user's clone does not have
//! it, so tests that read it print a note and pass when it is absent.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// `../shared/corpus/<sub>` (found from a worktree too, by looking in the
/// parent folders), or `None` after saying that `what` is skipped.
pub fn folder(sub: &str, what: &str) -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = root.ancestors().skip(1).map(|dir| dir.join("shared/corpus").join(sub)).find(|dir| dir.is_dir());
    if found.is_none() {
        eprintln!("note: ../shared/corpus/{sub} is absent; skipping {what}");
    }
    found
}

/// The Dockerfiles of one corpus folder, sorted (its manifests left out).
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).filter(|p| is_dockerfile(p)).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// A corpus file's text; invalid UTF-8 replaced, as an editor would show it.
pub fn read(path: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(path).expect("corpus file is readable")).into_owned()
}

fn is_dockerfile(path: &Path) -> bool {
    let manifest = path.extension().is_some_and(|e| matches!(e.to_str(), Some("tsv" | "jsonl" | "md" | "txt")));
    path.is_file() && !manifest && path.file_name().is_some_and(|n| n != "README")
}

/// Every Dockerfile anywhere in the corpus (real files, BuildKit's parser
/// and check test files), sorted; `None` after a note when it is absent.
pub fn all_dockerfiles(what: &str) -> Option<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut dirs = vec![folder("", what)?];
    while let Some(dir) = dirs.pop() {
        for path in std::fs::read_dir(&dir).into_iter().flatten().flatten().map(|e| e.path()) {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if path.is_dir() {
                dirs.push(path);
            } else if name.contains("Dockerfile") && !name.ends_with(".txt") {
                files.push(path);
            }
        }
    }
    files.sort();
    Some(files)
}
