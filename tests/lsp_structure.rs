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
