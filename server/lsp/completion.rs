//! LSP glue for completion, and the build context as the completion of
//! COPY/ADD sources sees it: the Dockerfile's folder, read only when it lies
//! inside one of the workspace folders.

use std::path::{Path, PathBuf};

use tower_lsp::lsp_types as lsp;

use super::convert;
use super::store::Snapshot;
use crate::features::completion::{
    completion, CompletionItem, CompletionKind, CompletionOptions, ContextFiles, FileEntry,
};
use crate::syntax::{Document, PositionEncoding};
use crate::vfs::FileSource;

/// Characters after which clients should ask again.
pub const TRIGGER_CHARACTERS: [&str; 8] = ["$", "{", "=", ",", "-", "/", " ", ":"];

/// At most this many entries of one folder are offered.
const MAX_ENTRIES: usize = 1000;

pub fn complete(
    snapshot: &Snapshot,
    params: &lsp::CompletionParams,
    encoding: PositionEncoding,
    snippets: bool,
    workspace: &[PathBuf],
    files: &dyn FileSource,
) -> Vec<lsp::CompletionItem> {
    let position = &params.text_document_position;
    let offset = convert::offset(&snapshot.document, position.position, encoding);
    let context = LocalContext::for_document(&position.text_document.uri, workspace, files);
    let files = context.as_ref().map(|c| c as &dyn ContextFiles);
    let items = completion(&snapshot.analysis, offset, &CompletionOptions { snippets, files });
    items.iter().map(|item| to_lsp(&snapshot.document, item, encoding)).collect()
}

pub fn to_lsp(document: &Document, item: &CompletionItem, encoding: PositionEncoding) -> lsp::CompletionItem {
    let range = convert::range(document, item.replace, encoding);
    let filter_text = item.is_snippet.then(|| item.label.split(' ').next().unwrap_or_default().to_string());
    lsp::CompletionItem {
        label: item.label.clone(),
        kind: Some(kind(item.kind)),
        detail: item.detail.clone(),
        documentation: item.documentation.clone().map(|value| {
            lsp::Documentation::MarkupContent(lsp::MarkupContent { kind: lsp::MarkupKind::Markdown, value })
        }),
        sort_text: Some(item.sort_text.clone()),
        filter_text,
        insert_text_format: Some(if item.is_snippet {
            lsp::InsertTextFormat::SNIPPET
        } else {
            lsp::InsertTextFormat::PLAIN_TEXT
        }),
        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit { range, new_text: item.insert_text.clone() })),
        ..Default::default()
    }
}

fn kind(kind: CompletionKind) -> lsp::CompletionItemKind {
    match kind {
        CompletionKind::Keyword => lsp::CompletionItemKind::KEYWORD,
        CompletionKind::Snippet => lsp::CompletionItemKind::SNIPPET,
        CompletionKind::Flag => lsp::CompletionItemKind::PROPERTY,
        CompletionKind::Value => lsp::CompletionItemKind::VALUE,
        CompletionKind::Stage => lsp::CompletionItemKind::CLASS,
        CompletionKind::Variable => lsp::CompletionItemKind::VARIABLE,
        CompletionKind::Directive => lsp::CompletionItemKind::KEYWORD,
        CompletionKind::Image => lsp::CompletionItemKind::MODULE,
        CompletionKind::File => lsp::CompletionItemKind::FILE,
        CompletionKind::Folder => lsp::CompletionItemKind::FOLDER,
    }
}

/// The Dockerfile's folder on disk, confined to the workspace.
pub struct LocalContext<'a> {
    root: PathBuf,
    workspace: PathBuf,
    files: &'a dyn FileSource,
}

impl LocalContext<'_> {
    pub fn for_document<'a>(
        uri: &lsp::Url,
        workspace: &[PathBuf],
        files: &'a dyn FileSource,
    ) -> Option<LocalContext<'a>> {
        let path = uri.to_file_path().ok()?;
        let root = path.parent()?.canonicalize().ok()?;
        let folder = workspace.iter().find(|w| root.starts_with(w))?;
        Some(LocalContext { root, workspace: folder.clone(), files })
    }

    /// `relative` under the context root, if it stays inside the workspace.
    fn confined(&self, relative: &str) -> Option<PathBuf> {
        let path = self.root.join(relative).canonicalize().ok()?;
        (path.starts_with(&self.root) && path.starts_with(&self.workspace)).then_some(path)
    }
}

impl ContextFiles for LocalContext<'_> {
    fn list(&self, dir: &str) -> Vec<FileEntry> {
        let Some(path) = self.confined(dir) else { return Vec::new() };
        let Ok(read) = std::fs::read_dir(&path) else { return Vec::new() };
        read.filter_map(|e| e.ok())
            .take(MAX_ENTRIES)
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                let is_dir = e.file_type().ok()?.is_dir() || is_dir_link(&e.path());
                Some(FileEntry { name, is_dir })
            })
            .collect()
    }

    fn dockerignore(&self) -> Option<String> {
        Some(self.files.read_text(&self.root.join(".dockerignore"))?.to_string())
    }
}

fn is_dir_link(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_dir())
}
