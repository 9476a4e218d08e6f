//! `--flags` BuildKit rejects (`BFlags.Parse`): unknown for the instruction,
//! given twice, without a value, or a boolean given something else.

use text_size::{TextRange, TextSize};

use super::{did_you_mean, CheckOptions, Diagnostic, Parsed, Sink};
use crate::features::{Fix, TextEdit};
use crate::model::flags::{accepted_flags, FlagKind, FlagParts, FlagSpec};
use crate::model::Analysis;
use crate::syntax::Instruction;

pub const UNKNOWN_FLAG: &str = "dls/UnknownFlag";
pub const DUPLICATE_FLAG: &str = "dls/DuplicateFlag";
pub const FLAG_VALUE: &str = "dls/FlagValue";

pub fn check(analysis: &Analysis, _: &CheckOptions<'_>, parsed: &[Parsed], sink: &mut Sink) {
    for ((index, instruction), parsed) in analysis.file.instructions.iter().enumerate().zip(parsed) {
        if parsed.flags.is_empty() {
            continue;
        }
        let Some(specs) = accepted_flags(instruction, analysis.command(index)) else { continue };
        let mut seen: Vec<&str> = Vec::new();
        for flag in &parsed.flags {
            let parts = &flag.parts;
            let Some(spec) = specs.iter().find(|s| s.name == parts.name) else {
                sink.push(unknown_flag(analysis, instruction, specs, parts));
                continue;
            };
            if spec.kind != FlagKind::Strings && seen.contains(&spec.name) {
                sink.push(duplicate_flag(analysis, parts));
                continue;
            }
            seen.push(spec.name);
            if let Some(diagnostic) = check_value(spec, parts) {
                sink.push(diagnostic);
            }
        }
    }
}

fn keyword(instruction: &Instruction) -> String {
    instruction.keyword.text.to_ascii_uppercase()
}

fn unknown_flag(analysis: &Analysis, instruction: &Instruction, specs: &[FlagSpec], parts: &FlagParts) -> Diagnostic {
    let keyword = keyword(instruction);
    let written = format!("--{}", parts.name);
    if specs.is_empty() {
        let message = format!("{keyword} takes no flags: remove `{written}`");
        let fix = Fix {
            title: format!("Remove `{written}`"),
            edits: vec![TextEdit::delete(with_trailing_blanks(analysis, parts.range))],
            preferred: true,
            create_files: Vec::new(),
        };
        return Diagnostic::error(UNKNOWN_FLAG, parts.name_range, message).with_fix(fix);
    }
    if keyword == "ADD" && parts.name == "from" {
        let message = "ADD has no `--from`: use `COPY --from=<stage>` to copy from a stage or an image";
        let fix = Fix {
            title: "Change ADD to COPY".to_string(),
            edits: vec![TextEdit::replace(instruction.keyword.range, same_case(&instruction.keyword.text, "COPY"))],
            preferred: false,
            create_files: Vec::new(),
        };
        return Diagnostic::error(UNKNOWN_FLAG, parts.name_range, message).with_fix(fix);
    }
    let names = specs.iter().map(|s| s.name);
    match did_you_mean(&parts.name, names) {
        Some(suggestion) => {
            let message = format!("Unknown flag `{written}` for {keyword}: did you mean `--{suggestion}`?");
            let fix = Fix {
                title: format!("Change to `--{suggestion}`"),
                edits: vec![TextEdit::replace(parts.name_range, format!("--{suggestion}"))],
                preferred: true,
                create_files: Vec::new(),
            };
            Diagnostic::error(UNKNOWN_FLAG, parts.name_range, message).with_fix(fix)
        }
        None => {
            let all: Vec<String> = specs.iter().map(|s| format!("--{}", s.name)).collect();
            let message = format!("Unknown flag `{written}` for {keyword}: it accepts {}", all.join(", "));
            Diagnostic::error(UNKNOWN_FLAG, parts.name_range, message)
        }
    }
}

fn duplicate_flag(analysis: &Analysis, parts: &FlagParts) -> Diagnostic {
    let message = format!("`--{}` is given more than once: keep one", parts.name);
    let fix = Fix {
        title: format!("Remove this `--{}`", parts.name),
        edits: vec![TextEdit::delete(with_trailing_blanks(analysis, parts.range))],
        preferred: false,
        create_files: Vec::new(),
    };
    Diagnostic::error(DUPLICATE_FLAG, parts.range, message).with_fix(fix)
}

