//! Values of RUN's `--network`, `--security` and `--device` that BuildKit
//! rejects (`commands_runnetwork.go`, `commands_runsecurity.go`,
//! `convert_norundevice.go`).

use text_size::TextSize;

use super::{did_you_mean, CheckOptions, Diagnostic, Parsed, Sink};
use crate::features::{Fix, TextEdit};
use crate::model::Analysis;
use crate::syntax::Word;

pub const INVALID_NETWORK: &str = "dls/InvalidNetwork";
pub const INVALID_SECURITY: &str = "dls/InvalidSecurity";
pub const DEVICE_NEEDS_LABS: &str = "dls/DeviceNeedsLabs";

const NETWORKS: [&str; 3] = ["default", "none", "host"];
const SECURITY: [&str; 2] = ["sandbox", "insecure"];
const LABS_SYNTAX: &str = "# syntax=docker/dockerfile:1-labs";

pub fn check(analysis: &Analysis, _: &CheckOptions<'_>, parsed: &[Parsed], sink: &mut Sink) {
    let labs = analysis.file.directive("syntax").is_some_and(|d| d.value.contains("labs"));
    for (instruction, parsed) in analysis.file.instructions.iter().zip(parsed) {
        if parsed.flags.is_empty() || !instruction.is("run") {
            continue;
        }
        for flag in &parsed.flags {
            let parts = &flag.parts;
            let Some(value) = &parts.value else { continue };
            match parts.name.as_str() {
                "network" => check_choice(value, "network mode", &NETWORKS, INVALID_NETWORK, sink),
                "security" => check_choice(value, "security mode", &SECURITY, INVALID_SECURITY, sink),
                "device" if !labs => sink.push(device_needs_labs(analysis, parts.name_range)),
                _ => {}
            }
        }
    }
}

/// BuildKit compares these values exactly, before expanding variables.
fn check_choice(value: &Word, what: &str, allowed: &[&'static str], code: &'static str, sink: &mut Sink) {
    if allowed.contains(&value.text.as_str()) {
        return;
    }
    let choices = allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
    let mut message = format!("Invalid {what} `{}`: use one of {choices}", value.text);
    if value.text.contains('$') {
        message.push_str(" (variables are not expanded here)");
    }
    let mut diagnostic = Diagnostic::error(code, value.range, message);
    if let Some(s) = did_you_mean(&value.text, allowed.iter().copied()) {
        diagnostic = diagnostic.with_fix(Fix {
            title: format!("Change to `{s}`"),
            edits: vec![TextEdit::replace(value.range, s)],
            preferred: true,
            create_files: Vec::new(),
        });
    }
    sink.push(diagnostic);
}

fn device_needs_labs(analysis: &Analysis, range: text_size::TextRange) -> Diagnostic {
    let message = format!("`--device` needs the labs Dockerfile frontend: start the file with `{LABS_SYNTAX}`");
    let diagnostic = Diagnostic::error(DEVICE_NEEDS_LABS, range, message);
    if analysis.file.directive("syntax").is_some() {
        return diagnostic;
    }
    diagnostic.with_fix(Fix {
        title: "Use the labs frontend".to_string(),
        edits: vec![TextEdit::insert(TextSize::from(0), format!("{LABS_SYNTAX}\n"))],
        preferred: true,
        create_files: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::{check_diagnostics, check_fix};

    #[test]
    fn network_security_device() {
        check_diagnostics(
            "FROM a\nRUN --network=none --security=insecure ls\nRUN --network=hots --security=$S --device=/dev/x ls\n",
            expect![[r#"
                FROM a
                RUN --network=none --security=insecure ls
                RUN --network=<focus>hots</focus> --security=<focus>$S</focus> <focus>--device</focus>=/dev/x ls
                error dls/InvalidNetwork: Invalid network mode `hots`: use one of `default`, `none`, `host`
                error dls/InvalidSecurity: Invalid security mode `$S`: use one of `sandbox`, `insecure` (variables are not expanded here)
                error dls/DeviceNeedsLabs: `--device` needs the labs Dockerfile frontend: start the file with `# syntax=docker/dockerfile:1-labs`
            "#]],
        );
        check_diagnostics(
            "# syntax=docker/dockerfile:1-labs\nFROM a\nRUN --device=/dev/x ls\n",
            expect![[r#"
            # syntax=docker/dockerfile:1-labs
            FROM a
            RUN --device=/dev/x ls
        "#]],
        );
        check_fix(
            "FROM a\nRUN --network=nonee ls\n",
            "dls/InvalidNetwork",
            expect![[r#"
            FROM a
            RUN --network=none ls
        "#]],
        );
    }
}
