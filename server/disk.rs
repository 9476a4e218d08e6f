//! Reads what the features need from beside a Dockerfile on disk (the
//! features themselves do no IO). Shared by the lsp and cli layers.

use std::path::Path;
use std::sync::Arc;

use crate::features::context::{FileContext, IgnoreFile};
use crate::vfs::FileSource;

/// Any file the process can read: for the CLI, which reads what the user
/// named. The server reads through `workspace::WorkspaceFiles` instead.
pub struct Disk;

impl FileSource for Disk {
    fn read_text(&self, path: &Path) -> Option<Arc<str>> {
        let bytes = std::fs::read(path).ok()?;
        Some(Arc::from(String::from_utf8_lossy(&bytes)))
    }
}

/// The context of the Dockerfile at `path`, read from the disk; unreadable
/// files count as absent.
pub fn file_context(path: &Path) -> FileContext {
    file_context_in(path, &Disk)
}

/// The context of the Dockerfile at the absolute `path`, read from `files`.
pub fn file_context_in(path: &Path, files: &dyn FileSource) -> FileContext {
    let Some(file_name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return FileContext::UNKNOWN;
    };
    let folder = path.parent().unwrap_or(Path::new("."));
    let candidates = [format!("{file_name}.dockerignore"), ".dockerignore".to_string()];
    let dockerignore = candidates.into_iter().find_map(|name| {
        let text = files.read_text(&folder.join(&name))?;
        Some(IgnoreFile { name, text: text.to_string() })
    });
    FileContext { file_name: Some(file_name), dockerignore, targeted_stages: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefers_the_per_dockerfile_ignore_file() {
        let dir = std::env::temp_dir().join(format!("dls-disk-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let dockerfile = dir.join("api.Dockerfile");
        assert_eq!(file_context(&dockerfile).dockerignore, None);
        std::fs::write(dir.join(".dockerignore"), "a\n").unwrap();
        assert_eq!(file_context(&dockerfile).dockerignore.unwrap().name, ".dockerignore");
        std::fs::write(dir.join("api.Dockerfile.dockerignore"), "b\n").unwrap();
        let ignore = file_context(&dockerfile).dockerignore.unwrap();
        assert_eq!((ignore.name.as_str(), ignore.text.as_str()), ("api.Dockerfile.dockerignore", "b\n"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
