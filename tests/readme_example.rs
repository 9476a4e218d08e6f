//! The README's first command, `dockerfile-ls check examples/Dockerfile`,
//! finds the two mistakes the example was written with.

use std::process::Command;

#[test]
fn the_readme_example_shows_its_two_mistakes() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/Dockerfile");
    let output = Command::new(env!("CARGO_BIN_EXE_dockerfile-ls")).args(["check", example]).output().expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains(":8:1: error[dls/UnknownInstruction]"), "{stdout}");
    assert!(stdout.contains("did you mean `COPY`"), "{stdout}");
    assert!(stdout.contains(":13:13: error[dls/StageDefinedLater]"), "{stdout}");
    assert_eq!(stdout.matches(": error[").count(), 2, "{stdout}");
}
