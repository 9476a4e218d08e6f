//! Find references of a stage (all `--from`, mount `from=` and `FROM name`
//! uses, matched as BuildKit matches them) or a variable (the uses that
//! resolve to its declaration, a global ARG together with the stage `ARG`
//! lines that inherit it).

use text_size::{TextRange, TextSize};

use crate::model::{Analysis, RefTarget, Symbol};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reference {
    pub range: TextRange,
    pub is_declaration: bool,
}

/// The thing whose references are asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Stage(usize),
    /// The declarations of one variable (see `Analysis::var_family`).
    Var(Vec<usize>),
    /// A variable used without a declaration in this file (predefined ARGs, shell variables).
    Undeclared(String),
}

/// What the symbol at `offset` refers to, if it can have references.
pub fn target_at(analysis: &Analysis, offset: TextSize) -> Option<Target> {
    let hit = analysis.symbol_at(offset)?;
    let model = &analysis.model;
    match hit.symbol {
        Symbol::StageName(s) => Some(Target::Stage(s)),
        Symbol::StageRef(r) => match model.stage_refs[r].target {
            RefTarget::Stage(s) | RefTarget::LaterStage(s) => Some(Target::Stage(s)),
            _ => None,
        },
        Symbol::VarDecl(d) => Some(Target::Var(analysis.var_family(d))),
        Symbol::VarRef(r) => Some(match model.var_refs[r].decl {
            Some(d) => Target::Var(analysis.var_family(d)),
            None => Target::Undeclared(model.var_refs[r].name.clone()),
        }),
    }
}

pub fn references(analysis: &Analysis, offset: TextSize, include_declaration: bool) -> Vec<Reference> {
    let Some(target) = target_at(analysis, offset) else { return Vec::new() };
    let mut found = references_to(analysis, &target);
    if !include_declaration {
        found.retain(|r| !r.is_declaration);
    }
    found
}

/// Every reference (and declaration) of `target`, in document order.
pub fn references_to(analysis: &Analysis, target: &Target) -> Vec<Reference> {
    let model = &analysis.model;
    let mut found = Vec::new();
    match target {
        Target::Stage(s) => {
            if let Some(name) = &model.stages[*s].name {
                found.push(Reference { range: name.word.range, is_declaration: true });
            }
            found.extend(model.refs_to_stage(*s).map(|r| Reference { range: r.range, is_declaration: false }));
        }
        Target::Var(family) => {
            for &d in family {
                found.push(Reference { range: model.vars[d].name_range, is_declaration: true });
            }
            let uses = model.var_refs.iter().filter(|r| r.decl.is_some_and(|d| family.contains(&d)));
            found.extend(uses.map(|r| Reference { range: r.name_range, is_declaration: false }));
        }
        Target::Undeclared(name) => {
            let uses = model.var_refs.iter().filter(|r| r.decl.is_none() && &r.name == name);
            found.extend(uses.map(|r| Reference { range: r.name_range, is_declaration: false }));
        }
    }
    found.sort_by_key(|r| (r.range.start(), r.range.end()));
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::features::fixture::{mark_ranges, with_cursor};

    fn check(fixture: &str, include_declaration: bool, expect: Expect) {
        let (analysis, offset) = with_cursor(fixture);
        let found = references(&analysis, offset, include_declaration);
        let marks: Vec<(TextRange, &str)> =
            found.iter().map(|r| (r.range, if r.is_declaration { "decl" } else { "ref" })).collect();
        expect.assert_eq(&mark_ranges(&analysis.text, &marks));
    }

    #[test]
    fn stage_references_in_all_forms() {
        check(
            "FROM golang AS bu$0ild\nFROM build AS test\nRUN --mount=from=Build,target=/x true\nFROM alpine\nCOPY --from=BUILD /a /a\nCOPY --from=0 /b /b\n",
            true,
            expect![[r#"
                FROM golang AS <decl>build</decl>
                FROM <ref>build</ref> AS test
                RUN --mount=from=<ref>Build</ref>,target=/x true
                FROM alpine
                COPY --from=<ref>BUILD</ref> /a /a
                COPY --from=<ref>0</ref> /b /b
            "#]],
        );
    }

    #[test]
    fn without_declaration() {
        check(
            "FROM golang AS build\nFROM alpine\nCOPY --from=bu$0ild /a /a\n",
            false,
            expect![[r#"
                FROM golang AS build
                FROM alpine
                COPY --from=<ref>build</ref> /a /a
            "#]],
        );
    }

    #[test]
    fn variable_references_follow_scopes() {
        check(
            "ARG V$0ER=1\nFROM alpine:$VER\nARG VER\nRUN echo $VER\nFROM alpine\nRUN echo $VER\n",
            true,
            expect![[r#"
                ARG <decl>VER</decl>=1
                FROM alpine:$<ref>VER</ref>
                ARG <decl>VER</decl>
                RUN echo $<ref>VER</ref>
                FROM alpine
                RUN echo $VER
            "#]],
        );
    }

    #[test]
    fn a_redeclared_env_is_a_different_variable() {
        check(
            "FROM alpine\nENV P=/a\nENV P=$P:/b\nRUN echo $P$0\n",
            true,
            expect![[r#"
                FROM alpine
                ENV P=/a
                ENV <decl>P</decl>=$P:/b
                RUN echo $<ref>P</ref>
            "#]],
        );
    }
}
