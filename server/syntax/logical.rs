//! BuildKit-faithful split of a Dockerfile into logical instructions.
//!
//! Tree-sitter grammars still reject some files that BuildKit builds, so the
//! boundaries of instructions, their flags and arguments are decided here, by
//! the same rules as BuildKit's `parser.Parse`: parser directives at the top,
//! the escape character, line continuations (comment and blank lines inside a
//! continuation are dropped), and heredoc bodies.

use std::sync::Arc;

use text_size::{TextRange, TextSize};

use super::directives::{Directive, DirectiveScanner};
use super::shift::{Delta, Shift};
use super::words::{split_flags, Word};

/// One physical line of the source: `content_end` is where its line break
/// starts, `full_end` where the next line starts.
#[derive(Clone, Copy, Debug)]
pub(super) struct RawLine {
    pub(super) index: usize,
    start: usize,
    content_end: usize,
    full_end: usize,
}

/// A logical line: the concatenation of continued physical lines, with a map
/// from logical offsets back to the source.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogicalText {
    pub text: String,
    /// `(logical_start, source_start)` of each contiguous piece, ascending.
    pieces: Vec<(u32, u32)>,
}

impl LogicalText {
    fn push(&mut self, source: &str, source_start: usize) {
        if source.is_empty() {
            return;
        }
        self.pieces.push((self.text.len() as u32, source_start as u32));
        self.text.push_str(source);
    }

    /// Source offset of the character that starts at `logical`.
    pub fn source_offset(&self, logical: usize) -> TextSize {
        let idx = self.pieces.partition_point(|&(start, _)| start as usize <= logical).saturating_sub(1);
        self.map_in_piece(idx, logical)
    }

    /// Source offset just after the character that ends at `logical`.
    pub fn source_end(&self, logical: usize) -> TextSize {
        let idx = self.pieces.partition_point(|&(start, _)| (start as usize) < logical).saturating_sub(1);
        self.map_in_piece(idx, logical)
    }

    fn map_in_piece(&self, idx: usize, logical: usize) -> TextSize {
        match self.pieces.get(idx) {
            Some(&(lstart, sstart)) => TextSize::from(sstart + (logical as u32).saturating_sub(lstart)),
            None => TextSize::from(0),
        }
    }

    /// Logical offset of the source offset `source`, when it falls inside one
    /// of the pieces (or right at the end of the last one).
    pub fn logical_offset(&self, source: TextSize) -> Option<usize> {
        let source = u32::from(source);
        let idx = self.pieces.partition_point(|&(_, start)| start <= source).checked_sub(1)?;
        let (lstart, sstart) = self.pieces[idx];
        let piece_end = self.pieces.get(idx + 1).map_or(self.text.len() as u32, |&(next, _)| next);
        let logical = lstart + (source - sstart);
        (logical <= piece_end).then_some(logical as usize)
    }

    /// `(logical_start, source_start)` of each contiguous piece (one per
    /// physical line that contributes text), ascending.
    pub fn pieces(&self) -> &[(u32, u32)] {
        &self.pieces
    }

    /// Source range of the logical range `start..end`.
    pub fn source_range(&self, start: usize, end: usize) -> TextRange {
        let s = self.source_offset(start);
        let e = if end > start { self.source_end(end) } else { s };
        TextRange::new(s, e.max(s))
    }
}

impl Shift for LogicalText {
    fn shift(&mut self, delta: Delta) {
        for (_, source_start) in &mut self.pieces {
            *source_start = u32::from(delta.offset(TextSize::from(*source_start)));
        }
    }
}

/// A heredoc attached to RUN, COPY or ADD.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc {
    /// The delimiter as BuildKit sees it (quotes removed).
    pub name: String,
    /// The `<<EOF` word in the instruction line.
    pub marker_range: TextRange,
    /// The body lines, terminator excluded (empty when the body is empty).
    pub body_range: TextRange,
    /// The terminator line; `None` when the heredoc is unterminated.
    pub terminator_range: Option<TextRange>,
    /// `<<-`: leading tabs are stripped.
    pub chomp: bool,
    /// Unquoted delimiter: variables in the body are expanded.
    pub expand: bool,
}

