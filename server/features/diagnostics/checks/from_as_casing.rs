//! FromAsCasing: `FROM x as y` / `from x AS y`. Only checked when the FROM
//! keyword itself is all upper or all lower case (ConsistentInstructionCasing
//! covers the rest).

use super::{warning, well_formed_from};
use crate::features::diagnostics::Sink;
use crate::features::{Fix, TextEdit};
use crate::model::Analysis;

pub const CODE: &str = "FromAsCasing";

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    for stage in &analysis.model.stages {
        let Some(words) = well_formed_from(analysis, stage.from) else { continue };
        if words.len() < 3 {
            continue;
        }
        let from = &analysis.instruction(stage.from).keyword.text;
        let as_word = &words[1];
        let wanted = if *from == from.to_lowercase() {
            as_word.text.to_lowercase()
        } else if *from == from.to_uppercase() {
            as_word.text.to_uppercase()
        } else {
            continue;
        };
        if as_word.text == wanted {
            continue;
        }
        let message = format!("'{}' and '{}' keywords' casing do not match", as_word.text, from);
        let fix = Fix {
            title: format!("Write `{wanted}` to match `{from}`"),
            edits: vec![TextEdit::replace(as_word.range, wanted.clone())],
            preferred: true,
            create_files: Vec::new(),
        };
        sink.push(warning(CODE, as_word.range, message).with_fix(fix));
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::check_rule;

    #[test]
    fn as_follows_from() {
        check_rule(
            super::CODE,
            "FROM a as b\nfrom c AS d\nFrom e as f\nFROM g AS h\n",
            expect![[r#"
                FROM a <focus>as</focus> b
                from c <focus>AS</focus> d
                From e as f
                FROM g AS h
                warning FromAsCasing: 'as' and 'FROM' keywords' casing do not match
                  fix Write `AS` to match `FROM`:
                    |FROM a AS b
                    |from c AS d
                    |From e as f
                    |FROM g AS h
                warning FromAsCasing: 'AS' and 'from' keywords' casing do not match
                  fix Write `as` to match `from`:
                    |FROM a as b
                    |from c as d
                    |From e as f
                    |FROM g AS h
            "#]],
        );
    }
}
