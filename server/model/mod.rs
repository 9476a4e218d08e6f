//! The semantic model of one Dockerfile: commands, stages, references between
//! stages, variables and their scopes. Protocol-free; built from the syntax
//! layer in one linear pass.

pub mod build_files;
pub mod command;
pub mod expand;
pub mod flags;
pub mod graph;
pub mod image;
pub mod mount;
pub mod paths;
pub mod platform;
pub mod query;
mod reuse;
pub mod stages;
pub mod targets;
pub mod vars;
pub mod workdir;

use std::collections::HashMap;

/// Shared names: a stage's map is copied on write, and its copied nodes share the keys.
type EnvMap = imbl::HashMap<Arc<str>, usize>;
use std::sync::Arc;

use text_size::{TextRange, TextSize};

use crate::syntax::shift::shifted_by;
use crate::syntax::{self, CarriedFrom, Document, Instruction, LogicalFile, SyntaxTree, Word};
pub use command::{Command, CommandForm};
pub use query::{Hit, Symbol};
use reuse::Reuse;
pub use stages::{Base, BaseKind, RefTarget, Stage, StageRef, StageRefKind};
pub use vars::{Scope, VarDecl, VarKind, VarRef};

/// Everything the features need about one version of a document.
/// (`Default`: the analysis of nothing, a placeholder.)
#[derive(Default)]
pub struct Analysis {
    pub text: Arc<str>,
    pub file: LogicalFile,
    pub tree: SyntaxTree,
    pub model: Model,
    /// For an analysis built by [`Analysis::incremental`]: parallel to
    /// `file.instructions`, where each instruction was carried from (its index
    /// in the previous version and how far it moved), `None` for those split
    /// afresh. A carried instruction is the previous one shifted by the delta,
    /// so whatever was computed from that instruction alone (and the escape
    /// character, when it is unchanged) can be carried over the same way.
    /// Empty for an analysis built from scratch.
    pub carried: Vec<Option<CarriedFrom>>,
}

impl Analysis {
    pub fn new(document: &Document) -> Analysis {
        let text = document.text().clone();
        let built = std::panic::catch_unwind(|| {
            let file = syntax::split(&text);
            let model = Model::build(&file);
            (file, model)
        });
        // A bug in the analysis must not take the editor session down with it.
        let (file, model) = built.unwrap_or_else(|_| {
            tracing::error!("analysis panicked; serving an empty model for this version");
            (LogicalFile::default(), Model::default())
        });
        Analysis { text, file, tree: document.tree().clone(), model, carried: Vec::new() }
    }

