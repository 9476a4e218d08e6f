//! The size above which a document gets a reduced service. Real Dockerfiles
//! stay far below it (the largest of the 368 in `../shared/corpus/real` has
//! 650 lines); a generated file above it would otherwise make every
//! keystroke pay for all best-practice rules and semantic tokens. What stays:
//! BuildKit's parse errors, error rules and checks, navigation, completion,
//! hover, symbols, folding and formatting, all linear in the document.

use dashmap::DashSet;
use tower_lsp::lsp_types::Url;

use crate::syntax::Document;

pub const MAX_FULL_SERVICE_BYTES: usize = 1 << 20;
pub const MAX_FULL_SERVICE_LINES: usize = 25_000;

/// Whether `document` is above the limit.
pub fn is_large(document: &Document) -> bool {
    let text = document.text();
    text.len() > MAX_FULL_SERVICE_BYTES || line_count(text) > MAX_FULL_SERVICE_LINES
}

fn line_count(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'\n').count() + 1
}

/// The documents the user was told about: once per document while it is open.
#[derive(Default)]
pub struct Warned(DashSet<Url>);

impl Warned {
    /// The message to show, the first time only.
    pub fn first_warning(&self, uri: &Url, document: &Document) -> Option<String> {
        if !self.0.insert(uri.clone()) {
            return None;
        }
        let name = uri.path_segments().and_then(|mut s| s.next_back()).unwrap_or("This file");
        Some(format!(
            "{name} is large ({:.1} MiB, {} lines; full service up to {} MiB and {} lines): dockerfile-ls reports \
             only BuildKit's errors and checks for it, without best-practice rules and semantic highlighting.",
            document.len() as f64 / f64::from(1 << 20),
            line_count(document.text()),
            MAX_FULL_SERVICE_BYTES >> 20,
            MAX_FULL_SERVICE_LINES,
        ))
    }

    pub fn forget(&self, uri: &Url) {
        self.0.remove(uri);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_counts_bytes_and_lines() {
        assert!(!is_large(&Document::new("FROM alpine\n")));
        assert!(is_large(&Document::new(&"RUN x\n".repeat(MAX_FULL_SERVICE_LINES))));
        assert!(is_large(&Document::new(&format!("RUN {}", "x".repeat(MAX_FULL_SERVICE_BYTES)))));
    }

    #[test]
    fn one_warning_per_open_document() {
        let warned = Warned::default();
        let uri = Url::parse("file:///w/Dockerfile.gen").unwrap();
        let document = Document::new("FROM a\n");
        let message = warned.first_warning(&uri, &document).unwrap();
        assert!(message.starts_with("Dockerfile.gen is large (0.0 MiB, 2 lines;"), "{message}");
        assert!(warned.first_warning(&uri, &document).is_none());
        warned.forget(&uri);
        assert!(warned.first_warning(&uri, &document).is_some());
    }
}
