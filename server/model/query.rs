//! Cheap position queries over the model, shared by the editing features:
//! "what is at this offset", "which variables are visible here", "which
//! declarations are the same variable". Stage refs, variable declarations
//! and variable references are stored in instruction order, so lookups by
//! instruction are binary searches.

use std::collections::HashMap;
use std::ops::Range;

use text_size::{TextRange, TextSize};

use super::{Analysis, BaseKind, Scope, VarKind};

/// A named thing under the cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Symbol {
    /// The `AS name` of a stage.
    StageName(usize),
    /// An index into `Model::stage_refs`.
    StageRef(usize),
    /// An index into `Model::vars`.
    VarDecl(usize),
    /// An index into `Model::var_refs`.
    VarRef(usize),
}

/// A symbol and the range of its name at the queried offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub symbol: Symbol,
    pub range: TextRange,
}

impl Analysis {
    /// The symbol whose name contains `offset` (end inclusive, so a cursor
    /// right after a name still finds it).
    pub fn symbol_at(&self, offset: TextSize) -> Option<Hit> {
        let instruction = self.instruction_at(offset)?;
        let contains = |r: TextRange| r.start() <= offset && offset <= r.end();
        let model = &self.model;
        let var_ref = self.var_refs_in(instruction).find(|&i| contains(model.var_refs[i].name_range));
        if let Some(i) = var_ref {
            return Some(Hit { symbol: Symbol::VarRef(i), range: model.var_refs[i].name_range });
        }
        let var_decl = self.vars_in(instruction).find(|&i| contains(model.vars[i].name_range));
        if let Some(i) = var_decl {
            return Some(Hit { symbol: Symbol::VarDecl(i), range: model.vars[i].name_range });
        }
        let stage_ref = self.stage_refs_in(instruction).find(|&i| contains(model.stage_refs[i].range));
        if let Some(i) = stage_ref {
            return Some(Hit { symbol: Symbol::StageRef(i), range: model.stage_refs[i].range });
        }
        let stage = self.stage_of(instruction).filter(|&s| model.stages[s].from == instruction)?;
        let name = model.stages[stage].name.as_ref().filter(|n| contains(n.word.range))?;
        Some(Hit { symbol: Symbol::StageName(stage), range: name.word.range })
    }

    /// Indices into `Model::var_refs` of the references in one instruction.
    pub fn var_refs_in(&self, instruction: usize) -> Range<usize> {
        let refs = &self.model.var_refs;
        let start = refs.partition_point(|r| r.instruction < instruction);
        let end = refs.partition_point(|r| r.instruction <= instruction);
        start..end
    }

    /// Indices into `Model::vars` of the declarations made by one instruction.
    pub fn vars_in(&self, instruction: usize) -> Range<usize> {
        self.vars_in_instructions(instruction..instruction + 1)
    }

    /// Indices into `Model::stage_refs` of the references in one instruction.
    pub fn stage_refs_in(&self, instruction: usize) -> Range<usize> {
        let refs = &self.model.stage_refs;
        let start = refs.partition_point(|r| r.instruction < instruction);
        let end = refs.partition_point(|r| r.instruction <= instruction);
        start..end
    }

    fn vars_in_instructions(&self, instructions: Range<usize>) -> Range<usize> {
        let vars = &self.model.vars;
        let start = vars.partition_point(|v| v.instruction < instructions.start);
        let end = vars.partition_point(|v| v.instruction < instructions.end);
        start..end.max(start)
    }

    /// The variables visible to instruction `instruction` (name → declaration),
    /// with BuildKit's scoping: FROM lines and the instructions before the
    /// first FROM see the global ARGs; a stage sees the ENV inherited from its
    /// base stage and what it declared before this instruction, ENV winning
    /// over an ARG of the same name.
    pub fn visible_vars(&self, instruction: usize) -> HashMap<&str, usize> {
        let stage = self.stage_of(instruction);
        let is_from = stage.is_some_and(|s| self.model.stages[s].from == instruction);
        match stage {
            Some(s) if !is_from => self.stage_vars(s, instruction),
            _ => {
                let globals = self.vars_in_instructions(0..instruction);
                let mut map = HashMap::new();
                for id in globals.filter(|&id| self.model.vars[id].scope == Scope::Global) {
                    map.insert(self.model.vars[id].name.as_str(), id);
                }
                map
            }
        }
    }

