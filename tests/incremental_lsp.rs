//! The incremental path through the real server over stdio: random edits sent
//! as `didChange` (UTF-16 positions computed from the current text) must end
//! with the same published diagnostics as a second document opened with the
//! final text.

mod common;

use common::Server;
use proptest::prelude::*;
use serde_json::{json, Value};

const EDITED: &str = "file:///work/edited/Dockerfile";
const FRESH: &str = "file:///work/fresh/Dockerfile";

const FRAGMENTS: &[&str] = &[
    "FROM alpine AS build\n",
    "RUN echo é \\\n  && ls\n",
    "RUN <<EOF\necho 😀\nEOF\n",
    "ENV A=1 B=\"two words\"\r\n",
    "COPY --from=build /a /b\n",
    "# escape=`\n",
    "\\\n",
    "\r\n",
    "\n",
    "é",
    "😀",
    "<<EOF",
    "EOF\n",
    "\"",
    "${A:-b}",
    "x",
    "RUNN ",
];

fn fragment() -> impl Strategy<Value = String> {
    prop::sample::select(FRAGMENTS).prop_map(str::to_string)
}

/// LSP position (UTF-16) of a byte offset, from the text alone (`\r\n`, `\r`, `\n` end lines).
fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let bytes = before.as_bytes();
    let line = (0..bytes.len())
        .filter(|&i| bytes[i] == b'\n' || (bytes[i] == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n')))
        .count();
    json!({"line": line, "character": before[line_start..].encode_utf16().count()})
}

/// A char boundary at or before `offset`, not between `\r` and `\n`.
fn snap(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    if offset > 0 && text.as_bytes()[offset - 1] == b'\r' && text.as_bytes().get(offset) == Some(&b'\n') {
        offset -= 1;
    }
    offset
}

fn comparable(diagnostics: Vec<Value>) -> Vec<String> {
    let mut out: Vec<String> = diagnostics
        .iter()
        .map(|d| format!("{} {} {} {}", d["range"], d["severity"], d["code"], d["message"]))
        .collect();
    out.sort();
    out
}

fn run(initial: &str, edits: &[(f64, usize, String)]) -> Result<(), TestCaseError> {
    let mut server = Server::initialized(json!({}), json!(null));
    server.open(EDITED, initial);
    let mut text = initial.to_string();
    let mut version = 1;
    for (at, remove, insert) in edits {
        let start = snap(&text, (at * text.len() as f64) as usize);
        let end = snap(&text, start + remove).max(start);
        let range = json!({"start": position(&text, start), "end": position(&text, end)});
        text.replace_range(start..end, insert);
        version += 1;
        server.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": EDITED, "version": version},
                "contentChanges": [{"range": range, "text": insert}]
            }),
        );
    }
    let edited = server.diagnostics_for(EDITED, version);
    server.open(FRESH, &text);
    let fresh = server.diagnostics_for(FRESH, 1);
    prop_assert_eq!(comparable(edited), comparable(fresh), "final text: {:?}", text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn edits_over_stdio_equal_a_fresh_document(
        initial in prop::collection::vec(fragment(), 0..10).prop_map(|v| v.concat()),
        edits in prop::collection::vec(
            (0.0..=1.0f64, prop_oneof![Just(0usize), 0..8usize], prop::collection::vec(fragment(), 0..3).prop_map(|v| v.concat())),
            1..40,
        ),
    ) {
        run(&initial, &edits)?;
    }
}

#[test]
fn positions_count_every_line_break() {
    let text = "a\r\nb\rc\nd";
    assert_eq!(position(text, text.len()), json!({"line": 3, "character": 1}));
    assert_eq!(position(text, 4), json!({"line": 1, "character": 1}));
}
