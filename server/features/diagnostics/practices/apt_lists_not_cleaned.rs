//! `dls/AptListsNotCleaned`: `apt-get update` leaves the package lists in
//! `/var/lib/apt/lists` (tens of MB) unless the same RUN removes them; a
//! later RUN cannot shrink the layer.

use super::apt_get_no_install_recommends::{span, APT_CACHES, APT_WITH_VALUE};
use super::packages::{calls, run_has};
use super::{append_command, finding, Facts, Run};
use crate::features::diagnostics::{Severity, Sink};
use crate::features::Fix;

pub const CODE: &str = "dls/AptListsNotCleaned";

const CLEANUP: &str = "rm -rf /var/lib/apt/lists/*";

pub fn check(facts: &Facts<'_>, sink: &mut Sink) {
    // The RUNs that install, in document order (found when first needed).
    let mut installing: Option<Vec<usize>> = None;
    let mut reported: Option<usize> = None;
    for call in calls(facts, &["apt-get", "apt"], &["update"], APT_WITH_VALUE) {
        let run = call.run;
        // Calls come in document order: a RUN already reported is the last one.
        if reported == Some(run.instruction) || !facts.run_in_image(run) || run.caches(APT_CACHES) {
            continue;
        }
        let cleans =
            run_has(run, |c| c.program() == Some("rm") && c.args().iter().any(|w| w.text.starts_with("/var/lib/apt")));
        if cleans {
            continue;
        }
        reported = Some(run.instruction);
        let program = call.cmd.words()[0].text.clone();
        let installing = installing.get_or_insert_with(|| {
            let installs = calls(facts, &["apt-get", "apt"], &["install", "upgrade", "dist-upgrade"], APT_WITH_VALUE);
            installs.iter().map(|c| c.run.instruction).collect()
        });
        let installs = installing.binary_search(&run.instruction).is_ok();
        if !installs {
            // Removing the lists here would break the install of a later RUN.
            let message = format!(
                "`{program} update` in a RUN without an install leaves the lists in the image and goes stale in \
                 the build cache: update, install and `{CLEANUP}` in one RUN"
            );
            sink.push(finding(CODE, Severity::Information, span(&call), message));
            continue;
        }
        let message =
            format!("`{program} update` leaves the package lists in the image: end this RUN with `{CLEANUP}`");
        let mut diagnostic = finding(CODE, Severity::Information, span(&call), message);
        if let Some(edit) = append_command(facts, run, CLEANUP).filter(|_| !later_install_needs_lists(facts, run)) {
            diagnostic = diagnostic.with_fix(Fix::new(format!("Add `{CLEANUP}`"), vec![edit]).preferred());
        }
        sink.push(diagnostic);
    }
}

/// A later RUN of the stage installs without its own `apt-get update`.
fn later_install_needs_lists(facts: &Facts<'_>, run: &Run) -> bool {
    let apt = |r: &Run, subs: &[&str]| {
        r.commands.iter().any(|c| {
            matches!(c.program(), Some("apt-get" | "apt")) && c.args().iter().any(|w| subs.contains(&w.text.as_str()))
        })
    };
    // RUNs are in document order and stages are contiguous: the later RUNs of the stage follow this one.
    let after = facts.runs.partition_point(|r| r.instruction <= run.instruction);
    facts.runs[after..]
        .iter()
        .take_while(|r| r.stage == run.stage)
        .any(|r| apt(r, &["install", "upgrade", "dist-upgrade"]) && !apt(r, &["update"]))
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_practices;

    #[test]
    fn reports_update_without_cleanup() {
        check_practices(
            "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*\nUSER app\n",
            expect![[r#"
                FROM debian:12
                RUN <focus>apt-get update</focus> && apt-get install -y --no-install-recommends curl
                <focus>RUN</focus> apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*
                USER app
                info dls/AptListsNotCleaned: `apt-get update` leaves the package lists in the image: end this RUN with `rm -rf /var/lib/apt/lists/*`
                hint dls/ConsecutiveRun: 2 RUNs in a row: chain them with `&&` to make one layer
            "#]],
        );
    }
}
