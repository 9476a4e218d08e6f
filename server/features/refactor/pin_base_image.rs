//! "Pin the base image": to the digest the file already gives for the same
//! image elsewhere, or else to a global build-arg (`ARG NODE_IMAGE=node:20`,
//! `FROM ${NODE_IMAGE}`) that CI can pin with `--build-arg`.

use text_size::TextSize;

use super::layout::{self, KeywordCase, Lines};
use super::{Bail, RefactorKind, Refactoring};
use crate::features::TextEdit;
use crate::model::{Analysis, BaseKind};

pub fn pin_base_image(analysis: &Analysis, at: TextSize) -> Result<Refactoring, Bail> {
    let model = &analysis.model;
    let index = analysis.instruction_at(at).ok_or("the cursor is not on an instruction")?;
    let stage = model.stages.iter().find(|s| s.from == index).ok_or("the cursor is not on FROM")?;
    let BaseKind::Image(image) = &stage.base.kind else { return Err("the base is not an image".to_string()) };
    let word = &stage.base.word;
    if word.text.contains('$') || image.digest.is_some() {
        return Err("the base image is pinned already".to_string());
    }
    let known_digest = model.stages.iter().find_map(|s| match &s.base.kind {
        BaseKind::Image(other) if other.repository == image.repository && other.tag == image.tag => {
            other.digest.clone()
        }
        _ => None,
    });
    if let Some(digest) = known_digest {
        return Ok(Refactoring {
            title: format!("Pin {} to {digest}", word.text),
            kind: RefactorKind::Rewrite,
            edits: vec![TextEdit::insert(word.range.end(), format!("@{digest}"))],
            resolves: None,
        });
    }
    let short = image.short_name();
    let name: String =
        short.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
    let name = format!("{name}_IMAGE");
    if model.vars.iter().any(|v| v.name == name) {
        return Err(format!("{name} is declared already"));
    }
    let lines = Lines::new(&analysis.text);
    let first_from = model.stages.first().map_or(0, |s| s.from);
    let case = KeywordCase::of(analysis);
    let edits = vec![
        TextEdit::insert(
            layout::block_start(analysis, &lines, first_from),
            case.apply(&format!("ARG {name}={}\n", word.text)),
        ),
        TextEdit::replace(word.range, format!("${{{name}}}")),
    ];
    Ok(Refactoring {
        title: format!("Make the base image a build-arg {name}"),
        kind: RefactorKind::Rewrite,
        edits,
        resolves: None,
    })
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::features::fixture::with_cursor;
    use crate::features::refactor::apply;

    fn check(fixture: &str, expect: expect_test::Expect) {
        let (analysis, at) = with_cursor(fixture);
        let out = match pin_base_image(&analysis, at) {
            Ok(r) => format!("{}\n{}", r.title, apply(&analysis, &r)),
            Err(reason) => format!("not offered: {reason}"),
        };
        expect.assert_eq(&out);
    }

    #[test]
    fn pins_to_a_known_digest_or_a_build_arg() {
        check(
            "FROM node:20@sha256:0123456789abcdef0123456789abcdef AS a\nFROM $0node:20\n",
            expect![[r#"
                Pin node:20 to sha256:0123456789abcdef0123456789abcdef
                FROM node:20@sha256:0123456789abcdef0123456789abcdef AS a
                FROM node:20@sha256:0123456789abcdef0123456789abcdef
            "#]],
        );
        check(
            "FROM $0python:3.12-slim\nRUN true\n",
            expect![[r#"
                Make the base image a build-arg PYTHON_IMAGE
                ARG PYTHON_IMAGE=python:3.12-slim
                FROM ${PYTHON_IMAGE}
                RUN true
            "#]],
        );
    }
}
