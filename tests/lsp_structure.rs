//! Structural features over stdio: symbols, folding, selection ranges,
//! formatting and semantic tokens, one test per LSP method.

mod common;

use common::Server;
use serde_json::{json, Value};

const URI: &str = "file:///work/Dockerfile";
const TEXT: &str = "ARG V=1\n# builder\n# stage\nfrom golang:$V AS build\nRUN go build \\\n  -o /app  \nfrom scratch\nCOPY --from=build /app /app";

fn opened() -> Server {
    let mut server = Server::initialized(json!({}), json!(null));
    server.open(URI, TEXT);
    server.diagnostics_for(URI, 1);
    server
}

fn doc() -> Value {
    json!({"uri": URI})
}

#[test]
fn document_symbols() {
    let mut server = opened();
    let result = server.request("textDocument/documentSymbol", json!({"textDocument": doc()}));
    let names: Vec<&str> = result.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["V", "build (golang:$V)", "stage 1 (scratch)"]);
    assert_eq!(result[1]["children"][0]["name"], "RUN");
    assert_eq!(result[1]["selectionRange"]["start"], json!({"line": 3, "character": 18}));
}

#[test]
fn workspace_symbols_over_open_documents() {
    let mut server = opened();
    server.open("file:///work/other.Dockerfile", "FROM alpine AS builder\n");
    let result = server.request("workspace/symbol", json!({"query": "buil"}));
    let mut found: Vec<(String, String)> = result
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap().to_string(), s["location"]["uri"].as_str().unwrap().to_string()))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("build (golang:$V)".to_string(), URI.to_string()),
            ("builder (alpine)".to_string(), "file:///work/other.Dockerfile".to_string())
        ]
    );
}

#[test]
fn folding_ranges() {
    let mut server = opened();
    let result = server.request("textDocument/foldingRange", json!({"textDocument": doc()}));
    let folds: Vec<(u64, u64, &str)> = result
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["startLine"].as_u64().unwrap(), f["endLine"].as_u64().unwrap(), f["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(folds, [(1, 2, "comment"), (3, 5, "region"), (4, 5, "region"), (6, 7, "region")]);
}

#[test]
fn selection_ranges() {
    let mut server = opened();
    let result = server.request(
        "textDocument/selectionRange",
        json!({"textDocument": doc(), "positions": [{"line": 7, "character": 14}]}),
    );
    let mut chain = Vec::new();
    let mut node = &result[0];
    while node.is_object() {
        chain.push((
            node["range"]["start"]["character"].as_u64().unwrap(),
            node["range"]["end"]["character"].as_u64().unwrap(),
        ));
        node = &node["parent"];
    }
    // "build" → "--from=build" → the instruction → the stage → the file.
    assert_eq!(chain[..3], [(12, 17), (5, 17), (0, 27)]);
    assert_eq!(chain.len(), 5);
}

#[test]
fn formatting() {
    let mut server = opened();
    let edits = server.request(
        "textDocument/formatting",
        json!({"textDocument": doc(), "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    let edits = edits.as_array().unwrap();
    let texts: Vec<&str> = edits.iter().map(|e| e["newText"].as_str().unwrap()).collect();
    assert_eq!(texts, ["FROM golang:$V AS build", "    -o /app", "FROM scratch", "\n"]);
}

#[test]
fn range_formatting() {
    let mut server = Server::initialized(json!({}), json!({"format": {"indent": 2}}));
    server.open(URI, TEXT);
    server.diagnostics_for(URI, 1);
    let edits = server.request(
        "textDocument/rangeFormatting",
        json!({
            "textDocument": doc(),
            "range": {"start": {"line": 4, "character": 0}, "end": {"line": 5, "character": 0}},
            "options": {"tabSize": 4, "insertSpaces": true}
        }),
    );
    let edits = edits.as_array().unwrap();
    let texts: Vec<&str> = edits.iter().map(|e| e["newText"].as_str().unwrap()).collect();
    assert_eq!(texts, ["  -o /app"]);
    assert_eq!(edits[0]["range"]["start"]["line"], 5);
}

/// Decodes LSP's relative token encoding into `(line, start, length, type, modifiers)`.
fn decode(data: &[Value]) -> Vec<(u64, u64, u64, u64, u64)> {
    let numbers: Vec<u64> = data.iter().map(|v| v.as_u64().unwrap()).collect();
    let (mut line, mut start) = (0, 0);
    numbers
        .chunks(5)
        .map(|t| {
            line += t[0];
            start = if t[0] == 0 { start + t[1] } else { t[1] };
            (line, start, t[2], t[3], t[4])
        })
        .collect()
}

fn legend_index(server_caps: &Value, name: &str) -> u64 {
    let types = server_caps["semanticTokensProvider"]["legend"]["tokenTypes"].as_array().unwrap();
    types.iter().position(|t| t == name).unwrap() as u64
}

#[test]
fn semantic_tokens_full() {
    let mut server = Server::start();
    let init = server.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": {}}));
    server.notify("initialized", json!({}));
    server.open(URI, TEXT);
    server.diagnostics_for(URI, 1);
    let caps = &init["capabilities"];
    let result = server.request("textDocument/semanticTokens/full", json!({"textDocument": doc()}));
    let tokens = decode(result["data"].as_array().unwrap());
    let namespace = legend_index(caps, "namespace");
    let keyword = legend_index(caps, "keyword");
    // `from` on line 3 is a keyword; `build` after AS is a declared stage name (modifier bit 0).
    assert!(tokens.contains(&(3, 0, 4, keyword, 0)), "{tokens:?}");
    assert!(tokens.contains(&(3, 18, 5, namespace, 1)), "{tokens:?}");
    // `--from=build` refers to it.
    assert!(tokens.contains(&(7, 12, 5, namespace, 0)), "{tokens:?}");
    assert!(result["resultId"].is_string());
}

#[test]
fn semantic_tokens_delta() {
    let mut server = opened();
    let full = server.request("textDocument/semanticTokens/full", json!({"textDocument": doc()}));
    let before = full["data"].as_array().unwrap().clone();
    // Rename the stage declaration: only its neighbourhood changes.
    server.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": URI, "version": 2},
            "contentChanges": [{"range": {"start": {"line": 3, "character": 18}, "end": {"line": 3, "character": 23}}, "text": "b"}]
        }),
    );
    server.diagnostics_for(URI, 2);
    let delta = server.request(
        "textDocument/semanticTokens/full/delta",
        json!({"textDocument": doc(), "previousResultId": full["resultId"]}),
    );
    let edits = delta["edits"].as_array().expect("a delta, not full tokens");
    assert_eq!(edits.len(), 1);
    let mut after = before.clone();
    let start = edits[0]["start"].as_u64().unwrap() as usize;
    let deleted = edits[0]["deleteCount"].as_u64().unwrap() as usize;
    let inserted = edits[0]["data"].as_array().cloned().unwrap_or_default();
    after.splice(start..start + deleted, inserted);
    let fresh = server.request("textDocument/semanticTokens/full", json!({"textDocument": doc()}));
    assert_eq!(&after, fresh["data"].as_array().unwrap());
    assert_ne!(after, before);

    // An unknown previous result gets all tokens.
    let stale = server
        .request("textDocument/semanticTokens/full/delta", json!({"textDocument": doc(), "previousResultId": "nope"}));
    assert!(stale["data"].is_array());
}
