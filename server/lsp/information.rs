//! LSP glue for the information features: hover, inlay hints, document
//! links, code lenses and signature help.

use std::path::PathBuf;

use tower_lsp::lsp_types as lsp;

use super::convert;
use super::store::Snapshot;
use crate::features::code_lens::code_lenses;
use crate::features::document_links::{document_links, LinkTarget};
use crate::features::hover::hover;
use crate::features::inlay_hints::inlay_hints;
use crate::features::signature_help::signature_help;
use crate::syntax::PositionEncoding;

pub fn hover_at(
    snapshot: &Snapshot,
    params: &lsp::TextDocumentPositionParams,
    encoding: PositionEncoding,
    target: Option<&str>,
) -> Option<lsp::Hover> {
    let offset = convert::offset(&snapshot.document, params.position, encoding);
    let found = hover(&snapshot.analysis, offset, target)?;
    Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: found.markdown,
        }),
        range: Some(convert::range(&snapshot.document, found.range, encoding)),
    })
}

pub fn hints(snapshot: &Snapshot, range: lsp::Range, encoding: PositionEncoding) -> Vec<lsp::InlayHint> {
    let range = convert::text_range(&snapshot.document, range, encoding);
    inlay_hints(&snapshot.analysis, range)
        .into_iter()
        .map(|h| lsp::InlayHint {
            position: convert::position(&snapshot.document, h.offset, encoding),
            label: lsp::InlayHintLabel::String(h.label),
            kind: None,
            text_edits: None,
            tooltip: Some(lsp::InlayHintTooltip::String(h.tooltip)),
            padding_left: Some(true),
            padding_right: None,
            data: None,
        })
        .collect()
}

/// Context paths become `file:` links when the file exists in the
/// Dockerfile's folder (inside the workspace).
pub fn links(
    snapshot: &Snapshot,
    uri: &lsp::Url,
    encoding: PositionEncoding,
    workspace: &[PathBuf],
) -> Vec<lsp::DocumentLink> {
    let context = uri
        .to_file_path()
        .ok()
        .and_then(|p| p.parent().and_then(|d| d.canonicalize().ok()))
        .filter(|dir| workspace.iter().any(|w| dir.starts_with(w)));
    document_links(&snapshot.analysis)
        .into_iter()
        .filter_map(|link| {
            let target = match link.target {
                LinkTarget::Url(url) => lsp::Url::parse(&url).ok()?,
                LinkTarget::ContextPath(path) => {
                    let dir = context.as_ref()?;
                    let file = dir.join(path).canonicalize().ok()?;
                    if !file.starts_with(dir) {
                        return None;
                    }
                    lsp::Url::from_file_path(file).ok()?
                }
            };
            Some(lsp::DocumentLink {
                range: convert::range(&snapshot.document, link.range, encoding),
                target: Some(target),
                tooltip: None,
                data: None,
            })
        })
        .collect()
}

/// Lenses run the client's "show references" command with their locations.
pub fn lenses(
    snapshot: &Snapshot,
    uri: &lsp::Url,
    encoding: PositionEncoding,
    target: Option<&str>,
) -> Vec<lsp::CodeLens> {
    code_lenses(&snapshot.analysis, target)
        .into_iter()
        .map(|lens| {
            let range = convert::range(&snapshot.document, lens.range, encoding);
            let locations: Vec<lsp::Location> = lens
                .locations
                .iter()
                .map(|r| lsp::Location { uri: uri.clone(), range: convert::range(&snapshot.document, *r, encoding) })
                .collect();
            convert::show_references_lens(uri, range, lens.title, locations)
        })
        .collect()
}

pub fn signatures(
    snapshot: &Snapshot,
    params: &lsp::TextDocumentPositionParams,
    encoding: PositionEncoding,
) -> Option<lsp::SignatureHelp> {
    let offset = convert::offset(&snapshot.document, params.position, encoding);
    let help = signature_help(&snapshot.analysis, offset)?;
    let signatures = help
        .signatures
        .into_iter()
        .map(|s| {
            let parameters = s
                .parameters
                .iter()
                .map(|&(start, end)| lsp::ParameterInformation {
                    label: lsp::ParameterLabel::LabelOffsets([
                        utf16_len(&s.label[..start]),
                        utf16_len(&s.label[..end]),
                    ]),
                    documentation: None,
                })
                .collect();
            lsp::SignatureInformation {
                label: s.label,
                documentation: Some(lsp::Documentation::MarkupContent(lsp::MarkupContent {
                    kind: lsp::MarkupKind::Markdown,
                    value: s.documentation,
                })),
                parameters: Some(parameters),
                active_parameter: None,
            }
        })
        .collect();
    Some(lsp::SignatureHelp {
        signatures,
        active_signature: Some(help.active_signature as u32),
        active_parameter: help.active_parameter.map(|p| p as u32),
    })
}

/// Parameter offsets are in UTF-16 code units, whatever the position encoding.
fn utf16_len(text: &str) -> u32 {
    text.encode_utf16().count() as u32
}
