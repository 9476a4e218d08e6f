//! A bounded walk of the workspace folders for files picked by path (the
//! build files that name Dockerfile stages as targets).

use std::path::{Path, PathBuf};

/// Folders never entered: version control, dependencies, build output.
pub const SKIPPED_DIRS: [&str; 3] = [".git", "node_modules", "target"];

/// How much one walk may do; a walk that reaches a limit returns what it
/// found so far.
#[derive(Clone, Copy, Debug)]
pub struct ScanLimits {
    /// Folder entries looked at, over all folders.
    pub entries: usize,
    /// Folder depth below a workspace folder.
    pub depth: usize,
    /// Files returned.
    pub found: usize,
}

impl Default for ScanLimits {
    fn default() -> ScanLimits {
        ScanLimits { entries: 100_000, depth: 12, found: 2_000 }
    }
}

/// The files below `folders` that `wanted` picks, sorted. Symlinks are not
/// followed (a link could lead out of the workspace, or round in a circle).
pub fn find_files(folders: &[PathBuf], limits: ScanLimits, wanted: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut budget = limits.entries;
    let mut stack: Vec<(PathBuf, usize)> = folders.iter().map(|f| (f.clone(), 0)).collect();
    while let Some((dir, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            if budget == 0 || found.len() >= limits.found {
                found.sort();
                return found;
            }
            budget -= 1;
            let Ok(kind) = entry.file_type() else { continue };
            let path = entry.path();
            if kind.is_dir() {
                let skipped = SKIPPED_DIRS.iter().any(|s| entry.file_name() == *s);
                if !skipped && depth < limits.depth {
                    stack.push((path, depth + 1));
                }
            } else if kind.is_file() && wanted(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A fresh folder under the system's temp folder, removed on drop.
    pub struct TempDir(PathBuf);

    impl TempDir {
        pub fn new(name: &str) -> TempDir {
            let dir = std::env::temp_dir().join(format!("dls-workspace-{}-{name}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).expect("temp dir");
            TempDir(dir)
        }

        pub fn path(&self, relative: &str) -> PathBuf {
            self.0.join(relative)
        }

        pub fn write(&self, relative: &str, text: &str) {
            let path = self.path(relative);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("create dirs");
            std::fs::write(path, text).expect("write");
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn names(tmp: &TempDir, found: &[PathBuf]) -> Vec<String> {
        found.iter().map(|p| p.strip_prefix(tmp.path("")).unwrap().display().to_string()).collect()
    }

    fn is_compose(path: &Path) -> bool {
        path.file_name().is_some_and(|n| n == "compose.yaml")
    }

    #[test]
    fn finds_files_skipping_dependency_and_build_folders() {
        let tmp = TempDir::new("scan");
        for file in ["compose.yaml", "app/compose.yaml", "app/other.yaml", ".git/compose.yaml"] {
            tmp.write(file, "");
        }
        tmp.write("node_modules/x/compose.yaml", "");
        tmp.write("target/compose.yaml", "");
        let found = find_files(&[tmp.path("")], ScanLimits::default(), &is_compose);
        assert_eq!(names(&tmp, &found), ["app/compose.yaml", "compose.yaml"]);
    }

    #[test]
    fn stops_at_its_limits() {
        let tmp = TempDir::new("scan-limits");
        tmp.write("compose.yaml", "");
        tmp.write("a/b/c/compose.yaml", "");
        let shallow = ScanLimits { depth: 2, ..ScanLimits::default() };
        assert_eq!(names(&tmp, &find_files(&[tmp.path("")], shallow, &is_compose)), ["compose.yaml"]);
        let one = ScanLimits { found: 1, ..ScanLimits::default() };
        assert_eq!(find_files(&[tmp.path("")], one, &is_compose).len(), 1);
        let none = ScanLimits { entries: 0, ..ScanLimits::default() };
        assert!(find_files(&[tmp.path("")], none, &is_compose).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn does_not_follow_symlinks() {
        let tmp = TempDir::new("scan-links");
        tmp.write("outside/compose.yaml", "");
        tmp.write("ws/compose.yaml", "");
        std::os::unix::fs::symlink(tmp.path("outside"), tmp.path("ws/out")).unwrap();
        std::os::unix::fs::symlink(tmp.path("ws"), tmp.path("ws/loop")).unwrap();
        let found = find_files(&[tmp.path("ws")], ScanLimits::default(), &is_compose);
        assert_eq!(names(&tmp, &found), ["ws/compose.yaml"]);
    }
}
