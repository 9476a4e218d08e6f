//! The server over stdio and the files it reads besides the open documents:
//! only inside the workspace folders, never through a symlink that leaves
//! them, kept current by the file watcher.

mod common;
mod temp_dir;

use common::{summary, Server};
use serde_json::{json, Value};
use temp_dir::TempDir;

const DOCKERFILE: &str = "FROM alpine\nCOPY secret.txt /x\n";
const IGNORE: &str = "secret.txt\n";

fn start(root: &str, capabilities: Value) -> Server {
    let mut server = Server::start();
    let folders = json!([{"uri": root, "name": "ws"}]);
    server.request("initialize", json!({"processId": null, "workspaceFolders": folders, "capabilities": capabilities}));
    server.notify("initialized", json!({}));
    server
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics.iter().map(|d| summary(d).2).collect()
}

fn ignored_copy_reported(server: &mut Server, uri: &str, version: i64) -> bool {
    codes(&server.diagnostics_for(uri, version)).contains(&"CopyIgnoredFile".to_string())
}

#[test]
fn dockerignore_is_read_inside_the_workspace_only() {
    let tmp = TempDir::new("inside-outside");
    tmp.write("ws/Dockerfile", DOCKERFILE);
    tmp.write("ws/.dockerignore", IGNORE);
    tmp.write("outside/Dockerfile", DOCKERFILE);
    tmp.write("outside/.dockerignore", IGNORE);
    let mut server = start(&tmp.uri("ws"), json!({}));
    server.open(&tmp.uri("ws/Dockerfile"), DOCKERFILE);
    assert!(ignored_copy_reported(&mut server, &tmp.uri("ws/Dockerfile"), 1));
    server.open(&tmp.uri("outside/Dockerfile"), DOCKERFILE);
    assert!(!ignored_copy_reported(&mut server, &tmp.uri("outside/Dockerfile"), 1), "read outside the workspace");
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn nothing_is_read_without_a_workspace() {
    let tmp = TempDir::new("no-root");
    tmp.write("Dockerfile", DOCKERFILE);
    tmp.write(".dockerignore", IGNORE);
    let mut server = Server::initialized(json!({}), json!(null));
    server.open(&tmp.uri("Dockerfile"), DOCKERFILE);
    assert!(!ignored_copy_reported(&mut server, &tmp.uri("Dockerfile"), 1));
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_workspace_is_not_followed() {
    let tmp = TempDir::new("symlink");
    tmp.write("ws/app/Dockerfile", DOCKERFILE);
    tmp.write("outside/.dockerignore", IGNORE);
    std::os::unix::fs::symlink(tmp.path("outside/.dockerignore"), tmp.path("ws/app/.dockerignore")).expect("symlink");
    let mut server = start(&tmp.uri("ws"), json!({}));
    server.open(&tmp.uri("ws/app/Dockerfile"), DOCKERFILE);
    assert!(!ignored_copy_reported(&mut server, &tmp.uri("ws/app/Dockerfile"), 1), "followed the symlink out");
}

#[test]
fn watched_changes_and_new_folders_are_seen() {
    let tmp = TempDir::new("watched");
    tmp.write("ws/Dockerfile", DOCKERFILE);
    tmp.write("other/Dockerfile", DOCKERFILE);
    tmp.write("other/.dockerignore", IGNORE);
    let capabilities =
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}, "workspaceFolders": true}});
    let mut server = start(&tmp.uri("ws"), capabilities);
    let uri = tmp.uri("ws/Dockerfile");
    server.open(&uri, DOCKERFILE);
    assert!(!ignored_copy_reported(&mut server, &uri, 1));
    let registration = server.server_requests.iter().find(|m| m["method"] == "client/registerCapability");
    let registration = registration.expect("the watcher is registered");
    assert_eq!(registration["params"]["registrations"][0]["method"], "workspace/didChangeWatchedFiles");

    tmp.write("ws/.dockerignore", IGNORE);
    let changes = json!({"changes": [{"uri": tmp.uri("ws/.dockerignore"), "type": 1}]});
    server.notify("workspace/didChangeWatchedFiles", changes);
    assert!(ignored_copy_reported(&mut server, &uri, 1), "the new .dockerignore is read");

    let other = tmp.uri("other/Dockerfile");
    server.open(&other, DOCKERFILE);
    assert!(!ignored_copy_reported(&mut server, &other, 1));
    let event = json!({"event": {"added": [{"uri": tmp.uri("other"), "name": "other"}], "removed": []}});
    server.notify("workspace/didChangeWorkspaceFolders", event);
    // Both documents are published again; the one of the added folder now reads its .dockerignore.
    assert!(ignored_copy_reported(&mut server, &other, 1));
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn yaml_that_is_not_a_build_file_gets_no_dockerfile_rules() {
    let mut server = Server::initialized(json!({}), json!(null));
    let uri = "file:///w/config.yaml";
    server.open_as(uri, "yaml", "key: value\nRUNN: x\n");
    assert!(server.diagnostics_for(uri, 1).is_empty());
    let hover = server
        .request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 1}}));
    assert!(hover.is_null(), "{hover}");
    let items = server.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 1}}),
    );
    assert!(items.is_null() || items.as_array().is_some_and(|a| a.is_empty()), "{items}");
}
