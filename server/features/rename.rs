//! Rename a stage (its `AS` name and every reference, matched
//! case-insensitively as BuildKit does) or an ARG/ENV variable (the
//! declarations of that variable and only the uses that resolve to them).

use text_size::{TextRange, TextSize};

use super::references::{references_to, target_at, Target};
use super::TextEdit;
use crate::model::stages::is_valid_stage_name;
use crate::model::{Analysis, StageRefKind};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenameError {
    NotRenamable,
    Undeclared(String),
    InvalidStageName(String),
    DuplicateStageName(String),
    InvalidVariableName(String),
}

impl RenameError {
    pub fn message(&self) -> String {
        match self {
            RenameError::NotRenamable => "Only stage names and ARG/ENV variables can be renamed".to_string(),
            RenameError::Undeclared(name) => {
                format!("`{name}` is not declared in this Dockerfile (predefined or set by the shell); nothing to rename")
            }
            RenameError::InvalidStageName(name) => format!(
                "`{name}` is not a valid stage name: it must start with a letter and contain only letters, digits, `-`, `_` and `.`"
            ),
            RenameError::DuplicateStageName(name) => format!("A stage named `{name}` already exists"),
            RenameError::InvalidVariableName(name) => format!(
                "`{name}` is not a valid variable name: use letters, digits and `_`, not starting with a digit"
            ),
        }
    }
}

/// The range of the name that would be renamed.
pub fn prepare_rename(analysis: &Analysis, offset: TextSize) -> Result<TextRange, RenameError> {
    let hit = analysis.symbol_at(offset).ok_or(RenameError::NotRenamable)?;
    match target_at(analysis, offset) {
        Some(Target::Stage(s)) if analysis.model.stages[s].name.is_some() && !is_index(analysis, hit.range) => {
            Ok(hit.range)
        }
        Some(Target::Var(_)) => Ok(hit.range),
        Some(Target::Undeclared(name)) => Err(RenameError::Undeclared(name)),
        _ => Err(RenameError::NotRenamable),
    }
}

pub fn rename(analysis: &Analysis, offset: TextSize, new_name: &str) -> Result<Vec<TextEdit>, RenameError> {
    prepare_rename(analysis, offset)?;
    match target_at(analysis, offset) {
        Some(Target::Stage(s)) => rename_stage(analysis, s, new_name),
        Some(Target::Var(family)) => rename_var(analysis, &family, new_name),
        _ => Err(RenameError::NotRenamable),
    }
}

fn is_index(analysis: &Analysis, range: TextRange) -> bool {
    analysis.text.get(range.start().into()..range.end().into()).is_some_and(|t| t.parse::<usize>().is_ok())
}

fn rename_stage(analysis: &Analysis, stage: usize, new_name: &str) -> Result<Vec<TextEdit>, RenameError> {
    // BuildKit lowercases stage names before validating and matching them.
    let lower = new_name.to_ascii_lowercase();
    if !is_valid_stage_name(&lower) {
        return Err(RenameError::InvalidStageName(new_name.to_string()));
    }
    let model = &analysis.model;
    if model.stages.iter().any(|s| s.index != stage && s.name() == Some(lower.as_str())) {
        return Err(RenameError::DuplicateStageName(lower));
    }
    let from_refs: Vec<TextRange> =
        model.refs_to_stage(stage).filter(|r| r.kind == StageRefKind::From).map(|r| r.range).collect();
    let edits = references_to(analysis, &Target::Stage(stage))
        .into_iter()
        .filter(|r| !is_index(analysis, r.range))
        // `FROM name` matches the lowercased stored name exactly.
        .map(|r| TextEdit::replace(r.range, if from_refs.contains(&r.range) { &lower } else { new_name }))
        .collect();
    Ok(edits)
}

fn rename_var(analysis: &Analysis, family: &[usize], new_name: &str) -> Result<Vec<TextEdit>, RenameError> {
    if !is_valid_var_name(new_name) {
        return Err(RenameError::InvalidVariableName(new_name.to_string()));
    }
    let edits = references_to(analysis, &Target::Var(family.to_vec()))
        .into_iter()
        .map(|r| TextEdit::replace(r.range, new_name))
        .collect();
    Ok(edits)
}

fn is_valid_var_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::features::fixture::with_cursor;
    use crate::features::text_edit::apply_edits;

    fn check(fixture: &str, new_name: &str, expect: Expect) {
        let (analysis, offset) = with_cursor(fixture);
        let result = match rename(&analysis, offset, new_name) {
            Ok(edits) => apply_edits(&analysis.text, &edits),
            Err(e) => format!("error: {}", e.message()),
        };
        expect.assert_eq(&result);
    }

    #[test]
    fn renames_a_stage_everywhere() {
        check(
            "FROM golang AS bu$0ild\nFROM build AS test\nRUN --mount=from=Build,target=/x true\nFROM alpine\nCOPY --from=BUILD /a /a\nCOPY --from=0 /b /b\n",
            "Compile",
            expect![[r#"
                FROM golang AS Compile
                FROM compile AS test
                RUN --mount=from=Compile,target=/x true
                FROM alpine
                COPY --from=Compile /a /a
                COPY --from=0 /b /b
            "#]],
        );
    }

    #[test]
    fn rejects_invalid_and_duplicate_stage_names() {
        check("FROM a AS bu$0ild\n", "1st", expect!["error: `1st` is not a valid stage name: it must start with a letter and contain only letters, digits, `-`, `_` and `.`"]);
        check("FROM a AS x\nFROM b AS bu$0ild\n", "X", expect!["error: A stage named `x` already exists"]);
    }

    #[test]
    fn renames_only_the_variable_in_effect() {
        check(
            "ARG V$0=1\nFROM alpine:$V\nARG V\nRUN echo $V\nFROM alpine\nENV V=2\nRUN echo $V\n",
            "VERSION",
            expect![[r#"
                ARG VERSION=1
                FROM alpine:$VERSION
                ARG VERSION
                RUN echo $VERSION
                FROM alpine
                ENV V=2
                RUN echo $V
            "#]],
        );
    }

    #[test]
    fn prepare_rename_explains_what_cannot_be_renamed() {
        let (analysis, offset) = with_cursor("FROM alp$0ine\nRUN echo $HOME\n");
        assert_eq!(prepare_rename(&analysis, offset), Err(RenameError::NotRenamable));
        let (analysis, offset) = with_cursor("FROM alpine\nRUN echo $HO$0ME\n");
        assert_eq!(prepare_rename(&analysis, offset), Err(RenameError::Undeclared("HOME".to_string())));
        let (analysis, offset) = with_cursor("FROM alpine AS a\nCOPY --from=$00 / /\n");
        assert_eq!(prepare_rename(&analysis, offset), Err(RenameError::NotRenamable));
    }
}
