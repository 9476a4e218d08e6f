//! Reading files of the workspace from disk, confined to its folders.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

use crate::vfs::FileSource;

/// A larger file is not read (a Dockerfile, compose or bake file is a few kB).
pub const MAX_FILE_SIZE: u64 = 2 << 20;
/// The cache is emptied when it would hold more entries or bytes than this.
const MAX_CACHED_ENTRIES: usize = 4096;
const MAX_CACHED_BYTES: usize = 64 << 20;

/// The workspace folders and the files read from them.
#[derive(Default)]
pub struct WorkspaceFiles {
    folders: RwLock<Vec<Folder>>,
    cache: Mutex<Cache>,
    /// Whether the client reports every change (`didChangeWatchedFiles`):
    /// then the cache is trusted; otherwise each hit is checked with a `stat`.
    watched: AtomicBool,
}

#[derive(Clone, Debug)]
struct Folder {
    /// As the client named it.
    given: PathBuf,
    /// With every symlink resolved: what reads are checked against.
    canonical: PathBuf,
}

#[derive(Default)]
struct Cache {
    entries: HashMap<PathBuf, Cached>,
    bytes: usize,
}

#[derive(Clone)]
struct Cached {
    /// The real file read, `None` when the path led nowhere readable.
    canonical: Option<PathBuf>,
    text: Option<Arc<str>>,
    stamp: Option<Stamp>,
}

/// What a `stat` says about a file, to notice changes without a watcher.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl WorkspaceFiles {
    pub fn new() -> WorkspaceFiles {
        WorkspaceFiles::default()
    }

    /// Replaces the folders; folders that do not exist are left out.
    pub fn set_folders(&self, folders: impl IntoIterator<Item = PathBuf>) {
        let resolved: Vec<Folder> = folders.into_iter().filter_map(Folder::resolve).collect();
        if let Ok(mut current) = self.folders.write() {
            *current = Vec::new();
            for folder in resolved {
                add_folder(&mut current, folder);
            }
        }
        self.forget_all();
    }

    /// Applies a `didChangeWorkspaceFolders` event.
    pub fn change_folders(&self, added: &[PathBuf], removed: &[PathBuf]) {
        if let Ok(mut current) = self.folders.write() {
            current.retain(|f| !removed.iter().any(|r| *r == f.given || *r == f.canonical));
            for folder in added.iter().cloned().filter_map(Folder::resolve) {
                add_folder(&mut current, folder);
            }
        }
        self.forget_all();
    }

    /// The folders, with symlinks resolved.
    pub fn folders(&self) -> Vec<PathBuf> {
        self.folders.read().map(|f| f.iter().map(|f| f.canonical.clone()).collect()).unwrap_or_default()
    }

    /// Called once the client watches files for us: cached texts stay valid
    /// until [`changed`](Self::changed) says otherwise.
    pub fn set_watched(&self, watched: bool) {
        self.watched.store(watched, Ordering::SeqCst);
    }

    pub fn is_watched(&self) -> bool {
        self.watched.load(Ordering::SeqCst)
    }

    /// A file or folder was created, changed or deleted.
    pub fn changed(&self, path: &Path) {
        let Ok(mut cache) = self.cache.lock() else { return };
        let stale: Vec<PathBuf> = cache
            .entries
            .iter()
            .filter(|(key, cached)| {
                key.starts_with(path) || cached.canonical.as_deref().is_some_and(|c| c.starts_with(path))
            })
            .map(|(key, _)| key.clone())
            .collect();
        for key in stale {
            cache.remove(&key);
        }
    }

    pub fn forget_all(&self) {
        if let Ok(mut cache) = self.cache.lock() {
            *cache = Cache::default();
        }
    }

    /// The real path of `path` when it exists and lies inside a workspace
    /// folder once every symlink is resolved.
    pub fn confine(&self, path: &Path) -> Option<PathBuf> {
        if !path.is_absolute() || path.components().any(|c| c == Component::ParentDir) {
            return None;
        }
        let canonical = path.canonicalize().ok()?;
        self.is_inside(&canonical).then_some(canonical)
    }

    fn is_inside(&self, canonical: &Path) -> bool {
        self.folders.read().is_ok_and(|folders| folders.iter().any(|f| canonical.starts_with(&f.canonical)))
    }

    fn read_uncached(&self, path: &Path) -> Cached {
        let nothing = Cached { canonical: None, text: None, stamp: None };
        let Some(canonical) = self.confine(path) else { return nothing };
        let inside = |opened: &Path| self.is_inside(opened);
        let Some((text, stamp)) = read_bounded(&canonical, &inside) else {
            return Cached { canonical: Some(canonical), ..nothing };
        };
        Cached { canonical: Some(canonical), text: Some(text), stamp: Some(stamp) }
    }

    fn cached(&self, path: &Path) -> Option<Cached> {
        let cached = self.cache.lock().ok()?.entries.get(path).cloned()?;
        if self.is_watched() {
            return Some(cached);
        }
        // Without a watcher only a file that is still the same is trusted.
        let (canonical, stamp) = (cached.canonical.as_deref()?, cached.stamp?);
        (stamp_of(canonical) == Some(stamp)).then_some(cached)
    }
}

