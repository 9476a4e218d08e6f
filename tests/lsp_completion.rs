//! Completion over stdio: snippets only for clients that support them, and
//! build-context paths read from the workspace.

mod common;

use common::Server;
use serde_json::{json, Value};

fn complete(server: &mut Server, uri: &str, line: u32, character: u32) -> Vec<Value> {
    let result = server.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
    );
    result.as_array().cloned().unwrap_or_default()
}

fn labels(items: &[Value]) -> Vec<&str> {
    items.iter().filter_map(|i| i["label"].as_str()).collect()
}

#[test]
fn keywords_with_and_without_snippets() {
    const URI: &str = "file:///work/Dockerfile";
    let caps = json!({"textDocument": {"completion": {"completionItem": {"snippetSupport": true}}}});
    let mut server = Server::initialized(caps, json!(null));
    server.open(URI, "FROM alpine\nRU\n");
    let items = complete(&mut server, URI, 1, 2);
    let heredoc = items.iter().find(|i| i["label"] == "RUN <<EOF heredoc").expect("a heredoc snippet");
    assert_eq!(heredoc["insertTextFormat"], 2);
    assert_eq!(heredoc["textEdit"]["range"]["start"], json!({"line": 1, "character": 0}));

    let mut plain = Server::initialized(json!({}), json!(null));
    plain.open(URI, "FROM alpine\nRU\n");
    let items = complete(&mut plain, URI, 1, 2);
    assert!(labels(&items).contains(&"RUN"));
    assert!(items.iter().all(|i| i["insertTextFormat"] == 1), "{items:?}");
}

#[test]
fn stage_names_after_copy_from() {
    const URI: &str = "file:///work/Dockerfile";
    let mut server = Server::initialized(json!({}), json!(null));
    server.open(URI, "FROM golang AS build\nFROM alpine\nCOPY --from=\n");
    let items = complete(&mut server, URI, 2, 12);
    assert_eq!(labels(&items), vec!["build"]);
    assert_eq!(items[0]["detail"], "golang");
}

#[test]
fn paths_from_the_workspace_honouring_dockerignore() {
    let dir = std::env::temp_dir().join(format!("dockerfile-ls-completion-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("src")).expect("temp dir");
    std::fs::write(dir.join("src/main.go"), "package main\n").expect("write");
    std::fs::write(dir.join("secret.key"), "x").expect("write");
    std::fs::write(dir.join(".dockerignore"), "*.key\n").expect("write");
    let root = format!("file://{}", dir.display());
    let uri = format!("{root}/Dockerfile");
    let mut server = Server::start();
    server.request("initialize", json!({"processId": null, "rootUri": root, "capabilities": {}}));
    server.notify("initialized", json!({}));
    server.open(&uri, "FROM alpine\nCOPY  /app/\n");
    let items = complete(&mut server, &uri, 1, 5);
    let names = labels(&items);
    assert!(names.contains(&"src/"), "{names:?}");
    assert!(!names.contains(&"secret.key"), "{names:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
