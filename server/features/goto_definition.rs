//! Go to definition: a stage reference → its `FROM … AS name` line, a
//! variable → the ARG/ENV in effect there (and the global ARG it inherits
//! from). Image references have no definition in the file.

use text_size::{TextRange, TextSize};

use crate::model::{Analysis, RefTarget, Symbol};

/// Where to go: the whole declaration and the name inside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NavTarget {
    pub full_range: TextRange,
    pub focus_range: TextRange,
}

pub fn goto_definition(analysis: &Analysis, offset: TextSize) -> Vec<NavTarget> {
    let Some(hit) = analysis.symbol_at(offset) else { return Vec::new() };
    let model = &analysis.model;
    match hit.symbol {
        Symbol::StageRef(r) => match model.stage_refs[r].target {
            RefTarget::Stage(s) | RefTarget::LaterStage(s) => vec![stage_target(analysis, s)],
            _ => Vec::new(),
        },
        Symbol::StageName(s) => vec![stage_target(analysis, s)],
        Symbol::VarRef(r) => model.var_refs[r].decl.map(|d| var_targets(analysis, d)).unwrap_or_default(),
        Symbol::VarDecl(d) => match model.vars[d].inherits {
            Some(global) => vec![var_target(analysis, global)],
            None => vec![var_target(analysis, d)],
        },
    }
}

/// The FROM line of a stage, focused on its name (or its base image when unnamed).
pub fn stage_target(analysis: &Analysis, stage: usize) -> NavTarget {
    let stage = &analysis.model.stages[stage];
    let full_range = analysis.instruction(stage.from).range;
    let focus_range = stage.name.as_ref().map_or(stage.base.word.range, |n| n.word.range);
    NavTarget { full_range, focus_range }
}

fn var_target(analysis: &Analysis, decl: usize) -> NavTarget {
    let decl = &analysis.model.vars[decl];
    NavTarget { full_range: decl.range, focus_range: decl.name_range }
}

/// The declaration in effect, then the global ARG whose value it inherits.
fn var_targets(analysis: &Analysis, decl: usize) -> Vec<NavTarget> {
    let mut targets = vec![var_target(analysis, decl)];
    if let Some(global) = analysis.model.vars[decl].inherits {
        targets.push(var_target(analysis, global));
    }
    targets
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::features::fixture::{mark_ranges, with_cursor};

    fn check(fixture: &str, expect: Expect) {
        let (analysis, offset) = with_cursor(fixture);
        let targets = goto_definition(&analysis, offset);
        let marks: Vec<(TextRange, &str)> = targets.iter().map(|t| (t.focus_range, "focus")).collect();
        expect.assert_eq(&mark_ranges(&analysis.text, &marks));
    }

    #[test]
    fn copy_from_name_goes_to_the_stage() {
        check(
            "FROM golang AS build\nRUN make\nFROM alpine\nCOPY --from=bui$0ld /app /app\n",
            expect![[r#"
                FROM golang AS <focus>build</focus>
                RUN make
                FROM alpine
                COPY --from=build /app /app
            "#]],
        );
    }

    #[test]
    fn copy_from_is_case_insensitive() {
        check(
            "FROM golang AS build\nFROM alpine\nCOPY --from=BUILD$0 /app /app\n",
            expect![[r#"
                FROM golang AS <focus>build</focus>
                FROM alpine
                COPY --from=BUILD /app /app
            "#]],
        );
    }

    #[test]
    fn copy_from_index_goes_to_the_stage() {
        check(
            "FROM golang\nFROM alpine\nCOPY --from=$00 /app /app\n",
            expect![[r#"
                FROM <focus>golang</focus>
                FROM alpine
                COPY --from=0 /app /app
            "#]],
        );
    }

    #[test]
    fn mount_from_and_from_stage() {
        check(
            "FROM golang AS deps\nFROM deps AS build\nRUN --mount=type=cache,from=de$0ps,target=/x make\n",
            expect![[r#"
                FROM golang AS <focus>deps</focus>
                FROM deps AS build
                RUN --mount=type=cache,from=deps,target=/x make
            "#]],
        );
        check(
            "FROM golang AS deps\nFROM de$0ps AS build\n",
            expect![[r#"
                FROM golang AS <focus>deps</focus>
                FROM deps AS build
            "#]],
        );
    }

    #[test]
    fn image_has_no_definition() {
        check(
            "FROM golang AS deps\nFROM alp$0ine\n",
            expect![[r#"
            FROM golang AS deps
            FROM alpine
        "#]],
        );
    }

    #[test]
    fn variable_goes_to_the_declaration_in_effect() {
        check(
            "FROM alpine\nENV DIR=/a\nRUN ls $DIR\nENV DIR=/b\nRUN ls $D$0IR\n",
            expect![[r#"
                FROM alpine
                ENV DIR=/a
                RUN ls $DIR
                ENV <focus>DIR</focus>=/b
                RUN ls $DIR
            "#]],
        );
    }

    #[test]
    fn stage_arg_also_leads_to_the_global_it_inherits() {
        check(
            "ARG VERSION=1\nFROM alpine:$VERSION\nARG VERSION\nRUN echo ${VER$0SION}\n",
            expect![[r#"
                ARG <focus>VERSION</focus>=1
                FROM alpine:$VERSION
                ARG <focus>VERSION</focus>
                RUN echo ${VERSION}
            "#]],
        );
        check(
            "ARG VERSION=1\nFROM alpine:$VER$0SION\n",
            expect![[r#"
                ARG <focus>VERSION</focus>=1
                FROM alpine:$VERSION
            "#]],
        );
    }

    #[test]
    fn undeclared_variable_has_no_definition() {
        check(
            "FROM alpine\nRUN echo $HO$0ME\n",
            expect![[r#"
            FROM alpine
            RUN echo $HOME
        "#]],
        );
    }
}
