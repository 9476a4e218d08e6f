//! FromPlatformFlagConstDisallowed: `FROM --platform=linux/amd64` with a
//! constant that is a valid platform, unless the stage name mentions its OS
//! or architecture (a per-platform stage on purpose).

use super::{platform_flag, warning};
use crate::features::diagnostics::Sink;
use crate::model::expand::{expand, find_var_uses};
use crate::model::Analysis;

pub const CODE: &str = "FromPlatformFlagConstDisallowed";

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let escape = analysis.file.escape;
    for stage in &analysis.model.stages {
        let Some((_, value)) = platform_flag(analysis, stage.from) else { continue };
        if !find_var_uses(&value.text, escape).is_empty() {
            continue;
        }
        let platform = expand(&value.text, escape, &|_| None).value;
        let Some((os, arch)) = parse_platform(&platform) else { continue };
        let name = stage.name().unwrap_or("");
        if name.contains(&os) || name.contains(&arch) {
            continue;
        }
        let message = format!(
            "FROM --platform flag should not use constant value {platform:?}: use `$BUILDPLATFORM` or `$TARGETPLATFORM`"
        );
        sink.push(warning(CODE, value.range, message));
    }
}

/// containerd's `platforms.Parse`, reduced to OS and architecture, with
/// linux/amd64 as the host defaults.
pub(super) fn parse_platform(text: &str) -> Option<(String, String)> {
    let parts: Vec<&str> = text.split('/').collect();
    let valid = |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
    if parts.len() > 3 || !parts.iter().all(valid) {
        return None;
    }
    let os = normalize_os(parts[0]);
    match parts.as_slice() {
        [single] => {
            if KNOWN_OS.contains(&os.as_str()) {
                Some((os, "amd64".to_string()))
            } else {
                let arch = normalize_arch(single);
                KNOWN_ARCH.contains(&arch.as_str()).then(|| ("linux".to_string(), arch))
            }
        }
        [_, arch, ..] => Some((os, normalize_arch(arch))),
        [] => None,
    }
}

const KNOWN_OS: [&str; 14] = [
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
    "windows",
];
const KNOWN_ARCH: [&str; 16] = [
    "386", "amd64", "arm", "arm64", "loong64", "mips", "mips64", "mips64le", "mipsle", "ppc64", "ppc64le", "riscv64",
    "s390x", "sparc64", "wasm", "amd64p32",
];

fn normalize_os(os: &str) -> String {
    match os.to_lowercase().as_str() {
        "macos" => "darwin".to_string(),
        other => other.to_string(),
    }
}

fn normalize_arch(arch: &str) -> String {
    match arch.to_lowercase().as_str() {
        "i386" => "386".to_string(),
        "x86_64" | "x86-64" | "amd64" => "amd64".to_string(),
        "aarch64" | "arm64" => "arm64".to_string(),
        "armhf" | "armel" | "arm" => "arm".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::check_rule;

    #[test]
    fn constant_platforms() {
        check_rule(
            super::CODE,
            "FROM --platform=linux/amd64 a\nFROM --platform=linux/arm64 b AS build-arm64\nFROM --platform=$BUILDPLATFORM c\nFROM --platform=bogus d\n",
            expect![[r#"
                FROM --platform=<focus>linux/amd64</focus> a
                FROM --platform=linux/arm64 b AS build-arm64
                FROM --platform=$BUILDPLATFORM c
                FROM --platform=bogus d
                warning FromPlatformFlagConstDisallowed: FROM --platform flag should not use constant value "linux/amd64": use `$BUILDPLATFORM` or `$TARGETPLATFORM`
            "#]],
        );
    }
}
