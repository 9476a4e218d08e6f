//! What the features may know about the files beside a Dockerfile. Features
//! do no IO: the lsp and cli layers read the disk and fill this in.

/// The surroundings of one Dockerfile.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileContext {
    /// The Dockerfile's file name when it is a file on disk; `None` for an
    /// unsaved or virtual document (then nothing is known about its folder).
    pub file_name: Option<String>,
    /// The ignore file that applies, picked as BuildKit does:
    /// `<file name>.dockerignore` beside the Dockerfile, else `.dockerignore`.
    pub dockerignore: Option<IgnoreFile>,
    /// Stages (indexes into the analysed model) that compose, bake,
    /// devcontainer or workflow files build as their target.
    pub targeted_stages: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IgnoreFile {
    /// The file name (`.dockerignore` or `<name>.dockerignore`).
    pub name: String,
    pub text: String,
}

impl FileContext {
    /// Nothing known: an unsaved document, or tests.
    pub const UNKNOWN: FileContext = FileContext { file_name: None, dockerignore: None, targeted_stages: Vec::new() };

    /// Whether the folder of the Dockerfile was looked at.
    pub fn on_disk(&self) -> bool {
        self.file_name.is_some()
    }
}
