//! "Convert to multi-stage build": the single stage becomes the build stage,
//! and a new final stage on a small runtime image receives only the
//! artifacts (binary, build output, virtualenv, jar, publish folder) and the
//! runtime instructions (ENV, LABEL, EXPOSE, …, ENTRYPOINT, CMD).
//!
//! The ecosystem decides the runtime image and the artifacts; each one lives
//! in its own module and returns a [`Plan`]. Everything else (moving
//! instructions, re-declaring ARGs, the user, exec form) is shared here.

mod dotnet;
mod go;
mod java;
mod node;
mod python;
mod rust_lang;

use std::collections::BTreeSet;

use super::layout::{self, json_array, KeywordCase, Lines};
use super::shell::{self, SimpleCommand};
use super::{reorder_dependency_install, Bail, RefactorKind, Refactoring};
use crate::features::diagnostics;
use crate::features::text_edit::apply_edits;
use crate::features::TextEdit;
use crate::model::image::ImageRef;
use crate::model::workdir::{stage_workdirs, Workdir};
use crate::model::{Analysis, BaseKind, Command, CommandForm, Scope, Stage, VarKind};

/// The name given to the build stage when it has none.
pub const BUILD_STAGE: &str = "build";
pub const RUNTIME_STAGE: &str = "runtime";

/// The diagnostic (best-practice hint) this refactoring resolves.
pub const SINGLE_STAGE_HINT: &str = "dls/SingleStageBuild";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Add `--mount=type=cache` for the package manager's cache to the
    /// install and build steps (needs BuildKit, the default builder).
    pub cache_mounts: bool,
}

/// Converts a single-stage Dockerfile, or says why it cannot be done safely.
pub fn convert_to_multi_stage(analysis: &Analysis, options: &Options) -> Result<Refactoring, Bail> {
    let ctx = Context::new(analysis)?;
    let plan = detect(&ctx)?;
    let new_text = Assembler::new(&ctx, &plan, options).run()?;
    let title = match options.cache_mounts {
        false => format!("Convert to multi-stage build ({} → {})", plan.ecosystem, plan.runtime.image),
        true => format!("Convert to multi-stage build with cache mounts ({} → {})", plan.ecosystem, plan.runtime.image),
    };
    Ok(Refactoring {
        title,
        kind: RefactorKind::Rewrite,
        edits: vec![minimal_edit(&analysis.text, &new_text)],
        resolves: Some(SINGLE_STAGE_HINT),
    })
}

/// `RUN --mount` needs Dockerfile syntax 1.2 or later: true unless the
/// `# syntax` directive pins an older docker/dockerfile.
pub fn cache_mounts_allowed(analysis: &Analysis) -> bool {
    let Some(syntax) = analysis.file.directive("syntax") else { return true };
    let Some((image, version)) = syntax.value.rsplit_once(':') else { return true };
    if !image.ends_with("docker/dockerfile") {
        return true;
    }
    let mut parts = version.split(['.', '-']).map(|p| p.parse::<u32>().ok());
    !matches!((parts.next().flatten(), parts.next().flatten()), (Some(0), _) | (Some(1), Some(0 | 1)))
}

fn detect(ctx: &Context<'_>) -> Result<Plan, Bail> {
    let detectors: [Detector; 6] =
        [go::detect, rust_lang::detect, java::detect, dotnet::detect, python::detect, node::detect];
    for detector in detectors {
        if let Some(plan) = detector(ctx) {
            return plan;
        }
    }
    Err("cannot tell the ecosystem: no known build step (npm/yarn/pnpm, go build, pip/poetry/uv, cargo, \
         maven/gradle, dotnet publish) was found"
        .to_string())
}