impl FileSource for WorkspaceFiles {
    fn read_text(&self, path: &Path) -> Option<Arc<str>> {
        if let Some(cached) = self.cached(path) {
            return cached.text;
        }
        let read = self.read_uncached(path);
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(path.to_path_buf(), read.clone());
        }
        read.text
    }

    /// Whether `path` lies inside a workspace folder (the file itself need
    /// not exist): only then is a failed read proof that it is missing.
    fn covers(&self, path: &Path) -> bool {
        if !path.is_absolute() || path.components().any(|c| c == Component::ParentDir) {
            return false;
        }
        let Some(existing) = path.ancestors().find_map(|a| a.canonicalize().ok()) else { return false };
        self.is_inside(&existing)
    }
}

impl Folder {
    fn resolve(given: PathBuf) -> Option<Folder> {
        let canonical = given.canonicalize().ok().filter(|c| c.is_dir())?;
        Some(Folder { given, canonical })
    }
}

fn add_folder(folders: &mut Vec<Folder>, folder: Folder) {
    if !folders.iter().any(|f| f.canonical == folder.canonical) {
        folders.push(folder);
    }
}

impl Cache {
    fn insert(&mut self, path: PathBuf, cached: Cached) {
        let size = cached.text.as_ref().map_or(0, |t| t.len());
        if self.entries.len() >= MAX_CACHED_ENTRIES || self.bytes + size > MAX_CACHED_BYTES {
            *self = Cache::default();
        }
        self.bytes += size;
        if let Some(old) = self.entries.insert(path, cached) {
            self.bytes -= old.text.as_ref().map_or(0, |t| t.len());
        }
    }

    fn remove(&mut self, path: &Path) {
        if let Some(old) = self.entries.remove(path) {
            self.bytes -= old.text.as_ref().map_or(0, |t| t.len());
        }
    }
}

fn stamp_of(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some(Stamp { len: meta.len(), modified: meta.modified().ok() })
}

/// A regular file of at most [`MAX_FILE_SIZE`] bytes, as text (invalid UTF-8
/// replaced). `inside` checks the file actually opened: a folder swapped for
/// a symlink after the path was resolved is not followed out.
fn read_bounded(path: &Path, inside: &dyn Fn(&Path) -> bool) -> Option<(Arc<str>, Stamp)> {
    let file = std::fs::File::open(path).ok()?;
    if !opened_inside(&file, inside) {
        return None;
    }
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > MAX_FILE_SIZE {
        return None;
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes).ok()?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return None;
    }
    let stamp = Stamp { len: meta.len(), modified: meta.modified().ok() };
    Some((Arc::from(String::from_utf8_lossy(&bytes)), stamp))
}

