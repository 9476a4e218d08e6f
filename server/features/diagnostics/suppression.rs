//! What `# check=` directives and comments do to the findings, and the
//! "Ignore <Rule> for this instruction" / "Ignore <Rule> in this file" fixes.
//!
//! - BuildKit check rules follow BuildKit: the file's `skip` and `error`, and
//!   a `# check=skip=…` comment above the instruction for the rules BuildKit
//!   lints per instruction (not NoEmptyContinuation, ConsistentInstructionCasing,
//!   DuplicateStageName, ReservedStageName, InvalidDefaultArgInFrom: those only
//!   honour the file's directive). Experimental rules run only when enabled.
//! - Our own non-error rules honour the same `skip` lists (`skip=all` included):
//!   BuildKit ignores rule names it does not know, so the comments are harmless to it.
//! - Errors (where BuildKit fails) are never skipped.

use text_size::{TextRange, TextSize};

use super::check_directive::{self, check_comment, file_directive, LintConfig, PrevComment};
use super::checks::{check_rule, rule_url};
use super::{Diagnostic, Severity};
use crate::features::{Fix, TextEdit};
use crate::model::Analysis;

pub const INVALID_CHECK_DIRECTIVE: &str = "dls/InvalidCheckDirective";

pub fn apply(analysis: &Analysis, found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out = Vec::with_capacity(found.len());
    let file_config = match check_directive::file_config(analysis) {
        Ok(config) => config,
        Err(message) => {
            if let Some((_, range)) = file_directive(analysis) {
                let message = format!("failed to parse check options: {message}: BuildKit refuses to build");
                out.push(Diagnostic::error(INVALID_CHECK_DIRECTIVE, range, message));
            }
            LintConfig::default()
        }
    };
    let comments = check_directive::prev_comments(analysis);
    for mut d in found {
        let rule = check_rule(d.code);
        if rule.is_none() && d.severity == Severity::Error {
            out.push(d);
            continue;
        }
        let per_instruction = rule.is_none_or(|r| r.per_instruction);
        let experimental = rule.is_some_and(|r| r.experimental);
        let anchor = d.instruction.or_else(|| analysis.instruction_at(d.range.start()));
        let above = anchor.and_then(|i| comments.get(i)).map_or(&[][..], |c| c.as_slice());
        let config = match check_comment(above).filter(|_| per_instruction) {
            Some((_, Ok(local))) => file_config.merged(&local),
            _ => file_config.clone(),
        };
        if !config.reports(d.code, experimental) {
            continue;
        }
        if let Some(rule) = rule {
            d.url = Some(rule_url(rule));
            d.severity = if file_config.error { Severity::Error } else { Severity::Warning };
        }
        if !experimental {
            if let Some(fix) = anchor.filter(|_| per_instruction).and_then(|i| ignore_here(analysis, i, above, d.code))
            {
                d.fixes.push(fix);
            }
            if let Some(fix) = ignore_in_file(analysis, d.code) {
                d.fixes.push(fix);
            }
        }
        out.push(d);
    }
    out
}

/// Adds `rule` to a `check=` value (BuildKit's value: up to the first space),
/// or `None` when BuildKit could not read the result.
fn add_skip(value: &str, rule: &str) -> Option<String> {
    let config = check_directive::parse_lint_options(value).ok()?;
    if config.skip_all {
        return None;
    }
    let parts: Vec<&str> = value.splitn(3, ';').collect();
    let skip_part = parts.iter().position(|p| p.split_once('=').is_some_and(|(k, _)| k.trim() == "skip"));
    let new = match skip_part {
        Some(i) => {
            let mut parts: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
            let (key, list) = parts[i].split_once('=')?;
            let list = list.trim();
            parts[i] = if list.is_empty() { format!("{key}={rule}") } else { format!("{key}={list},{rule}") };
            parts.join(";")
        }
        None if parts.len() < 3 && !value.trim().is_empty() => format!("{value};skip={rule}"),
        None if value.trim().is_empty() => format!("skip={rule}"),
        None => return None,
    };
    check_directive::parse_lint_options(&new).ok()?;
    Some(new)
}

fn ignore_here(analysis: &Analysis, instruction: usize, above: &[PrevComment], rule: &str) -> Option<Fix> {
    let title = format!("Ignore {rule} for this instruction");
    let edit = match check_comment(above) {
        Some((comment, Ok(_))) => {
            let value = check_directive::check_value(&comment.text)?;
            let token = value.split(' ').next().unwrap_or("");
            let new = add_skip(token, rule)?;
            let token_start = comment_token_start(analysis, comment.range, token)?;
            TextEdit::replace(TextRange::at(token_start, TextSize::of(token)), new)
        }
        Some((_, Err(_))) => return None,
        None => {
            let text = &*analysis.text;
            // Not indented: BuildKit drops the first byte of a comment line, so an
            // indented `# check=` comment is not read.
            let start = usize::from(analysis.instruction(instruction).range.start()).min(text.len());
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            // A comment line right after the parser directives would be read as one.
            let blank = if line_start <= directive_block_end(analysis) { "\n" } else { "" };
            TextEdit::insert(TextSize::from(line_start as u32), format!("{blank}# check=skip={rule}\n"))
        }
    };
    Some(Fix { title, edits: vec![edit], preferred: false, create_files: Vec::new() })
}

/// Where the value `token` starts inside a comment line.
fn comment_token_start(analysis: &Analysis, range: TextRange, token: &str) -> Option<TextSize> {
    let text = analysis.text.get(usize::from(range.start())..usize::from(range.end()))?;
    let eq = text.find('=')?;
    let after = &text[eq + 1..];
    let lead = after.len() - after.trim_start().len();
    after.trim_start().starts_with(token).then(|| range.start() + TextSize::from((eq + 1 + lead) as u32))
}

