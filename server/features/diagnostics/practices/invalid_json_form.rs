//! `dls/InvalidJsonForm`: arguments that start with `[` but are not valid
//! JSON (single quotes, say) are not an error for BuildKit: it silently runs
//! them as a shell command, `/bin/sh -c "['a', 'b']"`, which fails when the
//! container starts.

use super::{finding, Facts};
use crate::features::diagnostics::{Severity, Sink};
use crate::features::{Fix, TextEdit};
use crate::model::{Command, CommandForm};
use crate::syntax::json::{parse_string_array, JsonFormError};

pub const CODE: &str = "dls/InvalidJsonForm";

pub fn check(facts: &Facts<'_>, sink: &mut Sink) {
    let analysis = facts.analysis;
    for (index, instruction) in analysis.file.instructions.iter().enumerate() {
        let form = match analysis.command(index) {
            Command::Exec { form } | Command::Healthcheck { form, .. } => form,
            _ => continue,
        };
        let Some(CommandForm::Shell(args)) = form else { continue };
        if instruction.is("shell") || parse_string_array(&args.text) != Err(JsonFormError::Invalid) {
            continue;
        }
        let fixed = requote(&args.text);
        if fixed.is_none() && !looks_like_json_array(&args.text) {
            // `RUN [ -f x ] && …` is the shell's test command.
            continue;
        }
        let keyword = instruction.keyword.text.to_ascii_uppercase();
        let message = format!(
            "this is not valid JSON, so {keyword} runs it as a shell command: write the JSON array with double quotes"
        );
        let mut diagnostic = finding(CODE, Severity::Warning, args.range, message);
        let single_line = instruction.start_line == instruction.end_line;
        if let Some(fixed) = fixed.filter(|_| single_line) {
            let fix = Fix::new("Use double quotes", vec![TextEdit::replace(args.range, fixed)]).preferred();
            diagnostic = diagnostic.with_fix(fix);
        }
        sink.push(diagnostic);
    }
}

/// `["a", "b",]`: quoted items separated by commas, in brackets.
fn looks_like_json_array(text: &str) -> bool {
    let inner = text.trim().strip_prefix('[').and_then(|t| t.strip_suffix(']')).map(str::trim);
    inner.is_some_and(|i| {
        i.starts_with(['"', '\'']) && i.contains(',') && i.trim_end_matches(',').ends_with(['"', '\''])
    })
}

/// `['a', "b"]` → `["a", "b"]`, when that makes a JSON array of strings.
fn requote(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                out.push('"');
                loop {
                    match chars.next()? {
                        '\'' => break,
                        '"' => out.push_str("\\\""),
                        '\\' => out.push_str("\\\\"),
                        other => out.push(other),
                    }
                }
                out.push('"');
            }
            '"' => {
                out.push('"');
                loop {
                    let next = chars.next()?;
                    out.push(next);
                    if next == '\\' {
                        out.push(chars.next()?);
                    } else if next == '"' {
                        break;
                    }
                }
            }
            other => out.push(other),
        }
    }
    parse_string_array(&out).ok().map(|_| out)
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_practices;

    #[test]
    fn reports_invalid_json_and_requotes() {
        check_practices(
            "FROM alpine:3\nCMD ['echo', \"it's\"]\nENTRYPOINT [\"a\" \"b\"]\nRUN [ -f x ] && echo\nCMD [ \"$X\" = \"y\" ]\nCMD [\"a\", \"b\",]\nUSER app\n",
            expect![[r#"
                FROM alpine:3
                CMD <focus>['echo', "it's"]</focus>
                ENTRYPOINT ["a" "b"]
                RUN [ -f x ] && echo
                CMD [ "$X" = "y" ]
                CMD <focus>["a", "b",]</focus>
                USER app
                warning dls/InvalidJsonForm: this is not valid JSON, so CMD runs it as a shell command: write the JSON array with double quotes
                warning dls/InvalidJsonForm: this is not valid JSON, so CMD runs it as a shell command: write the JSON array with double quotes
            "#]],
        );
        assert_eq!(super::requote(r#"['a "b"', "c\"d"]"#).as_deref(), Some(r#"["a \"b\"", "c\"d"]"#));
    }
}
