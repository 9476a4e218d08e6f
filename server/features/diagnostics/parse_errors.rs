//! Errors of BuildKit's line parser: repeated or invalid directives,
//! unterminated heredocs, and per-instruction argument syntax.

use super::{CheckOptions, Diagnostic, Sink};
use crate::model::command::CommandError;
use crate::model::{Analysis, Command};
use crate::syntax::ParseErrorKind;

pub const DUPLICATE_DIRECTIVE: &str = "dls/DuplicateDirective";
pub const INVALID_ESCAPE: &str = "dls/InvalidEscape";
pub const UNTERMINATED_HEREDOC: &str = "dls/UnterminatedHeredoc";
pub const INVALID_JSON_ARGS: &str = "dls/JsonNonString";
pub const INVALID_KEY_VALUE: &str = "dls/InvalidKeyValue";
pub const EMPTY_FILE: &str = "dls/EmptyFile";

pub fn check(analysis: &Analysis, _: &CheckOptions<'_>, _: &[super::Parsed], sink: &mut Sink) {
    for error in &analysis.file.errors {
        sink.push(match &error.kind {
            ParseErrorKind::DuplicateDirective(name) => Diagnostic::error(
                DUPLICATE_DIRECTIVE,
                error.range,
                format!("Only one `{name}` parser directive can be used: remove this one or merge it into the first"),
            ),
            ParseErrorKind::InvalidEscape(value) => Diagnostic::error(
                INVALID_ESCAPE,
                error.range,
                format!("Invalid escape character `{value}`: use `\\` or a backtick"),
            ),
            ParseErrorKind::UnterminatedHeredoc(name) => Diagnostic::error(
                UNTERMINATED_HEREDOC,
                error.range,
                format!("Unterminated heredoc: add a line containing only `{name}` to end it"),
            ),
        });
    }
    for command in &analysis.model.commands {
        if let Command::Invalid(error) = command {
            sink.push(command_error(error));
        }
    }
    if analysis.file.instructions.is_empty() {
        let end = text_size::TextSize::of(&*analysis.text);
        let range = text_size::TextRange::new(0.into(), end);
        sink.push(Diagnostic::error(EMPTY_FILE, range, "The file has no instructions: add a `FROM <image>` line"));
    }
}

pub(super) fn command_error(error: &CommandError) -> Diagnostic {
    match error {
        CommandError::NotStringArray(range) => {
            Diagnostic::error(INVALID_JSON_ARGS, *range, "JSON array arguments must all be strings: quote this element")
        }
        CommandError::MissingValue { keyword, range } => Diagnostic::error(
            INVALID_KEY_VALUE,
            *range,
            format!("{keyword} needs a value: write `{keyword} name=value`"),
        ),
        CommandError::MissingEquals { word } => Diagnostic::error(
            INVALID_KEY_VALUE,
            word.range,
            format!("`{}` has no `=`: every item must be `name=value` (quote values that contain spaces)", word.text),
        ),
        CommandError::BlankName { keyword, range } => Diagnostic::error(
            INVALID_KEY_VALUE,
            *range,
            format!("{keyword} names can not be blank: write `name=value`"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_diagnostics;

    #[test]
    fn unterminated_heredoc() {
        check_diagnostics(
            "FROM a\nRUN <<EOF\necho hi\n",
            expect![[r#"
                FROM a
                RUN <focus><<EOF</focus>
                echo hi
                error dls/UnterminatedHeredoc: Unterminated heredoc: add a line containing only `EOF` to end it
            "#]],
        );
    }

    #[test]
    fn duplicate_and_invalid_directives() {
        check_diagnostics(
            "# escape=x\n# escape=\\\nFROM a\n",
            expect![[r#"
                # escape=<focus>x</focus>
                <focus># escape=\</focus>
                FROM a
                error dls/InvalidEscape: Invalid escape character `x`: use `\` or a backtick
                error dls/DuplicateDirective: Only one `escape` parser directive can be used: remove this one or merge it into the first
            "#]],
        );
    }

    #[test]
    fn blank_names_in_env_and_label() {
        check_diagnostics(
            "FROM a\nENV =x\nLABEL =y\n",
            expect![[r#"
            FROM a
            ENV <focus>=x</focus>
            LABEL <focus>=y</focus>
            error dls/InvalidKeyValue: ENV names can not be blank: write `name=value`
            error dls/InvalidKeyValue: LABEL names can not be blank: write `name=value`
        "#]],
        );
    }

    #[test]
    fn env_without_value_and_json_numbers() {
        check_diagnostics(
            "FROM a\nENV foo\nCMD [\"a\", 1]\n",
            expect![[r#"
                FROM a
                <focus>ENV</focus> foo
                CMD ["a", <focus>1</focus>]
                error dls/InvalidKeyValue: ENV needs a value: write `ENV name=value`
                error dls/JsonNonString: JSON array arguments must all be strings: quote this element
            "#]],
        );
    }
}
