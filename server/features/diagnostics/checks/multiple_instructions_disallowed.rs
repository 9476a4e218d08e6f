//! MultipleInstructionsDisallowed: a second CMD, ENTRYPOINT or HEALTHCHECK in
//! a stage. As in BuildKit, the finding is on the earlier one (the one that
//! has no effect), and the `# check=skip` comment that counts is the one
//! above the later one.

use super::warning;
use crate::features::diagnostics::Sink;
use crate::features::{Fix, TextEdit};
use crate::model::Analysis;

pub const CODE: &str = "MultipleInstructionsDisallowed";

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    for stage in &analysis.model.stages {
        let mut last: [Option<usize>; 3] = [None; 3];
        for index in stage.instructions() {
            let instruction = analysis.instruction(index);
            let slot = match instruction.name().as_str() {
                "cmd" => 0,
                "entrypoint" => 1,
                "healthcheck" => 2,
                _ => continue,
            };
            if let Some(earlier) = last[slot] {
                let previous = analysis.instruction(earlier);
                let message = format!(
                    "Multiple {} instructions should not be used in the same stage because only the last one will be used: remove this one",
                    instruction.keyword.text
                );
                let fix = Fix {
                    title: format!("Remove this {}", previous.keyword.text.to_uppercase()),
                    edits: vec![TextEdit::delete(whole_lines(analysis, previous.range))],
                    preferred: true,
                    create_files: Vec::new(),
                };
                sink.push(warning(CODE, previous.keyword.range, message).with_fix(fix).with_instruction(index));
            }
            last[slot] = Some(index);
        }
    }
}

/// `range` extended to the start of its first line and past its last line break.
pub(super) fn whole_lines(analysis: &Analysis, range: text_size::TextRange) -> text_size::TextRange {
    let text = &*analysis.text;
    let start = usize::from(range.start()).min(text.len());
    let end = usize::from(range.end()).clamp(start, text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    text_size::TextRange::new((line_start as u32).into(), (line_end as u32).into())
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::check_rule;

    #[test]
    fn earlier_one_is_reported() {
        check_rule(
            super::CODE,
            "FROM a\nCMD a\nENTRYPOINT b\ncmd c\nFROM b\nCMD d\n",
            expect![[r#"
                FROM a
                <focus>CMD</focus> a
                ENTRYPOINT b
                cmd c
                FROM b
                CMD d
                warning MultipleInstructionsDisallowed: Multiple cmd instructions should not be used in the same stage because only the last one will be used: remove this one
                  fix Remove this CMD:
                    |FROM a
                    |ENTRYPOINT b
                    |cmd c
                    |FROM b
                    |CMD d
            "#]],
        );
    }

    #[test]
    fn skip_comment_above_the_later_one_counts() {
        check_rule(
            super::CODE,
            "FROM a\n# check=skip=MultipleInstructionsDisallowed\nCMD a\nCMD b\nCMD c\n# check=skip=MultipleInstructionsDisallowed\nCMD d\n",
            expect![[r#"
                FROM a
                # check=skip=MultipleInstructionsDisallowed
                <focus>CMD</focus> a
                <focus>CMD</focus> b
                CMD c
                # check=skip=MultipleInstructionsDisallowed
                CMD d
                warning MultipleInstructionsDisallowed: Multiple CMD instructions should not be used in the same stage because only the last one will be used: remove this one
                  fix Remove this CMD:
                    |FROM a
                    |# check=skip=MultipleInstructionsDisallowed
                    |CMD b
                    |CMD c
                    |# check=skip=MultipleInstructionsDisallowed
                    |CMD d
                warning MultipleInstructionsDisallowed: Multiple CMD instructions should not be used in the same stage because only the last one will be used: remove this one
                  fix Remove this CMD:
                    |FROM a
                    |# check=skip=MultipleInstructionsDisallowed
                    |CMD a
                    |CMD c
                    |# check=skip=MultipleInstructionsDisallowed
                    |CMD d
            "#]],
        );
    }
}
