//! A random sequence of edits applied incrementally must give the same text,
//! tree and diagnostics as a fresh parse of the final text.
#![no_main]

use dockerfile_ls::config::Config;
use dockerfile_ls::features::diagnostics::diagnostics;
use dockerfile_ls::model::Analysis;
use dockerfile_ls::syntax::{Document, LineCol, PositionEncoding, TextChange};
use libfuzzer_sys::fuzz_target;

const PIECES: &[&str] = &["FROM a AS b\n", "\\\n", "RUN <<EOF\n", "EOF\n", "é", "😀", "\r\n", "\r", "$X", "--from=b ", "\"", "[\"x\"]", "# escape=`\n", "`\n", ""];

fuzz_target!(|data: &[u8]| {
    let Some((&seed, ops)) = data.split_first() else { return };
    let encoding = if seed % 2 == 0 { PositionEncoding::Utf16 } else { PositionEncoding::Utf8 };
    let mut doc = Document::new("FROM alpine\nRUN echo hi\n");
    for op in ops.chunks(5) {
        let [l1, c1, l2, c2, p] = match op {
            [a, b, c, d, e] => [*a, *b, *c, *d, *e],
            _ => continue,
        };
        let start = LineCol { line: u32::from(l1 % 8), col: u32::from(c1 % 24) };
        let end = LineCol { line: u32::from(l2 % 8), col: u32::from(c2 % 24) };
        let (start, end) = if start <= end { (start, end) } else { (end, start) };
        let text = PIECES[usize::from(p) % PIECES.len()].to_string();
        doc.apply_changes(&[TextChange { range: Some((start, end)), text }], encoding);
    }
    let fresh = Document::new(doc.text());
    assert_eq!(doc.tree().to_sexp(), fresh.tree().to_sexp(), "incremental tree differs from a fresh parse");
    let config = Config::default();
    let edited = diagnostics(&Analysis::new(&doc), &config);
    let expected = diagnostics(&Analysis::new(&fresh), &config);
    assert_eq!(edited, expected);
});
