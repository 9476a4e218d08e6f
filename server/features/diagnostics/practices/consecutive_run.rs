//! `dls/ConsecutiveRun`: two RUN instructions in a row make two layers where
//! one `&&` chain makes one. Reported only where merging keeps the meaning:
//! same flags, no comment between them, and nothing in the first that the
//! second could depend on (`cd`, `export`, …) or in the second that `&&`
//! would regroup (`;`, `||`, `&`).

use super::{finding, Facts, Run};
use crate::features::diagnostics::{Severity, Sink};
use crate::features::{Fix, TextEdit};
use crate::model::{Command, CommandForm};
use crate::syntax::{Instruction, Word};

pub const CODE: &str = "dls/ConsecutiveRun";

/// Commands whose effect lasts to the end of the shell, not of the command.
pub(super) const SHELL_STATE: &[&str] = &[
    "cd", "pushd", "popd", "export", "set", "source", ".", "exit", "exec", "umask", "unset", "alias", "shopt", "trap",
    "ulimit", "eval", "return",
];

/// One finding per group of mergeable RUNs in a row, on the group's second
/// RUN, whose fix merges the whole group.
pub fn check(facts: &Facts<'_>, sink: &mut Sink) {
    let mut group: Vec<&Run> = Vec::new();
    for run in &facts.runs {
        let follows = group.last().is_some_and(|prev| can_merge(facts, prev, run, group.len() == 1));
        if !follows {
            report(facts, &group, sink);
            group.clear();
        }
        group.push(run);
    }
    report(facts, &group, sink);
}

fn report(facts: &Facts<'_>, group: &[&Run], sink: &mut Sink) {
    let [_, second, ..] = group else { return };
    let escape = facts.analysis.file.escape;
    let edits = group
        .windows(2)
        .filter_map(|pair| {
            let (first, next) = (shell_args(facts, pair[0])?, shell_args(facts, pair[1])?);
            let gap = text_size::TextRange::new(first.range.end(), next.range.start());
            Some(TextEdit::replace(gap, format!(" {escape}\n    && ")))
        })
        .collect();
    let n = group.len();
    let (title, message) = if n == 2 {
        (
            "Merge into the previous RUN".to_string(),
            "2 RUNs in a row: chain them with `&&` to make one layer".to_string(),
        )
    } else {
        let after = n - 2;
        (
            format!("Merge the {n} RUNs into one"),
            format!(
                "{n} RUNs in a row (the one before this and {after} after it): chain them with `&&` to make one layer"
            ),
        )
    };
    let fix = Fix::new(title, edits).preferred();
    let keyword = facts.analysis.instruction(second.instruction).keyword.range;
    sink.push(finding(CODE, Severity::Hint, keyword, message).with_fix(fix));
}

/// `run` directly follows `prev` in the same stage and `prev && run` keeps the meaning.
/// Above a group's second RUN, a comment that skips this rule keeps the group
/// together, so that it silences the whole group.
fn can_merge(facts: &Facts<'_>, prev: &Run, run: &Run, second: bool) -> bool {
    let analysis = facts.analysis;
    let (a, b) = (analysis.instruction(prev.instruction), analysis.instruction(run.instruction));
    run.instruction == prev.instruction + 1
        && prev.stage == run.stage
        && shell_args(facts, prev).is_some()
        && shell_args(facts, run).is_some()
        && same_flags(a, b)
        && comments_between(facts, a, b).all(|c| second && skips_this_rule(c))
        && mergeable(prev, run)
}

fn shell_args<'a>(facts: &'a Facts<'_>, run: &Run) -> Option<&'a Word> {
    let instruction = facts.analysis.instruction(run.instruction);
    if !instruction.heredocs.is_empty() {
        return None;
    }
    match facts.analysis.command(run.instruction) {
        Command::Exec { form: Some(CommandForm::Shell(args)) } => Some(args),
        _ => None,
    }
}

fn same_flags(a: &Instruction, b: &Instruction) -> bool {
    a.flags.iter().map(|f| &f.text).eq(b.flags.iter().map(|f| &f.text))
}

/// The text of the comments from `a` to the end of `b`.
fn comments_between<'a>(facts: &'a Facts<'_>, a: &Instruction, b: &Instruction) -> impl Iterator<Item = &'a str> {
    let (text, comments) = (&facts.analysis.text, &facts.analysis.file.comments);
    // Comments are in document order: look only at those from `a` on.
    let from = comments.partition_point(|c| c.start() < a.range.start());
    let end = b.range.end();
    comments[from..]
        .iter()
        .take_while(move |c| c.start() < end)
        .filter(move |c| c.end() <= end)
        .map(move |c| text.get(usize::from(c.start())..usize::from(c.end())).unwrap_or(""))
}

/// `# check=skip=…dls/ConsecutiveRun…`, as the "Ignore" fix writes it.
fn skips_this_rule(comment: &str) -> bool {
    let body = comment.trim_start_matches('#').trim_start();
    body.starts_with("check=") && body.contains(CODE)
}

fn mergeable(first: &Run, second: &Run) -> bool {
    let (a, b) = (&first.line_shape, &second.line_shape);
    let keeps_state = first.changes_shell_state || second.changes_shell_state;
    a.clean && b.clean && !keeps_state && !a.background && b.only_and_or_pipe
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::{check_fix, check_practices};

    #[test]
    fn one_finding_per_group_whose_fix_merges_the_group() {
        let text = "FROM alpine:3\nRUN a\nRUN b\nRUN c \\\n  && d\nUSER app\nRUN e\nRUN f\n";
        check_practices(
            text,
            expect![[r#"
                FROM alpine:3
                RUN a
                <focus>RUN</focus> b
                RUN c \
                  && d
                USER app
                RUN e
                <focus>RUN</focus> f
                hint dls/ConsecutiveRun: 3 RUNs in a row (the one before this and 1 after it): chain them with `&&` to make one layer
                hint dls/ConsecutiveRun: 2 RUNs in a row: chain them with `&&` to make one layer
            "#]],
        );
        let ignored = "FROM alpine:3\nRUN a\n# check=skip=dls/ConsecutiveRun\nRUN b\nRUN c\n# keep apart\nRUN d\nRUN e\nUSER app\n";
        check_practices(
            ignored,
            expect![[r#"
                FROM alpine:3
                RUN a
                # check=skip=dls/ConsecutiveRun
                RUN b
                RUN c
                # keep apart
                RUN d
                <focus>RUN</focus> e
                USER app
                hint dls/ConsecutiveRun: 2 RUNs in a row: chain them with `&&` to make one layer
            "#]],
        );
        check_fix(
            text,
            "dls/ConsecutiveRun",
            expect![[r#"
                FROM alpine:3
                RUN a \
                    && b \
                    && c \
                  && d
                USER app
                RUN e
                RUN f
            "#]],
        );
    }

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
                hint dls/ConsecutiveRun: 2 RUNs in a row: chain them with `&&` to make one layer
                info dls/PipeWithoutPipefail: a pipe fails only when its last command fails: start the RUN with `set -o pipefail &&`, or set `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`
            "#]],
        );
    }
}
