//! Diagnostics: errors where BuildKit would fail, and (in later rule files)
//! its build-check warnings and best practices. Each rule is a function
//! `fn(&Analysis, &mut Sink)` in its own file; each finding has a stable code.

mod arguments;
mod before_first_from;
mod cache;
pub mod check_directive;
pub mod checks;
mod chmod;
mod copy_sources;
mod expose;
mod flags;
mod from_image_refs;
mod from_line;
mod healthcheck;
mod mount;
mod onbuild;
mod parse_errors;
mod parsed;
mod platform;
pub mod practices;
mod run_flags;
mod shell_form;
mod stage_refs;
mod stopsignal;
pub mod suppression;
mod unknown_instruction;
mod word_syntax;

use text_size::TextRange;

use crate::config::Config;
use crate::features::{FileContext, Fix};
use crate::model::Analysis;
pub use cache::Cache;
use parsed::Parsed;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "info",
            Severity::Hint => "hint",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub range: TextRange,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    /// Code that no target uses: rendered faded.
    pub unnecessary: bool,
    pub deprecated: bool,
    /// Documentation of the rule.
    pub url: Option<String>,
    pub fixes: Vec<Fix>,
    /// The instruction whose `# check=skip=…` comment governs this finding,
    /// when it is not the one containing `range`.
    pub instruction: Option<usize>,
}

impl Diagnostic {
    pub fn new(code: &'static str, severity: Severity, range: TextRange, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            range,
            severity,
            code,
            message: message.into(),
            unnecessary: false,
            deprecated: false,
            url: None,
            fixes: Vec::new(),
            instruction: None,
        }
    }

    pub fn error(code: &'static str, range: TextRange, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Error, range, message)
    }

    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fixes.push(fix);
        self
    }

    pub fn with_instruction(mut self, instruction: usize) -> Diagnostic {
        self.instruction = Some(instruction);
        self
    }
}

/// Collects the findings of the rules.
#[derive(Default)]
pub struct Sink {
    diagnostics: Vec<Diagnostic>,
}

impl Sink {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }
}

/// Options that change what the rules report.
#[derive(Clone, Debug)]
pub struct CheckOptions<'a> {
    pub target: Option<&'a str>,
    /// What the lsp/cli layer found beside the Dockerfile.
    pub context: &'a FileContext,
    /// Read base images as if their environment were empty, as BuildKit's
    /// checks do without a registry (UndefinedVar then also reports variables
    /// such as `$GOPATH` that an image usually defines). For conformance tests.
    pub assume_empty_base_images: bool,
}

static UNKNOWN_CONTEXT: FileContext = FileContext::UNKNOWN;

impl Default for CheckOptions<'_> {
    fn default() -> Self {
        CheckOptions { target: None, context: &UNKNOWN_CONTEXT, assume_empty_base_images: false }
    }
}

/// Rules that report nothing unless `Config.rules` gives them a level.
const OFF_BY_DEFAULT: &[&str] = &[practices::BASE_IMAGE_DIGEST];

