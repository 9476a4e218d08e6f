//! CopyIgnoredFile: a COPY/ADD source from the build context that the
//! `.dockerignore` excludes, so the build cannot find it. As in BuildKit, no
//! finding when the ignore file has `!` exceptions (whether a path is back in
//! is not decidable statically), and `.` / `/` only when everything is ignored.
//! The ignore file's contents come from `CheckOptions` (the lsp and cli layers read it).

use regex::Regex;

use super::{expand_at, warning};
use crate::features::diagnostics::{CheckOptions, Sink};
use crate::model::{flag_name, Analysis, Command};

pub const CODE: &str = "CopyIgnoredFile";

pub fn check(analysis: &Analysis, options: &CheckOptions<'_>, sink: &mut Sink) {
    let Some(ignore) = options.context.dockerignore.as_ref().map(|f| f.text.as_str()) else { return };
    let patterns = read_ignore_file(ignore);
    if patterns.is_empty() || patterns.iter().any(|p| p.starts_with('!')) {
        return;
    }
    let matchers: Vec<Regex> = patterns.iter().filter_map(|p| pattern_regex(p)).collect();
    let root_ignored = patterns.iter().any(|p| matches!(p.as_str(), "*" | "**" | "**/*"));
    for (index, instruction) in analysis.file.instructions.iter().enumerate() {
        let verb = match instruction.name().as_str() {
            "copy" => "Copy",
            "add" => "Add",
            _ => continue,
        };
        if instruction.flags.iter().any(|f| flag_name(&f.text) == "from") {
            continue;
        }
        let Command::List { items, .. } = analysis.command(index) else { continue };
        let Some((_, sources)) = items.split_last() else { continue };
        for source in sources {
            if source.text.starts_with("<<") {
                continue;
            }
            let expanded = expand_at(analysis, index, &source.text);
            if expanded.contains("://") || expanded.starts_with("git@") {
                continue;
            }
            let path = clean_path(&expanded);
            if (path == "." || path == "/") && !root_ignored {
                continue;
            }
            if matches_or_parent_matches(&matchers, &path) {
                let message = format!(
                    "Attempting to {verb} file {path:?} that is excluded by .dockerignore: remove it from .dockerignore or from this instruction"
                );
                sink.push(warning(CODE, source.range, message));
            }
        }
    }
}

/// moby/patternmatcher's `ignorefile.ReadAll`: comments and blank lines
/// dropped, each pattern trimmed and cleaned, a leading `/` removed.
fn read_ignore_file(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') {
            continue;
        }
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (invert, pattern) = match line.strip_prefix('!') {
            Some(rest) => (true, rest.trim()),
            None => (false, line),
        };
        let mut pattern = if pattern.is_empty() { String::new() } else { clean_path(pattern) };
        if pattern.len() > 1 && pattern.starts_with('/') {
            pattern.remove(0);
        }
        out.push(if invert { format!("!{pattern}") } else { pattern });
    }
    out
}

/// Go's `filepath.Clean` for slash paths.
fn clean_path(path: &str) -> String {
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

/// moby/patternmatcher's pattern-to-regexp translation: `*` and `?` stay in
/// one path element, `**` spans any number of them, `\` escapes.
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

/// patternmatcher's `MatchesOrParentMatches` for patterns without exceptions.
fn matches_or_parent_matches(matchers: &[Regex], path: &str) -> bool {
    let path = path.trim_start_matches('/');
    let parents: Vec<&str> = path.split('/').collect();
    matchers.iter().any(|m| m.is_match(path) || (1..parents.len()).any(|i| m.is_match(&parents[..i].join("/"))))
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::check_rule_in;
    use super::*;
    use crate::features::context::{FileContext, IgnoreFile};
    use crate::features::diagnostics::CheckOptions;

    fn check_with_ignore(ignore: &str, text: &str, expect: expect_test::Expect) {
        let file = IgnoreFile { name: ".dockerignore".to_string(), text: ignore.to_string() };
        let context = FileContext { file_name: Some("Dockerfile".to_string()), dockerignore: Some(file) };
        check_rule_in(CODE, text, &CheckOptions { context: &context, ..CheckOptions::default() }, expect);
    }

    #[test]
    fn patterns_like_patternmatcher() {
        let m: Vec<Regex> = ["*.md", "**/node_modules", "build/**", "a?c", "/dist/"]
            .iter()
            .map(|p| clean_path(p))
            .map(|p| pattern_regex(p.trim_start_matches('/')).unwrap())
            .collect();
        let hit = |p: &str| matches_or_parent_matches(&m, p);
        assert!(hit("README.md") && !hit("docs/README.md"));
        assert!(hit("node_modules") && hit("x/y/node_modules/z"));
        assert!(hit("build/x") && hit("abc") && hit("dist/app.js"));
        assert!(!hit("src/main.rs") && !hit("abbc"));
    }

    #[test]
    fn ignored_sources() {
        check_with_ignore(
            "# comment\nDockerfile\n/x/\n",
            "FROM scratch\nCOPY Dockerfile ./x /\nADD https://a/b.tgz /\nCOPY --from=x Dockerfile /\nCOPY . .\n",
            expect![[r#"
                FROM scratch
                COPY <focus>Dockerfile</focus> <focus>./x</focus> /
                ADD https://a/b.tgz /
                COPY --from=x Dockerfile /
                COPY . .
                warning CopyIgnoredFile: Attempting to Copy file "Dockerfile" that is excluded by .dockerignore: remove it from .dockerignore or from this instruction
                warning CopyIgnoredFile: Attempting to Copy file "x" that is excluded by .dockerignore: remove it from .dockerignore or from this instruction
            "#]],
        );
        check_with_ignore(
            "*\n!src\n",
            "FROM scratch\nCOPY . .\n",
            expect![[r#"
            FROM scratch
            COPY . .
        "#]],
        );
        check_with_ignore(
            "*\n",
            "FROM scratch\nCOPY . .\n",
            expect![[r#"
            FROM scratch
            COPY <focus>.</focus> .
            warning CopyIgnoredFile: Attempting to Copy file "." that is excluded by .dockerignore: remove it from .dockerignore or from this instruction
        "#]],
        );
    }
}
