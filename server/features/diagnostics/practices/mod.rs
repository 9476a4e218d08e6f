//! Best-practice rules: our own `dls/` codes, one file each, for what
//! experienced Dockerfile authors follow. They never report errors; the
//! default severity is a warning only where the practice is widely agreed.
//!
//! All rules share [`Facts`], computed once per document: the shell commands
//! of every RUN (split by [`crate::syntax::shell`]), its cache mounts, and
//! which stages end up in the target image.

mod add_instead_of_copy;
mod apk_no_cache;
mod apt_get_no_install_recommends;
mod apt_get_yes;
mod apt_instead_of_apt_get;
mod apt_lists_not_cleaned;
mod base_image_digest;
mod base_image_latest;
mod cd_instead_of_workdir;
mod consecutive_run;
mod copy_all_before_install;
mod invalid_json_form;
mod no_dockerignore;
mod npm_ci;
mod npm_only_production;
mod packages;
mod pip_no_cache_dir;
mod pipe_without_pipefail;
mod root_user;
mod single_stage_build;
mod sudo;
mod unreachable_stage;

use text_size::{TextRange, TextSize};

use super::{CheckOptions, Diagnostic, Parsed, Severity, Sink};
use crate::features::TextEdit;
use crate::model::{flag_name, flag_value, Analysis, BaseKind, Command, CommandForm};
use crate::syntax::shell::{self, Separator};
use crate::syntax::{Delta, Instruction, Shift};

pub const BASE_IMAGE_DIGEST: &str = base_image_digest::CODE;

type PracticeRule = fn(&Facts<'_>, &mut Sink);

const PRACTICE_RULES: &[(&str, PracticeRule)] = &[
    (base_image_latest::CODE, base_image_latest::check),
    (base_image_digest::CODE, base_image_digest::check),
    (root_user::CODE, root_user::check),
    (apt_get_no_install_recommends::CODE, apt_get_no_install_recommends::check),
    (apt_get_yes::CODE, apt_get_yes::check),
    (apt_lists_not_cleaned::CODE, apt_lists_not_cleaned::check),
    (apt_instead_of_apt_get::CODE, apt_instead_of_apt_get::check),
    (apk_no_cache::CODE, apk_no_cache::check),
    (pip_no_cache_dir::CODE, pip_no_cache_dir::check),
    (npm_ci::CODE, npm_ci::check),
    (npm_only_production::CODE, npm_only_production::check),
    (consecutive_run::CODE, consecutive_run::check),
    (add_instead_of_copy::CODE, add_instead_of_copy::check),
    (cd_instead_of_workdir::CODE, cd_instead_of_workdir::check),
    (sudo::CODE, sudo::check),
    (pipe_without_pipefail::CODE, pipe_without_pipefail::check),
    (copy_all_before_install::CODE, copy_all_before_install::check),
    (no_dockerignore::CODE, no_dockerignore::check),
    (invalid_json_form::CODE, invalid_json_form::check),
    (single_stage_build::CODE, single_stage_build::check),
    (unreachable_stage::CODE, unreachable_stage::check),
];

/// Registered with the other diagnostics rules.
pub(super) const RULES: &[super::Rule] = &[check];

/// Whether `code` is one of the best-practice rules.
pub fn is_practice(code: &str) -> bool {
    PRACTICE_RULES.iter().any(|(c, _)| *c == code)
}

fn check(analysis: &Analysis, options: &CheckOptions<'_>, parsed: &[Parsed], sink: &mut Sink) {
    let facts = Facts::new(analysis, options, parsed);
    for (_, rule) in PRACTICE_RULES {
        rule(&facts, sink);
    }
}

/// What the rules need, computed once per document.
pub(crate) struct Facts<'a> {
    pub analysis: &'a Analysis,
    pub options: &'a CheckOptions<'a>,
    /// In document order.
    pub runs: Vec<&'a Run>,
    pub programs: packages::ProgramIndex,
    /// The stage `--target` builds (the last one by default).
    pub target: Option<usize>,
    /// Stages whose layers end up in the target image: the target and its FROM ancestors.
    pub in_image: Vec<bool>,
}

impl<'a> Facts<'a> {
    fn new(analysis: &'a Analysis, options: &'a CheckOptions<'a>, parsed: &'a [Parsed]) -> Facts<'a> {
        let model = &analysis.model;
        let target = model.target_stage(options.target);
        let mut in_image = vec![false; model.stages.len()];
        let mut next = target;
        while let Some(stage) = next.filter(|&s| s < in_image.len() && !in_image[s]) {
            in_image[stage] = true;
            next = match model.stages[stage].base.kind {
                BaseKind::Stage(parent) => Some(parent),
                _ => None,
            };
        }
        let runs: Vec<&Run> = parsed.iter().enumerate().filter_map(|(i, p)| p.run(analysis, i)).collect();
        let programs = packages::ProgramIndex::new(&runs);
        Facts { analysis, options, runs, programs, target, in_image }
    }

    /// Whether the RUN's layers are part of the target image.
    pub fn run_in_image(&self, run: &Run) -> bool {
        run.stage.is_some_and(|s| self.in_image.get(s).copied().unwrap_or(false))
    }

    /// The whole file mentions `needle` (e.g. an apt configuration written by an earlier RUN).
    pub fn text_mentions(&self, needle: &str) -> bool {
        self.analysis.text.contains(needle)
    }
}

