//! What the editing features know about the Dockerfile language itself:
//! instructions and their forms, flags, mount keys, platforms, parser
//! directives, BuildKit check rules and a short list of official images.
//! Shared by completion, hover and signature help.

use crate::model::mount::{MOUNT_TYPES, SHARING_MODES};

pub const REFERENCE_URL: &str = "https://docs.docker.com/reference/dockerfile/";

pub struct InstructionDoc {
    /// Uppercase keyword.
    pub name: &'static str,
    pub summary: &'static str,
    /// The forms of the instruction, as in the reference.
    pub forms: &'static [&'static str],
    pub flags: &'static [FlagDoc],
}

impl InstructionDoc {
    pub fn url(&self) -> String {
        format!("{REFERENCE_URL}#{}", self.name.to_ascii_lowercase())
    }

    pub fn flag(&self, name: &str) -> Option<&'static FlagDoc> {
        self.flags.iter().find(|f| f.name == name)
    }
}

pub struct FlagDoc {
    /// Without the leading `--`.
    pub name: &'static str,
    pub summary: &'static str,
    /// Takes `=value`.
    pub takes_value: bool,
    /// Typical values, offered after `--name=`.
    pub values: &'static [&'static str],
}

const fn flag(name: &'static str, summary: &'static str, values: &'static [&'static str]) -> FlagDoc {
    FlagDoc { name, summary, takes_value: true, values }
}

const fn switch(name: &'static str, summary: &'static str) -> FlagDoc {
    FlagDoc { name, summary, takes_value: false, values: &[] }
}

pub const PLATFORMS: [&str; 10] = [
    "$BUILDPLATFORM",
    "$TARGETPLATFORM",
    "linux/amd64",
    "linux/arm64",
    "linux/arm/v7",
    "linux/arm/v6",
    "linux/386",
    "linux/ppc64le",
    "linux/s390x",
    "linux/riscv64",
];

const CHMOD_VALUES: &[&str] = &["755", "644", "700", "600", "u+x", "a+r"];
const CHOWN_VALUES: &[&str] = &["root:root", "1000:1000", "nobody:nogroup"];
const DURATIONS: &[&str] = &["30s", "10s", "5s", "1m"];

const COPY_FLAGS: &[FlagDoc] = &[
    flag(
        "from",
        "Copy from a build stage (name or index), an image or a named context instead of the build context.",
        &[],
    ),
    flag("chown", "Owner `user:group` of the copied files (names or numeric ids).", CHOWN_VALUES),
    flag("chmod", "Permissions of the copied files, octal (`755`) or symbolic (`u+x`).", CHMOD_VALUES),
    switch(
        "link",
        "Copy into an independent layer, so the result survives changes of earlier layers (cache-friendly).",
    ),
    flag("exclude", "Skip paths matching this pattern (may be repeated).", &[]),
    switch("parents", "Keep the parent directories of the sources in the destination."),
];

const ADD_FLAGS: &[FlagDoc] = &[
    flag("chown", "Owner `user:group` of the added files (names or numeric ids).", CHOWN_VALUES),
    flag("chmod", "Permissions of the added files, octal (`755`) or symbolic (`u+x`).", CHMOD_VALUES),
    switch("link", "Add into an independent layer, so the result survives changes of earlier layers (cache-friendly)."),
    switch("keep-git-dir", "Keep the `.git` directory when adding a Git repository."),
    flag("checksum", "Verify a remote source against this checksum (`sha256:…`).", &["sha256:"]),
    switch("unpack", "Extract a local or remote archive source (the default for local archives)."),
    flag("exclude", "Skip paths matching this pattern (may be repeated).", &[]),
];

const RUN_FLAGS: &[FlagDoc] = &[
    flag(
        "mount",
        "Mount a filesystem for this command only: `type=bind|cache|tmpfs|secret|ssh` and its options.",
        &["type=cache,target=", "type=bind,source=,target=", "type=secret,id=", "type=ssh", "type=tmpfs,target="],
    ),
    flag("network", "Network for this command: `default`, `none` (no network) or `host`.", &["default", "none", "host"]),
    flag(
        "security",
        "`insecure` runs the command with full privileges (needs the `security.insecure` entitlement); `sandbox` is the default.",
        &["sandbox", "insecure"],
    ),
    flag("device", "Make a CDI device available to the command (experimental).", &[]),
];

