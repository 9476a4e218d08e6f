//! The server over stdio: lifecycle, document sync and versioned diagnostics.

mod common;

use common::{summary, Server};
use serde_json::json;
use serde_json::Value;

const URI: &str = "file:///work/Dockerfile";

#[test]
fn open_change_and_shutdown() {
    let mut server = Server::initialized(json!({}), json!(null));
    server.open(URI, "FROM alpine:3.20\nRUN echo hi\nUSER app\n");
    assert!(server.diagnostics_for(URI, 1).is_empty());

    // Typo the RUN keyword with an incremental edit: the error lands on it.
    server.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": URI, "version": 2},
            "contentChanges": [{"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 3}}, "text": "RUNN"}]
        }),
    );
    let diagnostics = server.diagnostics_for(URI, 2);
    assert_eq!(diagnostics.iter().map(summary).collect::<Vec<_>>(), vec![(1, 0, "dls/UnknownInstruction".to_string())]);
    assert_eq!(diagnostics[0]["range"]["end"]["character"], 4);

    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn exit_without_shutdown_is_exit_code_1() {
    let mut server = Server::initialized(json!({}), json!(null));
    server.notify("exit", serde_json::Value::Null);
    assert_eq!(server.wait_exit(), Some(1));
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let caps = json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}});
    let mut server = Server::start();
    let result = server.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": caps}));
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    server.notify("initialized", json!({}));
    server.open(URI, "FROM a\nLABEL x=\"é\" \nCOPPY a b\n");
    let diagnostics = errors(server.diagnostics_for(URI, 1));
    assert_eq!(diagnostics.iter().map(summary).collect::<Vec<_>>(), vec![(2, 0, "dls/UnknownInstruction".to_string())]);
}

#[test]
fn many_quick_edits_end_in_the_right_text() {
    let mut server = Server::initialized(json!({}), json!(null));
    server.open(URI, "FROM alpine\n");
    // Type "RUNN x" one character at a time on a new line.
    let typed = "\nRUNN x";
    for (i, c) in typed.chars().enumerate() {
        let col = if i == 0 { 11 } else { i - 1 };
        let line = if i == 0 { 0 } else { 1 };
        server.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": URI, "version": i + 2},
                "contentChanges": [{"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col}}, "text": c.to_string()}]
            }),
        );
    }
    let last = typed.chars().count() as i64 + 1;
    let diagnostics = errors(server.diagnostics_for(URI, last));
    assert_eq!(diagnostics.iter().map(summary).collect::<Vec<_>>(), vec![(1, 0, "dls/UnknownInstruction".to_string())]);
}

#[test]
fn quick_fix_for_unknown_instruction() {
    let mut server = Server::initialized(json!({}), json!(null));
    server.open(URI, "FROM a\nCOPPY x y\n");
    let diagnostics = errors(server.diagnostics_for(URI, 1));
    let actions = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": URI},
            "range": diagnostics[0]["range"],
            "context": {"diagnostics": diagnostics}
        }),
    );
    assert_eq!(actions[0]["title"], "Change to `COPY`");
    assert_eq!(actions[0]["edit"]["changes"][URI][0]["newText"], "COPY");
}

#[test]
fn settings_turn_a_rule_off_without_restart() {
    let options = json!({"rules": {"dls/UnknownInstruction": "off"}});
    let mut server = Server::initialized(json!({}), options);
    server.open(URI, "FROM a\nCOPPY x y\n");
    let unknown = |d: &serde_json::Value| d["code"] == "dls/UnknownInstruction";
    assert!(!server.diagnostics_for(URI, 1).iter().any(unknown));
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"dockerfile-ls": {"rules": {"dls/UnknownInstruction": "warning"}}}}),
    );
    let diagnostics: Vec<_> = server.diagnostics_for(URI, 1).into_iter().filter(unknown).collect();
    assert_eq!(diagnostics[0]["severity"], 2);
}

/// Error-level diagnostics only: these tests are about the protocol, not the best-practice hints.
fn errors(diagnostics: Vec<Value>) -> Vec<Value> {
    diagnostics.into_iter().filter(|d| d["severity"] == 1).collect()
}

#[test]
fn exit_ends_the_process_while_the_client_keeps_stdin_open() {
    let mut server = Server::initialized(json!({}), json!(null));
    server.request("shutdown", serde_json::Value::Null);
    server.notify("exit", serde_json::Value::Null);
    assert_eq!(server.wait_exit_keeping_stdin(), Some(0));
}

#[test]
fn shutdown_with_null_params_is_accepted() {
    let mut server = Server::initialized(json!({}), json!(null));
    server.send(&json!({"jsonrpc": "2.0", "id": 77, "method": "shutdown", "params": null}));
    let response = server.wait_for(|m| m["id"] == 77);
    assert!(response.get("error").is_none(), "{response}");
}
