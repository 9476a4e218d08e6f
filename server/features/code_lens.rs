//! Code lenses over each named stage: how many references it has, and
//! which build targets build it.

use text_size::TextRange;

use super::references::{references_to, Target};
use crate::model::Analysis;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeLens {
    /// The stage name the lens sits on.
    pub range: TextRange,
    pub title: String,
    /// What the lens points at (references, or the FROM lines of the targets).
    pub locations: Vec<TextRange>,
}

/// `target` is the configured build target (`None`: the last stage).
pub fn code_lenses(analysis: &Analysis, target: Option<&str>) -> Vec<CodeLens> {
    let model = &analysis.model;
    let default_target = model.target_stage(target);
    let mut lenses = Vec::new();
    for stage in &model.stages {
        let Some(name) = &stage.name else { continue };
        let refs: Vec<TextRange> = references_to(analysis, &Target::Stage(stage.index))
            .into_iter()
            .filter(|r| !r.is_declaration)
            .map(|r| r.range)
            .collect();
        let title = match refs.len() {
            1 => "1 reference".to_string(),
            n => format!("{n} references"),
        };
        lenses.push(CodeLens { range: name.word.range, title, locations: refs });
        let targets = analysis.stages_needing(stage.index);
        let labels: Vec<String> = targets
            .iter()
            .map(|&t| {
                let label = model.stages[t].label();
                if Some(t) == default_target {
                    format!("{label} (default)")
                } else {
                    label
                }
            })
            .collect();
        let title = format!("built by --target {}", labels.join(", "));
        let locations = targets.iter().map(|&t| analysis.instruction(model.stages[t].from).range).collect();
        lenses.push(CodeLens { range: name.word.range, title, locations });
    }
    lenses
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;

    #[test]
    fn references_and_targets_per_named_stage() {
        let text =
            "FROM golang AS build\nFROM build AS test\nFROM alpine AS runtime\nCOPY --from=build /a /a\nFROM scratch\n";
        let analysis = Analysis::from_text(text);
        let rendered: Vec<String> = code_lenses(&analysis, Some("runtime"))
            .iter()
            .map(|l| format!("{}: {} ({} locations)", &text[l.range], l.title, l.locations.len()))
            .collect();
        expect![[r#"
            build: 2 references (2 locations)
            build: built by --target build, test, runtime (default) (3 locations)
            test: 0 references (0 locations)
            test: built by --target test (1 locations)
            runtime: 0 references (0 locations)
            runtime: built by --target runtime (default) (1 locations)"#]]
        .assert_eq(&rendered.join("\n"));
    }
}
