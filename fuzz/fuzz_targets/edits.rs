//! A random sequence of edits (single or batched, any range, inverted or past
//! the end, full replacements) applied incrementally must give the same text as
//! a plain string model, and the same line index, tree and diagnostics as a
//! fresh parse of the final text.
//!
//! Like the server, it keeps one `Arc<Analysis>` through the sequence, built
//! with `Analysis::incremental` after every batch, and one diagnostics
//! `Cache` carried through `diagnostics_cached`: after every batch the
//! logical file, the model and the cached diagnostics must equal those of a
//! fresh analysis of the same text.
//!
//! Input: a first byte (bit 0: position encoding; bit 1: another handle on the
//! previous analysis is held while the next is built, as a request handler
//! would; bits 2..5: the starting document), then 5 bytes per change (start
//! line, start column, end line, end column, piece). A set high bit of the
//! piece byte batches the change with the next one; a set high bit of the
//! start line byte skips the diagnostics of that batch, so that the next pass
//! gets a cache of an older version, as when the server skips versions.
#![no_main]

use std::sync::Arc;

use dockerfile_ls::config::Config;
use dockerfile_ls::features::diagnostics::{diagnostics, diagnostics_cached, Cache};
use dockerfile_ls::features::FileContext;
use dockerfile_ls::model::Analysis;
use dockerfile_ls::syntax::{Document, LineCol, PositionEncoding, TextChange};
use libfuzzer_sys::fuzz_target;

const PIECES: &[&str] = &[
    "FROM a AS b\n",
    "\\\n",
    "RUN <<EOF\n",
    "EOF\n",
    "é",
    "😀",
    "\r\n",
    "\r",
    "\n",
    "$X",
    "${A:-${B}}",
    "--from=b ",
    "\"",
    "'",
    "[\"x\"]",
    "# escape=`\n",
    "`\n",
    "ARG A=1\n",
    "COPY <<-X /f\n",
    "\tX\n",
    "ONBUILD ",
    "\0",
    "",
    " ",
    "#",
    "# syntax=docker/dockerfile:1\n",
    "# check=skip=all\n",
    "FROM b\n",
    "COPY --from=b . .\n",
    "ENV A=$A B=${A}\n",
    "WORKDIR /w\n",
    "RUN --mount=type=cache,target=/c,from=b x\n",
    "SHELL [\"sh\", \"-c\"]\n",
    "CMD [\"a\"]\n",
    "HEALTHCHECK CMD x\n",
    "EXPOSE 80\n",
    "USER u\n",
    "LABEL a=b\n",
    "ARG",
    "<<",
    "EOF",
    "a",
    "-",
    "=",
];

const STARTS: &[&str] = &[
    "FROM alpine\nRUN echo hi\n",
    "ARG V=1\nFROM alpine:$V AS base\nARG V\nENV P=/p\nRUN echo $P \\\n  && echo $V\n\
     FROM base AS build\nCOPY --from=base /a /b\nONBUILD RUN x\nFROM scratch\nCOPY --from=build /b /c\n",
    "# escape=`\nFROM a\nRUN x `\n  y\nWORKDIR C:\\w\nRUN echo \\\n",
    "# syntax=docker/dockerfile:1\nFROM a AS b\nRUN <<EOF\necho 1\nEOF\nCOPY <<-X /f\n\tX\nRUN <<A <<B\na\nA\nb\nB\n",
    "FROM a\nRUN a \\\n# comment\n\n  b \\\n  c\nCMD [\"x\", \\\n \"y\"]\n",
];

const FULL_REPLACEMENT: &str = "# syntax=docker/dockerfile:1\r\nFROM alpine AS base\rRUN <<A\n\techo é\nA\n";

fuzz_target!(|data: &[u8]| {
    let Some((&seed, ops)) = data.split_first() else { return };
    let encoding = if seed % 2 == 0 { PositionEncoding::Utf16 } else { PositionEncoding::Utf8 };
    let hold_previous = seed & 2 != 0;
    let mut doc = Document::new(STARTS[usize::from(seed >> 2) % STARTS.len()]);
    let mut model = doc.text().to_string();
    let config = Config::default();
    let mut analysis = Arc::new(Analysis::new(&doc));
    let mut cache = Cache::default();
    let mut batch = Vec::new();
    let mut check_diagnostics = true;
    for op in ops.chunks_exact(5) {
        let &[l1, c1, l2, c2, p] = op else { continue };
        let start = LineCol { line: u32::from(l1 % 16), col: u32::from(c1 % 40) };
        let end = LineCol { line: u32::from(l2 % 16), col: u32::from(c2 % 40) };
        check_diagnostics &= l1 & 0x80 == 0;
        let piece = usize::from(p & 0x7f);
        let change = if piece == 0x7f {
            TextChange { range: None, text: FULL_REPLACEMENT.to_string() }
        } else {
            TextChange { range: Some((start, end)), text: PIECES[piece % PIECES.len()].to_string() }
        };
        apply_to_model(&mut model, &change, encoding);
        batch.push(change);
        // The high bit batches this change with the next one, as one didChange.
        if p & 0x80 == 0 {
            doc.apply_changes(&batch, encoding);
            batch.clear();
            analysis = next_analysis(&doc, analysis, hold_previous);
            assert_same_analysis(&analysis, &config, check_diagnostics.then_some(&mut cache));
            check_diagnostics = true;
        }
    }
    doc.apply_changes(&batch, encoding);
    analysis = next_analysis(&doc, analysis, hold_previous);
    assert_same_analysis(&analysis, &config, Some(&mut cache));

    assert_eq!(&**doc.text(), model, "incremental text differs from the string model");
    let fresh = Document::new(doc.text());
    assert_same_positions(&doc, &fresh);
    assert_same_tree(&doc, &fresh);
    let edited = diagnostics(&Analysis::new(&doc), &config);
    let expected = diagnostics(&Analysis::new(&fresh), &config);
    assert_eq!(edited, expected, "incremental diagnostics differ from a fresh parse");
});

