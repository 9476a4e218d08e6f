//! `dls/AptInsteadOfAptGet`: `apt` is meant for people at a terminal; its
//! command line may change between releases and it warns so on every use in
//! scripts. `apt-get` is the stable interface.

use super::apt_get_no_install_recommends::{APT_CACHES, APT_WITH_VALUE};
use super::packages::calls;
use super::{finding, Facts};
use crate::features::diagnostics::{Severity, Sink};
use crate::features::{Fix, TextEdit};

pub const CODE: &str = "dls/AptInsteadOfAptGet";

/// `apt` subcommands that `apt-get` has under the same name.
const SHARED: &[&str] =
    &["install", "update", "upgrade", "dist-upgrade", "remove", "purge", "autoremove", "clean", "autoclean", "source"];

pub fn check(facts: &Facts<'_>, sink: &mut Sink) {
    for call in calls(facts, &["apt"], SHARED, APT_WITH_VALUE) {
        if call.run.caches(APT_CACHES) {
            continue;
        }
        let program = &call.cmd.words()[0];
        let message =
            format!("`apt {}`: use `apt-get`, whose command line is stable in scripts", call.subcommand().text);
        let mut diagnostic = finding(CODE, Severity::Information, program.range, message);
        let written = facts.analysis.text.get(usize::from(program.range.start())..usize::from(program.range.end()));
        if written == Some(program.text.as_str()) {
            let edit = TextEdit::replace(program.range, format!("{}-get", program.text));
            diagnostic = diagnostic.with_fix(Fix::new("Use `apt-get`", vec![edit]).preferred());
        }
        sink.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_practices;

    #[test]
    fn reports_apt_but_not_apt_only_commands() {
        check_practices(
            "FROM debian:12 AS x\nRUN apt update && apt list --installed && apt-cache policy\n",
            expect![[r#"
                <focus>FROM debian:12</focus> AS x
                RUN <focus><focus>apt</focus> update</focus> && apt list --installed && apt-cache policy
                info dls/RootUser: no USER: the image runs as root unless its base image sets a user; add `USER <name>`
                info dls/AptInsteadOfAptGet: `apt update`: use `apt-get`, whose command line is stable in scripts
                info dls/AptListsNotCleaned: `apt update` in a RUN without an install leaves the lists in the image and goes stale in the build cache: update, install and `rm -rf /var/lib/apt/lists/*` in one RUN
            "#]],
        );
    }
}