const FROM_FLAGS: &[FlagDoc] = &[flag(
    "platform",
    "Platform of the base image, e.g. `linux/amd64` or `$BUILDPLATFORM` for build tools.",
    &PLATFORMS,
)];

const HEALTHCHECK_FLAGS: &[FlagDoc] = &[
    flag("interval", "Time between checks (default 30s).", DURATIONS),
    flag("timeout", "Time after which one check counts as failed (default 30s).", DURATIONS),
    flag("start-period", "Grace period after start during which failures do not count (default 0s).", DURATIONS),
    flag("start-interval", "Time between checks during the start period (default 5s).", DURATIONS),
    flag("retries", "Consecutive failures needed to report unhealthy (default 3).", &["3", "5"]),
];

pub const INSTRUCTIONS: [InstructionDoc; 18] = [
    InstructionDoc {
        name: "FROM",
        summary: "Starts a build stage from a base image, an earlier stage, or `scratch`.",
        forms: &["FROM [--platform=<platform>] <image>[:<tag>|@<digest>] [AS <name>]"],
        flags: FROM_FLAGS,
    },
    InstructionDoc {
        name: "RUN",
        summary: "Runs a command in a new layer on top of the current image.",
        forms: &["RUN [--mount=…] [--network=…] [--security=…] <command>", "RUN [OPTIONS] [\"executable\", \"param\", …]"],
        flags: RUN_FLAGS,
    },
    InstructionDoc {
        name: "CMD",
        summary: "The default command (or default arguments of ENTRYPOINT) of a container. Only the last CMD counts.",
        forms: &["CMD [\"executable\", \"param\", …]", "CMD [\"param\", …]", "CMD <command>"],
        flags: &[],
    },
    InstructionDoc {
        name: "LABEL",
        summary: "Adds metadata to the image as key-value pairs.",
        forms: &["LABEL <key>=<value> [<key>=<value> …]"],
        flags: &[],
    },
    InstructionDoc {
        name: "MAINTAINER",
        summary: "Deprecated: the author of the image. Use `LABEL org.opencontainers.image.authors=…` instead.",
        forms: &["MAINTAINER <name>"],
        flags: &[],
    },
    InstructionDoc {
        name: "EXPOSE",
        summary: "Documents the ports the container listens on (it does not publish them).",
        forms: &["EXPOSE <port>[/<protocol>] …"],
        flags: &[],
    },
    InstructionDoc {
        name: "ENV",
        summary: "Sets environment variables for the following instructions and the running container.",
        forms: &["ENV <key>=<value> [<key>=<value> …]"],
        flags: &[],
    },
    InstructionDoc {
        name: "ADD",
        summary: "Adds local files, URLs, Git repositories or archives (extracted) to the image. Prefer COPY for local files.",
        forms: &["ADD [OPTIONS] <src> … <dest>", "ADD [OPTIONS] [\"<src>\", … \"<dest>\"]"],
        flags: ADD_FLAGS,
    },
    InstructionDoc {
        name: "COPY",
        summary: "Copies files from the build context, a stage or an image into the image.",
        forms: &["COPY [OPTIONS] <src> … <dest>", "COPY [OPTIONS] [\"<src>\", … \"<dest>\"]"],
        flags: COPY_FLAGS,
    },
    InstructionDoc {
        name: "ENTRYPOINT",
        summary: "The executable a container runs; CMD supplies its default arguments.",
        forms: &["ENTRYPOINT [\"executable\", \"param\", …]", "ENTRYPOINT <command>"],
        flags: &[],
    },
    InstructionDoc {
        name: "VOLUME",
        summary: "Declares mount points for externally provided volumes.",
        forms: &["VOLUME [\"/data\", …]", "VOLUME /data …"],
        flags: &[],
    },
    InstructionDoc {
        name: "USER",
        summary: "The user (and group) for the following RUN, CMD and ENTRYPOINT.",
        forms: &["USER <user>[:<group>]", "USER <uid>[:<gid>]"],
        flags: &[],
    },
    InstructionDoc {
        name: "WORKDIR",
        summary: "The working directory for the following instructions; created if missing.",
        forms: &["WORKDIR <path>"],
        flags: &[],
    },
    InstructionDoc {
        name: "ARG",
        summary: "Declares a build argument (`--build-arg`), with an optional default. Before the first FROM it is global and usable in FROM lines.",
        forms: &["ARG <name>[=<default value>] …"],
        flags: &[],
    },
    InstructionDoc {
        name: "ONBUILD",
        summary: "Adds a trigger instruction that runs when the image is used as a base of another build.",
        forms: &["ONBUILD <INSTRUCTION>"],
        flags: &[],
    },
    InstructionDoc {
        name: "STOPSIGNAL",
        summary: "The system call signal sent to stop the container.",
        forms: &["STOPSIGNAL <signal>"],
        flags: &[],
    },
    InstructionDoc {
        name: "HEALTHCHECK",
        summary: "How to test that the container still works, or `NONE` to disable the base image's check.",
        forms: &["HEALTHCHECK [OPTIONS] CMD <command>", "HEALTHCHECK NONE"],
        flags: HEALTHCHECK_FLAGS,
    },
    InstructionDoc {
        name: "SHELL",
        summary: "The shell used by the shell form of RUN, CMD and ENTRYPOINT.",
        forms: &["SHELL [\"executable\", \"parameters\"]"],
        flags: &[],
    },
];

