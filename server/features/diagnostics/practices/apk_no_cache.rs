//! `dls/ApkNoCache`: `apk add` keeps the package index in `/var/cache/apk`
//! unless given `--no-cache`.

use super::packages::{calls, run_has};
use super::{finding, Facts};
use crate::features::diagnostics::{Severity, Sink};
use crate::features::{Fix, TextEdit};

pub const CODE: &str = "dls/ApkNoCache";

pub fn check(facts: &Facts<'_>, sink: &mut Sink) {
    for call in calls(facts, &["apk"], &["add"], &["-X", "--repository", "-p", "--root", "-t", "--virtual"]) {
        let run = call.run;
        if !facts.run_in_image(run) || run.caches(&["/var/cache/apk", "/etc/apk/cache"]) {
            continue;
        }
        if call.has_option(&["--no-cache", "--no-network"], None) {
            continue;
        }
        let cleans = run_has(run, |c| {
            let args = c.args();
            (c.program() == Some("rm") && args.iter().any(|w| w.text.starts_with("/var/cache/apk")))
                || (c.program() == Some("apk") && args.first().is_some_and(|w| w.text == "cache"))
        });
        if cleans {
            continue;
        }
        let sub = call.subcommand();
        let fix = Fix::new("Add `--no-cache`", vec![TextEdit::insert(sub.range.end(), " --no-cache")]).preferred();
        let message = "`apk add` keeps the package index in the image: add `--no-cache`".to_string();
        let range = call.cmd.words()[0].range.cover(sub.range);
        sink.push(finding(CODE, Severity::Information, range, message).with_fix(fix));
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_practices;

    #[test]
    fn reports_apk_add_without_no_cache() {
        check_practices(
            "FROM alpine:3\nRUN apk add curl && apk add --no-cache git\nRUN apk update && apk add x && rm -rf /var/cache/apk/*\nRUN --mount=type=cache,target=/var/cache/apk apk add y\nUSER app\n",
            expect![[r#"
                FROM alpine:3
                RUN <focus>apk add</focus> curl && apk add --no-cache git
                <focus>RUN</focus> apk update && apk add x && rm -rf /var/cache/apk/*
                RUN --mount=type=cache,target=/var/cache/apk apk add y
                USER app
                info dls/ApkNoCache: `apk add` keeps the package index in the image: add `--no-cache`
                hint dls/ConsecutiveRun: 2 RUNs in a row: chain them with `&&` to make one layer
            "#]],
        );
    }
}
