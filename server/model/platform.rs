//! Platform strings (`linux/arm64/v8`) read the way containerd's
//! `platforms.Parse` reads them for BuildKit: one component is an OS or an
//! architecture (the other half defaults to the host, taken as linux/amd64),
//! two or three are `os/arch[/variant]`; names are normalised
//! (`macos` → `darwin`, `x86_64` → `amd64`, `aarch64` → `arm64`, …).

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Platform {
    pub os: String,
    pub arch: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlatformError {
    Wildcard,
    TooManyComponents,
    EmptyComponent,
    InvalidComponent(String),
    UnknownOsOrArch,
}

impl std::fmt::Display for PlatformError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlatformError::Wildcard => write!(f, "wildcards are not supported"),
            PlatformError::TooManyComponents => write!(f, "write `os/arch` or `os/arch/variant`, e.g. `linux/arm64`"),
            PlatformError::EmptyComponent => write!(f, "a component is empty"),
            PlatformError::InvalidComponent(part) => {
                write!(f, "`{part}` is not a valid component (letters, digits, `_`, `.`, `-`)")
            }
            PlatformError::UnknownOsOrArch => {
                write!(f, "unknown operating system or architecture; write e.g. `linux/amd64`")
            }
        }
    }
}

const HOST_OS: &str = "linux";
const HOST_ARCH: &str = "amd64";

/// Go's known GOOS values, as containerd checks a lone component.
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

/// Go's known GOARCH values (after normalisation).
const KNOWN_ARCH: [&str; 24] = [
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
];

pub fn parse(text: &str) -> Result<Platform, PlatformError> {
    if text.contains('*') {
        return Err(PlatformError::Wildcard);
    }
    let parts: Vec<&str> = text.split('/').collect();
    if parts.len() > 3 {
        return Err(PlatformError::TooManyComponents);
    }
    if let Some(bad) = parts.iter().find(|part| !is_valid_component(part)) {
        return Err(match bad.is_empty() {
            true => PlatformError::EmptyComponent,
            false => PlatformError::InvalidComponent(bad.to_string()),
        });
    }
    match parts.as_slice() {
        [single] => parse_single_component(single),
        [os, arch, ..] => Ok(Platform { os: normalize_os(os), arch: normalize_arch(arch) }),
        [] => Err(PlatformError::EmptyComponent),
    }
}

fn parse_single_component(part: &str) -> Result<Platform, PlatformError> {
    let os = normalize_os(part);
    if KNOWN_OS.contains(&os.as_str()) {
        return Ok(Platform { os, arch: HOST_ARCH.to_string() });
    }
    let arch = normalize_arch(part);
    if KNOWN_ARCH.contains(&arch.as_str()) {
        return Ok(Platform { os: HOST_OS.to_string(), arch });
    }
    Err(PlatformError::UnknownOsOrArch)
}

fn is_valid_component(part: &str) -> bool {
    !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
}

fn normalize_os(os: &str) -> String {
    match os.to_ascii_lowercase().as_str() {
        "macos" => "darwin".to_string(),
        other => other.to_string(),
    }
}

fn normalize_arch(arch: &str) -> String {
    match arch.to_ascii_lowercase().as_str() {
        "i386" => "386".to_string(),
        "x86_64" | "x86-64" | "amd64" => "amd64".to_string(),
        "aarch64" | "arm64" | "arm64v8" => "arm64".to_string(),
        "armhf" | "armel" | "arm" => "arm".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> String {
        match parse(text) {
            Ok(p) => format!("{}/{}", p.os, p.arch),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn reads_platforms_like_containerd() {
        let cases = [
            ("linux/amd64", "linux/amd64"),
            ("Linux/x86_64", "linux/amd64"),
            ("linux/arm/v7", "linux/arm"),
            ("macos/aarch64", "darwin/arm64"),
            ("windows", "windows/amd64"),
            ("solaris", "solaris/amd64"),
            ("arm64", "linux/arm64"),
            ("i386", "linux/386"),
            ("amd65", "error: unknown operating system or architecture; write e.g. `linux/amd64`"),
            ("linux/*", "error: wildcards are not supported"),
            ("linux//amd64", "error: a component is empty"),
            ("a/b/c/d", "error: write `os/arch` or `os/arch/variant`, e.g. `linux/arm64`"),
            ("linux/am d64", "error: `am d64` is not a valid component (letters, digits, `_`, `.`, `-`)"),
        ];
        for (text, expected) in cases {
            assert_eq!(show(text), expected, "{text}");
        }
    }
}
