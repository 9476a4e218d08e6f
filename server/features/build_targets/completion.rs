//! Completion of stage names at a build file's `target` value, with each
//! stage's base image as detail.

use text_size::TextSize;

use super::target_at;
use crate::features::completion::{CompletionItem, CompletionKind};
use crate::model::build_files::BuildFile;
use crate::vfs::FileSource;

pub fn target_completion(file: &BuildFile, offset: TextSize, files: &dyn FileSource) -> Vec<CompletionItem> {
    let Some((_, target, analysis)) = target_at(file, offset, files) else { return Vec::new() };
    let model = &analysis.model;
    model
        .stage_names()
        .enumerate()
        .map(|(order, (stage, name))| CompletionItem {
            label: name.to_string(),
            kind: CompletionKind::Stage,
            detail: Some(model.stages[stage].base.word.text.clone()),
            documentation: None,
            replace: target.range,
            insert_text: name.to_string(),
            is_snippet: false,
            sort_text: format!("{order:04}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::features::build_targets::test_support::{build_file_with_cursor, workspace};

    fn check(path: &str, fixture: &str, expect: Expect) {
        let (file, text, offset) = build_file_with_cursor(path, fixture);
        let items = target_completion(&file, offset, &workspace());
        let lines: Vec<String> = items
            .iter()
            .map(|i| format!("{} ({}) replaces {:?}", i.label, i.detail.as_deref().unwrap_or(""), &text[i.replace]))
            .collect();
        expect.assert_eq(&lines.join("\n"));
    }

    #[test]
    fn stage_names_with_their_base_images() {
        check(
            "/w/compose.yaml",
            "services:\n  web:\n    build:\n      target: ru$0n\n",
            expect![[r#"
                build (golang:1.22) replaces "run"
                base (alpine:3.20) replaces "run"
                runtime (base) replaces "run"
                test (runtime) replaces "run""#]],
        );
    }

    #[test]
    fn empty_and_quoted_values() {
        check(
            "/w/compose.yaml",
            "services:\n  web:\n    build:\n      context: api\n      target: \"$0\"\n",
            expect![[r#"
                deps (node:20) replaces ""
                api (deps) replaces """#]],
        );
        check(
            "/w/compose.yaml",
            "services:\n  web:\n    build:\n      context: api\n      target: $0\n    image: x\n",
            expect![[r#"
                deps (node:20) replaces ""
                api (deps) replaces """#]],
        );
    }

    #[test]
    fn nothing_outside_targets_or_on_dynamic_values() {
        check("/w/compose.yaml", "services:\n  web:\n    build:\n      context: $0.\n      target: x\n", expect![""]);
        check("/w/compose.yaml", "services:\n  web:\n    build:\n      target: ${T$0}\n", expect![""]);
    }
}
