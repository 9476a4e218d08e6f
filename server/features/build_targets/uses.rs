//! The Dockerfile side: where each stage is used as a build target by the
//! workspace's build files (for references, rename across files, and a code
//! lens or inlay hint on each `FROM … AS`).

use std::path::{Path, PathBuf};

use text_size::TextRange;

use crate::features::TextEdit;
use crate::model::build_files::{normalize, BuildFile, DockerfileRef, TargetValue};
use crate::model::Analysis;

/// One build that uses a stage of the Dockerfile as its target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetUse {
    pub stage: usize,
    /// `compose service web`, `bake target app`, …
    pub owner: String,
    /// The build file.
    pub file: PathBuf,
    /// The target value in `file`; `None` when the entry names no target and
    /// so builds the last stage (nothing there to rename).
    pub range: Option<TextRange>,
}

/// Every build in `build_files` that builds the Dockerfile at `dockerfile`,
/// with the stage it targets. Targets known only at build time, and targets
/// no stage has, are left out.
///
/// `build_files` is any sequence of parsed build files (`&Vec<BuildFile>`,
/// or `files.iter().map(|f| &**f)` over `Arc`s): nothing is cloned.
pub fn target_uses<'b>(
    dockerfile: &Path,
    analysis: &Analysis,
    build_files: impl IntoIterator<Item = &'b BuildFile>,
) -> Vec<TargetUse> {
    let dockerfile = normalize(dockerfile);
    let model = &analysis.model;
    let Some(last) = model.stages.len().checked_sub(1) else { return Vec::new() };
    let mut uses = Vec::new();
    for file in build_files {
        for entry in &file.entries {
            if !matches!(&entry.dockerfile, DockerfileRef::Path(p) if *p == dockerfile) {
                continue;
            }
            let (stage, range) = match &entry.target {
                None => (Some(last), None),
                Some(TargetValue { name: Some(name), .. }) if name.is_empty() => (Some(last), None),
                Some(TargetValue { name: Some(name), range }) => (model.build_target(name), Some(*range)),
                Some(TargetValue { name: None, .. }) => (None, None),
            };
            if let Some(stage) = stage {
                uses.push(TargetUse { stage, owner: entry.owner.clone(), file: file.path.clone(), range });
            }
        }
    }
    uses
}

/// The stages that some build in `build_files` builds as its target, in order.
pub fn targeted_stages<'b>(
    dockerfile: &Path,
    analysis: &Analysis,
    build_files: impl IntoIterator<Item = &'b BuildFile>,
) -> Vec<usize> {
    let mut stages: Vec<usize> = target_uses(dockerfile, analysis, build_files).iter().map(|u| u.stage).collect();
    stages.sort_unstable();
    stages.dedup();
    stages
}

/// A note on one stage's `FROM` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetLens {
    /// The stage name (the base image for an unnamed last stage).
    pub range: TextRange,
    /// `target of compose service web, bake target app`; `default target` on
    /// the last stage.
    pub title: String,
    pub uses: Vec<TargetUse>,
}

/// One lens per stage that is a target: used by a build file, or the last one.
pub fn target_lenses<'b>(
    dockerfile: &Path,
    analysis: &Analysis,
    build_files: impl IntoIterator<Item = &'b BuildFile>,
) -> Vec<TargetLens> {
    let uses = target_uses(dockerfile, analysis, build_files);
    let stages = &analysis.model.stages;
    let mut lenses = Vec::new();
    for stage in stages {
        let mine: Vec<TargetUse> = uses.iter().filter(|u| u.stage == stage.index).cloned().collect();
        let is_last = stage.index + 1 == stages.len();
        if mine.is_empty() && !is_last {
            continue;
        }
        let mut parts = Vec::new();
        if is_last {
            parts.push("default target".to_string());
        }
        if !mine.is_empty() {
            let owners: Vec<&str> = mine.iter().map(|u| u.owner.as_str()).collect();
            parts.push(format!("target of {}", owners.join(", ")));
        }
        let range = stage.name.as_ref().map_or(stage.base.word.range, |n| n.word.range);
        lenses.push(TargetLens { range, title: parts.join("; "), uses: mine });
    }
    lenses
}

/// The edits of one build file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEdits {
    pub path: PathBuf,
    pub edits: Vec<TextEdit>,
}

