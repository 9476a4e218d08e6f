//! Every feature at arbitrary positions and ranges on arbitrary text: no
//! panic, ranges inside the document, edits that apply, formatting idempotent.
#![no_main]

use dockerfile_ls::config::FormatConfig;
use dockerfile_ls::features::completion::{completion, CompletionOptions};
use dockerfile_ls::features::text_edit::apply_edits;
use dockerfile_ls::features::*;
use dockerfile_ls::model::Analysis;
use dockerfile_ls::syntax::{TextRange, TextSize};
use libfuzzer_sys::fuzz_target;

fn in_doc(text: &str, range: TextRange) {
    let (s, e) = (usize::from(range.start()), usize::from(range.end()));
    assert!(s <= e && e <= text.len(), "range {range:?} outside a document of {} bytes", text.len());
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let (a, b) = (u32::from(u16::from_le_bytes([data[0], data[1]])), u32::from(u16::from_le_bytes([data[2], data[3]])));
    let text = String::from_utf8_lossy(&data[4..]).into_owned();
    let analysis = Analysis::from_text(&text);
    let at = TextSize::from(a);
    let range = TextRange::new(TextSize::from(a.min(b)), TextSize::from(a.max(b)));

    let options = CompletionOptions { snippets: a % 2 == 0, files: None };
    for item in completion(&analysis, at, &options) {
        let _ = item;
    }
    if let Some(h) = hover::hover(&analysis, at, None) {
        in_doc(&text, h.range);
    }
    for t in goto_definition::goto_definition(&analysis, at) {
        in_doc(&text, t.full_range);
        in_doc(&text, t.focus_range);
    }
    for r in references::references(&analysis, at, true) {
        in_doc(&text, r.range);
    }
    let _ = document_highlight::document_highlight(&analysis, at);
    if let Ok(edits) = rename::rename(&analysis, at, "renamed") {
        edits.iter().for_each(|e| in_doc(&text, e.range));
        let renamed = apply_edits(&text, &edits);
        let _ = Analysis::from_text(&renamed);
    }
    let _ = signature_help::signature_help(&analysis, at);
    let _ = inlay_hints::inlay_hints(&analysis, range);
    for chain in selection_ranges::selection_ranges(&analysis, &[at]) {
        chain.iter().for_each(|r| in_doc(&text, *r));
    }
    folding_ranges::folding_ranges(&analysis).iter().for_each(|f| in_doc(&text, f.range));
    semantic_tokens::semantic_tokens(&analysis).iter().for_each(|t| in_doc(&text, t.range));
    let _ = document_symbols::document_symbols(&analysis);
    let _ = document_links::document_links(&analysis);
    let _ = code_lens::code_lenses(&analysis, None);
    for refactoring in refactor::refactorings(&analysis, range) {
        refactoring.edits.iter().for_each(|e| in_doc(&text, e.range));
        let _ = refactor::apply(&analysis, &refactoring);
    }

    let config = FormatConfig::default();
    let once = formatting::format_text(&analysis, &config);
    let twice = formatting::format_text(&Analysis::from_text(&once), &config);
    assert_eq!(once, twice, "formatting is not idempotent");
    let edits = formatting::format(&analysis, &config, Some(range));
    edits.iter().for_each(|e| in_doc(&text, e.range));
});
