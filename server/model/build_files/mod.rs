//! Files outside the Dockerfile that build it: compose files, bake files,
//! devcontainer.json and GitHub workflows. Each front end (one file per
//! format) turns the text of such a file into [`BuildEntry`]s: who builds
//! (`compose service web`), which Dockerfile (resolved as that tool resolves
//! it) and which `target` stage. Values the tool only knows at build time
//! (variables, interpolation, remote contexts) are kept as unknown so the
//! features stay silent about them. Protocol-free and IO-free: the caller
//! passes the text.

pub mod bake;
pub mod compose;
pub mod devcontainer;
mod paths;
pub mod workflow;
mod yaml;

use std::path::{Path, PathBuf};

use text_size::{TextRange, TextSize};

pub use paths::normalize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BuildFileKind {
    /// `compose.yaml`, `compose.*.yaml`, `docker-compose*.yml`, …
    Compose,
    /// `docker-bake*.hcl`, `docker-bake*.json`
    Bake,
    /// `.devcontainer/devcontainer.json`, `.devcontainer.json`, `.devcontainer/*/devcontainer.json`
    Devcontainer,
    /// `.github/workflows/*.yml`
    Workflow,
}

impl BuildFileKind {
    /// The kind of build file `path` is, by its name and folders.
    pub fn detect(path: &Path) -> Option<BuildFileKind> {
        let name = path.file_name()?.to_str()?;
        let parent = path.parent().and_then(Path::file_name).and_then(|n| n.to_str());
        let grandparent = path.parent().and_then(Path::parent).and_then(Path::file_name).and_then(|n| n.to_str());
        let yaml = name.ends_with(".yaml") || name.ends_with(".yml");
        if yaml && (name.starts_with("docker-compose") || name == "compose.yaml" || name == "compose.yml") {
            return Some(BuildFileKind::Compose);
        }
        if yaml && name.starts_with("compose.") {
            return Some(BuildFileKind::Compose);
        }
        if name.starts_with("docker-bake") && (name.ends_with(".hcl") || name.ends_with(".json")) {
            return Some(BuildFileKind::Bake);
        }
        if name == ".devcontainer.json"
            || (name == "devcontainer.json"
                && (parent == Some(".devcontainer") || grandparent == Some(".devcontainer")))
        {
            return Some(BuildFileKind::Devcontainer);
        }
        if yaml && parent == Some("workflows") && grandparent == Some(".github") {
            return Some(BuildFileKind::Workflow);
        }
        None
    }

    pub fn as_str(self) -> &'static str {
        match self {
            BuildFileKind::Compose => "compose",
            BuildFileKind::Bake => "bake",
            BuildFileKind::Devcontainer => "devcontainer",
            BuildFileKind::Workflow => "workflow",
        }
    }
}

/// A parsed build file: its entries, or why it yielded none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildFile {
    /// Absolute and normalised.
    pub path: PathBuf,
    pub kind: BuildFileKind,
    pub entries: Vec<BuildEntry>,
    /// Set when the text does not parse (then `entries` is empty).
    pub parse_error: Option<ParseError>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub range: TextRange,
}

/// One build: who runs it, which Dockerfile, which target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildEntry {
    /// For people: `compose service web`, `bake target app`, `devcontainer`,
    /// `workflow job build step 3`.
    pub owner: String,
    /// The name that declares the entry (service name, target label, step).
    pub owner_range: TextRange,
    pub dockerfile: DockerfileRef,
    /// The values that name the Dockerfile as written (context, then file).
    pub dockerfile_ranges: Vec<TextRange>,
    /// `None`: no target written, the build uses the last stage.
    pub target: Option<TargetValue>,
}

/// The Dockerfile an entry builds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DockerfileRef {
    /// Absolute and normalised.
    Path(PathBuf),
    /// A Dockerfile written in the build file itself (compose
    /// `dockerfile_inline`, bake `dockerfile-inline`); `range` is its value.
    Inline { text: String, range: TextRange },
    /// Only known at build time (variables, remote contexts).
    Unknown,
}

/// A `target` value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetValue {
    /// The stage name; `None` when only known at build time. When known,
    /// the build file's text at `range` is exactly this name.
    pub name: Option<String>,
    /// The value without quotes (empty for an empty value).
    pub range: TextRange,
}

impl BuildFile {
    /// Parses `text` as the build file at `path` (absolute), or `None` when
    /// the path is not a build file's.
    pub fn parse(path: &Path, text: &str) -> Option<BuildFile> {
        BuildFileKind::detect(path).map(|kind| BuildFile::parse_as(kind, path, text))
    }

