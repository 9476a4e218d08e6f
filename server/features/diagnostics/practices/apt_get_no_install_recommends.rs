//! `dls/AptGetNoInstallRecommends`: `apt-get install` without
//! `--no-install-recommends` also installs the packages Debian recommends,
//! which an image rarely needs.

use super::packages::{calls, Call};
use super::{finding, Facts};
use crate::features::diagnostics::{Severity, Sink};
use crate::features::{Fix, TextEdit};

pub const CODE: &str = "dls/AptGetNoInstallRecommends";

/// apt-get options that take a separate value.
pub(crate) const APT_WITH_VALUE: &[&str] =
    &["-o", "-c", "-t", "--option", "--config-file", "--target-release", "--default-release"];

/// apt's caches: a cache mount of one of them means the author manages the caches.
pub(crate) const APT_CACHES: &[&str] = &["/var/cache/apt", "/var/lib/apt"];

pub fn check(facts: &Facts<'_>, sink: &mut Sink) {
    // An apt.conf written by the Dockerfile (`APT::Install-Recommends "false"`) settles it.
    if facts.text_mentions("Install-Recommends") {
        return;
    }
    for call in calls(facts, &["apt-get"], &["install"], APT_WITH_VALUE) {
        if !facts.run_in_image(call.run) || call.run.caches(APT_CACHES) {
            continue;
        }
        if call.has_option(&["--no-install-recommends"], None) {
            continue;
        }
        let sub = call.subcommand();
        let fix = Fix::new(
            "Add `--no-install-recommends`",
            vec![TextEdit::insert(sub.range.end(), " --no-install-recommends")],
        )
        .preferred();
        let message = "`apt-get install` also installs recommended packages: add `--no-install-recommends` to keep the image small";
        sink.push(finding(CODE, Severity::Information, span(&call), message.to_string()).with_fix(fix));
    }
}

/// From the program to the subcommand (`apt-get install`).
pub(crate) fn span(call: &Call<'_>) -> text_size::TextRange {
    call.cmd.words()[0].range.cover(call.subcommand().range)
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_practices;

    #[test]
    fn reports_install_without_the_flag() {
        check_practices(
            "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && apt-get -y install git \\\n && rm -rf /var/lib/apt/lists/*\nUSER app\n",
            expect![[r#"
                FROM debian:12
                RUN apt-get update && apt-get install -y --no-install-recommends curl && <focus>apt-get -y install</focus> git \
                 && rm -rf /var/lib/apt/lists/*
                USER app
                info dls/AptGetNoInstallRecommends: `apt-get install` also installs recommended packages: add `--no-install-recommends` to keep the image small
            "#]],
        );
    }

    #[test]
    fn silent_with_apt_config_cache_mount_or_in_a_build_stage() {
        check_practices(
            "FROM debian:12 AS build\nRUN apt-get install -y gcc\nFROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl\nUSER app\n",
            expect![[r#"
                <focus>FROM debian:12 AS build
                RUN apt-get install -y gcc</focus>
                FROM debian:12
                RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl
                USER app
                hint dls/UnreachableStage: stage `build` is not needed to build the target, stage 1: remove it, or build it with `--target build`
            "#]],
        );
        check_practices(
            "FROM debian:12\nRUN echo 'APT::Install-Recommends \"0\";' > /etc/apt/apt.conf.d/x\nRUN apt-get install -y curl \"apt-get install\" # apt-get install\nUSER app\n",
            expect![[r#"
                FROM debian:12
                RUN echo 'APT::Install-Recommends "0";' > /etc/apt/apt.conf.d/x
                RUN apt-get install -y curl "apt-get install" # apt-get install
                USER app
            "#]],
        );
    }
}
