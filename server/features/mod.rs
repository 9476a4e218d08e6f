//! Features: protocol-free functions of an [`Analysis`](crate::model::Analysis),
//! one file each. Offsets are byte offsets into the document text.

pub mod diagnostics;
pub mod fixture;
pub mod text_edit;

pub use text_edit::{Fix, TextEdit};
