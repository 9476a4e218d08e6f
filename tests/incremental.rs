//! Property test of the incremental path: random edit sequences applied
//! through `Document::apply_changes` (UTF-16 and UTF-8 positions computed from
//! the current text) must leave the same text, the same tree-sitter tree and
//! the same diagnostics as a fresh `Document::new` of the final text; the
//! analysis kept up to date through `Analysis::incremental` after each batch
//! must have the same logical file and model as a fresh analysis.

use std::sync::Arc;

use dockerfile_ls::config::Config;
use dockerfile_ls::features::diagnostics::diagnostics;
use dockerfile_ls::model::Analysis;
use dockerfile_ls::syntax::{Document, LineCol, PositionEncoding, SyntaxTree, TextChange};
use proptest::prelude::*;

mod random_edits;
mod shared_corpus;

use random_edits::{cases, Edit, Rng};

/// Pieces that stress the syntax layer: multi-byte and astral characters,
/// CRLF and lone CR, continuations, heredoc markers and terminators, quotes,
/// comments, directives and JSON forms.
const FRAGMENTS: &[&str] = &[
    "FROM alpine AS build\n",
    "RUN echo é \\\n  && ls\n",
    "RUN <<EOF\necho 😀\nEOF\n",
    "COPY <<-'X' /a\n\tbody\n\tX\n",
    "ENV A=1 B=\"two words\"\r\n",
    "ARG V=${X:-y}\n",
    "# escape=`\n",
    "# comment é\n",
    "CMD [\"a\", \"😀\"]\n",
    "COPY --from=build /a /b\n",
    "\\\n",
    "\r\n",
    "\r",
    "\n",
    "é",
    "😀",
    "<<EOF",
    "EOF\n",
    "\"",
    "'",
    "\\",
    " ",
    "\t",
    "x",
    "RUN",
    "--mount=type=cache,target=/x ",
    "ONBUILD RUN <<A\nA\n",
    "HEALTHCHECK CMD [\"x\"]\n",
    "\u{feff}",
];

