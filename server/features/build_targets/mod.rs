//! Build targets named outside the Dockerfile: compose, bake, devcontainer
//! and workflow files (parsed by [`crate::model::build_files`]). Entry points
//! for the lsp layer; each takes a parsed [`BuildFile`] (`BuildFile::parse(path,
//! text)`, `None` when the path is not a build file) and reads Dockerfiles
//! only through the given [`FileSource`]:
//! - in a build file: [`build_file_diagnostics`], [`target_completion`],
//!   [`target_definition`] (a location in the Dockerfile), [`target_hover`];
//! - in a Dockerfile at `path`, given the workspace's build files:
//!   [`target_uses`] (references), [`target_lenses`] (code lens / inlay hint
//!   on each stage), [`rename_target_uses`] (edits in the build files).
//!
//! Offsets and ranges are byte offsets into the file they belong to. Give the
//! source a `FileSource::covers` (false outside the workspace folders) so a
//! Dockerfile outside them is not reported missing.

mod completion;
mod diagnostics;
mod goto_definition;
mod hover;
mod uses;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

pub use completion::target_completion;
pub use diagnostics::{build_file_diagnostics, BUILD_FILE_SYNTAX, MISSING_DOCKERFILE, UNKNOWN_BUILD_TARGET};
pub use goto_definition::{target_definition, TargetDefinition};
pub use hover::target_hover;
pub use uses::{rename_target_uses, target_lenses, target_uses, targeted_stages, FileEdits, TargetLens, TargetUse};

pub use crate::model::build_files::{BuildEntry, BuildFile, BuildFileKind, DockerfileRef, TargetValue};
use crate::model::Analysis;
use crate::syntax::Document;
use crate::vfs::FileSource;

/// What an entry's Dockerfile turned out to be.
enum Built {
    Analysis(Rc<Analysis>),
    /// The file does not exist where the entry says.
    Missing(PathBuf),
    /// Unknown until build time, or outside what may be read: say nothing.
    Silent,
}

/// The Dockerfiles of one build file's entries, each read and analysed once.
struct Dockerfiles<'a> {
    files: &'a dyn FileSource,
    by_path: HashMap<PathBuf, Option<Rc<Analysis>>>,
}

impl<'a> Dockerfiles<'a> {
    fn new(files: &'a dyn FileSource) -> Dockerfiles<'a> {
        Dockerfiles { files, by_path: HashMap::new() }
    }

    fn of(&mut self, entry: &BuildEntry) -> Built {
        match &entry.dockerfile {
            DockerfileRef::Unknown => Built::Silent,
            DockerfileRef::Inline { text, .. } => Built::Analysis(Rc::new(analyse(text))),
            DockerfileRef::Path(path) => {
                let files = self.files;
                let loaded = self
                    .by_path
                    .entry(path.clone())
                    .or_insert_with(|| files.read_text(path).map(|text| Rc::new(analyse(&text))));
                match loaded {
                    Some(analysis) => Built::Analysis(analysis.clone()),
                    None if files.covers(path) => Built::Missing(path.clone()),
                    None => Built::Silent,
                }
            }
        }
    }
}

/// The model of a Dockerfile; these features need no syntax tree.
fn analyse(text: &str) -> Analysis {
    Analysis::new(&Document::plain(text))
}

/// The entry and the Dockerfile's analysis at a known target value.
fn target_at<'f>(
    file: &'f BuildFile,
    offset: text_size::TextSize,
    files: &dyn FileSource,
) -> Option<(&'f BuildEntry, &'f TargetValue, Rc<Analysis>)> {
    let (entry, target) = file.target_at(offset)?;
    target.name.as_ref()?;
    match Dockerfiles::new(files).of(entry) {
        Built::Analysis(analysis) => Some((entry, target, analysis)),
        Built::Missing(_) | Built::Silent => None,
    }
}

