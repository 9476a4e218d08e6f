//! Every feature at arbitrary positions and ranges on arbitrary text: no
//! panic, ranges inside the document and on character boundaries, edits that
//! do not overlap and apply cleanly, formatting idempotent and harmless.
#![no_main]

use dockerfile_ls::config::{Config, FormatConfig};
use dockerfile_ls::features::completion::{completion, CompletionOptions};
use dockerfile_ls::features::diagnostics::{diagnostics, has_errors};
use dockerfile_ls::features::text_edit::apply_edits;
use dockerfile_ls::features::*;
use dockerfile_ls::model::Analysis;
use dockerfile_ls::syntax::{TextRange, TextSize};
use libfuzzer_sys::fuzz_target;

fn in_doc(text: &str, range: TextRange) {
    let (s, e) = (usize::from(range.start()), usize::from(range.end()));
    assert!(s <= e && e <= text.len(), "range {range:?} outside a document of {} bytes", text.len());
    assert!(text.is_char_boundary(s) && text.is_char_boundary(e), "range {range:?} splits a character");
}

/// Edits inside the document, not overlapping, whose result is a document
/// the server can analyse (the first few only: a real file has a hundred
/// quick fixes, and analysing each result made single inputs take seconds).
fn applies(text: &str, edits: &[TextEdit], analysed: &mut usize) -> String {
    edits.iter().for_each(|e| in_doc(text, e.range));
    let mut ranges: Vec<TextRange> = edits.iter().map(|e| e.range).collect();
    ranges.sort_by_key(|r| (r.start(), r.end()));
    for pair in ranges.windows(2) {
        assert!(pair[0].end() <= pair[1].start(), "overlapping edits {:?} and {:?}", pair[0], pair[1]);
    }
    let result = apply_edits(text, edits);
    if *analysed < 8 {
        *analysed += 1;
        let _ = Analysis::from_text(&result);
    }
    result
}

/// An offset or range end: mostly inside the document, on a character
/// boundary as the server's position conversion gives, sometimes far past it.
fn offset(raw: u16, text: &str) -> u32 {
    if raw & 0x8000 != 0 {
        return u32::from(raw);
    }
    let mut offset = usize::from(raw) % (text.len() + 1);
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset as u32
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let text = String::from_utf8_lossy(&data[4..]).into_owned();
    let a = offset(u16::from_le_bytes([data[0], data[1]]), &text);
    let b = offset(u16::from_le_bytes([data[2], data[3]]), &text);
    let analysis = Analysis::from_text(&text);
    let mut analysed = 0;
    let at = TextSize::from(a);
    let range = TextRange::new(TextSize::from(a.min(b)), TextSize::from(a.max(b)));

    let options = CompletionOptions { snippets: a % 2 == 0, files: None };
    completion(&analysis, at, &options).iter().for_each(|item| in_doc(&text, item.replace));
    if let Some(h) = hover::hover(&analysis, at, None) {
        in_doc(&text, h.range);
    }
    for t in goto_definition::goto_definition(&analysis, at) {
        in_doc(&text, t.full_range);
        in_doc(&text, t.focus_range);
    }
    references::references(&analysis, at, true).iter().for_each(|r| in_doc(&text, r.range));
    document_highlight::document_highlight(&analysis, at).iter().for_each(|h| in_doc(&text, h.range));
    if let Ok(range) = rename::prepare_rename(&analysis, at) {
        in_doc(&text, range);
    }
    if let Ok(edits) = rename::rename(&analysis, at, "renamed") {
        applies(&text, &edits, &mut analysed);
    }
    let _ = signature_help::signature_help(&analysis, at);
    for hint in inlay_hints::inlay_hints(&analysis, range) {
        in_doc(&text, TextRange::empty(hint.offset));
    }
    for chain in selection_ranges::selection_ranges(&analysis, &[at]) {
        chain.iter().for_each(|r| in_doc(&text, *r));
        for pair in chain.windows(2) {
            assert!(pair[1].contains_range(pair[0]), "selection ranges do not nest: {chain:?}");
        }
    }
    folding_ranges::folding_ranges(&analysis).iter().for_each(|f| in_doc(&text, f.range));
    semantic_tokens::semantic_tokens(&analysis).iter().for_each(|t| in_doc(&text, t.range));
    let mut symbols = document_symbols::document_symbols(&analysis);
    while let Some(symbol) = symbols.pop() {
        in_doc(&text, symbol.range);
        in_doc(&text, symbol.selection_range);
        symbols.extend(symbol.children);
    }
    document_links::document_links(&analysis).iter().for_each(|l| in_doc(&text, l.range));
    for lens in code_lens::code_lenses(&analysis, None) {
        in_doc(&text, lens.range);
        lens.locations.iter().for_each(|r| in_doc(&text, *r));
    }

    // Code actions: quick fixes of the diagnostics and refactorings.
    for diagnostic in diagnostics(&analysis, &Config::default()) {
        in_doc(&text, diagnostic.range);
        diagnostic.fixes.iter().for_each(|fix| drop(applies(&text, &fix.edits, &mut analysed)));
    }
    for refactoring in refactor::refactorings(&analysis, range) {
        let result = applies(&text, &refactoring.edits, &mut analysed);
        assert_eq!(result, refactor::apply(&analysis, &refactoring));
    }

    let config = FormatConfig::default();
    let once = formatting::format_text(&analysis, &config);
    let formatted = Analysis::from_text(&once);
    let twice = formatting::format_text(&formatted, &config);
    assert_eq!(once, twice, "formatting is not idempotent");
    assert_eq!(applies(&text, &formatting::format(&analysis, &config, None), &mut analysed), once);
    assert_eq!(has_errors(&analysis), has_errors(&formatted), "formatting changed whether the build fails:\n{once}");
    applies(&text, &formatting::format(&analysis, &config, Some(range)), &mut analysed);
});
