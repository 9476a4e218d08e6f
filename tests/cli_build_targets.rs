//! `dockerfile-ls check` on folders with compose, bake, devcontainer and
//! workflow files: their targets are checked against the Dockerfiles they
//! build, in both output formats, with the same exit codes.

use std::path::Path;
use std::process::Output;

use temp_dir::TempDir;

mod temp_dir;

fn check(args: &[&str], cwd: &Path) -> Output {
    temp_dir::run_check(args, cwd)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn json(output: &Output) -> Vec<serde_json::Value> {
    let value: serde_json::Value = serde_json::from_str(&stdout(output)).expect("valid JSON");
    value.as_array().cloned().unwrap_or_default()
}

const DOCKERFILE: &str =
    "FROM golang:1.22 AS build\nRUN go build\nFROM alpine:3.20 AS runtime\nCOPY --from=build /a /a\n";

/// (path, code, line) of each finding.
fn findings(output: &Output) -> Vec<(String, String, u64)> {
    json(output)
        .iter()
        .map(|d| {
            let path = d["path"].as_str().unwrap_or("").replace('\\', "/");
            let code = d["code"].as_str().unwrap_or("").to_string();
            (path, code, d["range"]["start"]["line"].as_u64().unwrap_or(0))
        })
        .collect()
}

#[test]
fn a_wrong_compose_target_is_an_error_with_a_suggestion() {
    let dir = TempDir::new("targets");
    dir.write("Dockerfile", DOCKERFILE);
    dir.write("compose.yaml", "services:\n  web:\n    build:\n      context: .\n      target: runtme\n");
    let output = check(&[], &dir.0);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let text = stdout(&output);
    let header = "compose.yaml:5:15: error[dls/UnknownBuildTarget]: Target stage `runtme` could not be found in `Dockerfile`: did you mean `runtime`?";
    assert!(text.lines().any(|l| l.ends_with(header)), "{text}");
    assert!(text.lines().any(|l| l.ends_with("│       target: runtme")), "{text}");
}

#[test]
fn every_kind_of_build_file_is_found_and_checked() {
    let dir = TempDir::new("targets");
    dir.write("Dockerfile", DOCKERFILE);
    dir.write("compose.yaml", "services:\n  web:\n    build: .\n  api:\n    build: ./api\n");
    dir.write(
        "docker-bake.hcl",
        "target \"app\" {\n  target = \"biuld\"\n}\ntarget \"ok\" {\n  target = \"BUILD\"\n}\n",
    );
    dir.write(
        ".devcontainer/devcontainer.json",
        "{\n  // dev\n  \"build\": { \"dockerfile\": \"../Dockerfile\", \"target\": \"dev\" }\n}\n",
    );
    dir.write(
        ".github/workflows/ci.yml",
        "jobs:\n  b:\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          target: ${{ matrix.t }}\n      - uses: docker/build-push-action@v6\n        with:\n          target: test\n",
    );
    dir.write("node_modules/x/compose.yaml", "services:\n  a:\n    build: ./nowhere\n");
    let output = check(&["--format", "json", "."], &dir.0);
    assert_eq!(output.status.code(), Some(1));
    let mut found = findings(&output);
    found.sort();
    let expected = [
        ("./.devcontainer/devcontainer.json", "dls/UnknownBuildTarget", 3),
        ("./.github/workflows/ci.yml", "dls/UnknownBuildTarget", 9),
        ("./compose.yaml", "dls/MissingDockerfile", 5),
        ("./docker-bake.hcl", "dls/UnknownBuildTarget", 2),
    ];
    let expected: Vec<(String, String, u64)> =
        expected.iter().map(|(p, c, l)| (p.to_string(), c.to_string(), *l)).collect();
    let dockerfile_free: Vec<_> = found.into_iter().filter(|(p, _, _)| p != "./Dockerfile").collect();
    assert_eq!(dockerfile_free, expected);
}

#[test]
fn a_clean_compose_file_alone_is_enough_input() {
    let dir = TempDir::new("targets");
    dir.write("app/Dockerfile", DOCKERFILE);
    dir.write("app/compose.yml", "services:\n  web:\n    build:\n      target: runtime\n");
    let output = check(&["app/compose.yml"], &dir.0);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stdout(&output), "");
}

#[test]
fn dockerfiles_outside_what_was_passed_are_not_read_nor_reported() {
    let dir = TempDir::new("targets");
    dir.write("other/Dockerfile", "FROM alpine AS only\n");
    dir.write(
        "app/compose.yaml",
        "services:\n  web:\n    build:\n      context: ../other\n      target: nope\n  gone:\n    build: ../missing\n",
    );
    let output = check(&["--format", "json", "app"], &dir.0);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(findings(&output).is_empty(), "{}", stdout(&output));
    let output = check(&["--format", "json", "."], &dir.0);
    let codes: Vec<String> = findings(&output).into_iter().map(|(_, c, _)| c).collect();
    assert!(codes.contains(&"dls/UnknownBuildTarget".to_string()), "{codes:?}");
    assert!(codes.contains(&"dls/MissingDockerfile".to_string()), "{codes:?}");
}

#[test]
fn broken_yaml_is_reported_once_and_does_not_fail_the_run() {
    let dir = TempDir::new("targets");
    dir.write("Dockerfile", DOCKERFILE);
    dir.write("compose.yaml", "services:\n  web:\n    build: [\n");
    let output = check(&["--format", "json"], &dir.0);
    assert_eq!(output.status.code(), Some(0), "a warning only: {}", stdout(&output));
    let codes: Vec<String> = findings(&output).into_iter().map(|(_, c, _)| c).collect();
    assert_eq!(codes.iter().filter(|c| *c == "dls/BuildFileSyntax").count(), 1, "{codes:?}");
}

#[test]
fn the_target_flag_still_checks_dockerfiles() {
    let dir = TempDir::new("targets");
    dir.write("Dockerfile", DOCKERFILE);
    dir.write("compose.yaml", "services:\n  web:\n    build:\n      target: build\n");
    let output = check(&["--format", "json", "--target", "nope"], &dir.0);
    assert_eq!(output.status.code(), Some(1));
    let found = findings(&output);
    assert!(found.iter().any(|(p, c, _)| p.ends_with("Dockerfile") && c == "dls/UnknownTarget"), "{found:?}");
    assert!(!found.iter().any(|(p, _, _)| p.ends_with("compose.yaml")), "{found:?}");
}

#[test]
fn a_stage_built_as_a_compose_target_is_not_reported_unreachable() {
    let dir = TempDir::new("targets");
    dir.write(
        "Dockerfile",
        "FROM alpine:3 AS base\nFROM base AS test\nRUN make test\nFROM base AS lint\nFROM base\nUSER app\n",
    );
    dir.write("compose.yaml", "services:\n  tests:\n    build:\n      context: .\n      target: test\n");
    let output = check(&["--format", "json", "."], &dir.0);
    let unreachable: Vec<u64> = findings(&output)
        .into_iter()
        .filter(|(_, code, _)| code == "dls/UnreachableStage")
        .map(|(_, _, l)| l)
        .collect();
    assert_eq!(unreachable.len(), 1, "only `lint`: compose builds `test`: {:?}", findings(&output));
}
