use text_size::TextRange;

/// A replacement of `range` (byte offsets) with `new_text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub range: TextRange,
    pub new_text: String,
}

impl TextEdit {
    pub fn replace(range: TextRange, new_text: impl Into<String>) -> TextEdit {
        TextEdit { range, new_text: new_text.into() }
    }

    pub fn insert(at: text_size::TextSize, new_text: impl Into<String>) -> TextEdit {
        TextEdit { range: TextRange::empty(at), new_text: new_text.into() }
    }

    pub fn delete(range: TextRange) -> TextEdit {
        TextEdit { range, new_text: String::new() }
    }
}

/// A mechanical fix, offered as a quick fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<TextEdit>,
    /// Shown first / applied by "fix all" when it is the obvious choice.
    pub preferred: bool,
    /// New files to create beside the document (e.g. a `.dockerignore`).
    pub create_files: Vec<CreateFile>,
}

impl Fix {
    pub fn new(title: impl Into<String>, edits: Vec<TextEdit>) -> Fix {
        Fix { title: title.into(), edits, preferred: false, create_files: Vec::new() }
    }

    /// Marks the fix as the obvious choice (applied by `check --fix`).
    pub fn preferred(mut self) -> Fix {
        self.preferred = true;
        self
    }

    /// A fix that creates a file and edits nothing in the document.
    pub fn create_file(title: impl Into<String>, file: CreateFile) -> Fix {
        Fix { create_files: vec![file], ..Fix::new(title, Vec::new()) }
    }
}

/// A file to create, named relative to the folder of the document; never
/// overwrites an existing file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateFile {
    /// A plain file name or a relative path with `/` separators.
    pub relative_path: String,
    pub text: String,
}

/// Applies non-overlapping edits to `text`.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> String {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start(), e.range.end()));
    let mut out = String::with_capacity(text.len());
    let mut last = 0usize;
    for edit in sorted {
        let start = usize::from(edit.range.start()).clamp(last, text.len());
        let end = usize::from(edit.range.end()).clamp(start, text.len());
        out.push_str(&text[last..start]);
        out.push_str(&edit.new_text);
        last = end;
    }
    out.push_str(&text[last..]);
    out
}
