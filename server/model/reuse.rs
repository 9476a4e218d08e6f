//! What an incremental model build takes over from the previous version's
//! model: the per-instruction results (command, variable references, flag
//! references to stages) of instructions the split carried over unchanged.
//! They are moved out of the previous model, so little is left to free.

use super::{Command, Model, StageRef, StageRefKind, VarRef};
use crate::syntax::shift::shifted_by;
use crate::syntax::CarriedFrom;

/// What an incremental build reads of a model it cannot take apart (another
/// handle still holds it): the per-instruction parts, not the stages and
/// declarations, which are computed afresh anyway.
pub(super) fn reusable_copy(model: &Model) -> Model {
    Model {
        commands: model.commands.clone(),
        stage_of_instruction: model.stage_of_instruction.clone(),
        var_refs: model.var_refs.clone(),
        stage_refs: model.stage_refs.clone(),
        ..Model::default()
    }
}

/// The previous version's model, taken apart by an incremental build.
pub(super) struct Reuse<'a> {
    /// Parallel to the new instructions.
    carried: &'a [Option<CarriedFrom>],
    /// The previous model's commands; `taken` marks those moved out already.
    commands: Vec<Command>,
    taken: Vec<bool>,
    /// The previous model's references, in instruction order, and where the
    /// last look-up in each ended.
    var_refs: Vec<VarRef>,
    var_cursor: usize,
    stage_refs: Vec<StageRef>,
    stage_cursor: usize,
    /// Flag references are only collected inside a stage.
    stage_of_instruction: Vec<Option<usize>>,
}

impl<'a> Reuse<'a> {
    pub(super) fn new(carried: &'a [Option<CarriedFrom>], previous: Model) -> Self {
        let taken = vec![false; previous.commands.len()];
        Reuse {
            carried,
            commands: previous.commands,
            taken,
            var_refs: previous.var_refs,
            var_cursor: 0,
            stage_refs: previous.stage_refs,
            stage_cursor: 0,
            stage_of_instruction: previous.stage_of_instruction,
        }
    }

    /// Where the new instruction `index` was carried from, once: a mapping
    /// that does not fit the previous model is not trusted.
    pub(super) fn take(&mut self, index: usize) -> Option<CarriedFrom> {
        let from = self.carried.get(index).copied().flatten()?;
        let taken = self.taken.get_mut(from.index)?;
        if *taken {
            return None;
        }
        *taken = true;
        Some(from)
    }

    pub(super) fn command(&mut self, from: CarriedFrom) -> Command {
        let command = std::mem::replace(&mut self.commands[from.index], Command::Unknown);
        shifted_by(command, from.delta)
    }

    /// The previous instruction's variable references.
    pub(super) fn var_refs(&mut self, from: CarriedFrom) -> &mut [VarRef] {
        let range = instruction_slice(&self.var_refs, &mut self.var_cursor, from.index, |r| r.instruction);
        &mut self.var_refs[range]
    }

    /// Whether the previous instruction's flag references were collected:
    /// not before the first FROM.
    pub(super) fn has_flag_refs(&self, from: CarriedFrom) -> bool {
        self.stage_of_instruction.get(from.index).is_some_and(Option::is_some)
    }

    /// The previous instruction's `--from`/`from=` references.
    pub(super) fn flag_refs(&mut self, from: CarriedFrom) -> impl Iterator<Item = &mut StageRef> {
        let range = instruction_slice(&self.stage_refs, &mut self.stage_cursor, from.index, |r| r.instruction);
        self.stage_refs[range].iter_mut().filter(|r| r.kind != StageRefKind::From)
    }
}

