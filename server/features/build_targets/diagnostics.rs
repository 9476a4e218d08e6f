//! Diagnostics of a build file's targets: a target no stage of the
//! Dockerfile has (BuildKit: `target stage "x" could not be found`), a
//! Dockerfile that does not exist, and a file that does not parse.

use super::{shown_path, Built, Dockerfiles};
use crate::features::diagnostics::{did_you_mean, Diagnostic, Severity};
use crate::features::{Fix, TextEdit};
use crate::model::build_files::{BuildEntry, BuildFile, TargetValue};
use crate::model::Analysis;
use crate::vfs::FileSource;

pub const UNKNOWN_BUILD_TARGET: &str = "dls/UnknownBuildTarget";
pub const MISSING_DOCKERFILE: &str = "dls/MissingDockerfile";
pub const BUILD_FILE_SYNTAX: &str = "dls/BuildFileSyntax";

pub fn build_file_diagnostics(file: &BuildFile, files: &dyn FileSource) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if let Some(error) = &file.parse_error {
        let message = format!(
            "This {} file does not parse, so its build targets are not checked: {}",
            file.kind.as_str(),
            error.message
        );
        found.push(Diagnostic::new(BUILD_FILE_SYNTAX, Severity::Warning, error.range, message));
    }
    let mut dockerfiles = Dockerfiles::new(files);
    for entry in &file.entries {
        match dockerfiles.of(entry) {
            Built::Missing(path) => found.push(missing_dockerfile(file, entry, &path)),
            Built::Analysis(analysis) => found.extend(unknown_target(file, entry, &analysis)),
            Built::Silent => {}
        }
    }
    found
}

fn missing_dockerfile(file: &BuildFile, entry: &BuildEntry, path: &std::path::Path) -> Diagnostic {
    let range = entry.dockerfile_ranges.last().copied().unwrap_or(entry.owner_range);
    let message = format!(
        "The Dockerfile `{}` that {} builds does not exist: create it or correct the path",
        shown_path(file, path),
        entry.owner
    );
    Diagnostic::error(MISSING_DOCKERFILE, range, message)
}

