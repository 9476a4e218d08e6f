//! Semantic tokens: keywords, flags, stage names (declaration or reference),
//! variables, strings, comments, parser directives, heredoc delimiters,
//! operators, keys and ports.
//!
//! Tokens come from three layers, the inner (more specific) one winning where
//! they nest:
//! 1. the captures of `queries/highlights.scm` on the tree-sitter tree, except
//!    inside instructions that touch an ERROR/MISSING node and inside heredoc
//!    bodies;
//! 2. for those instructions, the logical-line layer's own tokens (keyword,
//!    JSON strings, quoted values, ports), so highlighting survives files the
//!    grammar rejects;
//! 3. the model's facts, which no grammar knows: parser directives, stage
//!    declarations and references, variable declarations and references,
//!    heredoc delimiters, and flag names apart from their values.
//!
//! Everything is linear in the size of the document, up to sorting.

use std::sync::OnceLock;

use text_size::{TextRange, TextSize};

use crate::model::{flag_name, flag_value_word, Analysis, Command, CommandForm, RefTarget};
use crate::syntax::{Instruction, SyntaxQuery};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenType {
    Keyword,
    Flag,
    StageName,
    Variable,
    String,
    Comment,
    Directive,
    HeredocDelimiter,
    Operator,
    Property,
    Number,
}

impl TokenType {
    /// Every type, in a stable order (the LSP legend's).
    pub const ALL: [TokenType; 11] = [
        TokenType::Keyword,
        TokenType::Flag,
        TokenType::StageName,
        TokenType::Variable,
        TokenType::String,
        TokenType::Comment,
        TokenType::Directive,
        TokenType::HeredocDelimiter,
        TokenType::Operator,
        TokenType::Property,
        TokenType::Number,
    ];

    pub fn index(self) -> u32 {
        TokenType::ALL.iter().position(|&t| t == self).unwrap_or(0) as u32
    }

    /// The token type of a capture name of `queries/highlights.scm`.
    fn from_capture(name: &str) -> Option<TokenType> {
        Some(match name {
            "keyword" => TokenType::Keyword,
            "keyword.directive" => TokenType::Directive,
            "comment" => TokenType::Comment,
            "variable.parameter" => TokenType::Flag,
            "property" => TokenType::Property,
            "module" => TokenType::StageName,
            "variable" => TokenType::Variable,
            "string" | "string.escape" => TokenType::String,
            "label" => TokenType::HeredocDelimiter,
            "number" => TokenType::Number,
            "operator" => TokenType::Operator,
            _ => return None,
        })
    }
}

/// One token; it never spans a line break.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub range: TextRange,
    pub kind: TokenType,
    /// A stage name after `AS`, a variable name in ARG or ENV.
    pub declaration: bool,
}

/// The highlight query, shared with editors.
pub const HIGHLIGHTS_SCM: &str = include_str!("../../queries/highlights.scm");

fn highlights() -> Option<&'static SyntaxQuery> {
    static QUERY: OnceLock<Option<SyntaxQuery>> = OnceLock::new();
    QUERY
        .get_or_init(|| {
            SyntaxQuery::new(HIGHLIGHTS_SCM)
                .map_err(|e| tracing::error!("queries/highlights.scm does not compile: {e}"))
                .ok()
        })
        .as_ref()
}

/// Layers of paint; on equal ranges the higher one wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Layer {
    Tree,
    /// Removes the tree's colour (a flag's value).
    Erase,
    Model,
}

#[derive(Clone, Copy, Debug)]
struct Paint {
    range: TextRange,
    kind: Option<TokenType>,
    declaration: bool,
    layer: Layer,
}

#[derive(Default)]
struct Painter {
    paints: Vec<Paint>,
}

impl Painter {
    fn add(&mut self, range: TextRange, kind: TokenType, layer: Layer) {
        self.paints.push(Paint { range, kind: Some(kind), declaration: false, layer });
    }

    fn model(&mut self, range: TextRange, kind: TokenType) {
        self.add(range, kind, Layer::Model);
    }

