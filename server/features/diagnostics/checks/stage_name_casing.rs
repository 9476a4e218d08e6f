//! StageNameCasing: `FROM image AS Name`. Stage names are matched lowercased,
//! so the fix lowercases the name and every reference to it.

use super::{warning, well_formed_from};
use crate::features::diagnostics::Sink;
use crate::features::{Fix, TextEdit};
use crate::model::{Analysis, RefTarget};

pub const CODE: &str = "StageNameCasing";

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    for stage in &analysis.model.stages {
        let Some(words) = well_formed_from(analysis, stage.from) else { continue };
        if words.len() != 3 {
            continue;
        }
        let name = &words[2];
        let lower = name.text.to_lowercase();
        if name.text == lower {
            continue;
        }
        let message = format!("Stage name '{}' should be lowercase", name.text);
        let mut edits = vec![TextEdit::replace(name.range, lower.clone())];
        for r in &analysis.model.stage_refs {
            let names_it = r.target.stage() == Some(stage.index)
                || (r.target == RefTarget::Image && r.text.eq_ignore_ascii_case(&name.text));
            if names_it && r.text != lower && r.text.eq_ignore_ascii_case(&lower) {
                edits.push(TextEdit::replace(r.range, lower.clone()));
            }
        }
        let fix = Fix {
            title: format!("Rename the stage `{lower}` everywhere"),
            edits,
            preferred: true,
            create_files: Vec::new(),
        };
        sink.push(warning(CODE, name.range, message).with_fix(fix));
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::check_rule;

    #[test]
    fn lowercases_everywhere() {
        check_rule(
            super::CODE,
            "FROM a AS Build\nFROM Build\nCOPY --from=BUILD /x /y\nRUN --mount=from=Build,target=/t true\nFROM b AS ok\n",
            expect![[r#"
                FROM a AS <focus>Build</focus>
                FROM Build
                COPY --from=BUILD /x /y
                RUN --mount=from=Build,target=/t true
                FROM b AS ok
                warning StageNameCasing: Stage name 'Build' should be lowercase
                  fix Rename the stage `build` everywhere:
                    |FROM a AS build
                    |FROM build
                    |COPY --from=build /x /y
                    |RUN --mount=from=build,target=/t true
                    |FROM b AS ok
            "#]],
        );
    }
}
