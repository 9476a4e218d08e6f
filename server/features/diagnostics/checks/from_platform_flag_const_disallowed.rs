//! FromPlatformFlagConstDisallowed: `FROM --platform=linux/amd64` with a
//! constant that is a valid platform, unless the stage name mentions its OS
//! or architecture (a per-platform stage on purpose).

use super::{platform_flag, warning};
use crate::features::diagnostics::Sink;
use crate::model::expand::{expand, find_var_uses};
use crate::model::{platform, Analysis};

pub const CODE: &str = "FromPlatformFlagConstDisallowed";

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let escape = analysis.file.escape;
    for stage in &analysis.model.stages {
        let Some((_, value)) = platform_flag(analysis, stage.from) else { continue };
        if !find_var_uses(&value.text, escape).is_empty() {
            continue;
        }
        let constant = expand(&value.text, escape, &|_| None).value;
        let Ok(parsed) = platform::parse(&constant) else { continue };
        let name = stage.name().unwrap_or("");
        if name.contains(&parsed.os) || name.contains(&parsed.arch) {
            continue;
        }
        let message = format!(
            "FROM --platform flag should not use constant value {constant:?}: use `$BUILDPLATFORM` or `$TARGETPLATFORM`"
        );
        sink.push(warning(CODE, value.range, message));
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::check_rule;

    #[test]
    fn constant_platforms() {
        check_rule(
            super::CODE,
            "FROM --platform=linux/amd64 a\nFROM --platform=linux/arm64 b AS build-arm64\nFROM --platform=$BUILDPLATFORM c\nFROM --platform=bogus d\n",
            expect![[r#"
                FROM --platform=<focus>linux/amd64</focus> a
                FROM --platform=linux/arm64 b AS build-arm64
                FROM --platform=$BUILDPLATFORM c
                FROM --platform=bogus d
                warning FromPlatformFlagConstDisallowed: FROM --platform flag should not use constant value "linux/amd64": use `$BUILDPLATFORM` or `$TARGETPLATFORM`
            "#]],
        );
    }
}