/// A word of a shell command, with its source range.
#[derive(Clone, Debug)]
pub(crate) struct ShWord {
    pub text: String,
    pub range: TextRange,
}

impl Shift for ShWord {
    fn shift(&mut self, delta: Delta) {
        self.range.shift(delta);
    }
}

/// One simple command of a RUN.
#[derive(Clone, Debug)]
pub(crate) struct Cmd {
    /// The words as written, wrappers included.
    pub all_words: Vec<ShWord>,
    /// Index of the command name in `all_words` (assignments and `sudo` skipped).
    name_at: usize,
    /// Where the program name starts in the command name (after its directory).
    program_at: usize,
    /// The length of the program name without a version suffix (`pip` in `pip3.12`).
    family_len: usize,
}

impl Cmd {
    fn new(mut all_words: Vec<ShWord>, name_at: usize) -> Cmd {
        // Kept in the diagnostics cache from one version to the next: no spare capacity.
        all_words.shrink_to_fit();
        let name_at = name_at.min(all_words.len());
        let program_at = all_words.get(name_at).map_or(0, |w| w.text.len() - shell::program_name(&w.text).len());
        let family_len = all_words
            .get(name_at)
            .map_or(0, |w| w.text[program_at..].trim_end_matches(|c: char| c.is_ascii_digit() || c == '.').len());
        Cmd { all_words, name_at, program_at, family_len }
    }

    /// The program name without a version suffix: `pip` for `pip3.12`, `python` for `python3`.
    pub fn program_family(&self) -> Option<&str> {
        self.words().first().map(|w| &w.text[self.program_at..self.program_at + self.family_len])
    }

    /// The words from the command name on.
    pub fn words(&self) -> &[ShWord] {
        &self.all_words[self.name_at..]
    }

    /// The command name without its directory; asked for by every rule, so found once.
    pub fn program(&self) -> Option<&str> {
        self.words().first().map(|w| &w.text[self.program_at..])
    }

    pub fn args(&self) -> &[ShWord] {
        self.words().get(1..).unwrap_or(&[])
    }

    pub fn range(&self) -> TextRange {
        match (self.all_words.first(), self.all_words.last()) {
            (Some(a), Some(b)) => a.range.cover(b.range),
            _ => TextRange::empty(TextSize::from(0)),
        }
    }
}

/// The shell text of a RUN: its line in shell form and the heredoc bodies
/// the shell runs as scripts.
#[derive(Debug)]
pub(crate) struct Run {
    pub instruction: usize,
    pub stage: Option<usize>,
    pub commands: Vec<Cmd>,
    pub has_pipe: bool,
    /// The first command whose output is piped.
    pub first_piped: Option<TextRange>,
    /// `set -o pipefail` (or `-eo pipefail` …) is run.
    pub sets_pipefail: bool,
    /// A command changes the shell for the commands after it (`cd`, `export` …).
    pub changes_shell_state: bool,
    /// The commands that run a package manager: (index in `commands`, which one).
    pub package_managers: Vec<(usize, u8)>,
    /// Where a command can be appended, when that is safe.
    pub append: Option<Append>,
    /// Targets of `--mount=type=cache`.
    pub cache_targets: Vec<String>,
    /// How the shell-form line is put together (what `&&` chaining needs).
    pub line_shape: LineShape,
}

/// The separators of a RUN's shell-form line.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct LineShape {
    /// No comment, nothing left open, no trailing separator.
    pub clean: bool,
    /// A command runs in the background (`&`).
    pub background: bool,
    /// Commands are joined by `&&` and `|` only.
    pub only_and_or_pipe: bool,
}

impl LineShape {
    fn of(script: &shell::Script) -> LineShape {
        LineShape {
            clean: !script.has_comment && !script.unterminated && script.trailing_separator().is_none(),
            background: script.commands.iter().any(|c| c.separator == Some(Separator::Background)),
            only_and_or_pipe: script
                .commands
                .iter()
                .all(|c| matches!(c.separator, None | Some(Separator::And | Separator::Pipe))),
        }
    }
}

