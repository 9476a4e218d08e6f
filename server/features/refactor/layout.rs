//! Where instructions sit in the text, as whole lines, and how new
//! instructions should be spelled to match the file.

use text_size::{TextRange, TextSize};

use crate::model::Analysis;

/// Line offsets of a document.
pub(crate) struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Lines<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    pub(crate) fn count(&self) -> usize {
        self.starts.len()
    }

    /// Start of line `line` (clamped to the end of the text).
    pub(crate) fn start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.text.len())
    }

    /// The text of `line` without its line break.
    pub(crate) fn text(&self, line: usize) -> &'a str {
        let start = self.start(line);
        let end = self.start(line + 1);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub(crate) fn is_blank(&self, line: usize) -> bool {
        line < self.count() && self.text(line).trim().is_empty()
    }

    /// Lines `first..=last` with the final line break.
    pub(crate) fn range(&self, first: usize, last: usize) -> TextRange {
        TextRange::new(size(self.start(first)), size(self.start(last + 1)))
    }

    pub(crate) fn slice(&self, range: TextRange) -> &'a str {
        &self.text[usize::from(range.start())..usize::from(range.end())]
    }
}

pub(crate) fn size(offset: usize) -> TextSize {
    TextSize::from(offset as u32)
}

/// The first line of instruction `index` with the comment lines directly above it.
pub(crate) fn first_line_with_comments(analysis: &Analysis, lines: &Lines<'_>, index: usize) -> usize {
    let instruction = analysis.instruction(index);
    let floor = match index.checked_sub(1) {
        Some(prev) => analysis.instruction(prev).end_line as usize + 1,
        None => 0,
    };
    let mut first = instruction.start_line as usize;
    while first > floor
        && lines.text(first - 1).trim_start().starts_with('#')
        && !is_directive(analysis, lines, first - 1)
    {
        first -= 1;
    }
    first
}

fn is_directive(analysis: &Analysis, lines: &Lines<'_>, line: usize) -> bool {
    let range = lines.range(line, line);
    analysis.file.directives.iter().any(|d| range.contains_range(d.range))
}

/// Instruction `index` with the comments directly above it, as whole lines.
pub(crate) fn block(analysis: &Analysis, lines: &Lines<'_>, index: usize) -> TextRange {
    let first = first_line_with_comments(analysis, lines, index);
    lines.range(first, analysis.instruction(index).end_line as usize)
}

/// The text of [`block`], ending with a line break.
pub(crate) fn block_text(analysis: &Analysis, lines: &Lines<'_>, index: usize) -> String {
    with_newline(lines.slice(block(analysis, lines, index)))
}

/// Deletes instruction `index` with its comments, and a blank line after it
/// when it stood between blank lines (so no double blank line remains).
pub(crate) fn delete_block(analysis: &Analysis, lines: &Lines<'_>, index: usize) -> TextRange {
    let first = first_line_with_comments(analysis, lines, index);
    let last = analysis.instruction(index).end_line as usize;
    let blank_before = first == 0 || lines.is_blank(first - 1);
    if blank_before && lines.is_blank(last + 1) {
        return lines.range(first, last + 1);
    }
    lines.range(first, last)
}

/// The start of the line where instruction `index` (with its comments) begins.
pub(crate) fn block_start(analysis: &Analysis, lines: &Lines<'_>, index: usize) -> TextSize {
    size(lines.start(first_line_with_comments(analysis, lines, index)))
}

/// The start of the line after instruction `index`.
pub(crate) fn after_block(analysis: &Analysis, lines: &Lines<'_>, index: usize) -> TextSize {
    size(lines.start(analysis.instruction(index).end_line as usize + 1))
}

pub(crate) fn with_newline(text: &str) -> String {
    if text.ends_with('\n') {
        text.to_string()
    } else {
        format!("{text}\n")
    }
}

/// How the file spells keywords: generated instructions follow the majority.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeywordCase {
    Upper,
    Lower,
}

impl KeywordCase {
    pub(crate) fn of(analysis: &Analysis) -> KeywordCase {
        let (mut upper, mut lower) = (0, 0);
        for instruction in &analysis.file.instructions {
            let k = &instruction.keyword.text;
            if k.chars().all(|c| !c.is_ascii_lowercase()) {
                upper += 1;
            } else if k.chars().all(|c| !c.is_ascii_uppercase()) {
                lower += 1;
            }
        }
        if lower > upper {
            KeywordCase::Lower
        } else {
            KeywordCase::Upper
        }
    }

    /// `line` is an instruction written with an uppercase keyword.
    pub(crate) fn apply(self, line: &str) -> String {
        match self {
            KeywordCase::Upper => line.to_string(),
            KeywordCase::Lower => {
                let end = line.find(' ').unwrap_or(line.len());
                format!("{}{}", line[..end].to_ascii_lowercase(), &line[end..])
            }
        }
    }

    pub(crate) fn keyword(self, keyword: &str) -> String {
        match self {
            KeywordCase::Upper => keyword.to_ascii_uppercase(),
            KeywordCase::Lower => keyword.to_ascii_lowercase(),
        }
    }
}

/// A JSON string array: `["a", "b"]`.
pub(crate) fn json_array(words: &[String]) -> String {
    let items: Vec<String> = words.iter().map(|w| serde_json::Value::String(w.clone()).to_string()).collect();
    format!("[{}]", items.join(", "))
}