    /// Parses `text` as a build file of `kind`, whatever its name.
    pub fn parse_as(kind: BuildFileKind, path: &Path, text: &str) -> BuildFile {
        let path = normalize(path);
        let dir = path.parent().unwrap_or(Path::new("/")).to_path_buf();
        let parsed = match kind {
            BuildFileKind::Compose => compose::entries(text, &dir),
            BuildFileKind::Bake if path.extension().is_some_and(|e| e == "json") => bake::json_entries(text, &dir),
            BuildFileKind::Bake => bake::hcl_entries(text, &dir),
            BuildFileKind::Devcontainer => devcontainer::entries(text, &dir),
            BuildFileKind::Workflow => workflow::entries(text, &workflow::repository_root(&path)),
        };
        let (mut entries, parse_error) = match parsed {
            Ok(entries) => (entries, None),
            Err(e) => (Vec::new(), Some(e)),
        };
        if is_overlay(kind, &path) {
            for entry in entries.iter_mut().filter(|e| e.dockerfile_ranges.is_empty()) {
                entry.dockerfile = DockerfileRef::Unknown;
            }
        }
        BuildFile { path, kind, entries, parse_error }
    }

    /// The entry whose target value contains `offset` (end inclusive).
    pub fn target_at(&self, offset: TextSize) -> Option<(&BuildEntry, &TargetValue)> {
        self.entries.iter().find_map(|entry| {
            let target = entry.target.as_ref()?;
            (target.range.start() <= offset && offset <= target.range.end()).then_some((entry, target))
        })
    }
}

/// A file merged over another one (`compose.override.yaml`, `-f compose.yaml
/// -f compose.prod.yaml`, `docker-bake.override.hcl`): an entry that names
/// neither context nor Dockerfile there gets them from the base file, so
/// which Dockerfile it builds is not known from this file alone.
fn is_overlay(kind: BuildFileKind, path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    match kind {
        BuildFileKind::Compose => {
            !matches!(name, "compose.yaml" | "compose.yml" | "docker-compose.yaml" | "docker-compose.yml")
        }
        BuildFileKind::Bake => name.contains(".override."),
        BuildFileKind::Devcontainer | BuildFileKind::Workflow => false,
    }
}

