//! The build files of the workspace (compose, bake, devcontainer, workflow
//! files: [`crate::model::build_files`]), found by a bounded walk of the
//! folders and parsed once per text.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::scan::{find_files, ScanLimits};
use crate::model::build_files::{BuildFile, BuildFileKind};
use crate::vfs::FileSource;

/// Without a file watcher the walk is repeated when older than this.
const UNWATCHED_RESCAN: Duration = Duration::from_secs(5);

#[derive(Default)]
pub struct BuildFileIndex {
    found: Mutex<Option<Found>>,
    parsed: Mutex<HashMap<PathBuf, Parsed>>,
}

struct Found {
    paths: Vec<PathBuf>,
    at: Instant,
}

/// One build file: the text it was parsed from, and the result.
#[derive(Clone)]
pub struct Parsed {
    pub text: Arc<str>,
    pub file: Arc<BuildFile>,
}

impl BuildFileIndex {
    pub fn new() -> BuildFileIndex {
        BuildFileIndex::default()
    }

    /// Build files were created or deleted, or the folders changed.
    pub fn forget_paths(&self) {
        if let Ok(mut found) = self.found.lock() {
            *found = None;
        }
    }

    /// The build files below `folders` (by name), walked again only when
    /// forgotten, or when older than a few seconds and nobody `watched`.
    pub fn paths(&self, folders: &[PathBuf], watched: bool) -> Vec<PathBuf> {
        let Ok(mut found) = self.found.lock() else { return Vec::new() };
        let fresh = found.as_ref().is_some_and(|f| watched || f.at.elapsed() < UNWATCHED_RESCAN);
        if !fresh {
            let is_build_file = |path: &Path| BuildFileKind::detect(path).is_some();
            let paths = find_files(folders, ScanLimits::default(), &is_build_file);
            *found = Some(Found { paths, at: Instant::now() });
        }
        found.as_ref().map(|f| f.paths.clone()).unwrap_or_default()
    }

    /// The files at `paths` of the given kinds, read from `files` and parsed
    /// (again only when their text changed); unreadable ones are left out.
    pub fn parse(&self, paths: &[(PathBuf, BuildFileKind)], files: &dyn FileSource) -> Vec<Parsed> {
        let Ok(mut parsed) = self.parsed.lock() else { return Vec::new() };
        parsed.retain(|path, _| paths.iter().any(|(p, _)| p == path));
        let mut out = Vec::with_capacity(paths.len());
        for (path, kind) in paths {
            let Some(text) = files.read_text(path) else { continue };
            let current = parsed.get(path).filter(|p| Arc::ptr_eq(&p.text, &text) && p.file.kind == *kind);
            let entry = match current {
                Some(entry) => entry.clone(),
                None => {
                    let file = Arc::new(BuildFile::parse_as(*kind, path, &text));
                    let entry = Parsed { text, file };
                    parsed.insert(path.clone(), entry.clone());
                    entry
                }
            };
            out.push(entry);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vfs::MemoryFiles;
    use crate::workspace::scan::tests::TempDir;

    #[test]
    fn finds_build_files_by_name() {
        let tmp = TempDir::new("build-files");
        for name in ["compose.yaml", "app/docker-bake.hcl", ".github/workflows/ci.yml", "config.yaml", "Dockerfile"] {
            tmp.write(name, "");
        }
        let index = BuildFileIndex::new();
        let names: Vec<String> = index
            .paths(&[tmp.path("")], true)
            .iter()
            .map(|p| p.strip_prefix(tmp.path("")).unwrap().display().to_string())
            .collect();
        assert_eq!(names, [".github/workflows/ci.yml", "app/docker-bake.hcl", "compose.yaml"]);
        tmp.write("new/compose.yaml", "");
        assert_eq!(index.paths(&[tmp.path("")], true).len(), 3, "watched: kept until forgotten");
        index.forget_paths();
        assert_eq!(index.paths(&[tmp.path("")], true).len(), 4);
    }

    #[test]
    fn parses_once_per_text() {
        let compose = "services:\n  web:\n    build: .\n";
        let files = MemoryFiles::new().with("/w/compose.yaml", compose);
        let index = BuildFileIndex::new();
        let paths = [
            (PathBuf::from("/w/compose.yaml"), BuildFileKind::Compose),
            (PathBuf::from("/w/gone.yaml"), BuildFileKind::Compose),
        ];
        let first = index.parse(&paths, &files);
        assert_eq!(first.len(), 1);
        assert_eq!(first[0].file.entries.len(), 1);
        let second = index.parse(&paths, &files);
        assert!(Arc::ptr_eq(&first[0].file, &second[0].file), "not parsed again");
    }
}
