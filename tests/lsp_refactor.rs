//! Refactorings over stdio: `refactor.*` code actions and the
//! `dockerfile-ls.convertToMultiStage` command.

mod common;

use common::Server;
use serde_json::{json, Value};

const URI: &str = "file:///work/Dockerfile";
const SINGLE_STAGE: &str =
    "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app/server .\nCMD [\"/app/server\"]\n";

fn code_actions(server: &mut Server, line: u32, only: Option<Value>) -> Vec<Value> {
    code_actions_with(server, line, only, Vec::new())
}

fn code_actions_with(server: &mut Server, line: u32, only: Option<Value>, diagnostics: Vec<Value>) -> Vec<Value> {
    let mut context = json!({"diagnostics": diagnostics});
    if let Some(only) = only {
        context["only"] = only;
    }
    let result = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": URI},
            "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
            "context": context,
        }),
    );
    result.as_array().cloned().unwrap_or_default()
}

#[test]
fn convert_is_offered_as_a_rewrite_with_its_edit() {
    let mut server = Server::initialized(json!({}), json!(null));
    server.open(URI, SINGLE_STAGE);
    let published = server.diagnostics_for(URI, 1);
    let hint = published.iter().find(|d| d["code"] == "dls/SingleStageBuild").cloned().expect("the single-stage hint");
    let actions = code_actions_with(&mut server, 3, None, vec![hint.clone()]);
    let convert = actions
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with("Convert to multi-stage build (Go")))
        .unwrap_or_else(|| panic!("no convert action in {actions:?}"));
    assert_eq!(convert["kind"], "refactor.rewrite");
    assert_eq!(convert["diagnostics"], json!([hint]));
    let edits = convert["edit"]["changes"][URI].as_array().expect("edits");
    let new_text: String = edits.iter().map(|e| e["newText"].as_str().unwrap_or_default().to_string()).collect();
    assert!(new_text.contains("FROM gcr.io/distroless/static-debian13:nonroot AS runtime"), "{new_text}");
    // Filtered out when the client asks for quick fixes only.
    let quickfixes = code_actions(&mut server, 2, Some(json!(["quickfix"])));
    assert!(quickfixes.iter().all(|a| a["kind"] == "quickfix"), "{quickfixes:?}");
}

#[test]
fn explicit_request_on_a_multi_stage_file_says_why() {
    let mut server = Server::initialized(json!({}), json!(null));
    server.open(URI, "FROM golang AS build\nFROM alpine\n");
    let actions = code_actions(&mut server, 0, Some(json!(["refactor.rewrite"])));
    assert!(actions.iter().all(|a| !a["title"].as_str().unwrap_or_default().starts_with("Convert")), "{actions:?}");

    server.request(
        "workspace/executeCommand",
        json!({"command": "dockerfile-ls.convertToMultiStage", "arguments": [URI]}),
    );
    let message = server.wait_for(|m| m["method"] == "window/showMessage");
    assert_eq!(message["params"]["message"], "Cannot convert to a multi-stage build: the file already has 2 stages");
}

#[test]
fn explicit_request_on_an_unknown_ecosystem_shows_a_disabled_action() {
    let mut server = Server::initialized(json!({}), json!(null));
    server.open(URI, "FROM ubuntu:24.04\nRUN make\n");
    let actions = code_actions(&mut server, 1, Some(json!(["refactor"])));
    let disabled = actions.iter().find(|a| a["disabled"].is_object()).expect("a disabled convert action");
    assert!(disabled["disabled"]["reason"].as_str().unwrap_or_default().starts_with("cannot tell the ecosystem"));
}

#[test]
fn the_command_applies_the_edit() {
    let mut server = Server::initialized(json!({}), json!(null));
    server.open(URI, SINGLE_STAGE);
    server.request(
        "workspace/executeCommand",
        json!({"command": "dockerfile-ls.convertToMultiStage", "arguments": [{"uri": URI, "cacheMounts": true}]}),
    );
    let apply = server.server_requests.iter().find(|m| m["method"] == "workspace/applyEdit").expect("applyEdit");
    let new_text = apply["params"]["edit"]["changes"][URI][0]["newText"].as_str().unwrap_or_default();
    assert!(new_text.contains("--mount=type=cache,target=/go/pkg/mod"), "{new_text}");
}
