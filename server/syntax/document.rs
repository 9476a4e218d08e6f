//! The text of one open document: a rope for edits and positions, the
//! incrementally reparsed tree-sitter tree (parsed when first read), and a contiguous copy for analysis.

use std::sync::Arc;

use ropey::Rope;

use super::position::{LineCol, PositionEncoding};
use super::tree::{SyntaxTree, TreeEdit};

#[derive(Clone)]
pub struct Document {
    rope: Rope,
    text: Arc<str>,
    tree: SyntaxTree,
    /// A `\r` not followed by `\n` makes the rope's lines (LSP's) differ
    /// from tree-sitter's rows, which only break on `\n`.
    has_lone_cr: bool,
    /// Not a Dockerfile (a compose or bake file, …): no tree is kept.
    plain: bool,
}

/// One change: a range in the current text (or the whole text) and its replacement.
#[derive(Clone, Debug)]
pub struct TextChange {
    pub range: Option<(LineCol, LineCol)>,
    pub text: String,
}

impl Document {
    pub fn new(text: &str) -> Document {
        let text: Arc<str> = Arc::from(text);
        Document {
            rope: Rope::from_str(&text),
            tree: SyntaxTree::of(text.clone()),
            has_lone_cr: has_lone_cr(&text),
            text,
            plain: false,
        }
    }

    /// A document that is not a Dockerfile: text and positions, no tree.
    pub fn plain(text: &str) -> Document {
        Document {
            rope: Rope::from_str(text),
            text: Arc::from(text),
            tree: SyntaxTree::none(),
            has_lone_cr: has_lone_cr(text),
            plain: true,
        }
    }

    pub fn text(&self) -> &Arc<str> {
        &self.text
    }

