//! `.dockerignore` matching as BuildKit's `moby/patternmatcher` does it:
//! patterns are cleaned paths relative to the context root (`*` and `?` stay
//! within one path component, `**` spans any number, `\` escapes), a pattern
//! also excludes everything under a matching folder, `!` re-includes, and the
//! last matching line wins.

use regex::Regex;

use crate::model::paths;

pub struct DockerIgnore {
    patterns: Vec<Pattern>,
}

struct Pattern {
    text: String,
    regex: Option<Regex>,
    exception: bool,
}

impl DockerIgnore {
    /// `ignorefile.ReadAll`: comments and blank lines dropped, each pattern
    /// trimmed and cleaned, a leading `/` removed.
    pub fn parse(text: &str) -> DockerIgnore {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let patterns = text
            .lines()
            .filter(|line| !line.starts_with('#'))
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(read_pattern)
            .collect();
        DockerIgnore { patterns }
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Whether some `!` line re-includes paths.
    pub fn has_exceptions(&self) -> bool {
        self.patterns.iter().any(|p| p.exception)
    }

    /// Whether a pattern leaves out the whole context (`*`, `**`, `**/*`).
    pub fn excludes_everything(&self) -> bool {
        self.patterns.iter().any(|p| !p.exception && matches!(p.text.as_str(), "*" | "**" | "**/*"))
    }

    /// Whether `path` (relative, `/`-separated) is left out of the build
    /// context: patternmatcher's `MatchesOrParentMatches`.
    pub fn is_ignored(&self, path: &str) -> bool {
        let path = path.trim_start_matches('/');
        let mut ignored = false;
        for pattern in &self.patterns {
            if pattern.exception != ignored {
                continue;
            }
            if ancestors_and_self(path).any(|p| pattern.matches(p)) {
                ignored = !pattern.exception;
            }
        }
        ignored
    }
}

impl Pattern {
    fn matches(&self, path: &str) -> bool {
        self.regex.as_ref().is_some_and(|r| r.is_match(path))
    }
}

fn read_pattern(line: &str) -> Pattern {
    let (exception, pattern) = match line.strip_prefix('!') {
        Some(rest) => (true, rest.trim()),
        None => (false, line),
    };
    let mut text = if pattern.is_empty() { String::new() } else { paths::clean(pattern) };
    if text.len() > 1 && text.starts_with('/') {
        text.remove(0);
    }
    Pattern { regex: pattern_regex(&text), text, exception }
}

/// patternmatcher's pattern-to-regexp translation.
fn pattern_regex(pattern: &str) -> Option<Regex> {
    let mut out = String::from("^");
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                if chars.peek() == Some(&'/') {
                    chars.next();
                }
                out.push_str(if chars.peek().is_none() { ".*" } else { "(.*/)?" });
            }
            '*' => out.push_str("[^/]*"),
            '?' => out.push_str("[^/]"),
            '\\' => match chars.next() {
                Some(n) => out.push_str(&regex::escape(&n.to_string())),
                None => out.push_str("\\\\"),
            },
            '[' | ']' => out.push(c),
            _ => out.push_str(&regex::escape(&c.to_string())),
        }
    }
    out.push('$');
    Regex::new(&out).ok()
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
        assert!(ignore.has_exceptions() && !ignore.excludes_everything());
    }

    #[test]
    fn patterns_like_patternmatcher() {
        let ignore = DockerIgnore::parse("\u{feff}*.md\n**/node_modules\nbuild/**\na?c\n/dist/\n./x/../y\n");
        let hit = |p: &str| ignore.is_ignored(p);
        assert!(hit("README.md") && !hit("docs/README.md"));
        assert!(hit("node_modules") && hit("x/y/node_modules/z"));
        assert!(hit("build/x") && hit("abc") && hit("dist/app.js") && hit("y/z"));
        assert!(!hit("src/main.rs") && !hit("abbc") && !hit("x"));
    }
}