    fn declaration(&mut self, range: TextRange, kind: TokenType) {
        self.paints.push(Paint { range, kind: Some(kind), declaration: true, layer: Layer::Model });
    }

    fn erase(&mut self, range: TextRange) {
        self.paints.push(Paint { range, kind: None, declaration: false, layer: Layer::Erase });
    }
}

pub fn semantic_tokens(analysis: &Analysis) -> Vec<Token> {
    let mut painter = Painter::default();
    let untrusted = untrusted_instructions(analysis);
    tree_tokens(analysis, &untrusted, &mut painter);
    for (index, instruction) in analysis.file.instructions.iter().enumerate() {
        if untrusted[index] {
            fallback_tokens(analysis, index, &mut painter);
        }
        flag_tokens(instruction, &mut painter);
        if let Some(trigger) = instruction.trigger.as_deref() {
            flag_tokens(trigger, &mut painter);
        }
    }
    model_tokens(analysis, &mut painter);
    split_lines(&analysis.text, paint(painter.paints))
}

/// Instructions the tree cannot be trusted on: those touching an ERROR or
/// MISSING node, and all of them when the file's escape character is not `\`
/// (the grammar only knows `\`).
fn untrusted_instructions(analysis: &Analysis) -> Vec<bool> {
    let instructions = &analysis.file.instructions;
    if analysis.file.escape != '\\' {
        return vec![true; instructions.len()];
    }
    let errors = analysis.tree.error_ranges();
    instructions
        .iter()
        .map(|instruction| {
            let range = instruction.range;
            let first = errors.partition_point(|e| e.end() < range.start());
            errors.get(first).is_some_and(|e| e.start() <= range.end())
        })
        .collect()
}

/// Captures of the highlight query outside untrusted instructions, ERROR
/// nodes and heredoc bodies.
fn tree_tokens(analysis: &Analysis, untrusted: &[bool], painter: &mut Painter) {
    let Some(query) = highlights() else { return };
    let mut excluded: Vec<TextRange> = analysis.tree.error_ranges();
    for (instruction, _) in analysis.file.instructions.iter().zip(untrusted).filter(|(_, &u)| u) {
        excluded.push(instruction.range);
    }
    for instruction in &analysis.file.instructions {
        let target = instruction.trigger.as_deref().unwrap_or(instruction);
        excluded.extend(target.heredocs.iter().map(|h| h.body_range));
    }
    let excluded = merge(excluded);
    let names = query.capture_names();
    for capture in analysis.tree.captures(query, &analysis.text) {
        let Some(kind) = names.get(capture.name).and_then(|n| TokenType::from_capture(n)) else { continue };
        if !overlaps_any(&excluded, capture.range) {
            painter.add(capture.range, kind, Layer::Tree);
        }
    }
}

/// Sorted, non-overlapping union of `ranges`.
fn merge(mut ranges: Vec<TextRange>) -> Vec<TextRange> {
    ranges.sort_by_key(|r| r.start());
    let mut out: Vec<TextRange> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match out.last_mut() {
            Some(last) if range.start() <= last.end() => *last = last.cover(range),
            _ => out.push(range),
        }
    }
    out
}

fn overlaps_any(sorted: &[TextRange], range: TextRange) -> bool {
    let first = sorted.partition_point(|e| e.end() <= range.start());
    sorted.get(first).is_some_and(|e| e.start() < range.end() || (e.is_empty() && e.start() <= range.end()))
}