/// Where the open file really is, as the kernel says (Linux); elsewhere the
/// resolved path checked before opening has to do.
#[cfg(target_os = "linux")]
fn opened_inside(file: &std::fs::File, inside: &dyn Fn(&Path) -> bool) -> bool {
    use std::os::fd::AsRawFd;
    match std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())) {
        Ok(real) => inside(&real),
        Err(_) => true,
    }
}

#[cfg(not(target_os = "linux"))]
fn opened_inside(_: &std::fs::File, _: &dyn Fn(&Path) -> bool) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::scan::tests::TempDir;

    fn read(files: &WorkspaceFiles, path: &Path) -> Option<String> {
        files.read_text(path).map(|t| t.to_string())
    }

    #[test]
    fn reads_inside_the_folders_only() {
        let tmp = TempDir::new("inside");
        tmp.write("ws/Dockerfile", "FROM alpine\n");
        tmp.write("outside/Dockerfile", "FROM secret\n");
        let files = WorkspaceFiles::new();
        files.set_folders([tmp.path("ws")]);
        assert_eq!(read(&files, &tmp.path("ws/Dockerfile")).as_deref(), Some("FROM alpine\n"));
        assert_eq!(read(&files, &tmp.path("outside/Dockerfile")), None);
        assert_eq!(read(&files, &tmp.path("ws/../outside/Dockerfile")), None);
        assert_eq!(read(&files, Path::new("ws/Dockerfile")), None, "relative paths are refused");
    }

    #[test]
    fn covers_paths_inside_the_folders_whether_or_not_they_exist() {
        let tmp = TempDir::new("covers");
        tmp.write("ws/Dockerfile", "FROM alpine\n");
        tmp.write("outside/x", "");
        let files = WorkspaceFiles::new();
        files.set_folders([tmp.path("ws")]);
        assert!(files.covers(&tmp.path("ws/Dockerfile")));
        assert!(files.covers(&tmp.path("ws/missing/Dockerfile")));
        assert!(!files.covers(&tmp.path("outside/x")));
        assert!(!files.covers(&tmp.path("outside/missing")));
        assert!(!files.covers(&tmp.path("ws/../outside/x")));
    }

    #[test]
    fn nothing_is_read_without_folders() {
        let tmp = TempDir::new("no-folders");
        tmp.write("Dockerfile", "FROM alpine\n");
        let files = WorkspaceFiles::new();
        assert_eq!(read(&files, &tmp.path("Dockerfile")), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_that_leaves_the_folder_is_not_followed() {
        let tmp = TempDir::new("symlink");
        tmp.write("ws/Dockerfile", "FROM alpine\n");
        tmp.write("outside/secret", "token\n");
        std::os::unix::fs::symlink(tmp.path("outside/secret"), tmp.path("ws/link")).unwrap();
        std::os::unix::fs::symlink(tmp.path("outside"), tmp.path("ws/dir")).unwrap();
        std::os::unix::fs::symlink(tmp.path("ws/Dockerfile"), tmp.path("ws/inner")).unwrap();
        let files = WorkspaceFiles::new();
        files.set_folders([tmp.path("ws")]);
        assert_eq!(read(&files, &tmp.path("ws/link")), None);
        assert_eq!(read(&files, &tmp.path("ws/dir/secret")), None);
        assert_eq!(read(&files, &tmp.path("ws/inner")).as_deref(), Some("FROM alpine\n"), "links inside are fine");
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_given_through_a_symlink_is_resolved() {
        let tmp = TempDir::new("linked-root");
        tmp.write("real/Dockerfile", "FROM alpine\n");
        std::os::unix::fs::symlink(tmp.path("real"), tmp.path("alias")).unwrap();
        let files = WorkspaceFiles::new();
        files.set_folders([tmp.path("alias")]);
        assert_eq!(read(&files, &tmp.path("alias/Dockerfile")).as_deref(), Some("FROM alpine\n"));
        assert_eq!(files.folders(), vec![tmp.path("real").canonicalize().unwrap()]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_opened_file_is_checked_where_it_really_is() {
        let tmp = TempDir::new("opened");
        tmp.write("ws/a", "a");
        tmp.write("outside/b", "b");
        std::os::unix::fs::symlink(tmp.path("outside"), tmp.path("ws/swapped")).unwrap();
        let ws = tmp.path("ws").canonicalize().unwrap();
        let inside = |p: &Path| p.starts_with(&ws);
        let open = |p: &str| std::fs::File::open(tmp.path(p)).unwrap();
        assert!(opened_inside(&open("ws/a"), &inside));
        assert!(!opened_inside(&open("ws/swapped/b"), &inside), "a path through a swapped-in symlink");
        assert!(read_bounded(&tmp.path("ws/swapped/b"), &inside).is_none());
    }

    #[test]
    fn large_files_and_folders_are_not_read() {
        let tmp = TempDir::new("large");
        tmp.write("ws/big", &"#".repeat(MAX_FILE_SIZE as usize + 1));
        tmp.write("ws/sub/x", "");
        let files = WorkspaceFiles::new();
        files.set_folders([tmp.path("ws")]);
        assert_eq!(read(&files, &tmp.path("ws/big")), None);
        assert_eq!(read(&files, &tmp.path("ws/sub")), None);
    }

    #[test]
    fn watched_cache_holds_until_a_change_is_reported() {
        let tmp = TempDir::new("watched");
        tmp.write("ws/compose.yaml", "one\n");
        let files = WorkspaceFiles::new();
        files.set_folders([tmp.path("ws")]);
        files.set_watched(true);
        let path = tmp.path("ws/compose.yaml");
        assert_eq!(read(&files, &path).as_deref(), Some("one\n"));
        tmp.write("ws/compose.yaml", "two, longer\n");
        assert_eq!(read(&files, &path).as_deref(), Some("one\n"), "cached until the watcher says so");
        files.changed(&path);
        assert_eq!(read(&files, &path).as_deref(), Some("two, longer\n"));
        assert_eq!(read(&files, &tmp.path("ws/new")), None);
        tmp.write("ws/new", "created\n");
        files.changed(&tmp.path("ws"));
        assert_eq!(read(&files, &tmp.path("ws/new")).as_deref(), Some("created\n"));
    }

    #[test]
    fn without_a_watcher_changes_are_seen() {
        let tmp = TempDir::new("unwatched");
        tmp.write("ws/compose.yaml", "one\n");
        let files = WorkspaceFiles::new();
        files.set_folders([tmp.path("ws")]);
        let path = tmp.path("ws/compose.yaml");
        assert_eq!(read(&files, &path).as_deref(), Some("one\n"));
        tmp.write("ws/compose.yaml", "two, longer\n");
        assert_eq!(read(&files, &path).as_deref(), Some("two, longer\n"));
        std::fs::remove_file(&path).unwrap();
        assert_eq!(read(&files, &path), None);
    }

    #[test]
    fn folders_can_be_added_and_removed() {
        let tmp = TempDir::new("folders");
        tmp.write("a/Dockerfile", "FROM a\n");
        tmp.write("b/Dockerfile", "FROM b\n");
        let files = WorkspaceFiles::new();
        files.set_folders([tmp.path("a"), tmp.path("missing")]);
        assert_eq!(files.folders().len(), 1);
        files.change_folders(&[tmp.path("b")], &[tmp.path("a")]);
        assert_eq!(read(&files, &tmp.path("a/Dockerfile")), None);
        assert_eq!(read(&files, &tmp.path("b/Dockerfile")).as_deref(), Some("FROM b\n"));
    }
}
