//! Document and range formatting that never changes what BuildKit builds.
//!
//! What changes: keyword case (the file's majority or configured), leading
//! whitespace before an instruction, the blanks after the keyword (one
//! space), trailing blanks, the indentation of continuation lines, and the
//! end of the file (exactly one line break).
//!
//! What never changes: heredoc bodies and terminators, comment text, JSON
//! (exec) forms, and any text inside shell words. A continuation line is only
//! re-indented when its leading blanks sit between two words of the logical
//! line (outside quotes, `${…}`, backquotes and shell comments), where BuildKit
//! and the shell treat any run of blanks alike; otherwise it is left as it is.

use text_size::{TextRange, TextSize};

use crate::config::{FormatConfig, KeywordCase};
use crate::features::TextEdit;
use crate::model::command::KEYWORDS;
use crate::model::{Analysis, Command, CommandForm};
use crate::syntax::Instruction;

/// Wider indentation settings are clamped to this.
const MAX_INDENT: u32 = 16;

/// Edits formatting the whole document (`range: None`) or the lines touching `range`.
pub fn format(analysis: &Analysis, config: &FormatConfig, range: Option<TextRange>) -> Vec<TextEdit> {
    let text = &*analysis.text;
    if text.trim().is_empty() {
        let whole = TextRange::up_to(TextSize::of(text));
        return if text.is_empty() || range.is_some() { Vec::new() } else { vec![TextEdit::delete(whole)] };
    }
    let lines = Lines::new(text);
    let roles = line_roles(analysis, &lines);
    let upper = match config.keyword_case {
        KeywordCase::Upper => true,
        KeywordCase::Lower => false,
        KeywordCase::Auto => majority_is_upper(analysis),
    };
    let indent = config.indent.min(MAX_INDENT) as usize;
    let indents = continuation_indents(analysis, &lines, indent);
    let tail = tail_line(analysis, &lines, &roles);
    let end_of_text = TextSize::of(text);
    let touches = |line: &Line| {
        range.is_none_or(|r| {
            line.start <= r.end()
                && (r.start() < line.full_end || (r.start() == end_of_text && line.full_end == end_of_text))
        })
    };
    let mut edits = Vec::new();
    for (index, line) in lines.all.iter().enumerate() {
        if tail.is_some_and(|t| index > t) || !touches(line) {
            continue;
        }
        let old = &text[line.content()];
        let new = match roles[index] {
            Role::Verbatim => continue,
            Role::Plain => trim_blanks_end(old).to_string(),
            Role::First(i) => first_line(analysis.instruction(i), line, text, upper),
            Role::Continuation => match &indents[index] {
                Some(indent) => format!("{indent}{}", trim_blanks_end(old).trim_start_matches([' ', '\t'])),
                None => trim_blanks_end(old).to_string(),
            },
        };
        if new != old {
            edits.push(TextEdit::replace(line.content(), new));
        }
    }
    if let Some(t) = tail.filter(|&t| touches(&lines.all[t])) {
        edits.extend(final_newline(text, &lines, t));
    }
    edits
}

/// The formatted text (for tests and the CLI).
pub fn format_text(analysis: &Analysis, config: &FormatConfig) -> String {
    crate::features::text_edit::apply_edits(&analysis.text, &format(analysis, config, None))
}

/// A physical line: `start..content_end` is its text without the line break.
#[derive(Clone, Copy, Debug)]
struct Line {
    start: TextSize,
    content_end: TextSize,
    full_end: TextSize,
}

impl Line {
    fn content(&self) -> TextRange {
        TextRange::new(self.start, self.content_end)
    }
}

struct Lines {
    all: Vec<Line>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let mut all = Vec::new();
        let mut start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
        while start < text.len() {
            let full_end = text[start..].find('\n').map_or(text.len(), |i| start + i + 1);
            let content_end = start + text[start..full_end].trim_end_matches(['\r', '\n']).len();
            all.push(Line { start: size(start), content_end: size(content_end), full_end: size(full_end) });
            start = full_end;
        }
        Lines { all }
    }

    /// The line holding `offset`.
    fn index_of(&self, offset: TextSize) -> usize {
        self.all.partition_point(|l| l.full_end <= offset).min(self.all.len().saturating_sub(1))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// Blank lines, comments, and anything else outside instructions: trailing blanks go.
    Plain,
    /// The line holding an instruction's keyword.
    First(usize),
    /// A later line contributing text to an instruction's logical line.
    Continuation,
    /// Heredoc bodies and terminators.
    Verbatim,
}

