//! Whatever a client sends, each request gets a JSON-RPC answer (a result or an
//! error) and the server keeps serving.

mod common;

use common::Server;
use serde_json::{json, Value};

const URI: &str = "file:///work/Dockerfile";
const TEXT: &str = "# syntax=docker/dockerfile:1\nARG V=1\nFROM alpine:3.19 AS base\nRUN echo 😀 $V\nFROM base\nCOPY --from=base /a /b\n";
const FAR: u64 = (1 << 31) - 1;

fn server_with_document() -> Server {
    let mut server = Server::initialized(json!({}), Value::Null);
    server.open(URI, TEXT);
    server.diagnostics_for(URI, 1);
    server
}

fn position_requests(position: Value) -> Vec<(&'static str, Value)> {
    let doc = json!({"uri": URI});
    let at = json!({"textDocument": doc, "position": position});
    let range = json!({"start": position, "end": position});
    vec![
        ("textDocument/hover", at.clone()),
        ("textDocument/completion", at.clone()),
        ("textDocument/definition", at.clone()),
        ("textDocument/documentHighlight", at.clone()),
        ("textDocument/prepareRename", at.clone()),
        ("textDocument/signatureHelp", at.clone()),
        (
            "textDocument/references",
            json!({"textDocument": doc, "position": position, "context": {"includeDeclaration": true}}),
        ),
        ("textDocument/rename", json!({"textDocument": doc, "position": position, "newName": "renamed"})),
        ("textDocument/selectionRange", json!({"textDocument": doc, "positions": [position]})),
        ("textDocument/codeAction", json!({"textDocument": doc, "range": range, "context": {"diagnostics": []}})),
        ("textDocument/inlayHint", json!({"textDocument": doc, "range": range})),
        (
            "textDocument/rangeFormatting",
            json!({"textDocument": doc, "range": range, "options": {"tabSize": 4, "insertSpaces": true}}),
        ),
    ]
}

fn document_requests() -> Vec<(&'static str, Value)> {
    let doc = json!({"textDocument": {"uri": URI}});
    vec![
        ("textDocument/documentSymbol", doc.clone()),
        ("textDocument/foldingRange", doc.clone()),
        ("textDocument/semanticTokens/full", doc.clone()),
        ("textDocument/documentLink", doc.clone()),
        ("textDocument/codeLens", doc.clone()),
        (
            "textDocument/formatting",
            json!({"textDocument": {"uri": URI}, "options": {"tabSize": 4, "insertSpaces": true}}),
        ),
    ]
}

/// Every request is answered with a result or an error object, never dropped.
fn assert_answered(server: &mut Server, method: &str, params: Value) -> Value {
    let response = server.request_raw(method, params);
    assert!(response.get("result").is_some() || response.get("error").is_some(), "{method}: {response}");
    response
}

fn assert_still_serving(server: &mut Server) {
    let symbols = server.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}}));
    assert!(symbols.is_array(), "server stopped answering: {symbols}");
}

#[test]
fn positions_far_beyond_the_document_are_clamped() {
    let mut server = server_with_document();
    for position in [
        json!({"line": FAR, "character": FAR}),
        json!({"line": 3, "character": FAR}),
        json!({"line": FAR, "character": 0}),
    ] {
        for (method, params) in position_requests(position) {
            let response = assert_answered(&mut server, method, params);
            assert!(
                response.get("error").is_none()
                    || matches!(method, "textDocument/rename" | "textDocument/prepareRename"),
                "{method}: {response}"
            );
        }
    }
    assert_still_serving(&mut server);
}

#[test]
fn positions_inside_a_surrogate_pair() {
    let mut server = server_with_document();
    // Line 3 is `RUN echo 😀 $V`: the emoji's UTF-16 code units are at 9 and 10.
    for (method, params) in position_requests(json!({"line": 3, "character": 10})) {
        let response = assert_answered(&mut server, method, params);
        assert!(
            response.get("error").is_none() || matches!(method, "textDocument/rename" | "textDocument/prepareRename"),
            "{method}: {response}"
        );
    }
    assert_still_serving(&mut server);
}

