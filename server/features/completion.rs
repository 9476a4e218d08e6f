//! Context-aware completion: instruction keywords at the start of a line,
//! flags and their values, mount keys, stage names, variables, parser
//! directives, base images, and build-context paths after COPY/ADD.
//!
//! The context is read from the logical line (continuations removed) up to
//! the cursor. Listing the build context is IO, so the caller passes a
//! [`ContextFiles`] that the feature only asks for one folder's entries.

use text_size::{TextRange, TextSize};

use super::dockerfile_docs::{self as docs, CHECK_RULES, DIRECTIVES, IMAGES, INSTRUCTIONS, MOUNT_KEYS};
use super::dockerignore::DockerIgnore;
use crate::model::flags::accepted_flags;
use crate::model::vars::{PLATFORM_ARGS, PROXY_ARGS};
use crate::model::{Analysis, Scope, Stage, VarKind};
use crate::syntax::Instruction;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Keyword,
    Snippet,
    Flag,
    Value,
    Stage,
    Variable,
    Directive,
    Image,
    File,
    Folder,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    pub documentation: Option<String>,
    /// The text the item replaces (from the start of the word to the cursor).
    pub replace: TextRange,
    pub insert_text: String,
    pub is_snippet: bool,
    /// Items are returned best first; this keeps that order in clients.
    pub sort_text: String,
}

/// One entry of a folder of the build context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEntry {
    pub name: String,
    pub is_dir: bool,
}

/// Read access to the build context (the Dockerfile's folder).
pub trait ContextFiles {
    /// Entries of `dir`, a `/`-separated path relative to the context root
    /// (`""` for the root itself).
    fn list(&self, dir: &str) -> Vec<FileEntry>;
    /// The text of the context's `.dockerignore`, if any.
    fn dockerignore(&self) -> Option<String>;
}

#[derive(Clone, Copy, Default)]
pub struct CompletionOptions<'a> {
    /// The client accepts snippets (`$1` placeholders).
    pub snippets: bool,
    pub files: Option<&'a dyn ContextFiles>,
}

pub fn completion(analysis: &Analysis, offset: TextSize, options: &CompletionOptions<'_>) -> Vec<CompletionItem> {
    let offset = clamp(&analysis.text, offset);
    let mut out = Items { list: Vec::new() };
    match locate(analysis, offset) {
        Location::Header { line_start } => directive_items(analysis, offset, line_start, &mut out),
        Location::LineStart { word_start } => {
            let replace = TextRange::new(word_start, offset);
            keyword_items(analysis, offset, replace, KeywordPlace::Line, options, &mut out);
        }
        Location::Instruction { index, logical } => {
            instruction_items(analysis, index, logical, offset, options, &mut out);
        }
        Location::Nowhere => {}
    }
    out.list
}

struct Items {
    list: Vec<CompletionItem>,
}

impl Items {
    fn push(&mut self, kind: CompletionKind, label: impl Into<String>, replace: TextRange) -> &mut CompletionItem {
        let label = label.into();
        let sort_text = format!("{:04}", self.list.len());
        self.list.push(CompletionItem {
            insert_text: label.clone(),
            label,
            kind,
            detail: None,
            documentation: None,
            replace,
            is_snippet: false,
            sort_text,
        });
        let last = self.list.len() - 1;
        &mut self.list[last]
    }
}

impl CompletionItem {
    fn detail(&mut self, detail: impl Into<String>) -> &mut Self {
        self.detail = Some(detail.into());
        self
    }

    fn docs(&mut self, documentation: impl Into<String>) -> &mut Self {
        self.documentation = Some(documentation.into());
        self
    }

    fn insert(&mut self, text: impl Into<String>) -> &mut Self {
        self.insert_text = text.into();
        self
    }

    fn snippet(&mut self, text: impl Into<String>) -> &mut Self {
        self.insert_text = text.into();
        self.is_snippet = true;
        self
    }
}

fn clamp(text: &str, offset: TextSize) -> TextSize {
    let mut at = usize::from(offset).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    TextSize::from(at as u32)
}

enum Location {
    /// A comment line among the parser directives at the top.
    Header {
        line_start: usize,
    },
    /// A line with at most one word before the cursor and no instruction yet.
    LineStart {
        word_start: TextSize,
    },
    /// Inside an instruction's logical line, at this logical offset.
    Instruction {
        index: usize,
        logical: usize,
    },
    Nowhere,
}