/// `path` as people read it from where the build file's paths start (its
/// folder; a workflow's repository root).
fn shown_path(file: &BuildFile, path: &Path) -> String {
    let base = match file.kind {
        BuildFileKind::Workflow => crate::model::build_files::workflow::repository_root(&file.path),
        _ => file.path.parent().unwrap_or(Path::new("/")).to_path_buf(),
    };
    let base: Vec<_> = base.components().collect();
    let target: Vec<_> = path.components().collect();
    let common = base.iter().zip(&target).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return path.display().to_string();
    }
    let mut shown = PathBuf::new();
    for _ in common..base.len() {
        shown.push("..");
    }
    shown.extend(&target[common..]);
    shown.display().to_string()
}

#[cfg(test)]
pub(crate) mod test_support {
    use std::path::Path;

    use text_size::TextSize;

    use super::BuildFile;
    use crate::features::fixture::CURSOR;
    use crate::vfs::MemoryFiles;

    pub const DOCKERFILE: &str = "FROM golang:1.22 AS build\nRUN go build\nFROM alpine:3.20 AS base\nFROM base AS runtime\nCOPY --from=build /app /app\nFROM runtime AS test\n";

    /// A small workspace: `/w/Dockerfile`, `/w/api/Dockerfile`.
    pub fn workspace() -> MemoryFiles {
        MemoryFiles::new()
            .with("/w/Dockerfile", DOCKERFILE)
            .with("/w/api/Dockerfile", "FROM node:20 AS deps\nFROM deps AS api\n")
    }

    /// The build file at `path` from `fixture` without its `$0` cursor, and the cursor.
    pub fn build_file_with_cursor(path: &str, fixture: &str) -> (BuildFile, String, TextSize) {
        let offset = fixture.find(CURSOR).unwrap_or(fixture.len());
        let text = fixture.replacen(CURSOR, "", 1);
        let file = BuildFile::parse(Path::new(path), &text).expect("a build file name");
        (file, text, TextSize::from(offset as u32))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use text_size::TextSize;

    use super::test_support::workspace;
    use super::*;
    use crate::model::build_files::tests::SAMPLES;

    /// Every entry point at every offset of each sample, and the diagnostics
    /// of every prefix: no panic, and what the samples target is found.
    #[test]
    fn entry_points_never_panic() {
        let files = workspace();
        let mut definitions = 0;
        for (kind, path, sample) in SAMPLES {
            for (at, _) in sample.char_indices() {
                let prefix = BuildFile::parse_as(kind, Path::new(path), &sample[..at]);
                build_file_diagnostics(&prefix, &files);
            }
            let file = BuildFile::parse_as(kind, Path::new(path), sample);
            for offset in 0..=sample.len() as u32 {
                let offset = TextSize::from(offset);
                target_completion(&file, offset, &files);
                target_hover(&file, offset, &files);
                definitions += usize::from(target_definition(&file, offset, &files).is_some());
            }
        }
        assert!(definitions > 0);
        let analysis = Analysis::from_text("FROM node:20 AS deps\nFROM deps AS api\n");
        let build_files: Vec<BuildFile> =
            SAMPLES.iter().map(|(kind, path, text)| BuildFile::parse_as(*kind, Path::new(path), text)).collect();
        let lenses = target_lenses(Path::new("/w/api/Dockerfile"), &analysis, &build_files);
        assert_eq!(lenses.len(), 2, "{lenses:?}");
        let edits = rename_target_uses(Path::new("/w/api/Dockerfile"), &analysis, 0, "base", &build_files);
        // Compose builds prod.Dockerfile, bake HCL an inline Dockerfile; the two bake JSON
        // targets share one value (inherits), edited once.
        let counts: Vec<(String, usize)> =
            edits.iter().map(|f| (f.path.display().to_string(), f.edits.len())).collect();
        let expected =
            [("/w/docker-bake.json", 1), ("/w/.devcontainer/devcontainer.json", 1), ("/w/.github/workflows/ci.yml", 1)];
        assert_eq!(counts, expected.map(|(p, n)| (p.to_string(), n)));
    }
}