/// What the logical-line layer knows of an instruction the tree got wrong.
fn fallback_tokens(analysis: &Analysis, index: usize, painter: &mut Painter) {
    let instruction = analysis.instruction(index);
    keyword_token(instruction, painter);
    if let Some(trigger) = instruction.trigger.as_deref() {
        keyword_token(trigger, painter);
    }
    if let Some(stage) = analysis.model.stages.iter().find(|s| s.from == index) {
        if let Some(as_keyword) = &stage.as_keyword {
            painter.model(as_keyword.range, TokenType::Keyword);
        }
    }
    match analysis.command(index) {
        Command::Exec { form: Some(CommandForm::Exec(items)) }
        | Command::Healthcheck { form: Some(CommandForm::Exec(items)), .. }
        | Command::List { items, json: true } => {
            items.iter().for_each(|w| painter.model(w.range, TokenType::String));
        }
        Command::Healthcheck { kind: Some(kind), .. } => painter.model(kind.range, TokenType::Keyword),
        Command::KeyValues { pairs } => {
            for pair in pairs {
                if instruction.is("label") {
                    painter.model(pair.key.range, TokenType::Property);
                }
                if pair.value.text.starts_with(['"', '\'']) {
                    painter.model(pair.value.range, TokenType::String);
                }
            }
        }
        Command::Arg { defs } => {
            let quoted = defs.iter().filter_map(|d| d.default.as_ref()).filter(|w| w.text.starts_with(['"', '\'']));
            quoted.for_each(|w| painter.model(w.range, TokenType::String));
        }
        Command::Words { words } => words.iter().for_each(|w| painter.model(w.range, TokenType::Number)),
        _ => {}
    }
}

fn keyword_token(instruction: &Instruction, painter: &mut Painter) {
    let known = crate::model::command::KEYWORDS.contains(&instruction.name().as_str());
    if known {
        painter.model(instruction.keyword.range, TokenType::Keyword);
    }
}

/// `--name` as a flag, `=` as an operator, the value uncoloured; the keys of
/// `--mount=type=cache,target=…` as properties.
fn flag_tokens(instruction: &Instruction, painter: &mut Painter) {
    for flag in &instruction.flags {
        let Some(value) = flag_value_word(instruction, flag) else {
            painter.model(flag.range, TokenType::Flag);
            continue;
        };
        let line = &instruction.line;
        let equals = value.offset.saturating_sub(1);
        painter.model(line.source_range(flag.offset, equals), TokenType::Flag);
        painter.model(line.source_range(equals, value.offset), TokenType::Operator);
        painter.erase(value.range);
        if flag_name(&flag.text) == "mount" {
            mount_key_tokens(instruction, value.offset, value.raw_end(), painter);
        }
    }
}

fn mount_key_tokens(instruction: &Instruction, start: usize, end: usize, painter: &mut Painter) {
    let line = &instruction.line;
    let mut field_start = start;
    for field in line.text[start..end].split(',') {
        if let Some(eq) = field.find('=') {
            let (key_end, value_start) = (field_start + eq, field_start + eq + 1);
            painter.model(line.source_range(field_start, key_end), TokenType::Property);
            painter.model(line.source_range(key_end, value_start), TokenType::Operator);
            painter.erase(line.source_range(value_start, field_start + field.len()));
        }
        field_start += field.len() + 1;
    }
}

/// Facts of the model that no grammar knows.
fn model_tokens(analysis: &Analysis, painter: &mut Painter) {
    let file = &analysis.file;
    file.comments.iter().for_each(|&c| painter.model(c, TokenType::Comment));
    file.directives.iter().for_each(|d| painter.model(d.range, TokenType::Directive));
    for instruction in &file.instructions {
        let target = instruction.trigger.as_deref().unwrap_or(instruction);
        for heredoc in &target.heredocs {
            painter.model(heredoc.marker_range, TokenType::HeredocDelimiter);
            if let Some(terminator) = heredoc.terminator_range {
                painter.model(terminator, TokenType::HeredocDelimiter);
            }
        }
    }
    let model = &analysis.model;
    for stage in &model.stages {
        if let Some(name) = &stage.name {
            painter.declaration(name.word.range, TokenType::StageName);
        }
    }
    for r in &model.stage_refs {
        if r.target.stage().is_some() || r.target == RefTarget::CurrentStage {
            painter.model(r.range, TokenType::StageName);
        }
    }
    model.vars.iter().for_each(|v| painter.declaration(v.name_range, TokenType::Variable));
    model.var_refs.iter().for_each(|r| painter.model(r.range, TokenType::Variable));
}

