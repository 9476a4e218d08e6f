//! ConsistentInstructionCasing: keywords that differ from the file's majority
//! case (all-lower beats all-upper only when strictly more; mixed-case keywords
//! never count). Global ARGs before the first FROM take no part, as in BuildKit.

use super::warning;
use crate::features::diagnostics::Sink;
use crate::features::{Fix, TextEdit};
use crate::model::command::KEYWORDS;
use crate::model::Analysis;

pub const CODE: &str = "ConsistentInstructionCasing";

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let keywords: Vec<_> = analysis
        .file
        .instructions
        .iter()
        .enumerate()
        .filter(|&(i, instruction)| {
            analysis.stage_of(i).is_some() && KEYWORDS.iter().any(|k| instruction.keyword.text.eq_ignore_ascii_case(k))
        })
        .map(|(_, instruction)| &instruction.keyword)
        .collect();
    // Known keywords are ASCII: their case is ASCII case.
    let has_upper = |text: &str| text.bytes().any(|b| b.is_ascii_uppercase());
    let has_lower = |text: &str| text.bytes().any(|b| b.is_ascii_lowercase());
    let (mut lower, mut upper) = (0, 0);
    for keyword in &keywords {
        if !has_upper(&keyword.text) {
            lower += 1;
        } else if !has_lower(&keyword.text) {
            upper += 1;
        }
    }
    let majority_lower = lower > upper;
    for keyword in keywords {
        let needs_change = if majority_lower { has_upper(&keyword.text) } else { has_lower(&keyword.text) };
        if !needs_change {
            continue;
        }
        let (wanted, casing) = if majority_lower {
            (keyword.text.to_ascii_lowercase(), "lowercase")
        } else {
            (keyword.text.to_ascii_uppercase(), "uppercase")
        };
        let message = format!("Command '{}' should match the case of the command majority ({casing})", keyword.text);
        let fix = Fix {
            title: format!("Write `{wanted}`"),
            edits: vec![TextEdit::replace(keyword.range, wanted.clone())],
            preferred: true,
            create_files: Vec::new(),
        };
        sink.push(warning(CODE, keyword.range, message).with_fix(fix));
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::check_rule;

    #[test]
    fn minority_and_mixed_keywords() {
        check_rule(
            super::CODE,
            "arg X\nFROM a\nrun x\nCopy a b\nCMD y\n",
            expect![[r#"
                arg X
                FROM a
                <focus>run</focus> x
                <focus>Copy</focus> a b
                CMD y
                warning ConsistentInstructionCasing: Command 'run' should match the case of the command majority (uppercase)
                  fix Write `RUN`:
                    |arg X
                    |FROM a
                    |RUN x
                    |Copy a b
                    |CMD y
                warning ConsistentInstructionCasing: Command 'Copy' should match the case of the command majority (uppercase)
                  fix Write `COPY`:
                    |arg X
                    |FROM a
                    |run x
                    |COPY a b
                    |CMD y
            "#]],
        );
    }
}
