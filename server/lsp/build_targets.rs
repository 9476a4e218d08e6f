//! LSP glue for build targets (`crate::features::build_targets`): the front
//! end of build files (compose, bake, devcontainer, workflow: diagnostics,
//! completion, definition into the Dockerfile, hover, quick fixes), and the
//! Dockerfile side (uses of a stage as a target in the workspace's build
//! files: references, rename across files, code lenses).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use text_size::{TextRange, TextSize};
use tower_lsp::lsp_types as lsp;

use super::completion::to_lsp;
use super::convert;
use super::store::{OtherSnapshot, Snapshot, Store};
use super::workspace::{file_path, readable};
use crate::features::build_targets::{
    build_file_diagnostics, rename_target_uses, target_completion, target_definition, target_hover, target_lenses,
    target_uses, targeted_stages, BuildFile, BuildFileKind, DockerfileRef,
};
use crate::features::diagnostics::Diagnostic;
use crate::features::references::{target_at, Target};
use crate::model::Analysis;
use crate::syntax::{Document, PositionEncoding};
use crate::vfs::FileSource;
use crate::workspace::{BuildFileIndex, Parsed, WorkspaceFiles};

/// What a build-file request needs: the server's reader and its encoding.
pub struct Context<'a> {
    pub store: &'a Store,
    pub files: &'a WorkspaceFiles,
    pub encoding: PositionEncoding,
}

impl Context<'_> {
    fn reader(&self) -> impl FileSource + '_ {
        readable(self.store, self.files)
    }

    /// The document at `path` for position conversion: the open one, else
    /// the text read from the workspace.
    fn document(&self, path: &Path) -> Option<Document> {
        if let Some(open) = lsp::Url::from_file_path(path).ok().and_then(|uri| self.store.get_any(&uri)) {
            return Some(open.document().clone());
        }
        Some(Document::plain(&self.files.read_text(path)?))
    }

    fn location(&self, path: &Path, range: TextRange) -> Option<lsp::Location> {
        let document = self.document(path)?;
        let uri = lsp::Url::from_file_path(path).ok()?;
        Some(lsp::Location { uri, range: convert::range(&document, range, self.encoding) })
    }
}

// ------------------------------------------------------------ in a build file

pub fn found_diagnostics(snapshot: &OtherSnapshot, cx: &Context) -> Vec<Diagnostic> {
    let Some(file) = &snapshot.build_file else { return Vec::new() };
    build_file_diagnostics(file, &cx.reader())
}

pub fn diagnostics(snapshot: &OtherSnapshot, cx: &Context) -> Vec<lsp::Diagnostic> {
    let found = found_diagnostics(snapshot, cx);
    found.iter().map(|d| convert::diagnostic(&snapshot.document, d, cx.encoding)).collect()
}

pub fn completion(snapshot: &OtherSnapshot, position: lsp::Position, cx: &Context) -> Vec<lsp::CompletionItem> {
    let Some(file) = &snapshot.build_file else { return Vec::new() };
    let offset = convert::offset(&snapshot.document, position, cx.encoding);
    let items = target_completion(file, offset, &cx.reader());
    items.iter().map(|item| to_lsp(&snapshot.document, item, cx.encoding)).collect()
}

pub fn definition(
    snapshot: &OtherSnapshot,
    position: lsp::Position,
    cx: &Context,
    link_support: bool,
) -> Option<lsp::GotoDefinitionResponse> {
    let file = snapshot.build_file.as_ref()?;
    let offset = convert::offset(&snapshot.document, position, cx.encoding);
    let found = target_definition(file, offset, &cx.reader())?;
    let target = cx.document(&found.path)?;
    let target_uri = lsp::Url::from_file_path(&found.path).ok()?;
    let focus = convert::range(&target, found.focus_range, cx.encoding);
    if link_support {
        let origin = file.target_at(offset).map(|(_, t)| convert::range(&snapshot.document, t.range, cx.encoding));
        let link = lsp::LocationLink {
            origin_selection_range: origin,
            target_uri,
            target_range: convert::range(&target, found.full_range, cx.encoding),
            target_selection_range: focus,
        };
        return Some(lsp::GotoDefinitionResponse::Link(vec![link]));
    }
    Some(lsp::GotoDefinitionResponse::Scalar(lsp::Location { uri: target_uri, range: focus }))
}

pub fn hover(snapshot: &OtherSnapshot, position: lsp::Position, cx: &Context) -> Option<lsp::Hover> {
    let file = snapshot.build_file.as_ref()?;
    let offset = convert::offset(&snapshot.document, position, cx.encoding);
    let found = target_hover(file, offset, &cx.reader())?;
    Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: found.markdown,
        }),
        range: Some(convert::range(&snapshot.document, found.range, cx.encoding)),
    })
}

/// The quick fixes of the diagnostics in `range`.
pub fn code_actions(
    uri: &lsp::Url,
    snapshot: &OtherSnapshot,
    range: lsp::Range,
    cx: &Context,
) -> Vec<lsp::CodeActionOrCommand> {
    let range = convert::text_range(&snapshot.document, range, cx.encoding);
    let mut actions = Vec::new();
    for d in found_diagnostics(snapshot, cx) {
        if d.range.intersect(range).is_none() {
            continue;
        }
        let lsp_diagnostic = convert::diagnostic(&snapshot.document, &d, cx.encoding);
        for fix in &d.fixes {
            actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: fix.title.clone(),
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp_diagnostic.clone()]),
                edit: Some(convert::workspace_edit(uri, &snapshot.document, fix, cx.encoding)),
                is_preferred: fix.preferred.then_some(true),
                ..Default::default()
            }));
        }
    }
    actions
}

