//! "Split stage here": the instructions from the cursor on become a new stage
//! `FROM <first half>`, which keeps the original name so that every
//! reference still gets the complete result. ARGs the second half uses are
//! re-declared (ARGs do not cross stages; ENV does, through FROM).

use text_size::TextSize;

use super::layout::{self, KeywordCase, Lines};
use super::{Bail, RefactorKind, Refactoring};
use crate::features::TextEdit;
use crate::model::{Analysis, Scope, StageRefKind, VarKind};

pub fn split_stage(analysis: &Analysis, at: TextSize) -> Result<Refactoring, Bail> {
    let index = analysis.instruction_at(at).ok_or("the cursor is not on an instruction")?;
    let model = &analysis.model;
    let stage =
        model.stages.get(analysis.stage_of(index).ok_or("the cursor is before the first FROM")?).ok_or("no stage")?;
    if index == stage.from {
        return Err("the cursor is on FROM: split at a later instruction".to_string());
    }
    let lines = Lines::new(&analysis.text);
    let case = KeywordCase::of(analysis);
    let mut edits = Vec::new();
    let base_name = free_name(analysis, &format!("{}-base", stage.name().unwrap_or("stage")));
    match &stage.name {
        Some(name) => edits.push(TextEdit::replace(name.word.range, base_name.clone())),
        None => {
            edits.push(TextEdit::insert(stage.base.word.range.end(), format!(" {} {base_name}", case.keyword("as"))))
        }
    }
    let mut header = format!(
        "\n{}\n",
        case.apply(&format!(
            "FROM {base_name}{}",
            match stage.name() {
                Some(name) => format!(" {} {name}", case.keyword("as")),
                None => String::new(),
            }
        ))
    );
    for arg in args_used_after(analysis, stage.index, index) {
        header.push_str(&case.apply(&format!("ARG {arg}\n")));
    }
    edits.push(TextEdit::insert(layout::block_start(analysis, &lines, index), header));
    // Stage indices after the split move by one.
    for r in &model.stage_refs {
        let Ok(n) = r.text.parse::<usize>() else { continue };
        if r.kind != StageRefKind::From && n >= stage.index && r.target.stage() == Some(n) {
            edits.push(TextEdit::replace(r.range, (n + 1).to_string()));
        }
    }
    Ok(Refactoring {
        title: format!("Split stage here (the first part becomes `{base_name}`)"),
        kind: RefactorKind::Extract,
        edits,
        resolves: None,
    })
}

fn free_name(analysis: &Analysis, stem: &str) -> String {
    let mut name = stem.to_string();
    let mut n = 2;
    while analysis.model.stage_by_name(&name).is_some() {
        name = format!("{stem}-{n}");
        n += 1;
    }
    name
}

/// `NAME[=default]` of the stage ARGs declared before `split` and used from it on.
fn args_used_after(analysis: &Analysis, stage: usize, split: usize) -> Vec<String> {
    let model = &analysis.model;
    let mut out = Vec::new();
    for r in model.var_refs.iter().filter(|r| r.instruction >= split && r.scope == Scope::Stage(stage)) {
        let Some(decl) = r.decl.map(|d| &model.vars[d]) else { continue };
        if decl.kind != VarKind::Arg || decl.instruction >= split {
            continue;
        }
        let text = match &decl.raw_value {
            Some(v) => format!("{}={v}", decl.name),
            None => decl.name.clone(),
        };
        if !out.contains(&text) {
            out.push(text);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::features::fixture::with_cursor;
    use crate::features::refactor::apply;

    fn check(fixture: &str, expect: expect_test::Expect) {
        let (analysis, at) = with_cursor(fixture);
        let out = match split_stage(&analysis, at) {
            Ok(r) => format!("{}\n{}", r.title, apply(&analysis, &r)),
            Err(reason) => format!("not offered: {reason}"),
        };
        expect.assert_eq(&out);
    }

    #[test]
    fn splits_a_named_stage_keeping_its_name_for_references() {
        check(
            "FROM node:20 AS build\nARG MODE=prod\nRUN npm ci\n$0RUN npm run build -- --mode $MODE\n\nFROM nginx\nCOPY --from=build /a /b\nCOPY --from=0 /c /d\n",
            expect![[r#"
                Split stage here (the first part becomes `build-base`)
                FROM node:20 AS build-base
                ARG MODE=prod
                RUN npm ci

                FROM build-base AS build
                ARG MODE=prod
                RUN npm run build -- --mode $MODE

                FROM nginx
                COPY --from=build /a /b
                COPY --from=1 /c /d
            "#]],
        );
    }

    #[test]
    fn not_on_from() {
        check("FR$0OM alpine\nRUN true\n", expect!["not offered: the cursor is on FROM: split at a later instruction"]);
    }
}
