//! LSP conversions for the structural features: document and workspace
//! symbols, folding ranges, selection ranges, formatting.

use text_size::TextSize;
use tower_lsp::lsp_types as lsp;

use super::convert;
use crate::config::FormatConfig;
use crate::features::document_symbols::{self, FoundSymbol, Symbol, SymbolKind};
use crate::features::folding_ranges::{self, FoldKind};
use crate::features::{formatting, selection_ranges};
use crate::syntax::PositionEncoding;

use super::store::Snapshot;

fn symbol_kind(kind: SymbolKind) -> lsp::SymbolKind {
    match kind {
        SymbolKind::Stage => lsp::SymbolKind::MODULE,
        SymbolKind::Instruction => lsp::SymbolKind::FUNCTION,
        SymbolKind::Variable => lsp::SymbolKind::VARIABLE,
    }
}

pub fn document_symbols(snapshot: &Snapshot, encoding: PositionEncoding) -> lsp::DocumentSymbolResponse {
    let symbols = document_symbols::document_symbols(&snapshot.analysis);
    lsp::DocumentSymbolResponse::Nested(symbols.iter().map(|s| document_symbol(snapshot, s, encoding)).collect())
}

#[allow(deprecated)] // `deprecated` is a required field of the struct.
fn document_symbol(snapshot: &Snapshot, symbol: &Symbol, encoding: PositionEncoding) -> lsp::DocumentSymbol {
    let children: Vec<_> = symbol.children.iter().map(|c| document_symbol(snapshot, c, encoding)).collect();
    lsp::DocumentSymbol {
        name: symbol.name.clone(),
        detail: symbol.detail.clone(),
        kind: symbol_kind(symbol.kind),
        tags: None,
        deprecated: None,
        range: convert::range(&snapshot.document, symbol.range, encoding),
        selection_range: convert::range(&snapshot.document, symbol.selection_range, encoding),
        children: (!children.is_empty()).then_some(children),
    }
}

#[allow(deprecated)] // `deprecated` is a required field of the struct.
pub fn workspace_symbol(
    snapshot: &Snapshot,
    uri: &lsp::Url,
    found: &FoundSymbol,
    encoding: PositionEncoding,
) -> lsp::SymbolInformation {
    lsp::SymbolInformation {
        name: found.name.clone(),
        kind: symbol_kind(found.kind),
        tags: None,
        deprecated: None,
        location: lsp::Location { uri: uri.clone(), range: convert::range(&snapshot.document, found.range, encoding) },
        container_name: found.container.clone(),
    }
}

pub fn folding_ranges(snapshot: &Snapshot, encoding: PositionEncoding) -> Vec<lsp::FoldingRange> {
    folding_ranges::folding_ranges(&snapshot.analysis)
        .into_iter()
        .map(|fold| {
            let range = convert::range(&snapshot.document, fold.range, encoding);
            lsp::FoldingRange {
                start_line: range.start.line,
                start_character: None,
                end_line: range.end.line,
                end_character: None,
                kind: Some(match fold.kind {
                    FoldKind::Region => lsp::FoldingRangeKind::Region,
                    FoldKind::Comment => lsp::FoldingRangeKind::Comment,
                }),
                collapsed_text: None,
            }
        })
        .filter(|f| f.start_line < f.end_line)
        .collect()
}

pub fn selection_ranges(
    snapshot: &Snapshot,
    positions: &[lsp::Position],
    encoding: PositionEncoding,
) -> Vec<lsp::SelectionRange> {
    let offsets: Vec<TextSize> = positions.iter().map(|&p| convert::offset(&snapshot.document, p, encoding)).collect();
    selection_ranges::selection_ranges(&snapshot.analysis, &offsets)
        .into_iter()
        .map(|chain| {
            let mut parent: Option<Box<lsp::SelectionRange>> = None;
            for range in chain.into_iter().rev() {
                let range = convert::range(&snapshot.document, range, encoding);
                parent = Some(Box::new(lsp::SelectionRange { range, parent }));
            }
            parent.map_or_else(|| lsp::SelectionRange { range: lsp::Range::default(), parent: None }, |b| *b)
        })
        .collect()
}

pub fn formatting(
    snapshot: &Snapshot,
    config: &FormatConfig,
    range: Option<lsp::Range>,
    encoding: PositionEncoding,
) -> Vec<lsp::TextEdit> {
    let range = range.map(|r| convert::text_range(&snapshot.document, r, encoding));
    formatting::format(&snapshot.analysis, config, range)
        .iter()
        .map(|edit| convert::text_edit(&snapshot.document, edit, encoding))
        .collect()
}
