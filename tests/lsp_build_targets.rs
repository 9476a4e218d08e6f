//! Build targets over stdio: a compose file next to a Dockerfile that is not
//! open, in a temporary workspace. Completion, definition, hover, the "no such
//! stage" error and its quick fix in the compose file; references, rename and
//! code lenses from the Dockerfile; nothing read outside the workspace.

mod common;
mod temp_dir;

use common::{summary, Server};
use serde_json::{json, Value};
use temp_dir::TempDir;

const DOCKERFILE: &str = "FROM golang:1.22 AS build\nRUN go build\nFROM alpine:3.20 AS runtime\n";
const COMPOSE: &str = "services:\n  web:\n    build:\n      context: .\n      target: buil\n";

fn start(root: &str) -> Server {
    let mut server = Server::start();
    let folders = json!([{"uri": root, "name": "ws"}]);
    let capabilities = json!({"textDocument": {"definition": {"linkSupport": false}}});
    server.request("initialize", json!({"processId": null, "workspaceFolders": folders, "capabilities": capabilities}));
    server.notify("initialized", json!({}));
    server
}

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

fn labels(items: &Value) -> Vec<String> {
    items.as_array().map_or(Vec::new(), |a| a.iter().map(|i| i["label"].as_str().unwrap_or("").to_string()).collect())
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics.iter().map(|d| summary(d).2).collect()
}

#[test]
fn compose_file_next_to_an_unopened_dockerfile() {
    let tmp = TempDir::new("compose");
    tmp.write("Dockerfile", DOCKERFILE);
    tmp.write("compose.yaml", COMPOSE);
    let (compose, dockerfile) = (tmp.uri("compose.yaml"), tmp.uri("Dockerfile"));
    let mut server = start(&tmp.uri(""));
    server.open_as(&compose, "yaml", COMPOSE);

    // The typo is an error with a quick fix; no Dockerfile rule runs on YAML.
    let diagnostics = server.diagnostics_for(&compose, 1);
    assert_eq!(diagnostics.iter().map(summary).collect::<Vec<_>>(), [(4, 14, "dls/UnknownBuildTarget".to_string())]);
    let range = diagnostics[0]["range"].clone();
    let actions = server.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": compose}, "range": range, "context": {"diagnostics": diagnostics}}),
    );
    assert_eq!(actions[0]["title"], "Change the target to `build`");
    assert_eq!(actions[0]["edit"]["changes"][&compose][0]["newText"], "build");

    let items = server.request("textDocument/completion", at(&compose, 4, 16));
    assert_eq!(labels(&items), ["build", "runtime"]);
    assert_eq!(items[0]["detail"], "golang:1.22");

    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": compose, "version": 2}, "contentChanges": [{"text": COMPOSE.replace("buil\n", "build\n")}]}),
    );
    assert!(server.diagnostics_for(&compose, 2).is_empty());

    let definition = server.request("textDocument/definition", at(&compose, 4, 16));
    assert_eq!(definition["uri"], dockerfile.as_str(), "{definition}");
    assert_eq!(definition["range"]["start"], json!({"line": 0, "character": 20}));
    let hover = server.request("textDocument/hover", at(&compose, 4, 16));
    assert!(hover["contents"]["value"].as_str().is_some_and(|h| h.contains("golang:1.22")), "{hover}");

    // From the Dockerfile: its uses as a target, and a rename that edits the compose file.
    server.open(&dockerfile, DOCKERFILE);
    server.diagnostics_for(&dockerfile, 1);
    let references = server.request(
        "textDocument/references",
        json!({"textDocument": {"uri": dockerfile}, "position": {"line": 0, "character": 21}, "context": {"includeDeclaration": false}}),
    );
    let in_compose: Vec<&Value> =
        references.as_array().unwrap().iter().filter(|l| l["uri"] == compose.as_str()).collect();
    assert_eq!(in_compose.len(), 1, "{references}");
    assert_eq!(in_compose[0]["range"]["start"], json!({"line": 4, "character": 14}));

    let lenses = server.request("textDocument/codeLens", json!({"textDocument": {"uri": dockerfile}}));
    let titles: Vec<&str> = lenses.as_array().unwrap().iter().filter_map(|l| l["command"]["title"].as_str()).collect();
    assert!(titles.contains(&"target of compose service web"), "{titles:?}");
    assert!(titles.iter().any(|t| t.contains("default target")), "{titles:?}");

    let edit = server.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": dockerfile}, "position": {"line": 0, "character": 21}, "newName": "compile"}),
    );
    let compose_edits = edit["changes"][&compose].as_array().expect("the compose file is edited");
    assert_eq!(compose_edits.len(), 1);
    assert_eq!(compose_edits[0]["newText"], "compile");
    assert_eq!(compose_edits[0]["range"]["start"], json!({"line": 4, "character": 14}));
    assert_eq!(edit["changes"][&dockerfile][0]["newText"], "compile");

    // Renaming the stage in the Dockerfile alone breaks the compose file's target.
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": dockerfile, "version": 2}, "contentChanges": [{"text": DOCKERFILE.replace("AS build", "AS compile")}]}),
    );
    assert_eq!(codes(&server.diagnostics_for(&compose, 2)), ["dls/UnknownBuildTarget"]);
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn build_files_outside_the_workspace_read_nothing() {
    let tmp = TempDir::new("outside");
    tmp.write("ws/Dockerfile", DOCKERFILE);
    tmp.write("outside/Dockerfile", DOCKERFILE);
    let mut server = start(&tmp.uri("ws"));
    // A compose file outside the workspace: its Dockerfile is not read, nor reported missing.
    let outside = tmp.uri("outside/compose.yaml");
    server.open_as(&outside, "yaml", COMPOSE);
    assert!(server.diagnostics_for(&outside, 1).is_empty());
    assert!(labels(&server.request("textDocument/completion", at(&outside, 4, 16))).is_empty());
    // A missing Dockerfile inside the workspace is reported.
    let missing = tmp.uri("ws/app/compose.yaml");
    server.open_as(&missing, "yaml", COMPOSE);
    assert_eq!(codes(&server.diagnostics_for(&missing, 1)), ["dls/MissingDockerfile"]);
}