    /// The analysis of `document` after an edit, reusing what `previous`
    /// (the analysis of the version before) computed for the instructions the
    /// edit left alone. Equal to `Analysis::new(document)`, `carried` aside.
    /// `previous` is taken apart when this is its only handle, else copied.
    pub fn incremental(document: &Document, previous: Arc<Analysis>) -> Analysis {
        let text = document.text().clone();
        let (old_text, old_file, old_model) = match Arc::try_unwrap(previous) {
            Ok(unique) => (unique.text, unique.file, unique.model),
            Err(shared) => (shared.text.clone(), shared.file.clone(), reuse::reusable_copy(&shared.model)),
        };
        let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let old_escape = old_file.escape;
            let (file, carried) = syntax::split_incremental(old_file, &old_text, &text);
            let model = Model::build_incremental(&file, &carried, old_model, old_escape);
            (file, model, carried)
        }));
        match built {
            Ok((file, model, carried)) => Analysis { text, file, tree: document.tree().clone(), model, carried },
            Err(_) => {
                tracing::error!("incremental analysis panicked; analysing this version from scratch");
                Analysis::new(document)
            }
        }
    }

    /// For tests and the CLI: analysis of a text without a live document.
    pub fn from_text(text: &str) -> Analysis {
        Analysis::new(&Document::new(text))
    }

    /// Index of the instruction whose range contains `offset` (end inclusive).
    pub fn instruction_at(&self, offset: TextSize) -> Option<usize> {
        let instructions = &self.file.instructions;
        let idx = instructions.partition_point(|i| i.range.end() < offset);
        instructions.get(idx).filter(|i| i.range.start() <= offset).map(|_| idx)
    }

    pub fn instruction(&self, index: usize) -> &Instruction {
        &self.file.instructions[index]
    }

    pub fn command(&self, index: usize) -> &Command {
        &self.model.commands[index]
    }

    /// The stage an instruction belongs to (`None` before the first FROM).
    pub fn stage_of(&self, instruction: usize) -> Option<usize> {
        self.model.stage_of_instruction.get(instruction).copied().flatten()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Model {
    /// Parallel to the logical file's instructions.
    pub commands: Vec<Command>,
    pub stage_of_instruction: Vec<Option<usize>>,
    pub stages: Vec<Stage>,
    pub stage_refs: Vec<StageRef>,
    pub vars: Vec<VarDecl>,
    pub var_refs: Vec<VarRef>,
}

impl Model {
    pub fn build(file: &LogicalFile) -> Model {
        Builder::new(file, None).run()
    }

    /// `Model::build(file)`, moving the per-instruction results of `previous`
    /// over for the instructions `carried` (parallel to `file.instructions`)
    /// says were carried from the previous version: their command, variable
    /// references and `--from`/`from=` references are taken out of
    /// `previous` and shifted instead of parsed again. Everything that depends
    /// on context (stages, scopes, declarations and what references resolve
    /// to) is computed afresh. `previous_escape` is the escape character
    /// `previous` was built with: when it changed, nothing is reused.
    pub fn build_incremental(
        file: &LogicalFile,
        carried: &[Option<CarriedFrom>],
        previous: Model,
        previous_escape: char,
    ) -> Model {
        let reuse = (previous_escape == file.escape).then(|| Reuse::new(carried, previous));
        Builder::new(file, reuse).run()
    }

    pub fn stage_by_name(&self, name: &str) -> Option<&Stage> {
        let lower = name.to_ascii_lowercase();
        self.stages.iter().find(|s| s.name() == Some(lower.as_str()))
    }

    /// The stage `--target` names (case-insensitive), or the last one.
    pub fn target_stage(&self, target: Option<&str>) -> Option<usize> {
        match target {
            Some(t) => self.stage_by_name(t).map(|s| s.index),
            None => self.stages.len().checked_sub(1),
        }
    }

    /// Stages built for `target`: the closure over FROM, `--from` and mount edges.
    pub fn stages_needed_by(&self, target: usize) -> Vec<bool> {
        graph::reachable(&self.stage_edges(), target)
    }

    /// For each stage, the stages it needs.
    pub fn stage_edges(&self) -> Vec<Vec<usize>> {
        let mut edges: Vec<Vec<usize>> = vec![Vec::new(); self.stages.len()];
        for r in &self.stage_refs {
            if let RefTarget::Stage(to) | RefTarget::LaterStage(to) = r.target {
                edges[r.in_stage].push(to);
            }
        }
        edges
    }

    /// A component id per stage: stages that need each other share one.
    pub fn stage_cycles(&self) -> Vec<usize> {
        graph::components(&self.stage_edges())
    }

    /// References to a stage, in document order.
    pub fn refs_to_stage(&self, stage: usize) -> impl Iterator<Item = &StageRef> {
        self.stage_refs.iter().filter(move |r| r.target.stage() == Some(stage))
    }
}

/// Longer variable values are cut: no real Dockerfile has one (a long `PATH`
/// or `JAVA_OPTS` is a few hundred bytes), and it bounds the model's size.
const MAX_VALUE_LEN: usize = 2048;

struct Builder<'a> {
    file: &'a LogicalFile,
    escape: char,
    model: Model,
    /// Global ARGs visible to FROM lines, by name.
    globals: HashMap<String, usize>,
    /// ENV visible at the end of each finished stage (inherited by `FROM stage`).
    /// Persistent maps: a stage built on another starts from a cheap clone.
    stage_envs: Vec<EnvMap>,
    /// Variables visible at this point of the current stage.
    visible: EnvMap,
    /// The ENV part of `visible`: what a stage built on this one inherits.
    visible_env: EnvMap,
    /// Lowercased stage name → the last stage so named (BuildKit's `statesByName`).
    stage_names: HashMap<String, usize>,
    /// What an incremental build takes over from the previous version.
    reuse: Option<Reuse<'a>>,
}

impl<'a> Builder<'a> {
    fn new(file: &'a LogicalFile, reuse: Option<Reuse<'a>>) -> Self {
        let count = file.instructions.len();
        Builder {
            file,
            escape: file.escape,
            model: Model {
                commands: Vec::with_capacity(count),
                stage_of_instruction: Vec::with_capacity(count),
                ..Model::default()
            },
            globals: HashMap::new(),
            stage_envs: Vec::new(),
            visible: EnvMap::new(),
            visible_env: EnvMap::new(),
            stage_names: HashMap::new(),
            reuse,
        }
    }

