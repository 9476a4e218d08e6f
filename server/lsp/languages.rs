//! Which front end serves a document, from its file name and language id.

use std::path::Path;

use tower_lsp::lsp_types::Url;

use crate::cli::check::is_dockerfile_name;
use crate::model::build_files::BuildFileKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Dockerfile,
    /// A compose, bake, devcontainer or workflow file: the build-target features.
    BuildFile(BuildFileKind),
    /// A file the server has nothing to say about (a YAML file that is not a
    /// compose file, …): kept for its text, answered with nothing.
    Ignored,
}

/// Language ids clients give Dockerfiles.
const DOCKERFILE_IDS: [&str; 2] = ["dockerfile", "containerfile"];
/// Language ids and file extensions of the languages build files are written
/// in: such a document is never read as a Dockerfile.
const OTHER_LANGUAGES: [&str; 10] =
    ["yaml", "yml", "json", "jsonc", "hcl", "terraform", "dockercompose", "github-actions-workflow", "toml", "xml"];

pub fn language_of(uri: &Url, language_id: &str) -> Language {
    let id = language_id.to_ascii_lowercase();
    if DOCKERFILE_IDS.contains(&id.as_str()) {
        return Language::Dockerfile;
    }
    if let Some(kind) = BuildFileKind::detect(Path::new(uri.path())) {
        return Language::BuildFile(kind);
    }
    match id.as_str() {
        "dockercompose" | "yaml.docker-compose" => return Language::BuildFile(BuildFileKind::Compose),
        "github-actions-workflow" => return Language::BuildFile(BuildFileKind::Workflow),
        _ => {}
    }
    let name = file_name(uri);
    if is_dockerfile_name(name) {
        return Language::Dockerfile;
    }
    // Neovim sends compound filetypes such as `yaml.docker-compose`.
    let id_is_other = id.split('.').any(|part| OTHER_LANGUAGES.contains(&part));
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let extension_is_other = extension.is_some_and(|e| OTHER_LANGUAGES.contains(&e.as_str()));
    if id_is_other || extension_is_other {
        Language::Ignored
    } else {
        Language::Dockerfile
    }
}

fn file_name(uri: &Url) -> &str {
    uri.path().rsplit('/').next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn language(uri: &str, id: &str) -> Language {
        language_of(&Url::parse(uri).unwrap(), id)
    }

    #[test]
    fn dockerfiles_by_id_or_name() {
        assert_eq!(language("file:///w/Dockerfile", "dockerfile"), Language::Dockerfile);
        assert_eq!(language("untitled:Untitled-1", "dockerfile"), Language::Dockerfile);
        assert_eq!(language("file:///w/api.Dockerfile", "plaintext"), Language::Dockerfile);
        assert_eq!(language("file:///w/Containerfile", ""), Language::Dockerfile);
    }

    #[test]
    fn build_files_by_name_or_id() {
        let compose = Language::BuildFile(BuildFileKind::Compose);
        assert_eq!(language("file:///w/compose.yaml", "yaml"), compose);
        assert_eq!(language("file:///w/docker-compose.prod.yml", "yaml.docker-compose"), compose);
        assert_eq!(language("file:///w/stack.yml", "dockercompose"), compose);
        assert_eq!(language("file:///w/docker-bake.hcl", "plaintext"), Language::BuildFile(BuildFileKind::Bake));
        let workflow = Language::BuildFile(BuildFileKind::Workflow);
        assert_eq!(language("file:///w/.github/workflows/ci.yml", "yaml"), workflow);
        assert_eq!(language("file:///w/compose.yaml", "dockerfile"), Language::Dockerfile, "the client insists");
    }

    #[test]
    fn other_languages_are_never_read_as_dockerfiles() {
        assert_eq!(language("file:///w/config.yaml", "yaml"), Language::Ignored);
        assert_eq!(language("file:///w/x.yml", "yaml.ansible"), Language::Ignored);
        assert_eq!(language("file:///w/settings.json", ""), Language::Ignored);
    }
}