#[test]
fn inverted_ranges() {
    let mut server = server_with_document();
    let range = json!({"start": {"line": 5, "character": 3}, "end": {"line": 1, "character": 0}});
    let doc = json!({"uri": URI});
    for (method, params) in [
        ("textDocument/codeAction", json!({"textDocument": doc, "range": range, "context": {"diagnostics": []}})),
        ("textDocument/inlayHint", json!({"textDocument": doc, "range": range})),
        (
            "textDocument/rangeFormatting",
            json!({"textDocument": doc, "range": range, "options": {"tabSize": 4, "insertSpaces": true}}),
        ),
    ] {
        let response = assert_answered(&mut server, method, params);
        assert!(response.get("error").is_none(), "{method}: {response}");
    }
    assert_still_serving(&mut server);
}

#[test]
fn unknown_and_unopened_documents() {
    let mut server = server_with_document();
    let other = "file:///nowhere/Dockerfile";
    for (method, mut params) in
        position_requests(json!({"line": 0, "character": 0})).into_iter().chain(document_requests())
    {
        params["textDocument"]["uri"] = json!(other);
        let response = assert_answered(&mut server, method, params);
        assert!(
            response.get("error").is_none() || matches!(method, "textDocument/rename" | "textDocument/prepareRename"),
            "{method}: {response}"
        );
    }
    // Changes and closes for unknown documents are ignored.
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": other, "version": 2}, "contentChanges": [{"text": "FROM a"}]}),
    );
    server.notify("textDocument/didClose", json!({"textDocument": {"uri": other}}));
    assert_still_serving(&mut server);
}

#[test]
fn wrong_parameter_types_get_invalid_params() {
    let mut server = server_with_document();
    let response = server.request_raw("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": "here"}));
    assert_eq!(response["error"]["code"], -32602, "{response}");
    let response = server.request_raw("textDocument/definition", json!([1, 2, 3]));
    assert!(response.get("error").is_some(), "{response}");
    let response = server.request_raw("no/suchMethod", json!({}));
    assert_eq!(response["error"]["code"], -32601, "{response}");
    assert_still_serving(&mut server);
}

#[test]
fn malformed_json_does_not_stop_the_server() {
    let mut server = server_with_document();
    server.send_raw("{\"jsonrpc\": \"2.0\", \"id\": 99, \"method\": ");
    let error = server.wait_for(|m| m["error"]["code"] == -32700);
    assert!(error["id"].is_null(), "{error}");
    server.send_raw("not json at all");
    server.send_raw("{\"jsonrpc\": \"2.0\", \"id\": 98, \"method\": 5}");
    let error = server.wait_for(|m| m["id"] == 98);
    assert_eq!(error["error"]["code"], -32600, "{error}");
    // A header block without Content-Length.
    server.send_bytes(b"Content-Type: x\r\n\r\n");
    assert_still_serving(&mut server);
}

#[test]
fn every_request_on_every_position_of_a_small_file_is_answered() {
    let mut server = server_with_document();
    for (line, text) in TEXT.lines().enumerate() {
        let width = text.encode_utf16().count() + 2;
        for character in (0..width).step_by(3) {
            for (method, params) in position_requests(json!({"line": line, "character": character})) {
                assert_answered(&mut server, method, params);
            }
        }
    }
    for (method, params) in document_requests() {
        assert_answered(&mut server, method, params);
    }
    assert_still_serving(&mut server);
}