/// `None`: not this ecosystem; `Some(Err)`: this ecosystem, but it cannot be done.
type Detector = fn(&Context<'_>) -> Option<Result<Plan, Bail>>;

/// What an ecosystem decides.
pub(crate) struct Plan {
    /// For the title: "Go", "Node.js (npm)", …
    pub(crate) ecosystem: &'static str,
    /// The last instruction that builds the artifacts.
    pub(crate) build_step: usize,
    pub(crate) runtime: Runtime,
    /// `NAME=value` set first in the final stage.
    pub(crate) env: Vec<String>,
    pub(crate) artifacts: Vec<Artifact>,
    /// Instructions inserted into the build stage before instruction N.
    pub(crate) build_inserts: Vec<(usize, Vec<String>)>,
    /// Instructions inserted into the build stage after the build step.
    pub(crate) after_build: Vec<String>,
    /// Runtime instructions that the final stage replaces (not carried over).
    pub(crate) dropped: Vec<usize>,
    /// Instructions added to the final stage after the carried ones.
    pub(crate) extra: Vec<String>,
    /// ENV names that only matter while building (not repeated in the final stage).
    pub(crate) build_only_env: &'static [&'static str],
    /// The cache directories of the package manager, by RUN instruction.
    pub(crate) caches: Vec<(usize, &'static str)>,
}

impl Plan {
    pub(crate) fn new(ecosystem: &'static str, build_step: usize, runtime: Runtime) -> Plan {
        Plan {
            ecosystem,
            build_step,
            runtime,
            env: Vec::new(),
            artifacts: Vec::new(),
            build_inserts: Vec::new(),
            after_build: Vec::new(),
            dropped: Vec::new(),
            extra: Vec::new(),
            build_only_env: &[],
            caches: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Artifact {
    /// Absolute path in the build stage.
    pub(crate) from: String,
    /// Destination in the final stage.
    pub(crate) to: String,
}

impl Artifact {
    pub(crate) fn same_path(path: &str) -> Artifact {
        Artifact { from: path.to_string(), to: path.to_string() }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Os {
    /// No shell, no package manager (distroless, scratch, chiseled).
    Shell0,
    Debian,
    Alpine,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Runtime {
    pub(crate) image: String,
    pub(crate) os: Os,
    /// The non-root user the image provides (`node`, `nonroot`, `app`).
    pub(crate) user: Option<&'static str>,
}

/// Facts about the single stage that every ecosystem needs.
pub(crate) struct Context<'a> {
    pub(crate) analysis: &'a Analysis,
    pub(crate) stage: &'a Stage,
    /// RUN instructions and their simple commands, in order.
    pub(crate) runs: Vec<(usize, Vec<SimpleCommand>)>,
    /// The working directory before each instruction of the stage.
    workdirs: Vec<Workdir>,
}

impl<'a> Context<'a> {
    fn new(analysis: &'a Analysis) -> Result<Context<'a>, Bail> {
        let stages = &analysis.model.stages;
        let stage = match stages.as_slice() {
            [only] => only,
            [] => return Err("the file has no FROM".to_string()),
            _ => return Err(format!("the file already has {} stages", stages.len())),
        };
        if let Some(i) = stage.instructions().find(|&i| analysis.instruction(i).is("onbuild")) {
            let line = analysis.instruction(i).start_line + 1;
            return Err(format!(
                "ONBUILD (line {line}) makes this an image for other builds: its triggers run in the images built \
                 from it, so moving it to a new stage would change what they get"
            ));
        }
        if diagnostics::has_errors(analysis) {
            return Err("the file has errors: fix them first".to_string());
        }
        let runs = stage
            .instructions()
            .filter(|&i| analysis.instruction(i).is("run"))
            .map(|i| (i, shell::run_commands(analysis, i)))
            .collect();
        let workdirs = stage_workdirs(analysis, stage.index);
        Ok(Context { analysis, stage, runs, workdirs })
    }

    pub(crate) fn base_image(&self) -> Option<&ImageRef> {
        match &self.stage.base.kind {
            BaseKind::Image(r) => Some(r),
            _ => None,
        }
    }

    /// The base image's repository name (`node`, `golang`, `dotnet/sdk`) and tag.
    pub(crate) fn base_name_and_tag(&self) -> (String, String) {
        match self.base_image() {
            Some(r) => (r.repository.trim_start_matches("library/").to_string(), r.tag.clone().unwrap_or_default()),
            None => (String::new(), String::new()),
        }
    }

    /// The tag as written (it may contain `${VAR}`), or the expanded one.
    pub(crate) fn written_tag(&self) -> String {
        let written = &self.stage.base.word.text;
        let name_end = written.rfind('/').map_or(0, |s| s + 1);
        match written[name_end..].split_once(':') {
            Some((_, tag)) => tag.split('@').next().unwrap_or(tag).to_string(),
            None => String::new(),
        }
    }

    /// The first RUN command matching `pred`, after instruction `after`.
    pub(crate) fn find_command(&self, pred: impl Fn(&SimpleCommand) -> bool) -> Option<(usize, &SimpleCommand)> {
        self.runs.iter().flat_map(|(i, cmds)| cmds.iter().map(move |c| (*i, c))).find(|(_, c)| pred(c))
    }

    /// The last RUN command matching `pred`.
    pub(crate) fn find_last_command(&self, pred: impl Fn(&SimpleCommand) -> bool) -> Option<(usize, &SimpleCommand)> {
        self.runs.iter().flat_map(|(i, cmds)| cmds.iter().map(move |c| (*i, c))).filter(|(_, c)| pred(c)).last()
    }

    /// Source paths of COPY/ADD from the build context, with the instruction.
    pub(crate) fn copied_sources(&self) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        for i in self.stage.instructions() {
            let instruction = self.analysis.instruction(i);
            let from_context = !instruction.flags.iter().any(|f| crate::model::flag_name(&f.text) == "from");
            if !(instruction.is("copy") || instruction.is("add")) || !from_context {
                continue;
            }
            if let Command::List { items, .. } = self.analysis.command(i) {
                if let Some((_, sources)) = items.split_last() {
                    out.extend(sources.iter().map(|w| (i, w.text.trim_start_matches("./").to_string())));
                }
            }
        }
        out
    }

    /// The value of an ENV of the stage (the last one).
    pub(crate) fn env(&self, name: &str) -> Option<String> {
        self.analysis
            .model
            .vars
            .iter()
            .rfind(|v| v.kind == VarKind::Env && v.scope == Scope::Stage(self.stage.index) && v.name == name)
            .and_then(|v| v.value.clone())
    }

    /// The working directory when instruction `index` runs, when the file sets it.
    pub(crate) fn workdir_at(&self, index: usize) -> Option<&str> {
        self.workdirs.get(index.saturating_sub(self.stage.from)).and_then(Workdir::path)
    }

    /// The working directory at `index`, or why it is not known.
    pub(crate) fn app_dir(&self, index: usize) -> Result<String, Bail> {
        match self.workdir_at(index) {
            Some("/") | None => Err("no WORKDIR for the app: cannot tell which files are the app".to_string()),
            Some(dir) => Ok(dir.to_string()),
        }
    }

    /// `path` as an absolute path, relative paths taken from the WORKDIR at `index`.
    pub(crate) fn absolute(&self, path: &str, index: usize) -> Result<String, Bail> {
        let workdir = self.workdirs.get(index.saturating_sub(self.stage.from)).unwrap_or(&Workdir::FromImage);
        workdir.join(path).ok_or_else(|| {
            format!("`{path}` is relative to the base image's own WORKDIR, which is unknown: add a WORKDIR")
        })
    }

    /// The command the container runs: ENTRYPOINT then CMD, as words, and
    /// the instructions that set it. `None` when the stage sets neither.
    pub(crate) fn entry(&self) -> Option<Entry> {
        let last = |keyword: &str| self.stage.instructions().rfind(|&i| self.analysis.instruction(i).is(keyword));
        let entrypoint = last("entrypoint");
        // CMD before the last ENTRYPOINT is reset by it.
        let cmd = last("cmd").filter(|&c| entrypoint.is_none_or(|e| c > e));
        let mut words = Vec::new();
        for i in [entrypoint, cmd].into_iter().flatten() {
            match self.analysis.command(i) {
                Command::Exec { form: Some(CommandForm::Exec(w)) } => words.extend(w.iter().map(|w| w.text.clone())),
                Command::Exec { form: Some(CommandForm::Shell(w)) } => match shell::plain_words(&w.text) {
                    Some(p) => words.extend(p),
                    None => words.extend(shell::parse(&w.text).into_iter().next().map(|c| c.words).unwrap_or_default()),
                },
                _ => {}
            }
        }
        let at = cmd.or(entrypoint)?;
        Some(Entry { words, at })
    }
}

/// The command the container runs.
pub(crate) struct Entry {
    pub(crate) words: Vec<String>,
    /// The instruction (CMD or ENTRYPOINT) that sets it last.
    pub(crate) at: usize,
}

impl Entry {
    pub(crate) fn program(&self) -> &str {
        self.words.first().map_or("", |w| w.rsplit('/').next().unwrap_or(w))
    }
}

/// `20-alpine` → `20-slim`-style runtime tag: keeps the version (and a
/// `${VAR}` in it), keeps alpine and slim variants, otherwise adds `slim`.
/// `codename_first` is node's spelling (`20-bookworm-slim`); python writes
/// `3.12-slim-bookworm`.
pub(crate) fn slim_tag(tag: &str, codename_first: bool) -> String {
    const CODENAMES: [&str; 4] = ["bookworm", "bullseye", "trixie", "buster"];
    if tag.contains("alpine") || tag.contains("slim") {
        return tag.to_string();
    }
    let parts: Vec<&str> = tag.split('-').collect();
    let (version, codename) = match parts.as_slice() {
        [] | [""] => ("", None),
        [one] if CODENAMES.contains(one) => ("", Some(*one)),
        [one] => (*one, None),
        [v, c] if CODENAMES.contains(c) => (*v, Some(*c)),
        _ => (tag, None),
    };
    let mut out: Vec<&str> = Vec::new();
    if !version.is_empty() {
        out.push(version);
    }
    match (codename, codename_first) {
        (Some(c), true) => out.extend([c, "slim"]),
        (Some(c), false) => out.extend(["slim", c]),
        (None, _) => out.push("slim"),
    }
    out.join("-")
}

/// The leading number of a version (`20.11.1` → 20, `3.12` → 3).
pub(crate) fn leading_number(text: &str) -> Option<u32> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Writes the new text.
struct Assembler<'a> {
    ctx: &'a Context<'a>,
    plan: &'a Plan,
    options: &'a Options,
    lines: Lines<'a>,
    case: KeywordCase,
    edits: Vec<TextEdit>,
    /// Lines of the final stage after the artifacts, in order.
    carried: Vec<(usize, String)>,
}

impl<'a> Assembler<'a> {
    fn new(ctx: &'a Context<'a>, plan: &'a Plan, options: &'a Options) -> Assembler<'a> {
        Assembler {
            ctx,
            plan,
            options,
            lines: Lines::new(&ctx.analysis.text),
            case: KeywordCase::of(ctx.analysis),
            edits: Vec::new(),
            carried: Vec::new(),
        }
    }

    fn run(mut self) -> Result<String, Bail> {
        let build_name = self.name_build_stage();
        self.split_instructions()?;
        self.edit_build_stage();
        let final_stage = self.final_stage(&build_name)?;
        let analysis = self.ctx.analysis;
        let mut text = apply_edits(&analysis.text, &self.edits);
        while text.ends_with("\n\n") {
            text.pop();
        }
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push('\n');
        text.push_str(&final_stage);
        Ok(text)
    }

    fn line(&self, instruction: &str) -> String {
        format!("{}\n", self.case.apply(instruction))
    }

    fn name_build_stage(&mut self) -> String {
        if let Some(name) = self.ctx.stage.name() {
            return name.to_string();
        }
        let end = self.ctx.stage.base.word.range.end();
        self.edits.push(TextEdit::insert(end, format!(" {} {BUILD_STAGE}", self.case.keyword("as"))));
        BUILD_STAGE.to_string()
    }

    /// Moves the runtime instructions to the final stage, or copies them
    /// when the build needs them too.
    fn split_instructions(&mut self) -> Result<(), Bail> {
        let ctx = self.ctx;
        let analysis = ctx.analysis;
        let build_step = self.plan.build_step;
        for i in ctx.stage.instructions().skip(1) {
            let instruction = analysis.instruction(i);
            let name = instruction.name();
            let before_build = i < build_step;
            let action = match name.as_str() {
                "label" | "expose" | "stopsignal" | "healthcheck" | "entrypoint" | "cmd" | "maintainer" => Carry::Move,
                "env" if before_build => match self.is_build_only_env(i) {
                    true => Carry::Stay,
                    false => Carry::Copy,
                },
                "user" if before_build => Carry::Copy,
                "workdir" if before_build => Carry::Stay,
                "env" | "user" | "workdir" => Carry::Move,
                "volume" if before_build => {
                    return Err(format!(
                        "VOLUME (line {}) comes before the build step: what the build writes there would not reach \
                         the final stage",
                        instruction.start_line + 1
                    ))
                }
                "volume" => Carry::Move,
                "shell" => return Err("SHELL changes how the moved instructions run: not converted".to_string()),
                _ => Carry::Stay,
            };
            if action == Carry::Move {
                self.edits.push(TextEdit::delete(layout::delete_block(analysis, &self.lines, i)));
            }
            if action != Carry::Stay && !self.plan.dropped.contains(&i) {
                let text = self.carried_text(i)?;
                self.carried.push((i, text));
            }
        }
        Ok(())
    }

    fn is_build_only_env(&self, index: usize) -> bool {
        match self.ctx.analysis.command(index) {
            Command::KeyValues { pairs } => {
                pairs.iter().all(|p| self.plan.build_only_env.contains(&p.key.text.as_str()))
            }
            _ => false,
        }
    }

    /// The instruction as it goes to the final stage: verbatim, or in exec
    /// form when the runtime image has no shell.
    fn carried_text(&self, index: usize) -> Result<String, Bail> {
        let analysis = self.ctx.analysis;
        let text = layout::block_text(analysis, &self.lines, index);
        let instruction = analysis.instruction(index);
        let needs_exec = self.plan.runtime.os == Os::Shell0
            && (instruction.is("cmd") || instruction.is("entrypoint") || instruction.is("healthcheck"));
        let shell_text = match analysis.command(index) {
            Command::Exec { form: Some(CommandForm::Shell(w)) } => Some(w),
            Command::Healthcheck { form: Some(CommandForm::Shell(w)), .. } => Some(w),
            _ => None,
        };
        let Some(word) = shell_text.filter(|_| needs_exec) else { return Ok(text) };
        let Some(words) = shell::plain_words(&word.text) else {
            return Err(format!(
                "{} (line {}) needs a shell, and {} has none: write it in exec form",
                instruction.keyword.text.to_ascii_uppercase(),
                instruction.start_line + 1,
                self.plan.runtime.image
            ));
        };
        let block_start = usize::from(layout::block(analysis, &self.lines, index).start());
        let start = usize::from(word.range.start()).saturating_sub(block_start);
        let end = usize::from(word.range.end()).saturating_sub(block_start).max(start);
        match (text.get(..start), text.get(end..)) {
            (Some(head), Some(tail)) => Ok(format!("{head}{}{tail}", json_array(&words))),
            _ => Err("cannot rewrite the command in exec form".to_string()),
        }
    }

    fn edit_build_stage(&mut self) {
        let analysis = self.ctx.analysis;
        let reorder = reorder_dependency_install::plan(analysis, self.ctx.stage);
        for (before, instructions) in &self.plan.build_inserts {
            // When the install step moves above `COPY . .`, what goes before it moves too.
            let at = match &reorder {
                Some(r) if r.install == *before => r.copy_all,
                _ => *before,
            };
            let text: String = instructions.iter().map(|i| self.line(i)).collect();
            self.edits.push(TextEdit::insert(layout::block_start(analysis, &self.lines, at), text));
        }
        let mounts = self.options.cache_mounts && !self.has_user_before_build();
        if let Some(r) = &reorder {
            let flags = if mounts { self.mount_flags(r.install) } else { String::new() };
            self.edits.extend(r.edits_with(analysis, &self.lines, &flags));
        }
        if !self.plan.after_build.is_empty() {
            let text: String = self.plan.after_build.iter().map(|i| self.line(i)).collect();
            self.edits.push(TextEdit::insert(layout::after_block(analysis, &self.lines, self.plan.build_step), text));
        }
        if mounts {
            let moved = reorder.filter(|r| r.added_run.is_none()).map(|r| r.install);
            self.add_cache_mounts(moved);
        }
    }

    fn has_user_before_build(&self) -> bool {
        self.ctx.stage.instructions().any(|i| i < self.plan.build_step && self.ctx.analysis.instruction(i).is("user"))
    }

    /// `--mount=type=cache,…` flags for a RUN, each followed by a space.
    fn mount_flags(&self, run: usize) -> String {
        let mut targets: Vec<&str> = Vec::new();
        for &(r, target) in &self.plan.caches {
            if r == run && !targets.contains(&target) {
                targets.push(target);
            }
        }
        targets.iter().map(|t| format!("--mount=type=cache,target={t} ")).collect()
    }

    /// Cache mounts on the RUNs that stay in place (`moved` is rewritten elsewhere).
    fn add_cache_mounts(&mut self, moved: Option<usize>) {
        let analysis = self.ctx.analysis;
        let mut runs: Vec<usize> = self.plan.caches.iter().map(|(r, _)| *r).filter(|&r| Some(r) != moved).collect();
        runs.dedup();
        for run in runs {
            let instruction = analysis.instruction(run);
            let at = instruction.flags.first().map_or(instruction.args.range.start(), |f| f.range.start());
            self.edits.push(TextEdit::insert(at, self.mount_flags(run)));
        }
    }

    fn final_stage(&self, build_name: &str) -> Result<String, Bail> {
        let plan = self.plan;
        let ctx = self.ctx;
        let mut out = String::new();
        out.push_str(&self.line(&format!("FROM {} {} {RUNTIME_STAGE}", plan.runtime.image, self.case.keyword("as"))));
        for arg in self.redeclared_args() {
            out.push_str(&self.line(&format!("ARG {arg}")));
        }
        for env in &plan.env {
            out.push_str(&self.line(&format!("ENV {env}")));
        }
        let workdir = ctx.workdir_at(plan.build_step).unwrap_or("/");
        let carries_workdir = self.carried.iter().any(|(i, _)| ctx.analysis.instruction(*i).is("workdir"));
        // The image's own command (nginx) does not run in the build's WORKDIR.
        let own_command = !self.carried.iter().any(|(i, _)| {
            let instruction = ctx.analysis.instruction(*i);
            instruction.is("cmd") || instruction.is("entrypoint")
        });
        if workdir != "/" && !carries_workdir && !own_command {
            out.push_str(&self.line(&format!("WORKDIR {workdir}")));
        }
        for artifact in &plan.artifacts {
            out.push_str(&self.line(&format!("COPY --from={build_name} {} {}", artifact.from, artifact.to)));
        }
        let packages = runtime_packages(ctx, plan.runtime.os)?;
        let mut setup: Vec<String> = Vec::new();
        if !packages.is_empty() {
            setup.push(install_packages(plan.runtime.os, &packages));
        }
        let original_user = self.carried.iter().any(|(i, _)| ctx.analysis.instruction(*i).is("user"));
        let user = match (original_user, plan.runtime.user) {
            (true, _) => None,
            (false, Some(user)) => Some(user.to_string()),
            (false, None) => {
                setup.push(create_user(plan.runtime.os)?);
                Some("app".to_string())
            }
        };
        // One layer for the setup commands.
        if !setup.is_empty() {
            out.push_str(&self.line(&format!("RUN {}", setup.join(" \\\n    && "))));
        }
        let first_command = self
            .carried
            .iter()
            .position(|(i, _)| {
                let instruction = ctx.analysis.instruction(*i);
                instruction.is("cmd") || instruction.is("entrypoint")
            })
            .unwrap_or(self.carried.len());
        for (_, text) in &self.carried[..first_command] {
            out.push_str(text);
        }
        for extra in &plan.extra {
            out.push_str(&self.line(extra));
        }
        if let Some(user) = user {
            out.push_str(&self.line(&format!("USER {user}")));
        }
        for (_, text) in &self.carried[first_command..] {
            out.push_str(text);
        }
        Ok(out)
    }

    /// Stage ARGs that carried instructions use: ARGs do not cross stages.
    fn redeclared_args(&self) -> Vec<String> {
        let analysis = self.ctx.analysis;
        let carried: BTreeSet<usize> = self.carried.iter().map(|(i, _)| *i).collect();
        let mut out: Vec<String> = Vec::new();
        for r in &analysis.model.var_refs {
            if !carried.contains(&r.instruction) {
                continue;
            }
            let Some(decl) = r.decl.map(|d| &analysis.model.vars[d]) else { continue };
            if decl.kind != VarKind::Arg || decl.scope == Scope::Global {
                continue;
            }
            let text = match &decl.raw_value {
                Some(value) => format!("{}={value}", decl.name),
                None => decl.name.clone(),
            };
            if !out.contains(&text) {
                out.push(text);
            }
        }
        out
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Carry {
    Stay,
    Move,
    Copy,
}

/// The command that creates the `app` user, for images without a non-root user.
fn create_user(os: Os) -> Result<String, Bail> {
    match os {
        Os::Debian => Ok("useradd --system --create-home --uid 10001 app".to_string()),
        Os::Alpine => Ok("adduser -S -D -H -u 10001 app".to_string()),
        Os::Shell0 => Err("the runtime image has no shell to create a user".to_string()),
    }
}

/// Build-time `-dev` packages (apt-get, apk) and the runtime library each
/// one needs in the final stage (`None`: nothing, or the runtime image has it).
const DEV_PACKAGES: &[(&str, Option<&str>, Option<&str>)] = &[
    // (package, debian runtime package, alpine runtime package)
    ("build-essential", None, None),
    ("gcc", None, None),
    ("g++", None, None),
    ("make", None, None),
    ("cmake", None, None),
    ("pkg-config", None, None),
    ("pkgconf", None, None),
    ("git", None, None),
    ("curl", None, None),
    ("ca-certificates", None, None),
    ("musl-dev", None, None),
    ("python3-dev", None, None),
    ("linux-headers", None, None),
    ("build-base", None, None),
    ("libssl-dev", Some("libssl3"), Some("libssl3")),
    ("openssl-dev", Some("libssl3"), Some("libssl3")),
    ("libpq-dev", Some("libpq5"), Some("libpq")),
    ("postgresql-dev", Some("libpq5"), Some("libpq")),
    ("default-libmysqlclient-dev", Some("libmariadb3"), Some("mariadb-connector-c")),
    ("libffi-dev", Some("libffi8"), Some("libffi")),
    ("libxml2-dev", Some("libxml2"), Some("libxml2")),
    ("libxslt1-dev", Some("libxslt1.1"), Some("libxslt")),
    ("libjpeg-dev", Some("libjpeg62-turbo"), Some("libjpeg-turbo")),
    ("libjpeg62-turbo-dev", Some("libjpeg62-turbo"), Some("libjpeg-turbo")),
    ("zlib1g-dev", None, Some("zlib")),
    ("zlib-dev", None, Some("zlib")),
];

/// The runtime libraries for the `-dev` packages the build stage installs.
fn runtime_packages(ctx: &Context<'_>, os: Os) -> Result<Vec<&'static str>, Bail> {
    let mut out = Vec::new();
    for (_, commands) in &ctx.runs {
        for c in commands {
            let installed = c.is("apt-get", "install") || c.is("apt", "install") || c.is("apk", "add");
            for package in c.words.iter().skip(2).filter(|w| installed && !w.starts_with('-')) {
                let name = package.split(['=', ':']).next().unwrap_or(package);
                let Some(&(_, debian, alpine)) = DEV_PACKAGES.iter().find(|(p, _, _)| *p == name) else {
                    if name.ends_with("-dev") {
                        return Err(format!(
                            "the build installs {name}: cannot tell which runtime library the final stage needs"
                        ));
                    }
                    continue;
                };
                let needed = match os {
                    Os::Debian => debian,
                    Os::Alpine => alpine,
                    // distroless base/cc carry glibc, libssl and CA certificates.
                    Os::Shell0 if name.contains("ssl") => None,
                    Os::Shell0 if debian.is_some() => {
                        return Err(format!("the build installs {name}, and the runtime image has no package manager"))
                    }
                    Os::Shell0 => None,
                };
                if let Some(p) = needed.filter(|p| !out.contains(p)) {
                    out.push(p);
                }
            }
        }
    }
    Ok(out)
}

fn install_packages(os: Os, packages: &[&str]) -> String {
    let list = packages.join(" ");
    match os {
        Os::Alpine => format!("apk add --no-cache {list}"),
        _ => format!("apt-get update \\\n    && apt-get install -y --no-install-recommends {list} \\\n    && rm -rf /var/lib/apt/lists/*"),
    }
}

/// One edit: the differing middle of `old` and `new`.
pub(crate) fn minimal_edit(old: &str, new: &str) -> TextEdit {
    let prefix = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    let mut prefix = prefix;
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = (old.len() - prefix).min(new.len() - prefix);
    let mut suffix = old.bytes().rev().zip(new.bytes().rev()).take(max_suffix).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    let range = text_size::TextRange::new(layout::size(prefix), layout::size(old.len() - suffix));
    TextEdit::replace(range, &new[prefix..new.len() - suffix])
}

#[cfg(test)]
mod tests;
