//! `dls/CopyAllBeforeInstall`: copying the whole context before the
//! dependency install step means any source change re-runs the install.
//! Copy the manifests first, install, then copy the rest.

use super::no_dockerignore::whole_context_source;
use super::packages::has_option;
use super::{copy_sources_before, finding, Cmd, Facts};
use crate::features::diagnostics::{Severity, Sink};

pub const CODE: &str = "dls/CopyAllBeforeInstall";

/// An ecosystem: how its dependency install step looks, and its manifests.
struct Ecosystem {
    manifests: &'static str,
    files: &'static [&'static str],
    installs: fn(&Cmd) -> bool,
}

const ECOSYSTEMS: &[Ecosystem] = &[
    Ecosystem {
        manifests: "`package.json` and the lockfile",
        files: &["package.json", "package-lock.json", "yarn.lock", "pnpm-lock.yaml", "package*.json"],
        installs: |c| match (c.program(), sub(c)) {
            (Some("npm"), Some("ci")) => true,
            (Some("npm" | "pnpm"), Some("install" | "i")) => c.args().iter().skip(1).all(|w| w.text.starts_with('-')),
            (Some("yarn"), None | Some("install")) => true,
            _ => false,
        },
    },
    Ecosystem {
        manifests: "the requirements or `pyproject.toml` and its lockfile",
        files: &["requirements.txt", "pyproject.toml", "poetry.lock", "uv.lock", "Pipfile", "Pipfile.lock"],
        installs: |c| match (c.program(), sub(c)) {
            (Some(p), Some("install")) if p.starts_with("pip") => has_option(c.args(), &["--requirement"], Some('r')),
            (Some("poetry" | "pipenv"), Some("install")) | (Some("uv"), Some("sync")) => true,
            _ => false,
        },
    },
    Ecosystem {
        manifests: "`go.mod` and `go.sum`",
        files: &["go.mod", "go.sum"],
        installs: |c| c.program() == Some("go") && words(c).starts_with(&["mod", "download"]),
    },
    Ecosystem {
        manifests: "`Cargo.toml` and `Cargo.lock`",
        files: &["Cargo.toml", "Cargo.lock"],
        installs: |c| c.program() == Some("cargo") && sub(c) == Some("fetch"),
    },
    Ecosystem {
        manifests: "`pom.xml`",
        files: &["pom.xml"],
        installs: |c| {
            matches!(c.program(), Some("mvn" | "mvnw"))
                && c.args()
                    .iter()
                    .any(|w| w.text.starts_with("dependency:go-offline") || w.text == "dependency:resolve")
        },
    },
    Ecosystem {
        manifests: "the project files",
        files: &[".csproj", ".sln", ".fsproj"],
        installs: |c| c.program() == Some("dotnet") && sub(c) == Some("restore"),
    },
    Ecosystem {
        manifests: "`Gemfile` and `Gemfile.lock`",
        files: &["Gemfile", "Gemfile.lock"],
        installs: |c| c.program() == Some("bundle") && matches!(sub(c), None | Some("install")),
    },
    Ecosystem {
        manifests: "`composer.json` and `composer.lock`",
        files: &["composer.json", "composer.lock"],
        installs: |c| c.program() == Some("composer") && sub(c) == Some("install"),
    },
];

fn sub(c: &Cmd) -> Option<&str> {
    c.args().iter().find(|w| !w.text.starts_with('-')).map(|w| w.text.as_str())
}

fn words(c: &Cmd) -> Vec<&str> {
    c.args().iter().map(|w| w.text.as_str()).collect()
}

pub fn check(facts: &Facts<'_>, sink: &mut Sink) {
    for stage in &facts.analysis.model.stages {
        let Some((copy, source)) = stage.instructions().find_map(|i| whole_context_source(facts, i).map(|r| (i, r)))
        else {
            continue;
        };
        // The RUNs are in document order: look only at those of the stage after the copy.
        let after_copy = facts.runs.partition_point(|r| r.instruction <= copy);
        let install = facts.runs[after_copy..].iter().take_while(|r| r.instruction < stage.end).find_map(|run| {
            run.commands.iter().find_map(|cmd| ECOSYSTEMS.iter().find(|e| (e.installs)(cmd)).map(|e| (e, cmd.range())))
        });
        let Some((ecosystem, _)) = install else { continue };
        let earlier_sources = copy_sources_before(facts, copy);
        let copied_first =
            earlier_sources.iter().any(|s| ecosystem.files.iter().any(|f| s.ends_with(f.trim_start_matches('.'))));
        if copied_first {
            continue;
        }
        let keyword = facts.analysis.instruction(copy).keyword.range;
        let message = format!(
            "copying everything before installing dependencies re-runs the install on every source change: \
             copy {} first, install, then copy the rest",
            ecosystem.manifests
        );
        sink.push(finding(CODE, Severity::Information, keyword.cover(source), message));
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_practices;

    #[test]
    fn reports_copy_all_before_the_install() {
        check_practices(
            "FROM python:3.12\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nUSER app\n",
            expect![[r#"
                FROM python:3.12
                <focus>COPY .</focus> .
                RUN pip install --no-cache-dir -r requirements.txt
                USER app
                info dls/CopyAllBeforeInstall: copying everything before installing dependencies re-runs the install on every source change: copy the requirements or `pyproject.toml` and its lockfile first, install, then copy the rest
            "#]],
        );
        check_practices(
            "FROM node:22\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm ci\nUSER node\n",
            expect![[r#"
                FROM node:22
                COPY package*.json ./
                RUN npm ci
                COPY . .
                RUN npm ci
                USER node
            "#]],
        );
        check_practices(
            "FROM golang:1.22 AS b\nCOPY . .\nRUN go mod download && go build\n",
            expect![[r#"
            <focus>FROM golang:1.22</focus> AS b
            <focus>COPY .</focus> .
            RUN go mod download && <focus>go build</focus>
            info dls/RootUser: no USER: the image runs as root unless its base image sets a user; add `USER <name>`
            info dls/CopyAllBeforeInstall: copying everything before installing dependencies re-runs the install on every source change: copy `go.mod` and `go.sum` first, install, then copy the rest
            hint dls/SingleStageBuild: this single-stage image keeps its build toolchain and sources: build in a separate stage and copy only the result into a slim final stage
        "#]],
        );
    }
}