    fn run(mut self) -> Model {
        for (index, instruction) in self.file.instructions.iter().enumerate() {
            let carried = self.reuse.as_mut().and_then(|r| r.take(index));
            let command = match (carried, &mut self.reuse) {
                (Some(from), Some(reuse)) => reuse.command(from),
                _ => command::parse_command(instruction, self.escape),
            };
            if let Command::From { words } = &command {
                self.start_stage(index, instruction, words);
            }
            let stage = self.model.stages.len().checked_sub(1);
            self.model.stage_of_instruction.push(stage);
            match carried {
                Some(from) => self.carry_refs(from, index, instruction, &command, stage),
                None => {
                    self.collect_stage_refs(index, instruction, stage);
                    self.collect_var_refs(index, instruction, &command, stage);
                }
            }
            self.declare_vars(index, &command, stage);
            self.model.commands.push(command);
        }
        self.finish_stage();
        self.resolve_flag_refs();
        self.model
    }

    fn start_stage(&mut self, index: usize, instruction: &Instruction, words: &[Word]) {
        self.finish_stage();
        let stage_index = self.model.stages.len();
        let image = words
            .first()
            .cloned()
            .unwrap_or_else(|| Word { range: TextRange::empty(instruction.args.range.start()), ..Word::default() });
        let expansion = expand::expand(&image.text, self.escape, &|name| self.global_value(name));
        let base_stage = self.earlier_stage_named(&expansion.value);
        let kind = BaseKind::classify(&expansion.value, base_stage);
        let has_as = words.get(1).is_some_and(|w| w.text.eq_ignore_ascii_case("as"));
        let name = words
            .get(2)
            .filter(|_| has_as && words.len() == 3)
            .map(|w| stages::StageName { name: w.text.to_ascii_lowercase(), word: w.clone() });
        let platform = flag_value(instruction, "platform");
        if let Some(n) = &name {
            self.stage_names.insert(n.name.clone(), stage_index);
        }
        self.model.stages.push(Stage {
            index: stage_index,
            from: index,
            end: index + 1,
            name,
            as_keyword: words.get(1).filter(|_| has_as).cloned(),
            base: Base {
                word: image.clone(),
                expanded: expansion.value.clone(),
                unset_vars: expansion.unset,
                kind: kind.clone(),
            },
            platform,
        });
        if !image.text.is_empty() {
            let target = match kind {
                BaseKind::Stage(i) => RefTarget::Stage(i),
                _ => RefTarget::Image,
            };
            self.model.stage_refs.push(StageRef {
                kind: StageRefKind::From,
                text: image.text.clone(),
                range: image.range,
                instruction: index,
                in_stage: stage_index,
                target,
            });
        }
        self.visible_env = match base_stage {
            Some(i) => self.stage_envs.get(i).cloned().unwrap_or_default(),
            None => EnvMap::new(),
        };
        self.visible = self.visible_env.clone();
    }

    fn finish_stage(&mut self) {
        let count = self.model.stages.len();
        if count == 0 || self.stage_envs.len() == count {
            return;
        }
        if let Some(stage) = self.model.stages.last_mut() {
            stage.end = self.model.commands.len().max(stage.from + 1);
        }
        self.stage_envs.push(self.visible_env.clone());
    }

    fn earlier_stage_named(&self, name: &str) -> Option<usize> {
        // FROM matches stage names exactly: BuildKit stores them lowercased.
        self.stage_names.get(name).copied()
    }

    fn global_value(&self, name: &str) -> Option<String> {
        self.globals.get(name).and_then(|&d| self.model.vars[d].value.clone())
    }

    fn visible_value(&self, name: &str) -> Option<String> {
        self.visible.get(name).and_then(|&d| self.model.vars[d].value.clone())
    }

    fn collect_stage_refs(&mut self, index: usize, instruction: &Instruction, stage: Option<usize>) {
        let Some(stage) = stage else { return };
        let (copies, runs) = (instruction.is("copy") || instruction.is("add"), instruction.is("run"));
        if !copies && !runs {
            return;
        }
        for flag in &instruction.flags {
            let refs = match flag_name(&flag.text) {
                "from" if copies => from_flag_ref(instruction, flag),
                "mount" if runs => mount_from_ref(instruction, flag),
                _ => None,
            };
            if let Some((kind, text, range)) = refs {
                // Resolved once all stages are known: `--from` may name a later stage.
                let target = RefTarget::Image;
                self.model.stage_refs.push(StageRef { kind, text, range, instruction: index, in_stage: stage, target });
            }
        }
    }