/// One instruction, with everything BuildKit's line parser decides about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    /// From the keyword to the end of the last line that belongs to it
    /// (heredoc terminators included), line break excluded.
    pub range: TextRange,
    /// The keyword as written.
    pub keyword: Word,
    /// `--name[=value]` words before the arguments, unquoted as BuildKit does.
    pub flags: Vec<Word>,
    /// The argument text after the flags, trimmed, in logical form.
    pub args: Word,
    /// The instruction line with continuations removed (BuildKit's `Original`).
    pub line: Arc<LogicalText>,
    pub heredocs: Vec<Heredoc>,
    /// ONBUILD's trigger instruction.
    pub trigger: Option<Box<Instruction>>,
    /// Comment lines directly above the instruction (for descriptions).
    pub doc_comments: Vec<String>,
    /// Empty lines inside the continuation (NoEmptyContinuation).
    pub empty_continuation_lines: Vec<TextRange>,
    /// 0-based line numbers of the first and the last line.
    pub start_line: u32,
    pub end_line: u32,
}

impl Shift for Heredoc {
    fn shift(&mut self, delta: Delta) {
        self.marker_range.shift(delta);
        self.body_range.shift(delta);
        self.terminator_range.shift(delta);
    }
}

impl Shift for Instruction {
    fn shift(&mut self, delta: Delta) {
        self.range.shift(delta);
        self.keyword.shift(delta);
        self.flags.shift(delta);
        self.args.shift(delta);
        self.line.shift(delta);
        self.heredocs.shift(delta);
        self.trigger.shift(delta);
        self.empty_continuation_lines.shift(delta);
        self.start_line = delta.line(self.start_line);
        self.end_line = delta.line(self.end_line);
    }
}

impl Shift for ParseError {
    fn shift(&mut self, delta: Delta) {
        self.range.shift(delta);
    }
}

impl Instruction {
    /// The lowercased keyword, as BuildKit dispatches on it.
    pub fn name(&self) -> String {
        self.keyword.text.to_ascii_lowercase()
    }

    pub fn is(&self, keyword: &str) -> bool {
        self.keyword.text.eq_ignore_ascii_case(keyword)
    }
}

/// An error that makes BuildKit's parser reject the whole file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub range: TextRange,
    pub kind: ParseErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseErrorKind {
    DuplicateDirective(String),
    InvalidEscape(String),
    UnterminatedHeredoc(String),
}

/// The result of splitting one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogicalFile {
    pub directives: Vec<Directive>,
    pub escape: char,
    pub instructions: Vec<Instruction>,
    /// Every comment line (directives included).
    pub comments: Vec<TextRange>,
    pub errors: Vec<ParseError>,
}

impl LogicalFile {
    pub fn directive(&self, name: &str) -> Option<&Directive> {
        self.directives.iter().find(|d| d.name == name)
    }
}

pub fn split(text: &str) -> LogicalFile {
    Splitter::new(text).run()
}

/// Reads `text` line by line from a position between two instructions; the
/// full split starts it at the top, the incremental split after the last
/// instruction it keeps.
pub(super) struct Splitter<'a> {
    text: &'a str,
    /// Index and start offset of the next line to read.
    next_line: usize,
    next_offset: usize,
    escape: char,
    directives: DirectiveScanner,
    out: LogicalFile,
    pending_comments: Vec<String>,
}

const BOM: &str = "\u{feff}";