/// Where and how to append a command to a RUN.
#[derive(Clone, Debug)]
pub(crate) enum Append {
    /// After the shell-form line: ` && cmd` (or ` cmd` after a trailing `;`).
    Line { at: TextSize, after_semicolon: bool, multiline: bool },
    /// As a new last line of a heredoc script.
    Heredoc { at: TextSize },
}

impl Shift for Run {
    fn shift(&mut self, delta: Delta) {
        for cmd in &mut self.commands {
            cmd.all_words.shift(delta);
        }
        self.first_piped.shift(delta);
        match &mut self.append {
            Some(Append::Line { at, .. } | Append::Heredoc { at }) => at.shift(delta),
            None => {}
        }
    }
}

impl Run {
    pub(super) fn new(analysis: &Analysis, index: usize) -> Option<Run> {
        let instruction = analysis.instruction(index);
        if !instruction.is("run") {
            return None;
        }
        let Command::Exec { form: Some(CommandForm::Shell(args)) } = analysis.command(index) else { return None };
        let mut run = Run {
            instruction: index,
            stage: analysis.stage_of(index),
            commands: Vec::new(),
            has_pipe: false,
            first_piped: None,
            sets_pipefail: false,
            changes_shell_state: false,
            package_managers: Vec::new(),
            append: None,
            cache_targets: cache_targets(instruction),
            line_shape: LineShape::default(),
        };
        let line_script = shell::parse(&args.text);
        run.line_shape = LineShape::of(&line_script);
        let runs_body = line_script.commands.iter().all(|c| is_shell(c.program()));
        let (line_has_comment, line_unterminated) = (line_script.has_comment, line_script.unterminated);
        let trailing = line_script.trailing_separator();
        let line = &instruction.line;
        let map = |s: usize, e: usize| line.source_range(args.offset + s, args.offset + e);
        run.add(line_script, map);
        if let Some(heredoc) = instruction.heredocs.first() {
            let body = analysis.text.get(heredoc.body_range.start().into()..heredoc.body_range.end().into());
            if let Some(body) = body.filter(|b| runs_body && !has_foreign_shebang(b)) {
                let start = heredoc.body_range.start();
                let script = shell::parse(body);
                let unterminated = script.unterminated;
                run.add(script, |s, e| TextRange::new(start + offset(s), start + offset(e)));
                if !unterminated && instruction.heredocs.len() == 1 {
                    run.append = Some(Append::Heredoc { at: heredoc.body_range.end() });
                }
            }
        }
        run.cache_targets.shrink_to_fit();
        run.package_managers.shrink_to_fit();
        let appendable = instruction.heredocs.is_empty() && !line_has_comment && !line_unterminated;
        if appendable && matches!(trailing, None | Some(Separator::Semicolon)) {
            run.append = Some(Append::Line {
                at: args.range.end(),
                after_semicolon: trailing.is_some(),
                multiline: instruction.start_line != instruction.end_line,
            });
        }
        Some(run)
    }

    /// Takes the words of `script` over (moved, not copied).
    fn add(&mut self, script: shell::Script, map: impl Fn(usize, usize) -> TextRange) {
        self.has_pipe |= script.has_pipe();
        self.commands.reserve(script.commands.len());
        for command in script.commands {
            let name_at = command.words.len() - command.command_words().len();
            let separator = command.separator;
            let convert = |mut w: shell::ShellWord| {
                w.text.shrink_to_fit();
                ShWord { text: w.text, range: map(w.start, w.end) }
            };
            let cmd = Cmd::new(command.words.into_iter().map(convert).collect(), name_at);
            // `echo … | cmd` cannot fail on the left: pipefail changes nothing.
            let can_fail = !matches!(cmd.program(), Some("echo" | "printf" | "cat" | "yes" | "true"));
            if separator == Some(Separator::Pipe) && self.first_piped.is_none() && can_fail {
                self.first_piped = Some(cmd.range());
            }
            if cmd.program() == Some("set") && cmd.args().iter().any(|w| w.text == "pipefail") {
                self.sets_pipefail = true;
            }
            if cmd.program().is_some_and(|p| consecutive_run::SHELL_STATE.contains(&p)) {
                self.changes_shell_state = true;
            }
            let at = self.commands.len();
            self.package_managers.extend(packages::package_managers(&cmd).map(|manager| (at, manager)));
            self.commands.push(cmd);
        }
    }

    /// A cache mount covers `path` (or a folder above or below it).
    pub fn caches(&self, paths: &[&str]) -> bool {
        self.cache_targets.iter().any(|t| {
            let t = t.trim_end_matches('/');
            paths.iter().any(|p| p.starts_with(t) || t.starts_with(p.trim_end_matches('/')) || t.ends_with(p))
        })
    }
}

fn offset(n: usize) -> TextSize {
    TextSize::from(n as u32)
}