fn locate(analysis: &Analysis, offset: TextSize) -> Location {
    let text = &analysis.text;
    let at = usize::from(offset);
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..at];
    if let Some(index) = continued_instruction(analysis, offset) {
        let instruction = analysis.instruction(index);
        let line = &instruction.line;
        return match line.logical_offset(offset) {
            Some(logical) => Location::Instruction { index, logical },
            // In the blank tail of a continued instruction.
            None if instruction.heredocs.is_empty() && offset >= instruction.range.end() => {
                Location::Instruction { index, logical: line.text.len() }
            }
            None => Location::Nowhere,
        };
    }
    let trimmed = before.trim_start();
    if trimmed.starts_with('#') {
        return if in_header(analysis, line_start) { Location::Header { line_start } } else { Location::Nowhere };
    }
    if trimmed.contains(char::is_whitespace) {
        return Location::Nowhere;
    }
    Location::LineStart { word_start: TextSize::from((at - trimmed.len()) as u32) }
}

/// The instruction the cursor belongs to: inside its range, or after its
/// end on the same line, or on blank lines after a trailing continuation.
fn continued_instruction(analysis: &Analysis, offset: TextSize) -> Option<usize> {
    let instructions = &analysis.file.instructions;
    let index = instructions.partition_point(|i| i.range.start() <= offset).checked_sub(1)?;
    let instruction = &instructions[index];
    if offset <= instruction.range.end() {
        return Some(index);
    }
    let text = &analysis.text;
    let end = usize::from(instruction.range.end());
    let gap = &text[end..usize::from(offset)];
    if !gap.contains('\n') {
        return gap.trim().is_empty().then_some(index);
    }
    // `RUN a \` followed by the cursor on a new (blank) line.
    let escape = analysis.file.escape;
    let continued = text[..end].trim_end_matches([' ', '\t']).ends_with(escape)
        || gap.trim_start_matches([' ', '\t']).starts_with(escape);
    let last_line = gap.rsplit('\n').next().unwrap_or("");
    (continued && instruction.heredocs.is_empty() && last_line.trim().is_empty()).then_some(index)
}

/// Parser directives are only read from the comment lines at the very top.
fn in_header(analysis: &Analysis, line_start: usize) -> bool {
    let text = &analysis.text[..line_start];
    let directives_before = analysis.file.directives.iter().filter(|d| usize::from(d.range.start()) < line_start);
    text.lines().count() == directives_before.count()
}

// ---------------------------------------------------------------- directives

fn directive_items(analysis: &Analysis, offset: TextSize, line_start: usize, out: &mut Items) {
    let at = usize::from(offset);
    let line = &analysis.text[line_start..at];
    let body = line.trim_start().trim_start_matches('#').trim_start();
    let body_start = at - body.len();
    let range_from = |start: usize| TextRange::new(TextSize::from(start as u32), offset);
    let Some((name, value)) = body.split_once('=') else {
        let present: Vec<&str> = analysis.file.directives.iter().map(|d| d.name.as_str()).collect();
        for d in DIRECTIVES.iter().filter(|d| !present.contains(&d.name)) {
            out.push(CompletionKind::Directive, d.name, range_from(body_start))
                .insert(format!("{}=", d.name))
                .docs(d.summary);
        }
        return;
    };
    let name = name.trim().to_ascii_lowercase();
    let value_start = at - value.trim_start().len();
    if name == "check" {
        return check_directive_items(value, value_start, offset, out);
    }
    if let Some(d) = DIRECTIVES.iter().find(|d| d.name == name) {
        for v in d.values {
            out.push(CompletionKind::Value, *v, range_from(value_start));
        }
    }
}

/// `# check=skip=Rule1,Rule2;error=true`
fn check_directive_items(value: &str, value_start: usize, offset: TextSize, out: &mut Items) {
    let part_start = value.rfind(';').map_or(0, |i| i + 1);
    let part = &value[part_start..];
    let at = |i: usize| TextRange::new(TextSize::from((value_start + i) as u32), offset);
    match part.split_once('=') {
        None => {
            for option in ["skip=", "error=true"] {
                out.push(CompletionKind::Value, option, at(part_start));
            }
        }
        Some((key, rules)) if key.trim() == "skip" => {
            let rule_start = part_start + key.len() + 1 + rules.rfind(',').map_or(0, |i| i + 1);
            let listed: Vec<&str> = rules.split(',').map(str::trim).collect();
            out.push(CompletionKind::Value, "all", at(rule_start)).docs("Skip every check");
            for rule in CHECK_RULES.iter().filter(|r| !listed.contains(r)) {
                out.push(CompletionKind::Value, *rule, at(rule_start));
            }
        }
        Some((key, _)) if key.trim() == "error" => {
            let value_at = part_start + key.len() + 1;
            for v in ["true", "false"] {
                out.push(CompletionKind::Value, v, at(value_at));
            }
        }
        _ => {}
    }
}

// ------------------------------------------------------------------ keywords

#[derive(Clone, Copy, PartialEq, Eq)]
enum KeywordPlace {
    Line,
    /// After ONBUILD: FROM, ONBUILD and MAINTAINER are not allowed there.
    Onbuild,
}

