//! LSP glue for the navigation features: definition, references, document
//! highlight and rename. Each function converts positions, calls the
//! protocol-free feature and converts its result back.

use tower_lsp::jsonrpc;
use tower_lsp::lsp_types::*;

use super::convert;
use super::store::Snapshot;
use crate::features::document_highlight::{document_highlight, HighlightKind};
use crate::features::goto_definition::goto_definition;
use crate::features::references::references;
use crate::features::rename::{prepare_rename, rename};
use crate::syntax::PositionEncoding;

pub fn definition(
    snapshot: &Snapshot,
    params: &TextDocumentPositionParams,
    encoding: PositionEncoding,
    link_support: bool,
) -> Option<GotoDefinitionResponse> {
    let document = &snapshot.document;
    let offset = convert::offset(document, params.position, encoding);
    let targets = goto_definition(&snapshot.analysis, offset);
    if targets.is_empty() {
        return None;
    }
    let uri = &params.text_document.uri;
    if link_support {
        let links = targets
            .iter()
            .map(|t| LocationLink {
                origin_selection_range: None,
                target_uri: uri.clone(),
                target_range: convert::range(document, t.full_range, encoding),
                target_selection_range: convert::range(document, t.focus_range, encoding),
            })
            .collect();
        return Some(GotoDefinitionResponse::Link(links));
    }
    let locations = targets
        .iter()
        .map(|t| Location { uri: uri.clone(), range: convert::range(document, t.focus_range, encoding) })
        .collect();
    Some(GotoDefinitionResponse::Array(locations))
}

pub fn find_references(snapshot: &Snapshot, params: &ReferenceParams, encoding: PositionEncoding) -> Vec<Location> {
    let position = &params.text_document_position;
    let offset = convert::offset(&snapshot.document, position.position, encoding);
    references(&snapshot.analysis, offset, params.context.include_declaration)
        .iter()
        .map(|r| Location {
            uri: position.text_document.uri.clone(),
            range: convert::range(&snapshot.document, r.range, encoding),
        })
        .collect()
}

pub fn highlight(
    snapshot: &Snapshot,
    params: &TextDocumentPositionParams,
    encoding: PositionEncoding,
) -> Vec<DocumentHighlight> {
    let offset = convert::offset(&snapshot.document, params.position, encoding);
    document_highlight(&snapshot.analysis, offset)
        .iter()
        .map(|h| DocumentHighlight {
            range: convert::range(&snapshot.document, h.range, encoding),
            kind: Some(match h.kind {
                HighlightKind::Read => DocumentHighlightKind::READ,
                HighlightKind::Write => DocumentHighlightKind::WRITE,
            }),
        })
        .collect()
}

pub fn prepare(
    snapshot: &Snapshot,
    params: &TextDocumentPositionParams,
    encoding: PositionEncoding,
) -> jsonrpc::Result<Option<PrepareRenameResponse>> {
    let offset = convert::offset(&snapshot.document, params.position, encoding);
    match prepare_rename(&snapshot.analysis, offset) {
        Ok(range) => Ok(Some(PrepareRenameResponse::Range(convert::range(&snapshot.document, range, encoding)))),
        Err(e) => Err(jsonrpc::Error::invalid_params(e.message())),
    }
}

pub fn rename_edit(
    snapshot: &Snapshot,
    params: &RenameParams,
    encoding: PositionEncoding,
) -> jsonrpc::Result<Option<WorkspaceEdit>> {
    let position = &params.text_document_position;
    let offset = convert::offset(&snapshot.document, position.position, encoding);
    let edits = rename(&snapshot.analysis, offset, &params.new_name)
        .map_err(|e| jsonrpc::Error::invalid_params(e.message()))?;
    let edits = edits.iter().map(|e| convert::text_edit(&snapshot.document, e, encoding)).collect();
    let changes = [(position.text_document.uri.clone(), edits)].into_iter().collect();
    Ok(Some(WorkspaceEdit { changes: Some(changes), ..Default::default() }))
}
