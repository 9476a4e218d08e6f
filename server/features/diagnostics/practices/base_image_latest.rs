//! `dls/BaseImageLatest`: a base image without a tag (which means `latest`)
//! or tagged `latest` changes under you; the next build may differ.

use super::{finding, Facts};
use crate::features::diagnostics::{Severity, Sink};
use crate::model::BaseKind;

pub const CODE: &str = "dls/BaseImageLatest";

pub fn check(facts: &Facts<'_>, sink: &mut Sink) {
    for stage in &facts.analysis.model.stages {
        let base = &stage.base;
        let BaseKind::Image(image) = &base.kind else { continue };
        // An image named by a build-arg is chosen at build time.
        if !base.unset_vars.is_empty() || image.digest.is_some() || base.word.text.contains('$') {
            continue;
        }
        let message = match image.tag.as_deref() {
            None => {
                format!("`{}` has no tag, so it is `latest` and changes under you: pin a version tag", base.expanded)
            }
            Some("latest") => format!("`{}` changes under you: pin a version tag", base.expanded),
            Some(_) => continue,
        };
        sink.push(finding(CODE, Severity::Warning, base.word.range, message));
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_practices;

    #[test]
    fn reports_untagged_and_latest_images() {
        check_practices(
            "ARG V=3.20\nFROM alpine AS a\nFROM alpine:latest AS b\nFROM alpine:$V AS c\nFROM $IMG AS e\nFROM alpine@sha256:0123456789012345678901234567890123456789012345678901234567890123 AS d\nFROM a\nFROM scratch\nUSER 1\n",
            expect![[r#"
                ARG V=3.20
                <focus>FROM <focus>alpine</focus> AS a</focus>
                <focus>FROM <focus>alpine:latest</focus> AS b</focus>
                <focus>FROM alpine:$V AS c</focus>
                <focus>FROM $IMG AS e</focus>
                <focus>FROM alpine@sha256:0123456789012345678901234567890123456789012345678901234567890123 AS d</focus>
                <focus>FROM a</focus>
                FROM scratch
                USER 1
                hint dls/UnreachableStage: stage `a` is not needed to build the target, stage 6: remove it, or build it with `--target a`
                warning dls/BaseImageLatest: `alpine` has no tag, so it is `latest` and changes under you: pin a version tag
                hint dls/UnreachableStage: stage `b` is not needed to build the target, stage 6: remove it, or build it with `--target b`
                warning dls/BaseImageLatest: `alpine:latest` changes under you: pin a version tag
                hint dls/UnreachableStage: stage `c` is not needed to build the target, stage 6: remove it, or build it with `--target c`
                hint dls/UnreachableStage: stage `e` is not needed to build the target, stage 6: remove it, or build it with `--target e`
                hint dls/UnreachableStage: stage `d` is not needed to build the target, stage 6: remove it, or build it with `--target d`
                hint dls/UnreachableStage: stage 5 is not needed to build the target, stage 6: remove it, or name it to build it with `--target`
            "#]],
        );
    }
}
