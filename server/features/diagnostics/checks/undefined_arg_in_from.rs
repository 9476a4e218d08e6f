//! UndefinedArgInFrom: a variable in FROM's image or `--platform` that is
//! neither a global ARG nor one of BuildKit's predefined platform ARGs.

use text_size::TextRange;

use super::{platform_flag, predefined_arg, suggest, warning, well_formed_from};
use crate::features::diagnostics::Sink;
use crate::features::{Fix, TextEdit};
use crate::model::{Analysis, Scope, VarKind};

pub const CODE: &str = "UndefinedArgInFrom";

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let model = &analysis.model;
    let globals: Vec<&str> = model
        .vars
        .iter()
        .filter(|v| v.scope == Scope::Global && v.kind == VarKind::Arg)
        .map(|v| v.name.as_str())
        .collect();
    let first_from = model.stages.first().map(|s| analysis.instruction(s.from).range.start());
    for stage in &model.stages {
        let Some(words) = well_formed_from(analysis, stage.from) else { continue };
        let mut pieces = vec![words[0].range];
        pieces.extend(platform_flag(analysis, stage.from).map(|(_, value)| value.range));
        for piece in pieces {
            let mut seen: Vec<&str> = Vec::new();
            for r in model.var_refs.iter().filter(|r| r.instruction == stage.from && piece.contains_range(r.range)) {
                if r.decl.is_some() || predefined_arg(&r.name).is_some() || seen.contains(&r.name.as_str()) {
                    continue;
                }
                seen.push(&r.name);
                let options = globals.iter().copied().chain(super::PREDEFINED_ARGS.iter().map(|(n, _)| *n));
                let suggestion = suggest(&r.name, options);
                let mut message = format!("FROM argument '{}' is not declared", r.name);
                if let Some(s) = suggestion {
                    message.push_str(&format!(" (did you mean {s}?)"));
                }
                message.push_str(": declare it with `ARG` before the first FROM");
                let mut diagnostic = warning(CODE, r.range, message);
                if let Some(s) = suggestion {
                    diagnostic = diagnostic.with_fix(Fix {
                        title: format!("Change to `{s}`"),
                        edits: vec![TextEdit::replace(r.name_range, s)],
                        preferred: true,
                        create_files: Vec::new(),
                    });
                }
                if let Some(at) = first_from {
                    diagnostic = diagnostic.with_fix(Fix {
                        title: format!("Declare `ARG {}` before the first FROM", r.name),
                        edits: vec![TextEdit::insert(line_start(analysis, at), format!("ARG {}\n", r.name))],
                        preferred: suggestion.is_none(),
                        create_files: Vec::new(),
                    });
                }
                sink.push(diagnostic);
            }
        }
    }
}

fn line_start(analysis: &Analysis, at: text_size::TextSize) -> text_size::TextSize {
    let text = &analysis.text[..usize::from(at).min(analysis.text.len())];
    let start = text.rfind('\n').map_or(0, |i| i + 1);
    TextRange::empty((start as u32).into()).start()
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::check_rule;

    #[test]
    fn undeclared_in_from() {
        check_rule(
            super::CODE,
            "ARG TAG\nFROM alpine:${TAG} AS a\nFROM --platform=$BUILDPLATFORM alpine:$TAGG\nFROM busybox:${VER:-1}\n",
            expect![[r#"
                ARG TAG
                FROM alpine:${TAG} AS a
                FROM --platform=$BUILDPLATFORM alpine:<focus>$TAGG</focus>
                FROM busybox:<focus>${VER:-1}</focus>
                warning UndefinedArgInFrom: FROM argument 'TAGG' is not declared (did you mean TAG?): declare it with `ARG` before the first FROM
                  fix Change to `TAG`:
                    |ARG TAG
                    |FROM alpine:${TAG} AS a
                    |FROM --platform=$BUILDPLATFORM alpine:$TAG
                    |FROM busybox:${VER:-1}
                  fix Declare `ARG TAGG` before the first FROM:
                    |ARG TAG
                    |ARG TAGG
                    |FROM alpine:${TAG} AS a
                    |FROM --platform=$BUILDPLATFORM alpine:$TAGG
                    |FROM busybox:${VER:-1}
                warning UndefinedArgInFrom: FROM argument 'VER' is not declared: declare it with `ARG` before the first FROM
                  fix Declare `ARG VER` before the first FROM:
                    |ARG TAG
                    |ARG VER
                    |FROM alpine:${TAG} AS a
                    |FROM --platform=$BUILDPLATFORM alpine:$TAGG
                    |FROM busybox:${VER:-1}
            "#]],
        );
    }
}
