//! Open documents. Edits are applied synchronously, in arrival order, before
//! any `.await` in a handler; readers take cheap snapshots.

use std::sync::Arc;

use dashmap::DashMap;
use tower_lsp::lsp_types::Url;

use crate::model::Analysis;
use crate::syntax::{Document, PositionEncoding, TextChange};

/// One version of a document, shared with request handlers.
#[derive(Clone)]
pub struct Snapshot {
    pub version: i32,
    pub document: Document,
    pub analysis: Arc<Analysis>,
}

#[derive(Default)]
pub struct Store {
    docs: DashMap<Url, Snapshot>,
}

impl Store {
    pub fn open(&self, uri: Url, version: i32, text: &str) -> Snapshot {
        let document = Document::new(text);
        let snapshot = Snapshot { version, analysis: Arc::new(Analysis::new(&document)), document };
        self.docs.insert(uri, snapshot.clone());
        snapshot
    }

    /// Applies the changes of one `didChange`; `None` for an unknown document.
    pub fn change(
        &self,
        uri: &Url,
        version: i32,
        changes: &[TextChange],
        encoding: PositionEncoding,
    ) -> Option<Snapshot> {
        let mut entry = self.docs.get_mut(uri)?;
        entry.document.apply_changes(changes, encoding);
        entry.version = version;
        entry.analysis = Arc::new(Analysis::new(&entry.document));
        Some(entry.clone())
    }

    pub fn close(&self, uri: &Url) {
        self.docs.remove(uri);
    }

    pub fn get(&self, uri: &Url) -> Option<Snapshot> {
        self.docs.get(uri).map(|e| e.clone())
    }

    pub fn current_version(&self, uri: &Url) -> Option<i32> {
        self.docs.get(uri).map(|e| e.version)
    }

    pub fn uris(&self) -> Vec<Url> {
        self.docs.iter().map(|e| e.key().clone()).collect()
    }
}