impl<'a> Splitter<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Splitter {
            text,
            next_line: 0,
            next_offset: 0,
            escape: '\\',
            directives: DirectiveScanner::default(),
            out: LogicalFile { escape: '\\', ..LogicalFile::default() },
            pending_comments: Vec::new(),
        }
    }

    /// A splitter past the parser directives (so `escape` is final) that
    /// reads on from line `line`, which starts at byte `offset`, with no
    /// comment lines pending. Its output holds only what it reads from there.
    pub(super) fn resume(text: &'a str, line: usize, offset: usize, escape: char) -> Self {
        Splitter {
            next_line: line,
            next_offset: offset.min(text.len()),
            escape,
            directives: DirectiveScanner::finished(),
            out: LogicalFile { escape, ..LogicalFile::default() },
            ..Splitter::new(text)
        }
    }

    fn run(mut self) -> LogicalFile {
        while self.step() {}
        self.finish()
    }

    /// Reads the next line and whatever belongs to it (a whole instruction
    /// when one starts there); `false` at the end of the text.
    pub(super) fn step(&mut self) -> bool {
        match self.take_line() {
            Some(line) => {
                self.start_instruction(line);
                true
            }
            None => false,
        }
    }

    pub(super) fn finish(mut self) -> LogicalFile {
        self.out.escape = self.escape;
        self.out
    }

    pub(super) fn escape(&self) -> char {
        self.escape
    }

    /// The doc comments the next instruction would get.
    pub(super) fn pending_comments(&self) -> &[String] {
        &self.pending_comments
    }

    /// Where an instruction would start on the next line (its first
    /// non-blank character), unless that line is blank or a comment.
    pub(super) fn next_instruction_start(&self) -> Option<(RawLine, usize)> {
        let line = self.peek_line()?;
        let (start, raw) = self.line_text(line);
        let trimmed = raw.trim_start();
        if trimmed.is_empty() || is_comment(trimmed) {
            return None;
        }
        Some((line, start + (raw.len() - trimmed.len())))
    }

    fn peek_line(&self) -> Option<RawLine> {
        let start = self.next_offset;
        let rest = self.text.get(start..).filter(|rest| !rest.is_empty())?;
        let (content_end, full_end) = match rest.find('\n') {
            Some(i) => (start + i, start + i + 1),
            None => (self.text.len(), self.text.len()),
        };
        Some(RawLine { index: self.next_line, start, content_end, full_end })
    }

    fn take_line(&mut self) -> Option<RawLine> {
        let line = self.peek_line()?;
        self.next_line += 1;
        self.next_offset = line.full_end;
        Some(line)
    }

    fn line_text(&self, line: RawLine) -> (usize, &'a str) {
        let mut start = line.start;
        if line.index == 0 && self.text[start..].starts_with(BOM) {
            start += BOM.len();
        }
        (start, trim_newline(&self.text[start..line.content_end]))
    }

    fn start_instruction(&mut self, first_line: RawLine) {
        let (line_start, raw) = self.line_text(first_line);
        let trimmed = raw.trim_start();
        let start = line_start + (raw.len() - trimmed.len());
        let range = TextRange::new(size(start), size(start + trimmed.len()));
        let is_directive = self.check_directive(trimmed, range);
        if is_comment(trimmed) {
            if is_directive {
                self.out.comments.push(range);
            } else {
                self.record_comment(trimmed, range);
            }
            return;
        }
        let mut logical = LogicalText::default();
        let (first, mut ended) = trim_continuation(trimmed, self.escape);
        if ended && first.is_empty() {
            self.pending_comments.clear();
            return;
        }
        logical.push(first, start);
        let mut end = start + first.len();
        let mut empty_lines = Vec::new();
        while !ended {
            let Some(next) = self.take_line() else { break };
            let (s, raw) = self.line_text(next);
            self.check_directive(raw, TextRange::empty(size(s)));
            if is_comment(raw) {
                let lead = raw.len() - raw.trim_start().len();
                self.out.comments.push(TextRange::new(size(s + lead), size(s + raw.len())));
                continue;
            }
            if raw.trim_start().is_empty() {
                empty_lines.push(TextRange::new(size(s), size(s + raw.len())));
                continue;
            }
            let (part, is_end) = trim_continuation(raw, self.escape);
            ended = is_end;
            logical.push(part, s);
            end = s + raw.len();
        }
        let end_line = self.next_line.saturating_sub(1) as u32;
        let mut instruction = build_instruction(Arc::new(logical), self.escape, true);
        instruction.range = TextRange::new(size(start), size(end.max(start)));
        instruction.start_line = first_line.index as u32;
        instruction.end_line = end_line;
        instruction.empty_continuation_lines = empty_lines;
        instruction.doc_comments = std::mem::take(&mut self.pending_comments);
        self.read_heredocs(&mut instruction);
        if let Some(trigger) = instruction.trigger.as_deref_mut() {
            (trigger.start_line, trigger.end_line) = (instruction.start_line, instruction.end_line);
        }
        self.out.instructions.push(instruction);
    }

    fn check_directive(&mut self, line: &str, range: TextRange) -> bool {
        match self.directives.scan(line, range) {
            Ok(Some(directive)) => {
                if directive.name == "escape" {
                    match directive.value.as_str() {
                        "\\" => self.escape = '\\',
                        "`" => self.escape = '`',
                        other => {
                            let kind = ParseErrorKind::InvalidEscape(other.to_string());
                            self.out.errors.push(ParseError { range: directive.value_range, kind });
                        }
                    }
                }
                self.out.directives.push(directive);
                true
            }
            Ok(None) => false,
            Err(error) => {
                self.out.errors.push(error);
                false
            }
        }
    }

    fn record_comment(&mut self, trimmed: &str, range: TextRange) {
        self.out.comments.push(range);
        let body = trimmed[1..].trim();
        if body.is_empty() {
            self.pending_comments.clear();
        } else {
            self.pending_comments.push(body.to_string());
        }
    }

    fn read_heredocs(&mut self, instruction: &mut Instruction) {
        let target = match instruction.trigger.as_deref_mut() {
            Some(trigger) => trigger,
            None => instruction,
        };
        if !can_contain_heredoc(target) || !target.line.text.contains("<<") {
            return;
        }
        let markers = super::heredoc::heredoc_markers(&instruction.line);
        let mut heredocs = Vec::new();
        let mut end = instruction.range.end();
        for marker in markers {
            let body_start = self.next_offset;
            let mut terminator_range = None;
            let mut body_end = body_start;
            while let Some(line) = self.take_line() {
                let content = trim_newline(&self.text[line.start..line.content_end]);
                let candidate = if marker.chomp { content.trim_start_matches('\t') } else { content };
                if candidate == marker.name {
                    terminator_range = Some(TextRange::new(size(line.start), size(line.start + content.len())));
                    break;
                }
                body_end = line.full_end;
            }
            match terminator_range {
                Some(r) => end = r.end(),
                None => {
                    end = size(self.text.len().max(u32::from(end) as usize));
                    let kind = ParseErrorKind::UnterminatedHeredoc(marker.name.clone());
                    self.out.errors.push(ParseError { range: marker.range, kind });
                }
            }
            heredocs.push(Heredoc {
                name: marker.name,
                marker_range: marker.range,
                body_range: TextRange::new(size(body_start), size(body_end)),
                terminator_range,
                chomp: marker.chomp,
                expand: marker.expand,
            });
            if terminator_range.is_none() {
                break;
            }
        }
        instruction.range = TextRange::new(instruction.range.start(), end);
        instruction.end_line = self.next_line.saturating_sub(1) as u32;
        let target = match instruction.trigger.as_deref_mut() {
            Some(trigger) => trigger,
            None => instruction,
        };
        target.heredocs = heredocs;
    }
}