/// Upper case unless most keywords of the file are lowercase.
fn uppercase_file(analysis: &Analysis) -> bool {
    let (mut upper, mut lower) = (0, 0);
    for i in &analysis.file.instructions {
        if i.keyword.text.chars().all(|c| !c.is_ascii_lowercase()) {
            upper += 1;
        } else if i.keyword.text.chars().all(|c| !c.is_ascii_uppercase()) {
            lower += 1;
        }
    }
    upper >= lower
}

fn keyword_items(
    analysis: &Analysis,
    offset: TextSize,
    replace: TextRange,
    place: KeywordPlace,
    options: &CompletionOptions<'_>,
    out: &mut Items,
) {
    let upper = uppercase_file(analysis);
    let case = |k: &str| if upper { k.to_string() } else { k.to_ascii_lowercase() };
    let after_first_from =
        analysis.model.stages.first().is_some_and(|s| analysis.instruction(s.from).range.end() < offset);
    for doc in &INSTRUCTIONS {
        let allowed = match place {
            KeywordPlace::Line => after_first_from || matches!(doc.name, "ARG" | "FROM"),
            KeywordPlace::Onbuild => !matches!(doc.name, "FROM" | "ONBUILD" | "MAINTAINER"),
        };
        if !allowed {
            continue;
        }
        let keyword = case(doc.name);
        out.push(CompletionKind::Keyword, keyword.clone(), replace)
            .insert(format!("{keyword} "))
            .detail(doc.forms[0])
            .docs(doc.summary);
        if options.snippets {
            for &(label, body) in snippets(doc.name) {
                let body = body.replace("AS", &case("AS")).replace("CMD ", &case("CMD "));
                out.push(CompletionKind::Snippet, format!("{keyword} {label}"), replace)
                    .snippet(format!("{keyword} {body}"))
                    .detail(doc.forms[0])
                    .docs(doc.summary);
            }
        }
    }
}

fn snippets(keyword: &str) -> &'static [(&'static str, &'static str)] {
    match keyword {
        "FROM" => &[("image AS name", "${1:image}:${2:tag} AS ${3:name}")],
        "COPY" => &[("--from=stage", "--from=${1:stage} ${2:src} ${3:dest}"), ("src dest", "${1:src} ${2:dest}")],
        "RUN" => &[
            ("<<EOF heredoc", "<<EOF\n${1:command}\nEOF"),
            ("--mount=type=cache", "--mount=type=cache,target=${1:/root/.cache} ${2:command}"),
        ],
        "HEALTHCHECK" => &[("CMD", "--interval=${1:30s} --timeout=${2:3s} CMD ${3:command}")],
        "CMD" => &[("[\"exec\"]", "[\"${1:executable}\", \"${2:param}\"]")],
        "ENTRYPOINT" => &[("[\"exec\"]", "[\"${1:executable}\", \"${2:param}\"]")],
        "ENV" => &[("KEY=value", "${1:KEY}=${2:value}")],
        "ARG" => &[("NAME=default", "${1:NAME}=${2:default}")],
        "LABEL" => &[("key=value", "${1:key}=\"${2:value}\"")],
        _ => &[],
    }
}

// --------------------------------------------------------------- instruction

/// Where the cursor sits in an instruction's logical line.
struct Cursor<'a> {
    analysis: &'a Analysis,
    instruction: &'a Instruction,
    index: usize,
    /// The line up to the cursor.
    prefix: &'a str,
    /// Logical start of the word being typed.
    word_start: usize,
    offset: TextSize,
}

impl Cursor<'_> {
    fn word(&self) -> &str {
        &self.prefix[self.word_start..]
    }

    /// The source range from logical `start` to the cursor.
    fn range_from(&self, start: usize) -> TextRange {
        let s = self.instruction.line.source_offset(start).min(self.offset);
        TextRange::new(s, self.offset)
    }
}