/// What build files see of a Dockerfile: how many stages, and their names.
#[derive(PartialEq, Eq)]
pub struct Targets {
    stages: usize,
    names: Vec<String>,
}

impl Targets {
    pub fn of(analysis: &Analysis) -> Targets {
        let model = &analysis.model;
        Targets { stages: model.stages.len(), names: model.stage_names().map(|(_, n)| n.to_string()).collect() }
    }
}

/// Whether the open build file builds the Dockerfile at `dockerfile`.
pub fn builds(snapshot: &OtherSnapshot, dockerfile: &Path) -> bool {
    let Some(file) = &snapshot.build_file else { return false };
    file.entries.iter().any(|e| matches!(&e.dockerfile, DockerfileRef::Path(p) if p == dockerfile))
}

// ------------------------------------------------------------ in a Dockerfile

/// The workspace's build files (found on disk inside the folders, plus the
/// open ones wherever they are), parsed.
pub fn workspace_build_files(cx: &Context, index: &BuildFileIndex) -> Vec<Parsed> {
    let mut paths: Vec<(PathBuf, BuildFileKind)> = index
        .paths(&cx.files.folders(), cx.files.is_watched())
        .into_iter()
        .filter_map(|p| BuildFileKind::detect(&p).map(|kind| (p, kind)))
        .collect();
    for (uri, file) in cx.store.build_files() {
        let Some(path) = file_path(&uri) else { continue };
        match paths.iter_mut().find(|(p, _)| *p == path) {
            Some(known) => known.1 = file.kind,
            None => paths.push((path, file.kind)),
        }
    }
    index.parse(&paths, &cx.reader())
}

fn files_of(parsed: &[Parsed]) -> impl Iterator<Item = &BuildFile> {
    parsed.iter().map(|p| &*p.file)
}

/// The stages of the Dockerfile at `uri` that build files name as their target.
pub fn stages_targeted_by(uri: &lsp::Url, snapshot: &Snapshot, parsed: &[Parsed]) -> Vec<usize> {
    let Some(path) = file_path(uri) else { return Vec::new() };
    targeted_stages(&path, &snapshot.analysis, files_of(parsed))
}

/// The uses as a build target of the stage at `offset`.
pub fn target_references(
    uri: &lsp::Url,
    snapshot: &Snapshot,
    offset: TextSize,
    parsed: &[Parsed],
    cx: &Context,
) -> Vec<lsp::Location> {
    let Some(path) = file_path(uri) else { return Vec::new() };
    let Some(Target::Stage(stage)) = target_at(&snapshot.analysis, offset) else { return Vec::new() };
    // Several bake targets inheriting one `target` value share its place.
    let mut places: Vec<(PathBuf, TextRange)> = target_uses(&path, &snapshot.analysis, files_of(parsed))
        .into_iter()
        .filter(|u| u.stage == stage)
        .filter_map(|u| Some((u.file, u.range?)))
        .collect();
    places.sort_by_key(|(file, range)| (file.clone(), range.start(), range.end()));
    places.dedup();
    places.into_iter().filter_map(|(file, range)| cx.location(&file, range)).collect()
}

/// The edits in build files of renaming the stage at `offset`.
pub fn rename_in_build_files(
    uri: &lsp::Url,
    snapshot: &Snapshot,
    offset: TextSize,
    new_name: &str,
    parsed: &[Parsed],
    cx: &Context,
) -> HashMap<lsp::Url, Vec<lsp::TextEdit>> {
    let mut changes = HashMap::new();
    let Some(path) = file_path(uri) else { return changes };
    let Some(Target::Stage(stage)) = target_at(&snapshot.analysis, offset) else { return changes };
    for file in rename_target_uses(&path, &snapshot.analysis, stage, new_name, files_of(parsed)) {
        let (Some(document), Ok(file_uri)) = (cx.document(&file.path), lsp::Url::from_file_path(&file.path)) else {
            continue;
        };
        let edits = file.edits.iter().map(|e| convert::text_edit(&document, e, cx.encoding)).collect();
        changes.insert(file_uri, edits);
    }
    changes
}

/// A lens on each stage used as a target (and on the default target), which
/// shows the uses.
pub fn lenses(uri: &lsp::Url, snapshot: &Snapshot, parsed: &[Parsed], cx: &Context) -> Vec<lsp::CodeLens> {
    let Some(path) = file_path(uri) else { return Vec::new() };
    target_lenses(&path, &snapshot.analysis, files_of(parsed))
        .into_iter()
        .map(|lens| {
            let range = convert::range(&snapshot.document, lens.range, cx.encoding);
            let locations = lens.uses.iter().filter_map(|u| cx.location(&u.file, u.range?)).collect();
            convert::show_references_lens(uri, range, lens.title, locations)
        })
        .collect()
}
