//! Protocol-free access to files other than the document being analysed:
//! the Dockerfile a compose or bake file builds, the `.dockerignore` beside a
//! Dockerfile, … The model and the features read through [`FileSource`] and
//! never touch the disk themselves; the lsp layer decides what may be read
//! (open documents first, then only files inside the workspace folders).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the text of other files comes from.
pub trait FileSource {
    /// The text of the file at the absolute, normalised `path`; `None` when it
    /// is absent, unreadable, or not something this source may read.
    fn read_text(&self, path: &Path) -> Option<Arc<str>>;

    /// Whether this source answers for `path` at all. When false, `None`
    /// from [`read_text`](FileSource::read_text) says nothing about whether
    /// the file exists (it is outside the workspace folders, or outside what
    /// the user passed to the CLI), so features must not report it missing.
    fn covers(&self, path: &Path) -> bool {
        let _ = path;
        true
    }
}

/// Files held in memory: for tests and for fixtures of small workspaces.
#[derive(Debug, Default, Clone)]
pub struct MemoryFiles {
    files: HashMap<PathBuf, Arc<str>>,
}

impl MemoryFiles {
    pub fn new() -> MemoryFiles {
        MemoryFiles::default()
    }

    pub fn with(mut self, path: impl Into<PathBuf>, text: &str) -> MemoryFiles {
        self.insert(path, text);
        self
    }

    pub fn insert(&mut self, path: impl Into<PathBuf>, text: &str) {
        self.files.insert(path.into(), Arc::from(text));
    }
}

impl FileSource for MemoryFiles {
    fn read_text(&self, path: &Path) -> Option<Arc<str>> {
        self.files.get(path).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_files_answer_only_what_they_hold() {
        let files = MemoryFiles::new().with("/w/Dockerfile", "FROM alpine\n");
        assert_eq!(files.read_text(Path::new("/w/Dockerfile")).as_deref(), Some("FROM alpine\n"));
        assert_eq!(files.read_text(Path::new("/w/compose.yaml")), None);
    }
}