fn instruction_items(
    analysis: &Analysis,
    index: usize,
    logical: usize,
    offset: TextSize,
    options: &CompletionOptions<'_>,
    out: &mut Items,
) {
    let outer = analysis.instruction(index);
    let line = &outer.line;
    let Some(prefix) = line.text.get(..logical) else { return };
    // ONBUILD's trigger is an instruction of its own on the same line.
    let instruction = match &outer.trigger {
        Some(trigger) if logical > trigger.keyword.offset => trigger.as_ref(),
        _ => outer,
    };
    let word_start = prefix.char_indices().rev().find(|(_, c)| c.is_whitespace()).map_or(0, |(i, c)| i + c.len_utf8());
    let cursor = Cursor { analysis, instruction, index, prefix, word_start, offset };
    if logical <= outer.keyword.raw_end() {
        let replace = cursor.range_from(outer.keyword.offset);
        return keyword_items(analysis, offset, replace, KeywordPlace::Line, options, out);
    }
    if outer.is("onbuild") && (outer.trigger.is_none() || logical <= instruction.keyword.raw_end()) {
        let replace = cursor.range_from(word_start.max(outer.keyword.raw_end()));
        return keyword_items(analysis, offset, replace, KeywordPlace::Onbuild, options, out);
    }
    if variable_items(&cursor, out) {
        return;
    }
    let words_before: Vec<&str> = prefix[instruction.keyword.raw_end()..word_start].split_whitespace().collect();
    let in_flags = words_before.iter().all(|w| w.starts_with("--"));
    let word = cursor.word();
    if in_flags && word.starts_with('-') {
        return flag_items(&cursor, out);
    }
    let args_before = words_before.iter().filter(|w| !w.starts_with("--")).count();
    match instruction.name().as_str() {
        "from" => from_items(&cursor, args_before, out),
        "copy" | "add" if !has_flag(instruction, "from") && !word.starts_with("<<") => {
            path_items(&cursor, options, out)
        }
        "healthcheck" if args_before == 0 => {
            for kind in ["CMD", "NONE"] {
                let label = if uppercase_file(analysis) { kind.to_string() } else { kind.to_ascii_lowercase() };
                out.push(CompletionKind::Keyword, label.clone(), cursor.range_from(word_start))
                    .insert(format!("{label} "));
            }
        }
        "arg" if !word.contains('=') => arg_name_items(&cursor, out),
        _ => {}
    }
}

fn has_flag(instruction: &Instruction, name: &str) -> bool {
    instruction.flags.iter().any(|f| crate::model::flag_name(&f.text) == name)
}

// --------------------------------------------------------------------- flags

fn flag_items(cursor: &Cursor<'_>, out: &mut Items) {
    let word = cursor.word();
    let instruction = cursor.instruction;
    let Some(accepted) = accepted_flags(instruction, cursor.analysis.command(cursor.index)) else { return };
    let doc = docs::instruction(&instruction.keyword.text);
    let Some((name, value)) = word.strip_prefix("--").and_then(|w| w.split_once('=')) else {
        let present: Vec<&str> = instruction.flags.iter().map(|f| crate::model::flag_name(&f.text)).collect();
        let typed = word.trim_start_matches('-');
        for spec in accepted {
            let repeatable = spec.kind == crate::model::flags::FlagKind::Strings;
            if present.contains(&spec.name) && !repeatable && spec.name != typed {
                continue;
            }
            let flag_doc = doc.and_then(|d| d.flag(spec.name));
            let takes_value = flag_doc.is_none_or(|f| f.takes_value);
            let insert = if takes_value { format!("--{}=", spec.name) } else { format!("--{}", spec.name) };
            let item = out.push(CompletionKind::Flag, format!("--{}", spec.name), cursor.range_from(cursor.word_start));
            item.insert(insert);
            if let Some(f) = flag_doc {
                item.docs(f.summary);
            }
        }
        return;
    };
    let value_start = cursor.word_start + 2 + name.len() + 1;
    let name = name.to_ascii_lowercase();
    match name.as_str() {
        "from" if instruction.is("copy") => stage_items(cursor, StagePlace::CopyFrom, value_start, out),
        "mount" if instruction.is("run") => mount_items(cursor, value, value_start, out),
        _ => {
            let values = doc.and_then(|d| d.flag(&name)).map_or(&[][..], |f| f.values);
            for v in values {
                out.push(CompletionKind::Value, *v, cursor.range_from(value_start));
            }
        }
    }
}

fn mount_items(cursor: &Cursor<'_>, value: &str, value_start: usize, out: &mut Items) {
    let field_start = value.rfind(',').map_or(0, |i| i + 1);
    let field = &value[field_start..];
    let fields: Vec<(&str, Option<&str>)> = value[..field_start]
        .split(',')
        .filter(|f| !f.is_empty())
        .map(|f| f.split_once('=').map_or((f, None), |(k, v)| (k, Some(v))))
        .collect();
    let mount_type = fields.iter().find(|(k, _)| k.eq_ignore_ascii_case("type")).and_then(|(_, v)| *v);
    let mount_type = mount_type.unwrap_or("bind").to_ascii_lowercase();
    let start = value_start + field_start;
    match field.split_once('=') {
        None => {
            let present: Vec<String> = fields.iter().map(|(k, _)| k.to_ascii_lowercase()).collect();
            for key in &MOUNT_KEYS {
                let fits = key.types.is_empty() || key.types.contains(&mount_type.as_str());
                if !fits || present.iter().any(|p| docs::mount_key_doc(p).is_some_and(|d| d.key == key.key)) {
                    continue;
                }
                out.push(CompletionKind::Flag, key.key, cursor.range_from(start))
                    .insert(format!("{}=", key.key))
                    .docs(key.summary);
            }
        }
        Some((key, _)) => {
            let key_start = start + key.len() + 1;
            let Some(doc) = docs::mount_key_doc(key) else { return };
            if doc.key == "from" {
                return stage_items(cursor, StagePlace::Mount, key_start, out);
            }
            for v in doc.values {
                out.push(CompletionKind::Value, *v, cursor.range_from(key_start));
            }
        }
    }
}