/// Turns a front end's values into byte ranges of the build file.
pub(crate) fn range(start: usize, end: usize) -> TextRange {
    let clamp = |v: usize| TextSize::from(u32::try_from(v).unwrap_or(u32::MAX));
    TextRange::new(clamp(start), clamp(end.max(start)))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// One line per entry: owner, Dockerfile, the dockerfile values as
    /// written, the target (`-` none, `?` known only at build time).
    pub(crate) fn render_entries(kind: BuildFileKind, path: &str, text: &str) -> String {
        let file = BuildFile::parse_as(kind, Path::new(path), text);
        if let Some(e) = &file.parse_error {
            return format!("parse error: {}", e.message);
        }
        let lines: Vec<String> = file
            .entries
            .iter()
            .map(|e| {
                let dockerfile = match &e.dockerfile {
                    DockerfileRef::Path(p) => p.display().to_string(),
                    DockerfileRef::Inline { text, .. } => format!("inline {text:?}"),
                    DockerfileRef::Unknown => "?".to_string(),
                };
                let written: Vec<&str> = e.dockerfile_ranges.iter().map(|r| &text[*r]).collect();
                let target = match &e.target {
                    None => "-".to_string(),
                    Some(TargetValue { name: Some(name), range }) => {
                        assert_eq!(&text[*range], name, "the range holds the name");
                        name.clone()
                    }
                    Some(TargetValue { name: None, .. }) => "?".to_string(),
                };
                format!("{}: {dockerfile} [{}] target {target}", e.owner, written.join(", "))
            })
            .collect();
        lines.join("\n")
    }

    /// One sample of each format, with non-ASCII text before the values.
    pub(crate) const SAMPLES: [(BuildFileKind, &str, &str); 5] = [
        (
            BuildFileKind::Compose,
            "/w/compose.yaml",
            "# é\nx: &x\n  context: ./api\nservices:\n  wéb:\n    build:\n      <<: *x\n      dockerfile: \"prod.Dockerfile\"\n      target: 'deps'\n  db:\n    build: ./db\n",
        ),
        (
            BuildFileKind::Bake,
            "/w/docker-bake.hcl",
            "# é\ntarget \"_c\" {\n  context = \"api\"\n}\ntarget \"ü\" {\n  inherits = [\"_c\"]\n  target = \"deps\"\n  dockerfile-inline = \"FROM a AS b\\n\"\n}\n",
        ),
        (
            BuildFileKind::Bake,
            "/w/docker-bake.json",
            "{\"target\": {\"é\": {\"context\": \"api\", \"target\": \"deps\"}, \"x\": {\"inherits\": [\"é\"]}}}",
        ),
        (
            BuildFileKind::Devcontainer,
            "/w/.devcontainer/devcontainer.json",
            "{\n  \"name\": \"é\", // ü\n  \"build\": {\"dockerfile\": \"../api/Dockerfile\", \"context\": \"..\", \"target\": \"deps\"}\n}\n",
        ),
        (
            BuildFileKind::Workflow,
            "/w/.github/workflows/ci.yml",
            "name: é\njobs:\n  b:\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          context: api\n          target: \"deps\"\n",
        ),
    ];

    #[test]
    fn target_ranges_hold_the_name_after_multi_byte_text() {
        for (kind, path, text) in SAMPLES {
            let file = BuildFile::parse_as(kind, Path::new(path), text);
            let targets: Vec<&str> =
                file.entries.iter().filter_map(|e| e.target.as_ref()).map(|t| &text[t.range]).collect();
            assert!(targets.contains(&"deps"), "{path}: {targets:?} in {:?}", file.entries);
        }
    }

    /// Every prefix and many one-character edits of each sample: no panic,
    /// every range inside the text on character boundaries, known names
    /// exactly at their ranges.
    #[test]
    fn front_ends_never_panic_and_keep_ranges_inside_the_text() {
        for (kind, path, sample) in SAMPLES {
            let mut variants: Vec<String> = Vec::new();
            for (at, _) in sample.char_indices() {
                variants.push(sample[..at].to_string());
                for replacement in ["\"", "{", "[", ":", "\n", "$", "é", "", "&", "*"] {
                    let next = sample[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                    variants.push(format!("{}{replacement}{}", &sample[..at], &sample[next..]));
                }
            }
            for text in &variants {
                let file = BuildFile::parse_as(kind, Path::new(path), text);
                let mut ranges: Vec<TextRange> = Vec::new();
                for e in &file.entries {
                    ranges.push(e.owner_range);
                    ranges.extend(&e.dockerfile_ranges);
                    if let Some(t) = &e.target {
                        ranges.push(t.range);
                        if let Some(name) = &t.name {
                            assert_eq!(&text[t.range], name, "{text:?}");
                        }
                    }
                }
                ranges.extend(file.parse_error.as_ref().map(|e| e.range));
                for r in ranges {
                    assert!(text.get(usize::from(r.start())..usize::from(r.end())).is_some(), "{r:?} in {text:?}");
                }
            }
        }
    }

    #[test]
    fn overlay_entries_without_context_or_dockerfile_are_unknown() {
        let compose = "services:\n  web:\n    build:\n      target: dev\n  api:\n    build: ./api\n";
        expect_test::expect![[r#"
            compose service web: ? [] target dev
            compose service api: /w/api/Dockerfile [./api] target -"#]]
        .assert_eq(&render_entries(BuildFileKind::Compose, "/w/compose.override.yaml", compose));
        expect_test::expect![[r#"
            compose service web: /w/Dockerfile [] target dev
            compose service api: /w/api/Dockerfile [./api] target -"#]]
        .assert_eq(&render_entries(BuildFileKind::Compose, "/w/docker-compose.yml", compose));
        let bake = "target \"app\" {\n  tags = [\"x\"]\n}\n";
        expect_test::expect!["bake target app: ? [] target -"].assert_eq(&render_entries(
            BuildFileKind::Bake,
            "/w/docker-bake.override.hcl",
            bake,
        ));
        expect_test::expect!["bake target app: /w/Dockerfile [] target -"].assert_eq(&render_entries(
            BuildFileKind::Bake,
            "/w/docker-bake.hcl",
            bake,
        ));
    }

    #[test]
    fn detects_build_files_by_name_and_folder() {
        let kind = |p: &str| BuildFileKind::detect(Path::new(p)).map(BuildFileKind::as_str);
        assert_eq!(kind("/w/compose.yaml"), Some("compose"));
        assert_eq!(kind("/w/compose.yml"), Some("compose"));
        assert_eq!(kind("/w/compose.prod.yaml"), Some("compose"));
        assert_eq!(kind("/w/docker-compose.override.yml"), Some("compose"));
        assert_eq!(kind("/w/docker-compose.yaml"), Some("compose"));
        assert_eq!(kind("/w/compose.json"), None);
        assert_eq!(kind("/w/my-compose.yaml"), None);
        assert_eq!(kind("/w/docker-bake.hcl"), Some("bake"));
        assert_eq!(kind("/w/docker-bake.override.hcl"), Some("bake"));
        assert_eq!(kind("/w/docker-bake.json"), Some("bake"));
        assert_eq!(kind("/w/bake.hcl"), None);
        assert_eq!(kind("/w/.devcontainer/devcontainer.json"), Some("devcontainer"));
        assert_eq!(kind("/w/.devcontainer.json"), Some("devcontainer"));
        assert_eq!(kind("/w/.devcontainer/python/devcontainer.json"), Some("devcontainer"));
        assert_eq!(kind("/w/config/devcontainer.json"), None);
        assert_eq!(kind("/w/.github/workflows/ci.yml"), Some("workflow"));
        assert_eq!(kind("/w/.github/workflows/release.yaml"), Some("workflow"));
        assert_eq!(kind("/w/.github/ci.yml"), None);
        assert_eq!(kind("/w/workflows/ci.yml"), None);
        assert_eq!(kind("/w/Dockerfile"), None);
    }
}
