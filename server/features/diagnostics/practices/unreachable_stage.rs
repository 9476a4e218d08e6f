//! `dls/UnreachableStage`: a stage that the default target (the last stage,
//! or the configured `target`) does not need is not built. It may be a
//! target of its own, so this is a hint, rendered faded.

use super::{finding, Facts};
use crate::features::diagnostics::{Severity, Sink};
use crate::model::Model;

pub const CODE: &str = "dls/UnreachableStage";

pub fn check(facts: &Facts<'_>, sink: &mut Sink) {
    let model = &facts.analysis.model;
    let Some(target) = facts.target else { return };
    if model.stages.len() < 2 {
        return;
    }
    let needed = stages_needed_by_any(model, target, &facts.options.context.targeted_stages);
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

/// The stages that `target` or a stage built as a target elsewhere needs.
fn stages_needed_by_any(model: &Model, target: usize, targeted_elsewhere: &[usize]) -> Vec<bool> {
    let mut needed = model.stages_needed_by(target);
    for &other in targeted_elsewhere.iter().filter(|&&s| s < model.stages.len()) {
        for (any, by_other) in needed.iter_mut().zip(model.stages_needed_by(other)) {
            *any |= by_other;
        }
    }
    needed
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

    use crate::features::context::FileContext;
    use crate::features::diagnostics::test_support::{check_practices, check_practices_in};

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

    #[test]
    fn stages_built_as_targets_elsewhere_are_needed() {
        let context = FileContext { targeted_stages: vec![1], ..FileContext::UNKNOWN };
        check_practices_in(
            "FROM alpine:3 AS base\nFROM base AS test\nRUN make test\nFROM alpine:3 AS lint\nFROM base\nUSER app\n",
            &context,
            expect![[r#"
                FROM alpine:3 AS base
                FROM base AS test
                RUN make test
                <focus>FROM alpine:3 AS lint</focus>
                FROM base
                USER app
                hint dls/UnreachableStage: stage `lint` is not needed to build the target, stage 3: remove it, or build it with `--target lint`
            "#]],
        );
    }
}