    pub fn tree(&self) -> &SyntaxTree {
        &self.tree
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Applies changes strictly in order; positions of each change refer to
    /// the text left by the previous one. The tree is reparsed once, when first read.
    pub fn apply_changes(&mut self, changes: &[TextChange], encoding: PositionEncoding) {
        let mut edits = Vec::with_capacity(changes.len());
        let mut full_replace = false;
        for change in changes {
            match change.range {
                Some((start, end)) => {
                    let start = self.offset(start, encoding);
                    let end = self.offset(end, encoding).max(start);
                    edits.push(self.replace(start, end, &change.text));
                }
                None => {
                    self.rope = Rope::from_str(&change.text);
                    self.has_lone_cr = has_lone_cr(&change.text);
                    edits.clear();
                    full_replace = true;
                }
            }
        }
        // `has_lone_cr` is current: each replacement refreshed it.
        self.text = contiguous(&self.rope);
        if self.plain {
            return;
        }
        if full_replace {
            // Edits after a full replacement cannot be expressed against the old tree.
            self.tree = SyntaxTree::of(self.text.clone());
        } else {
            self.tree.reparse(&edits, &self.text);
        }
    }

    fn replace(&mut self, start: usize, end: usize, new_text: &str) -> TreeEdit {
        let start_point = self.point(start);
        let old_end_point = self.point(end);
        let start_char = self.rope.byte_to_char(start);
        let end_char = self.rope.byte_to_char(end);
        self.rope.remove(start_char..end_char);
        self.rope.insert(start_char, new_text);
        self.refresh_lone_cr(start, new_text);
        let new_end_byte = start + new_text.len();
        TreeEdit {
            start_byte: start,
            old_end_byte: end,
            new_end_byte,
            start_point,
            old_end_point,
            new_end_point: self.point(new_end_byte),
        }
    }

    /// Later changes of the same batch need the flag for the text as it is now.
    fn refresh_lone_cr(&mut self, start: usize, new_text: &str) {
        let touches_cr = new_text.contains('\r') || (start > 0 && self.rope.byte(start - 1) == b'\r');
        if touches_cr || self.has_lone_cr {
            self.has_lone_cr = rope_has_lone_cr(&self.rope);
        }
    }

    /// Row and byte column, as tree-sitter counts them (rows split on `\n` only).
    fn point(&self, offset: usize) -> (usize, usize) {
        if self.has_lone_cr {
            let (mut rows, mut row_start) = (0, 0);
            for (i, b) in self.rope.byte_slice(..offset).bytes().enumerate() {
                if b == b'\n' {
                    rows += 1;
                    row_start = i + 1;
                }
            }
            return (rows, offset - row_start);
        }
        let line = self.rope.byte_to_line(offset);
        let line_start = self.rope.line_to_byte(line);
        (line, offset - line_start)
    }

    /// Byte offset of a position, clamped into the document and onto a char boundary.
    pub fn offset(&self, pos: LineCol, encoding: PositionEncoding) -> usize {
        let line = pos.line as usize;
        if line >= self.rope.len_lines() {
            return self.rope.len_bytes();
        }
        let line_start_char = self.rope.line_to_char(line);
        let line_slice = self.rope.line(line);
        let content_chars = line_slice.len_chars() - line_break_chars(&line_slice);
        let col_char = match encoding {
            PositionEncoding::Utf8 => {
                let col = (pos.col as usize).min(line_slice.len_bytes());
                line_slice.byte_to_char(col)
            }
            PositionEncoding::Utf16 => {
                let col = (pos.col as usize).min(line_slice.len_utf16_cu());
                line_slice.utf16_cu_to_char(col)
            }
        };
        self.rope.char_to_byte(line_start_char + col_char.min(content_chars))
    }

    /// Position of a byte offset (clamped, rounded down to a char boundary).
    pub fn position(&self, offset: usize, encoding: PositionEncoding) -> LineCol {
        let offset = offset.min(self.rope.len_bytes());
        let char_idx = self.rope.byte_to_char(offset);
        let line = self.rope.char_to_line(char_idx);
        let line_start = self.rope.line_to_char(line);
        let col = match encoding {
            PositionEncoding::Utf8 => self.rope.char_to_byte(char_idx) - self.rope.char_to_byte(line_start),
            PositionEncoding::Utf16 => self.rope.char_to_utf16_cu(char_idx) - self.rope.char_to_utf16_cu(line_start),
        };
        LineCol { line: line as u32, col: col as u32 }
    }
}

/// The rope's text in one piece (`to_string` would grow the buffer as it goes).
fn contiguous(rope: &Rope) -> Arc<str> {
    let mut text = String::with_capacity(rope.len_bytes());
    for chunk in rope.chunks() {
        text.push_str(chunk);
    }
    Arc::from(text)
}

fn has_lone_cr(text: &str) -> bool {
    if !text.contains('\r') {
        return false; // The common case, found with a fast byte search.
    }
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
}

fn rope_has_lone_cr(rope: &Rope) -> bool {
    let mut bytes = rope.bytes().peekable();
    while let Some(b) = bytes.next() {
        if b == b'\r' && bytes.peek() != Some(&b'\n') {
            return true;
        }
    }
    false
}

fn line_break_chars(line: &ropey::RopeSlice<'_>) -> usize {
    let n = line.len_chars();
    if n >= 2 && line.char(n - 2) == '\r' && line.char(n - 1) == '\n' {
        2
    } else if n >= 1 && matches!(line.char(n - 1), '\n' | '\r') {
        1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lc(line: u32, col: u32) -> LineCol {
        LineCol { line, col }
    }

    #[test]
    fn utf16_positions_round_trip_and_clamp() {
        let doc = Document::new("FROM a\nRUN echo 😀 é\n");
        let offset = doc.offset(lc(1, 11), PositionEncoding::Utf16);
        assert_eq!(&doc.text()[offset..offset + 1], " ");
        assert_eq!(doc.position(offset, PositionEncoding::Utf16), lc(1, 11));
        // Inside the surrogate pair: rounds to the emoji's start.
        let inside = doc.offset(lc(1, 10), PositionEncoding::Utf16);
        assert_eq!(&doc.text()[inside..inside + 4], "😀");
        assert_eq!(doc.offset(lc(1, 999), PositionEncoding::Utf16), doc.text().len() - 1);
        assert_eq!(doc.offset(lc(u32::MAX, 0), PositionEncoding::Utf16), doc.text().len());
    }

    #[test]
    fn edits_apply_in_order() {
        let mut doc = Document::new("FROM a\n");
        let changes = [
            TextChange { range: Some((lc(0, 5), lc(0, 6))), text: "alpine".into() },
            TextChange { range: Some((lc(1, 0), lc(1, 0))), text: "RUN ls\n".into() },
        ];
        doc.apply_changes(&changes, PositionEncoding::Utf16);
        assert_eq!(&**doc.text(), "FROM alpine\nRUN ls\n");
        assert_eq!(doc.tree().to_sexp(), SyntaxTree::parse(doc.text()).to_sexp());
    }

    #[test]
    fn plain_documents_keep_text_and_positions_but_no_tree() {
        let mut doc = Document::plain("services:\n  web:\n");
        let at = lc(1, 6);
        doc.apply_changes(
            &[TextChange { range: Some((at, at)), text: "\n    build: .".into() }],
            PositionEncoding::Utf16,
        );
        assert_eq!(&**doc.text(), "services:\n  web:\n    build: .\n");
        assert_eq!(doc.position(doc.text().len() - 1, PositionEncoding::Utf16), lc(2, 12));
        assert!(doc.tree().root().is_none());
    }
}

#[cfg(test)]
mod typing_tests {
    use super::*;

    #[test]
    fn typing_on_a_new_last_line() {
        let mut doc = Document::new("FROM alpine\n");
        let typed = "\nRUNN x";
        for (i, c) in typed.chars().enumerate() {
            let (line, col) = if i == 0 { (0, 11) } else { (1, i as u32 - 1) };
            let at = LineCol { line, col };
            doc.apply_changes(&[TextChange { range: Some((at, at)), text: c.to_string() }], PositionEncoding::Utf16);
        }
        assert_eq!(&**doc.text(), "FROM alpine\nRUNN x\n");
    }
}