fn check_value(spec: &FlagSpec, parts: &FlagParts) -> Option<Diagnostic> {
    let name = spec.name;
    match (spec.kind, &parts.value) {
        (FlagKind::Bool, None) => None,
        (FlagKind::Bool, Some(value)) if value.text.is_empty() => {
            let message = format!("`--{name}=` has no value: write `--{name}` or `--{name}=false`");
            let fix = Fix {
                title: format!("Change to `--{name}`"),
                edits: vec![TextEdit::replace(parts.range, format!("--{name}"))],
                preferred: true,
                create_files: Vec::new(),
            };
            Some(Diagnostic::error(FLAG_VALUE, parts.range, message).with_fix(fix))
        }
        (FlagKind::Bool, Some(value)) => {
            let lower = value.text.to_ascii_lowercase();
            (lower != "true" && lower != "false").then(|| {
                let message = format!("`--{name}` takes `true` or `false`, not `{}`", value.text);
                Diagnostic::error(FLAG_VALUE, value.range, message)
            })
        }
        (_, None) => {
            let message = format!("`--{name}` needs a value: write `--{name}=<value>`");
            Some(Diagnostic::error(FLAG_VALUE, parts.range, message))
        }
        (_, Some(_)) => None,
    }
}

/// `range` plus the blanks after it, so deleting a word leaves one space.
fn with_trailing_blanks(analysis: &Analysis, range: TextRange) -> TextRange {
    let text = &analysis.text;
    let end = usize::from(range.end()).min(text.len());
    let blanks = text[end..].len() - text[end..].trim_start_matches([' ', '\t']).len();
    TextRange::new(range.start(), range.end() + TextSize::from(blanks as u32))
}

/// `word` in the case of `like` (lowercase when `like` is all lowercase).
fn same_case(like: &str, word: &str) -> String {
    if like.chars().all(|c| !c.is_ascii_uppercase()) {
        word.to_ascii_lowercase()
    } else {
        word.to_ascii_uppercase()
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::{check_diagnostics, check_fix};

    #[test]
    fn unknown_flags_per_instruction() {
        check_diagnostics(
            "FROM --platform=linux/amd64 a\nCOPY --frm=a x y\nCOPY --zzz x y\nENV --x a=b\nADD --from=a x y\nRUN --mount=type=cache,target=/x --network=none --security=insecure --device=x ls\n",
            expect![[r#"
                FROM --platform=linux/amd64 a
                COPY <focus>--frm</focus>=a x y
                COPY <focus>--zzz</focus> x y
                ENV <focus>--x</focus> a=b
                ADD <focus>--from</focus>=a x y
                RUN --mount=type=cache,target=/x --network=none --security=insecure <focus>--device</focus>=x ls
                error dls/UnknownFlag: Unknown flag `--frm` for COPY: did you mean `--from`?
                error dls/UnknownFlag: Unknown flag `--zzz` for COPY: it accepts --chown, --from, --chmod, --link, --exclude, --parents
                error dls/UnknownFlag: ENV takes no flags: remove `--x`
                error dls/UnknownFlag: ADD has no `--from`: use `COPY --from=<stage>` to copy from a stage or an image
                error dls/DeviceNeedsLabs: `--device` needs the labs Dockerfile frontend: start the file with `# syntax=docker/dockerfile:1-labs`
            "#]],
        );
    }

    #[test]
    fn flags_ignored_where_buildkit_ignores_them() {
        check_diagnostics(
            "FROM a\nARG --x=1 A\nSTOPSIGNAL --x SIGTERM\nHEALTHCHECK --x NONE\n",
            expect![[r#"
            FROM a
            ARG --x=1 A
            STOPSIGNAL --x SIGTERM
            HEALTHCHECK --x NONE
        "#]],
        );
    }

    #[test]
    fn duplicates_and_values() {
        check_diagnostics(
            "FROM a\nCOPY --from=a --from=b --exclude=x --exclude=y x y\nCOPY --link=yes --parents= --chown x y\nCOPY --link=FALSE --link x y\n",
            expect![[r#"
                FROM a
                COPY --from=a <focus>--from=b</focus> --exclude=x --exclude=y x y
                COPY --link=<focus>yes</focus> <focus>--parents=</focus> <focus>--chown</focus> x y
                COPY --link=FALSE <focus>--link</focus> x y
                error dls/DuplicateFlag: `--from` is given more than once: keep one
                error dls/FlagValue: `--link` takes `true` or `false`, not `yes`
                error dls/FlagValue: `--parents=` has no value: write `--parents` or `--parents=false`
                error dls/FlagValue: `--chown` needs a value: write `--chown=<value>`
                error dls/DuplicateFlag: `--link` is given more than once: keep one
            "#]],
        );
    }

    #[test]
    fn fixes() {
        check_fix(
            "FROM a\nCOPY --frm=a x y\n",
            "dls/UnknownFlag",
            expect![[r#"
            FROM a
            COPY --from=a x y
        "#]],
        );
        check_fix(
            "FROM a\nENV --x  a=b\n",
            "dls/UnknownFlag",
            expect![[r#"
            FROM a
            ENV a=b
        "#]],
        );
    }
}
