//! InvalidDefaultArgInFrom: FROM's image, expanded with the global ARGs'
//! defaults only (no `--build-arg`), is empty or not a valid reference. The
//! build then only works when the ARG is given.

use super::{global_default, warning, well_formed_from};
use crate::features::diagnostics::Sink;
use crate::model::expand::expand;
use crate::model::image::parse_image_ref;
use crate::model::Analysis;

pub const CODE: &str = "InvalidDefaultArgInFrom";

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    let global_default = |name: &str| global_default(analysis, name);
    for stage in &model.stages {
        let Some(words) = well_formed_from(analysis, stage.from) else { continue };
        let base = &words[0];
        let expanded = expand(&base.text, analysis.file.escape, &global_default).value;
        if parse_image_ref(&expanded).is_err() {
            let message = format!(
                "Default value for ARG {} results in empty or invalid base image name: give the ARG a valid default",
                base.text
            );
            sink.push(warning(CODE, base.range, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::check_rule;

    #[test]
    fn defaults_only() {
        check_rule(
            super::CODE,
            "ARG IMAGE\nARG TAG=1\nARG BAD=Up\nFROM $IMAGE\nFROM alpine:$TAG\nFROM ${BAD}\nFROM node:${TARGETARCH}\n",
            expect![[r#"
                ARG IMAGE
                ARG TAG=1
                ARG BAD=Up
                FROM <focus>$IMAGE</focus>
                FROM alpine:$TAG
                FROM <focus>${BAD}</focus>
                FROM node:${TARGETARCH}
                warning InvalidDefaultArgInFrom: Default value for ARG $IMAGE results in empty or invalid base image name: give the ARG a valid default
                warning InvalidDefaultArgInFrom: Default value for ARG ${BAD} results in empty or invalid base image name: give the ARG a valid default
            "#]],
        );
    }
}
