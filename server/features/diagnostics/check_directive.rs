//! `# check=skip=<rules>|all;error=true;experimental=<rules>`, read exactly as
//! BuildKit reads it: once as the file's parser directive, and again from the
//! comments BuildKit attaches to each instruction (`Node.PrevComment`): every
//! comment line since the previous instruction, blank lines included, an
//! empty `#` line starting the list afresh, parser directives left out. Of
//! those, the first comment that reads as `check=…` is merged into the file's
//! settings for that instruction (an invalid one is ignored, and hides any later one).

use text_size::{TextRange, TextSize};

use crate::model::Analysis;

/// The settings of one `check` directive or comment (BuildKit's `linter.Config`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LintConfig {
    pub skip_all: bool,
    pub skip: Vec<String>,
    pub experimental_all: bool,
    pub experimental: Vec<String>,
    /// `error=true`: any finding fails the build.
    pub error: bool,
}

impl LintConfig {
    /// BuildKit's `WithMergedConfig`: skips and experiments add up; `error` stays the file's.
    pub fn merged(&self, other: &LintConfig) -> LintConfig {
        let mut out = self.clone();
        out.skip_all |= other.skip_all;
        out.experimental_all |= other.experimental_all;
        out.skip.extend(other.skip.iter().cloned());
        out.experimental.extend(other.experimental.iter().cloned());
        out
    }

    /// Whether a finding of `rule` is reported (BuildKit's `Linter.Run`):
    /// experimental rules only when enabled, whatever the skips say.
    pub fn reports(&self, rule: &str, experimental: bool) -> bool {
        if experimental {
            self.experimental_all || self.experimental.iter().any(|r| r == rule)
        } else {
            !(self.skip_all || self.skip.iter().any(|r| r == rule))
        }
    }
}

/// BuildKit's `ParseLintOptions`. The error text is BuildKit's.
pub fn parse_lint_options(value: &str) -> Result<LintConfig, String> {
    let value = value.trim();
    let mut config = LintConfig::default();
    if value.is_empty() {
        return Ok(config);
    }
    for part in value.splitn(3, ';') {
        let Some((key, v)) = part.split_once('=') else {
            return Err(format!("invalid check option {part:?}"));
        };
        match key.trim() {
            "skip" => match v.trim() {
                "all" => config.skip_all = true,
                list => config.skip = split_list(list),
            },
            "experimental" => match v.trim() {
                "all" => config.experimental_all = true,
                list => config.experimental = split_list(list),
            },
            "error" => {
                config.error = parse_go_bool(v.trim()).ok_or_else(|| {
                    format!(
                        "failed to parse check option {part:?}: strconv.ParseBool: parsing {:?}: invalid syntax",
                        v.trim()
                    )
                })?
            }
            other => return Err(format!("invalid check option {other:?}")),
        }
    }
    Ok(config)
}

fn split_list(list: &str) -> Vec<String> {
    list.split(',').map(|r| r.trim().to_string()).collect()
}

/// Go's `strconv.ParseBool`.
fn parse_go_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// The file's `# check=` directive: the part of its value BuildKit reads
/// (up to the first space), and where that part is.
pub fn file_directive(analysis: &Analysis) -> Option<(&str, TextRange)> {
    let directive = analysis.file.directive("check")?;
    let token = directive.value.split(' ').next().unwrap_or("");
    let start = directive.value_range.start();
    Some((token, TextRange::at(start, TextSize::of(token))))
}

/// The file-level settings, or BuildKit's error for an invalid directive.
pub fn file_config(analysis: &Analysis) -> Result<LintConfig, String> {
    match file_directive(analysis) {
        Some((token, _)) => parse_lint_options(token),
        None => Ok(LintConfig::default()),
    }
}

/// One comment line as BuildKit keeps it for the instruction below.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrevComment {
    /// `strings.TrimSpace(line[1:])`: the line without its first byte.
    pub text: String,
    /// The comment, from `#` to the end of the line.
    pub range: TextRange,
}

