//! The workspace as the server sees it, protocol-free: its folders, the files
//! it may read from disk (only inside those folders, never through a symlink
//! that leaves them, bounded in size, cached until the client says they
//! changed), and the build files found in them by a bounded walk.
//!
//! The lsp layer fills the folders in from `initialize` and
//! `workspace/didChangeWorkspaceFolders`, reports changes from
//! `workspace/didChangeWatchedFiles`, and puts open documents in front with
//! [`OpenFirst`].

mod build_files;
mod files;
mod scan;

use std::path::Path;
use std::sync::Arc;

pub use build_files::{BuildFileIndex, Parsed};
pub use files::{WorkspaceFiles, MAX_FILE_SIZE};
pub use scan::{find_files, ScanLimits, SKIPPED_DIRS};

use crate::vfs::FileSource;

/// Open documents first (the editor's text wins over the disk), then the disk.
pub struct OpenFirst<'a> {
    pub open: &'a dyn FileSource,
    pub disk: &'a dyn FileSource,
}

impl FileSource for OpenFirst<'_> {
    fn read_text(&self, path: &Path) -> Option<Arc<str>> {
        self.open.read_text(path).or_else(|| self.disk.read_text(path))
    }

    fn covers(&self, path: &Path) -> bool {
        self.open.read_text(path).is_some() || self.disk.covers(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vfs::MemoryFiles;

    #[test]
    fn an_open_document_wins_over_the_disk() {
        let open = MemoryFiles::new().with("/w/Dockerfile", "FROM open\n");
        let disk = MemoryFiles::new().with("/w/Dockerfile", "FROM disk\n").with("/w/compose.yaml", "services:\n");
        let files = OpenFirst { open: &open, disk: &disk };
        assert_eq!(files.read_text(Path::new("/w/Dockerfile")).as_deref(), Some("FROM open\n"));
        assert_eq!(files.read_text(Path::new("/w/compose.yaml")).as_deref(), Some("services:\n"));
        assert_eq!(files.read_text(Path::new("/w/other")), None);
    }
}
