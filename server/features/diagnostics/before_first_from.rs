//! Only ARG may come before the first FROM, and a file needs a FROM.

use super::{CheckOptions, Diagnostic, Sink};
use crate::model::{Analysis, Command};

pub const INSTRUCTION_BEFORE_FROM: &str = "dls/InstructionBeforeFrom";
pub const NO_FROM: &str = "dls/NoFrom";

pub fn check(analysis: &Analysis, _: &CheckOptions<'_>, _: &[super::Parsed], sink: &mut Sink) {
    let first_from = analysis.model.stages.first().map(|s| s.from);
    let limit = first_from.unwrap_or(analysis.model.commands.len());
    for index in 0..limit {
        let instruction = analysis.instruction(index);
        let command = analysis.command(index);
        if matches!(command, Command::Arg { .. } | Command::Unknown) {
            continue;
        }
        let name = instruction.keyword.text.to_ascii_uppercase();
        let message = format!("{name} before the first FROM: only ARG may come before FROM; move it into a stage");
        sink.push(Diagnostic::error(INSTRUCTION_BEFORE_FROM, instruction.keyword.range, message));
    }
    if first_from.is_none() {
        if let Some(last) = analysis.file.instructions.last() {
            let message = "The Dockerfile has no FROM instruction: add `FROM <image>` to start a build stage";
            sink.push(Diagnostic::error(NO_FROM, last.range, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_diagnostics;

    #[test]
    fn only_arg_before_from() {
        check_diagnostics(
            "ARG V=1\nRUN x\nFROM a:$V\n",
            expect![[r#"
                ARG V=1
                <focus>RUN</focus> x
                FROM a:$V
                error dls/InstructionBeforeFrom: RUN before the first FROM: only ARG may come before FROM; move it into a stage
            "#]],
        );
    }

    #[test]
    fn no_from() {
        check_diagnostics(
            "ARG V=1\n",
            expect![[r#"
                <focus>ARG V=1</focus>
                error dls/NoFrom: The Dockerfile has no FROM instruction: add `FROM <image>` to start a build stage
            "#]],
        );
    }
}
