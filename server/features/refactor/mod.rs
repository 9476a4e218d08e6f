//! Refactorings: protocol-free rewrites of a whole Dockerfile or of one stage.
//! Each is a function of an [`Analysis`] (and a cursor or selection) that
//! returns a [`Refactoring`] or, when it cannot be done safely, the reason.

pub mod add_debug_target;
pub mod convert_to_multi_stage;
pub mod hoist_base_arg;
pub mod name_stage;
pub mod pin_base_image;
pub mod reorder_dependency_install;
pub mod split_stage;

mod layout;
mod shell;

use text_size::TextRange;

use crate::features::TextEdit;
use crate::model::Analysis;

/// Which family of code action a refactoring is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefactorKind {
    Rewrite,
    Extract,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refactoring {
    pub title: String,
    pub kind: RefactorKind,
    pub edits: Vec<TextEdit>,
    /// The diagnostic code this refactoring resolves, when one reports the problem.
    pub resolves: Option<&'static str>,
}

/// Why a refactoring was not done, for the user who explicitly asked for it.
pub type Bail = String;

/// Every refactoring that applies at `selection` (a cursor is an empty range).
pub fn refactorings(analysis: &Analysis, selection: TextRange) -> Vec<Refactoring> {
    let at = selection.start();
    let mut out = Vec::new();
    use convert_to_multi_stage::{cache_mounts_allowed, convert_to_multi_stage, Options};
    let convert = convert_to_multi_stage(analysis, &Options::default());
    let with_cache_mounts = match convert.is_ok() && cache_mounts_allowed(analysis) {
        true => convert_to_multi_stage(analysis, &Options { cache_mounts: true }),
        false => Err(Bail::new()),
    };
    let candidates = [
        convert,
        with_cache_mounts,
        name_stage::name_stage(analysis, at),
        split_stage::split_stage(analysis, at),
        add_debug_target::add_debug_target(analysis, at),
        hoist_base_arg::hoist_base_arg(analysis, at),
        pin_base_image::pin_base_image(analysis, at),
        reorder_dependency_install::reorder_dependency_install(analysis, at),
    ];
    out.extend(candidates.into_iter().filter_map(Result::ok));
    out
}

/// The document after applying `refactoring`.
pub fn apply(analysis: &Analysis, refactoring: &Refactoring) -> String {
    crate::features::text_edit::apply_edits(&analysis.text, &refactoring.edits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::fixture::with_cursor;

    fn titles(fixture: &str) -> Vec<String> {
        let (analysis, at) = with_cursor(fixture);
        refactorings(&analysis, TextRange::empty(at)).into_iter().map(|r| r.title).collect()
    }

    #[test]
    fn offered_where_they_apply() {
        let go =
            "FROM $0golang:1.22\nWORKDIR /app\nCOPY . .\nRUN CGO_ENABLED=0 go build -o server .\nCMD [\"./server\"]\n";
        expect_test::expect![[r#"
            [
                "Convert to multi-stage build (Go → gcr.io/distroless/static-debian13:nonroot)",
                "Convert to multi-stage build with cache mounts (Go → gcr.io/distroless/static-debian13:nonroot)",
                "Name stage 0 `golang`",
                "Add a debug target (`--target debug`)",
                "Move the golang version to a global ARG GO_VERSION",
                "Make the base image a build-arg GOLANG_IMAGE",
                "Download dependencies (`go mod download`) before copying the sources",
            ]
        "#]]
        .assert_debug_eq(&titles(go));
        expect_test::expect![[r#"
            []
        "#]]
        .assert_debug_eq(&titles("FROM a AS b\nFROM b\n$0"));
    }

    /// Every refactoring, at many offsets, on every prefix of every fixture:
    /// no panic, and every edit lies inside the text.
    #[test]
    fn never_panics_on_truncated_fixtures() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("server/features/refactor/fixtures/convert");
        let mut texts = Vec::new();
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                texts.push(text);
            }
        }
        for text in texts {
            for cut in (0..=text.len()).step_by(13).filter(|&c| text.is_char_boundary(c)) {
                let prefix = &text[..cut];
                let analysis = Analysis::from_text(prefix);
                for at in (0..=cut).step_by(41) {
                    let at = text_size::TextSize::from(at as u32);
                    for r in refactorings(&analysis, TextRange::empty(at)) {
                        assert!(r.edits.iter().all(|e| usize::from(e.range.end()) <= prefix.len()), "{prefix}");
                        let _ = apply(&analysis, &r);
                    }
                }
            }
        }
    }
}
