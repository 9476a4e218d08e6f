//! BuildKit's build checks (`docker build --check`), under BuildKit's own rule
//! names, with BuildKit's triggers and messages, computed without a daemon.
//! One rule per file; severity is BuildKit's (warning) and becomes error with
//! `# check=error=true` (see `suppression.rs`, which also applies the skips).

mod consistent_instruction_casing;
mod copy_ignored_file;
mod duplicate_stage_name;
mod expose;
mod from_as_casing;
mod from_platform_flag_const_disallowed;
mod invalid_default_arg_in_from;
mod invalid_definition_description;
mod json_args_recommended;
mod legacy_key_value_format;
mod maintainer_deprecated;
mod multiple_instructions_disallowed;
mod no_empty_continuation;
mod redundant_target_platform;
mod reserved_stage_name;
mod secrets_used_in_arg_or_env;
mod stage_name_casing;
mod undefined_arg_in_from;
mod undefined_var;
mod workdir_relative_path;

use text_size::TextRange;

use super::{CheckOptions, Diagnostic, Severity, Sink};
use crate::model::Analysis;

/// What BuildKit knows about a check rule beyond its name.
#[derive(Clone, Copy, Debug)]
pub struct CheckRule {
    pub name: &'static str,
    /// Its documentation page: `https://docs.docker.com/go/dockerfile/rule/<slug>/`.
    pub slug: &'static str,
    /// Reported only when enabled with `# check=experimental=…`.
    pub experimental: bool,
    /// BuildKit honours a `# check=skip=…` comment above the instruction
    /// (rules it runs with the file-wide linter only do not).
    pub per_instruction: bool,
}

const fn rule(name: &'static str, slug: &'static str, per_instruction: bool) -> CheckRule {
    CheckRule { name, slug, experimental: false, per_instruction }
}

pub const CHECK_RULES: &[CheckRule] = &[
    rule("StageNameCasing", "stage-name-casing", true),
    rule("FromAsCasing", "from-as-casing", true),
    rule("NoEmptyContinuation", "no-empty-continuation", false),
    rule("ConsistentInstructionCasing", "consistent-instruction-casing", false),
    rule("DuplicateStageName", "duplicate-stage-name", false),
    rule("ReservedStageName", "reserved-stage-name", false),
    rule("JSONArgsRecommended", "json-args-recommended", true),
    rule("MaintainerDeprecated", "maintainer-deprecated", true),
    rule("UndefinedArgInFrom", "undefined-arg-in-from", true),
    rule("WorkdirRelativePath", "workdir-relative-path", true),
    rule("UndefinedVar", "undefined-var", true),
    rule("MultipleInstructionsDisallowed", "multiple-instructions-disallowed", true),
    rule("LegacyKeyValueFormat", "legacy-key-value-format", true),
    rule("RedundantTargetPlatform", "redundant-target-platform", true),
    rule("SecretsUsedInArgOrEnv", "secrets-used-in-arg-or-env", true),
    rule("InvalidDefaultArgInFrom", "invalid-default-arg-in-from", false),
    rule("FromPlatformFlagConstDisallowed", "from-platform-flag-const-disallowed", true),
    rule("CopyIgnoredFile", "copy-ignored-file", true),
    rule("ExposeProtoCasing", "expose-proto-casing", true),
    rule("ExposeInvalidFormat", "expose-invalid-format", true),
    CheckRule {
        name: "InvalidDefinitionDescription",
        slug: "invalid-definition-description",
        experimental: true,
        per_instruction: true,
    },
];

/// The BuildKit check rule named `code`.
pub fn check_rule(code: &str) -> Option<&'static CheckRule> {
    CHECK_RULES.iter().find(|r| r.name == code)
}

pub fn rule_url(rule: &CheckRule) -> String {
    format!("https://docs.docker.com/go/dockerfile/rule/{}/", rule.slug)
}

pub(super) fn check(analysis: &Analysis, options: &CheckOptions<'_>, _: &[super::Parsed], sink: &mut Sink) {
    stage_name_casing::check(analysis, sink);
    from_as_casing::check(analysis, sink);
    no_empty_continuation::check(analysis, sink);
    consistent_instruction_casing::check(analysis, sink);
    duplicate_stage_name::check(analysis, sink);
    reserved_stage_name::check(analysis, sink);
    json_args_recommended::check(analysis, sink);
    maintainer_deprecated::check(analysis, sink);
    undefined_arg_in_from::check(analysis, sink);
    workdir_relative_path::check(analysis, sink);
    undefined_var::check(analysis, options, sink);
    multiple_instructions_disallowed::check(analysis, sink);
    legacy_key_value_format::check(analysis, sink);
    redundant_target_platform::check(analysis, sink);
    secrets_used_in_arg_or_env::check(analysis, sink);
    invalid_default_arg_in_from::check(analysis, sink);
    from_platform_flag_const_disallowed::check(analysis, sink);
    copy_ignored_file::check(analysis, options, sink);
    expose::check(analysis, sink);
    invalid_definition_description::check(analysis, sink);
}

