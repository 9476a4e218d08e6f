//! The tree-sitter side of the syntax layer, behind a small wrapper so the
//! grammar can be swapped without touching the model.

use std::sync::{Arc, Mutex, OnceLock};

use text_size::{TextRange, TextSize};
use tree_sitter::{InputEdit, Language, Node, Parser, Point, Query, QueryCursor, StreamingIterator, Tree};

pub fn language() -> Language {
    tree_sitter_containerfile::LANGUAGE.into()
}

/// An incrementally maintained concrete syntax tree, parsed when first asked
/// for: only some features read the tree, and diagnostics never wait for it.
/// Edits made meanwhile accumulate on the last parsed tree, so the eventual
/// parse still reuses every unchanged subtree.
#[derive(Clone)]
pub struct SyntaxTree {
    inner: Arc<Deferred>,
}

struct Deferred {
    text: Arc<str>,
    /// The last parsed tree with the edits since applied (taken by the parse).
    old: Mutex<Option<Tree>>,
    parsed: OnceLock<Option<Tree>>,
}

/// A byte edit with the row/column points tree-sitter needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TreeEdit {
    pub start_byte: usize,
    pub old_end_byte: usize,
    pub new_end_byte: usize,
    pub start_point: (usize, usize),
    pub old_end_point: (usize, usize),
    pub new_end_point: (usize, usize),
}

fn new_parser() -> Parser {
    let mut parser = Parser::new();
    parser.set_language(&language()).expect("the bundled grammar matches the tree-sitter ABI");
    parser
}

impl Default for SyntaxTree {
    fn default() -> SyntaxTree {
        SyntaxTree::none()
    }
}

impl SyntaxTree {
    pub fn parse(text: &str) -> SyntaxTree {
        SyntaxTree::deferred(Arc::from(text), None)
    }

    /// No tree: for documents that are not Dockerfiles.
    pub fn none() -> SyntaxTree {
        let inner = Deferred { text: Arc::from(""), old: Mutex::new(None), parsed: OnceLock::from(None) };
        SyntaxTree { inner: Arc::new(inner) }
    }

    /// The tree of `text`, parsed on first use.
    pub fn of(text: Arc<str>) -> SyntaxTree {
        SyntaxTree::deferred(text, None)
    }

    fn deferred(text: Arc<str>, old: Option<Tree>) -> SyntaxTree {
        SyntaxTree { inner: Arc::new(Deferred { text, old: Mutex::new(old), parsed: OnceLock::new() }) }
    }

    /// Applies `edits` (in order) to the old tree; `new_text` is parsed on
    /// first use, reusing the unchanged subtrees.
    pub fn reparse(&mut self, edits: &[TreeEdit], new_text: &Arc<str>) {
        let mut old = match self.inner.parsed.get() {
            Some(parsed) => parsed.clone(),
            None => self.inner.old.lock().ok().and_then(|old| old.clone()),
        };
        if let Some(tree) = old.as_mut() {
            for edit in edits {
                tree.edit(&InputEdit {
                    start_byte: edit.start_byte,
                    old_end_byte: edit.old_end_byte,
                    new_end_byte: edit.new_end_byte,
                    start_position: point(edit.start_point),
                    old_end_position: point(edit.old_end_point),
                    new_end_position: point(edit.new_end_point),
                });
            }
        }
        *self = SyntaxTree::deferred(new_text.clone(), old);
    }

    fn tree(&self) -> Option<&Tree> {
        let inner = &self.inner;
        inner
            .parsed
            .get_or_init(|| {
                let old = inner.old.lock().ok().and_then(|mut old| old.take());
                parse_reusing(&inner.text, old.as_ref())
            })
            .as_ref()
    }

