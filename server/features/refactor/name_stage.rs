//! "Name this stage": adds `AS <name>` to an unnamed stage and replaces every
//! numeric `--from=N` that points at it with the name.

use text_size::TextSize;

use super::layout::KeywordCase;
use super::{Bail, RefactorKind, Refactoring};
use crate::features::TextEdit;
use crate::model::stages::is_valid_stage_name;
use crate::model::{Analysis, BaseKind, StageRefKind};

/// Offered on the FROM line of an unnamed stage, or on a numeric `--from`.
pub fn name_stage(analysis: &Analysis, at: TextSize) -> Result<Refactoring, Bail> {
    let stage = target_stage(analysis, at).ok_or("the cursor is not on an unnamed stage")?;
    let model = &analysis.model;
    let name = free_name(analysis, stage);
    let case = KeywordCase::of(analysis);
    let base = &model.stages[stage].base.word;
    let mut edits = vec![TextEdit::insert(base.range.end(), format!(" {} {name}", case.keyword("as")))];
    for r in model.refs_to_stage(stage) {
        if r.kind != StageRefKind::From && r.text.parse::<usize>().is_ok() {
            edits.push(TextEdit::replace(r.range, name.clone()));
        }
    }
    let title = match edits.len() {
        1 => format!("Name stage {stage} `{name}`"),
        _ => format!("Name stage {stage} `{name}` (and use the name in --from={stage})"),
    };
    Ok(Refactoring { title, kind: RefactorKind::Rewrite, edits, resolves: None })
}

fn target_stage(analysis: &Analysis, at: TextSize) -> Option<usize> {
    let model = &analysis.model;
    let numeric_ref = model
        .stage_refs
        .iter()
        .find(|r| r.kind != StageRefKind::From && r.range.contains_inclusive(at) && r.text.parse::<usize>().is_ok())
        .and_then(|r| r.target.stage());
    let on_from = analysis.instruction_at(at).and_then(|i| model.stages.iter().find(|s| s.from == i)).map(|s| s.index);
    numeric_ref.or(on_from).filter(|&s| model.stages.get(s).is_some_and(|s| s.name.is_none()))
}

/// A name from the base image (`golang` → `golang`, an earlier stage → its
/// name plus a suffix), made unique.
fn free_name(analysis: &Analysis, stage: usize) -> String {
    let model = &analysis.model;
    let s = &model.stages[stage];
    let last = stage + 1 == model.stages.len();
    let stem = match &s.base.kind {
        _ if !last && model.refs_to_stage(stage).next().is_some() && stage == 0 => "build".to_string(),
        BaseKind::Image(r) => r.short_name().to_ascii_lowercase(),
        BaseKind::Stage(i) => format!("{}-next", model.stages[*i].label()),
        BaseKind::Scratch => "scratch-stage".to_string(),
        BaseKind::Invalid(_) => "stage".to_string(),
    };
    let stem = if is_valid_stage_name(&stem) && stem != "scratch" && stem != "context" {
        stem
    } else {
        format!("stage-{stage}")
    };
    let mut name = stem.clone();
    let mut n = 2;
    while model.stage_by_name(&name).is_some() {
        name = format!("{stem}-{n}");
        n += 1;
    }
    name
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::features::fixture::with_cursor;
    use crate::features::refactor::apply;

    fn check(fixture: &str, expect: expect_test::Expect) {
        let (analysis, at) = with_cursor(fixture);
        let out = match name_stage(&analysis, at) {
            Ok(r) => format!("{}\n{}", r.title, apply(&analysis, &r)),
            Err(reason) => format!("not offered: {reason}"),
        };
        expect.assert_eq(&out);
    }

    #[test]
    fn names_a_stage_and_its_numeric_references() {
        check(
            "FROM gol$0ang:1.23\nRUN go build -o /app .\nFROM alpine\nCOPY --from=0 /app /app\nRUN --mount=from=0,target=/x true\n",
            expect![[r#"
                Name stage 0 `build` (and use the name in --from=0)
                FROM golang:1.23 AS build
                RUN go build -o /app .
                FROM alpine
                COPY --from=build /app /app
                RUN --mount=from=0,target=/x true
            "#]],
        );
        check(
            "from node AS node\nfrom node\nfrom alpine\ncopy --from=$01 /a /b\n",
            expect![[r#"
                Name stage 1 `node-next` (and use the name in --from=1)
                from node AS node
                from node as node-next
                from alpine
                copy --from=node-next /a /b
            "#]],
        );
    }

    #[test]
    fn not_on_named_stages() {
        check("FROM a$0lpine AS base\n", expect!["not offered: the cursor is not on an unnamed stage"]);
        check("FROM alpine\nRUN t$0rue\n", expect!["not offered: the cursor is not on an unnamed stage"]);
    }
}
