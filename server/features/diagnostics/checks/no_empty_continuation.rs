//! NoEmptyContinuation: an empty line inside a continued instruction. BuildKit
//! reports it once per instruction, on the instruction's last line.

use super::warning;
use crate::features::diagnostics::Sink;
use crate::features::{Fix, TextEdit};
use crate::model::Analysis;

pub const CODE: &str = "NoEmptyContinuation";

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let text = &*analysis.text;
    for instruction in &analysis.file.instructions {
        let Some(first) = instruction.empty_continuation_lines.first() else { continue };
        let edits = instruction
            .empty_continuation_lines
            .iter()
            .map(|line| {
                // The line with its line break.
                let end = usize::from(line.end()).min(text.len());
                let end = if text[end..].starts_with("\r\n") {
                    end + 2
                } else if text[end..].starts_with('\n') {
                    end + 1
                } else {
                    end
                };
                TextEdit::delete(text_size::TextRange::new(line.start(), text_size::TextSize::from(end as u32)))
            })
            .collect();
        let fix = Fix {
            title: "Remove the empty continuation line".to_string(),
            edits,
            preferred: true,
            create_files: Vec::new(),
        };
        sink.push(warning(CODE, *first, "Empty continuation line: remove it (it will become an error)").with_fix(fix));
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::check_rule;

    #[test]
    fn empty_lines_in_continuations() {
        check_rule(
            super::CODE,
            "FROM a\nRUN a \\\n\n  b \\\n\n  c\nRUN d \\\n# comment\n  e\n",
            expect![[r#"
                FROM a
                RUN a \
                </focus><focus>
                  b \
   
                  c
                RUN d \
                # comment
                  e
                warning NoEmptyContinuation: Empty continuation line: remove it (it will become an error)
                  fix Remove the empty continuation line:
                    |FROM a
                    |RUN a \
                    |  b \
                    |  c
                    |RUN d \
                    |# comment
                    |  e
            "#]],
        );
    }
}
