//! `dls/CdInsteadOfWorkdir`: a RUN that starts with `cd /path` wants a
//! WORKDIR, which also applies to the following instructions and documents
//! where the work happens. A `cd` later in a chain (into an unpacked source
//! tree, say) is idiomatic and not reported.

use super::{finding, Facts};
use crate::features::diagnostics::{Severity, Sink};

pub const CODE: &str = "dls/CdInsteadOfWorkdir";

pub fn check(facts: &Facts<'_>, sink: &mut Sink) {
    for run in &facts.runs {
        let Some(first) = run.commands.first() else { continue };
        let [cd, path] = first.words() else { continue };
        if cd.text != "cd" || !path.text.starts_with('/') || run.commands.len() < 2 {
            continue;
        }
        let message = format!("`cd {}` lasts only for this RUN: use `WORKDIR {}` before it", path.text, path.text);
        sink.push(finding(CODE, Severity::Information, cd.range.cover(path.range), message));
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_practices;

    #[test]
    fn reports_a_leading_cd_only() {
        check_practices(
            "FROM alpine:3\nRUN cd /app && make\nRUN wget x && cd /tmp/x && make\nRUN cd src && make\nUSER app\n",
            expect![[r#"
                FROM alpine:3
                RUN <focus>cd /app</focus> && make
                RUN wget x && cd /tmp/x && make
                RUN cd src && make
                USER app
                info dls/CdInsteadOfWorkdir: `cd /app` lasts only for this RUN: use `WORKDIR /app` before it
            "#]],
        );
    }
}
