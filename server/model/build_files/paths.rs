//! Path rules shared by the front ends: lexical joins (no disk access, so
//! symlinks are not followed) and remote contexts.

use std::path::{Component, Path, PathBuf};

/// `path` without `.` and with `..` applied lexically.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `relative` read from `dir` (an absolute `relative` stays as it is).
pub fn resolve(dir: &Path, relative: &str) -> PathBuf {
    normalize(&dir.join(relative))
}

/// A build context that BuildKit fetches (Git or HTTP URLs) rather than reads
/// from the local folder: its Dockerfile is not on this machine.
pub fn is_remote(context: &str) -> bool {
    context.contains("://") || context.starts_with("git@") || context.starts_with("github.com/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_lexically() {
        assert_eq!(resolve(Path::new("/w/app"), "../api/./Dockerfile"), PathBuf::from("/w/api/Dockerfile"));
        assert_eq!(resolve(Path::new("/w/app"), "/abs/Dockerfile"), PathBuf::from("/abs/Dockerfile"));
        assert_eq!(resolve(Path::new("/w"), "."), PathBuf::from("/w"));
        assert!(is_remote("https://github.com/a/b.git#main"));
        assert!(is_remote("git@github.com:a/b.git"));
        assert!(!is_remote("./api"));
    }
}
