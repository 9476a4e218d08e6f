//! HEALTHCHECK as BuildKit's `parseHealthcheck` reads it: the type (`CMD` or
//! `NONE`), the command, and the duration and retry flags.

use super::{did_you_mean, CheckOptions, Diagnostic, Sink};
use crate::features::{Fix, TextEdit};
use crate::model::flags::flag_parts;
use crate::model::{Analysis, Command, CommandForm};
use crate::syntax::{Instruction, Word};

pub const CODE: &str = "dls/InvalidHealthcheck";

const DURATION_FLAGS: [&str; 4] = ["interval", "timeout", "start-period", "start-interval"];

pub fn check(analysis: &Analysis, _: &CheckOptions<'_>, _: &[super::Parsed], sink: &mut Sink) {
    for (index, instruction) in analysis.file.instructions.iter().enumerate() {
        if let Command::Healthcheck { kind: Some(kind), form } = analysis.command(index) {
            check_healthcheck(instruction, kind, form.as_ref(), sink);
        }
    }
}

fn check_healthcheck(instruction: &Instruction, kind: &Word, form: Option<&CommandForm>, sink: &mut Sink) {
    let upper = kind.text.to_ascii_uppercase();
    let has_command = match form {
        None => false,
        Some(CommandForm::Exec(items)) => !items.is_empty(),
        Some(CommandForm::Shell(_)) => true,
    };
    match upper.as_str() {
        "NONE" => {
            if form.is_some() {
                let message = "HEALTHCHECK NONE takes no arguments: remove what follows NONE";
                sink.push(Diagnostic::error(CODE, kind.range, message));
            }
            return;
        }
        "CMD" if !has_command => {
            let message = "Missing command after HEALTHCHECK CMD: write `HEALTHCHECK CMD <command>`";
            sink.push(Diagnostic::error(CODE, kind.range, message));
        }
        "CMD" => {}
        _ => sink.push(unknown_type(kind)),
    }
    check_flag_values(instruction, sink);
}

fn unknown_type(kind: &Word) -> Diagnostic {
    let suggestion = did_you_mean(&kind.text, ["CMD", "NONE"]);
    let message = match suggestion {
        Some(s) => format!("Unknown HEALTHCHECK type `{}`: did you mean `{s}`?", kind.text),
        None => {
            format!("Unknown HEALTHCHECK type `{}`: write `HEALTHCHECK CMD <command>` or `HEALTHCHECK NONE`", kind.text)
        }
    };
    let diagnostic = Diagnostic::error(CODE, kind.range, message);
    match suggestion {
        Some(s) => diagnostic.with_fix(Fix {
            title: format!("Change to `{s}`"),
            edits: vec![TextEdit::replace(kind.range, s)],
            preferred: true,
            create_files: Vec::new(),
        }),
        None => diagnostic,
    }
}

fn check_flag_values(instruction: &Instruction, sink: &mut Sink) {
    for flag in &instruction.flags {
        let parts = flag_parts(instruction, flag);
        let Some(value) = parts.value.filter(|v| !v.text.is_empty()) else { continue };
        let name = parts.name.as_str();
        if DURATION_FLAGS.contains(&name) {
            if let Err(problem) = check_interval(&value.text) {
                let message = format!("Invalid `--{name}` `{}`: {problem}", value.text);
                let mut diagnostic = Diagnostic::error(CODE, value.range, message);
                if value.text.bytes().all(|b| b.is_ascii_digit()) {
                    diagnostic = diagnostic.with_fix(Fix {
                        title: format!("Change to `{}s`", value.text),
                        edits: vec![TextEdit::insert(value.range.end(), "s")],
                        preferred: false,
                        create_files: Vec::new(),
                    });
                }
                sink.push(diagnostic);
            }
        } else if name == "retries" {
            if let Some(problem) = check_retries(&value.text) {
                sink.push(Diagnostic::error(CODE, value.range, problem));
            }
        }
    }
}

/// BuildKit's `parseOptInterval`: a Go duration, 0 or at least 1ms.
fn check_interval(text: &str) -> Result<(), String> {
    let nanos = parse_go_duration(text)?;
    if nanos != 0 && nanos < 1_000_000 {
        return Err("a duration must be 0 or at least 1ms".to_string());
    }
    Ok(())
}

