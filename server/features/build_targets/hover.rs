//! Hover on a build file's `target` value: the stage, its base image and
//! the stages building it pulls in.

use std::fmt::Write;

use text_size::TextSize;

use super::{shown_path, target_at};
use crate::features::hover::Hover;
use crate::model::build_files::{BuildFile, DockerfileRef};
use crate::vfs::FileSource;

pub fn target_hover(file: &BuildFile, offset: TextSize, files: &dyn FileSource) -> Option<Hover> {
    let (entry, target, analysis) = target_at(file, offset, files)?;
    let model = &analysis.model;
    let stage = model.build_target(target.name.as_deref()?)?;
    let s = &model.stages[stage];
    let dockerfile = match &entry.dockerfile {
        DockerfileRef::Path(p) => format!("`{}`", shown_path(file, p)),
        _ => "the inline Dockerfile".to_string(),
    };
    let mut md = format!("**stage `{}`** (index {}) of {dockerfile}\n\n", s.label(), s.index);
    let _ = writeln!(md, "```dockerfile\nFROM {}\n```", s.base.word.text);
    if s.base.expanded != s.base.word.text {
        let _ = writeln!(md, "\nbase image: `{}`", s.base.expanded);
    }
    let built: Vec<String> =
        model.target_closure(stage).iter().map(|&i| format!("`{}`", model.stages[i].label())).collect();
    let _ = write!(md, "\nbuilds {}", built.join(", "));
    if stage + 1 == model.stages.len() {
        md.push_str("\n\nthe last stage: also the default target");
    }
    Some(Hover { range: target.range, markdown: md })
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::features::build_targets::test_support::{build_file_with_cursor, workspace};

    #[test]
    fn stage_base_and_closure() {
        let (file, text, offset) =
            build_file_with_cursor("/w/compose.yaml", "services:\n  web:\n    build:\n      target: run$0time\n");
        let hover = target_hover(&file, offset, &workspace()).expect("a hover");
        assert_eq!(&text[hover.range], "runtime");
        expect![[r#"
            **stage `runtime`** (index 2) of `Dockerfile`

            ```dockerfile
            FROM base
            ```

            builds `build`, `base`, `runtime`"#]]
        .assert_eq(&hover.markdown);
    }
}