#[cfg(unix)]
#[test]
fn a_dockerfile_behind_an_escaping_symlink_is_not_read() {
    let tmp = TempDir::new("symlink");
    tmp.write("outside/Dockerfile", DOCKERFILE);
    tmp.write("ws/.keep", "");
    std::os::unix::fs::symlink(tmp.0.join("outside/Dockerfile"), tmp.0.join("ws/Dockerfile")).expect("symlink");
    let mut server = start(&tmp.uri("ws"));
    let compose = tmp.uri("ws/compose.yaml");
    server.open_as(&compose, "yaml", COMPOSE);
    assert!(server.diagnostics_for(&compose, 1).is_empty(), "read through the symlink or reported it missing");
    assert!(labels(&server.request("textDocument/completion", at(&compose, 4, 16))).is_empty());
    assert!(server.request("textDocument/definition", at(&compose, 4, 16)).is_null());
}

#[test]
fn watched_changes_on_disk_reach_open_build_files_and_the_index() {
    let tmp = TempDir::new("watched");
    tmp.write("Dockerfile", DOCKERFILE);
    let fixed = COMPOSE.replace("buil\n", "build\n");
    tmp.write("compose.yaml", &fixed);
    let mut server = Server::start();
    let folders = json!([{"uri": tmp.uri(""), "name": "ws"}]);
    let capabilities = json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    server.request("initialize", json!({"processId": null, "workspaceFolders": folders, "capabilities": capabilities}));
    server.notify("initialized", json!({}));
    let (compose, dockerfile) = (tmp.uri("compose.yaml"), tmp.uri("Dockerfile"));
    server.open_as(&compose, "yaml", &fixed);
    assert!(server.diagnostics_for(&compose, 1).is_empty());

    // The Dockerfile (not open) loses its stage on disk: the compose file's target becomes an error.
    tmp.write("Dockerfile", DOCKERFILE.replace("AS build", "AS compile"));
    server.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": dockerfile, "type": 2}]}));
    assert_eq!(codes(&server.diagnostics_for(&compose, 1)), ["dls/UnknownBuildTarget"]);

    // A bake file created on disk is found by the Dockerfile's references once the watcher says so.
    server.open(&dockerfile, &DOCKERFILE.replace("AS build", "AS compile"));
    let references = |server: &mut Server| {
        let found = server.request(
            "textDocument/references",
            json!({"textDocument": {"uri": dockerfile}, "position": {"line": 0, "character": 21}, "context": {"includeDeclaration": false}}),
        );
        found.as_array().unwrap().iter().filter_map(|l| l["uri"].as_str().map(str::to_string)).collect::<Vec<_>>()
    };
    // The first request walks the workspace (the compose file's `build` no longer names this stage).
    assert!(references(&mut server).iter().all(|u| *u == dockerfile), "only the Dockerfile's own references");
    tmp.write("docker-bake.hcl", "target \"app\" {\n  target = \"compile\"\n}\n");
    let before = references(&mut server);
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": tmp.uri("docker-bake.hcl"), "type": 1}]}),
    );
    let after = references(&mut server);
    assert!(!before.contains(&tmp.uri("docker-bake.hcl")), "{before:?}");
    assert!(after.contains(&tmp.uri("docker-bake.hcl")), "{after:?}");
}

