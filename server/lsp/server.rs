use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::*;
use tower_lsp::{Client, LanguageServer};

use super::build_targets;
use super::capabilities::{negotiate_encoding, server_capabilities};
use super::completion;
use super::convert;
use super::information;
use super::languages::{language_of, Language};
use super::limits;
use super::navigation;
use super::refactor;
use super::store::{Opened, OtherSnapshot, Snapshot, Store};
use super::structure;
use super::workspace;
use crate::config::Config;
use crate::features::diagnostics;
use crate::features::document_symbols::workspace_symbols;
use crate::syntax::{PositionEncoding, TextChange};
use crate::workspace::{BuildFileIndex, WorkspaceFiles};

pub struct Backend {
    client: Client,
    store: Store,
    config: RwLock<Config>,
    encoding: OnceLock<PositionEncoding>,
    client_capabilities: OnceLock<ClientCapabilities>,
    /// The workspace folders and the files read from them.
    files: WorkspaceFiles,
    /// The build files found in the workspace folders.
    build_files: BuildFileIndex,
    supports_config_pull: AtomicBool,
    shut_down: Arc<AtomicBool>,
    /// Serializes "is this still the newest version? publish" so that
    /// diagnostics of an older version never follow newer ones.
    publish_lock: tokio::sync::Mutex<()>,
    semantic_tokens: structure::TokenCache,
    warned_large: limits::Warned,
    /// The per-instruction work of the last diagnostics of the Dockerfiles
    /// edited last, most recent last.
    diagnostics_caches: std::sync::Mutex<Vec<(Url, diagnostics::Cache)>>,
}

impl Backend {
    pub fn new(client: Client, shut_down: Arc<AtomicBool>) -> Backend {
        Backend {
            client,
            store: Store::default(),
            config: RwLock::new(Config::default()),
            encoding: OnceLock::new(),
            client_capabilities: OnceLock::new(),
            files: WorkspaceFiles::new(),
            build_files: BuildFileIndex::new(),
            supports_config_pull: AtomicBool::new(false),
            shut_down,
            publish_lock: tokio::sync::Mutex::new(()),
            semantic_tokens: structure::TokenCache::default(),
            warned_large: limits::Warned::default(),
            diagnostics_caches: std::sync::Mutex::default(),
        }
    }

    /// The version of an open document (for panic reports).
    pub fn document_version(&self, uri: &Url) -> Option<i32> {
        self.store.current_version(uri)
    }

    /// `dockerfile-ls/debugPanic`, registered in debug builds only: a handler
    /// that panics, to test the panic guard end to end.
    #[cfg(debug_assertions)]
    pub async fn debug_panic(&self, _: serde_json::Value) -> Result<()> {
        panic!("debugPanic requested")
    }

    fn encoding(&self) -> PositionEncoding {
        self.encoding.get().copied().unwrap_or_default()
    }

    fn text_document_capabilities(&self) -> Option<&TextDocumentClientCapabilities> {
        self.client_capabilities.get().and_then(|c| c.text_document.as_ref())
    }

    fn config(&self) -> Config {
        self.config.read().map(|c| c.clone()).unwrap_or_default()
    }

    async fn publish(&self, uri: Url, opened: Opened) {
        let version = opened.version();
        if self.store.current_version(&uri) != Some(version) {
            return; // Superseded already (a burst of edits): skip the work.
        }
        let diagnostics = match opened {
            Opened::Dockerfile(snapshot) => match self.dockerfile_diagnostics(&uri, snapshot).await {
                Some(diagnostics) => diagnostics,
                None => return,
            },
            Opened::Other(other) => match other.language {
                Language::BuildFile(_) => build_targets::diagnostics(&other, &self.build_context()),
                Language::Dockerfile | Language::Ignored => Vec::new(),
            },
        };
        let _guard = self.publish_lock.lock().await;
        if self.store.current_version(&uri) != Some(version) {
            return;
        }
        self.client.publish_diagnostics(uri, diagnostics, Some(version)).await;
    }

