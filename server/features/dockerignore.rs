//! `.dockerignore` matching as BuildKit's `patternmatcher` does it: patterns
//! are paths relative to the context root (`*` stays within one path
//! component, `**` spans any number), a pattern also excludes everything
//! under a matching folder, `!` re-includes, and the last matching line wins.

use globset::{GlobBuilder, GlobMatcher};

pub struct DockerIgnore {
    patterns: Vec<(GlobMatcher, bool)>,
}

impl DockerIgnore {
    pub fn parse(text: &str) -> DockerIgnore {
        let patterns = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .filter_map(|line| {
                let (exclude, pattern) = match line.strip_prefix('!') {
                    Some(rest) => (false, rest.trim()),
                    None => (true, line),
                };
                let pattern = clean(pattern);
                let glob = GlobBuilder::new(&pattern).literal_separator(true).backslash_escape(true).build().ok()?;
                Some((glob.compile_matcher(), exclude))
            })
            .collect();
        DockerIgnore { patterns }
    }

    /// Whether `path` (relative, `/`-separated) is left out of the build context.
    pub fn is_ignored(&self, path: &str) -> bool {
        let mut ignored = false;
        for (glob, exclude) in &self.patterns {
            if ancestors_and_self(path).any(|p| glob.is_match(p)) {
                ignored = *exclude;
            }
        }
        ignored
    }
}

/// `filepath.Clean` of what matters here: no leading `/` or `./`, no trailing `/`.
fn clean(pattern: &str) -> String {
    let trimmed = pattern.trim_start_matches('/').trim_end_matches('/');
    let parts: Vec<&str> = trimmed.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    parts.join("/")
}

fn ancestors_and_self(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i]).chain(std::iter::once(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_like_buildkit() {
        let ignore = DockerIgnore::parse("# comment\n*.key\n/node_modules/\n**/*_test.go\ndocs\n!docs/README.md\n");
        assert!(ignore.is_ignored("secret.key"));
        assert!(!ignore.is_ignored("conf/secret.key"), "* stays in one component");
        assert!(ignore.is_ignored("node_modules/x/index.js"), "folders exclude their contents");
        assert!(ignore.is_ignored("src/main_test.go"));
        assert!(ignore.is_ignored("main_test.go"));
        assert!(ignore.is_ignored("docs/guide.md"));
        assert!(!ignore.is_ignored("docs/README.md"), "exceptions re-include");
        assert!(!ignore.is_ignored("src/main.go"));
    }
}