/// Resolves nesting and overlaps: where paints nest, the inner one shows; on
/// equal ranges the higher layer; a paint that starts inside another and
/// ends after it is cut at the other's end. Returns sorted, disjoint ranges.
fn paint(mut paints: Vec<Paint>) -> Vec<Paint> {
    paints.retain(|p| !p.range.is_empty());
    paints.sort_by_key(|p| (p.range.start(), std::cmp::Reverse(p.range.end()), p.layer));
    let mut out: Vec<Paint> = Vec::with_capacity(paints.len());
    let mut stack: Vec<Paint> = Vec::new();
    let mut pos = TextSize::from(0);
    let emit = |p: &Paint, from: TextSize, to: TextSize, out: &mut Vec<Paint>| {
        if from >= to || p.kind.is_none() {
            return;
        }
        match out.last_mut() {
            // The rest of an outer paint after an inner one of the same kind: one token.
            Some(last) if last.range.end() == from && last.kind == p.kind && last.declaration == p.declaration => {
                last.range = TextRange::new(last.range.start(), to);
            }
            _ => out.push(Paint { range: TextRange::new(from, to), ..*p }),
        }
    };
    for mut p in paints {
        while let Some(top) = stack.last().copied().filter(|top| top.range.end() <= p.range.start()) {
            emit(&top, pos, top.range.end(), &mut out);
            pos = pos.max(top.range.end());
            stack.pop();
        }
        if let Some(top) = stack.last() {
            emit(top, pos, p.range.start(), &mut out);
            p.range = TextRange::new(p.range.start(), p.range.end().min(top.range.end()));
        }
        pos = pos.max(p.range.start());
        if !p.range.is_empty() {
            stack.push(p);
        }
    }
    while let Some(top) = stack.pop() {
        emit(&top, pos, top.range.end(), &mut out);
        pos = pos.max(top.range.end());
    }
    out
}

/// Tokens cut at line breaks (LSP tokens are single-line).
fn split_lines(text: &str, painted: Vec<Paint>) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(painted.len());
    for p in painted {
        let Some(kind) = p.kind else { continue };
        let start = usize::from(p.range.start());
        let Some(slice) = text.get(start..usize::from(p.range.end())) else { continue };
        let mut piece_start = start;
        for (i, b) in slice.bytes().enumerate().chain(std::iter::once((slice.len(), b'\n'))) {
            if b == b'\n' || b == b'\r' {
                if piece_start < start + i {
                    let range = TextRange::new(size(piece_start), size(start + i));
                    tokens.push(Token { range, kind, declaration: p.declaration });
                }
                piece_start = start + i + 1;
            }
        }
    }
    tokens
}

fn size(offset: usize) -> TextSize {
    TextSize::from(offset as u32)
}

/// One edit turning an old token array into a new one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokensEdit<T> {
    pub start: usize,
    pub delete_count: usize,
    pub insert: Vec<T>,
}

