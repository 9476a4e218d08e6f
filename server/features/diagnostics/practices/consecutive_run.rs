//! `dls/ConsecutiveRun`: two RUN instructions in a row make two layers where
//! one `&&` chain makes one. Reported only where merging keeps the meaning:
//! same flags, no comment between them, and nothing in the first that the
//! second could depend on (`cd`, `export`, …) or in the second that `&&`
//! would regroup (`;`, `||`, `&`).

use super::{finding, Facts};
use crate::features::diagnostics::{Severity, Sink};
use crate::features::{Fix, TextEdit};
use crate::model::{Command, CommandForm};
use crate::syntax::shell::{self, Separator};
use crate::syntax::{Instruction, Word};

pub const CODE: &str = "dls/ConsecutiveRun";

/// Commands whose effect lasts to the end of the shell, not of the command.
const SHELL_STATE: &[&str] = &[
    "cd", "pushd", "popd", "export", "set", "source", ".", "exit", "exec", "umask", "unset", "alias", "shopt", "trap",
    "ulimit", "eval", "return",
];

pub fn check(facts: &Facts<'_>, sink: &mut Sink) {
    let analysis = facts.analysis;
    for index in 1..analysis.file.instructions.len() {
        let (prev, cur) = (analysis.instruction(index - 1), analysis.instruction(index));
        if analysis.stage_of(index - 1) != analysis.stage_of(index) || !prev.is("run") || !cur.is("run") {
            continue;
        }
        let (Some(first), Some(second)) = (shell_args(facts, index - 1), shell_args(facts, index)) else { continue };
        if !same_flags(prev, cur) || has_comment_between(facts, prev, cur) || !mergeable(&first.text, &second.text) {
            continue;
        }
        let escape = analysis.file.escape;
        let joint = format!(" {escape}\n    && ");
        let edit = TextEdit::replace(text_size::TextRange::new(first.range.end(), second.range.start()), joint);
        let fix = Fix::new("Merge into the previous RUN", vec![edit]).preferred();
        let message = "this RUN directly follows another: chain them with `&&` to make one layer".to_string();
        sink.push(finding(CODE, Severity::Hint, cur.keyword.range, message).with_fix(fix));
    }
}

fn shell_args<'a>(facts: &'a Facts<'_>, index: usize) -> Option<&'a Word> {
    let instruction = facts.analysis.instruction(index);
    if !instruction.heredocs.is_empty() {
        return None;
    }
    match facts.analysis.command(index) {
        Command::Exec { form: Some(CommandForm::Shell(args)) } => Some(args),
        _ => None,
    }
}

fn same_flags(a: &Instruction, b: &Instruction) -> bool {
    a.flags.iter().map(|f| &f.text).eq(b.flags.iter().map(|f| &f.text))
}

fn has_comment_between(facts: &Facts<'_>, a: &Instruction, b: &Instruction) -> bool {
    let gap = text_size::TextRange::new(a.range.start(), b.range.end());
    facts.analysis.file.comments.iter().any(|c| gap.contains_range(*c))
}

fn mergeable(first: &str, second: &str) -> bool {
    let (a, b) = (shell::parse(first), shell::parse(second));
    let clean = |s: &shell::Script| !s.has_comment && !s.unterminated && s.trailing_separator().is_none();
    let keeps_state =
        a.commands.iter().chain(&b.commands).any(|c| c.program().is_some_and(|p| SHELL_STATE.contains(&p)));
    let first_ok = a.commands.iter().all(|c| c.separator != Some(Separator::Background));
    let second_ok = b.commands.iter().all(|c| matches!(c.separator, None | Some(Separator::And | Separator::Pipe)));
    clean(&a) && clean(&b) && !keeps_state && first_ok && second_ok
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_practices;

    #[test]
    fn reports_mergeable_runs_only() {
        check_practices(
            "FROM alpine:3\nRUN a\nRUN b | c && d\n# why\nRUN e\nRUN cd x\nRUN f\nRUN g; h\nRUN --network=none i\nUSER app\n",
            expect![[r#"
                FROM alpine:3
                RUN a
                <focus>RUN</focus> <focus>b</focus> | c && d
                # why
                RUN e
                RUN cd x
                RUN f
                RUN g; h
                RUN --network=none i
                USER app
                hint dls/ConsecutiveRun: this RUN directly follows another: chain them with `&&` to make one layer
                info dls/PipeWithoutPipefail: a pipe fails only when its last command fails: start the RUN with `set -o pipefail &&`, or set `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`
            "#]],
        );
    }
}
