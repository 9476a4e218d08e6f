//! Navigation over stdio: definition, references, document highlight, rename.

mod common;

use common::Server;
use serde_json::{json, Value};

const URI: &str = "file:///work/Dockerfile";
const TEXT: &str =
    "ARG VERSION=1.22\nFROM golang:$VERSION AS build\nRUN go build -o /app\nFROM alpine\nCOPY --from=build /app /app\n";

fn server_with_text() -> Server {
    let mut server = Server::initialized(json!({}), json!(null));
    server.open(URI, TEXT);
    server.diagnostics_for(URI, 1);
    server
}

fn at(line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": character}})
}

fn start(range: &Value) -> (u64, u64) {
    (range["start"]["line"].as_u64().unwrap_or(99), range["start"]["character"].as_u64().unwrap_or(99))
}

#[test]
fn definition_of_a_copy_from_stage() {
    let mut server = server_with_text();
    let result = server.request("textDocument/definition", at(4, 14));
    assert_eq!(result[0]["uri"], URI);
    assert_eq!(start(&result[0]["range"]), (1, 24));
}

#[test]
fn definition_as_links_when_the_client_supports_them() {
    let caps = json!({"textDocument": {"definition": {"linkSupport": true}}});
    let mut server = Server::initialized(caps, json!(null));
    server.open(URI, TEXT);
    let result = server.request("textDocument/definition", at(1, 15));
    assert_eq!(start(&result[0]["targetSelectionRange"]), (0, 4));
    assert_eq!(start(&result[0]["targetRange"]), (0, 4));
}

#[test]
fn references_of_a_variable() {
    let mut server = server_with_text();
    let mut params = at(0, 5);
    params["context"] = json!({"includeDeclaration": true});
    let result = server.request("textDocument/references", params);
    let starts: Vec<_> = result.as_array().into_iter().flatten().map(|l| start(&l["range"])).collect();
    assert_eq!(starts, vec![(0, 4), (1, 13)]);
}

#[test]
fn document_highlight_of_a_stage() {
    let mut server = server_with_text();
    let result = server.request("textDocument/documentHighlight", at(1, 25));
    let kinds: Vec<_> =
        result.as_array().into_iter().flatten().map(|h| (start(&h["range"]), h["kind"].clone())).collect();
    assert_eq!(kinds, vec![((1, 24), json!(3)), ((4, 12), json!(2))]);
}

#[test]
fn prepare_rename_and_rename_a_stage() {
    let mut server = server_with_text();
    let range = server.request("textDocument/prepareRename", at(4, 13));
    assert_eq!(start(&range), (4, 12));
    let mut params = at(4, 13);
    params["newName"] = json!("compile");
    let edit = server.request("textDocument/rename", params);
    let edits = edit["changes"][URI].as_array().cloned().unwrap_or_default();
    assert_eq!(edits.len(), 2);
    assert!(edits.iter().all(|e| e["newText"] == "compile"));
}

#[test]
fn rename_errors_are_explained() {
    let mut server = server_with_text();
    let response = server.request_raw("textDocument/prepareRename", at(3, 6));
    assert!(response["error"]["message"].as_str().unwrap_or("").contains("Only stage names"), "{response}");
    let mut params = at(1, 25);
    params["newName"] = json!("9lives");
    let response = server.request_raw("textDocument/rename", params);
    assert!(response["error"]["message"].as_str().unwrap_or("").contains("not a valid stage name"), "{response}");
}
