//! Open documents. Edits are applied synchronously, in arrival order, before
//! any `.await` in a handler; readers take cheap snapshots.
//!
//! A document is a Dockerfile (analysed) or another language
//! ([`Language`]): those keep their text only, for the features of their own
//! front end and so that what the editor shows wins over the disk.

use std::path::Path;
use std::sync::Arc;

use dashmap::DashMap;
use tower_lsp::lsp_types::Url;

use super::languages::Language;
use crate::model::build_files::BuildFile;
use crate::model::Analysis;
use crate::syntax::{Document, PositionEncoding, TextChange};
use crate::vfs::FileSource;

/// One version of a Dockerfile, shared with request handlers.
#[derive(Clone)]
pub struct Snapshot {
    pub version: i32,
    pub document: Document,
    pub analysis: Arc<Analysis>,
}

/// One version of a document in another language.
#[derive(Clone)]
pub struct OtherSnapshot {
    pub version: i32,
    pub document: Document,
    pub language: Language,
    /// For a build file on disk: its entries (the Dockerfile paths are
    /// resolved from its path, so an unsaved one has none).
    pub build_file: Option<Arc<BuildFile>>,
}

impl OtherSnapshot {
    fn new(uri: &Url, version: i32, document: Document, language: Language) -> OtherSnapshot {
        let build_file = match (language, uri.to_file_path()) {
            (Language::BuildFile(kind), Ok(path)) if uri.scheme() == "file" => {
                Some(Arc::new(BuildFile::parse_as(kind, &path, document.text())))
            }
            _ => None,
        };
        OtherSnapshot { version, document, language, build_file }
    }
}

#[derive(Clone)]
pub enum Opened {
    Dockerfile(Snapshot),
    Other(OtherSnapshot),
}

impl Opened {
    pub fn version(&self) -> i32 {
        match self {
            Opened::Dockerfile(s) => s.version,
            Opened::Other(s) => s.version,
        }
    }

    pub fn document(&self) -> &Document {
        match self {
            Opened::Dockerfile(s) => &s.document,
            Opened::Other(s) => &s.document,
        }
    }
}

#[derive(Default)]
pub struct Store {
    docs: DashMap<Url, Opened>,
}

impl Store {
    pub fn open(&self, uri: Url, version: i32, text: &str, language: Language) -> Opened {
        let opened = if language == Language::Dockerfile {
            let document = Document::new(text);
            Opened::Dockerfile(Snapshot { version, analysis: Arc::new(Analysis::new(&document)), document })
        } else {
            Opened::Other(OtherSnapshot::new(&uri, version, Document::plain(text), language))
        };
        self.docs.insert(uri, opened.clone());
        opened
    }

    /// Applies the changes of one `didChange`; `None` for an unknown document.
    pub fn change(
        &self,
        uri: &Url,
        version: i32,
        changes: &[TextChange],
        encoding: PositionEncoding,
    ) -> Option<Opened> {
        let mut entry = self.docs.get_mut(uri)?;
        match &mut *entry {
            Opened::Dockerfile(snapshot) => {
                snapshot.document.apply_changes(changes, encoding);
                snapshot.version = version;
                // Taken out, so that the incremental analysis can take it apart
                // when no handler holds it any more.
                let previous = std::mem::take(&mut snapshot.analysis);
                snapshot.analysis = Arc::new(Analysis::incremental(&snapshot.document, previous));
            }
            Opened::Other(snapshot) => {
                let mut document = snapshot.document.clone();
                document.apply_changes(changes, encoding);
                *snapshot = OtherSnapshot::new(uri, version, document, snapshot.language);
            }
        }
        Some(entry.clone())
    }

    pub fn close(&self, uri: &Url) {
        self.docs.remove(uri);
    }

    /// The Dockerfile open at `uri`; `None` for other languages.
    pub fn get(&self, uri: &Url) -> Option<Snapshot> {
        match &*self.docs.get(uri)? {
            Opened::Dockerfile(snapshot) => Some(snapshot.clone()),
            Opened::Other(_) => None,
        }
    }

    /// The document open at `uri`, whatever its language.
    pub fn get_any(&self, uri: &Url) -> Option<Opened> {
        self.docs.get(uri).map(|e| e.clone())
    }

    pub fn current_version(&self, uri: &Url) -> Option<i32> {
        self.docs.get(uri).map(|e| e.version())
    }

    pub fn uris(&self) -> Vec<Url> {
        self.docs.iter().map(|e| e.key().clone()).collect()
    }

    /// The open build files: their URIs and parsed entries.
    pub fn build_files(&self) -> Vec<(Url, Arc<BuildFile>)> {
        self.docs
            .iter()
            .filter_map(|e| match e.value() {
                Opened::Other(OtherSnapshot { build_file: Some(file), .. }) => Some((e.key().clone(), file.clone())),
                _ => None,
            })
            .collect()
    }
}

/// The open documents' texts by file path.
impl FileSource for Store {
    fn read_text(&self, path: &Path) -> Option<Arc<str>> {
        let uri = Url::from_file_path(path).ok()?;
        Some(self.docs.get(&uri)?.document().text().clone())
    }

    fn covers(&self, path: &Path) -> bool {
        self.read_text(path).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_documents_are_read_by_path_whatever_their_language() {
        let store = Store::default();
        let dockerfile = Url::parse("file:///w/Dockerfile").unwrap();
        let compose = Url::parse("file:///w/compose.yaml").unwrap();
        store.open(dockerfile.clone(), 1, "FROM a\n", Language::Dockerfile);
        store.open(compose.clone(), 1, "services: {}\n", Language::Ignored);
        assert_eq!(store.read_text(Path::new("/w/Dockerfile")).as_deref(), Some("FROM a\n"));
        assert_eq!(store.read_text(Path::new("/w/compose.yaml")).as_deref(), Some("services: {}\n"));
        assert_eq!(store.read_text(Path::new("/w/other")), None);
        assert!(store.get(&compose).is_none(), "only Dockerfiles are analysed");
        assert!(store.get(&dockerfile).is_some());
    }

    #[test]
    fn edits_build_on_the_previous_analysis_and_equal_a_fresh_one() {
        use crate::syntax::LineCol;
        let store = Store::default();
        let uri = Url::parse("file:///w/Dockerfile").unwrap();
        store.open(
            uri.clone(),
            1,
            "FROM a AS build\nRUN make\nFROM build\nCOPY --from=build /a /b\n",
            Language::Dockerfile,
        );
        let held = store.get(&uri).unwrap();
        let typed = [(1, 8, " all"), (0, 15, "er"), (3, 17, "er")];
        for (version, (line, col, text)) in (2..).zip(typed) {
            let at = LineCol { line, col };
            let change = TextChange { range: Some((at, at)), text: text.to_string() };
            store.change(&uri, version, &[change], PositionEncoding::Utf16);
        }
        let snapshot = store.get(&uri).unwrap();
        let fresh = Analysis::from_text(snapshot.document.text());
        assert_eq!(
            &**snapshot.document.text(),
            "FROM a AS builder\nRUN make all\nFROM build\nCOPY --from=builder /a /b\n"
        );
        assert_eq!((&snapshot.analysis.file, &snapshot.analysis.model), (&fresh.file, &fresh.model));
        assert!(snapshot.analysis.carried.iter().flatten().count() > 0);
        assert_eq!(
            held.analysis.model,
            Analysis::from_text(held.document.text()).model,
            "a held snapshot stays as it was"
        );
    }
}