/// Line and column of a byte offset as an LSP client computes them, from the text alone.
fn line_col(text: &str, offset: usize, encoding: PositionEncoding) -> LineCol {
    let mut line = 0;
    let mut line_start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < offset {
        match bytes[i] {
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => {
                line += 1;
                line_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    let prefix = &text[line_start..offset];
    let col = match encoding {
        PositionEncoding::Utf8 => prefix.len(),
        PositionEncoding::Utf16 => prefix.encode_utf16().count(),
    };
    LineCol { line, col: col as u32 }
}

/// The nearest char boundary at or before `offset` that is not inside a CRLF
/// pair (LSP positions cannot point between `\r` and `\n`).
fn snap(text: &str, offset: usize) -> usize {
    let mut offset = random_edits::floor_char_boundary(text, offset);
    if offset > 0 && text.as_bytes()[offset - 1] == b'\r' && text.as_bytes().get(offset) == Some(&b'\n') {
        offset -= 1;
    }
    offset
}

/// Turns an edit into an LSP change on `shadow`, and applies it there too.
fn to_change(shadow: &mut String, edit: &Edit, encoding: PositionEncoding) -> TextChange {
    let start = snap(shadow, (edit.at * shadow.len() as f64) as usize);
    let end = snap(shadow, start + edit.remove).max(start);
    let range = (line_col(shadow, start, encoding), line_col(shadow, end, encoding));
    shadow.replace_range(start..end, &edit.insert);
    TextChange { range: Some(range), text: edit.insert.clone() }
}

fn diagnostics_of(analysis: &Analysis) -> Vec<String> {
    diagnostics(analysis, &Config::default())
        .iter()
        .map(|d| format!("{:?} {} {}", d.range, d.code, d.message))
        .collect()
}

fn check_sequence(initial: &str, batches: &[Vec<Edit>], encoding: PositionEncoding) -> Result<(), TestCaseError> {
    let mut document = Document::new(initial);
    let mut shadow = initial.to_string();
    // The tree is parsed when first read: read it at some versions only, so
    // that both one batch and several batches of edits meet a reparse.
    let _ = document.tree().root();
    let mut analysis = Arc::new(Analysis::new(&document));
    for (i, batch) in batches.iter().enumerate() {
        let changes: Vec<TextChange> = batch.iter().map(|e| to_change(&mut shadow, e, encoding)).collect();
        document.apply_changes(&changes, encoding);
        prop_assert_eq!(&**document.text(), shadow.as_str());
        if i % 3 == 0 {
            let _ = document.tree().root();
        }
        analysis = Arc::new(Analysis::incremental(&document, analysis));
        let fresh = Analysis::from_text(&shadow);
        prop_assert_eq!(&analysis.file, &fresh.file, "text: {:?}", shadow);
        prop_assert_eq!(&analysis.model, &fresh.model, "text: {:?}", shadow);
    }
    let fresh = Analysis::new(&Document::new(&shadow));
    prop_assert_eq!(document.tree().to_sexp(), SyntaxTree::parse(&shadow).to_sexp(), "text: {:?}", shadow);
    prop_assert_eq!(diagnostics_of(&analysis), diagnostics_of(&fresh), "text: {:?}", shadow);
    Ok(())
}

fn batches() -> impl Strategy<Value = Vec<Vec<Edit>>> {
    prop::collection::vec(prop::collection::vec(random_edits::edit(FRAGMENTS, 40), 1..4), 1..12)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn utf16_edits_equal_a_fresh_parse(initial in random_edits::text(FRAGMENTS, 12), batches in batches()) {
        check_sequence(&initial, &batches, PositionEncoding::Utf16)?;
    }

    #[test]
    fn utf8_edits_equal_a_fresh_parse(initial in random_edits::text(FRAGMENTS, 12), batches in batches()) {
        check_sequence(&initial, &batches, PositionEncoding::Utf8)?;
    }
}

#[test]
fn typing_a_heredoc_character_by_character() {
    let target = "FROM a\nRUN <<EOF\necho 😀 é\r\nEOF\nCOPY a b\n";
    let edits: Vec<Vec<Edit>> = target
        .char_indices()
        .map(|(i, c)| vec![Edit { at: i as f64 / i.max(1) as f64, remove: 0, insert: c.to_string() }])
        .collect();
    check_sequence("", &edits, PositionEncoding::Utf16).expect("incremental equals fresh");
}

/// Found by the property test: tree-sitter's error recovery reused an old
/// subtree and put an ERROR inside the ARG that a fresh parse does not have.
#[test]
fn error_recovery_does_not_depend_on_the_edit_history() {
    let initial = "ARG V=${X:-y}\n\\\nCMD [\"a\", \"😀\"]\nFROM alpine AS build\nFROM alpine AS build\n\
                   FROM alpine AS build\nFROM alpine AS build\nFROM alpine AS build\n";
    let edit = |at: f64, remove: usize, insert: &str| Edit { at, remove, insert: insert.to_string() };
    let batches = vec![
        vec![
            edit(0.9852128506959006, 0, "--mount=type=cache,target=/x "),
            edit(0.7266474121345482, 0, "FROM alpine AS build\n"),
        ],
        vec![edit(0.03536783547135371, 10, "")],
        vec![edit(0.2888701502989472, 0, "")],
    ];
    check_sequence(initial, &batches, PositionEncoding::Utf8).expect("incremental equals fresh");
}

/// Edits that change what later instructions see: stages, their names,
/// variables, references.
const MODEL_EDITS: &[&str] = &[
    "x",
    "FROM alpine AS build\n",
    "AS x ",
    "ARG V=${X:-y}\n",
    "ENV PATH=/x:$PATH X=$V\n",
    "COPY --from=build /a /b\n",
    "RUN --mount=from=0,target=/m echo $X\n",
    "\\\n",
    "\n",
];

/// Each real file edited a few times in a row, every version analysed from the previous one.
#[test]
fn random_edits_of_the_real_corpus_analyse_like_a_fresh_analysis() {
    let Some(dir) = shared_corpus::folder("real", "the incremental analysis over real files") else { return };
    let (mut instructions, mut carried) = (0, 0);
    for (n, path) in shared_corpus::files_in(&dir).iter().enumerate() {
        let mut text = shared_corpus::read(path);
        let mut analysis = Arc::new(Analysis::from_text(&text));
        let mut rng = Rng(0x2545_f491_4f6c_dd1d ^ (n as u64 + 1));
        for _ in 0..4 {
            let at = snap(&text, rng.below(text.len() + 1));
            let end = snap(&text, at + [0, 1, 10][rng.below(3)]).max(at);
            text.replace_range(at..end, MODEL_EDITS[rng.below(MODEL_EDITS.len())]);
            analysis = Arc::new(Analysis::incremental(&Document::new(&text), analysis));
            let fresh = Analysis::from_text(&text);
            assert!(analysis.file == fresh.file, "{}: logical lines differ for {text:?}", path.display());
            assert!(analysis.model == fresh.model, "{}: model differs for {text:?}", path.display());
            instructions += analysis.file.instructions.len();
            carried += analysis.carried.iter().flatten().count();
        }
    }
    eprintln!("carried {carried} of {instructions} instructions");
    assert!(carried * 2 > instructions, "most instructions are carried over: {carried} of {instructions}");
}
