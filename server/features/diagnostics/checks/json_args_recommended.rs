//! JSONArgsRecommended: CMD/ENTRYPOINT in shell form, so the process runs
//! under `/bin/sh -c` and does not get OS signals. Silent once a SHELL was set
//! in the stage or in the stage it builds on (the image then has a shell of
//! its own choosing), as in BuildKit.

use super::warning;
use crate::features::diagnostics::Sink;
use crate::features::{Fix, TextEdit};
use crate::model::{Analysis, Command, CommandForm};
use crate::syntax::Word;

pub const CODE: &str = "JSONArgsRecommended";

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let mut shell_set = Vec::with_capacity(analysis.model.stages.len());
    for stage in &analysis.model.stages {
        let mut has_shell =
            super::base_stage(analysis, stage.index).and_then(|i| shell_set.get(i).copied()).unwrap_or(false);
        for index in stage.instructions() {
            let instruction = analysis.instruction(index);
            let name = instruction.name();
            if name == "shell" {
                has_shell = true;
            }
            if has_shell || !matches!(name.as_str(), "cmd" | "entrypoint") {
                continue;
            }
            let Command::Exec { form: Some(CommandForm::Shell(args)) } = analysis.command(index) else { continue };
            let message = format!(
                "JSON arguments recommended for {} to prevent unintended behavior related to OS signals: write `{} [\"executable\", \"arg\"]`",
                instruction.keyword.text, instruction.keyword.text
            );
            sink.push(warning(CODE, args.range, message).with_fix(exec_form_fix(args)));
        }
        shell_set.push(has_shell);
    }
}

/// Plain words become the array; anything the shell would interpret keeps
/// its shell, explicitly.
fn exec_form_fix(args: &Word) -> Fix {
    let text = args.text.trim();
    let plain = !text.contains(|c: char| "$|&;<>*?()[]{}\\`'\"~#=%!".contains(c));
    let (title, items): (&str, Vec<&str>) = if plain {
        ("Use the exec (JSON) form", text.split_whitespace().collect())
    } else {
        ("Use the exec form with an explicit `/bin/sh -c`", vec!["/bin/sh", "-c", text])
    };
    let json: Vec<String> =
        items.iter().map(|s| serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))).collect();
    Fix {
        title: title.to_string(),
        edits: vec![TextEdit::replace(args.range, format!("[{}]", json.join(", ")))],
        preferred: plain,
        create_files: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::check_rule;

    #[test]
    fn shell_form_until_shell() {
        check_rule(
            super::CODE,
            "FROM a AS base\nCMD node server.js\nENTRYPOINT [\"x\"]\nENTRYPOINT run $X | tee\nSHELL [\"bash\", \"-c\"]\nCMD y\nFROM base\nCMD z\n",
            expect![[r#"
                FROM a AS base
                CMD <focus>node server.js</focus>
                ENTRYPOINT ["x"]
                ENTRYPOINT <focus>run $X | tee</focus>
                SHELL ["bash", "-c"]
                CMD y
                FROM base
                CMD z
                warning JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals: write `CMD ["executable", "arg"]`
                  fix Use the exec (JSON) form:
                    |FROM a AS base
                    |CMD ["node", "server.js"]
                    |ENTRYPOINT ["x"]
                    |ENTRYPOINT run $X | tee
                    |SHELL ["bash", "-c"]
                    |CMD y
                    |FROM base
                    |CMD z
                warning JSONArgsRecommended: JSON arguments recommended for ENTRYPOINT to prevent unintended behavior related to OS signals: write `ENTRYPOINT ["executable", "arg"]`
                  fix Use the exec form with an explicit `/bin/sh -c`:
                    |FROM a AS base
                    |CMD node server.js
                    |ENTRYPOINT ["x"]
                    |ENTRYPOINT ["/bin/sh", "-c", "run $X | tee"]
                    |SHELL ["bash", "-c"]
                    |CMD y
                    |FROM base
                    |CMD z
            "#]],
        );
    }
}
