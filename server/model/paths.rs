//! Slash paths as BuildKit's Go code treats them (`path.Clean`), for working
//! directories, copy destinations and `.dockerignore` patterns.

/// Go's `path.Clean`: no empty or `.` components, `..` applied (never above
/// the root of a rooted path), `.` for an empty relative result.
pub fn clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// `path` resolved against the directory `base`, as an absolute clean path.
pub fn join_absolute(base: &str, path: &str) -> String {
    match path.starts_with('/') {
        true => clean(path),
        false => clean(&format!("/{base}/{path}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_like_go() {
        let cases = [("./a//b/", "a/b"), ("/../a", "/a"), ("../a", "../a"), ("a/..", "."), ("", "."), ("/", "/")];
        for (path, cleaned) in cases {
            assert_eq!(clean(path), cleaned, "{path}");
        }
    }

    #[test]
    fn joins_onto_a_directory() {
        assert_eq!(join_absolute("/app", "dist/"), "/app/dist");
        assert_eq!(join_absolute("/app/", "../srv"), "/srv");
        assert_eq!(join_absolute("/app", "/usr/share"), "/usr/share");
        assert_eq!(join_absolute("app", ".venv"), "/app/.venv");
        assert_eq!(join_absolute("/", "../.."), "/");
    }
}
