//! `dockerfile-ls check` run as a user runs it: exit codes, output formats,
//! folder discovery.

use std::path::Path;
use std::process::{Command, Output};

use temp_dir::TempDir;

mod temp_dir;

fn check(args: &[&str], cwd: &Path) -> Output {
    temp_dir::run_check(args, cwd)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const CLEAN: &[u8] = b"FROM alpine:3.20\nRUN echo hi\n";
const BROKEN: &[u8] = b"FROM alpine:3.20\nCOPPY a b\n";

#[test]
fn clean_file_exits_zero() {
    let dir = TempDir::new("cli");
    dir.write("Dockerfile", CLEAN);
    let output = check(&["Dockerfile"], &dir.0);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stdout(&output).contains("error["), "{}", stdout(&output));
}

#[test]
fn human_format_has_header_source_line_and_carets() {
    let dir = TempDir::new("cli");
    dir.write("Dockerfile", BROKEN);
    let output = check(&["Dockerfile"], &dir.0);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    let header = "Dockerfile:2:1: error[dls/UnknownInstruction]: Unknown instruction `COPPY`: did you mean `COPY`?";
    let at = lines.iter().position(|l| *l == header).unwrap_or_else(|| panic!("no header line in {text}"));
    let lines = &lines[at..];
    assert!(lines.iter().any(|l| l.ends_with("│ COPPY a b")), "{text}");
    assert!(lines.iter().any(|l| l.trim_end().ends_with("│ ^^^^^")), "{text}");
    let empty_header = |l: &&str| ["error:", "warning:", "note:", "help:"].contains(&l.trim());
    assert!(!text.lines().any(|l| empty_header(&l)), "no empty header: {text}");
    assert!(!text.contains('\u{1b}'), "no colour codes when not on a terminal: {text}");
}

#[test]
fn json_format() {
    let dir = TempDir::new("cli");
    dir.write("Dockerfile", BROKEN);
    let output = check(&["--format", "json", "Dockerfile"], &dir.0);
    assert_eq!(output.status.code(), Some(1));
    let items: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("valid JSON");
    let first = items
        .as_array()
        .and_then(|all| all.iter().find(|i| i["code"] == "dls/UnknownInstruction"))
        .expect("the unknown instruction is reported");
    assert_eq!(first["path"], "Dockerfile");
    assert_eq!(first["code"], "dls/UnknownInstruction");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["range"]["start"], serde_json::json!({"line": 2, "column": 1}));
    assert_eq!(first["range"]["end"], serde_json::json!({"line": 2, "column": 6}));
    assert_eq!(first["fixes"][0], "Change to `COPY`");
}

#[test]
fn folders_are_searched_for_dockerfile_names() {
    let dir = TempDir::new("cli");
    for name in [
        "Dockerfile",
        "Containerfile.dev",
        "api/Dockerfile.prod",
        "web/app.Dockerfile",
        "web/app.dockerfile",
        ".git/Dockerfile",
        "node_modules/x/Dockerfile",
        "target/Dockerfile",
        "README.md",
        "Dockerfilex",
    ] {
        dir.write(name, BROKEN);
    }
    let output = check(&["--format", "json"], &dir.0);
    let items: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("valid JSON");
    let mut paths: Vec<String> = items
        .as_array()
        .expect("an array")
        .iter()
        .map(|i| i["path"].as_str().unwrap_or_default().replace('\\', "/").trim_start_matches("./").to_string())
        .collect();
    paths.sort();
    paths.dedup();
    assert_eq!(
        paths,
        vec!["Containerfile.dev", "Dockerfile", "api/Dockerfile.prod", "web/app.Dockerfile", "web/app.dockerfile"]
    );
}

#[test]
fn unknown_target_is_an_error() {
    let dir = TempDir::new("cli");
    dir.write("Dockerfile", b"FROM alpine AS build\nFROM alpine AS final\n");
    let output = check(&["--target", "biuld", "Dockerfile"], &dir.0);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.contains("error[dls/UnknownTarget]: Target stage `biuld` could not be found: did you mean `build`?"),
        "{text}"
    );
    let ok = check(&["--target", "BUILD", "Dockerfile"], &dir.0);
    assert_eq!(ok.status.code(), Some(0), "targets are case-insensitive: {}", stdout(&ok));
}

#[test]
fn unreadable_input_exits_two_with_a_message() {
    let dir = TempDir::new("cli");
    let missing = check(&["nope/Dockerfile"], &dir.0);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("cannot read nope/Dockerfile"), "{}", stderr(&missing));

    dir.write("Dockerfile", b"FROM alpine\nRUN echo \xff\xfe\n");
    let latin1 = check(&["Dockerfile"], &dir.0);
    assert_eq!(latin1.status.code(), Some(2));
    assert!(stderr(&latin1).contains("Dockerfile is not valid UTF-8 (byte 21)"), "{}", stderr(&latin1));

    let empty = TempDir::new("cli");
    let none = check(&[], &empty.0);
    assert_eq!(none.status.code(), Some(2));
    assert!(stderr(&none).contains("no Dockerfile or build file found under ."), "{}", stderr(&none));
}

#[test]
fn bad_usage_exits_two() {
    let dir = TempDir::new("cli");
    let output = check(&["--format", "xml"], &dir.0);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("invalid value 'xml'"), "{}", stderr(&output));
}

#[test]
fn version_and_help_exit_zero() {
    for flag in ["--version", "--help"] {
        let output = Command::new(env!("CARGO_BIN_EXE_dockerfile-ls")).arg(flag).output().expect("runs");
        assert_eq!(output.status.code(), Some(0), "{flag}");
        assert!(!stdout(&output).is_empty(), "{flag}");
    }
}

/// `check … | head`: the reader goes away before the output is written.
#[test]
fn a_reader_that_goes_away_is_not_a_crash() {
    let dir = TempDir::new("cli");
    let many_findings = "FROM alpine:3.20\n".to_string() + &"MAINTAINER someone\n".repeat(2_000);
    dir.write("Dockerfile", many_findings.as_bytes());
    for format in ["json", "human"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dockerfile-ls"))
            .args(["check", "--format", format, "Dockerfile"])
            .current_dir(&dir.0)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the binary starts");
        drop(child.stdout.take());
        let output = child.wait_with_output().expect("the binary exits");
        assert!(matches!(output.status.code(), Some(0 | 1)), "{format}: {:?} {}", output.status, stderr(&output));
        assert!(!stderr(&output).contains("panicked"), "{format}: {}", stderr(&output));
    }
}
