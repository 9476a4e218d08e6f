//! LSP glue for the workspace: its folders from `initialize` and
//! `workspace/didChangeWorkspaceFolders`, the file watcher the server
//! registers, and what the server may read (open documents, then files inside
//! the workspace folders, see [`crate::workspace`]).

use std::path::PathBuf;

use tower_lsp::lsp_types as lsp;

use super::store::Store;
use crate::features::FileContext;
use crate::workspace::{OpenFirst, WorkspaceFiles};

/// The id of the one registration of `workspace/didChangeWatchedFiles`.
pub const WATCHER_ID: &str = "dockerfile-ls/watched-files";

/// Files whose changes matter: Dockerfiles, their ignore files, and the build
/// files that name their stages as targets.
const WATCHED_GLOBS: [&str; 9] = [
    "**/{Dockerfile,Containerfile}",
    "**/{Dockerfile,Containerfile}.*",
    "**/*.{Dockerfile,dockerfile}",
    "**/{.dockerignore,*.dockerignore}",
    "**/{compose,docker-compose}*.{yml,yaml}",
    "**/docker-bake*.{hcl,json}",
    "**/.devcontainer.json",
    "**/.devcontainer/**/devcontainer.json",
    "**/.github/workflows/*.{yml,yaml}",
];

/// The workspace folders an `initialize` request names: `workspaceFolders`,
/// else `rootUri`, else `rootPath`.
pub fn initial_folders(params: &lsp::InitializeParams) -> Vec<PathBuf> {
    let folders: Vec<PathBuf> = params.workspace_folders.iter().flatten().filter_map(|f| file_path(&f.uri)).collect();
    if !folders.is_empty() {
        return folders;
    }
    #[allow(deprecated)]
    let root = params.root_uri.as_ref().and_then(file_path).or_else(|| params.root_path.as_ref().map(PathBuf::from));
    root.into_iter().filter(|p| p.is_absolute()).collect()
}

pub fn change_folders(files: &WorkspaceFiles, event: &lsp::WorkspaceFoldersChangeEvent) {
    let added: Vec<PathBuf> = event.added.iter().filter_map(|f| file_path(&f.uri)).collect();
    let removed: Vec<PathBuf> = event.removed.iter().filter_map(|f| file_path(&f.uri)).collect();
    files.change_folders(&added, &removed);
}

pub fn can_watch(capabilities: &lsp::ClientCapabilities) -> bool {
    let watch = capabilities.workspace.as_ref().and_then(|w| w.did_change_watched_files.as_ref());
    watch.and_then(|w| w.dynamic_registration).unwrap_or(false)
}

pub fn watcher_registration() -> lsp::Registration {
    let watchers = WATCHED_GLOBS
        .iter()
        .map(|glob| lsp::FileSystemWatcher { glob_pattern: lsp::GlobPattern::String(glob.to_string()), kind: None })
        .collect();
    let options = lsp::DidChangeWatchedFilesRegistrationOptions { watchers };
    lsp::Registration {
        id: WATCHER_ID.to_string(),
        method: "workspace/didChangeWatchedFiles".to_string(),
        register_options: serde_json::to_value(options).ok(),
    }
}

/// Forgets what was read of the changed files; true when files were created
/// or deleted (the list of build files may have changed).
pub fn files_changed(files: &WorkspaceFiles, params: &lsp::DidChangeWatchedFilesParams) -> bool {
    let mut created_or_deleted = false;
    for change in &params.changes {
        if let Some(path) = file_path(&change.uri) {
            files.changed(&path);
        }
        created_or_deleted |= change.typ != lsp::FileChangeType::CHANGED;
    }
    created_or_deleted
}

pub fn workspace_capabilities() -> lsp::WorkspaceServerCapabilities {
    lsp::WorkspaceServerCapabilities {
        workspace_folders: Some(lsp::WorkspaceFoldersServerCapabilities {
            supported: Some(true),
            change_notifications: Some(lsp::OneOf::Left(true)),
        }),
        file_operations: None,
    }
}

/// What the server may read: the editor's text first, then the disk inside
/// the workspace folders.
pub fn readable<'a>(store: &'a Store, files: &'a WorkspaceFiles) -> OpenFirst<'a> {
    OpenFirst { open: store, disk: files }
}

/// What is beside the Dockerfile at `uri`, read only inside the workspace.
pub fn file_context(uri: &lsp::Url, store: &Store, files: &WorkspaceFiles) -> FileContext {
    match file_path(uri) {
        Some(path) => crate::disk::file_context_in(&path, &readable(store, files)),
        None => FileContext::UNKNOWN,
    }
}

/// The path of a `file:` URI.
pub fn file_path(uri: &lsp::Url) -> Option<PathBuf> {
    if uri.scheme() != "file" {
        return None;
    }
    uri.to_file_path().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(deprecated)]
    fn folders_come_from_workspace_folders_then_root_uri_then_root_path() {
        let folder = |uri: &str| lsp::WorkspaceFolder { uri: lsp::Url::parse(uri).unwrap(), name: String::new() };
        let mut params = lsp::InitializeParams {
            workspace_folders: Some(vec![folder("file:///a"), folder("untitled:x")]),
            root_uri: Some(lsp::Url::parse("file:///b").unwrap()),
            root_path: Some("/c".to_string()),
            ..Default::default()
        };
        assert_eq!(initial_folders(&params), vec![PathBuf::from("/a")]);
        params.workspace_folders = None;
        assert_eq!(initial_folders(&params), vec![PathBuf::from("/b")]);
        params.root_uri = None;
        assert_eq!(initial_folders(&params), vec![PathBuf::from("/c")]);
        params.root_path = Some("relative".to_string());
        assert!(initial_folders(&params).is_empty());
    }

    #[test]
    fn watches_only_when_the_client_registers_dynamically() {
        let mut capabilities = lsp::ClientCapabilities::default();
        assert!(!can_watch(&capabilities));
        capabilities.workspace = Some(lsp::WorkspaceClientCapabilities {
            did_change_watched_files: Some(lsp::DidChangeWatchedFilesClientCapabilities {
                dynamic_registration: Some(true),
                relative_pattern_support: None,
            }),
            ..Default::default()
        });
        assert!(can_watch(&capabilities));
    }
}
