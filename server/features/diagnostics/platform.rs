//! `FROM --platform` values containerd's `platforms.Parse` rejects.

use super::{CheckOptions, Diagnostic, Sink};
use crate::model::{platform, Analysis};

pub const CODE: &str = "dls/InvalidPlatform";

pub fn check(analysis: &Analysis, _: &CheckOptions<'_>, _: &[super::Parsed], sink: &mut Sink) {
    for stage in &analysis.model.stages {
        let Some(platform) = &stage.platform else { continue };
        // Variables are expanded first; OS versions `os(…)` have their own grammar.
        if platform.text.is_empty() || platform.text.contains(['$', '(', '"', '\'']) {
            continue;
        }
        if let Err(problem) = platform::parse(&platform.text) {
            let message = format!("Invalid platform `{}`: {problem}", platform.text);
            sink.push(Diagnostic::error(CODE, platform.range, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_diagnostics;

    #[test]
    fn platforms() {
        check_diagnostics(
            "FROM --platform=linux/amd64 a\nFROM --platform=$BUILDPLATFORM a\nFROM --platform=linux/arm/v7 a\nFROM --platform=arm64 a\nFROM --platform=linux/* a\nFROM --platform=linux//amd64 a\nFROM --platform=amd65 a\nFROM --platform=a/b/c/d a\n",
            expect![[r#"
                FROM --platform=linux/amd64 a
                FROM --platform=$BUILDPLATFORM a
                FROM --platform=linux/arm/v7 a
                FROM --platform=arm64 a
                FROM --platform=<focus>linux/*</focus> a
                FROM --platform=<focus>linux//amd64</focus> a
                FROM --platform=<focus>amd65</focus> a
                FROM --platform=<focus>a/b/c/d</focus> a
                error dls/InvalidPlatform: Invalid platform `linux/*`: wildcards are not supported
                error dls/InvalidPlatform: Invalid platform `linux//amd64`: a component is empty
                error dls/InvalidPlatform: Invalid platform `amd65`: unknown operating system or architecture; write e.g. `linux/amd64`
                error dls/InvalidPlatform: Invalid platform `a/b/c/d`: write `os/arch` or `os/arch/variant`, e.g. `linux/arm64`
            "#]],
        );
    }
}