/// The items of `items` (sorted by instruction) that belong to `instruction`.
/// Carried instructions mostly come in ascending order: the search goes on
/// from `cursor`, where the last one ended, so a whole build scans each list
/// about once.
fn instruction_slice<T>(
    items: &[T],
    cursor: &mut usize,
    instruction: usize,
    of: impl Fn(&T) -> usize,
) -> std::ops::Range<usize> {
    let behind = (*cursor).checked_sub(1).and_then(|last| items.get(last)).is_some_and(|i| of(i) >= instruction);
    if behind || *cursor > items.len() {
        *cursor = items.partition_point(|item| of(item) < instruction);
    }
    let start = *cursor + items[*cursor..].iter().take_while(|item| of(item) < instruction).count();
    let end = start + items[start..].iter().take_while(|item| of(item) == instruction).count();
    *cursor = end;
    start..end
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::syntax::{split, Delta, LogicalFile, Shift};

    /// For each instruction of `new`, an unused instruction of `old` that
    /// equals it once moved to where it now starts (what a split that
    /// carries unchanged instructions over may report).
    pub(crate) fn carried_between(old: &LogicalFile, new: &LogicalFile) -> Vec<Option<CarriedFrom>> {
        let mut used = vec![false; old.instructions.len()];
        let mut carried = Vec::new();
        for instruction in &new.instructions {
            let found = old.instructions.iter().enumerate().find_map(|(index, candidate)| {
                let delta = Delta {
                    bytes: i64::from(u32::from(instruction.range.start()))
                        - i64::from(u32::from(candidate.range.start())),
                    lines: i64::from(instruction.start_line) - i64::from(candidate.start_line),
                };
                let mut moved = candidate.clone();
                moved.shift(delta);
                (!used[index] && moved == *instruction).then_some(CarriedFrom { index, delta })
            });
            if let Some(from) = found {
                used[from.index] = true;
            }
            carried.push(found);
        }
        carried
    }

    /// Builds the model of `new` from the one of `old`; returns how many
    /// instructions were carried.
    fn check_edit(old: &str, new: &str) -> usize {
        let (old_file, new_file) = (split(old), split(new));
        let carried = carried_between(&old_file, &new_file);
        let previous = Model::build(&old_file);
        let incremental = Model::build_incremental(&new_file, &carried, previous, old_file.escape);
        assert_eq!(incremental, Model::build(&new_file), "{old:?} → {new:?}");
        carried.iter().flatten().count()
    }

    const STAGES: &str = "ARG BASE=alpine\nARG TAG=3\nFROM ${BASE}:${TAG} AS build\nARG TAG\nENV P=/x:$TAG\n\
                          RUN --mount=type=cache,target=/c,from=build echo $P \\\n  && make ${TAG:-y}\n\
                          COPY --from=build /a /b\nFROM build AS test\nRUN echo $P\nCOPY --from=0 /a /b\n\
                          FROM scratch\nCOPY --from=test /t /t\nCMD [\"$P\"]\n";

    #[test]
    fn typing_in_a_run_line_carries_the_other_instructions() {
        let new = STAGES.replace("echo $P \\", "echo $P x\\");
        assert_eq!(check_edit(STAGES, &new), 12);
        assert_eq!(check_edit(&new, STAGES), 12);
    }

    #[test]
    fn adding_and_removing_a_stage() {
        let new = STAGES.replace("FROM build AS test\n", "FROM alpine AS extra\nRUN ls\nFROM build AS test\n");
        assert_eq!(check_edit(STAGES, &new), 13);
        assert_eq!(check_edit(&new, STAGES), 13);
        let without_first = STAGES.replace("FROM ${BASE}:${TAG} AS build\n", "");
        assert_eq!(check_edit(STAGES, &without_first), 12);
        assert_eq!(check_edit(&without_first, STAGES), 12);
    }

    #[test]
    fn renaming_a_stage_re_resolves_the_references() {
        assert_eq!(check_edit(STAGES, &STAGES.replace("AS build", "AS builder")), 12);
        assert_eq!(check_edit(STAGES, &STAGES.replace("AS test", "AS Build")), 12);
    }

    #[test]
    fn changing_an_arg_changes_what_later_lines_see() {
        assert_eq!(check_edit(STAGES, &STAGES.replace("ARG TAG=3", "ARG TAG=4")), 12);
        assert_eq!(check_edit(STAGES, &STAGES.replace("ARG TAG=3", "ARG TAGS=3")), 12);
        assert_eq!(check_edit(STAGES, &STAGES.replace("ENV P=", "ARG P=")), 12);
    }

    #[test]
    fn toggling_a_line_continuation() {
        let joined = STAGES.replace("echo $P \\\n", "echo $P\n");
        assert_eq!(check_edit(STAGES, &joined), 12);
        assert_eq!(check_edit(&joined, STAGES), 12);
    }

    #[test]
    fn a_new_escape_character_parses_every_instruction_again() {
        // The instruction is the same with either escape character; its
        // words are not: with `` ` `` the backslash no longer joins `x\ y`.
        let old = "FROM alpine\nENV A=x\\ y\nRUN echo $A\n";
        let new = format!("# escape=`\n{old}");
        assert_eq!(check_edit(old, &new), 3);
        assert_eq!(check_edit(&new, old), 3);
    }

    #[test]
    fn a_mapping_that_does_not_fit_the_previous_model_is_ignored() {
        let file = split(STAGES);
        let fresh = Model::build(&file);
        let everything_from_one = vec![Some(CarriedFrom { index: 0, delta: Delta::ZERO }); 1];
        let too_far = vec![Some(CarriedFrom { index: 99, delta: Delta::ZERO }); file.instructions.len()];
        for carried in [everything_from_one, too_far] {
            assert_eq!(Model::build_incremental(&file, &carried, Model::default(), file.escape), fresh);
        }
        let twice = vec![Some(CarriedFrom { index: 3, delta: Delta::ZERO }); file.instructions.len()];
        let built = Model::build_incremental(&file, &twice, fresh.clone(), file.escape);
        assert_eq!(built.commands.len(), fresh.commands.len());
    }

    const LINES: &[&str] = &[
        "ARG V=${X:-y}\n",
        "ARG X\n",
        "FROM alpine AS build\n",
        "FROM $V AS Build\n",
        "FROM build\n",
        "ENV X=1 Y=\"$X two\"\n",
        "ENV X $V\n",
        "RUN --mount=from=build,target=/x echo $X ${Y:+z} \\\n",
        "COPY --from=build /a /b\n",
        "COPY --from=1 /a /b\n",
        "ADD --chmod=$V a b\n",
        "CMD [\"$X\"]\n",
        "# escape=`\n",
        "LABEL a=b\\ c\n",
        "ONBUILD RUN echo $X\n",
        "HEALTHCHECK CMD echo $Y\n",
        "\n",
    ];

    fn lines() -> impl proptest::strategy::Strategy<Value = Vec<&'static str>> {
        proptest::collection::vec(proptest::sample::select(LINES), 0..14)
    }

    proptest::proptest! {
        /// Whatever instructions the mapping carries (moved ones too), the
        /// model equals a fresh build.
        #[test]
        fn reusing_equals_a_fresh_build(old in lines(), new in lines()) {
            check_edit(&old.concat(), &new.concat());
        }
    }
}