    /// The references of a carried instruction, moved over from the previous model.
    fn carry_refs(
        &mut self,
        from: CarriedFrom,
        index: usize,
        instruction: &Instruction,
        command: &Command,
        stage: Option<usize>,
    ) {
        // Flag references are only collected inside a stage: an instruction
        // that was before the first FROM has none to carry.
        if self.reuse.as_ref().is_some_and(|r| r.has_flag_refs(from)) {
            self.carry_stage_refs(from, index, stage);
        } else {
            self.collect_stage_refs(index, instruction, stage);
        }
        self.carry_var_refs(from, index, command, stage);
    }

    /// The flag references of a carried instruction (resolved later, as fresh ones).
    fn carry_stage_refs(&mut self, from: CarriedFrom, index: usize, stage: Option<usize>) {
        let (Some(reuse), Some(stage)) = (&mut self.reuse, stage) else { return };
        for r in reuse.flag_refs(from) {
            let (text, range) = (std::mem::take(&mut r.text), shifted_by(r.range, from.delta));
            let target = RefTarget::Image;
            self.model.stage_refs.push(StageRef {
                kind: r.kind,
                text,
                range,
                instruction: index,
                in_stage: stage,
                target,
            });
        }
    }

    /// Resolves `--from` and mount `from=` values against all stages.
    fn resolve_flag_refs(&mut self) {
        let stage_count = self.model.stages.len();
        for r in &mut self.model.stage_refs {
            if r.kind != StageRefKind::From {
                let allow_index = r.kind == StageRefKind::CopyFrom;
                r.target = stages::resolve_from_value(&r.text, r.in_stage, stage_count, &self.stage_names, allow_index);
            }
        }
    }

    fn collect_var_refs(&mut self, index: usize, instruction: &Instruction, command: &Command, stage: Option<usize>) {
        let mut in_shell = None;
        let scope = stage.map_or(Scope::Global, Scope::Stage);
        let is_from = matches!(command, Command::From { .. });
        let mut pieces: Vec<&Word> = instruction.flags.iter().collect();
        pieces.push(&instruction.args);
        for piece in pieces {
            for u in expand::find_var_uses(&piece.text, self.escape) {
                let line = &instruction.line;
                let decl = declaration_seen(&self.globals, &self.visible, &u.name, is_from);
                self.model.var_refs.push(VarRef {
                    range: line.source_range(piece.offset + u.start, piece.offset + u.end),
                    name_range: line
                        .source_range(piece.offset + u.name_start, piece.offset + u.name_start + u.name.len()),
                    name: u.name,
                    instruction: index,
                    scope,
                    decl,
                    in_shell: *in_shell.get_or_insert_with(|| is_in_shell(instruction)),
                    has_fallback: u.has_fallback,
                });
            }
        }
    }

    /// The variable references of a carried instruction, moved over and
    /// resolved against what is visible here.
    fn carry_var_refs(&mut self, from: CarriedFrom, index: usize, command: &Command, stage: Option<usize>) {
        let Some(reuse) = &mut self.reuse else { return };
        let scope = stage.map_or(Scope::Global, Scope::Stage);
        let is_from = matches!(command, Command::From { .. });
        for r in reuse.var_refs(from) {
            let name = std::mem::take(&mut r.name);
            let decl = declaration_seen(&self.globals, &self.visible, &name, is_from);
            self.model.var_refs.push(VarRef {
                decl,
                name,
                range: shifted_by(r.range, from.delta),
                name_range: shifted_by(r.name_range, from.delta),
                instruction: index,
                scope,
                in_shell: r.in_shell,
                has_fallback: r.has_fallback,
            });
        }
    }

