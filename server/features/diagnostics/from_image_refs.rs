//! `COPY --from=X` and `RUN --mount=from=X` where X is no stage: BuildKit
//! then reads X as an image reference and fails when it is not a valid one.

use super::{CheckOptions, Diagnostic, Sink};
use crate::model::image::{parse_image_ref, ImageRefError};
use crate::model::{Analysis, RefTarget, StageRefKind};

pub const CODE: &str = "dls/InvalidFromImage";

pub fn check(analysis: &Analysis, _: &CheckOptions<'_>, _: &[super::Parsed], sink: &mut Sink) {
    for r in &analysis.model.stage_refs {
        if r.kind == StageRefKind::From || r.target != RefTarget::Image || r.text.is_empty() {
            continue;
        }
        let Err(error) = parse_image_ref(&r.text) else { continue };
        let what = match error {
            ImageRefError::UppercaseRepository => "image names must be lowercase",
            _ => "expected a stage name, a stage index or an image `[registry/]name[:tag][@digest]`",
        };
        let message = format!("`{}` is neither a stage of this Dockerfile nor a valid image reference: {what}", r.text);
        sink.push(Diagnostic::error(CODE, r.range, message));
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_diagnostics;

    #[test]
    fn invalid_image_references() {
        check_diagnostics(
            "FROM a AS Builder\nFROM b\nCOPY --from=BUILDER x y\nCOPY --from=Other x y\nCOPY --from=nginx:1.27 x y\nCOPY --from=a:b:c x y\nRUN --mount=from=My_Img,target=/x ls\n",
            expect![[r#"
                FROM a AS Builder
                FROM b
                COPY --from=BUILDER x y
                COPY --from=<focus>Other</focus> x y
                COPY --from=nginx:1.27 x y
                COPY --from=<focus>a:b:c</focus> x y
                RUN --mount=from=<focus>My_Img</focus>,target=/x ls
                error dls/InvalidFromImage: `Other` is neither a stage of this Dockerfile nor a valid image reference: image names must be lowercase
                error dls/InvalidFromImage: `a:b:c` is neither a stage of this Dockerfile nor a valid image reference: expected a stage name, a stage index or an image `[registry/]name[:tag][@digest]`
                error dls/InvalidFromImage: `My_Img` is neither a stage of this Dockerfile nor a valid image reference: image names must be lowercase
            "#]],
        );
    }
}