// -------------------------------------------------------------------- stages

#[derive(Clone, Copy, PartialEq, Eq)]
enum StagePlace {
    /// `COPY --from=`: earlier stages, by name or index.
    CopyFrom,
    /// `--mount=from=` and `FROM`: earlier named stages.
    Mount,
    From,
}

fn stage_items(cursor: &Cursor<'_>, place: StagePlace, start: usize, out: &mut Items) {
    let model = &cursor.analysis.model;
    let current = cursor.analysis.stage_of(cursor.index);
    // In a FROM line the stage being started is the current one: only earlier stages fit.
    let limit = current.unwrap_or(0);
    for stage in model.stages.iter().take(limit) {
        let label = match (stage.name(), place) {
            (Some(name), _) => name.to_string(),
            (None, StagePlace::CopyFrom) => stage.index.to_string(),
            (None, _) => continue,
        };
        out.push(CompletionKind::Stage, label, cursor.range_from(start)).detail(stage_detail(stage)).docs(format!(
            "Stage {} (line {})",
            stage.index,
            cursor.analysis.line_of(stage.from) + 1
        ));
    }
}

fn stage_detail(stage: &Stage) -> String {
    stage.base.word.text.clone()
}

// ---------------------------------------------------------------------- FROM

fn from_items(cursor: &Cursor<'_>, args_before: usize, out: &mut Items) {
    let start = cursor.word_start;
    match args_before {
        0 => {
            stage_items(cursor, StagePlace::From, start, out);
            out.push(CompletionKind::Image, "scratch", cursor.range_from(start)).docs("An empty base image");
            for (image, tags) in IMAGES {
                out.push(CompletionKind::Image, *image, cursor.range_from(start));
                for tag in *tags {
                    out.push(CompletionKind::Image, format!("{image}:{tag}"), cursor.range_from(start));
                }
            }
        }
        1 => {
            let keyword = if uppercase_file(cursor.analysis) { "AS" } else { "as" };
            out.push(CompletionKind::Keyword, keyword, cursor.range_from(start)).insert(format!("{keyword} "));
        }
        _ => {}
    }
}

// ----------------------------------------------------------------- variables

/// Completes `$NAME` / `${NAME`; true when the cursor is in such a reference.
fn variable_items(cursor: &Cursor<'_>, out: &mut Items) -> bool {
    let word = cursor.word();
    let Some(dollar) = word.rfind('$') else { return false };
    let after = &word[dollar + 1..];
    let name_part = after.strip_prefix('{').unwrap_or(after);
    if !name_part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return false;
    }
    let escape = cursor.analysis.file.escape;
    if word[..dollar].ends_with(escape) {
        return false;
    }
    let start = cursor.word_start + word.len() - name_part.len();
    let range = cursor.range_from(start);
    let analysis = cursor.analysis;
    let mut visible: Vec<(&str, usize)> = analysis.visible_vars(cursor.index).into_iter().collect();
    visible.sort_unstable();
    for (name, id) in &visible {
        let decl = &analysis.model.vars[*id];
        let kind = match decl.kind {
            VarKind::Arg if decl.scope == Scope::Global => "global ARG",
            VarKind::Arg => "ARG",
            VarKind::Env => "ENV",
        };
        let value = decl.value.as_deref().map_or("(no default)".to_string(), |v| format!("= {v}"));
        out.push(CompletionKind::Variable, *name, range)
            .detail(value)
            .docs(format!("{kind} on line {}", analysis.line_of(decl.instruction) + 1));
    }
    let is_from = cursor.instruction.is("from") || analysis.stage_of(cursor.index).is_none();
    let predefined: &[&str] = if is_from {
        &PLATFORM_ARGS
    } else if cursor.instruction.is("run") {
        &PROXY_ARGS
    } else {
        &[]
    };
    for name in predefined.iter().filter(|n| !visible.iter().any(|(v, _)| v == *n)) {
        out.push(CompletionKind::Variable, *name, range).detail("predefined by BuildKit");
    }
    true
}