/// Heredocs belong to RUN, COPY and ADD in shell form (BuildKit's `canContainHeredoc`).
fn can_contain_heredoc(instruction: &Instruction) -> bool {
    matches!(instruction.name().as_str(), "run" | "copy" | "add")
        && super::json::parse_string_array(&instruction.args.text).is_err()
}

/// Keyword, flags and arguments of one logical line (BuildKit's `splitCommand`),
/// and ONBUILD's trigger when `with_trigger`: one level only, as BuildKit rejects
/// `ONBUILD ONBUILD` (a trigger per word of `ONBUILD ONBUILD …` would cost
/// memory quadratic in the length of the line).
fn build_instruction(line: Arc<LogicalText>, escape: char, with_trigger: bool) -> Instruction {
    let text = line.text.as_str();
    let lead = text.len() - text.trim_start().len();
    let body = text.trim();
    let keyword_len = body.find(is_split_space).unwrap_or(body.len());
    let keyword = Word::new(&line, lead, lead + keyword_len);
    let rest_end = lead + body.len();
    let after_keyword = &text[lead + keyword_len..rest_end];
    let rest_start = rest_end - after_keyword.trim_start_matches(is_split_space).len();
    let (flags, args_start) = split_flags(&line, rest_start, rest_end, escape);
    let args_start = args_start + (text[args_start..rest_end].len() - text[args_start..rest_end].trim_start().len());
    let args = Word::new(&line, args_start.min(rest_end), rest_end);
    let trigger = (with_trigger && keyword.text.eq_ignore_ascii_case("onbuild") && !args.text.is_empty())
        .then(|| Box::new(build_sub_instruction(&line, args_start, rest_end, escape)));
    Instruction {
        range: line.source_range(lead, rest_end),
        keyword,
        flags,
        args,
        line,
        heredocs: Vec::new(),
        trigger,
        doc_comments: Vec::new(),
        empty_continuation_lines: Vec::new(),
        start_line: 0,
        end_line: 0,
    }
}