/// For each instruction, the comments BuildKit attaches to it.
pub fn prev_comments(analysis: &Analysis) -> Vec<Vec<PrevComment>> {
    let text = &*analysis.text;
    let file = &analysis.file;
    let mut out = Vec::with_capacity(file.instructions.len());
    let mut comments = file.comments.iter().peekable();
    let mut previous_end = TextSize::from(0);
    for instruction in &file.instructions {
        let mut list = Vec::new();
        while let Some(&&range) = comments.peek() {
            if range.start() >= instruction.range.start() {
                break;
            }
            comments.next();
            let is_directive = file.directives.iter().any(|d| d.range == range);
            if range.start() < previous_end || is_directive {
                continue;
            }
            let body = comment_body(text, range);
            if body.is_empty() {
                list.clear();
            } else {
                list.push(PrevComment { text: body, range });
            }
        }
        // Comments inside this instruction (continuation lines) are not kept.
        while comments.peek().is_some_and(|r| r.start() < instruction.range.end()) {
            comments.next();
        }
        previous_end = instruction.range.end();
        out.push(list);
    }
    out
}

/// BuildKit drops the first byte of the raw line, which is the `#` only when
/// the comment is not indented.
fn comment_body(text: &str, range: TextRange) -> String {
    let start = usize::from(range.start()).min(text.len());
    let end = usize::from(range.end()).clamp(start, text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_start = if line_start == 0 && text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { line_start };
    let line = &text[line_start.min(start)..end];
    let mut chars = line.chars();
    chars.next();
    chars.as_str().trim().to_string()
}

/// The first comment that reads as a `check` directive, and what it says
/// (`Err` when BuildKit would ignore it as invalid).
pub fn check_comment(comments: &[PrevComment]) -> Option<(&PrevComment, Result<LintConfig, String>)> {
    comments.iter().find_map(|c| {
        let value = check_value(&c.text)?;
        let token = value.split(' ').next().unwrap_or("");
        Some((c, parse_lint_options(token)))
    })
}

/// `name = value` with the name `check` (BuildKit's directive regexp,
/// `^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`): the value.
pub fn check_value(comment: &str) -> Option<&str> {
    let name_len = comment
        .char_indices()
        .take_while(|&(i, c)| if i == 0 { c.is_ascii_alphabetic() } else { c.is_ascii_alphanumeric() })
        .count();
    if name_len == 0 || !comment[..name_len].eq_ignore_ascii_case("check") {
        return None;
    }
    let value = comment[name_len..].trim_start().strip_prefix('=')?.trim();
    (!value.is_empty()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_options_like_buildkit() {
        let c = parse_lint_options("skip=A, B;error=true;experimental=all").unwrap();
        assert_eq!(c.skip, vec!["A", "B"]);
        assert!(c.error && c.experimental_all && !c.skip_all);
        assert!(parse_lint_options(" skip = all ").unwrap().skip_all);
        assert_eq!(parse_lint_options("").unwrap(), LintConfig::default());
        assert_eq!(parse_lint_options("skip").unwrap_err(), "invalid check option \"skip\"");
        assert_eq!(parse_lint_options("foo=bar").unwrap_err(), "invalid check option \"foo\"");
        assert!(parse_lint_options("error=yes").unwrap_err().contains("strconv.ParseBool"));
        // Only three `;`-separated parts: the third keeps the rest.
        assert!(parse_lint_options("error=1;error=1;error=1;skip=A").is_err());
    }

    #[test]
    fn prev_comments_follow_buildkit() {
        let analysis = Analysis::from_text(
            "# check=skip=A\n# one\nFROM a\n  # indented\n\n# check=skip=B\nRUN x \\\n# inside\n  y\n#\n# two\nCMD z\n",
        );
        let all = prev_comments(&analysis);
        let texts: Vec<Vec<&str>> = all.iter().map(|l| l.iter().map(|c| c.text.as_str()).collect()).collect();
        assert_eq!(texts, vec![vec!["one"], vec!["# indented", "check=skip=B"], vec!["two"]]);
        let (_, config) = check_comment(&all[1]).unwrap();
        assert_eq!(config.unwrap().skip, vec!["B"]);
    }
}
