//! `COPY --from`, `RUN --mount=from=` and `--target`: references BuildKit
//! cannot resolve.

use super::{did_you_mean, CheckOptions, Diagnostic, Sink};
use crate::model::{Analysis, RefTarget, StageRef, StageRefKind};

pub const FROM_VARIABLE: &str = "dls/FromVariable";
pub const LATER_STAGE: &str = "dls/StageDefinedLater";
pub const CIRCULAR: &str = "dls/CircularDependency";
pub const INVALID_INDEX: &str = "dls/InvalidStageIndex";
pub const UNKNOWN_TARGET: &str = "dls/UnknownTarget";

pub fn check(analysis: &Analysis, options: &CheckOptions<'_>, _: &[super::Parsed], sink: &mut Sink) {
    let cycles = analysis.model.stage_cycles();
    for r in &analysis.model.stage_refs {
        if let Some(diagnostic) = check_ref(analysis, r, &cycles) {
            sink.push(diagnostic);
        }
    }
    check_target(analysis, options, sink);
}

/// `cycles`: a component id per stage (stages that need each other share one).
fn check_ref(analysis: &Analysis, r: &StageRef, cycles: &[usize]) -> Option<Diagnostic> {
    let stages = &analysis.model.stages;
    let current = &stages[r.in_stage];
    match r.target {
        RefTarget::Variable if r.kind == StageRefKind::CopyFrom => Some(Diagnostic::error(
            FROM_VARIABLE,
            r.range,
            "Variables are not expanded in --from: define a stage `FROM ${VAR} AS name` (with a global ARG) and copy from `name`",
        )),
        RefTarget::CurrentStage => Some(Diagnostic::error(
            CIRCULAR,
            r.range,
            format!("Circular dependency: stage `{}` refers to itself; copy from an earlier stage", current.label()),
        )),
        RefTarget::LaterStage(target) if cycles[target] == cycles[r.in_stage] => Some(Diagnostic::error(
            CIRCULAR,
            r.range,
            format!(
                "Circular dependency: stage `{}` needs `{}`, which needs `{}` back",
                current.label(),
                stages[target].label(),
                current.label()
            ),
        )),
        RefTarget::LaterStage(target) => {
            let what = if r.kind == StageRefKind::MountFrom { "mount" } else { "copy" };
            Some(Diagnostic::error(
                LATER_STAGE,
                r.range,
                format!(
                    "Cannot {what} from stage `{}`: it is defined after the current stage `{}`; move it above",
                    stages[target].label(),
                    current.label()
                ),
            ))
        }
        RefTarget::NoSuchIndex(index) => Some(Diagnostic::error(
            INVALID_INDEX,
            r.range,
            format!("Invalid stage index {index}: this Dockerfile has stages 0 to {}", stages.len().saturating_sub(1)),
        )),
        _ => None,
    }
}

fn check_target(analysis: &Analysis, options: &CheckOptions<'_>, sink: &mut Sink) {
    let Some(target) = options.target else { return };
    let model = &analysis.model;
    if model.stages.is_empty() || model.target_stage(Some(target)).is_some() {
        return;
    }
    let names = model.stages.iter().filter_map(|s| s.name());
    let hint = match did_you_mean(target, names) {
        Some(s) => format!(": did you mean `{s}`?"),
        None => {
            let all: Vec<_> = model.stages.iter().filter_map(|s| s.name()).collect();
            if all.is_empty() {
                ": no stage has a name (`FROM image AS name`)".to_string()
            } else {
                format!(": the named stages are {}", all.join(", "))
            }
        }
    };
    let range = analysis.instruction(model.stages[0].from).keyword.range;
    sink.push(Diagnostic::error(UNKNOWN_TARGET, range, format!("Target stage `{target}` could not be found{hint}")));
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_diagnostics;

    #[test]
    fn copy_from_problems() {
        check_diagnostics(
            "FROM a AS one\nCOPY --from=one x y\nCOPY --from=two x y\nCOPY --from=$V x y\nCOPY --from=7 x y\nFROM b AS two\nCOPY --from=ONE x y\nRUN --mount=from=three,target=/x ls\nFROM c AS three\n",
            expect![[r#"
                FROM a AS one
                COPY --from=<focus>one</focus> x y
                COPY --from=<focus>two</focus> x y
                COPY --from=<focus>$V</focus> x y
                COPY --from=<focus>7</focus> x y
                FROM b AS two
                COPY --from=ONE x y
                RUN --mount=from=<focus>three</focus>,target=/x ls
                FROM c AS three
                error dls/CircularDependency: Circular dependency: stage `one` refers to itself; copy from an earlier stage
                error dls/CircularDependency: Circular dependency: stage `one` needs `two`, which needs `one` back
                error dls/FromVariable: Variables are not expanded in --from: define a stage `FROM ${VAR} AS name` (with a global ARG) and copy from `name`
                error dls/InvalidStageIndex: Invalid stage index 7: this Dockerfile has stages 0 to 2
                error dls/StageDefinedLater: Cannot mount from stage `three`: it is defined after the current stage `two`; move it above
            "#]],
        );
    }
}
