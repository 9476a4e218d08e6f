//! Build stages and the references between them, resolved as BuildKit does.

use std::collections::HashMap;

use text_size::TextRange;

use super::image::{parse_image_ref, ImageRef, ImageRefError};
use crate::syntax::Word;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    pub index: usize,
    /// Index of the FROM instruction.
    pub from: usize,
    /// Instructions of the stage, FROM included: `from..end`.
    pub end: usize,
    /// The `AS name` word, its text lowercased as BuildKit stores it.
    pub name: Option<StageName>,
    pub as_keyword: Option<Word>,
    pub base: Base,
    pub platform: Option<Word>,
}

impl Stage {
    pub fn instructions(&self) -> std::ops::Range<usize> {
        self.from..self.end
    }

    pub fn name(&self) -> Option<&str> {
        self.name.as_ref().map(|n| n.name.as_str())
    }

    /// `name` or `stage N`, for messages.
    pub fn label(&self) -> String {
        match &self.name {
            Some(n) => n.name.clone(),
            None => format!("stage {}", self.index),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageName {
    /// Lowercased.
    pub name: String,
    pub word: Word,
}

/// Valid stage names: `^[a-z][a-z0-9-_.]*$` after lowercasing.
pub fn is_valid_stage_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Base {
    pub word: Word,
    /// The image text after expanding global ARGs (`None` when a variable has no value).
    pub expanded: String,
    pub unset_vars: Vec<String>,
    pub kind: BaseKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BaseKind {
    /// An earlier stage, by name.
    Stage(usize),
    Scratch,
    Image(ImageRef),
    Invalid(ImageRefError),
}

impl BaseKind {
    pub fn classify(expanded: &str, stage: Option<usize>) -> BaseKind {
        if let Some(i) = stage {
            return BaseKind::Stage(i);
        }
        if expanded.eq_ignore_ascii_case("scratch") {
            return BaseKind::Scratch;
        }
        match parse_image_ref(expanded) {
            Ok(r) => BaseKind::Image(r),
            Err(e) => BaseKind::Invalid(e),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageRefKind {
    /// `FROM name`
    From,
    /// `COPY --from=name` (and ADD, which BuildKit rejects with --from)
    CopyFrom,
    /// `RUN --mount=…,from=name`
    MountFrom,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageRef {
    pub kind: StageRefKind,
    /// The value as written, and the range of the value.
    pub text: String,
    pub range: TextRange,
    /// The instruction carrying the reference.
    pub instruction: usize,
    /// The stage the instruction belongs to.
    pub in_stage: usize,
    pub target: RefTarget,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefTarget {
    /// An earlier stage.
    Stage(usize),
    /// A stage defined after the current one: BuildKit fails.
    LaterStage(usize),
    /// The current stage: a circular dependency.
    CurrentStage,
    /// A numeric index with no stage.
    NoSuchIndex(usize),
    /// Contains `$`: BuildKit does not expand variables here.
    Variable,
    /// An image or named build context.
    Image,
}

impl RefTarget {
    pub fn stage(&self) -> Option<usize> {
        match self {
            RefTarget::Stage(i) | RefTarget::LaterStage(i) => Some(*i),
            _ => None,
        }
    }
}

/// Resolves a `--from`/`from=` value seen in stage `current`; `names` maps
/// lowercased stage names to the last stage so named.
pub fn resolve_from_value(
    value: &str,
    current: usize,
    stage_count: usize,
    names: &HashMap<String, usize>,
    allow_index: bool,
) -> RefTarget {
    if value.contains('$') {
        return RefTarget::Variable;
    }
    let index = if allow_index { value.parse::<usize>().ok() } else { None };
    let found = match index {
        Some(i) if i >= stage_count => return RefTarget::NoSuchIndex(i),
        Some(i) => Some(i),
        None => names.get(&value.to_ascii_lowercase()).copied(),
    };
    match found {
        Some(i) if i == current => RefTarget::CurrentStage,
        Some(i) if i < current => RefTarget::Stage(i),
        Some(i) => RefTarget::LaterStage(i),
        None => RefTarget::Image,
    }
}