/// Go's `time.ParseDuration`, in nanoseconds.
pub fn parse_go_duration(text: &str) -> Result<i128, String> {
    let invalid = || "expected a number with a unit such as `30s`, `1m30s` or `500ms`".to_string();
    let (negative, mut rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let number_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let number = &rest[..number_len];
        let (int, frac) = number.split_once('.').unwrap_or((number, ""));
        if int.is_empty() && frac.is_empty() || frac.contains('.') {
            return Err(invalid());
        }
        let value: f64 = format!("0{int}.{frac}0").parse().map_err(|_| invalid())?;
        rest = &rest[number_len..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let scale = match &rest[..unit_len] {
            "" => return Err("missing unit: write e.g. `30s`".to_string()),
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            unit => return Err(format!("unknown unit `{unit}`: use ns, us, ms, s, m or h")),
        };
        total += value * scale;
        rest = &rest[unit_len..];
    }
    if total > i64::MAX as f64 {
        return Err("the duration is too long".to_string());
    }
    let nanos = total as i128;
    Ok(if negative { -nanos } else { nanos })
}

/// `strconv.ParseInt(v, 10, 32)`, then not negative.
fn check_retries(text: &str) -> Option<String> {
    match text.parse::<i32>() {
        Ok(n) if n < 0 => Some(format!("`--retries` cannot be negative ({n})")),
        Ok(_) => None,
        Err(_) => Some(format!("Invalid `--retries` `{text}`: expected a whole number")),
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::parse_go_duration;
    use crate::features::diagnostics::test_support::check_diagnostics;

    #[test]
    fn types_and_commands() {
        check_diagnostics(
            "FROM a\nHEALTHCHECK NONE x\nHEALTHCHECK CMD\nHEALTHCHECK CMD []\nHEALTHCHECK CDM curl x\nHEALTHCHECK BOGUS x\nHEALTHCHECK cmd curl x\n",
            expect![[r#"
                FROM a
                HEALTHCHECK <focus>NONE</focus> x
                HEALTHCHECK <focus>CMD</focus>
                HEALTHCHECK <focus>CMD</focus> []
                HEALTHCHECK <focus>CDM</focus> curl x
                HEALTHCHECK <focus>BOGUS</focus> x
                HEALTHCHECK cmd curl x
                error dls/InvalidHealthcheck: HEALTHCHECK NONE takes no arguments: remove what follows NONE
                error dls/InvalidHealthcheck: Missing command after HEALTHCHECK CMD: write `HEALTHCHECK CMD <command>`
                error dls/InvalidHealthcheck: Missing command after HEALTHCHECK CMD: write `HEALTHCHECK CMD <command>`
                error dls/InvalidHealthcheck: Unknown HEALTHCHECK type `CDM`: did you mean `CMD`?
                error dls/InvalidHealthcheck: Unknown HEALTHCHECK type `BOGUS`: write `HEALTHCHECK CMD <command>` or `HEALTHCHECK NONE`
            "#]],
        );
    }

    #[test]
    fn durations_and_retries() {
        check_diagnostics(
            "FROM a\nHEALTHCHECK --interval=30 --timeout=1m30s --start-period=1us --start-interval=0 --retries=-1 CMD x\nHEALTHCHECK --retries=x --interval=5q CMD x\n",
            expect![[r#"
                FROM a
                HEALTHCHECK --interval=<focus>30</focus> --timeout=1m30s --start-period=<focus>1us</focus> --start-interval=0 --retries=<focus>-1</focus> CMD x
                HEALTHCHECK --retries=<focus>x</focus> --interval=<focus>5q</focus> CMD x
                error dls/InvalidHealthcheck: Invalid `--interval` `30`: missing unit: write e.g. `30s`
                error dls/InvalidHealthcheck: Invalid `--start-period` `1us`: a duration must be 0 or at least 1ms
                error dls/InvalidHealthcheck: `--retries` cannot be negative (-1)
                error dls/InvalidHealthcheck: Invalid `--retries` `x`: expected a whole number
                error dls/InvalidHealthcheck: Invalid `--interval` `5q`: unknown unit `q`: use ns, us, ms, s, m or h
            "#]],
        );
    }

    #[test]
    fn go_durations() {
        assert_eq!(parse_go_duration("1.5s"), Ok(1_500_000_000));
        assert_eq!(parse_go_duration("1h2m"), Ok(3_720_000_000_000));
        assert_eq!(parse_go_duration("-0"), Ok(0));
        assert!(parse_go_duration(".s").is_err());
        assert!(parse_go_duration("").is_err());
    }
}