type Rule = fn(&Analysis, &CheckOptions<'_>, &[Parsed], &mut Sink);

const RULES: &[Rule] = &[
    parse_errors::check,
    unknown_instruction::check,
    before_first_from::check,
    from_line::check,
    stage_refs::check,
    flags::check,
    arguments::check,
    healthcheck::check,
    onbuild::check,
    shell_form::check,
    run_flags::check,
    mount::check,
    word_syntax::check,
    chmod::check,
    copy_sources::check,
    expose::check,
    stopsignal::check,
    checks::check,
    platform::check,
    from_image_refs::check,
];

/// All findings for one document, sorted by position, with the user's
/// severity overrides applied; nothing known about the files beside it.
pub fn diagnostics(analysis: &Analysis, config: &Config) -> Vec<Diagnostic> {
    diagnostics_in_context(analysis, config, &UNKNOWN_CONTEXT)
}

/// Whether BuildKit would reject the file: the error rules only (cheaper
/// than [`diagnostics`], for refactorings that refuse broken files).
pub fn has_errors(analysis: &Analysis) -> bool {
    let options = CheckOptions::default();
    let parsed = parsed::parse_all(analysis);
    let mut sink = Sink::default();
    for rule in RULES {
        rule(analysis, &options, &parsed, &mut sink);
    }
    sink.diagnostics.iter().any(|d| d.severity == Severity::Error)
}

/// [`diagnostics`] for a Dockerfile whose surroundings (`.dockerignore`) are known.
pub fn diagnostics_in_context(analysis: &Analysis, config: &Config, context: &FileContext) -> Vec<Diagnostic> {
    let options = CheckOptions { target: config.target.as_deref(), context, assume_empty_base_images: false };
    diagnostics_with(analysis, config, &options)
}

/// [`diagnostics`] with every option spelled out.
pub fn diagnostics_with(analysis: &Analysis, config: &Config, options: &CheckOptions<'_>) -> Vec<Diagnostic> {
    let parsed = parsed::parse_all(analysis);
    run_rules(RULES.iter().chain(practices::RULES), analysis, config, options, &parsed)
}

/// [`diagnostics_in_context`] without the best-practice rules: BuildKit's
/// errors and checks only (the server's reduced service for very large files).
pub fn buildkit_diagnostics_in_context(analysis: &Analysis, config: &Config, context: &FileContext) -> Vec<Diagnostic> {
    let options = CheckOptions { target: config.target.as_deref(), context, assume_empty_base_images: false };
    let parsed = parsed::parse_all(analysis);
    run_rules(RULES.iter(), analysis, config, &options, &parsed)
}

/// [`diagnostics_in_context`], or [`buildkit_diagnostics_in_context`] with
/// `buildkit_only`, for a new version of a document: the per-instruction
/// work of the instructions carried over from the previous version
/// (`Analysis::carried`) is taken from `cache`, which then holds this
/// version's. The findings are the same as without the cache.
pub fn diagnostics_cached(
    analysis: &Analysis,
    config: &Config,
    context: &FileContext,
    buildkit_only: bool,
    cache: &mut Cache,
) -> Vec<Diagnostic> {
    let options = CheckOptions { target: config.target.as_deref(), context, assume_empty_base_images: false };
    let parsed = cache.take(analysis);
    let practices = if buildkit_only { &[][..] } else { practices::RULES };
    let found = run_rules(RULES.iter().chain(practices), analysis, config, &options, &parsed);
    *cache = Cache::keep(analysis, parsed);
    found
}

fn run_rules<'r>(
    rules: impl Iterator<Item = &'r Rule>,
    analysis: &Analysis,
    config: &Config,
    options: &CheckOptions<'_>,
    parsed: &[Parsed],
) -> Vec<Diagnostic> {
    let mut sink = Sink::default();
    for rule in rules {
        rule(analysis, options, parsed, &mut sink);
    }
    // `# check=` directives and comments: what BuildKit skips, and the "Ignore" fixes.
    let mut out: Vec<Diagnostic> = suppression::apply(analysis, sink.diagnostics)
        .into_iter()
        .filter_map(|mut d| {
            match config.rules.get(d.code) {
                Some(level) => d.severity = level.severity()?,
                None if OFF_BY_DEFAULT.contains(&d.code) => return None,
                None => {}
            }
            Some(d)
        })
        .collect();
    out.sort_by_key(|d| (d.range.start(), d.range.end(), d.severity));
    out
}

/// The closest candidate within a small edit distance, for "did you mean".
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word, &c.to_ascii_lowercase()), c))
        .filter(|&(d, c)| d <= (c.len() / 3).max(1))
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Optimal-string-alignment distance: Levenshtein plus adjacent
/// transpositions, so `biuld` is one edit from `build`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut before_prev: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (prev[j - 1] + cost).min(prev[j] + 1).min(row[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before_prev[j - 2] + 1);
            }
        }
        before_prev = std::mem::replace(&mut prev, row);
    }
    prev[b.len()]
}

#[cfg(test)]
pub(crate) mod test_support {
    use expect_test::Expect;

    use super::*;
    use crate::features::fixture::mark_ranges;

    /// Renders the findings of `text` as the text with each range marked and
    /// a list of `code: message` lines, for snapshot tests. Best-practice
    /// findings are left out (they have their own tests, `check_practices`).
    pub fn check_diagnostics(text: &str, expect: Expect) {
        let analysis = Analysis::from_text(text);
        let mut found = diagnostics(&analysis, &Config::default());
        // BuildKit's check rules have their own snapshots too (`checks/`).
        found.retain(|d| !practices::is_practice(d.code) && checks::check_rule(d.code).is_none());
        render(text, &found, expect);
    }

    /// Like [`check_diagnostics`], with only the best-practice findings.
    pub fn check_practices(text: &str, expect: Expect) {
        check_practices_in(text, &FileContext::UNKNOWN, expect);
    }

    pub fn check_practices_in(text: &str, context: &FileContext, expect: Expect) {
        let analysis = Analysis::from_text(text);
        let mut found = diagnostics_in_context(&analysis, &Config::default(), context);
        found.retain(|d| practices::is_practice(d.code));
        render(text, &found, expect);
    }

    fn render(text: &str, found: &[Diagnostic], expect: Expect) {
        let marks: Vec<_> = found.iter().map(|d| (d.range, "focus")).collect();
        let mut out = mark_ranges(text, &marks);
        for d in found {
            out.push_str(&format!("{} {}: {}\n", d.severity.as_str(), d.code, d.message));
        }
        expect.assert_eq(&out);
    }

    /// The text after applying the first fix of the first finding with `code`.
    pub fn check_fix(text: &str, code: &str, expect: Expect) {
        let analysis = Analysis::from_text(text);
        let found = diagnostics(&analysis, &Config::default());
        let fix = found.iter().filter(|d| d.code == code).flat_map(|d| d.fixes.first()).next();
        let fixed = match fix {
            Some(fix) => crate::features::text_edit::apply_edits(text, &fix.edits),
            None => format!("no fix for {code}\n"),
        };
        expect.assert_eq(&fixed);
    }
}
