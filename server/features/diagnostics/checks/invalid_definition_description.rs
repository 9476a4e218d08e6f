//! InvalidDefinitionDescription (experimental): the comment right above a
//! named FROM or an ARG should start with the name it describes
//! (`# version the release to build`). BuildKit reads the last of the comments
//! it attaches to the instruction (see `check_directive.rs`).

use super::warning;
use crate::features::diagnostics::check_directive::prev_comments;
use crate::features::diagnostics::Sink;
use crate::model::{Analysis, Command};

pub const CODE: &str = "InvalidDefinitionDescription";

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let comments = prev_comments(analysis);
    for (index, instruction) in analysis.file.instructions.iter().enumerate() {
        let (kind, keys): (&str, Vec<String>) = match analysis.command(index) {
            Command::Arg { defs } => ("ARG", defs.iter().map(|d| d.name.text.clone()).collect()),
            Command::From { .. } => {
                let stage =
                    analysis.stage_of(index).and_then(|s| analysis.model.stages.get(s)).filter(|s| s.from == index);
                match stage.and_then(|s| s.name()) {
                    Some(name) => ("FROM", vec![name.to_string()]),
                    None => continue,
                }
            }
            _ => continue,
        };
        let Some(last) = comments.get(index).and_then(|c| c.last()) else { continue };
        let first_word = last.text.split(' ').next().unwrap_or("");
        if keys.is_empty() || keys.iter().any(|k| k == first_word) {
            continue;
        }
        let example = if keys.len() > 1 { "<arg_key>" } else { keys[0].as_str() };
        let message = format!("Comment for {kind} should follow the format: `# {example} <description>`");
        sink.push(warning(CODE, instruction.keyword.range, message));
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::check_rule;

    #[test]
    fn only_when_enabled() {
        check_rule(
            super::CODE,
            "# check=experimental=InvalidDefinitionDescription\n# bar the bar\nARG foo=1\n# base the base\nFROM a AS base\n\n# wrong\n\nARG a b\n",
            expect![[r#"
                # check=experimental=InvalidDefinitionDescription
                # bar the bar
                <focus>ARG</focus> foo=1
                # base the base
                FROM a AS base

                # wrong

                <focus>ARG</focus> a b
                warning InvalidDefinitionDescription: Comment for ARG should follow the format: `# foo <description>`
                warning InvalidDefinitionDescription: Comment for ARG should follow the format: `# <arg_key> <description>`
            "#]],
        );
        check_rule(
            super::CODE,
            "# bar\nARG foo\nFROM a\n",
            expect![[r#"
            # bar
            ARG foo
            FROM a
        "#]],
        );
    }
}