#[test]
fn a_stage_built_as_a_compose_target_is_not_unreachable() {
    let tmp = TempDir::new("reachable");
    let dockerfile_text =
        "FROM alpine:3 AS base\nFROM base AS test\nRUN make test\nFROM base AS lint\nFROM base\nUSER app\n";
    tmp.write("compose.yaml", "services:\n  tests:\n    build:\n      context: .\n      target: test\n");
    let dockerfile = tmp.uri("Dockerfile");
    tmp.write("Dockerfile", dockerfile_text);
    let mut server = start(&tmp.uri(""));
    server.open(&dockerfile, dockerfile_text);

    let unreachable: Vec<u64> = server
        .diagnostics_for(&dockerfile, 1)
        .iter()
        .filter(|d| d["code"] == "dls/UnreachableStage")
        .map(|d| d["range"]["start"]["line"].as_u64().unwrap_or(u64::MAX))
        .collect();
    assert_eq!(unreachable, [3], "only `lint` is unreachable: compose builds `test`");
}

#[test]
fn a_target_value_inherited_by_several_bake_targets_is_one_reference() {
    let tmp = TempDir::new("inherits");
    tmp.write("Dockerfile", DOCKERFILE);
    let bake = "target \"base\" {\n  target = \"build\"\n}\ntarget \"a\" {\n  inherits = [\"base\"]\n  context = \".\"\n}\ntarget \"b\" {\n  inherits = [\"base\"]\n  context = \".\"\n}\n";
    tmp.write("docker-bake.hcl", bake);
    let (dockerfile, bake_uri) = (tmp.uri("Dockerfile"), tmp.uri("docker-bake.hcl"));
    let mut server = start(&tmp.uri(""));
    server.open(&dockerfile, DOCKERFILE);

    let references = server.request(
        "textDocument/references",
        json!({"textDocument": {"uri": dockerfile}, "position": {"line": 0, "character": 21}, "context": {"includeDeclaration": false}}),
    );
    let in_bake: Vec<&Value> =
        references.as_array().unwrap().iter().filter(|l| l["uri"] == bake_uri.as_str()).collect();
    assert_eq!(in_bake.len(), 1, "{references}");
    assert_eq!(in_bake[0]["range"]["start"], json!({"line": 1, "character": 12}));
}
