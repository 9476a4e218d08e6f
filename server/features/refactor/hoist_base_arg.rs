//! "Move the base image version to a global ARG": `FROM node:20-alpine`
//! becomes `ARG NODE_VERSION=20` before the first FROM and
//! `FROM node:${NODE_VERSION}-alpine`, in every FROM of the same image and version.

use text_size::TextSize;

use super::layout::{self, KeywordCase, Lines};
use super::{Bail, RefactorKind, Refactoring};
use crate::features::TextEdit;
use crate::model::{Analysis, BaseKind, Stage};

pub fn hoist_base_arg(analysis: &Analysis, at: TextSize) -> Result<Refactoring, Bail> {
    let model = &analysis.model;
    let index = analysis.instruction_at(at).ok_or("the cursor is not on an instruction")?;
    let stage = model.stages.iter().find(|s| s.from == index).ok_or("the cursor is not on FROM")?;
    let (repository, version) = literal_version(stage).ok_or("the base image has no literal version tag")?;
    let name = arg_name(&repository);
    if model.vars.iter().any(|v| v.name == name) {
        return Err(format!("{name} is declared already"));
    }
    let mut edits = Vec::new();
    for s in &model.stages {
        if literal_version(s).as_ref() == Some(&(repository.clone(), version.clone())) {
            let word = &s.base.word;
            let colon = word.text.rfind(':').unwrap_or(word.text.len());
            let start = word.range.start() + TextSize::from(colon as u32 + 1);
            let range = text_size::TextRange::at(start, TextSize::of(version.as_str()));
            edits.push(TextEdit::replace(range, format!("${{{name}}}")));
        }
    }
    let lines = Lines::new(&analysis.text);
    let first_from = model.stages.first().map_or(0, |s| s.from);
    let case = KeywordCase::of(analysis);
    edits.push(TextEdit::insert(
        layout::block_start(analysis, &lines, first_from),
        case.apply(&format!("ARG {name}={version}\n")),
    ));
    Ok(Refactoring {
        title: format!("Move the {repository} version to a global ARG {name}"),
        kind: RefactorKind::Rewrite,
        edits,
        resolves: None,
    })
}

/// `node:20-alpine` → (`node`, `20`): the version part of a literal tag.
fn literal_version(stage: &Stage) -> Option<(String, String)> {
    let BaseKind::Image(image) = &stage.base.kind else { return None };
    if stage.base.word.text.contains('$') || image.digest.is_some() {
        return None;
    }
    let tag = image.tag.as_deref()?;
    let version: String = tag.split('-').next()?.to_string();
    version.starts_with(|c: char| c.is_ascii_digit()).then(|| (image.repository.clone(), version))
}

fn arg_name(repository: &str) -> String {
    let short = repository.rsplit('/').next().unwrap_or(repository);
    let stem: String =
        short.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
    let stem = match stem.as_str() {
        "GOLANG" => "GO".to_string(),
        "ECLIPSE_TEMURIN" => "JAVA".to_string(),
        _ => stem,
    };
    format!("{stem}_VERSION")
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::features::fixture::with_cursor;
    use crate::features::refactor::apply;

    fn check(fixture: &str, expect: expect_test::Expect) {
        let (analysis, at) = with_cursor(fixture);
        let out = match hoist_base_arg(&analysis, at) {
            Ok(r) => format!("{}\n{}", r.title, apply(&analysis, &r)),
            Err(reason) => format!("not offered: {reason}"),
        };
        expect.assert_eq(&out);
    }

    #[test]
    fn hoists_the_version_of_every_from_with_the_same_image() {
        check(
            "# syntax=docker/dockerfile:1\n# app\nFROM node:20-alpine AS build\nRUN npm ci\n$0FROM node:20-slim\nCOPY --from=build /a /a\n",
            expect![[r#"
                Move the node version to a global ARG NODE_VERSION
                # syntax=docker/dockerfile:1
                ARG NODE_VERSION=20
                # app
                FROM node:${NODE_VERSION}-alpine AS build
                RUN npm ci
                FROM node:${NODE_VERSION}-slim
                COPY --from=build /a /a
            "#]],
        );
    }

    #[test]
    fn not_without_a_version() {
        check("FROM $0alpine\n", expect!["not offered: the base image has no literal version tag"]);
        check("FROM $0node:lts\n", expect!["not offered: the base image has no literal version tag"]);
    }
}
