//! Conversions between protocol-free values and LSP types.

use text_size::{TextRange, TextSize};
use tower_lsp::lsp_types as lsp;

use crate::features::diagnostics::{Diagnostic, Severity};
use crate::features::TextEdit;
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

pub fn text_edit(document: &Document, edit: &TextEdit, encoding: PositionEncoding) -> lsp::TextEdit {
    lsp::TextEdit { range: range(document, edit.range, encoding), new_text: edit.new_text.clone() }
}