/// What the server's store does on a didChange; with `hold_previous`, the
/// previous analysis is still shared (copied, not taken apart).
fn next_analysis(doc: &Document, previous: Arc<Analysis>, hold_previous: bool) -> Arc<Analysis> {
    let held = hold_previous.then(|| previous.clone());
    let next = Arc::new(Analysis::incremental(doc, previous));
    drop(held);
    next
}

/// The incremental analysis (and, given the cache, the cached diagnostics)
/// equal a fresh analysis of the same text.
fn assert_same_analysis(analysis: &Analysis, config: &Config, cache: Option<&mut Cache>) {
    let fresh = Analysis::from_text(&analysis.text);
    assert_eq!(analysis.file, fresh.file, "incremental logical file differs from a fresh split");
    assert_eq!(analysis.model, fresh.model, "incremental model differs from a fresh build");
    if let Some(cache) = cache {
        let cached = diagnostics_cached(analysis, config, &FileContext::UNKNOWN, false, cache);
        assert_eq!(cached, diagnostics(&fresh, config), "cached diagnostics differ from a fresh pass");
    }
}

/// The LSP meaning of a change on a plain string: lines end at `\n`, `\r\n` or
/// `\r`; positions past a line's end clamp to it, past the last line to the end
/// of the text, inside a character to its start; an end before the start is the start.
fn apply_to_model(model: &mut String, change: &TextChange, encoding: PositionEncoding) {
    match change.range {
        None => *model = change.text.clone(),
        Some((start, end)) => {
            let start = model_offset(model, start, encoding);
            let end = model_offset(model, end, encoding).max(start);
            model.replace_range(start..end, &change.text);
        }
    }
}

fn model_offset(text: &str, pos: LineCol, encoding: PositionEncoding) -> usize {
    let mut line_start = 0;
    for _ in 0..pos.line {
        match line_break_after(text, line_start) {
            Some((_, next_line)) => line_start = next_line,
            None => return text.len(),
        }
    }
    let content_end = line_break_after(text, line_start).map_or(text.len(), |(at, _)| at);
    let (mut units, mut offset) = (0, line_start);
    for c in text[line_start..content_end].chars() {
        let width = match encoding {
            PositionEncoding::Utf8 => c.len_utf8(),
            PositionEncoding::Utf16 => c.len_utf16(),
        };
        if units + width > pos.col as usize {
            break;
        }
        units += width;
        offset += c.len_utf8();
    }
    offset
}

/// `(where the break starts, where the next line starts)`.
fn line_break_after(text: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let at = from + bytes[from..].iter().position(|&b| b == b'\n' || b == b'\r')?;
    let len = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') { 2 } else { 1 };
    Some((at, at + len))
}

/// The edited document's line index answers like a fresh one (and like the model).
fn assert_same_positions(doc: &Document, fresh: &Document) {
    for encoding in [PositionEncoding::Utf8, PositionEncoding::Utf16] {
        for line in 0..12 {
            for col in 0..32 {
                let pos = LineCol { line, col };
                let offset = doc.offset(pos, encoding);
                assert_eq!(offset, fresh.offset(pos, encoding), "offset of {pos:?}");
                assert_eq!(offset, model_offset(doc.text(), pos, encoding), "offset of {pos:?} in the model");
            }
        }
        for offset in (0..=doc.len()).filter(|&o| doc.text().is_char_boundary(o)) {
            assert_eq!(doc.position(offset, encoding), fresh.position(offset, encoding), "position of {offset}");
        }
    }
}

/// Same nodes with the same byte ranges and points, not just the same shape.
fn assert_same_tree(doc: &Document, fresh: &Document) {
    assert_eq!(doc.tree().to_sexp(), fresh.tree().to_sexp(), "incremental tree differs from a fresh parse");
    let (Some(a), Some(b)) = (doc.tree().root(), fresh.tree().root()) else {
        assert!(doc.tree().root().is_none() && fresh.tree().root().is_none());
        return;
    };
    let (mut a, mut b) = (a.walk(), b.walk());
    loop {
        let (x, y) = (a.node(), b.node());
        assert_eq!(
            (x.kind(), x.byte_range(), x.start_position(), x.end_position(), x.is_missing()),
            (y.kind(), y.byte_range(), y.start_position(), y.end_position(), y.is_missing()),
            "incremental node differs from a fresh parse"
        );
        if a.goto_first_child() {
            assert!(b.goto_first_child(), "fresh node has no children");
            continue;
        }
        assert!(!b.goto_first_child(), "fresh node has more children");
        loop {
            if a.goto_next_sibling() {
                assert!(b.goto_next_sibling(), "fresh node has fewer siblings");
                break;
            }
            assert!(!b.goto_next_sibling(), "fresh node has more siblings");
            if !a.goto_parent() {
                return;
            }
            assert!(b.goto_parent());
        }
    }
}
