//! `FROM --platform` values containerd's `platforms.Parse` rejects.

use super::{CheckOptions, Diagnostic, Sink};
use crate::model::Analysis;

pub const CODE: &str = "dls/InvalidPlatform";

const KNOWN_OS: [&str; 18] = [
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
    "zos",
];
const KNOWN_ARCH: [&str; 31] = [
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "ppc64",
    "ppc64le",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
    "i386",
    "x86_64",
    "x86-64",
    "aarch64",
    "armhf",
    "armel",
    "arm64v8",
];

pub fn check(analysis: &Analysis, _: &CheckOptions<'_>, sink: &mut Sink) {
    for stage in &analysis.model.stages {
        let Some(platform) = &stage.platform else { continue };
        // Variables are expanded first; OS versions `os(…)` have their own grammar.
        if platform.text.is_empty() || platform.text.contains(['$', '(', '"', '\'']) {
            continue;
        }
        if let Err(problem) = check_platform(&platform.text) {
            let message = format!("Invalid platform `{}`: {problem}", platform.text);
            sink.push(Diagnostic::error(CODE, platform.range, message));
        }
    }
}

fn check_platform(text: &str) -> Result<(), String> {
    if text.contains('*') {
        return Err("wildcards are not supported".to_string());
    }
    let parts: Vec<&str> = text.split('/').collect();
    if parts.len() > 3 {
        return Err("write `os/arch` or `os/arch/variant`, e.g. `linux/arm64`".to_string());
    }
    let valid_part = |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b));
    if let Some(bad) = parts.iter().find(|p| !valid_part(p)) {
        return Err(match bad.is_empty() {
            true => "a component is empty".to_string(),
            false => format!("`{bad}` is not a valid component (letters, digits, `_`, `.`, `-`)"),
        });
    }
    if let [single] = parts.as_slice() {
        let lower = single.to_ascii_lowercase();
        if !KNOWN_OS.contains(&lower.as_str()) && !KNOWN_ARCH.contains(&lower.as_str()) {
            return Err("unknown operating system or architecture; write e.g. `linux/amd64`".to_string());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_diagnostics;

    #[test]
    fn platforms() {
        check_diagnostics(
            "FROM --platform=linux/amd64 a\nFROM --platform=$BUILDPLATFORM a\nFROM --platform=linux/arm/v7 a\nFROM --platform=arm64 a\nFROM --platform=linux/* a\nFROM --platform=linux//amd64 a\nFROM --platform=amd65 a\nFROM --platform=a/b/c/d a\n",
            expect![[r#"
                FROM --platform=linux/amd64 a
                FROM --platform=$BUILDPLATFORM a
                FROM --platform=linux/arm/v7 a
                FROM --platform=arm64 a
                FROM --platform=<focus>linux/*</focus> a
                FROM --platform=<focus>linux//amd64</focus> a
                FROM --platform=<focus>amd65</focus> a
                FROM --platform=<focus>a/b/c/d</focus> a
                error dls/InvalidPlatform: Invalid platform `linux/*`: wildcards are not supported
                error dls/InvalidPlatform: Invalid platform `linux//amd64`: a component is empty
                error dls/InvalidPlatform: Invalid platform `amd65`: unknown operating system or architecture; write e.g. `linux/amd64`
                error dls/InvalidPlatform: Invalid platform `a/b/c/d`: write `os/arch` or `os/arch/variant`, e.g. `linux/arm64`
            "#]],
        );
    }
}