/// The single edit (common prefix and suffix kept) from `old` to `new`;
/// `None` when they are equal. Linear.
pub fn diff_tokens<T: PartialEq + Clone>(old: &[T], new: &[T]) -> Option<TokensEdit<T>> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    if prefix == old.len() && prefix == new.len() {
        return None;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let suffix = old.iter().rev().zip(new.iter().rev()).take(max_suffix).take_while(|(a, b)| a == b).count();
    Some(TokensEdit {
        start: prefix,
        delete_count: old.len() - prefix - suffix,
        insert: new[prefix..new.len() - suffix].to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;

    fn render(text: &str) -> String {
        let analysis = Analysis::from_text(text);
        semantic_tokens(&analysis)
            .iter()
            .map(|t| {
                let declaration = if t.declaration { " (declaration)" } else { "" };
                format!("{:?} {:?}{declaration}\n", &text[t.range], t.kind)
            })
            .collect()
    }

    fn check(text: &str, expect: Expect) {
        expect.assert_eq(&render(text));
    }

    #[test]
    fn the_highlight_query_compiles() {
        assert!(highlights().is_some());
    }

    #[test]
    fn a_typical_file() {
        check(
            "# syntax=docker/dockerfile:1\n# build\nARG GO=\"1.22\"\nFROM --platform=$BUILDPLATFORM golang:${GO} AS build\nRUN --mount=type=cache,target=/c go build && echo \"$HOME\"\nCOPY --from=build /app /app\nEXPOSE 80\nCMD [\"/app\"]\n",
            expect![[r##"
                "# syntax=docker/dockerfile:1" Directive
                "# build" Comment
                "ARG" Keyword
                "GO" Variable (declaration)
                "=" Operator
                "\"1.22\"" String
                "FROM" Keyword
                "--platform" Flag
                "=" Operator
                "$BUILDPLATFORM" Variable
                ":" Operator
                "${GO}" Variable
                "AS" Keyword
                "build" StageName (declaration)
                "RUN" Keyword
                "--mount" Flag
                "=" Operator
                "type" Property
                "=" Operator
                "target" Property
                "=" Operator
                "$HOME" Variable
                "COPY" Keyword
                "--from" Flag
                "=" Operator
                "build" StageName
                "EXPOSE" Keyword
                "80" Number
                "CMD" Keyword
                "\"/app\"" String
            "##]],
        );
    }

    #[test]
    fn heredocs_and_onbuild() {
        check(
            "FROM a\nRUN <<EOF cat\nFROM x\nEOF\nONBUILD COPY --from=0 a b\n",
            expect![[r#"
            "FROM" Keyword
            "RUN" Keyword
            "<<EOF" HeredocDelimiter
            "EOF" HeredocDelimiter
            "ONBUILD" Keyword
            "COPY" Keyword
            "--from" Flag
            "=" Operator
        "#]],
        );
    }

    #[test]
    fn files_the_grammar_rejects_still_highlight() {
        check(
            "FROM a AS b\nRUN --mount=type=bind,from=b,target=/x [ \"unclosed\nENV A=\"x\" \\\n  B=$A\n",
            expect![[r#"
            "FROM" Keyword
            "AS" Keyword
            "b" StageName (declaration)
            "RUN" Keyword
            "--mount" Flag
            "=" Operator
            "type" Property
            "=" Operator
            "from" Property
            "=" Operator
            "b" StageName
            "target" Property
            "=" Operator
            "ENV" Keyword
            "A" Variable (declaration)
            "=" Operator
            "\"x\"" String
            "\\" Operator
            "B" Variable (declaration)
            "=" Operator
            "$A" Variable
        "#]],
        );
    }

    #[test]
    fn backquote_escape_files_use_the_model() {
        check(
            "# escape=`\nFROM a\nRUN echo `\n  $HOME\n",
            expect![[r##"
            "# escape=`" Directive
            "FROM" Keyword
            "RUN" Keyword
            "$HOME" Variable
        "##]],
        );
    }

    #[test]
    fn tokens_never_overlap_or_span_lines() {
        let text = "FROM a AS b\nRUN echo \"a \\\n  b $X\" \\\n  && x\nCOPY --from=b --chmod=755 x y\n";
        let tokens = semantic_tokens(&Analysis::from_text(text));
        for pair in tokens.windows(2) {
            assert!(pair[0].range.end() <= pair[1].range.start(), "{pair:?}");
        }
        assert!(tokens.iter().all(|t| !text[t.range].contains('\n')));
    }

    #[test]
    fn delta_is_one_edit() {
        assert_eq!(diff_tokens(&[1, 2, 3], &[1, 2, 3]), None);
        assert_eq!(
            diff_tokens(&[1, 2, 3, 4], &[1, 9, 4]),
            Some(TokensEdit { start: 1, delete_count: 2, insert: vec![9] })
        );
        assert_eq!(diff_tokens(&[1, 1], &[1, 1, 1]), Some(TokensEdit { start: 2, delete_count: 0, insert: vec![1] }));
        assert_eq!(diff_tokens::<u32>(&[5], &[]), Some(TokensEdit { start: 0, delete_count: 1, insert: vec![] }));
    }
}
