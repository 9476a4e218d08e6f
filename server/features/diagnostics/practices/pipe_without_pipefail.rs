//! `dls/PipeWithoutPipefail`: with the default shell (`/bin/sh -c`) a
//! pipe's status is its last command's, so `curl … | tar x` succeeds when
//! the download fails. Silent when the RUN runs `set -o pipefail` or a SHELL
//! instruction chose the shell.

use super::{finding, Facts};
use crate::features::diagnostics::{Severity, Sink};
use crate::model::BaseKind;

pub const CODE: &str = "dls/PipeWithoutPipefail";

pub fn check(facts: &Facts<'_>, sink: &mut Sink) {
    for run in &facts.runs {
        let Some(piped) = run.first_piped else { continue };
        if run.sets_pipefail || shell_is_set(facts, run.instruction) {
            continue;
        }
        let message = "a pipe fails only when its last command fails: start the RUN with `set -o pipefail &&`, or set `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]`";
        sink.push(finding(CODE, Severity::Information, piped, message.to_string()));
    }
}

/// A SHELL instruction before `instruction` in its stage or the stages it builds on.
fn shell_is_set(facts: &Facts<'_>, instruction: usize) -> bool {
    let model = &facts.analysis.model;
    let mut next = facts.analysis.stage_of(instruction).map(|s| (s, instruction));
    for _ in 0..=model.stages.len() {
        let Some((s, end)) = next else { return false };
        let Some(stage) = model.stages.get(s) else { return false };
        if (stage.from..end.min(stage.end)).any(|i| facts.analysis.instruction(i).is("shell")) {
            return true;
        }
        next = match stage.base.kind {
            BaseKind::Stage(parent) => model.stages.get(parent).map(|p| (parent, p.end)),
            _ => None,
        };
    }
    false
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_practices;

    #[test]
    fn reports_pipes_without_pipefail() {
        check_practices(
            "FROM alpine:3\nRUN curl -f x | tar x && echo 'a | b' || true\nRUN set -eo pipefail && curl x | sh\nSHELL [\"/bin/bash\", \"-c\"]\nRUN a | b\nFROM alpine:3\nRUN echo \"$SUM *f\" | sha256sum -c -\nUSER app\n",
            expect![[r#"
                <focus>FROM alpine:3
                RUN <focus>curl -f x</focus> | tar x && echo 'a | b' || true
                RUN set -eo pipefail && curl x | sh
                SHELL ["/bin/bash", "-c"]
                RUN a | b</focus>
                FROM alpine:3
                RUN echo "$SUM *f" | sha256sum -c -
                USER app
                hint dls/UnreachableStage: stage 0 is not needed to build the target, stage 1: remove it, or name it to build it with `--target`
                info dls/PipeWithoutPipefail: a pipe fails only when its last command fails: start the RUN with `set -o pipefail &&`, or set `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`
            "#]],
        );
    }
}
