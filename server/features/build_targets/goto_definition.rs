//! Go to definition from a build file's `target` value to the stage's
//! `FROM … AS name` line in the Dockerfile.

use std::path::PathBuf;

use text_size::{TextRange, TextSize};

use super::target_at;
use crate::features::goto_definition::stage_target;
use crate::model::build_files::{BuildFile, DockerfileRef};
use crate::vfs::FileSource;

/// A place in another file (byte offsets into that file's text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetDefinition {
    pub path: PathBuf,
    /// The FROM instruction.
    pub full_range: TextRange,
    /// The stage name.
    pub focus_range: TextRange,
}

pub fn target_definition(file: &BuildFile, offset: TextSize, files: &dyn FileSource) -> Option<TargetDefinition> {
    let (entry, target, analysis) = target_at(file, offset, files)?;
    // An inline Dockerfile has no file to go to.
    let DockerfileRef::Path(path) = &entry.dockerfile else { return None };
    let stage = analysis.model.build_target(target.name.as_deref()?)?;
    let nav = stage_target(&analysis, stage);
    Some(TargetDefinition { path: path.clone(), full_range: nav.full_range, focus_range: nav.focus_range })
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::features::build_targets::test_support::{build_file_with_cursor, workspace};
    use crate::features::fixture::mark_ranges;

    fn check(path: &str, fixture: &str, expect: Expect) {
        let (file, _, offset) = build_file_with_cursor(path, fixture);
        let files = workspace();
        let rendered = match target_definition(&file, offset, &files) {
            Some(d) => {
                let text = files.read_text(&d.path).expect("the Dockerfile");
                let marked = mark_ranges(&text, &[(d.full_range, "full"), (d.focus_range, "focus")]);
                format!("{}\n{marked}", d.path.display())
            }
            None => "none".to_string(),
        };
        expect.assert_eq(&rendered);
    }

    #[test]
    fn jumps_to_the_stage_case_insensitively() {
        check(
            "/w/compose.yaml",
            "services:\n  web:\n    build:\n      target: RUN$0TIME\n",
            expect![[r#"
                /w/Dockerfile
                FROM golang:1.22 AS build
                RUN go build
                FROM alpine:3.20 AS base
                <full>FROM base AS <focus>runtime</full></focus>
                COPY --from=build /app /app
                FROM runtime AS test
            "#]],
        );
        check("/w/compose.yaml", "services:\n  web:\n    build:\n      target: nope$0\n", expect!["none"]);
    }
}