/// The documentation of a keyword, case-insensitively.
pub fn instruction(keyword: &str) -> Option<&'static InstructionDoc> {
    INSTRUCTIONS.iter().find(|i| i.name.eq_ignore_ascii_case(keyword))
}

pub struct MountKeyDoc {
    pub key: &'static str,
    pub summary: &'static str,
    /// Mount types that accept the key; empty for all.
    pub types: &'static [&'static str],
    pub values: &'static [&'static str],
}

const fn mount_key(
    key: &'static str,
    types: &'static [&'static str],
    values: &'static [&'static str],
    summary: &'static str,
) -> MountKeyDoc {
    MountKeyDoc { key, summary, types, values }
}

const BOOLS: &[&str] = &["true", "false"];

pub const MOUNT_KEYS: [MountKeyDoc; 14] = [
    mount_key("type", &[], &MOUNT_TYPES, "The mount type: `bind` (default), `cache`, `tmpfs`, `secret` or `ssh`."),
    mount_key("target", &[], &[], "Where to mount, inside the container (aliases `dst`, `destination`)."),
    mount_key("source", &["bind", "cache", "secret", "ssh"], &[], "Path inside `from` to mount (alias `src`)."),
    mount_key(
        "from",
        &["bind", "cache"],
        &[],
        "Stage, image or named context to mount from (default: the build context).",
    ),
    mount_key(
        "readonly",
        &["bind", "cache"],
        BOOLS,
        "Mount read-only (alias `ro`); bind mounts are read-only by default.",
    ),
    mount_key("readwrite", &["bind"], BOOLS, "Allow writes to a bind mount; they are discarded (alias `rw`)."),
    mount_key("id", &["cache", "secret", "ssh"], &[], "The cache id, or the id of the secret or SSH agent socket."),
    mount_key("sharing", &["cache"], &SHARING_MODES, "How concurrent builds share a cache mount."),
    mount_key("mode", &["cache", "secret", "ssh"], &["0755", "0600", "0400"], "File mode of the mount, in octal."),
    mount_key("uid", &["cache", "secret", "ssh"], &["0", "1000"], "User id of the mount's owner."),
    mount_key("gid", &["cache", "secret", "ssh"], &["0", "1000"], "Group id of the mount's owner."),
    mount_key("size", &["tmpfs"], &["64m", "1g"], "Size limit of a tmpfs mount."),
    mount_key("required", &["secret", "ssh"], BOOLS, "Fail the build when the secret or SSH socket is missing."),
    mount_key("env", &["secret"], &[], "Expose the secret as this environment variable instead of a file."),
];

/// The documentation of a mount key, aliases understood.
pub fn mount_key_doc(key: &str) -> Option<&'static MountKeyDoc> {
    let canonical = match key.to_ascii_lowercase().as_str() {
        "dst" | "destination" => "target".to_string(),
        "src" => "source".to_string(),
        "ro" => "readonly".to_string(),
        "rw" => "readwrite".to_string(),
        other => other.to_string(),
    };
    MOUNT_KEYS.iter().find(|k| k.key == canonical)
}

pub struct DirectiveDoc {
    pub name: &'static str,
    pub summary: &'static str,
    pub values: &'static [&'static str],
}

