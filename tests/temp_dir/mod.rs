//! A fresh folder under the system temp dir for one test, removed on drop.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct TempDir(pub PathBuf);

impl TempDir {
    /// A new empty folder; `label` only makes it recognisable on disk. The path
    /// is canonical, as the server and the CLI report paths.
    pub fn new(label: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("dockerfile-ls-{label}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir.canonicalize().expect("canonical temp dir"))
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.0.join(relative)
    }

    /// Writes `relative`, creating its folders.
    pub fn write(&self, relative: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create dirs");
        std::fs::write(&path, content).expect("write file");
        path
    }

    pub fn uri(&self, relative: &str) -> String {
        file_uri(&self.path(relative))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// `dockerfile-ls check ARGS` run in `cwd`, as a user runs it.
pub fn run_check(args: &[&str], cwd: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_dockerfile-ls"))
        .arg("check")
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the binary runs")
}
