//! Build targets: which stage `--target NAME` (or a compose/bake/… `target`)
//! builds, and which stages that build pulls in.

use super::Model;

impl Model {
    /// The stage a build target names, matched case-insensitively as
    /// BuildKit matches `--target` (the last stage of that name wins, as in
    /// its `statesByName`).
    pub fn build_target(&self, name: &str) -> Option<usize> {
        let lower = name.to_ascii_lowercase();
        self.stages.iter().rev().find(|s| s.name() == Some(lower.as_str())).map(|s| s.index)
    }

    /// The stages built for target `stage`, in document order: the BuildKit
    /// closure over `FROM`, `--from` and mount `from=` edges.
    pub fn target_closure(&self, stage: usize) -> Vec<usize> {
        if stage >= self.stages.len() {
            return Vec::new();
        }
        let needed = self.stages_needed_by(stage);
        (0..needed.len()).filter(|&s| needed[s]).collect()
    }

    /// The named stages, in document order, as written (for completion and
    /// suggestions).
    pub fn stage_names(&self) -> impl Iterator<Item = (usize, &str)> {
        self.stages.iter().filter_map(|s| s.name.as_ref().map(|n| (s.index, n.word.text.as_str())))
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Analysis;

    #[test]
    fn targets_match_case_insensitively_and_pull_in_their_dependencies() {
        let text = "FROM alpine AS base\nFROM golang AS build\nRUN --mount=from=base,target=/b ls\nFROM scratch AS Out\nCOPY --from=build /a /a\nFROM base AS test\n";
        let model = &Analysis::from_text(text).model;
        assert_eq!(model.build_target("OUT"), Some(2));
        assert_eq!(model.build_target("nope"), None);
        assert_eq!(model.target_closure(2), vec![0, 1, 2]);
        assert_eq!(model.target_closure(3), vec![0, 3]);
        assert_eq!(model.target_closure(9), Vec::<usize>::new());
        let names: Vec<&str> = model.stage_names().map(|(_, n)| n).collect();
        assert_eq!(names, ["base", "build", "Out", "test"]);
    }

    #[test]
    fn the_last_stage_of_a_duplicated_name_wins() {
        let model = &Analysis::from_text("FROM a AS x\nFROM b AS x\n").model;
        assert_eq!(model.build_target("x"), Some(1));
    }
}