/// A finding of a check rule, at BuildKit's default severity.
fn warning(code: &'static str, range: TextRange, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(code, Severity::Warning, range, message)
}

/// Stages of the file whose `FROM` parsed (BuildKit stops at other FROMs anyway).
fn well_formed_from(analysis: &Analysis, index: usize) -> Option<&[crate::syntax::Word]> {
    match analysis.command(index) {
        crate::model::Command::From { words } if !words.is_empty() => Some(words),
        _ => None,
    }
}

/// `text` of instruction `index` expanded as BuildKit expands it there:
/// with the ARG and ENV values visible at that point, unset ones empty.
fn expand_at(analysis: &Analysis, index: usize, text: &str) -> String {
    let refs = &analysis.model.var_refs;
    let first = refs.partition_point(|r| r.instruction < index);
    let here = &refs[first..refs.partition_point(|r| r.instruction <= index)];
    let lookup = |name: &str| {
        here.iter().find(|r| r.name == name).and_then(|r| r.decl).and_then(|d| analysis.model.vars[d].value.clone())
    };
    crate::model::expand::expand(text, analysis.file.escape, &lookup).value
}

/// The value of a global ARG as BuildKit expands FROM lines without
/// `--build-arg`: its default, or the predefined platform ARG's value.
fn global_default(analysis: &Analysis, name: &str) -> Option<String> {
    use crate::model::{Scope, VarKind};
    let decl =
        analysis.model.vars.iter().rev().find(|v| v.scope == Scope::Global && v.kind == VarKind::Arg && v.name == name);
    match decl {
        Some(v) => v.value.clone(),
        None => predefined_arg(name).map(str::to_string),
    }
}

/// The earlier stage a stage builds on, also when FROM names it through a
/// predefined ARG (`FROM base-$TARGETARCH`), which the model leaves unexpanded.
fn base_stage(analysis: &Analysis, stage: usize) -> Option<usize> {
    let stages = &analysis.model.stages;
    let base = &stages.get(stage)?.base;
    match base.kind {
        crate::model::BaseKind::Stage(i) => Some(i),
        _ if base.word.text.contains('$') => {
            let lookup = |name: &str| global_default(analysis, name);
            let name = crate::model::expand::expand(&base.word.text, analysis.file.escape, &lookup).value;
            stages[..stage].iter().position(|s| s.name() == Some(name.as_str()))
        }
        _ => None,
    }
}

/// The closest name within BuildKit's suggestion distance (Levenshtein < 3).
fn suggest<'a>(name: &str, options: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    options
        .into_iter()
        .filter(|o| *o != name)
        .map(|o| (levenshtein(name, o), o))
        .filter(|&(d, _)| d < 3)
        .min_by_key(|&(d, _)| d)
        .map(|(_, o)| o)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// BuildKit's default values of its predefined platform ARGs (on linux/amd64).
const PREDEFINED_ARGS: [(&str, &str); 11] = [
    ("BUILDPLATFORM", "linux/amd64"),
    ("BUILDOS", "linux"),
    ("BUILDOSVERSION", ""),
    ("BUILDARCH", "amd64"),
    ("BUILDVARIANT", ""),
    ("TARGETPLATFORM", "linux/amd64"),
    ("TARGETOS", "linux"),
    ("TARGETOSVERSION", ""),
    ("TARGETARCH", "amd64"),
    ("TARGETVARIANT", ""),
    ("TARGETSTAGE", "default"),
];

fn predefined_arg(name: &str) -> Option<&'static str> {
    PREDEFINED_ARGS.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

/// The source range of `--platform`'s value on a FROM, and the flag word.
fn platform_flag(analysis: &Analysis, index: usize) -> Option<(crate::syntax::Word, crate::syntax::Word)> {
    let instruction = analysis.instruction(index);
    let flag = instruction.flags.iter().find(|f| crate::model::flag_name(&f.text) == "platform")?;
    let value = crate::model::flag_value_word(instruction, flag)?;
    Some((flag.clone(), value))
}