fn unknown_target(file: &BuildFile, entry: &BuildEntry, analysis: &Analysis) -> Option<Diagnostic> {
    let Some(TargetValue { name: Some(name), range }) = &entry.target else { return None };
    let model = &analysis.model;
    if name.is_empty() || model.stages.is_empty() || model.build_target(name).is_some() {
        return None;
    }
    let in_file = match &entry.dockerfile {
        crate::model::build_files::DockerfileRef::Path(p) => format!(" in `{}`", shown_path(file, p)),
        _ => " in the inline Dockerfile".to_string(),
    };
    let suggestion = did_you_mean(name, model.stage_names().map(|(_, n)| n));
    let hint = match suggestion {
        Some(s) => format!(": did you mean `{s}`?"),
        None => {
            let names: Vec<&str> = model.stage_names().map(|(_, n)| n).collect();
            if names.is_empty() {
                ": no stage has a name (`FROM image AS name`)".to_string()
            } else {
                format!(": the named stages are {}", names.join(", "))
            }
        }
    };
    let message = format!("Target stage `{name}` could not be found{in_file}{hint}");
    let diagnostic = Diagnostic::error(UNKNOWN_BUILD_TARGET, *range, message);
    Some(match suggestion {
        Some(s) => {
            diagnostic.with_fix(Fix::new(format!("Change the target to `{s}`"), vec![TextEdit::replace(*range, s)]))
        }
        None => diagnostic,
    })
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::features::build_targets::test_support::{build_file_with_cursor, workspace};
    use crate::features::fixture::mark_ranges;
    use crate::vfs::MemoryFiles;

    fn check_in(files: &MemoryFiles, path: &str, text: &str, expect: Expect) {
        let (file, text, _) = build_file_with_cursor(path, text);
        let found = build_file_diagnostics(&file, files);
        let ranges: Vec<_> = found.iter().filter(|d| !d.range.is_empty()).map(|d| (d.range, "focus")).collect();
        let mut out = mark_ranges(&text, &ranges);
        for d in &found {
            let at = format!("{:?}", d.range);
            out.push_str(&format!("{} {} at {at}: {}\n", d.severity.as_str(), d.code, d.message));
            for fix in &d.fixes {
                let edits: Vec<String> = fix.edits.iter().map(|e| e.new_text.clone()).collect();
                out.push_str(&format!("  fix: {} -> {}\n", fix.title, edits.join(", ")));
            }
        }
        expect.assert_eq(&out);
    }

    fn check(path: &str, text: &str, expect: Expect) {
        check_in(&workspace(), path, text, expect);
    }

    #[test]
    fn compose_unknown_target_with_a_fix() {
        check(
            "/w/compose.yaml",
            "services:\n  web:\n    build:\n      context: .\n      target: runtme\n  api:\n    build:\n      context: api\n      target: API\n  other:\n    build:\n      target: nothing-like-it\n",
            expect![[r#"
                services:
                  web:
                    build:
                      context: .
                      target: <focus>runtme</focus>
                  api:
                    build:
                      context: api
                      target: API
                  other:
                    build:
                      target: <focus>nothing-like-it</focus>
                error dls/UnknownBuildTarget at 59..65: Target stage `runtme` could not be found in `Dockerfile`: did you mean `runtime`?
                  fix: Change the target to `runtime` -> runtime
                error dls/UnknownBuildTarget at 155..170: Target stage `nothing-like-it` could not be found in `Dockerfile`: the named stages are build, base, runtime, test
            "#]],
        );
    }

    #[test]
    fn compose_missing_dockerfile() {
        check(
            "/w/compose.yaml",
            "services:\n  a:\n    build: ./web\n  b:\n    build:\n      context: api\n      dockerfile: prod.Dockerfile\n      target: nope\n",
            expect![[r#"
                services:
                  a:
                    build: <focus>./web</focus>
                  b:
                    build:
                      context: api
                      dockerfile: <focus>prod.Dockerfile</focus>
                      target: nope
                error dls/MissingDockerfile at 26..31: The Dockerfile `web/Dockerfile` that compose service a builds does not exist: create it or correct the path
                error dls/MissingDockerfile at 85..100: The Dockerfile `api/prod.Dockerfile` that compose service b builds does not exist: create it or correct the path
            "#]],
        );
    }

    #[test]
    fn dynamic_values_and_files_outside_the_source_are_silent() {
        struct Nothing;
        impl FileSource for Nothing {
            fn read_text(&self, _: &std::path::Path) -> Option<std::sync::Arc<str>> {
                None
            }
            fn covers(&self, _: &std::path::Path) -> bool {
                false
            }
        }
        let text = "services:\n  a:\n    build:\n      target: ${T}\n  b:\n    build:\n      context: ${DIR}\n      target: nope\n  c:\n    build: ../elsewhere\n";
        let (file, _, _) = build_file_with_cursor("/w/compose.yaml", text);
        assert_eq!(build_file_diagnostics(&file, &workspace()).len(), 1, "only c's missing Dockerfile");
        assert!(build_file_diagnostics(&file, &Nothing).is_empty());
    }

    #[test]
    fn inline_dockerfile_targets() {
        check(
            "/w/compose.yaml",
            "services:\n  a:\n    build:\n      dockerfile_inline: |\n        FROM alpine AS one\n      target: two\n",
            expect![[r#"
                services:
                  a:
                    build:
                      dockerfile_inline: |
                        FROM alpine AS one
                      target: <focus>two</focus>
                error dls/UnknownBuildTarget at 94..97: Target stage `two` could not be found in the inline Dockerfile: the named stages are one
            "#]],
        );
    }

    #[test]
    fn bake_devcontainer_and_workflow_targets() {
        check(
            "/w/docker-bake.hcl",
            "target \"_api\" {\n  context = \"api\"\n}\ntarget \"api\" {\n  inherits = [\"_api\"]\n  target = \"apii\"\n}\ntarget \"app\" {\n  target = \"${T}\"\n}\n",
            expect![[r#"
                target "_api" {
                  context = "api"
                }
                target "api" {
                  inherits = ["_api"]
                  target = "<focus>apii</focus>"
                }
                target "app" {
                  target = "${T}"
                }
                error dls/UnknownBuildTarget at 85..89: Target stage `apii` could not be found in `api/Dockerfile`: did you mean `api`?
                  fix: Change the target to `api` -> api
            "#]],
        );
        check(
            "/w/.devcontainer/devcontainer.json",
            "{\n  // dev image\n  \"build\": { \"dockerfile\": \"../Dockerfile\", \"context\": \"..\", \"target\": \"bulid\" }\n}\n",
            expect![[r#"
                {
                  // dev image
                  "build": { "dockerfile": "../Dockerfile", "context": "..", "target": "<focus>bulid</focus>" }
                }
                error dls/UnknownBuildTarget at 89..94: Target stage `bulid` could not be found in `../Dockerfile`: did you mean `build`?
                  fix: Change the target to `build` -> build
            "#]],
        );
        check(
            "/w/.github/workflows/ci.yml",
            "jobs:\n  build:\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          file: docker/Dockerfile\n          target: test\n",
            expect![[r#"
                jobs:
                  build:
                    steps:
                      - uses: docker/build-push-action@v6
                        with:
                          file: <focus>docker/Dockerfile</focus>
                          target: test
                error dls/MissingDockerfile at 98..115: The Dockerfile `docker/Dockerfile` that workflow job build step 1 builds does not exist: create it or correct the path
            "#]],
        );
    }

    #[test]
    fn broken_file_gets_one_warning() {
        check(
            "/w/compose.yaml",
            "services:\n  web:\n    build: [\n",
            expect![[r#"
                services:
                  web:
                    build: [
                warning dls/BuildFileSyntax at 30..30: This compose file does not parse, so its build targets are not checked: while parsing a node, did not find expected node content at line 4 column 1
            "#]],
        );
    }
}
