//! `dockerfile-ls check --fix` on copies of the fixtures in
//! `tests/fixtures/practices`: the rewritten file and the printed changes.

use std::path::{Path, PathBuf};
use std::process::Command;

use expect_test::expect_file;

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/practices")
}

/// Runs `check --fix` on a copy of `name`; returns the fixed text and the
/// printed lines about fixes (paths made relative).
fn fix(name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("dls-check-fix-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::copy(fixture_dir().join(name), &path).expect("copy fixture");
    let output = Command::new(env!("CARGO_BIN_EXE_dockerfile-ls"))
        .args(["check", "--fix"])
        .arg(&path)
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout).replace(&dir.display().to_string(), "");
    let fixed = std::fs::read_to_string(&path).expect("read back");
    let _ = std::fs::remove_dir_all(&dir);
    let changes: Vec<&str> =
        stdout.lines().filter(|l| l.contains(": fixed [") || l.ends_with("fixes applied")).collect();
    format!("{fixed}---\n{}\n", changes.join("\n"))
}

#[test]
fn fixes_debian() {
    expect_file!["fixtures/practices/debian.Dockerfile.fixed"].assert_eq(&fix("debian.Dockerfile"));
}

#[test]
fn fixes_node() {
    expect_file!["fixtures/practices/node.Dockerfile.fixed"].assert_eq(&fix("node.Dockerfile"));
}

#[test]
fn fixes_python() {
    expect_file!["fixtures/practices/python.Dockerfile.fixed"].assert_eq(&fix("python.Dockerfile"));
}

#[test]
fn fixes_heredoc_and_stages() {
    expect_file!["fixtures/practices/stages.Dockerfile.fixed"].assert_eq(&fix("stages.Dockerfile"));
}

#[test]
fn fixes_with_a_backtick_escape() {
    expect_file!["fixtures/practices/windows-escape.Dockerfile.fixed"].assert_eq(&fix("windows-escape.Dockerfile"));
}

#[test]
fn a_file_without_fixes_is_left_alone() {
    let dir = std::env::temp_dir().join(format!("dls-check-nofix-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("Dockerfile");
    let text = "FROM alpine:3.20\nUSER app\n";
    std::fs::write(&path, text).expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_dockerfile-ls")).args(["check", "--fix"]).arg(&path).output();
    assert!(output.expect("runs").status.success());
    assert_eq!(std::fs::read_to_string(&path).expect("read"), text);
    let _ = std::fs::remove_dir_all(&dir);
}
