//! RedundantTargetPlatform: `FROM --platform=$TARGETPLATFORM`, which is what
//! FROM does anyway.

use super::{platform_flag, raw_text, warning};
use crate::features::diagnostics::Sink;
use crate::features::{Fix, TextEdit};
use crate::model::expand::{expand, find_var_uses};
use crate::model::Analysis;

pub const CODE: &str = "RedundantTargetPlatform";

const SENTINEL: &str = "\u{0}target-platform\u{0}";

pub fn check(analysis: &Analysis, sink: &mut Sink) {
    let escape = analysis.file.escape;
    for stage in &analysis.model.stages {
        let Some((flag, value)) = platform_flag(analysis, stage.from) else { continue };
        let uses = find_var_uses(&value.text, escape);
        if uses.is_empty() || uses.iter().any(|u| u.name != "TARGETPLATFORM") {
            continue;
        }
        let lookup = |name: &str| (name == "TARGETPLATFORM").then(|| SENTINEL.to_string());
        if expand(&value.text, escape, &lookup).value != SENTINEL {
            continue;
        }
        let message = format!(
            "Setting platform to predefined {} in FROM is redundant as this is the default behavior: remove the flag",
            value.text
        );
        let text = &*analysis.text;
        let end = usize::from(flag.range.end()).min(text.len());
        let trailing = text[end..].len() - text[end..].trim_start_matches([' ', '\t']).len();
        let range = text_size::TextRange::new(flag.range.start(), ((end + trailing) as u32).into());
        let fix = Fix {
            title: format!("Remove `{}`", raw_text(analysis, stage.from, &flag)),
            edits: vec![TextEdit::delete(range)],
            preferred: true,
            create_files: Vec::new(),
        };
        sink.push(warning(CODE, flag.range, message).with_fix(fix));
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::check_rule;

    #[test]
    fn target_platform_alone() {
        check_rule(
            super::CODE,
            "FROM --platform=${TARGETPLATFORM} a\nFROM --platform=$BUILDPLATFORM b\nFROM --platform=$TARGETPLATFORM-x c\n",
            expect![[r#"
                FROM <focus>--platform=${TARGETPLATFORM}</focus> a
                FROM --platform=$BUILDPLATFORM b
                FROM --platform=$TARGETPLATFORM-x c
                warning RedundantTargetPlatform: Setting platform to predefined ${TARGETPLATFORM} in FROM is redundant as this is the default behavior: remove the flag
                  fix Remove `--platform=${TARGETPLATFORM}`:
                    |FROM a
                    |FROM --platform=$BUILDPLATFORM b
                    |FROM --platform=$TARGETPLATFORM-x c
            "#]],
        );
    }
}