    fn declare_vars(&mut self, index: usize, command: &Command, stage: Option<usize>) {
        let scope = stage.map_or(Scope::Global, Scope::Stage);
        match command {
            Command::Arg { defs } => {
                for def in defs {
                    let inherits = (stage.is_some() && def.default.is_none())
                        .then(|| self.globals.get(&def.name.text).copied())
                        .flatten();
                    let value = match (&def.default, inherits) {
                        (Some(w), _) => Some(self.expand_in_scope(&w.text, stage)),
                        (None, Some(g)) => self.model.vars[g].value.clone(),
                        (None, None) => None,
                    };
                    let decl = VarDecl {
                        name: def.name.text.clone(),
                        kind: VarKind::Arg,
                        scope,
                        instruction: index,
                        name_range: def.name.range,
                        range: def.range,
                        raw_value: def.default.as_ref().map(|w| w.text.clone()),
                        value,
                        inherits,
                    };
                    self.declare(decl, stage);
                }
            }
            Command::KeyValues { pairs } if self.file.instructions[index].is("env") => {
                for pair in pairs {
                    let value = Some(self.expand_in_scope(&pair.value.text, stage));
                    let decl = VarDecl {
                        name: pair.key.text.clone(),
                        kind: VarKind::Env,
                        scope,
                        instruction: index,
                        name_range: pair.key.range,
                        range: pair.range,
                        raw_value: Some(pair.value.text.clone()),
                        value,
                        inherits: None,
                    };
                    self.declare(decl, stage);
                }
            }
            _ => {}
        }
    }

    /// The value of an ARG or ENV declaration, at most [`MAX_VALUE_LEN`]
    /// bytes: `ENV B=$A$A`, `ENV C=$B$B`, … would otherwise grow the model
    /// quadratically (or exponentially) in the length of the file.
    fn expand_in_scope(&self, text: &str, stage: Option<usize>) -> String {
        let mut value = match stage {
            Some(_) => expand::expand(text, self.escape, &|n| self.visible_value(n)).value,
            None => expand::expand(text, self.escape, &|n| self.global_value(n)).value,
        };
        if value.len() > MAX_VALUE_LEN {
            let end = (0..=MAX_VALUE_LEN).rev().find(|&i| value.is_char_boundary(i)).unwrap_or(0);
            value.truncate(end);
        }
        value
    }

    fn declare(&mut self, decl: VarDecl, stage: Option<usize>) {
        let id = self.model.vars.len();
        let name = decl.name.clone();
        let kind = decl.kind;
        self.model.vars.push(decl);
        if stage.is_none() {
            self.globals.insert(name, id);
            return;
        }
        // ENV always wins over ARG of the same name.
        let shadowed_by_env = kind == VarKind::Arg
            && self.visible.get(name.as_str()).is_some_and(|&d| self.model.vars[d].kind == VarKind::Env);
        let name: Arc<str> = Arc::from(name);
        if kind == VarKind::Env {
            self.visible_env.insert(name.clone(), id);
        }
        if !shadowed_by_env {
            self.visible.insert(name, id);
        }
    }
}

/// The declaration a `$name` reference sees: a FROM line sees the global ARGs
/// only, any other instruction what is visible at that point of its stage.
fn declaration_seen(globals: &HashMap<String, usize>, visible: &EnvMap, name: &str, in_from: bool) -> Option<usize> {
    if in_from { globals.get(name) } else { visible.get(name) }.copied()
}

/// RUN, CMD, ENTRYPOINT, HEALTHCHECK and SHELL text is expanded by the shell, not BuildKit.
fn is_in_shell(instruction: &Instruction) -> bool {
    ["run", "cmd", "entrypoint", "healthcheck", "shell"].iter().any(|k| instruction.is(k))
}

/// `--name=value` → `name`.
pub fn flag_name(flag: &str) -> &str {
    let body = flag.trim_start_matches('-');
    body.split_once('=').map_or(body, |(n, _)| n)
}

/// The value of `--name=value` on an instruction, as a word whose range is the value's.
pub fn flag_value(instruction: &Instruction, name: &str) -> Option<Word> {
    instruction.flags.iter().find(|f| flag_name(&f.text) == name).and_then(|f| flag_value_word(instruction, f))
}

/// The value part of a flag word, with the source range of the raw value.
pub fn flag_value_word(instruction: &Instruction, flag: &Word) -> Option<Word> {
    let (_, value) = flag.text.split_once('=')?;
    let raw = &instruction.line.text[flag.offset..];
    let raw_end = flag.raw_end();
    let eq = raw[..raw_end - flag.offset].find('=')?;
    let start = flag.offset + eq + 1;
    Some(Word::with_text(&instruction.line, start, raw_end, value.to_string()))
}

fn from_flag_ref(instruction: &Instruction, flag: &Word) -> Option<(StageRefKind, String, TextRange)> {
    let value = flag_value_word(instruction, flag)?;
    Some((StageRefKind::CopyFrom, value.text, value.range))
}