    /// What stage `stage` sees just before instruction `before`.
    fn stage_vars(&self, stage: usize, before: usize) -> HashMap<&str, usize> {
        let stages = &self.model.stages;
        // The chain of base stages, oldest first; bases are always earlier stages.
        let mut chain = vec![stage];
        let mut current = stage;
        while let BaseKind::Stage(base) = stages[current].base.kind {
            if base >= current || chain.len() > stages.len() {
                break;
            }
            chain.push(base);
            current = base;
        }
        let mut map: HashMap<&str, usize> = HashMap::new();
        for &s in chain.iter().rev() {
            map.retain(|_, id| self.model.vars[*id].kind == VarKind::Env);
            let end = if s == stage { before } else { stages[s].end };
            for id in self.vars_in_instructions(stages[s].from..end) {
                let decl = &self.model.vars[id];
                let shadowed_by_env = decl.kind == VarKind::Arg
                    && map.get(decl.name.as_str()).is_some_and(|&d| self.model.vars[d].kind == VarKind::Env);
                if !shadowed_by_env {
                    map.insert(decl.name.as_str(), id);
                }
            }
        }
        map
    }

    /// The declarations that are one variable: a global ARG and the stage
    /// `ARG NAME` lines that inherit its value. Sorted.
    pub fn var_family(&self, decl: usize) -> Vec<usize> {
        let vars = &self.model.vars;
        let Some(d) = vars.get(decl) else { return Vec::new() };
        let root = d.inherits.unwrap_or(decl);
        let mut family: Vec<usize> = (0..vars.len()).filter(|&i| i == root || vars[i].inherits == Some(root)).collect();
        family.sort_unstable();
        family
    }

    /// Indices of the stages whose build needs `stage` (itself included).
    pub fn stages_needing(&self, stage: usize) -> Vec<usize> {
        let count = self.model.stages.len();
        let mut needed_by = vec![false; count];
        let mut stack = vec![stage];
        while let Some(s) = stack.pop() {
            if s < count && !needed_by[s] {
                needed_by[s] = true;
                for r in &self.model.stage_refs {
                    if r.target.stage() == Some(s) {
                        stack.push(r.in_stage);
                    }
                }
            }
        }
        (0..count).filter(|&s| needed_by[s]).collect()
    }

    /// 0-based line of an instruction's first line.
    pub fn line_of(&self, instruction: usize) -> u32 {
        self.file.instructions.get(instruction).map_or(0, |i| i.start_line)
    }
}

#[cfg(test)]
mod tests {
    use crate::features::fixture::with_cursor;

    fn visible_at(fixture: &str) -> Vec<String> {
        let (analysis, offset) = with_cursor(fixture);
        let instruction = analysis.instruction_at(offset).expect("cursor on an instruction");
        let mut names: Vec<String> = analysis
            .visible_vars(instruction)
            .into_iter()
            .map(|(name, id)| format!("{name}@{}", analysis.line_of(analysis.model.vars[id].instruction) + 1))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn globals_are_visible_to_from_only() {
        let text = "ARG V=1\nFROM a:$0$V\nRUN x\n";
        assert_eq!(visible_at(text), ["V@1"]);
        assert!(visible_at("ARG V=1\nFROM a\nRUN $0x\n").is_empty());
    }

    #[test]
    fn env_is_inherited_from_the_base_stage_and_wins_over_arg() {
        let text = "FROM a AS one\nENV E=1\nARG A\nFROM one\nARG E\nRUN $0x\n";
        assert_eq!(visible_at(text), ["E@2"]);
    }

    #[test]
    fn only_earlier_declarations_are_visible() {
        let text = "FROM a\nARG A\nRUN $0x\nARG B\n";
        assert_eq!(visible_at(text), ["A@2"]);
    }

    #[test]
    fn symbol_at_finds_names_with_inclusive_end() {
        let (analysis, offset) = with_cursor("FROM a AS build$0\nCOPY --from=build / /\n");
        assert_eq!(analysis.symbol_at(offset).map(|h| h.symbol), Some(super::Symbol::StageName(0)));
        let (analysis, offset) = with_cursor("FROM a AS build\nCOPY --from=bu$0ild / /\n");
        assert_eq!(analysis.symbol_at(offset).map(|h| h.symbol), Some(super::Symbol::StageRef(1)));
    }
}
