//! WorkdirRelativePath: the first WORKDIR of a stage (or of the stages it
//! builds on) is relative, so it depends on the base image's working directory.

use super::{expand_at, warning};
use crate::features::diagnostics::Sink;
use crate::model::{Analysis, Command};

pub const CODE: &str = "WorkdirRelativePath";

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let mut workdir_set = Vec::with_capacity(analysis.model.stages.len());
    for stage in &analysis.model.stages {
        let mut set =
            super::base_stage(analysis, stage.index).and_then(|i| workdir_set.get(i).copied()).unwrap_or(false);
        for index in stage.instructions() {
            if set || !analysis.instruction(index).is("workdir") {
                continue;
            }
            let Command::Single { value: Some(path) } = analysis.command(index) else { continue };
            set = true;
            let expanded = expand_at(analysis, index, &path.text);
            if !expanded.starts_with('/') {
                let message = format!(
                    "Relative workdir {expanded:?} can have unexpected results if the base image changes: use an absolute path"
                );
                sink.push(warning(CODE, path.range, message));
            }
        }
        workdir_set.push(set);
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::check_rule;

    #[test]
    fn first_workdir_of_the_stage_chain() {
        check_rule(
            super::CODE,
            "FROM a AS base\nARG D=/x\nWORKDIR $D\nWORKDIR rel\nFROM base\nWORKDIR rel2\nFROM a\nWORKDIR app\n",
            expect![[r#"
                FROM a AS base
                ARG D=/x
                WORKDIR $D
                WORKDIR rel
                FROM base
                WORKDIR rel2
                FROM a
                WORKDIR <focus>app</focus>
                warning WorkdirRelativePath: Relative workdir "app" can have unexpected results if the base image changes: use an absolute path
            "#]],
        );
    }
}