fn is_shell(program: Option<&str>) -> bool {
    matches!(program, Some("sh" | "bash" | "ash" | "dash" | "zsh"))
}

/// A heredoc body that starts with `#!` naming a program other than a shell.
fn has_foreign_shebang(body: &str) -> bool {
    let Some(first) = body.lines().next().and_then(|l| l.strip_prefix("#!")) else { return false };
    let words: Vec<&str> = first.split_whitespace().collect();
    let program = match words.as_slice() {
        [env, program, ..] if env.ends_with("/env") => program,
        [program, ..] => program,
        [] => return false,
    };
    !is_shell(Some(shell::program_name(program)))
}

/// Targets of the RUN's `--mount=type=cache,…` flags.
fn cache_targets(instruction: &Instruction) -> Vec<String> {
    instruction
        .flags
        .iter()
        .filter(|f| flag_name(&f.text) == "mount")
        .filter_map(|f| {
            let value = f.text.split_once('=')?.1;
            let fields = || value.split(',').filter_map(|kv| kv.split_once('='));
            let is_cache = fields().any(|(k, v)| k == "type" && v == "cache");
            let target = fields().find(|(k, _)| matches!(*k, "target" | "dst" | "destination"));
            target.filter(|_| is_cache).map(|(_, v)| v.to_string())
        })
        .collect()
}

/// An edit that appends `command` to the RUN, in its style, when that is safe.
pub(crate) fn append_command(facts: &Facts<'_>, run: &Run, command: &str) -> Option<TextEdit> {
    match run.append.as_ref()? {
        Append::Heredoc { at } => {
            let text = &facts.analysis.text;
            let needs_newline = usize::from(*at) > 0 && !text[..usize::from(*at)].ends_with('\n');
            let prefix = if needs_newline { "\n" } else { "" };
            Some(TextEdit::insert(*at, format!("{prefix}{command}\n")))
        }
        Append::Line { at, after_semicolon, multiline } => {
            let joiner = if *after_semicolon { "" } else { "&& " };
            let text = if *multiline {
                let escape = facts.analysis.file.escape;
                let indent = last_line_indent(&facts.analysis.text, *at);
                format!(" {escape}\n{indent}{joiner}{command}")
            } else {
                format!(" {joiner}{command}")
            };
            Some(TextEdit::insert(*at, text))
        }
    }
}

fn last_line_indent(text: &str, at: TextSize) -> String {
    let before = &text[..usize::from(at).min(text.len())];
    let line = before.rsplit('\n').next().unwrap_or("");
    let indent: String = line.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
    if indent.is_empty() {
        "    ".to_string()
    } else {
        indent
    }
}

/// An `ENV` in the stage (or inherited through FROM of an earlier stage) sets `name`.
pub(crate) fn stage_sets_env(facts: &Facts<'_>, stage: Option<usize>, name: &str) -> bool {
    let model = &facts.analysis.model;
    let mut next = stage;
    let mut steps = 0;
    while let Some(s) = next.filter(|_| steps <= model.stages.len()) {
        steps += 1;
        let Some(stage) = model.stages.get(s) else { return false };
        let range = stage.instructions();
        let sets = model
            .vars
            .iter()
            .any(|v| v.kind == crate::model::VarKind::Env && v.name == name && range.contains(&v.instruction));
        if sets {
            return true;
        }
        next = match stage.base.kind {
            BaseKind::Stage(parent) => Some(parent),
            _ => None,
        };
    }
    false
}

/// `Diagnostic::new` for a practice rule.
pub(crate) fn finding(code: &'static str, severity: Severity, range: TextRange, message: String) -> Diagnostic {
    Diagnostic::new(code, severity, range, message)
}

/// The value of a flag, e.g. `--from`, on an instruction.
pub(crate) fn has_flag(instruction: &Instruction, name: &str) -> bool {
    instruction.flags.iter().any(|f| flag_name(&f.text) == name) || flag_value(instruction, name).is_some()
}

/// Source paths of the COPY/ADD instructions of the stage before `instruction`.
pub(crate) fn copy_sources_before(facts: &Facts<'_>, instruction: usize) -> Vec<String> {
    let Some(stage) = facts.analysis.stage_of(instruction) else { return Vec::new() };
    let Some(stage) = facts.analysis.model.stages.get(stage) else { return Vec::new() };
    (stage.from..instruction)
        .filter(|&i| {
            let ins = facts.analysis.instruction(i);
            ins.is("copy") || ins.is("add")
        })
        .filter_map(|i| match facts.analysis.command(i) {
            Command::List { items, .. } if items.len() >= 2 => {
                Some(items[..items.len() - 1].iter().map(|w| w.text.clone()).collect::<Vec<_>>())
            }
            _ => None,
        })
        .flatten()
        .collect()
}