/// Renaming stage `stage` to `new_name`: the edits of the build files whose
/// target names it (the Dockerfile's own edits come from `features::rename`).
pub fn rename_target_uses<'b>(
    dockerfile: &Path,
    analysis: &Analysis,
    stage: usize,
    new_name: &str,
    build_files: impl IntoIterator<Item = &'b BuildFile>,
) -> Vec<FileEdits> {
    let mut out: Vec<FileEdits> = Vec::new();
    for u in target_uses(dockerfile, analysis, build_files) {
        let Some(range) = u.range.filter(|_| u.stage == stage) else { continue };
        let edit = TextEdit::replace(range, new_name);
        match out.iter_mut().find(|f| f.path == u.file) {
            // A value that several targets inherit is edited once.
            Some(file) if file.edits.contains(&edit) => {}
            Some(file) => file.edits.push(edit),
            None => out.push(FileEdits { path: u.file, edits: vec![edit] }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use expect_test::expect;

    use super::*;
    use crate::features::build_targets::test_support::DOCKERFILE;
    use crate::features::text_edit::apply_edits;

    const COMPOSE: &str = "services:\n  web:\n    build:\n      target: runtime\n  tests:\n    build:\n      context: .\n      target: TEST\n  plain:\n    build: .\n  api:\n    build: api\n  dynamic:\n    build:\n      target: ${T}\n";

    fn build_files() -> Vec<BuildFile> {
        let compose = BuildFile::parse(Path::new("/w/compose.yaml"), COMPOSE).expect("compose");
        let other = BuildFile::parse(
            Path::new("/w/sub/compose.yaml"),
            "services:\n  x:\n    build:\n      context: ..\n      target: runtime\n",
        )
        .expect("compose");
        let bake = BuildFile::parse(Path::new("/w/docker-bake.hcl"), "target \"app\" {\n  target = \"RUNTIME\"\n}\n")
            .expect("bake");
        let devcontainer = BuildFile::parse(
            Path::new("/w/.devcontainer/devcontainer.json"),
            "{ \"build\": { \"dockerfile\": \"../Dockerfile\", \"target\": \"build\" } }",
        )
        .expect("devcontainer");
        let workflow = BuildFile::parse(
            Path::new("/w/.github/workflows/ci.yml"),
            "jobs:\n  b:\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          context: .\n",
        )
        .expect("workflow");
        vec![compose, other, bake, devcontainer, workflow]
    }

    #[test]
    fn lenses_name_the_builds_of_each_stage() {
        let analysis = Analysis::from_text(DOCKERFILE);
        let lenses = target_lenses(Path::new("/w/./Dockerfile"), &analysis, &build_files());
        let lines: Vec<String> = lenses.iter().map(|l| format!("{}: {}", &DOCKERFILE[l.range], l.title)).collect();
        expect![[r#"
            build: target of devcontainer
            runtime: target of compose service web, compose service x, bake target app
            test: default target; target of compose service tests, compose service plain, workflow job b step 1"#]]
        .assert_eq(&lines.join("\n"));
    }

    #[test]
    fn rename_edits_every_explicit_use() {
        let analysis = Analysis::from_text(DOCKERFILE);
        let files = build_files();
        let edits = rename_target_uses(Path::new("/w/Dockerfile"), &analysis, 2, "prod", &files);
        let rendered: Vec<String> = edits
            .iter()
            .map(|f| {
                let text = if f.path == Path::new("/w/compose.yaml") {
                    COMPOSE
                } else {
                    "services:\n  x:\n    build:\n      context: ..\n      target: runtime\n"
                };
                format!("{}\n{}", f.path.display(), apply_edits(text, &f.edits))
            })
            .collect();
        expect![[r#"
            /w/compose.yaml
            services:
              web:
                build:
                  target: prod
              tests:
                build:
                  context: .
                  target: TEST
              plain:
                build: .
              api:
                build: api
              dynamic:
                build:
                  target: ${T}

            /w/sub/compose.yaml
            services:
              x:
                build:
                  context: ..
                  target: prod

            /w/docker-bake.hcl
            services:
              x:
                build:
             prodntext: ..
                  target: runtime
        "#]]
        .assert_eq(&rendered.join("\n"));
    }
}