    /// Computed in the handler for documents up to [`INLINE_DIAGNOSTICS_BYTES`];
    /// larger ones on a blocking thread, so that the loop reading the client
    /// stays free for cancellations and other requests meanwhile.
    async fn dockerfile_diagnostics(&self, uri: &Url, snapshot: Snapshot) -> Option<Vec<Diagnostic>> {
        let large = limits::is_large(&snapshot.document);
        if let Some(message) = large.then(|| self.warned_large.first_warning(uri, &snapshot.document)).flatten() {
            self.client.show_message(MessageType::WARNING, message).await;
        }
        let mut context = workspace::file_context(uri, &self.store, &self.files);
        let cx = self.build_context();
        let build_files = build_targets::workspace_build_files(&cx, &self.build_files);
        context.targeted_stages = build_targets::stages_targeted_by(uri, &snapshot, &build_files);
        let (config, encoding, version) = (self.config(), self.encoding(), snapshot.version);
        let inline = snapshot.document.len() <= INLINE_DIAGNOSTICS_BYTES;
        let mut cache = self.take_diagnostics_cache(uri);
        let job = move || {
            let found = diagnostics::diagnostics_cached(&snapshot.analysis, &config, &context, large, &mut cache);
            let converted = found.iter().map(|d| convert::diagnostic(&snapshot.document, d, encoding)).collect();
            (converted, cache)
        };
        let result = if inline { Ok(job()) } else { tokio::task::spawn_blocking(job).await };
        match result {
            Ok((diagnostics, cache)) => {
                if self.store.get(uri).is_some() {
                    self.keep_diagnostics_cache(uri, cache);
                }
                Some(diagnostics)
            }
            Err(failure) => {
                tracing::error!(%uri, version, %failure, "diagnostics failed");
                None
            }
        }
    }

    fn take_diagnostics_cache(&self, uri: &Url) -> diagnostics::Cache {
        let Ok(mut caches) = self.diagnostics_caches.lock() else { return diagnostics::Cache::default() };
        let at = caches.iter().position(|(u, _)| u == uri);
        at.map(|at| caches.remove(at).1).unwrap_or_default()
    }

    /// A cache holds about as much as the analysis of its document: kept for
    /// the few documents edited last only (typing happens in one at a time).
    fn keep_diagnostics_cache(&self, uri: &Url, cache: diagnostics::Cache) {
        const KEPT: usize = 2;
        let Ok(mut caches) = self.diagnostics_caches.lock() else { return };
        caches.retain(|(u, _)| u != uri);
        caches.push((uri.clone(), cache));
        if caches.len() > KEPT {
            caches.remove(0);
        }
    }

    async fn republish_all(&self) {
        for uri in self.store.uris() {
            if let Some(opened) = self.store.get_any(&uri) {
                self.publish(uri, opened).await;
            }
        }
    }

    fn build_context(&self) -> build_targets::Context<'_> {
        build_targets::Context { store: &self.store, files: &self.files, encoding: self.encoding() }
    }

    /// The open build file at `uri`, if that is what is open there.
    fn build_file(&self, uri: &Url) -> Option<OtherSnapshot> {
        match self.store.get_any(uri)? {
            Opened::Other(other) if matches!(other.language, Language::BuildFile(_)) => Some(other),
            _ => None,
        }
    }

    /// The Dockerfile at `uri` changed: its open build files' targets may
    /// have become valid or invalid.
    async fn republish_builders(&self, uri: &Url) {
        let Some(path) = workspace::file_path(uri) else { return };
        for builder in self.store.build_files().into_iter().map(|(u, _)| u) {
            match self.store.get_any(&builder) {
                Some(Opened::Other(other)) if build_targets::builds(&other, &path) => {
                    self.publish(builder, Opened::Other(other)).await;
                }
                _ => {}
            }
        }
    }

    fn workspace_folders(&self) -> Vec<std::path::PathBuf> {
        self.files.folders()
    }

    /// Asks the client to report changes of the files the server reads.
    async fn watch_files(&self) {
        if !self.client_capabilities.get().is_some_and(workspace::can_watch) {
            return;
        }
        match self.client.register_capability(vec![workspace::watcher_registration()]).await {
            Ok(()) => self.files.set_watched(true),
            Err(error) => tracing::warn!(%error, "the client refused to watch files"),
        }
    }

    async fn pull_configuration(&self) {
        if !self.supports_config_pull.load(Ordering::SeqCst) {
            return;
        }
        let item = ConfigurationItem { scope_uri: None, section: Some("dockerfile-ls".to_string()) };
        if let Ok(values) = self.client.configuration(vec![item]).await {
            if let Some(value) = values.into_iter().next().filter(|v| !v.is_null()) {
                self.set_config(Config::from_json(&value));
            }
        }
    }

    fn set_config(&self, config: Config) {
        if let Ok(mut current) = self.config.write() {
            *current = config;
        }
    }
}