/// `ARG NAME`: the predefined platform ARGs, and global ARGs a stage can re-declare.
fn arg_name_items(cursor: &Cursor<'_>, out: &mut Items) {
    let analysis = cursor.analysis;
    if analysis.stage_of(cursor.index).is_none() {
        return;
    }
    let range = cursor.range_from(cursor.word_start);
    let visible = analysis.visible_vars(cursor.index);
    let globals = analysis.model.vars.iter().filter(|v| v.scope == Scope::Global);
    let mut seen = Vec::new();
    for global in globals {
        if visible.contains_key(global.name.as_str()) || seen.contains(&global.name) {
            continue;
        }
        seen.push(global.name.clone());
        let detail = global.value.as_deref().map_or("global ARG".to_string(), |v| format!("global ARG = {v}"));
        out.push(CompletionKind::Variable, global.name.clone(), range).detail(detail);
    }
    for name in PLATFORM_ARGS.iter().filter(|n| !visible.contains_key(**n)) {
        out.push(CompletionKind::Variable, *name, range).detail("predefined by BuildKit");
    }
}

// --------------------------------------------------------------------- paths

fn path_items(cursor: &Cursor<'_>, options: &CompletionOptions<'_>, out: &mut Items) {
    let Some(files) = options.files else { return };
    let word = cursor.word().trim_start_matches(['"', '[']);
    let word = word.strip_prefix("./").unwrap_or(word);
    let unsafe_path = word.starts_with('/')
        || word.contains("://")
        || word.contains(['$', '*', '?', '\\'])
        || word.split('/').any(|part| part == "..");
    if unsafe_path {
        return;
    }
    let dir = word.rfind('/').map_or("", |i| &word[..i]);
    let name_start = cursor.prefix.len() - (word.len() - word.rfind('/').map_or(0, |i| i + 1));
    let ignore = files.dockerignore().map(|text| DockerIgnore::parse(&text));
    let mut entries = files.list(dir);
    entries.sort_by(|a, b| (!a.is_dir, &a.name).cmp(&(!b.is_dir, &b.name)));
    for entry in entries {
        let path = if dir.is_empty() { entry.name.clone() } else { format!("{dir}/{}", entry.name) };
        if ignore.as_ref().is_some_and(|i| i.is_ignored(&path)) {
            continue;
        }
        let (kind, label) = if entry.is_dir {
            (CompletionKind::Folder, format!("{}/", entry.name))
        } else {
            (CompletionKind::File, entry.name)
        };
        out.push(kind, label, cursor.range_from(name_start));
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::features::fixture::with_cursor;

    struct FakeContext;

    impl ContextFiles for FakeContext {
        fn list(&self, dir: &str) -> Vec<FileEntry> {
            let entry = |name: &str, is_dir| FileEntry { name: name.to_string(), is_dir };
            match dir {
                "" => vec![
                    entry("src", true),
                    entry("go.mod", false),
                    entry("secret.key", false),
                    entry("node_modules", true),
                ],
                "src" => vec![entry("main.go", false), entry("main_test.go", false)],
                _ => Vec::new(),
            }
        }

        fn dockerignore(&self) -> Option<String> {
            Some("*.key\nnode_modules\n**/*_test.go\n".to_string())
        }
    }

    fn render(fixture: &str, snippets: bool) -> String {
        let (analysis, offset) = with_cursor(fixture);
        let options = CompletionOptions { snippets, files: Some(&FakeContext) };
        let items = completion(&analysis, offset, &options);
        items
            .iter()
            .map(|i| {
                let replaced = &analysis.text[usize::from(i.replace.start())..usize::from(i.replace.end())];
                let mut line = format!("{:?} {}", i.kind, i.label);
                if i.insert_text != i.label {
                    line.push_str(&format!(" => {:?}", i.insert_text));
                }
                if !replaced.is_empty() {
                    line.push_str(&format!(" [replaces {replaced:?}]"));
                }
                if let Some(d) = &i.detail {
                    line.push_str(&format!(" ({d})"));
                }
                line + "\n"
            })
            .collect()
    }

    fn check(fixture: &str, expect: Expect) {
        expect.assert_eq(&render(fixture, false));
    }

    fn labels(fixture: &str) -> Vec<String> {
        let (analysis, offset) = with_cursor(fixture);
        completion(&analysis, offset, &CompletionOptions::default()).into_iter().map(|i| i.label).collect()
    }

    #[test]
    fn only_arg_and_from_before_the_first_from() {
        check(
            "$0\n",
            expect![[r#"
            Keyword FROM => "FROM " (FROM [--platform=<platform>] <image>[:<tag>|@<digest>] [AS <name>])
            Keyword ARG => "ARG " (ARG <name>[=<default value>] …)
        "#]],
        );
        check(
            "ARG A=1\nF$0\n",
            expect![[r#"
            Keyword FROM => "FROM " [replaces "F"] (FROM [--platform=<platform>] <image>[:<tag>|@<digest>] [AS <name>])
            Keyword ARG => "ARG " [replaces "F"] (ARG <name>[=<default value>] …)
        "#]],
        );
    }

    /// Found by `cargo bench --bench scaling` (shape `control_chars`): the
    /// word before the cursor starts after a multi-byte blank.
    #[test]
    fn a_word_after_a_multi_byte_blank() {
        check(
            "FROM alpine\nRUN echo\u{2028}$$0\n",
            expect![[r#"
                Variable HTTP_PROXY (predefined by BuildKit)
                Variable http_proxy (predefined by BuildKit)
                Variable HTTPS_PROXY (predefined by BuildKit)
                Variable https_proxy (predefined by BuildKit)
                Variable FTP_PROXY (predefined by BuildKit)
                Variable ftp_proxy (predefined by BuildKit)
                Variable NO_PROXY (predefined by BuildKit)
                Variable no_proxy (predefined by BuildKit)
            "#]],
        );
        assert!(labels("FROM alpine\nRUN echo\u{a0}$0\n").is_empty());
    }

    #[test]
    fn keywords_in_the_file_casing_with_snippets() {
        let lower = labels("from alpine\nrun true\nr$0\n");
        assert!(lower.contains(&"run".to_string()) && !lower.contains(&"RUN".to_string()), "{lower:?}");
        let (analysis, offset) = with_cursor("FROM alpine\nRU$0\n");
        let options = CompletionOptions { snippets: true, files: None };
        let items = completion(&analysis, offset, &options);
        let heredoc = items.iter().find(|i| i.label == "RUN <<EOF heredoc").expect("heredoc snippet");
        assert_eq!(heredoc.insert_text, "RUN <<EOF\n${1:command}\nEOF");
        assert!(heredoc.is_snippet);
        let plain = labels("FROM alpine\nRU$0\n");
        assert!(!plain.iter().any(|l| l.contains("heredoc")));
    }

    #[test]
    fn flags_not_yet_present() {
        check(
            "FROM alpine\nCOPY --link --$0 a b\n",
            expect![[r#"
            Flag --chown => "--chown=" [replaces "--"]
            Flag --from => "--from=" [replaces "--"]
            Flag --chmod => "--chmod=" [replaces "--"]
            Flag --exclude => "--exclude=" [replaces "--"]
            Flag --parents [replaces "--"]
        "#]],
        );
        check(
            "FROM alpine\nRUN --$0\n",
            expect![[r#"
            Flag --mount => "--mount=" [replaces "--"]
            Flag --network => "--network=" [replaces "--"]
            Flag --security => "--security=" [replaces "--"]
            Flag --device => "--device=" [replaces "--"]
        "#]],
        );
    }

    #[test]
    fn flag_values() {
        check(
            "FROM --platform=$0 alpine\n",
            expect![[r#"
            Value $BUILDPLATFORM
            Value $TARGETPLATFORM
            Value linux/amd64
            Value linux/arm64
            Value linux/arm/v7
            Value linux/arm/v6
            Value linux/386
            Value linux/ppc64le
            Value linux/s390x
            Value linux/riscv64
        "#]],
        );
        check(
            "FROM alpine\nRUN --network=$0 true\n",
            expect![[r#"
            Value default
            Value none
            Value host
        "#]],
        );
    }

    #[test]
    fn mount_keys_by_type_and_their_values() {
        check(
            "FROM alpine\nRUN --mount=type=cache,$0\n",
            expect![[r#"
            Flag target => "target="
            Flag source => "source="
            Flag from => "from="
            Flag readonly => "readonly="
            Flag id => "id="
            Flag sharing => "sharing="
            Flag mode => "mode="
            Flag uid => "uid="
            Flag gid => "gid="
        "#]],
        );
        check(
            "FROM alpine\nRUN --mount=type=$0\n",
            expect![[r#"
            Value bind
            Value cache
            Value tmpfs
            Value secret
            Value ssh
        "#]],
        );
        check(
            "FROM alpine\nRUN --mount=type=cache,sharing=$0\n",
            expect![[r#"
            Value shared
            Value private
            Value locked
        "#]],
        );
    }

    #[test]
    fn stages_only_where_valid() {
        check(
            "FROM golang AS build\nFROM node\nFROM build AS test\nCOPY --from=$0\nFROM alpine AS last\n",
            expect![[r#"
                Stage build (golang)
                Stage 1 (node)
            "#]],
        );
        check(
            "FROM golang AS build\nFROM node\nRUN --mount=from=$0\n",
            expect![[r#"
            Stage build (golang)
        "#]],
        );
    }

    #[test]
    fn from_offers_earlier_stages_and_images() {
        let items = labels("FROM golang AS build\nFROM $0\n");
        assert_eq!(items[0], "build");
        assert!(items.contains(&"node:22-alpine".to_string()));
        assert!(items.contains(&"gcr.io/distroless/static-debian12:nonroot".to_string()));
        check(
            "FROM golang AS build\nFROM golang $0\n",
            expect![[r#"
            Keyword AS => "AS "
        "#]],
        );
    }

    #[test]
    fn variables_visible_at_the_cursor() {
        check(
            "ARG GO=1.22\nFROM golang:${$0\n",
            expect![[r#"
            Variable GO (= 1.22)
            Variable BUILDPLATFORM (predefined by BuildKit)
            Variable BUILDOS (predefined by BuildKit)
            Variable BUILDARCH (predefined by BuildKit)
            Variable BUILDVARIANT (predefined by BuildKit)
            Variable TARGETPLATFORM (predefined by BuildKit)
            Variable TARGETOS (predefined by BuildKit)
            Variable TARGETARCH (predefined by BuildKit)
            Variable TARGETVARIANT (predefined by BuildKit)
            Variable TARGETSTAGE (predefined by BuildKit)
        "#]],
        );
        check(
            "ARG GO=1.22\nFROM golang\nARG GO\nENV HOME=/root\nRUN echo $H$0\nENV LATER=1\n",
            expect![[r#"
            Variable GO [replaces "H"] (= 1.22)
            Variable HOME [replaces "H"] (= /root)
            Variable HTTP_PROXY [replaces "H"] (predefined by BuildKit)
            Variable http_proxy [replaces "H"] (predefined by BuildKit)
            Variable HTTPS_PROXY [replaces "H"] (predefined by BuildKit)
            Variable https_proxy [replaces "H"] (predefined by BuildKit)
            Variable FTP_PROXY [replaces "H"] (predefined by BuildKit)
            Variable ftp_proxy [replaces "H"] (predefined by BuildKit)
            Variable NO_PROXY [replaces "H"] (predefined by BuildKit)
            Variable no_proxy [replaces "H"] (predefined by BuildKit)
        "#]],
        );
    }

    #[test]
    fn directives_in_the_header() {
        check(
            "# $0\nFROM alpine\n",
            expect![[r#"
            Directive syntax => "syntax="
            Directive escape => "escape="
            Directive check => "check="
        "#]],
        );
        check(
            "# syntax=docker/dockerfile:1\n# check=skip=StageNameCasing,$0\nFROM alpine\n",
            expect![[r#"
            Value all
            Value FromAsCasing
            Value NoEmptyContinuation
            Value ConsistentInstructionCasing
            Value DuplicateStageName
            Value ReservedStageName
            Value JSONArgsRecommended
            Value MaintainerDeprecated
            Value UndefinedArgInFrom
            Value WorkdirRelativePath
            Value UndefinedVar
            Value MultipleInstructionsDisallowed
            Value LegacyKeyValueFormat
            Value InvalidBaseImagePlatform
            Value RedundantTargetPlatform
            Value SecretsUsedInArgOrEnv
            Value InvalidDefaultArgInFrom
            Value FromPlatformFlagConstDisallowed
            Value CopyIgnoredFile
            Value InvalidDefinitionDescription
            Value ExposeProtoCasing
            Value ExposeInvalidFormat
        "#]],
        );
        check("FROM alpine\n# $0\n", expect![[r#""#]]);
    }

    #[test]
    fn paths_relative_to_the_context_honouring_dockerignore() {
        check(
            "FROM alpine\nCOPY $0\n",
            expect![[r#"
            Folder src/
            File go.mod
        "#]],
        );
        check(
            "FROM alpine\nCOPY src/$0 /app/\n",
            expect![[r#"
            File main.go
        "#]],
        );
        check("FROM alpine\nCOPY --from=build $0\n", expect![[r#""#]]);
        check("FROM alpine\nCOPY ../$0\n", expect![[r#""#]]);
    }

    #[test]
    fn onbuild_triggers_and_continuations() {
        let items = labels("FROM alpine\nONBUILD $0\n");
        assert!(items.contains(&"RUN".to_string()) && !items.contains(&"FROM".to_string()), "{items:?}");
        check(
            "FROM alpine\nRUN --network=none \\\n    --$0\n",
            expect![[r#"
            Flag --mount => "--mount=" [replaces "--"]
            Flag --security => "--security=" [replaces "--"]
            Flag --device => "--device=" [replaces "--"]
        "#]],
        );
    }

    #[test]
    fn never_panics_at_any_offset() {
        let text = "# syntax=x\nARG A=1\nFROM --platform=$BUILDPLATFORM a:$A AS b\nRUN --mount=type=cache,from=b \\\n  echo ${A}\nCOPY <<EOF /x\nbody\nEOF\nONBUILD COPY --from=b é /\n";
        let analysis = Analysis::from_text(text);
        for offset in 0..=text.len() + 2 {
            let options = CompletionOptions { snippets: true, files: Some(&FakeContext) };
            completion(&analysis, TextSize::from(offset as u32), &options);
        }
    }
}
