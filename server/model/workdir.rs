//! The working directory of each instruction, resolved as BuildKit does:
//! WORKDIR is relative to the previous one, its variables are expanded with
//! the ENV and ARG values visible there, and `FROM <stage>` inherits the
//! stage's working directory. A stage on an image starts in the image's own
//! WORKDIR, which is unknown without pulling it.

use super::{expand, paths, Analysis, BaseKind, Command};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Workdir {
    /// An absolute path.
    Known(String),
    /// The base image's own WORKDIR (`/` for most images, `/go` for golang, …).
    FromImage,
    /// A variable without a value decides it.
    Unresolved,
}

impl Workdir {
    pub fn path(&self) -> Option<&str> {
        match self {
            Workdir::Known(p) => Some(p),
            _ => None,
        }
    }

    /// `path` resolved against this working directory.
    pub fn join(&self, path: &str) -> Option<String> {
        if path.starts_with('/') {
            return Some(paths::clean(path));
        }
        self.path().map(|base| paths::join_absolute(base, path))
    }
}

/// The working directory before each instruction of stage `stage`
/// (`stage.from..stage.end`), FROM included.
pub fn stage_workdirs(analysis: &Analysis, stage: usize) -> Vec<Workdir> {
    let stages = &analysis.model.stages;
    // The end working directory of every stage up to this one, in order: a
    // stage can only inherit from an earlier one, so one pass is enough.
    let mut ends: Vec<Workdir> = Vec::with_capacity(stage + 1);
    let mut current = Vec::new();
    for s in stages.iter().take(stage + 1) {
        let start = match s.base.kind {
            BaseKind::Stage(i) => ends.get(i).cloned().unwrap_or(Workdir::FromImage),
            BaseKind::Scratch => Workdir::Known("/".to_string()),
            _ => Workdir::FromImage,
        };
        current = walk(analysis, s.instructions(), start);
        ends.push(current.last().cloned().map_or(Workdir::FromImage, |w| after(analysis, s.end - 1, &w)));
    }
    current
}

fn walk(analysis: &Analysis, instructions: std::ops::Range<usize>, start: Workdir) -> Vec<Workdir> {
    let mut out = Vec::with_capacity(instructions.len());
    let mut current = start;
    for i in instructions {
        out.push(current.clone());
        current = after(analysis, i, &current);
    }
    out
}

/// The working directory after instruction `index` ran in `current`.
fn after(analysis: &Analysis, index: usize, current: &Workdir) -> Workdir {
    let Some(instruction) = analysis.file.instructions.get(index) else { return current.clone() };
    let Some(Command::Single { value: Some(word) }) = analysis.model.commands.get(index) else {
        return current.clone();
    };
    if !instruction.is("workdir") {
        return current.clone();
    }
    let lookup = |name: &str| {
        let refs = &analysis.model.var_refs;
        refs[analysis.var_refs_in(index)]
            .iter()
            .find(|r| r.name == name)
            .and_then(|r| r.decl)
            .and_then(|d| analysis.model.vars.get(d))
            .and_then(|v| v.value.clone())
    };
    let expansion = expand::expand(&word.text, analysis.file.escape, &lookup);
    if !expansion.unset.is_empty() {
        return Workdir::Unresolved;
    }
    match current.join(&expansion.value) {
        Some(path) => Workdir::Known(path),
        None if expansion.value.starts_with('/') => Workdir::Known(paths::clean(&expansion.value)),
        None => current.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workdirs(text: &str, stage: usize) -> Vec<Option<String>> {
        let analysis = Analysis::from_text(text);
        stage_workdirs(&analysis, stage).iter().map(|w| w.path().map(str::to_string)).collect()
    }

    #[test]
    fn resolves_relative_and_variable_workdirs() {
        let text = "FROM alpine AS a\nWORKDIR /app\nENV SUB=src\nWORKDIR $SUB/../lib\nFROM a\nWORKDIR x\nRUN true\n";
        assert_eq!(workdirs(text, 0), vec![None, None, Some("/app".into()), Some("/app".into())]);
        assert_eq!(
            workdirs(text, 1),
            vec![Some("/app/lib".into()), Some("/app/lib".into()), Some("/app/lib/x".into())]
        );
    }

    #[test]
    fn unknown_on_an_image_until_an_absolute_workdir() {
        assert_eq!(workdirs("FROM golang\nWORKDIR src\nRUN go build\n", 0), vec![None, None, None]);
        assert_eq!(
            workdirs("FROM scratch\nWORKDIR src\nCOPY a b\n", 0),
            vec![Some("/".into()), Some("/".into()), Some("/src".into())]
        );
        assert_eq!(workdirs("FROM alpine\nWORKDIR $NOPE\nRUN x\n", 0), vec![None, None, None]);
    }
}