/// Diagnostics of documents up to this size (≈ 2,000 lines) take well under
/// a millisecond: computed right in the handler, where the analysis is still
/// in the cache, rather than handed to a blocking thread and back.
const INLINE_DIAGNOSTICS_BYTES: usize = 64 << 10;

#[tower_lsp::async_trait]
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = negotiate_encoding(&params);
        let _ = self.encoding.set(encoding);
        let _ = self.client_capabilities.set(params.capabilities.clone());
        self.files.set_folders(workspace::initial_folders(&params));
        let pull = params.capabilities.workspace.as_ref().and_then(|w| w.configuration).unwrap_or(false);
        self.supports_config_pull.store(pull, Ordering::SeqCst);
        if let Some(options) = params.initialization_options.as_ref().filter(|v| !v.is_null()) {
            self.set_config(Config::from_json(options));
        }
        let mut capabilities = server_capabilities(encoding);
        capabilities.workspace = Some(workspace::workspace_capabilities());
        Ok(InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "dockerfile-ls".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        self.pull_configuration().await;
        self.watch_files().await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let language = language_of(&doc.uri, &doc.language_id);
        let opened = self.store.open(doc.uri.clone(), doc.version, &doc.text, language);
        self.publish(doc.uri, opened).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let changes: Vec<TextChange> = params
            .content_changes
            .into_iter()
            .map(|c| TextChange {
                range: c.range.map(|r| (convert::line_col(r.start), convert::line_col(r.end))),
                text: c.text,
            })
            .collect();
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let targets_before = self.store.get(&uri).map(|s| build_targets::Targets::of(&s.analysis));
        // Applied before any await: tower-lsp may interleave handlers at await points.
        let Some(opened) = self.store.change(&uri, version, &changes, self.encoding()) else {
            tracing::warn!(%uri, "didChange for a document that is not open");
            return;
        };
        let targets_after = match &opened {
            Opened::Dockerfile(snapshot) => Some(build_targets::Targets::of(&snapshot.analysis)),
            Opened::Other(_) => None,
        };
        self.publish(uri.clone(), opened).await;
        // Build files only care about the stages: most edits leave them alone.
        if targets_after.is_some() && targets_after != targets_before {
            self.republish_builders(&uri).await;
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let was_dockerfile = self.store.get(&uri).is_some();
        self.store.close(&uri);
        self.semantic_tokens.forget(&uri);
        self.warned_large.forget(&uri);
        self.take_diagnostics_cache(&uri);
        self.client.publish_diagnostics(uri.clone(), Vec::new(), None).await;
        if was_dockerfile {
            // Its unsaved text no longer counts: the builders read the disk again.
            self.republish_builders(&uri).await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let settings = params.settings;
        let has_ours = settings.get("dockerfile-ls").is_some_and(|v| !v.is_null());
        if has_ours {
            self.set_config(Config::from_json(&settings));
        } else {
            self.pull_configuration().await;
        }
        self.republish_all().await;
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        workspace::change_folders(&self.files, &params.event);
        self.build_files.forget_paths();
        self.republish_all().await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        if workspace::files_changed(&self.files, &params) {
            self.build_files.forget_paths();
        }
        self.republish_all().await;
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        if let Some(build) = self.build_file(&params.text_document.uri) {
            let uri = &params.text_document.uri;
            return Ok(Some(build_targets::code_actions(uri, &build, params.range, &self.build_context())));
        }
        let Some(snapshot) = self.store.get(&params.text_document.uri) else { return Ok(None) };
        let encoding = self.encoding();
        let range = convert::text_range(&snapshot.document, params.range, encoding);
        let uri = params.text_document.uri.clone();
        let mut actions = Vec::new();
        let context = workspace::file_context(&uri, &self.store, &self.files);
        let large = limits::is_large(&snapshot.document);
        // Usually right after the diagnostics of the same version: their cache serves as it is.
        let mut cache = self.take_diagnostics_cache(&uri);
        let found = diagnostics::diagnostics_cached(&snapshot.analysis, &self.config(), &context, large, &mut cache);
        self.keep_diagnostics_cache(&uri, cache);
        for d in found {
            if d.range.intersect(range).is_none() {
                continue;
            }
            let lsp_diagnostic = convert::diagnostic(&snapshot.document, &d, encoding);
            for fix in &d.fixes {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![lsp_diagnostic.clone()]),
                    edit: Some(convert::workspace_edit(&uri, &snapshot.document, fix, encoding)),
                    is_preferred: fix.preferred.then_some(true),
                    ..Default::default()
                }));
            }
        }
        actions.extend(refactor::code_actions(&snapshot, &params, encoding));
        Ok(Some(actions))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<serde_json::Value>> {
        if params.command != refactor::CONVERT_COMMAND {
            return Err(tower_lsp::jsonrpc::Error::invalid_params(format!("unknown command {}", params.command)));
        }
        let Some((uri, options)) = refactor::command_target(&params.arguments) else {
            return Err(tower_lsp::jsonrpc::Error::invalid_params("expected the document URI as argument"));
        };
        let Some(snapshot) = self.store.get(&uri) else {
            return Err(tower_lsp::jsonrpc::Error::invalid_params(format!("{uri} is not open")));
        };
        match refactor::convert_command(&snapshot, &uri, &options, self.encoding()) {
            Ok(edit) => {
                let _ = self.client.apply_edit(edit).await;
            }
            Err(reason) => {
                let message = format!("Cannot convert to a multi-stage build: {reason}");
                self.client.show_message(MessageType::WARNING, message).await;
            }
        }
        Ok(None)
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let position = params.text_document_position_params;
        let link_support = self
            .text_document_capabilities()
            .and_then(|t| t.definition.as_ref())
            .and_then(|d| d.link_support)
            .unwrap_or(false);
        if let Some(build) = self.build_file(&position.text_document.uri) {
            return Ok(build_targets::definition(&build, position.position, &self.build_context(), link_support));
        }
        let Some(snapshot) = self.store.get(&position.text_document.uri) else { return Ok(None) };
        Ok(navigation::definition(&snapshot, &position, self.encoding(), link_support))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let position = &params.text_document_position;
        let Some(snapshot) = self.store.get(&position.text_document.uri) else { return Ok(None) };
        let mut found = navigation::find_references(&snapshot, &params, self.encoding());
        let cx = self.build_context();
        let offset = convert::offset(&snapshot.document, position.position, cx.encoding);
        let build_files = build_targets::workspace_build_files(&cx, &self.build_files);
        let uri = &position.text_document.uri;
        found.extend(build_targets::target_references(uri, &snapshot, offset, &build_files, &cx));
        Ok(Some(found))
    }

    async fn document_highlight(&self, params: DocumentHighlightParams) -> Result<Option<Vec<DocumentHighlight>>> {
        let position = params.text_document_position_params;
        let Some(snapshot) = self.store.get(&position.text_document.uri) else { return Ok(None) };
        Ok(Some(navigation::highlight(&snapshot, &position, self.encoding())))
    }

    async fn prepare_rename(&self, params: TextDocumentPositionParams) -> Result<Option<PrepareRenameResponse>> {
        let Some(snapshot) = self.store.get(&params.text_document.uri) else { return Ok(None) };
        navigation::prepare(&snapshot, &params, self.encoding())
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let position = &params.text_document_position;
        let Some(snapshot) = self.store.get(&position.text_document.uri) else { return Ok(None) };
        let Some(mut edit) = navigation::rename_edit(&snapshot, &params, self.encoding())? else { return Ok(None) };
        let cx = self.build_context();
        let offset = convert::offset(&snapshot.document, position.position, cx.encoding);
        let build_files = build_targets::workspace_build_files(&cx, &self.build_files);
        let uri = &position.text_document.uri;
        let elsewhere =
            build_targets::rename_in_build_files(uri, &snapshot, offset, &params.new_name, &build_files, &cx);
        edit.changes.get_or_insert_with(Default::default).extend(elsewhere);
        Ok(Some(edit))
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        let Some(snapshot) = self.store.get(&params.text_document.uri) else { return Ok(None) };
        Ok(Some(structure::document_symbols(&snapshot, self.encoding())))
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> Result<Option<Vec<SymbolInformation>>> {
        let mut found = Vec::new();
        for uri in self.store.uris() {
            let Some(snapshot) = self.store.get(&uri) else { continue };
            for symbol in workspace_symbols(&snapshot.analysis, &params.query) {
                found.push(structure::workspace_symbol(&snapshot, &uri, &symbol, self.encoding()));
            }
        }
        Ok(Some(found))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let Some(snapshot) = self.store.get(&params.text_document.uri) else { return Ok(None) };
        Ok(Some(structure::folding_ranges(&snapshot, self.encoding())))
    }

    async fn selection_range(&self, params: SelectionRangeParams) -> Result<Option<Vec<SelectionRange>>> {
        let Some(snapshot) = self.store.get(&params.text_document.uri) else { return Ok(None) };
        Ok(Some(structure::selection_ranges(&snapshot, &params.positions, self.encoding())))
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let Some(snapshot) = self.store.get(&params.text_document.uri) else { return Ok(None) };
        Ok(Some(structure::formatting(&snapshot, &self.config().format, None, self.encoding())))
    }

    async fn range_formatting(&self, params: DocumentRangeFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let Some(snapshot) = self.store.get(&params.text_document.uri) else { return Ok(None) };
        let range = Some(params.range);
        Ok(Some(structure::formatting(&snapshot, &self.config().format, range, self.encoding())))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let position = &params.text_document_position;
        if let Some(build) = self.build_file(&position.text_document.uri) {
            let items = build_targets::completion(&build, position.position, &self.build_context());
            return Ok(Some(CompletionResponse::Array(items)));
        }
        let Some(snapshot) = self.store.get(&params.text_document_position.text_document.uri) else { return Ok(None) };
        let snippets = self
            .text_document_capabilities()
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.snippet_support)
            .unwrap_or(false);
        let folders = self.workspace_folders();
        let files = workspace::readable(&self.store, &self.files);
        let items = completion::complete(&snapshot, &params, self.encoding(), snippets, &folders, &files);
        Ok(Some(CompletionResponse::Array(items)))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let position = params.text_document_position_params;
        if let Some(build) = self.build_file(&position.text_document.uri) {
            return Ok(build_targets::hover(&build, position.position, &self.build_context()));
        }
        let Some(snapshot) = self.store.get(&position.text_document.uri) else { return Ok(None) };
        let target = self.config().target;
        Ok(information::hover_at(&snapshot, &position, self.encoding(), target.as_deref()))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let Some(snapshot) = self.store.get(&params.text_document.uri) else { return Ok(None) };
        Ok(Some(information::hints(&snapshot, params.range, self.encoding())))
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let uri = params.text_document.uri;
        let Some(snapshot) = self.store.get(&uri) else { return Ok(None) };
        let folders = self.workspace_folders();
        Ok(Some(information::links(&snapshot, &uri, self.encoding(), &folders)))
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let uri = params.text_document.uri;
        let Some(snapshot) = self.store.get(&uri) else { return Ok(None) };
        let target = self.config().target;
        let mut lenses = information::lenses(&snapshot, &uri, self.encoding(), target.as_deref());
        let cx = self.build_context();
        let build_files = build_targets::workspace_build_files(&cx, &self.build_files);
        lenses.extend(build_targets::lenses(&uri, &snapshot, &build_files, &cx));
        Ok(Some(lenses))
    }

    async fn signature_help(&self, params: SignatureHelpParams) -> Result<Option<SignatureHelp>> {
        let position = params.text_document_position_params;
        let Some(snapshot) = self.store.get(&position.text_document.uri) else { return Ok(None) };
        Ok(information::signatures(&snapshot, &position, self.encoding()))
    }

    async fn semantic_tokens_full(&self, params: SemanticTokensParams) -> Result<Option<SemanticTokensResult>> {
        let uri = params.text_document.uri;
        let Some(snapshot) = self.store.get(&uri).filter(|s| !limits::is_large(&s.document)) else { return Ok(None) };
        let tokens = structure::semantic_tokens(&snapshot, self.encoding());
        Ok(Some(SemanticTokensResult::Tokens(self.semantic_tokens.full(&uri, tokens))))
    }

    async fn semantic_tokens_full_delta(
        &self,
        params: SemanticTokensDeltaParams,
    ) -> Result<Option<SemanticTokensFullDeltaResult>> {
        let uri = params.text_document.uri;
        let Some(snapshot) = self.store.get(&uri).filter(|s| !limits::is_large(&s.document)) else { return Ok(None) };
        let tokens = structure::semantic_tokens(&snapshot, self.encoding());
        Ok(Some(self.semantic_tokens.delta(&uri, &params.previous_result_id, tokens)))
    }
}
