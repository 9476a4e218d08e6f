//! LSP conversions for the structural features: document and workspace
//! symbols, folding ranges, selection ranges, formatting, semantic tokens.

use std::sync::atomic::{AtomicU64, Ordering};

use dashmap::DashMap;
use text_size::TextSize;
use tower_lsp::lsp_types as lsp;

use super::convert;
use super::store::Snapshot;
use crate::config::FormatConfig;
use crate::features::document_symbols::{self, FoundSymbol, Symbol, SymbolKind};
use crate::features::folding_ranges::{self, FoldKind};
use crate::features::semantic_tokens::{self, TokenType};
use crate::features::{formatting, selection_ranges};
use crate::syntax::PositionEncoding;

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

/// The token types in the order of [`TokenType::ALL`], and the modifiers.
pub fn semantic_tokens_legend() -> lsp::SemanticTokensLegend {
    lsp::SemanticTokensLegend {
        token_types: TokenType::ALL.iter().map(|&t| semantic_token_type(t)).collect(),
        token_modifiers: vec![lsp::SemanticTokenModifier::DECLARATION],
    }
}

fn semantic_token_type(kind: TokenType) -> lsp::SemanticTokenType {
    match kind {
        TokenType::Keyword => lsp::SemanticTokenType::KEYWORD,
        TokenType::Flag => lsp::SemanticTokenType::PARAMETER,
        TokenType::StageName => lsp::SemanticTokenType::NAMESPACE,
        TokenType::Variable => lsp::SemanticTokenType::VARIABLE,
        TokenType::String => lsp::SemanticTokenType::STRING,
        TokenType::Comment => lsp::SemanticTokenType::COMMENT,
        TokenType::Directive => lsp::SemanticTokenType::MACRO,
        TokenType::HeredocDelimiter => lsp::SemanticTokenType::DECORATOR,
        TokenType::Operator => lsp::SemanticTokenType::OPERATOR,
        TokenType::Property => lsp::SemanticTokenType::PROPERTY,
        TokenType::Number => lsp::SemanticTokenType::NUMBER,
    }
}

/// The tokens of a document, relative-encoded as LSP wants them.
pub fn semantic_tokens(snapshot: &Snapshot, encoding: PositionEncoding) -> Vec<lsp::SemanticToken> {
    let mut out = Vec::new();
    let mut previous = lsp::Position::default();
    for token in semantic_tokens::semantic_tokens(&snapshot.analysis) {
        let range = convert::range(&snapshot.document, token.range, encoding);
        if range.start.line != range.end.line || range.end.character <= range.start.character {
            continue;
        }
        let delta_line = range.start.line - previous.line;
        let delta_start =
            if delta_line == 0 { range.start.character - previous.character } else { range.start.character };
        out.push(lsp::SemanticToken {
            delta_line,
            delta_start,
            length: range.end.character - range.start.character,
            token_type: token.kind.index(),
            token_modifiers_bitset: u32::from(token.declaration),
        });
        previous = range.start;
    }
    out
}

/// The last tokens sent for each document, by result id, for deltas.
#[derive(Default)]
pub struct TokenCache {
    entries: DashMap<lsp::Url, (String, Vec<lsp::SemanticToken>)>,
    next_id: AtomicU64,
}

impl TokenCache {
    pub fn full(&self, uri: &lsp::Url, tokens: Vec<lsp::SemanticToken>) -> lsp::SemanticTokens {
        let result_id = self.next_id.fetch_add(1, Ordering::Relaxed).to_string();
        self.entries.insert(uri.clone(), (result_id.clone(), tokens.clone()));
        lsp::SemanticTokens { result_id: Some(result_id), data: tokens }
    }

    /// Edits from the tokens sent as `previous_id`, or all tokens when that
    /// result is not the last one sent.
    pub fn delta(
        &self,
        uri: &lsp::Url,
        previous_id: &str,
        tokens: Vec<lsp::SemanticToken>,
    ) -> lsp::SemanticTokensFullDeltaResult {
        let previous = self.entries.get(uri).filter(|e| e.0 == previous_id).map(|e| e.1.clone());
        let Some(previous) = previous else {
            return lsp::SemanticTokensFullDeltaResult::Tokens(self.full(uri, tokens));
        };
        let edits = semantic_tokens::diff_tokens(&previous, &tokens)
            .map(|edit| lsp::SemanticTokensEdit {
                // Offsets and counts are in numbers, five per token.
                start: (edit.start * 5) as u32,
                delete_count: (edit.delete_count * 5) as u32,
                data: Some(edit.insert),
            })
            .into_iter()
            .collect();
        let result_id = self.full(uri, tokens).result_id;
        lsp::SemanticTokensFullDeltaResult::TokensDelta(lsp::SemanticTokensDelta { result_id, edits })
    }

    pub fn forget(&self, uri: &lsp::Url) {
        self.entries.remove(uri);
    }
}
