//! Syntax layer: text, the BuildKit-faithful logical-line split, words and
//! JSON forms, and the incrementally maintained tree-sitter tree.

pub mod directives;
pub mod document;
pub mod heredoc;
pub mod incremental;
pub mod json;
pub mod logical;
pub mod position;
pub mod shell;
pub mod shell_word;
pub mod shift;
pub mod tree;
pub mod words;

pub use directives::Directive;
pub use document::{Document, TextChange};
pub use incremental::{split_incremental, CarriedFrom};
pub use logical::{split, Heredoc, Instruction, LogicalFile, LogicalText, ParseError, ParseErrorKind};
pub use position::{LineCol, PositionEncoding};
pub use shift::{Delta, Shift};
pub use text_size::{TextRange, TextSize};
pub use tree::{Capture, SyntaxQuery, SyntaxTree};
pub use words::Word;
