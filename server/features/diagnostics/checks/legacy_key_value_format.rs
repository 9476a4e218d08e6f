//! LegacyKeyValueFormat: `ENV key value` / `LABEL key value` (the rest of the
//! line is the value). The fix writes `key=value`, quoting a value of several
//! words; values with quotes or escapes of their own are left to the user.

use super::warning;
use crate::features::diagnostics::Sink;
use crate::features::{Fix, TextEdit};
use crate::model::command::KeyValue;
use crate::model::{Analysis, Command};

pub const CODE: &str = "LegacyKeyValueFormat";

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let escape = analysis.file.escape;
    for (index, instruction) in analysis.file.instructions.iter().enumerate() {
        if !instruction.is("env") && !instruction.is("label") {
            continue;
        }
        let Command::KeyValues { pairs } = analysis.command(index) else { continue };
        for pair in pairs.iter().filter(|p| !p.has_equals) {
            let keyword = &instruction.keyword.text;
            let message =
                format!("\"{keyword} key=value\" should be used instead of legacy \"{keyword} key value\" format");
            let mut diagnostic = warning(CODE, pair.range, message);
            if let Some(fix) = equals_fix(pair, escape) {
                diagnostic = diagnostic.with_fix(fix);
            }
            sink.push(diagnostic);
        }
    }
}

fn equals_fix(pair: &KeyValue, escape: char) -> Option<Fix> {
    let value = pair.value.text.as_str();
    if value.contains(['"', '\'', escape]) {
        return None;
    }
    let value = if value.contains(char::is_whitespace) { format!("\"{value}\"") } else { value.to_string() };
    Some(Fix {
        title: "Use the `key=value` format".to_string(),
        edits: vec![TextEdit::replace(pair.range, format!("{}={value}", pair.key.text))],
        preferred: true,
        create_files: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::check_rule;

    #[test]
    fn legacy_pairs() {
        check_rule(
            super::CODE,
            "FROM a\nENV A 1\nenv B two  words\nLABEL C \"q\"\nENV D=1 E=2\n",
            expect![[r#"
                FROM a
                ENV <focus>A 1</focus>
                env <focus>B two  words</focus>
                LABEL <focus>C "q"</focus>
                ENV D=1 E=2
                warning LegacyKeyValueFormat: "ENV key=value" should be used instead of legacy "ENV key value" format
                  fix Use the `key=value` format:
                    |FROM a
                    |ENV A=1
                    |env B two  words
                    |LABEL C "q"
                    |ENV D=1 E=2
                warning LegacyKeyValueFormat: "env key=value" should be used instead of legacy "env key value" format
                  fix Use the `key=value` format:
                    |FROM a
                    |ENV A 1
                    |env B="two  words"
                    |LABEL C "q"
                    |ENV D=1 E=2
                warning LegacyKeyValueFormat: "LABEL key=value" should be used instead of legacy "LABEL key value" format
            "#]],
        );
    }
}