    pub fn root(&self) -> Option<Node<'_>> {
        self.tree().map(|t| t.root_node())
    }

    /// Whether the part of the tree covering `range` is free of ERROR and MISSING nodes.
    pub fn is_clean(&self, range: TextRange) -> bool {
        let Some(root) = self.root() else { return false };
        let (start, end) = (usize::from(range.start()), usize::from(range.end()));
        match root.descendant_for_byte_range(start, end) {
            Some(node) => !node.has_error() && !ancestors_have_error_at(node, start, end),
            None => false,
        }
    }

    /// Every capture of `query` over the tree of `text`, in no particular order.
    pub fn captures(&self, query: &SyntaxQuery, text: &str) -> Vec<Capture> {
        let Some(root) = self.root() else { return Vec::new() };
        let mut cursor = QueryCursor::new();
        let mut matches = cursor.matches(&query.query, root, text.as_bytes());
        let mut out = Vec::new();
        while let Some(m) = matches.next() {
            out.extend(m.captures.iter().map(|c| Capture { range: node_range(c.node), name: c.index as usize }));
        }
        out
    }

    /// The ranges of ERROR and MISSING nodes, outermost only, in document
    /// order; everything when there is no tree.
    pub fn error_ranges(&self) -> Vec<TextRange> {
        let Some(root) = self.root() else { return vec![TextRange::up_to(TextSize::from(u32::MAX))] };
        let mut out = Vec::new();
        if !root.has_error() {
            return out;
        }
        let mut cursor = root.walk();
        loop {
            let node = cursor.node();
            let is_error = node.is_error() || node.is_missing();
            if is_error {
                out.push(node_range(node));
            }
            if !is_error && node.has_error() && cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    return out;
                }
            }
        }
    }

    /// S-expression of the tree, for tests.
    pub fn to_sexp(&self) -> String {
        self.root().map(|r| r.to_sexp()).unwrap_or_default()
    }
}

/// A compiled tree-sitter query (for example `queries/highlights.scm`).
pub struct SyntaxQuery {
    query: Query,
}

impl SyntaxQuery {
    pub fn new(source: &str) -> Result<SyntaxQuery, String> {
        Query::new(&language(), source).map(|query| SyntaxQuery { query }).map_err(|e| e.to_string())
    }

    /// Capture names, indexed by [`Capture::name`].
    pub fn capture_names(&self) -> &[&str] {
        self.query.capture_names()
    }
}

/// One captured node: its byte range and the index of its capture name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Capture {
    pub range: TextRange,
    pub name: usize,
}

fn parse_reusing(text: &str, old: Option<&Tree>) -> Option<Tree> {
    let mut parser = new_parser();
    let mut tree = parser.parse(text, old);
    if let Some(reparsed) = tree.as_mut().filter(|t| old.is_some() && t.root_node().has_error()) {
        // Error recovery depends on which old subtrees get reused, so a
        // tree with errors can differ from a fresh parse of the same text.
        // Parse the instructions around each error again without reuse.
        for edit in error_neighbourhoods(reparsed) {
            reparsed.edit(&edit);
        }
        tree = parser.parse(text, Some(reparsed));
    }
    tree
}

fn node_range(node: Node<'_>) -> TextRange {
    let start = TextSize::from(node.start_byte() as u32);
    TextRange::new(start, TextSize::from(node.end_byte() as u32).max(start))
}

/// Zero-length edits covering each top-level node with an error and its
/// neighbours, which makes the next parse build them afresh.
fn error_neighbourhoods(tree: &Tree) -> Vec<InputEdit> {
    let root = tree.root_node();
    let mut cursor = root.walk();
    let children: Vec<Node<'_>> = root.children(&mut cursor).collect();
    let mut edits: Vec<InputEdit> = Vec::new();
    for (i, child) in children.iter().enumerate() {
        if !child.has_error() {
            continue;
        }
        let first = children[i.saturating_sub(1)];
        let last = children.get(i + 1).copied().unwrap_or(*child);
        edits.push(InputEdit {
            start_byte: first.start_byte(),
            old_end_byte: last.end_byte(),
            new_end_byte: last.end_byte(),
            start_position: first.start_position(),
            old_end_position: last.end_position(),
            new_end_position: last.end_position(),
        });
    }
    edits
}

fn ancestors_have_error_at(node: Node<'_>, start: usize, end: usize) -> bool {
    let mut current = node.parent();
    while let Some(n) = current {
        if n.is_error() && n.start_byte() <= start && end <= n.end_byte() {
            return true;
        }
        current = n.parent();
    }
    false
}

fn point((row, column): (usize, usize)) -> Point {
    Point { row, column }
}