fn mount_from_ref(instruction: &Instruction, flag: &Word) -> Option<(StageRefKind, String, TextRange)> {
    let value = flag_value_word(instruction, flag)?;
    let raw = &instruction.line.text[value.offset..];
    let mut offset = 0;
    for field in value.text.split(',') {
        if let Some(from) = field.strip_prefix("from=") {
            // Ranges are exact when the mount value is written without quotes.
            let start = raw.find(field).map_or(offset, |p| p) + "from=".len();
            let range = instruction.line.source_range(value.offset + start, value.offset + start + from.len());
            return Some((StageRefKind::MountFrom, from.to_string(), range));
        }
        offset += field.len() + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variable_values_that_double_on_each_line_stay_bounded() {
        // Without a bound, 64 doublings would need 2^64 bytes.
        let text = format!("FROM alpine\nENV A=ab\n{}", "ENV A=$A$A\n".repeat(64));
        let analysis = Analysis::from_text(&text);
        let values: Vec<usize> = analysis.model.vars.iter().filter_map(|v| v.value.as_ref().map(String::len)).collect();
        assert_eq!(values.len(), 65);
        assert_eq!(values[..4], [2, 4, 8, 16]);
        assert!(values.iter().all(|&len| len <= MAX_VALUE_LEN), "{values:?}");
    }

    #[test]
    fn values_are_cut_on_a_character_boundary() {
        let text = format!("FROM alpine\nENV A={}\n", "é".repeat(MAX_VALUE_LEN));
        let analysis = Analysis::from_text(&text);
        let value = analysis.model.vars[0].value.as_deref().unwrap_or_default();
        assert_eq!(value.len(), MAX_VALUE_LEN);
        assert!(value.chars().all(|c| c == 'é'));
    }

    /// Analyses `new` incrementally from the analysis of `old`; checks it
    /// equals a fresh one and returns how many instructions were carried.
    fn incremental_after(old: &str, new: &str) -> usize {
        let previous = Arc::new(Analysis::from_text(old));
        let analysis = Analysis::incremental(&Document::new(new), previous);
        let fresh = Analysis::from_text(new);
        assert_eq!((&*analysis.text, &analysis.file), (&*fresh.text, &fresh.file), "{old:?} → {new:?}");
        assert_eq!(analysis.model, fresh.model, "{old:?} → {new:?}");
        assert_eq!(analysis.carried.len(), analysis.file.instructions.len());
        analysis.carried.iter().flatten().count()
    }

    const STAGES: &str = "ARG TAG=3\nFROM alpine:${TAG} AS build\nARG TAG\nRUN echo $TAG \\\n  && make\n\
                          COPY --from=build /a /b\nFROM build AS test\nRUN --mount=from=build echo $TAG\n\
                          FROM scratch\nCOPY --from=test /t /t\n";

    #[test]
    fn incremental_analysis_equals_a_fresh_one() {
        let edits = [
            ("typing in a RUN", STAGES.replace("echo $TAG \\", "echo $TAGx \\")),
            ("adding a FROM", STAGES.replace("FROM build", "FROM alpine AS extra\nFROM build")),
            ("removing a FROM", STAGES.replace("FROM build AS test\n", "")),
            ("renaming a stage", STAGES.replace("AS build", "AS builder")),
            ("changing an ARG used later", STAGES.replace("TAG=3", "TAG=4")),
            ("joining continued lines", STAGES.replace("$TAG \\\n", "$TAG \\")),
            ("ending a continuation", STAGES.replace("$TAG \\\n", "$TAG\n")),
        ];
        for (what, new) in &edits {
            let forth = incremental_after(STAGES, new);
            let back = incremental_after(new, STAGES);
            assert!(forth > 0 && back > 0, "{what}: nothing carried ({forth}, {back})");
        }
        // A new escape character changes how every line splits.
        incremental_after(STAGES, &format!("# escape=`\n{STAGES}"));
        incremental_after(&format!("# escape=`\n{STAGES}"), STAGES);
    }

    #[test]
    fn a_shared_previous_analysis_is_copied_not_taken_apart() {
        let previous = Arc::new(Analysis::from_text(STAGES));
        let held = previous.clone();
        let new = STAGES.replace("make", "make all");
        let analysis = Analysis::incremental(&Document::new(&new), previous);
        assert_eq!(analysis.model, Analysis::from_text(&new).model);
        assert_eq!(held.model, Analysis::from_text(STAGES).model);
    }
}
