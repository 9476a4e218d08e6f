//! GitHub workflows: steps that use `docker/build-push-action` with `with:`
//! `context` (default: the repository), `file` (default
//! `{context}/Dockerfile`; like `docker build --file`, relative to the
//! working directory, the repository root) and `target`. `${{ … }}`
//! expressions are only known when the workflow runs.

use std::path::{Path, PathBuf};

use super::paths::{is_remote, resolve};
use super::yaml::{Str, Yaml};
use super::{BuildEntry, DockerfileRef, ParseError, TargetValue};

const ACTION: &str = "docker/build-push-action";

/// The repository root of a workflow file: the folder containing `.github`.
pub fn repository_root(workflow: &Path) -> PathBuf {
    workflow.ancestors().nth(3).unwrap_or(Path::new("/")).to_path_buf()
}

pub fn entries(text: &str, root: &Path) -> Result<Vec<BuildEntry>, ParseError> {
    let yaml = Yaml::parse(text)?;
    let Some(jobs) = yaml.get(yaml.root(), "jobs") else { return Ok(Vec::new()) };
    let mut found = Vec::new();
    for &(key, job) in yaml.entries(jobs) {
        let Some(job_name) = yaml.key_text(key) else { continue };
        let Some(steps) = yaml.get(job, "steps") else { continue };
        for (index, &step) in yaml.items(steps).iter().enumerate() {
            let Some(uses) = yaml.get(step, "uses").and_then(|u| yaml.string(u)) else { continue };
            if !is_build_push_action(&uses.value) {
                continue;
            }
            let with = yaml.get(step, "with");
            let value = |key: &str| with.and_then(|w| yaml.get(w, key)).and_then(|node| yaml.string(node));
            let (context, file) = (value("context"), value("file"));
            found.push(BuildEntry {
                owner: format!("workflow job {job_name} step {}", index + 1),
                owner_range: uses.range,
                dockerfile: dockerfile_path(root, context.as_ref(), file.as_ref()),
                dockerfile_ranges: [&context, &file].into_iter().flatten().map(|s| s.range).collect(),
                target: value("target").map(target_value),
            });
        }
    }
    Ok(found)
}

fn is_build_push_action(uses: &str) -> bool {
    let name = uses.split('@').next().unwrap_or("");
    name.eq_ignore_ascii_case(ACTION)
}

fn dockerfile_path(root: &Path, context: Option<&Str>, file: Option<&Str>) -> DockerfileRef {
    let known = |s: &Str| (!s.value.contains("${{")).then(|| s.value.trim().to_string());
    let context = match context.map(known) {
        Some(Some(c)) if !c.is_empty() => Some(c),
        Some(None) => return DockerfileRef::Unknown,
        _ => None,
    };
    match file.map(known) {
        Some(Some(f)) if !f.is_empty() => DockerfileRef::Path(resolve(root, &f)),
        Some(None) => DockerfileRef::Unknown,
        _ => match context {
            Some(c) if is_remote(&c) => DockerfileRef::Unknown,
            Some(c) => DockerfileRef::Path(resolve(&resolve(root, &c), "Dockerfile")),
            // The Git context: this repository at the workflow's commit.
            None => DockerfileRef::Path(resolve(root, "Dockerfile")),
        },
    }
}

fn target_value(s: Str) -> TargetValue {
    let known = s.exact && !s.value.contains("${{");
    TargetValue { name: known.then_some(s.value), range: s.range }
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::super::tests::render_entries;
    use super::super::BuildFileKind;
    use super::*;

    fn check(text: &str, expect: Expect) {
        expect.assert_eq(&render_entries(BuildFileKind::Workflow, "/repo/.github/workflows/ci.yml", text));
    }

    #[test]
    fn the_repository_is_the_folder_holding_dot_github() {
        assert_eq!(repository_root(Path::new("/repo/.github/workflows/ci.yml")), PathBuf::from("/repo"));
    }

    #[test]
    fn build_push_action_steps() {
        check(
            r#"on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Build
        uses: docker/build-push-action@v6
        with:
          context: ./api
          target: runtime
      - uses: docker/build-push-action@v6
        with:
          context: .
          file: docker/prod.Dockerfile
          target: "prod"
      - uses: docker/build-push-action@v6
        with:
          push: true
  release:
    steps:
      - uses: Docker/Build-Push-Action@v5
        with:
          file: ${{ matrix.file }}
          target: ${{ matrix.target }}
      - uses: docker/build-push-action@v6
        with:
          context: https://github.com/a/b.git
          target: x
"#,
            expect![[r#"
                workflow job build step 2: /repo/api/Dockerfile [./api] target runtime
                workflow job build step 3: /repo/docker/prod.Dockerfile [., docker/prod.Dockerfile] target prod
                workflow job build step 4: /repo/Dockerfile [] target -
                workflow job release step 1: ? [${{ matrix.file }}] target ?
                workflow job release step 2: ? [https://github.com/a/b.git] target x"#]],
        );
    }
}