fn line_roles(analysis: &Analysis, lines: &Lines) -> Vec<Role> {
    let mut roles = vec![Role::Plain; lines.all.len()];
    if lines.all.is_empty() {
        return roles;
    }
    for (index, instruction) in analysis.file.instructions.iter().enumerate() {
        for (k, &(_, source)) in instruction.line.pieces().iter().enumerate() {
            let line = lines.index_of(TextSize::from(source));
            roles[line] = if k == 0 { Role::First(index) } else { Role::Continuation };
        }
        let target = instruction.trigger.as_deref().unwrap_or(instruction);
        for heredoc in &target.heredocs {
            let end = heredoc.terminator_range.map_or(heredoc.body_range.end(), |t| t.end());
            if heredoc.body_range.start() >= end && heredoc.terminator_range.is_none() {
                continue;
            }
            let first = lines.index_of(heredoc.body_range.start());
            let last = lines.index_of(end.checked_sub(1.into()).unwrap_or(end).max(heredoc.body_range.start()));
            for role in &mut roles[first..=last.max(first)] {
                *role = Role::Verbatim;
            }
        }
    }
    roles
}

fn majority_is_upper(analysis: &Analysis) -> bool {
    let (mut upper, mut lower) = (0usize, 0usize);
    for instruction in &analysis.file.instructions {
        let keyword = &instruction.keyword.text;
        if !is_known_keyword(keyword) {
            continue;
        }
        if *keyword == keyword.to_ascii_uppercase() {
            upper += 1;
        } else if *keyword == keyword.to_ascii_lowercase() {
            lower += 1;
        }
    }
    upper >= lower
}

fn is_known_keyword(keyword: &str) -> bool {
    KEYWORDS.contains(&keyword.to_ascii_lowercase().as_str())
}

/// The keyword's line: no leading blanks, keyword case, one space after the
/// keyword, no trailing blanks.
fn first_line(instruction: &Instruction, line: &Line, text: &str, upper: bool) -> String {
    let mut edits: Vec<TextEdit> = Vec::new();
    let keyword = &instruction.keyword;
    if keyword.range.start() > line.start {
        edits.push(TextEdit::delete(TextRange::new(line.start, keyword.range.start())));
    }
    edits.extend(keyword_case(instruction, text, upper));
    // A keyword continued onto the next line (`RU\⏎N`) has no blanks after it here.
    let after = keyword.range.end();
    let rest = text.get(usize::from(after)..usize::from(line.content_end)).unwrap_or("");
    let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    if blanks > 0 && blanks < trim_blanks_end(rest).len() {
        edits.push(TextEdit::replace(TextRange::at(after, size(blanks)), " "));
    }
    if let Some(trigger) = instruction.trigger.as_deref().filter(|t| t.keyword.range.end() <= line.content_end) {
        edits.extend(keyword_case(trigger, text, upper));
    }
    let local: Vec<TextEdit> = edits
        .into_iter()
        .filter(|e| line.start <= e.range.start() && e.range.end() <= line.content_end)
        .map(|e| TextEdit::replace(e.range - line.start, e.new_text))
        .collect();
    let formatted = crate::features::text_edit::apply_edits(&text[line.content()], &local);
    trim_blanks_end(&formatted).to_string()
}

/// The keyword in the target case, when it is a known keyword written on one line.
fn keyword_case(instruction: &Instruction, text: &str, upper: bool) -> Option<TextEdit> {
    let keyword = &instruction.keyword;
    let written = text.get(usize::from(keyword.range.start())..usize::from(keyword.range.end()))?;
    if written != keyword.text || !is_known_keyword(written) {
        return None;
    }
    let wanted = if upper { written.to_ascii_uppercase() } else { written.to_ascii_lowercase() };
    (wanted != written).then(|| TextEdit::replace(keyword.range, wanted))
}

/// The new leading blanks of each continuation line that may be re-indented.
fn continuation_indents(analysis: &Analysis, lines: &Lines, indent: usize) -> Vec<Option<String>> {
    let mut out = vec![None; lines.all.len()];
    if analysis.file.escape != '\\' {
        // Windows files: PowerShell and cmd quote differently; leave them alone.
        return out;
    }
    for (index, instruction) in analysis.file.instructions.iter().enumerate() {
        if !words_are_blank_separated(analysis.command(index)) {
            continue;
        }
        let safe = safe_joins(instruction, indent);
        let Some(min) = safe.iter().map(|&(_, width)| width).min() else { continue };
        for (source, width) in safe {
            out[lines.index_of(source)] = Some(" ".repeat(indent + width - min));
        }
    }
    out
}