/// ONBUILD's trigger: parsed from the arguments of the same logical line.
fn build_sub_instruction(line: &Arc<LogicalText>, start: usize, end: usize, escape: char) -> Instruction {
    let sub = LogicalText { text: line.text[..end].to_string(), pieces: line.pieces.clone() };
    let mut masked = sub.clone();
    // Blank out everything before the trigger so offsets stay shared with the outer line.
    masked.text = format!("{}{}", " ".repeat(start), &sub.text[start..]);
    build_instruction(Arc::new(masked), escape, false)
}

fn is_split_space(c: char) -> bool {
    matches!(c, '\t' | '\u{b}' | '\u{c}' | '\r' | ' ')
}

fn is_comment(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

fn trim_newline(line: &str) -> &str {
    line.trim_end_matches(['\r', '\n'])
}

/// BuildKit's continuation rule: the escape char at the end of the line
/// (trailing blanks allowed), not itself escaped by a preceding escape char.
fn trim_continuation(line: &str, escape: char) -> (&str, bool) {
    let without_blanks = line.trim_end_matches([' ', '\t']);
    let Some(before) = without_blanks.strip_suffix(escape) else {
        return (line, true);
    };
    if before.is_empty() || !before.ends_with(escape) {
        (before, false)
    } else {
        (line, true)
    }
}

fn size(offset: usize) -> TextSize {
    TextSize::from(offset as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_with_trailing_blank_has_empty_args() {
        let file = split("RUNN \n");
        assert_eq!(file.instructions[0].keyword.text, "RUNN");
        assert_eq!(file.instructions[0].args.text, "");
    }

    #[test]
    fn shifted_instructions_equal_those_split_after_an_inserted_prefix() {
        let text =
            "FROM alpine\nRUN --mount=type=cache,target=/c \\\n  apk add x <<EOF\nbody\nEOF\nONBUILD COPY a \\\n\n b\n\
                    ONBUILD ONBUILD RUN x\n";
        let prefix = " \n\t\n";
        let mut carried = split(text).instructions;
        carried.shift(Delta { bytes: prefix.len() as i64, lines: 2 });
        assert_eq!(carried, split(&format!("{prefix}{text}")).instructions);
    }

    #[test]
    fn onbuild_chains_have_one_trigger_level() {
        let file = split(&format!("FROM a\n{}RUN x\n", "ONBUILD ".repeat(1000)));
        let trigger = file.instructions[1].trigger.as_deref().expect("a trigger");
        assert!(trigger.is("onbuild") && trigger.trigger.is_none());
        assert!(trigger.args.text.starts_with("ONBUILD ONBUILD"));
    }

    #[test]
    fn heredoc_marker_with_blanks_after_ltlt() {
        let file = split("FROM alpine\nRUN <<  EOF\necho hi\nEOF\n");
        assert_eq!(file.instructions.len(), 2);
        assert_eq!(file.instructions[1].heredocs[0].name, "EOF");
        assert!(file.errors.is_empty());
    }
}