pub const DIRECTIVES: [DirectiveDoc; 3] = [
    DirectiveDoc {
        name: "syntax",
        summary: "The Dockerfile frontend image BuildKit uses for this file.",
        values: &["docker/dockerfile:1", "docker/dockerfile:1-labs"],
    },
    DirectiveDoc { name: "escape", summary: "The escape and line-continuation character.", values: &["\\", "`"] },
    DirectiveDoc {
        name: "check",
        summary: "Configures build checks: `skip=Rule1,Rule2` or `skip=all`, and `error=true` to fail on warnings.",
        values: &["skip=", "error=true"],
    },
];

/// BuildKit's build check rules (`frontend/dockerfile/linter/ruleset.go`).
pub const CHECK_RULES: [&str; 22] = [
    "StageNameCasing",
    "FromAsCasing",
    "NoEmptyContinuation",
    "ConsistentInstructionCasing",
    "DuplicateStageName",
    "ReservedStageName",
    "JSONArgsRecommended",
    "MaintainerDeprecated",
    "UndefinedArgInFrom",
    "WorkdirRelativePath",
    "UndefinedVar",
    "MultipleInstructionsDisallowed",
    "LegacyKeyValueFormat",
    "InvalidBaseImagePlatform",
    "RedundantTargetPlatform",
    "SecretsUsedInArgOrEnv",
    "InvalidDefaultArgInFrom",
    "FromPlatformFlagConstDisallowed",
    "CopyIgnoredFile",
    "InvalidDefinitionDescription",
    "ExposeProtoCasing",
    "ExposeInvalidFormat",
];

/// Official images (and a few well-known others) with common tags.
pub const IMAGES: &[(&str, &[&str])] = &[
    ("alpine", &["latest", "3.22", "3.21", "3.20"]),
    ("busybox", &["latest", "stable", "musl"]),
    ("debian", &["bookworm", "bookworm-slim", "trixie", "trixie-slim", "bullseye-slim"]),
    ("ubuntu", &["24.04", "22.04", "noble", "jammy"]),
    ("fedora", &["latest", "41", "42"]),
    ("node", &["22-alpine", "22-slim", "22", "20-alpine", "20-slim", "20", "lts-alpine", "lts"]),
    ("python", &["3.13-slim", "3.13-alpine", "3.13", "3.12-slim", "3.12-alpine", "3.12", "3.11-slim"]),
    ("golang", &["1.24", "1.24-alpine", "1.23", "1.23-alpine", "1.22"]),
    ("rust", &["1", "1-slim", "1-alpine", "latest"]),
    ("openjdk", &["21-jdk-slim", "17-jdk-slim"]),
    ("eclipse-temurin", &["21-jre", "21-jdk", "17-jre", "17-jdk", "21-jre-alpine"]),
    ("maven", &["3-eclipse-temurin-21", "3-eclipse-temurin-17"]),
    ("gradle", &["8-jdk21", "8-jdk17"]),
    ("ruby", &["3.4-slim", "3.4-alpine", "3.3-slim"]),
    ("php", &["8.4-fpm-alpine", "8.4-apache", "8.3-fpm", "8.3-cli"]),
    ("nginx", &["alpine", "stable-alpine", "latest", "mainline-alpine"]),
    ("httpd", &["alpine", "2.4"]),
    ("redis", &["alpine", "7", "7-alpine"]),
    ("postgres", &["17-alpine", "17", "16-alpine", "16"]),
    ("mysql", &["8.4", "9"]),
    ("mariadb", &["11", "lts"]),
    ("mongo", &["8", "7"]),
    ("mcr.microsoft.com/dotnet/sdk", &["9.0", "8.0"]),
    ("mcr.microsoft.com/dotnet/aspnet", &["9.0", "8.0"]),
    ("gcr.io/distroless/static-debian12", &["latest", "nonroot"]),
    ("gcr.io/distroless/base-debian12", &["latest", "nonroot"]),
    ("gcr.io/distroless/cc-debian12", &["latest", "nonroot"]),
    ("gcr.io/distroless/java21-debian12", &["latest", "nonroot"]),
    ("gcr.io/distroless/nodejs22-debian12", &["latest", "nonroot"]),
    ("gcr.io/distroless/python3-debian12", &["latest", "nonroot"]),
    ("docker/dockerfile", &["1", "1-labs"]),
];
