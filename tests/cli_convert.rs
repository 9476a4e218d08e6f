//! `dockerfile-ls convert FILE`.

use std::path::Path;
use std::process::Command;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("server/features/refactor/fixtures/convert").join(name)
}

fn convert(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dockerfile-ls")).arg("convert").args(args).output().expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn prints_the_converted_file() {
    let input = fixture("go.Dockerfile");
    let (code, stdout, _) = convert(&[input.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    let expected = std::fs::read_to_string(fixture("go.expected.Dockerfile")).unwrap();
    assert_eq!(stdout, expected);
}

#[test]
fn bails_out_with_the_reason_and_exit_code_1() {
    let input = fixture("not-offered/multi-stage.Dockerfile");
    let (code, stdout, stderr) = convert(&[input.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(stdout.is_empty());
    assert!(stderr.contains("the file already has 2 stages"), "{stderr}");
}

#[test]
fn writes_the_file_with_write() {
    let dir = std::env::temp_dir().join(format!("dls-convert-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("Dockerfile");
    std::fs::copy(fixture("python-pip.Dockerfile"), &path).unwrap();
    let (code, _, _) = convert(&["--write", path.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written, std::fs::read_to_string(fixture("python-pip.expected.Dockerfile")).unwrap());
    let _ = std::fs::remove_dir_all(&dir);
}