#[test]
fn a_burst_of_edits_ends_in_the_same_state_as_a_fresh_open() {
    let mut server = server_with_document();
    let mut text = TEXT.to_string();
    let mut version = 1;
    // 3,000 edits without waiting: append and delete a character at the end of line 3.
    for i in 0..3000 {
        version += 1;
        let (change, new_text) = if i % 2 == 0 {
            (
                json!({"range": {"start": {"line": 3, "character": 4}, "end": {"line": 3, "character": 4}}, "text": "x"}),
                {
                    let mut t = text.clone();
                    let at = t.find("RUN ").unwrap() + 4;
                    t.insert(at, 'x');
                    t
                },
            )
        } else {
            (
                json!({"range": {"start": {"line": 3, "character": 4}, "end": {"line": 3, "character": 5}}, "text": ""}),
                {
                    let mut t = text.clone();
                    let at = t.find("RUN ").unwrap() + 4;
                    t.remove(at);
                    t
                },
            )
        };
        text = new_text;
        server.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": [change]}),
        );
    }
    let edited = server.diagnostics_for(URI, version);
    let fresh_uri = "file:///work/fresh/Dockerfile";
    server.open(fresh_uri, &text);
    let fresh = server.diagnostics_for(fresh_uri, 1);
    assert_eq!(edited, fresh);
    let formatted = server.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": URI}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    let formatted_fresh = server.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": fresh_uri}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    assert_eq!(formatted, formatted_fresh);
}

#[test]
fn cancelled_requests_are_still_answered() {
    let mut server = server_with_document();
    server.send(&json!({"jsonrpc": "2.0", "id": 500, "method": "textDocument/semanticTokens/full", "params": {"textDocument": {"uri": URI}}}));
    server.notify("$/cancelRequest", json!({"id": 500}));
    let response = server.wait_for(|m| m["id"] == 500 && m.get("method").is_none());
    assert!(response.get("result").is_some() || response["error"]["code"] == -32800, "{response}");
    assert_still_serving(&mut server);
}

#[test]
fn a_long_request_is_cancelled_at_once() {
    let mut server = Server::initialized(json!({}), Value::Null);
    let mut text = String::from("FROM alpine:3.19 AS base\n");
    for i in 0..2000 {
        text.push_str(&format!("RUN apt-get install curl && echo $HOME{i} | grep x\n"));
    }
    server.open(URI, &text);
    server.diagnostics_for(URI, 1);
    // Code actions over the whole document run every diagnostic rule: long
    // enough that the last of three is still waiting when the cancel arrives.
    let range = json!({"start": {"line": 0, "character": 0}, "end": {"line": 2001, "character": 0}});
    let params = json!({"textDocument": {"uri": URI}, "range": range, "context": {"diagnostics": []}});
    for id in [600, 601, 602] {
        server.send(&json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/codeAction", "params": params}));
    }
    server.notify("$/cancelRequest", json!({"id": 602}));
    let cancelled = server.wait_for(|m| m["id"] == 602 && m.get("method").is_none());
    assert_eq!(cancelled["error"]["code"], -32800, "{cancelled}");
    for id in [600, 601] {
        let answered = server.wait_for(|m| m["id"] == id && m.get("method").is_none());
        assert!(answered["result"].is_array(), "{answered}");
    }
    // Cancelling something already answered or unknown changes nothing.
    server.notify("$/cancelRequest", json!({"id": 600}));
    server.notify("$/cancelRequest", json!({"id": "never-sent"}));
    assert_still_serving(&mut server);
}

/// Debug builds have a request that panics, to test the guard end to end.
#[cfg(debug_assertions)]
#[test]
fn a_panicking_handler_is_answered_with_an_internal_error_and_the_server_goes_on() {
    let mut server = server_with_document();
    let response = server.request_raw("dockerfile-ls/debugPanic", json!({"textDocument": {"uri": URI}}));
    assert_eq!(response["error"]["code"], -32603, "{response}");
    assert!(response["error"]["message"].as_str().unwrap_or_default().contains("debugPanic"), "{response}");
    // The document is still open and served.
    let hover = server
        .request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": {"line": 2, "character": 1}}));
    assert!(hover["contents"].is_object(), "{hover}");
    assert_still_serving(&mut server);
}
