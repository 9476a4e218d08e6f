//! Image references (`[registry/]path[:tag][@digest]`), split and validated
//! as the distribution reference grammar that BuildKit uses.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRef {
    /// `docker.io` when none is given.
    pub registry: Option<String>,
    /// Repository path, e.g. `library/node` is written `node`.
    pub repository: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ImageRef {
    /// Official Docker Hub images (`node`, `library/node`).
    pub fn is_official(&self) -> bool {
        self.registry.as_deref().is_none_or(|r| r == "docker.io")
            && (!self.repository.contains('/') || self.repository.starts_with("library/"))
    }

    /// The repository's last path component (`node` for `docker.io/library/node`).
    pub fn short_name(&self) -> &str {
        self.repository.rsplit('/').next().unwrap_or(&self.repository)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImageRefError {
    Empty,
    UppercaseRepository,
    InvalidFormat,
}

impl ImageRefError {
    pub fn message(&self, reference: &str) -> String {
        match self {
            ImageRefError::Empty => "base image name is empty".to_string(),
            ImageRefError::UppercaseRepository => {
                format!("invalid reference format: repository name ({reference}) must be lowercase")
            }
            ImageRefError::InvalidFormat => format!("invalid reference format: \"{reference}\""),
        }
    }
}

pub fn parse_image_ref(text: &str) -> Result<ImageRef, ImageRefError> {
    if text.is_empty() {
        return Err(ImageRefError::Empty);
    }
    let (name_tag, digest) = match text.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (text, None),
    };
    if let Some(d) = digest {
        if !is_valid_digest(d) {
            return Err(ImageRefError::InvalidFormat);
        }
    }
    let last_slash = name_tag.rfind('/');
    let (name, tag) = match name_tag.rfind(':') {
        Some(colon) if last_slash.is_none_or(|s| colon > s) => (&name_tag[..colon], Some(&name_tag[colon + 1..])),
        _ => (name_tag, None),
    };
    if let Some(t) = tag {
        if !is_valid_tag(t) {
            return Err(ImageRefError::InvalidFormat);
        }
    }
    let (registry, repository) = split_registry(name);
    if repository.is_empty() {
        return Err(ImageRefError::InvalidFormat);
    }
    if repository.chars().any(|c| c.is_ascii_uppercase()) {
        return Err(ImageRefError::UppercaseRepository);
    }
    if !repository.split('/').all(is_valid_path_component) {
        return Err(ImageRefError::InvalidFormat);
    }
    Ok(ImageRef {
        registry: registry.map(str::to_string),
        repository: repository.to_string(),
        tag: tag.map(str::to_string),
        digest: digest.map(str::to_string),
    })
}

/// The first component is a registry when it has a `.` or `:`, or is `localhost`.
fn split_registry(name: &str) -> (Option<&str>, &str) {
    match name.split_once('/') {
        Some((first, rest))
            if first.contains(['.', ':'])
                || first == "localhost"
                || first.chars().any(|c| c.is_ascii_uppercase()) && first.contains('.') =>
        {
            (Some(first), rest)
        }
        _ => (None, name),
    }
}

fn is_valid_path_component(c: &str) -> bool {
    // [a-z0-9]+ separated by `.`, `_`, `__` or `-`+.
    let bytes = c.as_bytes();
    if bytes.is_empty() || !bytes[0].is_ascii_alphanumeric() || !bytes[bytes.len() - 1].is_ascii_alphanumeric() {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_lowercase() || b.is_ascii_digit() {
            i += 1;
            continue;
        }
        let sep_start = i;
        while i < bytes.len() && matches!(bytes[i], b'.' | b'_' | b'-') {
            i += 1;
        }
        let sep = &c[sep_start..i];
        let ok = sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|b| b == b'-');
        if sep.is_empty() || !ok {
            return false;
        }
    }
    true
}

fn is_valid_tag(tag: &str) -> bool {
    let mut chars = tag.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric() || c == '_')
        && tag.len() <= 128
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

fn is_valid_digest(digest: &str) -> bool {
    match digest.split_once(':') {
        Some((alg, hex)) => {
            !alg.is_empty()
                && alg.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-' | '_'))
                && hex.len() >= 32
                && hex.chars().all(|c| c.is_ascii_hexdigit())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_references() {
        let r = parse_image_ref("ghcr.io/org/app:1.2@sha256:0123456789abcdef0123456789abcdef").unwrap();
        assert_eq!(r.registry.as_deref(), Some("ghcr.io"));
        assert_eq!(r.repository, "org/app");
        assert_eq!(r.tag.as_deref(), Some("1.2"));
        let local = parse_image_ref("localhost:5000/x").unwrap();
        assert_eq!((local.registry.as_deref(), local.tag), (Some("localhost:5000"), None));
        assert!(parse_image_ref("node:20-alpine").unwrap().is_official());
    }

    #[test]
    fn rejects_what_buildkit_rejects() {
        assert_eq!(parse_image_ref("REPLACE-ME"), Err(ImageRefError::UppercaseRepository));
        assert_eq!(parse_image_ref("a:b:c"), Err(ImageRefError::InvalidFormat));
        assert_eq!(parse_image_ref(""), Err(ImageRefError::Empty));
        assert_eq!(
            parse_image_ref("a--b"),
            Ok(ImageRef { registry: None, repository: "a--b".into(), tag: None, digest: None })
        );
    }
}
