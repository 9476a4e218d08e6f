//! Information over stdio: hover, inlay hints, document links, code lenses
//! and signature help.

mod common;

use common::Server;
use serde_json::{json, Value};

const URI: &str = "file:///work/Dockerfile";
const TEXT: &str = "ARG BASE=node:22\nFROM ${BASE} AS deps\nRUN npm ci\nFROM deps AS test\nFROM nginx:alpine\nCOPY --from=0 /app /usr/share/nginx/html\n";

fn server_with(options: Value) -> Server {
    let mut server = Server::initialized(json!({}), options);
    server.open(URI, TEXT);
    server.diagnostics_for(URI, 1);
    server
}

fn at(line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": character}})
}

#[test]
fn hover_on_a_keyword_and_a_stage_with_the_configured_target() {
    let mut server = server_with(json!({"target": "test"}));
    let keyword = server.request("textDocument/hover", at(2, 1));
    let text = keyword["contents"]["value"].as_str().unwrap_or_default();
    assert!(text.contains("https://docs.docker.com/reference/dockerfile/#run"), "{text}");
    let stage = server.request("textDocument/hover", at(1, 17));
    let text = stage["contents"]["value"].as_str().unwrap_or_default();
    assert!(text.contains("Built by the configured target `test`"), "{text}");
    assert_eq!(stage["range"]["start"], json!({"line": 1, "character": 16}));
}

#[test]
fn inlay_hints_for_numeric_from_and_variable_base() {
    let mut server = server_with(json!(null));
    let range = json!({"start": {"line": 0, "character": 0}, "end": {"line": 6, "character": 0}});
    let hints = server.request("textDocument/inlayHint", json!({"textDocument": {"uri": URI}, "range": range}));
    let labels: Vec<_> = hints.as_array().into_iter().flatten().map(|h| h["label"].clone()).collect();
    assert_eq!(labels, vec![json!("= node:22"), json!("deps")]);
}

#[test]
fn document_links_to_registry_pages() {
    let mut server = server_with(json!(null));
    let links = server.request("textDocument/documentLink", json!({"textDocument": {"uri": URI}}));
    let targets: Vec<_> = links.as_array().into_iter().flatten().map(|l| l["target"].clone()).collect();
    assert_eq!(targets, vec![json!("https://hub.docker.com/_/node"), json!("https://hub.docker.com/_/nginx")]);
}

#[test]
fn code_lenses_over_named_stages() {
    let mut server = server_with(json!(null));
    let lenses = server.request("textDocument/codeLens", json!({"textDocument": {"uri": URI}}));
    let titles: Vec<_> = lenses.as_array().into_iter().flatten().map(|l| l["command"]["title"].clone()).collect();
    assert_eq!(titles[0], "2 references");
    assert_eq!(titles[1], "built by --target deps, test, stage 2 (default)");
}

#[test]
fn signature_help_for_an_instruction() {
    let mut server = server_with(json!(null));
    let help = server.request("textDocument/signatureHelp", at(5, 8));
    assert_eq!(help["signatures"][0]["label"], "COPY [OPTIONS] <src> … <dest>");
    assert_eq!(help["activeParameter"], 0);
}
