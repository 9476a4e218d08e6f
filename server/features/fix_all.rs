//! "Fix all": applies every preferred mechanical fix of a document's
//! diagnostics, in rounds, until none is left (a fix can reveal another, e.g.
//! merging RUNs one pair at a time). Fixes whose edits overlap wait for the
//! next round; a round that would add an error is retried fix by fix, and a
//! fix that adds an error is dropped. Bounded: at most [`MAX_ROUNDS`] rounds.

use std::collections::HashMap;

use text_size::TextRange;

use crate::config::Config;
use crate::features::context::FileContext;
use crate::features::diagnostics::{diagnostics_in_context, Diagnostic, Severity};
use crate::features::text_edit::apply_edits;
use crate::features::{Fix, TextEdit};
use crate::model::Analysis;

pub const MAX_ROUNDS: usize = 8;

/// One applied fix, with the 1-based line it was made on (in the text of its round).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppliedFix {
    pub code: &'static str,
    pub title: String,
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixAll {
    pub text: String,
    pub applied: Vec<AppliedFix>,
}

pub fn fix_all(text: &str, config: &Config, context: &FileContext) -> FixAll {
    let mut current = text.to_string();
    let mut applied = Vec::new();
    let mut rejected: Vec<(&'static str, String)> = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let found = diagnostics_in_context(&Analysis::from_text(&current), config, context);
        let errors = error_counts(&found);
        let candidates = non_overlapping(&found, &rejected);
        if candidates.is_empty() {
            break;
        }
        let edits: Vec<TextEdit> = candidates.iter().flat_map(|(_, fix)| fix.edits.iter().cloned()).collect();
        let next = apply_edits(&current, &edits);
        if !adds_error(&next, config, context, &errors) {
            applied.extend(candidates.iter().map(|(d, fix)| record(&current, d, fix)));
            current = next;
            continue;
        }
        // Some fix breaks the file: keep only those that do not, one at a time.
        let (d, fix) = candidates[0];
        let alone = apply_edits(&current, &fix.edits);
        if adds_error(&alone, config, context, &errors) {
            rejected.push((d.code, fix.title.clone()));
        } else {
            applied.push(record(&current, d, fix));
            current = alone;
        }
    }
    FixAll { text: current, applied }
}

/// The preferred text-only fix of each diagnostic, skipping fixes whose
/// edits overlap (or insert at the same place as) an earlier one.
fn non_overlapping<'d>(found: &'d [Diagnostic], rejected: &[(&str, String)]) -> Vec<(&'d Diagnostic, &'d Fix)> {
    let mut taken: Vec<TextRange> = Vec::new();
    let mut out = Vec::new();
    for d in found {
        let Some(fix) = d.fixes.iter().find(|f| f.preferred && !f.edits.is_empty() && f.create_files.is_empty()) else {
            continue;
        };
        if rejected.iter().any(|(code, title)| *code == d.code && *title == fix.title) {
            continue;
        }
        let clashes = fix.edits.iter().any(|e| taken.iter().any(|t| touches(*t, e.range)));
        if !clashes {
            taken.extend(fix.edits.iter().map(|e| e.range));
            out.push((d, fix));
        }
    }
    out
}

fn touches(a: TextRange, b: TextRange) -> bool {
    a.start() <= b.end() && b.start() <= a.end()
}

fn error_counts(found: &[Diagnostic]) -> HashMap<&'static str, usize> {
    let mut counts = HashMap::new();
    for d in found.iter().filter(|d| d.severity == Severity::Error) {
        *counts.entry(d.code).or_insert(0) += 1;
    }
    counts
}

fn adds_error(text: &str, config: &Config, context: &FileContext, before: &HashMap<&'static str, usize>) -> bool {
    let after = error_counts(&diagnostics_in_context(&Analysis::from_text(text), config, context));
    after.iter().any(|(code, n)| *n > before.get(code).copied().unwrap_or(0))
}

fn record(text: &str, d: &Diagnostic, fix: &Fix) -> AppliedFix {
    let offset = usize::from(d.range.start()).min(text.len());
    let line = text[..offset].matches('\n').count() + 1;
    AppliedFix { code: d.code, title: fix.title.clone(), line }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;

    fn render(text: &str) -> String {
        let result = fix_all(text, &Config::default(), &FileContext::UNKNOWN);
        let mut out = result.text.clone();
        for a in &result.applied {
            out.push_str(&format!("# {}: {} ({})\n", a.line, a.title, a.code));
        }
        out
    }

    #[test]
    fn applies_every_preferred_fix_to_a_fixpoint() {
        expect![[r#"
            FROM debian:12
            RUN apt-get update \
                && apt-get install --no-install-recommends -y curl \
                && apt-get install --no-install-recommends -y git \
                && rm -rf /var/lib/apt/lists/*
            COPY a /a
            CMD ["run", "it"]
            USER app
            # 3: Merge the 3 RUNs into one (dls/ConsecutiveRun)
            # 3: Add `-y` (dls/AptGetMissingYes)
            # 4: Add `-y` (dls/AptGetMissingYes)
            # 5: Use COPY (dls/AddInsteadOfCopy)
            # 6: Use double quotes (dls/InvalidJsonForm)
            # 2: Add `rm -rf /var/lib/apt/lists/*` (dls/AptListsNotCleaned)
            # 3: Add `--no-install-recommends` (dls/AptGetNoInstallRecommends)
            # 4: Add `--no-install-recommends` (dls/AptGetNoInstallRecommends)
        "#]]
        .assert_eq(&render(
            "FROM debian:12\nRUN apt-get update\nRUN apt-get install curl\nRUN apt-get install git\nADD a /a\nCMD ['run', 'it']\nUSER app\n",
        ));
    }
}