/// The offset just after the last parser directive line (0 without directives).
fn directive_block_end(analysis: &Analysis) -> usize {
    let text = &*analysis.text;
    analysis.file.directives.iter().map(|d| usize::from(d.range.end())).max().map_or(0, |end| {
        let end = end.min(text.len());
        text[end..].find('\n').map_or(text.len(), |i| end + i + 1)
    })
}

fn ignore_in_file(analysis: &Analysis, rule: &str) -> Option<Fix> {
    let title = format!("Ignore {rule} in this file");
    let edit = match file_directive(analysis) {
        Some((token, range)) => TextEdit::replace(range, add_skip(token, rule)?),
        None => {
            let at = if analysis.text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
            TextEdit::insert(TextSize::from(at as u32), format!("# check=skip={rule}\n"))
        }
    };
    Some(Fix { title, edits: vec![edit], preferred: false, create_files: Vec::new() })
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::config::Config;
    use crate::features::diagnostics::diagnostics;
    use crate::features::text_edit::apply_edits;

    /// Findings (code, 1-based line, severity) of `text`.
    fn findings(text: &str) -> Vec<(String, usize, &'static str)> {
        let analysis = Analysis::from_text(text);
        diagnostics(&analysis, &Config::default())
            .iter()
            .filter(|d| check_rule(d.code).is_some() || d.code == INVALID_CHECK_DIRECTIVE)
            .map(|d| {
                let line = text[..usize::from(d.range.start())].matches('\n').count() + 1;
                (d.code.to_string(), line, d.severity.as_str())
            })
            .collect()
    }

    #[test]
    fn add_skip_merges_into_the_value() {
        assert_eq!(add_skip("error=true", "A").as_deref(), Some("error=true;skip=A"));
        assert_eq!(add_skip("skip=B;error=true", "A").as_deref(), Some("skip=B,A;error=true"));
        assert_eq!(add_skip("skip=", "A").as_deref(), Some("skip=A"));
        assert_eq!(add_skip("skip=all", "A"), None);
        assert_eq!(add_skip("error=true;experimental=X;error=false", "A"), None);
    }

    #[test]
    fn file_directive_skips_and_errors() {
        let text = "# check=skip=FromAsCasing;error=true\nFROM a as b\nMAINTAINER me\n";
        assert_eq!(findings(text), vec![("MaintainerDeprecated".to_string(), 3, "error")]);
        assert_eq!(findings("# check=skip=all\nFROM a as b\nMAINTAINER me\n"), vec![]);
    }

    #[test]
    fn invalid_directive_is_an_error() {
        let text = "# check=skip=A;bogus\nFROM a\n";
        expect![[r#"
            [
                (
                    "dls/InvalidCheckDirective",
                    1,
                    "error",
                ),
            ]
        "#]]
        .assert_debug_eq(&findings(text));
    }

    #[test]
    fn instruction_comment_skips_only_that_instruction() {
        let text = "FROM a\n# check=skip=MaintainerDeprecated\n\nMAINTAINER me\nMAINTAINER you\n";
        assert_eq!(findings(text), vec![("MaintainerDeprecated".to_string(), 5, "warning")]);
    }

    #[test]
    fn file_wide_rules_ignore_instruction_comments() {
        let text = "FROM a AS x\n# check=skip=DuplicateStageName\nFROM b AS x\n";
        assert_eq!(findings(text), vec![("DuplicateStageName".to_string(), 3, "warning")]);
    }

    #[test]
    fn ignore_fixes_silence_the_finding() {
        let cases = [
            "FROM a\nMAINTAINER me\n",
            "# syntax=docker/dockerfile:1\nFROM a AS B\n",
            "FROM a AS B\n",
            "# syntax=docker/dockerfile:1\n# check=error=true\nFROM a\n\n# check=skip=UndefinedVar\nMAINTAINER me\n",
            "FROM a\n  # check=skip=X\n  MAINTAINER me\n",
        ];
        for text in cases {
            let analysis = Analysis::from_text(text);
            let found = diagnostics(&analysis, &Config::default());
            let d = found.iter().find(|d| check_rule(d.code).is_some()).expect("finding");
            let code = d.code;
            for fix in d.fixes.iter().filter(|f| f.title.starts_with("Ignore ")) {
                let fixed = apply_edits(text, &fix.edits);
                let after = findings(&fixed);
                assert!(
                    after.iter().all(|(c, _, severity)| c != code && *severity != "error"),
                    "{}: {text:?} -> {fixed:?}: {after:?}",
                    fix.title
                );
            }
        }
    }

    #[test]
    fn ignore_fix_texts() {
        let text = "# check=error=true\nFROM a\nMAINTAINER me\n";
        let analysis = Analysis::from_text(text);
        let found = diagnostics(&analysis, &Config::default());
        let fixed: Vec<String> =
            found[0].fixes.iter().map(|f| format!("{}:\n{}", f.title, apply_edits(text, &f.edits))).collect();
        expect![[r#"
            Ignore dls/RootUser for this instruction:
            # check=error=true

            # check=skip=dls/RootUser
            FROM a
            MAINTAINER me
            ----
            Ignore dls/RootUser in this file:
            # check=error=true;skip=dls/RootUser
            FROM a
            MAINTAINER me
        "#]]
        .assert_eq(&fixed.join("----\n"));
    }
}
