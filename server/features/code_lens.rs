//! Code lenses over each named stage: how many references it has, and
//! which build targets build it.

use text_size::TextRange;

use crate::model::Analysis;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeLens {
    /// The stage name the lens sits on.
    pub range: TextRange,
    pub title: String,
    /// What the lens points at (references, or the FROM lines of the targets).
    pub locations: Vec<TextRange>,
}

/// A lens names at most this many targets: in a chain of n stages each one
/// is built by all later ones, and naming them all would be quadratic.
const MAX_TARGETS: usize = 10;

/// `target` is the configured build target (`None`: the last stage).
pub fn code_lenses(analysis: &Analysis, target: Option<&str>) -> Vec<CodeLens> {
    let model = &analysis.model;
    let default_target = model.target_stage(target);
    let needed_by = reverse(&model.stage_edges());
    let mut refs_by_stage = references_by_stage(analysis);
    let mut lenses = Vec::new();
    for stage in &model.stages {
        let Some(name) = &stage.name else { continue };
        let refs = std::mem::take(&mut refs_by_stage[stage.index]);
        let title = match refs.len() {
            1 => "1 reference".to_string(),
            n => format!("{n} references"),
        };
        lenses.push(CodeLens { range: name.word.range, title, locations: refs });
        let (targets, more) = stages_needing(&needed_by, stage.index);
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
        let and_more = if more { ", …" } else { "" };
        let title = format!("built by --target {}{and_more}", labels.join(", "));
        let locations = targets.iter().map(|&t| analysis.instruction(model.stages[t].from).range).collect();
        lenses.push(CodeLens { range: name.word.range, title, locations });
    }
    lenses
}

/// For each stage, where it is referenced (FROM, `--from`, mount `from=`), in
/// text order: one pass over the references, not one per stage.
fn references_by_stage(analysis: &Analysis) -> Vec<Vec<TextRange>> {
    let mut by_stage = vec![Vec::new(); analysis.model.stages.len()];
    for reference in &analysis.model.stage_refs {
        if let Some(refs) = reference.target.stage().and_then(|s| by_stage.get_mut(s)) {
            refs.push(reference.range);
        }
    }
    for refs in &mut by_stage {
        refs.sort_by_key(|r: &TextRange| (r.start(), r.end()));
        refs.dedup();
    }
    by_stage
}

/// For each stage, the stages that need it directly.
fn reverse(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut reverse = vec![Vec::new(); edges.len()];
    for (from, targets) in edges.iter().enumerate() {
        for &to in targets {
            if let Some(list) = reverse.get_mut(to) {
                list.push(from);
            }
        }
    }
    reverse
}

/// The stages whose build needs `stage` (itself included), in index order, at
/// most [`MAX_TARGETS`] of them (the closest first); true when there are more.
fn stages_needing(needed_by: &[Vec<usize>], stage: usize) -> (Vec<usize>, bool) {
    let mut found = vec![stage];
    let mut next = 0;
    while next < found.len() {
        for &s in needed_by.get(found[next]).map_or(&[][..], |v| v.as_slice()) {
            if found.contains(&s) {
                continue;
            }
            if found.len() == MAX_TARGETS {
                found.sort_unstable();
                return (found, true);
            }
            found.push(s);
        }
        next += 1;
    }
    found.sort_unstable();
    (found, false)
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

    #[test]
    fn a_long_chain_names_the_first_targets_only() {
        let text: String = (0..30)
            .map(|i| format!("FROM {} AS s{i}\n", if i == 0 { "alpine".to_string() } else { format!("s{}", i - 1) }))
            .collect();
        let analysis = Analysis::from_text(&text);
        let lenses = code_lenses(&analysis, None);
        expect!["built by --target s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, …"].assert_eq(&lenses[1].title);
        expect!["built by --target s29 (default)"].assert_eq(&lenses[59].title);
    }
}