/// The raw (unquoted-as-written) text of a word, from the logical line.
fn raw_text(analysis: &Analysis, index: usize, word: &crate::syntax::Word) -> String {
    let line = &analysis.instruction(index).line.text;
    line.get(word.offset..word.raw_end()).unwrap_or(&word.text).to_string()
}

#[cfg(test)]
pub(crate) mod test_support {
    use expect_test::Expect;

    use crate::config::Config;
    use crate::features::diagnostics::{diagnostics_with, CheckOptions};
    use crate::features::fixture::mark_ranges;
    use crate::features::text_edit::apply_edits;
    use crate::model::Analysis;

    /// Like `check_diagnostics`, restricted to one code, and listing every
    /// fix with the text it produces.
    pub fn check_rule(code: &str, text: &str, expect: Expect) {
        check_rule_in(code, text, &CheckOptions::default(), expect);
    }

    pub fn check_rule_in(code: &str, text: &str, options: &CheckOptions<'_>, expect: Expect) {
        let analysis = Analysis::from_text(text);
        let found: Vec<_> =
            diagnostics_with(&analysis, &Config::default(), options).into_iter().filter(|d| d.code == code).collect();
        let marks: Vec<_> = found.iter().map(|d| (d.range, "focus")).collect();
        let mut out = mark_ranges(text, &marks);
        for d in &found {
            out.push_str(&format!("{} {}: {}\n", d.severity.as_str(), d.code, d.message));
            for fix in d.fixes.iter().filter(|f| !f.title.starts_with("Ignore ")) {
                out.push_str(&format!("  fix {}:\n", fix.title));
                for line in apply_edits(text, &fix.edits).lines() {
                    out.push_str(&format!("    |{line}\n"));
                }
            }
        }
        expect.assert_eq(&out);
    }
}

#[cfg(test)]
mod fixes_apply {
    use crate::config::Config;
    use crate::features::diagnostics::{diagnostics, Severity};
    use crate::features::text_edit::apply_edits;
    use crate::model::Analysis;

    /// One fixture per rule with a fix; every offered fix (Ignore fixes
    /// included) must remove a finding of its rule and add no error (the
    /// result still parses as BuildKit would).
    const FIXTURES: &[&str] = &[
        "FROM a AS Build\nFROM Build\nCOPY --from=BUILD /x /y\n",
        "FROM a as b\nfrom c AS d\nRUN x\n",
        "FROM a\nRUN a \\\n\n  b\n",
        "FROM a\nrun x\nCopy a b\nCMD [\"y\"]\n",
        "FROM a\nCMD node server.js\nENTRYPOINT run $X | tee\n",
        "FROM a\nMAINTAINER Jane \"J\" Doe <jane@$x.org>\n",
        "FROM a\nCMD [\"a\"]\nCMD [\"b\"]\n",
        "FROM a\nENV A 1\nenv B two  words\nLABEL C \"q\"\n",
        "FROM --platform=${TARGETPLATFORM} a\n",
        "ARG TAG\nFROM alpine:$TAGG\nFROM busybox:${VER:-1}\n",
        "FROM scratch\nARG DIR_ASSETS=a\nCOPY $DIR_ASSET .\n",
        "FROM a\nEXPOSE 80/TCP 8080:80\n",
        "# syntax=docker/dockerfile:1\n# check=error=true\nFROM a AS B\nARG API_TOKEN\nWORKDIR app\n",
    ];

    #[test]
    fn every_fix_removes_its_finding() {
        for text in FIXTURES {
            let analysis = Analysis::from_text(text);
            let found = diagnostics(&analysis, &Config::default());
            let errors = |list: &[crate::features::diagnostics::Diagnostic]| {
                list.iter().filter(|f| f.severity == Severity::Error && super::check_rule(f.code).is_none()).count()
            };
            let errors_before = errors(&found);
            let checks: Vec<_> = found.iter().filter(|d| super::check_rule(d.code).is_some()).collect();
            assert!(!checks.is_empty(), "no finding in {text:?}");
            for d in checks {
                let before = found.iter().filter(|f| f.code == d.code).count();
                for fix in &d.fixes {
                    let fixed = apply_edits(text, &fix.edits);
                    let after = diagnostics(&Analysis::from_text(&fixed), &Config::default());
                    let remaining = after.iter().filter(|f| f.code == d.code).count();
                    let new_errors = errors(&after).saturating_sub(errors_before);
                    assert!(
                        remaining < before && new_errors == 0,
                        "{} on {text:?} gave {fixed:?}: {remaining} {} left, {new_errors} new errors",
                        fix.title,
                        d.code
                    );
                }
            }
        }
    }
}
