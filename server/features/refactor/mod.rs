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
    let candidates = [
        convert_to_multi_stage::convert_to_multi_stage(analysis, &convert_to_multi_stage::Options::default()),
        convert_to_multi_stage::convert_to_multi_stage(
            analysis,
            &convert_to_multi_stage::Options { cache_mounts: true },
        ),
        name_stage::name_stage(analysis, at),
        split_stage::split_stage(analysis, at),
        add_debug_target::add_debug_target(analysis),
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