/// Instructions whose logical line is split into words at unquoted blanks, so
/// that the length of a blank run between two words does not matter.
fn words_are_blank_separated(command: &Command) -> bool {
    match command {
        Command::Exec { form } | Command::Healthcheck { form, .. } => !matches!(form, Some(CommandForm::Exec(_))),
        Command::List { json, .. } => !json,
        Command::From { .. } | Command::Words { .. } | Command::Arg { .. } => true,
        // Legacy `ENV KEY value with blanks` keeps the value verbatim.
        Command::KeyValues { pairs } => pairs.iter().all(|p| p.has_equals),
        Command::Single { .. } | Command::Onbuild | Command::Unknown | Command::Invalid(_) => false,
    }
}

/// `(source offset of the line, indentation width)` of each continuation line
/// whose leading blanks are a separator between two words.
fn safe_joins(instruction: &Instruction, tab_width: usize) -> Vec<(TextSize, usize)> {
    let line = &instruction.line;
    let text = line.text.as_str();
    let pieces = line.pieces();
    let joins: Vec<usize> = pieces.iter().skip(1).map(|&(logical, _)| logical as usize).collect();
    let states = join_states(text, instruction.keyword.raw_end(), &joins);
    let ends = pieces.iter().skip(2).map(|&(logical, _)| logical as usize).chain([text.len()]);
    pieces
        .iter()
        .skip(1)
        .zip(ends)
        .zip(states)
        .filter_map(|((&(logical, source), end), state)| {
            let rest = text.get(logical as usize..end).unwrap_or("");
            let blanks = &rest[..rest.len() - rest.trim_start_matches([' ', '\t']).len()];
            let separates = !blanks.is_empty() || state.after_separator;
            let has_word = rest.len() > blanks.len();
            (state.between_words && separates && has_word)
                .then(|| (TextSize::from(source), indentation_width(blanks, tab_width)))
        })
        .collect()
}

fn indentation_width(blanks: &str, tab_width: usize) -> usize {
    blanks.chars().map(|c| if c == '\t' { tab_width.max(1) } else { 1 }).sum()
}

/// What the shell-like scan knows at a join between two physical lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct JoinState {
    /// Outside quotes, backquotes, `${…}`, escapes and shell comments.
    between_words: bool,
    /// The character before is an unquoted, unescaped blank.
    after_separator: bool,
}

/// The state at each offset of `checkpoints` (ascending), scanning `text` from
/// `from`. A construct this scanner does not follow (`$'…'`, quotes inside
/// `${…}`, `$(…)` or backquotes inside double quotes, a shell comment) makes
/// every later checkpoint unsafe.
fn join_states(text: &str, from: usize, checkpoints: &[usize]) -> Vec<JoinState> {
    let mut out = Vec::with_capacity(checkpoints.len());
    let mut next = checkpoints.iter().copied().peekable();
    let (mut single, mut double, mut backquote, mut unsure) = (false, false, false, false);
    let mut braces = 0u32;
    let mut skip_until = 0usize;
    let mut after_separator = false;
    for (i, c) in text.char_indices().skip_while(|&(i, _)| i < from) {
        while let Some(&checkpoint) = next.peek().filter(|&&cp| cp <= i) {
            next.next();
            let between_words = checkpoint == i && !(single || double || backquote || unsure || braces > 0);
            out.push(JoinState { between_words: between_words && skip_until <= i, after_separator });
        }
        let escaped = i < skip_until;
        let top_level = !(single || double || backquote || braces > 0 || escaped);
        after_separator = top_level && matches!(c, ' ' | '\t');
        if escaped {
            continue;
        }
        let following = text[i + c.len_utf8()..].chars().next();
        match c {
            '\'' if single => single = false,
            _ if single => {}
            '\\' => skip_until = i + 1 + following.map_or(0, char::len_utf8),
            '"' | '\'' if braces > 0 => unsure = true,
            '"' => double = !double,
            '`' if double => unsure = true,
            '`' => backquote = !backquote,
            '$' if double && matches!(following, Some('(' | '{')) => unsure = true,
            '$' if following == Some('\'') => unsure = true,
            '\'' if !double => single = true,
            '$' if following == Some('{') => {
                braces += 1;
                skip_until = i + 2;
            }
            '}' if !double && braces > 0 => braces -= 1,
            '#' if !double && text[..i].ends_with(char::is_whitespace) => unsure = true,
            _ => {}
        }
    }
    out.resize(checkpoints.len(), JoinState::default());
    out
}

