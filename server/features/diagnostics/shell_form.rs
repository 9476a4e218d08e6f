//! SHELL must be written as a JSON array.

use super::{CheckOptions, Diagnostic, Sink};
use crate::features::{Fix, TextEdit};
use crate::model::{Analysis, Command, CommandForm};
use crate::syntax::words::whitespace_words;

pub const CODE: &str = "dls/ShellNotJson";

pub fn check(analysis: &Analysis, _: &CheckOptions<'_>, _: &[super::Parsed], sink: &mut Sink) {
    for (index, instruction) in analysis.file.instructions.iter().enumerate() {
        if !instruction.is("shell") {
            continue;
        }
        let Command::Exec { form: Some(CommandForm::Shell(args)) } = analysis.command(index) else { continue };
        let words = whitespace_words(&instruction.line, args);
        let quoted: Vec<String> = words
            .iter()
            .map(|w| serde_json::to_string(&w.text).unwrap_or_else(|_| format!("\"{}\"", w.text)))
            .collect();
        let json = format!("[{}]", quoted.join(", "));
        let message = format!("SHELL must be a JSON array: write `SHELL {json}`");
        let fix = Fix {
            title: format!("Change to `{json}`"),
            edits: vec![TextEdit::replace(args.range, json)],
            preferred: true,
            create_files: Vec::new(),
        };
        sink.push(Diagnostic::error(CODE, args.range, message).with_fix(fix));
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::{check_diagnostics, check_fix};

    #[test]
    fn shell_form_is_rejected() {
        check_diagnostics(
            "FROM a\nSHELL powershell -command\nSHELL [\"/bin/bash\", \"-c\"]\n",
            expect![[r#"
                FROM a
                SHELL <focus>powershell -command</focus>
                SHELL ["/bin/bash", "-c"]
                error dls/ShellNotJson: SHELL must be a JSON array: write `SHELL ["powershell", "-command"]`
            "#]],
        );
        check_fix(
            "FROM a\nSHELL powershell -command\n",
            "dls/ShellNotJson",
            expect![[r#"
            FROM a
            SHELL ["powershell", "-command"]
        "#]],
        );
    }
}
