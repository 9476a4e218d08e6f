//! Conversions between protocol-free values and LSP types.

use text_size::{TextRange, TextSize};
use tower_lsp::lsp_types as lsp;

use crate::features::diagnostics::{Diagnostic, Severity};
use crate::features::{Fix, TextEdit};
use crate::syntax::{Document, LineCol, PositionEncoding};

pub fn offset(document: &Document, position: lsp::Position, encoding: PositionEncoding) -> TextSize {
    let offset = document.offset(LineCol { line: position.line, col: position.character }, encoding);
    TextSize::from(offset as u32)
}

pub fn position(document: &Document, offset: TextSize, encoding: PositionEncoding) -> lsp::Position {
    let lc = document.position(usize::from(offset), encoding);
    lsp::Position { line: lc.line, character: lc.col }
}

pub fn range(document: &Document, range: TextRange, encoding: PositionEncoding) -> lsp::Range {
    lsp::Range { start: position(document, range.start(), encoding), end: position(document, range.end(), encoding) }
}

/// An LSP range as byte offsets; inverted ranges are put in order.
pub fn text_range(document: &Document, range: lsp::Range, encoding: PositionEncoding) -> TextRange {
    let a = offset(document, range.start, encoding);
    let b = offset(document, range.end, encoding);
    TextRange::new(a.min(b), a.max(b))
}

pub fn line_col(position: lsp::Position) -> LineCol {
    LineCol { line: position.line, col: position.character }
}

pub fn severity(severity: Severity) -> lsp::DiagnosticSeverity {
    match severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Information => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

pub fn diagnostic(document: &Document, d: &Diagnostic, encoding: PositionEncoding) -> lsp::Diagnostic {
    let mut tags = Vec::new();
    if d.unnecessary {
        tags.push(lsp::DiagnosticTag::UNNECESSARY);
    }
    if d.deprecated {
        tags.push(lsp::DiagnosticTag::DEPRECATED);
    }
    lsp::Diagnostic {
        range: range(document, d.range, encoding),
        severity: Some(severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.code.to_string())),
        code_description: d
            .url
            .as_deref()
            .and_then(|u| lsp::Url::parse(u).ok())
            .map(|href| lsp::CodeDescription { href }),
        source: Some("dockerfile-ls".to_string()),
        message: d.message.clone(),
        related_information: None,
        tags: (!tags.is_empty()).then_some(tags),
        data: None,
    }
}

/// A lens titled `title` that opens the editor's references view on `locations`.
pub fn show_references_lens(
    uri: &lsp::Url,
    range: lsp::Range,
    title: String,
    locations: Vec<lsp::Location>,
) -> lsp::CodeLens {
    let arguments = vec![
        serde_json::json!(uri),
        serde_json::json!(range.start),
        serde_json::to_value(&locations).unwrap_or_default(),
    ];
    lsp::CodeLens {
        range,
        command: Some(lsp::Command {
            title,
            command: "editor.action.showReferences".to_string(),
            arguments: Some(arguments),
        }),
        data: None,
    }
}

pub fn text_edit(document: &Document, edit: &TextEdit, encoding: PositionEncoding) -> lsp::TextEdit {
    lsp::TextEdit { range: range(document, edit.range, encoding), new_text: edit.new_text.clone() }
}

/// The edit of a fix: its text edits in `uri`, and the files it creates
/// (created only when absent, then filled).
pub fn workspace_edit(
    uri: &lsp::Url,
    document: &Document,
    fix: &Fix,
    encoding: PositionEncoding,
) -> lsp::WorkspaceEdit {
    let edits: Vec<lsp::TextEdit> = fix.edits.iter().map(|e| text_edit(document, e, encoding)).collect();
    if fix.create_files.is_empty() {
        return lsp::WorkspaceEdit {
            changes: Some([(uri.clone(), edits)].into_iter().collect()),
            ..Default::default()
        };
    }
    let mut operations = Vec::new();
    if !edits.is_empty() {
        operations.push(document_edit(uri.clone(), edits));
    }
    for file in &fix.create_files {
        let Ok(new_uri) = uri.join(&file.relative_path) else { continue };
        let options = lsp::CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(true) };
        operations.push(lsp::DocumentChangeOperation::Op(lsp::ResourceOp::Create(lsp::CreateFile {
            uri: new_uri.clone(),
            options: Some(options),
            annotation_id: None,
        })));
        let start = lsp::Position::new(0, 0);
        let insert = lsp::TextEdit { range: lsp::Range::new(start, start), new_text: file.text.clone() };
        operations.push(document_edit(new_uri, vec![insert]));
    }
    lsp::WorkspaceEdit { document_changes: Some(lsp::DocumentChanges::Operations(operations)), ..Default::default() }
}

fn document_edit(uri: lsp::Url, edits: Vec<lsp::TextEdit>) -> lsp::DocumentChangeOperation {
    lsp::DocumentChangeOperation::Edit(lsp::TextDocumentEdit {
        text_document: lsp::OptionalVersionedTextDocumentIdentifier { uri, version: None },
        edits: edits.into_iter().map(lsp::OneOf::Left).collect(),
    })
}