/// The last line that is not blank (`None` when an unterminated heredoc runs
/// to the end, whose body must keep its exact end, or when all lines are blank).
fn tail_line(analysis: &Analysis, lines: &Lines, roles: &[Role]) -> Option<usize> {
    let unterminated = analysis
        .file
        .instructions
        .iter()
        .flat_map(|i| i.trigger.as_deref().unwrap_or(i).heredocs.iter())
        .any(|h| h.terminator_range.is_none());
    if unterminated {
        return None;
    }
    let text = &*analysis.text;
    (0..lines.all.len()).rev().find(|&i| roles[i] != Role::Plain || !text[lines.all[i].content()].trim().is_empty())
}

/// Replaces everything after the last non-blank line with one line break.
fn final_newline(text: &str, lines: &Lines, tail: usize) -> Option<TextEdit> {
    let line = lines.all[tail];
    let own_break = &text[TextRange::new(line.content_end, line.full_end)];
    let line_break = if own_break.is_empty() { dominant_line_break(text) } else { own_break };
    let rest = TextRange::new(line.content_end, TextSize::of(text));
    (&text[rest] != line_break).then(|| TextEdit::replace(rest, line_break))
}

fn dominant_line_break(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// `text` without trailing blanks, unless they follow a lone `\r`, which a
/// line break appended at the end of the file would turn into `\r\n`.
fn trim_blanks_end(text: &str) -> &str {
    let trimmed = text.trim_end_matches([' ', '\t']);
    if trimmed.ends_with('\r') {
        text
    } else {
        trimmed
    }
}

fn size(offset: usize) -> TextSize {
    TextSize::from(offset as u32)
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::features::fixture::with_range;

    fn formatted(text: &str, config: &FormatConfig) -> String {
        let once = format_text(&Analysis::from_text(text), config);
        let twice = format_text(&Analysis::from_text(&once), config);
        assert_eq!(once, twice, "formatting is idempotent");
        once
    }

    fn check(text: &str, expect: Expect) {
        expect.assert_eq(&formatted(text, &FormatConfig::default()));
    }

    #[test]
    fn keywords_spacing_and_trailing_blanks() {
        check(
            "from alpine  AS build \n  run   echo   hi\t\nCOPY\t. /src\nonbuild  run x\n\n\n",
            expect![[r#"
                from alpine  AS build
                run echo   hi
                copy . /src
                onbuild run x
            "#]],
        );
    }

    #[test]
    fn configured_case_and_indent() {
        let config = FormatConfig { indent: 2, keyword_case: KeywordCase::Upper };
        let out =
            formatted("from a\nrun apt-get update \\\n        && apt-get install -y \\\n            curl\n", &config);
        expect![[r#"
            FROM a
            RUN apt-get update \
              && apt-get install -y \
                  curl
        "#]]
        .assert_eq(&out);
    }

    #[test]
    fn continuation_lines_inside_words_or_quotes_keep_their_blanks() {
        check(
            "FROM a\nRUN echo \"one \\\n   two\" \\\n&& echo fo\\\no \\\n        ${X:-a \\\n  b} \\\n  done\nENV MSG hello \\\n   world\n",
            expect![[r#"
                FROM a
                RUN echo "one \
                   two" \
                    && echo fo\
                o \
                            ${X:-a \
                  b} \
                      done
                ENV MSG hello \
                   world
            "#]],
        );
    }

    #[test]
    fn heredocs_json_and_comments_are_untouched() {
        check(
            "FROM a\nRUN <<EOF  \n  indented   \n\t\tEOF\nEOF\nCMD [\"a\", \\\n       \"b\"]   \n  # comment   \nRUN a \\\n  # inside\n b\n",
            expect![[r#"
                FROM a
                RUN <<EOF
                  indented   
                		EOF
                EOF
                CMD ["a", \
                       "b"]
                  # comment
                RUN a \
                  # inside
                    b
            "#]],
        );
    }

    #[test]
    fn final_newline_and_crlf() {
        check("FROM a", expect!["FROM a\n"]);
        check("FROM a\r\nRUN x  \r\n\r\n", expect!["FROM a\r\nRUN x\r\n"]);
        check("", expect![""]);
        check("  \n\n", expect![""]);
        check("\u{feff}  FROM a\n", expect!["\u{feff}FROM a\n"]);
    }

    #[test]
    fn unterminated_heredoc_keeps_the_end() {
        check("FROM a\nRUN <<EOF\nbody  \n\n", expect!["FROM a\nRUN <<EOF\nbody  \n\n"]);
    }

    #[test]
    fn range_formatting_touches_only_the_selected_lines() {
        let (analysis, range) = with_range("FROM a  \n$0run  x  $0\nrun  y  \n");
        let edits = format(&analysis, &FormatConfig::default(), Some(range));
        let out = crate::features::text_edit::apply_edits(&analysis.text, &edits);
        expect![[r#"
            FROM a  
            run x
            run  y  
        "#]]
        .assert_eq(&out);
    }
}
