//! `dls/AptGetMissingYes`: `apt-get install` without `-y` asks for
//! confirmation, and with no terminal the build aborts. Reported even with a
//! cache mount: this is about the prompt, not the cache.

use super::apt_get_no_install_recommends::{span, APT_WITH_VALUE};
use super::packages::calls;
use super::{finding, Facts};
use crate::features::diagnostics::{Severity, Sink};
use crate::features::{Fix, TextEdit};

pub const CODE: &str = "dls/AptGetMissingYes";

pub fn check(facts: &Facts<'_>, sink: &mut Sink) {
    if facts.text_mentions("Assume-Yes") {
        return;
    }
    let prompting = ["install", "upgrade", "dist-upgrade", "full-upgrade", "remove", "purge", "autoremove"];
    for call in calls(facts, &["apt-get", "apt"], &prompting, APT_WITH_VALUE) {
        // `-qq` implies `-y`; `yes |` answers the prompt.
        let answered =
            call.has_option(&["--yes", "--assume-yes", "--force-yes", "-qq", "--quiet=2", "-q=2"], Some('y'));
        if answered || call.run.commands.iter().any(|c| c.program() == Some("yes")) {
            continue;
        }
        let sub = call.subcommand();
        let program = call.cmd.program().unwrap_or("apt-get");
        let fix = Fix::new("Add `-y`", vec![TextEdit::insert(sub.range.end(), " -y")]).preferred();
        let message = format!(
            "`{program} {}` without `-y` waits for a confirmation that never comes and the build aborts: add `-y`",
            sub.text
        );
        sink.push(finding(CODE, Severity::Warning, span(&call), message).with_fix(fix));
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_practices;

    #[test]
    fn reports_a_missing_yes() {
        check_practices(
            "FROM debian:12 AS b\nRUN apt-get install --no-install-recommends curl; apt-get -qy install --no-install-recommends x; apt-get install -qq --no-install-recommends z\n",
            expect![[r#"
                <focus>FROM debian:12</focus> AS b
                RUN <focus>apt-get install</focus> --no-install-recommends curl; apt-get -qy install --no-install-recommends x; apt-get install -qq --no-install-recommends z
                info dls/RootUser: no USER: the image runs as root unless its base image sets a user; add `USER <name>`
                warning dls/AptGetMissingYes: `apt-get install` without `-y` waits for a confirmation that never comes and the build aborts: add `-y`
            "#]],
        );
    }
}
