//! `dls/Sudo`: RUN already runs as root unless a USER says otherwise, and
//! sudo's TTY and signal handling is unpredictable in a build; switch with
//! USER instead.

use super::{finding, Facts};
use crate::features::diagnostics::{Severity, Sink};
use crate::syntax::shell::program_name;

pub const CODE: &str = "dls/Sudo";

pub fn check(facts: &Facts<'_>, sink: &mut Sink) {
    for run in &facts.runs {
        for cmd in &run.commands {
            let name_at = cmd.all_words.len() - cmd.words().len();
            let Some(sudo) = cmd.all_words[..name_at].iter().find(|w| program_name(&w.text) == "sudo") else {
                continue;
            };
            // `sudo -u user cmd` deliberately runs one command as another user.
            let as_user = cmd.all_words[..name_at].iter().any(|w| {
                w.text == "--user"
                    || w.text.starts_with("--user=")
                    || (w.text.starts_with('-') && !w.text.starts_with("--") && w.text.contains('u'))
            });
            if as_user {
                continue;
            }
            let message = "avoid `sudo` in a build: RUN runs as root until a USER instruction; use USER to switch";
            sink.push(finding(CODE, Severity::Information, sudo.range, message.to_string()));
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_practices;

    #[test]
    fn reports_sudo_as_a_command_only() {
        check_practices(
            "FROM alpine:3\nRUN sudo -E apk add --no-cache x && apk add --no-cache sudo && echo 'sudo' && sudo -u app make\nUSER app\n",
            expect![[r#"
                FROM alpine:3
                RUN <focus>sudo</focus> -E apk add --no-cache x && apk add --no-cache sudo && echo 'sudo' && sudo -u app make
                USER app
                info dls/Sudo: avoid `sudo` in a build: RUN runs as root until a USER instruction; use USER to switch
            "#]],
        );
    }
}
