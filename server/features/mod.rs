//! Features: protocol-free functions of an [`Analysis`](crate::model::Analysis),
//! one file each. Offsets are byte offsets into the document text.

pub mod build_targets;
pub mod code_lens;
pub mod completion;
pub mod context;
pub mod diagnostics;
pub mod dockerfile_docs;
pub mod dockerignore;
pub mod document_highlight;
pub mod document_links;
pub mod document_symbols;
pub mod fix_all;
pub mod fixture;
pub mod folding_ranges;
pub mod formatting;
pub mod goto_definition;
pub mod hover;
pub mod inlay_hints;
pub mod refactor;
pub mod references;
pub mod rename;
pub mod selection_ranges;
pub mod semantic_tokens;
pub mod signature_help;
pub mod text_edit;

pub use context::FileContext;
pub use text_edit::{CreateFile, Fix, TextEdit};
