//! Folding ranges: build stages, multi-line (continued) instructions, heredoc
//! bodies, and blocks of consecutive comment lines.

use text_size::TextRange;

use crate::model::Analysis;
use crate::syntax::Instruction;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    Region,
    Comment,
}

/// A fold from the line holding `range.start()` to the line holding `range.end()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    pub range: TextRange,
    pub kind: FoldKind,
}

pub fn folding_ranges(analysis: &Analysis) -> Vec<Fold> {
    let text = &*analysis.text;
    let mut folds = Vec::new();
    for stage in &analysis.model.stages {
        let from = analysis.instruction(stage.from);
        let last = analysis.file.instructions.get(stage.end.saturating_sub(1)).unwrap_or(from);
        push_multiline(&mut folds, text, from.range.cover(last.range), FoldKind::Region);
    }
    for instruction in &analysis.file.instructions {
        push_multiline(&mut folds, text, logical_part(instruction), FoldKind::Region);
        heredoc_folds(&mut folds, text, instruction);
    }
    comment_blocks(&mut folds, text, &analysis.file.comments);
    folds.sort_by_key(|f| (f.range.start(), std::cmp::Reverse(f.range.end())));
    folds
}

/// The instruction without its heredoc bodies: the continued lines.
fn logical_part(instruction: &Instruction) -> TextRange {
    let line = &instruction.line;
    let end = line.source_end(line.text.trim_end().len());
    TextRange::new(instruction.range.start(), end.clamp(instruction.range.start(), instruction.range.end()))
}

/// Each heredoc folds from the line before its body to its terminator, so
/// only the marker line stays visible.
fn heredoc_folds(folds: &mut Vec<Fold>, text: &str, instruction: &Instruction) {
    let heredocs = instruction.trigger.as_deref().unwrap_or(instruction).heredocs.iter();
    for heredoc in heredocs {
        let start = heredoc.body_range.start().checked_sub(1.into()).unwrap_or_default();
        let end = heredoc.terminator_range.map_or(heredoc.body_range.end(), |t| t.end());
        if start < end {
            push_multiline(folds, text, TextRange::new(start, end), FoldKind::Region);
        }
    }
}

/// Runs of two or more comment lines with nothing but a line break between them.
fn comment_blocks(folds: &mut Vec<Fold>, text: &str, comments: &[TextRange]) {
    let mut block: Option<TextRange> = None;
    for &comment in comments {
        block = match block {
            Some(b) if is_next_line(text, b.end(), comment.start()) => Some(b.cover(comment)),
            Some(b) => {
                push_multiline(folds, text, b, FoldKind::Comment);
                Some(comment)
            }
            None => Some(comment),
        };
    }
    if let Some(b) = block {
        push_multiline(folds, text, b, FoldKind::Comment);
    }
}

fn is_next_line(text: &str, end: text_size::TextSize, start: text_size::TextSize) -> bool {
    let between = text.get(usize::from(end)..usize::from(start)).unwrap_or("");
    between.matches('\n').count() == 1 && between.trim().is_empty()
}

fn push_multiline(folds: &mut Vec<Fold>, text: &str, range: TextRange, kind: FoldKind) {
    let inside = text.get(usize::from(range.start())..usize::from(range.end())).unwrap_or("");
    if inside.contains('\n') {
        folds.push(Fold { range, kind });
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;

    fn check(text: &str, expect: Expect) {
        let analysis = Analysis::from_text(text);
        let line_of = |offset: text_size::TextSize| text[..usize::from(offset)].matches('\n').count();
        let out: String = folding_ranges(&analysis)
            .iter()
            .map(|f| format!("{:?} {}..{}\n", f.kind, line_of(f.range.start()), line_of(f.range.end())))
            .collect();
        expect.assert_eq(&out);
    }

    #[test]
    fn stages_instructions_heredocs_and_comments() {
        check(
            r#"# syntax=docker/dockerfile:1
# A build stage
# with two lines of comments
FROM alpine AS build
RUN apk add \
      curl \
      git
RUN <<EOF
set -e
echo hi
EOF
# single comment

FROM scratch
COPY --from=build / /
"#,
            expect![[r#"
                Comment 0..2
                Region 3..10
                Region 4..6
                Region 7..10
                Region 13..14
            "#]],
        );
    }

    #[test]
    fn continued_heredoc_line_and_two_heredocs() {
        check(
            "FROM a\nRUN --mount=type=cache,target=/x \\\n  <<A cat - <<B\na\nA\nb\nB\n",
            expect![[r#"
                Region 0..6
                Region 1..2
                Region 2..4
                Region 4..6
            "#]],
        );
    }

    #[test]
    fn single_lines_do_not_fold() {
        check("FROM a\n# c\n", expect![""]);
    }
}
