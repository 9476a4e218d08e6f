//! FROM: argument count, stage names, and base images that BuildKit cannot
//! resolve.

use super::{CheckOptions, Diagnostic, Sink};
use crate::features::{Fix, TextEdit};
use crate::model::image::ImageRefError;
use crate::model::stages::is_valid_stage_name;
use crate::model::{Analysis, BaseKind, Command, Stage};
use crate::syntax::shell_word::check_word;

pub const FROM_ARGUMENTS: &str = "dls/FromArguments";
pub const INVALID_STAGE_NAME: &str = "dls/InvalidStageName";
pub const INVALID_BASE_IMAGE: &str = "dls/InvalidBaseImage";
pub const STAGE_NAME_CASE: &str = "dls/FromStageCase";

pub fn check(analysis: &Analysis, _: &CheckOptions<'_>, _: &[super::Parsed], sink: &mut Sink) {
    for stage in &analysis.model.stages {
        let instruction = analysis.instruction(stage.from);
        let Command::From { words } = analysis.command(stage.from) else { continue };
        let well_formed = words.len() == 1 || words.len() == 3 && words[1].text.eq_ignore_ascii_case("as");
        if !well_formed {
            let range = if words.is_empty() { instruction.keyword.range } else { instruction.args.range };
            let message = "FROM takes an image and an optional `AS name`: write `FROM <image> [AS <name>]`";
            sink.push(Diagnostic::error(FROM_ARGUMENTS, range, message));
            continue;
        }
        check_stage_name(stage, sink);
        check_base(analysis, stage, sink);
    }
}

fn check_stage_name(stage: &Stage, sink: &mut Sink) {
    let Some(name) = &stage.name else { return };
    if !is_valid_stage_name(&name.name) {
        let message = format!(
            "Invalid stage name `{}`: a name starts with a letter and has only letters, digits, `-`, `_` and `.`",
            name.word.text
        );
        sink.push(Diagnostic::error(INVALID_STAGE_NAME, name.word.range, message));
    }
}

fn check_base(analysis: &Analysis, stage: &Stage, sink: &mut Sink) {
    let base = &stage.base;
    if !base.unset_vars.is_empty() || check_word(&base.word.text, analysis.file.escape, true).is_err() {
        // Builds once the build-arg is given: the build checks warn about it.
        // A malformed word is reported by the word syntax rule.
        return;
    }
    let BaseKind::Invalid(error) = &base.kind else { return };
    let earlier = &analysis.model.stages[..stage.index];
    let lower = base.expanded.to_ascii_lowercase();
    if let Some(target) = earlier.iter().find(|s| s.name() == Some(lower.as_str())) {
        let message = format!(
            "`{}` is not a stage: stage names are lowercase, so FROM looks for an image; write `{}` to build on stage {}",
            base.expanded, lower, target.index
        );
        let fix = Fix::new(format!("Change to `{lower}`"), vec![TextEdit::replace(base.word.range, lower.clone())])
            .preferred();
        sink.push(Diagnostic::error(STAGE_NAME_CASE, base.word.range, message).with_fix(fix));
        return;
    }
    let message = match error {
        ImageRefError::Empty => {
            "The base image is empty after expanding build arguments: give the ARG a default value".to_string()
        }
        ImageRefError::UppercaseRepository => {
            format!("Invalid base image `{}`: repository names must be lowercase", base.expanded)
        }
        ImageRefError::InvalidFormat => {
            format!("Invalid base image `{}`: expected `[registry/]name[:tag][@digest]`", base.expanded)
        }
    };
    let range =
        if base.word.text.is_empty() { analysis.instruction(stage.from).keyword.range } else { base.word.range };
    sink.push(Diagnostic::error(INVALID_BASE_IMAGE, range, message));
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_diagnostics;

    #[test]
    fn argument_count() {
        check_diagnostics(
            "FROM a b\nFROM c AS d\nFROM e as f\n",
            expect![[r#"
                FROM <focus>a b</focus>
                FROM c AS d
                FROM e as f
                error dls/FromArguments: FROM takes an image and an optional `AS name`: write `FROM <image> [AS <name>]`
            "#]],
        );
    }

    #[test]
    fn stage_name_rules() {
        check_diagnostics(
            "FROM a AS 1st\nFROM a AS Build\nFROM a AS platform-arm/v7\n",
            expect![[r#"
                FROM a AS <focus>1st</focus>
                FROM a AS Build
                FROM a AS <focus>platform-arm/v7</focus>
                error dls/InvalidStageName: Invalid stage name `1st`: a name starts with a letter and has only letters, digits, `-`, `_` and `.`
                error dls/InvalidStageName: Invalid stage name `platform-arm/v7`: a name starts with a letter and has only letters, digits, `-`, `_` and `.`
            "#]],
        );
    }

    #[test]
    fn base_images() {
        check_diagnostics(
            "ARG V=REPLACE-ME\nARG NOVAL\nFROM $V\nFROM a:$NOVAL AS build\nFROM Build\n",
            expect![[r#"
                ARG V=REPLACE-ME
                ARG NOVAL
                FROM <focus>$V</focus>
                FROM a:$NOVAL AS build
                FROM <focus>Build</focus>
                error dls/InvalidBaseImage: Invalid base image `REPLACE-ME`: repository names must be lowercase
                error dls/FromStageCase: `Build` is not a stage: stage names are lowercase, so FROM looks for an image; write `build` to build on stage 1
            "#]],
        );
    }
}
