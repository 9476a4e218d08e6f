//! Build arguments and environment variables: declarations, references and
//! their scoping as BuildKit applies it.

use text_size::TextRange;

/// ARGs BuildKit defines without a declaration. The platform ones are in
/// the global scope (usable in FROM); inside a stage they need an `ARG NAME`.
pub const PLATFORM_ARGS: [&str; 9] = [
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "TARGETSTAGE",
];

/// Proxy ARGs: usable in RUN without a declaration.
pub const PROXY_ARGS: [&str; 8] =
    ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy"];

/// Other predefined ARGs BuildKit understands.
pub const BUILDKIT_ARGS: [&str; 4] =
    ["BUILDKIT_SYNTAX", "BUILDKIT_CONTEXT_KEEP_GIT_DIR", "BUILDKIT_INLINE_CACHE", "SOURCE_DATE_EPOCH"];

pub fn is_predefined_arg(name: &str) -> bool {
    PLATFORM_ARGS.contains(&name) || PROXY_ARGS.contains(&name) || BUILDKIT_ARGS.contains(&name)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarKind {
    Arg,
    Env,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Before the first FROM.
    Global,
    Stage(usize),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarDecl {
    pub name: String,
    pub kind: VarKind,
    pub scope: Scope,
    pub instruction: usize,
    pub name_range: TextRange,
    /// The whole `NAME=value` (or `NAME`).
    pub range: TextRange,
    /// The value as written, quotes kept; `None` for `ARG NAME`.
    pub raw_value: Option<String>,
    /// The value after expansion with what is visible at the declaration.
    pub value: Option<String>,
    /// For a stage `ARG NAME` re-declaring a global ARG: that declaration.
    pub inherits: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarRef {
    pub name: String,
    /// `$NAME` or `${NAME…}`.
    pub range: TextRange,
    pub name_range: TextRange,
    pub instruction: usize,
    pub scope: Scope,
    /// The declaration in effect at this point.
    pub decl: Option<usize>,
    /// Inside RUN/CMD/ENTRYPOINT/HEALTHCHECK/SHELL text, which BuildKit does
    /// not expand (the shell does, at run time).
    pub in_shell: bool,
    /// `${NAME:-word}` and friends.
    pub has_fallback: bool,
}
