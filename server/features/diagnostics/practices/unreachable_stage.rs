//! `dls/UnreachableStage`: a stage that the default target (the last stage,
//! or the configured `target`) does not need is not built. It may be a
//! target of its own, so this is a hint, rendered faded.

use super::{finding, Facts};
use crate::features::diagnostics::{Severity, Sink};

pub const CODE: &str = "dls/UnreachableStage";

pub fn check(facts: &Facts<'_>, sink: &mut Sink) {
    let model = &facts.analysis.model;
    let Some(target) = facts.target else { return };
    if model.stages.len() < 2 {
        return;
    }
    let needed = model.stages_needed_by(target);
    let target_label = describe(&model.stages[target]);
    for stage in &model.stages {
        if needed.get(stage.index).copied().unwrap_or(true) {
            continue;
        }
        let first = facts.analysis.instruction(stage.from).range;
        let last = facts.analysis.instruction(stage.end.saturating_sub(1).max(stage.from)).range;
        let label = describe(stage);
        let how = match stage.name() {
            Some(name) => format!("build it with `--target {name}`"),
            None => "name it to build it with `--target`".to_string(),
        };
        let message = format!("{label} is not needed to build the target, {target_label}: remove it, or {how}");
        let mut diagnostic = finding(CODE, Severity::Hint, first.cover(last), message);
        diagnostic.unnecessary = true;
        sink.push(diagnostic);
    }
}

/// "stage `name`" or "stage 2".
fn describe(stage: &crate::model::Stage) -> String {
    match stage.name() {
        Some(name) => format!("stage `{name}`"),
        None => format!("stage {}", stage.index),
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_practices;

    #[test]
    fn fades_stages_the_target_does_not_need() {
        check_practices(
            "FROM alpine:3 AS base\nFROM base AS test\nRUN make test\nFROM alpine:3 AS deps\nFROM base\nCOPY --from=deps /x /x\nUSER app\n",
            expect![[r#"
                FROM alpine:3 AS base
                <focus>FROM base AS test
                RUN make test</focus>
                FROM alpine:3 AS deps
                FROM base
                COPY --from=deps /x /x
                USER app
                hint dls/UnreachableStage: stage `test` is not needed to build the target, stage 3: remove it, or build it with `--target test`
            "#]],
        );
    }
}
