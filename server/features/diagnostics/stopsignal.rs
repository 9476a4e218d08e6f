//! STOPSIGNAL values BuildKit's `signal.ParseSignal` rejects.

use super::{did_you_mean, CheckOptions, Diagnostic, Sink};
use crate::features::{Fix, TextEdit};
use crate::model::{Analysis, Command};

pub const CODE: &str = "dls/InvalidSignal";

/// Linux signal names (moby/sys `SignalMap`), without `SIG`.
const SIGNALS: [&str; 34] = [
    "ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL", "INT", "IO", "IOT", "KILL", "PIPE", "POLL",
    "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM", "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1",
    "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ",
];

pub fn check(analysis: &Analysis, _: &CheckOptions<'_>, _: &[super::Parsed], sink: &mut Sink) {
    for (index, instruction) in analysis.file.instructions.iter().enumerate() {
        if !instruction.is("stopsignal") {
            continue;
        }
        let Command::Single { value: Some(value) } = analysis.command(index) else { continue };
        if value.text.contains(['$', '"', '\'']) || is_valid_signal(&value.text) {
            continue;
        }
        let name = value.text.to_ascii_uppercase();
        let bare = name.strip_prefix("SIG").unwrap_or(&name);
        let suggestion = did_you_mean(bare, SIGNALS);
        let message = match suggestion {
            Some(s) => format!("Invalid signal `{}`: did you mean `SIG{s}`?", value.text),
            None => format!("Invalid signal `{}`: write a signal name such as `SIGTERM` or a number", value.text),
        };
        let mut diagnostic = Diagnostic::error(CODE, value.range, message);
        if let Some(s) = suggestion {
            diagnostic = diagnostic.with_fix(Fix {
                title: format!("Change to `SIG{s}`"),
                edits: vec![TextEdit::replace(value.range, format!("SIG{s}"))],
                preferred: true,
                create_files: Vec::new(),
            });
        }
        sink.push(diagnostic);
    }
}

/// A non-zero number, or a name with or without `SIG` (any case).
fn is_valid_signal(text: &str) -> bool {
    if let Ok(n) = text.parse::<i64>() {
        return n != 0;
    }
    let upper = text.to_ascii_uppercase();
    let name = upper.strip_prefix("SIG").unwrap_or(&upper);
    SIGNALS.contains(&name) || is_realtime(name)
}

/// `RTMIN`, `RTMIN+1`…`RTMIN+15`, `RTMAX-14`…`RTMAX`.
fn is_realtime(name: &str) -> bool {
    let offset = |rest: &str, max: u8| rest.is_empty() || rest.parse::<u8>().is_ok_and(|n| (1..=max).contains(&n));
    match (name.strip_prefix("RTMIN"), name.strip_prefix("RTMAX")) {
        (Some(rest), _) => rest.is_empty() || rest.strip_prefix('+').is_some_and(|r| offset(r, 15) && !r.is_empty()),
        (_, Some(rest)) => rest.is_empty() || rest.strip_prefix('-').is_some_and(|r| offset(r, 14) && !r.is_empty()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_diagnostics;

    #[test]
    fn signals() {
        check_diagnostics(
            "FROM a\nSTOPSIGNAL SIGTERM\nSTOPSIGNAL 9\nSTOPSIGNAL quit\nSTOPSIGNAL SIGRTMIN+3\nSTOPSIGNAL $S\nSTOPSIGNAL SIGTREM\nSTOPSIGNAL 0\nSTOPSIGNAL RTMAX-15\n",
            expect![[r#"
                FROM a
                STOPSIGNAL SIGTERM
                STOPSIGNAL 9
                STOPSIGNAL quit
                STOPSIGNAL SIGRTMIN+3
                STOPSIGNAL $S
                STOPSIGNAL <focus>SIGTREM</focus>
                STOPSIGNAL <focus>0</focus>
                STOPSIGNAL <focus>RTMAX-15</focus>
                error dls/InvalidSignal: Invalid signal `SIGTREM`: did you mean `SIGTERM`?
                error dls/InvalidSignal: Invalid signal `0`: write a signal name such as `SIGTERM` or a number
                error dls/InvalidSignal: Invalid signal `RTMAX-15`: write a signal name such as `SIGTERM` or a number
            "#]],
        );
    }
}
