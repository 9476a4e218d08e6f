//! ONBUILD triggers BuildKit refuses: `ONBUILD ONBUILD`, `ONBUILD FROM`,
//! `ONBUILD MAINTAINER`, and triggers its line parser rejects.

use super::{parse_errors, CheckOptions, Diagnostic, Sink};
use crate::model::command::parse_command;
use crate::model::{Analysis, Command};

pub const CODE: &str = "dls/InvalidOnbuild";

pub fn check(analysis: &Analysis, _: &CheckOptions<'_>, _: &[super::Parsed], sink: &mut Sink) {
    for instruction in &analysis.file.instructions {
        let Some(trigger) = instruction.trigger.as_deref() else { continue };
        if !instruction.is("onbuild") {
            continue;
        }
        let keyword = trigger.keyword.text.to_ascii_uppercase();
        let message = match keyword.as_str() {
            "ONBUILD" => {
                "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed: give one trigger instruction".to_string()
            }
            "FROM" | "MAINTAINER" => format!("{keyword} isn't allowed as an ONBUILD trigger"),
            _ => {
                if let Command::Invalid(error) = parse_command(trigger, analysis.file.escape) {
                    sink.push(parse_errors::command_error(&error));
                }
                continue;
            }
        };
        sink.push(Diagnostic::error(CODE, trigger.keyword.range, message));
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_diagnostics;

    #[test]
    fn forbidden_triggers() {
        check_diagnostics(
            "FROM a\nONBUILD ONBUILD RUN x\nONBUILD from b\nONBUILD MAINTAINER me\nONBUILD ENV x\nONBUILD RUN [\"a\", 1]\nONBUILD RUN ok\n",
            expect![[r#"
                FROM a
                ONBUILD <focus>ONBUILD</focus> RUN x
                ONBUILD <focus>from</focus> b
                ONBUILD <focus>MAINTAINER</focus> me
                ONBUILD <focus>ENV</focus> x
                ONBUILD RUN ["a", <focus>1</focus>]
                ONBUILD RUN ok
                error dls/InvalidOnbuild: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed: give one trigger instruction
                error dls/InvalidOnbuild: FROM isn't allowed as an ONBUILD trigger
                error dls/InvalidOnbuild: MAINTAINER isn't allowed as an ONBUILD trigger
                error dls/InvalidKeyValue: ENV needs a value: write `ENV name=value`
                error dls/JsonNonString: JSON array arguments must all be strings: quote this element
            "#]],
        );
    }
}
