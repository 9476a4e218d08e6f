//! `dls/SingleStageBuild`: a single-stage Dockerfile that installs a
//! compiler toolchain or runs a build ships the toolchain and the sources.
//! A build stage plus a slim final stage that copies only the result is
//! smaller and safer. The refactoring "Convert to multi-stage build" is
//! offered on this hint. Silent when the same RUN removes its build
//! packages again (the official images' single-RUN pattern).

use super::packages::{calls, run_has};
use super::{finding, no_dockerignore, Cmd, Facts, Run};
use crate::features::diagnostics::{Severity, Sink};

pub const CODE: &str = "dls/SingleStageBuild";

const TOOLCHAIN_PACKAGES: &[&str] = &[
    "build-essential",
    "build-base",
    "gcc",
    "g++",
    "clang",
    "make",
    "cmake",
    "golang",
    "golang-go",
    "go",
    "rustc",
    "cargo",
    "maven",
    "gradle",
    "default-jdk",
];

pub fn check(facts: &Facts<'_>, sink: &mut Sink) {
    if facts.analysis.model.stages.len() != 1 {
        return;
    }
    let install = calls(facts, &["apt-get", "apt", "apk", "yum", "dnf"], &["install", "add"], &[])
        .into_iter()
        .filter(|call| !removes_packages(call.run))
        .find(|call| call.positional().any(|w| is_toolchain_package(&w.text)))
        .map(|call| call.cmd.range());
    let build = facts
        .runs
        .iter()
        .filter(|run| !removes_packages(run))
        .find_map(|run| run.commands.iter().find(|c| is_build_step(c)).map(Cmd::range));
    // A toolchain alone makes a tool image (a devcontainer, a compiler image);
    // with the sources copied in, it builds something.
    let copies_sources = no_dockerignore::first_whole_context_copy(facts).is_some();
    let install = install.filter(|_| copies_sources || build.is_some());
    let Some(range) = install.into_iter().chain(build).min_by_key(|r| r.start()) else { return };
    let message = "this single-stage image keeps its build toolchain and sources: build in a separate stage and \
                   copy only the result into a slim final stage";
    sink.push(finding(CODE, Severity::Hint, range, message.to_string()));
}

fn is_toolchain_package(name: &str) -> bool {
    let name = name.split(['=', ':']).next().unwrap_or(name);
    TOOLCHAIN_PACKAGES.contains(&name) || (name.starts_with("openjdk-") && name.ends_with("-jdk"))
}

/// `apt-get purge …`, `apk del …` in the same RUN.
fn removes_packages(run: &Run) -> bool {
    run_has(run, |c| {
        let sub = c.args().iter().find(|w| !w.text.starts_with('-')).map(|w| w.text.as_str());
        matches!(
            (c.program(), sub),
            (Some("apt-get" | "apt"), Some("purge" | "remove" | "autoremove")) | (Some("apk"), Some("del"))
        )
    })
}

fn is_build_step(c: &Cmd) -> bool {
    let args: Vec<&str> = c.args().iter().map(|w| w.text.as_str()).filter(|w| !w.starts_with('-')).collect();
    match (c.program(), args.as_slice()) {
        (Some("go"), ["build", ..]) | (Some("cargo"), ["build", ..]) => true,
        (Some("npm" | "yarn" | "pnpm"), ["run", "build", ..]) | (Some("yarn" | "pnpm"), ["build", ..]) => true,
        (Some("mvn" | "mvnw"), goals) => goals.iter().any(|g| matches!(*g, "package" | "install" | "verify")),
        (Some("gradle" | "gradlew"), tasks) => {
            tasks.iter().any(|t| matches!(*t, "build" | "assemble" | "bootJar" | "shadowJar" | "installDist"))
        }
        (Some("dotnet"), ["publish" | "build", ..]) => true,
        (Some("tsc" | "javac"), _) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_practices;

    #[test]
    fn reports_a_build_in_a_single_stage() {
        check_practices(
            "FROM golang:1.22\nCOPY go.* ./\nRUN go mod download\nRUN go build -o /app .\nUSER app\n",
            expect![[r#"
                FROM golang:1.22
                COPY go.* ./
                RUN go mod download
                <focus>RUN</focus> <focus>go build -o /app .</focus>
                USER app
                hint dls/ConsecutiveRun: 2 RUNs in a row: chain them with `&&` to make one layer
                hint dls/SingleStageBuild: this single-stage image keeps its build toolchain and sources: build in a separate stage and copy only the result into a slim final stage
            "#]],
        );
        check_practices(
            "FROM debian:12\nRUN apt-get install -y --no-install-recommends gcc && make && apt-get purge -y gcc\nUSER app\n",
            expect![[r#"
                FROM debian:12
                RUN apt-get install -y --no-install-recommends gcc && make && apt-get purge -y gcc
                USER app
            "#]],
        );
        check_practices(
            "FROM golang:1.22 AS b\nRUN go build\nFROM scratch\nCOPY --from=b /app /\nUSER 1\n",
            expect![[r#"
            FROM golang:1.22 AS b
            RUN go build
            FROM scratch
            COPY --from=b /app /
            USER 1
        "#]],
        );
    }

    #[test]
    fn a_toolchain_alone_is_a_tool_image() {
        check_practices(
            "FROM debian:12\nRUN apt-get install -y --no-install-recommends gcc\nUSER app\n",
            expect![[r#"
            FROM debian:12
            RUN apt-get install -y --no-install-recommends gcc
            USER app
        "#]],
        );
        check_practices(
            "FROM debian:12\nRUN apt-get install -y --no-install-recommends gcc\nCOPY . /src\nUSER app\n",
            expect![[r#"
                FROM debian:12
                RUN <focus>apt-get install -y --no-install-recommends gcc</focus>
                COPY . /src
                USER app
                hint dls/SingleStageBuild: this single-stage image keeps its build toolchain and sources: build in a separate stage and copy only the result into a slim final stage
            "#]],
        );
    }
}
