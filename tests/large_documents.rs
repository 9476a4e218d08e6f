//! Above the size limit the server says so once per document and keeps the
//! cheap service (BuildKit's errors and checks, navigation, formatting) instead
//! of freezing the editor with best-practice rules and semantic tokens.

mod common;

use common::Server;
use serde_json::{json, Value};

const URI: &str = "file:///work/big/Dockerfile";

/// About 1.1 MiB, mostly comments (cheap to analyse even in a debug build),
/// with one BuildKit error and one best-practice finding.
fn large_dockerfile() -> String {
    let mut text = String::from("FROM alpine AS base\nRUNN echo typo\nRUN apt-get install curl\n");
    let comment = format!("# {}\n", "generated ".repeat(10));
    while text.len() < 1_150_000 {
        text.push_str(&comment);
    }
    text
}

fn show_messages(server: &Server) -> Vec<&Value> {
    server.backlog.iter().filter(|m| m["method"] == "window/showMessage").collect()
}

#[test]
fn a_document_above_the_limit_gets_one_warning_and_the_errors_only() {
    let mut server = Server::initialized(json!({}), Value::Null);
    let text = large_dockerfile();
    server.open(URI, &text);
    let diagnostics = server.diagnostics_for(URI, 1);
    let codes: Vec<&str> = diagnostics.iter().filter_map(|d| d["code"].as_str()).collect();
    assert!(codes.contains(&"dls/UnknownInstruction"), "the BuildKit error is still reported: {codes:?}");
    assert!(!codes.contains(&"dls/AptGetMissingYes"), "best-practice rules are skipped: {codes:?}");

    let warnings = show_messages(&server);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0]["params"]["type"], 2, "a warning: {}", warnings[0]);
    let message = warnings[0]["params"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("MiB"), "{message}");

    // Semantic tokens are skipped (the editor keeps its own highlighting); cheap requests are served.
    let doc = json!({"textDocument": {"uri": URI}});
    assert_eq!(server.request("textDocument/semanticTokens/full", doc.clone()), Value::Null);
    assert!(server.request("textDocument/documentSymbol", doc.clone()).is_array());
    let hover = json!({"textDocument": {"uri": URI}, "position": {"line": 1, "character": 1}});
    server.request("textDocument/hover", hover);

    // Editing it again does not repeat the warning.
    let change =
        json!({"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}}, "text": "# c\n"});
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [change]}),
    );
    server.diagnostics_for(URI, 2);
    assert_eq!(show_messages(&server).len(), 1);
}

#[test]
fn a_document_shrinking_below_the_limit_gets_the_full_service_back() {
    let mut server = Server::initialized(json!({}), Value::Null);
    server.open(URI, &large_dockerfile());
    server.diagnostics_for(URI, 1);
    let small = "FROM alpine:3.19\nRUN apt-get install curl\n";
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": small}]}),
    );
    let diagnostics = server.diagnostics_for(URI, 2);
    let codes: Vec<&str> = diagnostics.iter().filter_map(|d| d["code"].as_str()).collect();
    assert!(codes.contains(&"dls/AptGetMissingYes"), "{codes:?}");
    let tokens = server.request("textDocument/semanticTokens/full", json!({"textDocument": {"uri": URI}}));
    assert!(tokens["data"].is_array(), "{tokens}");
}
