//! LSP glue for the refactorings: code actions of kind `refactor.*`, and the
//! `dockerfile-ls.convertToMultiStage` command, which says why when it cannot
//! convert (code actions are only offered where they apply).

use tower_lsp::lsp_types::*;

use super::convert;
use super::store::Snapshot;
use crate::features::refactor::convert_to_multi_stage::{convert_to_multi_stage, Options};
use crate::features::refactor::{refactorings, Bail, RefactorKind, Refactoring};
use crate::syntax::PositionEncoding;

pub const CONVERT_COMMAND: &str = "dockerfile-ls.convertToMultiStage";

/// The kinds announced in the capabilities.
pub fn kinds() -> Vec<CodeActionKind> {
    vec![CodeActionKind::REFACTOR_REWRITE, CodeActionKind::REFACTOR_EXTRACT]
}

fn kind(kind: RefactorKind) -> CodeActionKind {
    match kind {
        RefactorKind::Rewrite => CodeActionKind::REFACTOR_REWRITE,
        RefactorKind::Extract => CodeActionKind::REFACTOR_EXTRACT,
    }
}

/// Does the client's `only` filter let `kind` through?
fn wanted(only: Option<&Vec<CodeActionKind>>, kind: &CodeActionKind) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|o| kind.as_str() == o.as_str() || kind.as_str().starts_with(&format!("{}.", o.as_str())))
    })
}

/// The refactoring code actions at `params.range`.
pub fn code_actions(
    snapshot: &Snapshot,
    params: &CodeActionParams,
    encoding: PositionEncoding,
) -> Vec<CodeActionOrCommand> {
    let document = &snapshot.document;
    let selection = convert::text_range(document, params.range, encoding);
    let only = params.context.only.as_ref();
    let mut out = Vec::new();
    for refactoring in refactorings(&snapshot.analysis, selection) {
        let action_kind = kind(refactoring.kind);
        if !wanted(only, &action_kind) {
            continue;
        }
        // Carry the single-stage hint the client sent, so the editor shows the action on it.
        let diagnostics: Vec<Diagnostic> = params
            .context
            .diagnostics
            .iter()
            .filter(|d| {
                refactoring.resolves.is_some_and(|code| d.code == Some(NumberOrString::String(code.to_string())))
            })
            .cloned()
            .collect();
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: refactoring.title.clone(),
            kind: Some(action_kind),
            diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
            edit: Some(workspace_edit(snapshot, &params.text_document.uri, &refactoring, encoding)),
            ..Default::default()
        }));
    }
    // Asked explicitly for rewrites on a file that cannot be converted: say why.
    let explicit = only.is_some_and(|only| only.iter().any(|o| o.as_str().starts_with("refactor")));
    if explicit && snapshot.analysis.model.stages.len() == 1 {
        if let Err(reason) = convert_to_multi_stage(&snapshot.analysis, &Options::default()) {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "Convert to multi-stage build".to_string(),
                kind: Some(CodeActionKind::REFACTOR_REWRITE),
                disabled: Some(CodeActionDisabled { reason }),
                ..Default::default()
            }));
        }
    }
    out
}

pub fn workspace_edit(
    snapshot: &Snapshot,
    uri: &Url,
    refactoring: &Refactoring,
    encoding: PositionEncoding,
) -> WorkspaceEdit {
    let edits = refactoring.edits.iter().map(|e| convert::text_edit(&snapshot.document, e, encoding)).collect();
    WorkspaceEdit { changes: Some([(uri.clone(), edits)].into_iter().collect()), ..Default::default() }
}

/// Arguments of the command: `[uri]` or `[{"uri": …, "cacheMounts": bool}]`.
pub fn command_target(arguments: &[serde_json::Value]) -> Option<(Url, Options)> {
    let first = arguments.first()?;
    let uri = first.as_str().or_else(|| first.get("uri").and_then(|u| u.as_str()))?;
    let cache_mounts = first.get("cacheMounts").and_then(|c| c.as_bool()).unwrap_or(false);
    Some((Url::parse(uri).ok()?, Options { cache_mounts }))
}

/// The edit of "convert to multi-stage", or why not.
pub fn convert_command(
    snapshot: &Snapshot,
    uri: &Url,
    options: &Options,
    encoding: PositionEncoding,
) -> Result<WorkspaceEdit, Bail> {
    let refactoring = convert_to_multi_stage(&snapshot.analysis, options)?;
    Ok(workspace_edit(snapshot, uri, &refactoring, encoding))
}
