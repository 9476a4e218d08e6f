//! UndefinedVar: a variable that BuildKit expands (ENV, LABEL, ADD/COPY words,
//! their `--chown`/`--chmod`/`--checksum` and unquoted heredoc bodies, WORKDIR,
//! USER, VOLUME, STOPSIGNAL, ARG defaults, RUN `--mount`) with no ARG or ENV
//! of that name before it in the stage or the stages it builds on. Text that
//! a shell runs (RUN, CMD, ENTRYPOINT, HEALTHCHECK, SHELL) is the shell's business.
//!
//! Base images have an environment of their own that only a registry can
//! tell. BuildKit's checks read it; offline we cannot, so in a stage built on
//! an external image a name that images conventionally define (PATH, HOME,
//! GOPATH, JAVA_HOME, …, see `IMAGE_ENV`) is not reported, and every other
//! name is (a typo such as `$PAHT` still is). `assume_empty_base_images`
//! reports those too, as BuildKit does when the image sets nothing.

use text_size::TextRange;

use super::{suggest, warning};
use crate::features::diagnostics::{CheckOptions, Sink};
use crate::features::{Fix, TextEdit};
use crate::model::expand::find_var_uses;
use crate::model::{flag_name, Analysis, BaseKind, Command, Scope};

pub const CODE: &str = "UndefinedVar";

/// Variables that official and widespread base images set in their config.
const IMAGE_ENV: [&str; 64] = [
    "PATH",
    "HOME",
    "HOSTNAME",
    "USER",
    "SHELL",
    "TERM",
    "LANG",
    "LANGUAGE",
    "LC_ALL",
    "TZ",
    "DEBIAN_FRONTEND",
    "JAVA_HOME",
    "JAVA_VERSION",
    "JDK_VERSION",
    "JRE_HOME",
    "MAVEN_HOME",
    "MAVEN_CONFIG",
    "GRADLE_HOME",
    "GRADLE_VERSION",
    "CATALINA_HOME",
    "TOMCAT_VERSION",
    "GOPATH",
    "GOROOT",
    "GOLANG_VERSION",
    "GOTOOLCHAIN",
    "NODE_VERSION",
    "YARN_VERSION",
    "NODE_ENV",
    "PYTHON_VERSION",
    "PYTHON_SHA256",
    "PYTHON_PIP_VERSION",
    "GPG_KEY",
    "VIRTUAL_ENV",
    "CONDA_DIR",
    "RUBY_VERSION",
    "RUBY_MAJOR",
    "GEM_HOME",
    "BUNDLE_PATH",
    "BUNDLE_SILENCE_ROOT_WARNING",
    "BUNDLE_APP_CONFIG",
    "PHP_VERSION",
    "PHP_INI_DIR",
    "PHPIZE_DEPS",
    "RUSTUP_HOME",
    "CARGO_HOME",
    "RUST_VERSION",
    "DOTNET_VERSION",
    "ASPNET_VERSION",
    "DOTNET_ROOT",
    "APP_UID",
    "ASPNETCORE_HTTP_PORTS",
    "PG_MAJOR",
    "PG_VERSION",
    "PGDATA",
    "NGINX_VERSION",
    "HTTPD_PREFIX",
    "ERLANG_VERSION",
    "ELIXIR_VERSION",
    "ProgramFiles",
    "ProgramData",
    "SystemRoot",
    "windir",
    "USERPROFILE",
    "APPDATA",
];

/// ARGs BuildKit keeps out of the environment (and never reports).
const NON_ENV_ARGS: [&str; 2] = ["BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"];

pub fn check(analysis: &Analysis, options: &CheckOptions<'_>, sink: &mut Sink) {
    let mut chains: std::collections::HashMap<usize, Vec<usize>> = std::collections::HashMap::new();
    let by_name = vars_by_name(analysis);
    for index in 0..analysis.file.instructions.len() {
        let Some(stage) = analysis.stage_of(index) else { continue };
        let refs = &analysis.model.var_refs;
        let here =
            &refs[refs.partition_point(|r| r.instruction < index)..refs.partition_point(|r| r.instruction <= index)];
        // Uses come from the references here and from heredoc bodies.
        if here.is_empty() && analysis.instruction(index).heredocs.is_empty() {
            continue;
        }
        let expanded = expanded_ranges(analysis, index);
        if expanded.is_empty() {
            continue;
        }
        let chain = chains.entry(stage).or_insert_with(|| stage_chain(analysis, stage));
        let external = !options.assume_empty_base_images && has_external_base(analysis, chain);
        let mut uses: Vec<(String, TextRange, TextRange)> = here
            .iter()
            .filter(|r| expanded.iter().any(|e| e.contains_range(r.range)))
            .map(|r| (r.name.clone(), r.range, r.name_range))
            .collect();
        uses.extend(heredoc_uses(analysis, index));
        let mut reported: Vec<String> = Vec::new();
        for (name, range, name_range) in uses {
            if reported.contains(&name)
                || NON_ENV_ARGS.contains(&name.as_str())
                || name == "PATH"
                || (external && IMAGE_ENV.contains(&name.as_str()))
                || is_declared(analysis, &by_name, chain, index, &name, range)
            {
                continue;
            }
            let candidates = visible_names(analysis, chain, index);
            let suggestion = suggest(&name, candidates.iter().map(String::as_str));
            let mut message = format!("Usage of undefined variable '${name}'");
            if let Some(s) = suggestion {
                message.push_str(&format!(" (did you mean ${s}?)"));
            }
            message.push_str(": declare it with ARG or ENV before this instruction");
            let mut d = warning(CODE, range, message);
            if let Some(s) = suggestion {
                d = d.with_fix(Fix {
                    title: format!("Change to `{s}`"),
                    edits: vec![TextEdit::replace(name_range, s.to_string())],
                    preferred: true,
                    create_files: Vec::new(),
                });
            }
            sink.push(d);
            reported.push(name);
        }
    }
}

/// Source ranges of the instruction that BuildKit expands.
fn expanded_ranges(analysis: &Analysis, index: usize) -> Vec<TextRange> {
    let instruction = analysis.instruction(index);
    let flags = |names: &[&str]| -> Vec<TextRange> {
        instruction.flags.iter().filter(|f| names.contains(&flag_name(&f.text))).map(|f| f.range).collect()
    };
    match instruction.name().as_str() {
        "env" | "label" | "workdir" | "user" | "volume" | "stopsignal" => vec![instruction.args.range],
        "copy" | "add" => {
            let mut ranges = flags(&["chown", "chmod", "checksum"]);
            ranges.push(instruction.args.range);
            ranges
        }
        "run" => flags(&["mount"]),
        "arg" => match analysis.command(index) {
            Command::Arg { defs } => defs.iter().filter_map(|d| d.default.as_ref().map(|w| w.range)).collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Variables in the bodies of COPY/ADD heredocs with an unquoted delimiter.
fn heredoc_uses(analysis: &Analysis, index: usize) -> Vec<(String, TextRange, TextRange)> {
    let instruction = analysis.instruction(index);
    if !instruction.is("copy") && !instruction.is("add") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for heredoc in instruction.heredocs.iter().filter(|h| h.expand) {
        let start = usize::from(heredoc.body_range.start());
        let Some(body) = analysis.text.get(start..usize::from(heredoc.body_range.end())) else { continue };
        for u in find_var_uses(body, '\\') {
            let at = |offset: usize| text_size::TextSize::from((start + offset) as u32);
            let range = TextRange::new(at(u.start), at(u.end));
            let name_range = TextRange::at(at(u.name_start), text_size::TextSize::of(u.name.as_str()));
            out.push((u.name, range, name_range));
        }
    }
    out
}

/// The stage and the stages it builds on (`FROM stage`), nearest first.
fn stage_chain(analysis: &Analysis, stage: usize) -> Vec<usize> {
    let mut chain = vec![stage];
    let mut current = stage;
    while let Some(parent) = super::base_stage(analysis, current) {
        if parent >= current {
            break;
        }
        chain.push(parent);
        current = parent;
    }
    chain
}

fn has_external_base(analysis: &Analysis, chain: &[usize]) -> bool {
    let root = chain.last().and_then(|&s| analysis.model.stages.get(s));
    root.is_some_and(|s| !matches!(s.base.kind, BaseKind::Scratch | BaseKind::Stage(_)))
}

/// The declarations of each variable name, so that a use looks at its own
/// name's declarations only (not every variable of the file: quadratic).
type VarsByName<'a> = std::collections::HashMap<&'a str, Vec<usize>>;

fn vars_by_name(analysis: &Analysis) -> VarsByName<'_> {
    let mut by_name = VarsByName::new();
    for (i, v) in analysis.model.vars.iter().enumerate() {
        by_name.entry(v.name.as_str()).or_default().push(i);
    }
    by_name
}

/// An ARG or ENV of that name before `at` in the stage chain (an ARG earlier
/// in the same ARG instruction counts: BuildKit declares them one by one).
fn is_declared(
    analysis: &Analysis,
    by_name: &VarsByName<'_>,
    chain: &[usize],
    index: usize,
    name: &str,
    at: TextRange,
) -> bool {
    by_name.get(name).into_iter().flatten().map(|&i| &analysis.model.vars[i]).any(|v| {
        v.name == name
            && match v.scope {
                Scope::Stage(s) if s == chain[0] => {
                    v.instruction < index
                        || (v.instruction == index
                            && analysis.instruction(index).is("arg")
                            && v.range.end() <= at.start())
                }
                Scope::Stage(s) => chain[1..].contains(&s),
                Scope::Global => false,
            }
    })
}

/// Names in the environment at `index`, for "did you mean".
fn visible_names(analysis: &Analysis, chain: &[usize], index: usize) -> Vec<String> {
    let mut names: Vec<String> = analysis
        .model
        .vars
        .iter()
        .filter(|v| v.value.is_some())
        .filter(|v| match v.scope {
            Scope::Stage(s) if s == chain[0] => v.instruction < index,
            Scope::Stage(s) => chain[1..].contains(&s),
            Scope::Global => false,
        })
        .map(|v| v.name.clone())
        .collect();
    names.push("PATH".to_string());
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::{check_rule, check_rule_in};
    use crate::features::diagnostics::CheckOptions;

    #[test]
    fn undefined_where_buildkit_expands() {
        check_rule(
            super::CODE,
            "ARG G=1\nFROM alpine AS base\nCOPY $foo $G .\nARG foo=bar A=$foo\nRUN echo $nope\nENV PATH=$PAHT:/x X=$foo\nFROM base\nCOPY --chown=$UID:$foo <<EOF /a\n$BODY\nEOF\n",
            expect![[r#"
                ARG G=1
                FROM alpine AS base
                COPY <focus>$foo</focus> <focus>$G</focus> .
                ARG foo=bar A=$foo
                RUN echo $nope
                ENV PATH=<focus>$PAHT</focus>:/x X=$foo
                FROM base
                COPY --chown=<focus>$UID</focus>:$foo <<EOF /a
                <focus>$BODY</focus>
                EOF
                warning UndefinedVar: Usage of undefined variable '$foo': declare it with ARG or ENV before this instruction
                warning UndefinedVar: Usage of undefined variable '$G': declare it with ARG or ENV before this instruction
                warning UndefinedVar: Usage of undefined variable '$PAHT' (did you mean $PATH?): declare it with ARG or ENV before this instruction
                  fix Change to `PATH`:
                    |ARG G=1
                    |FROM alpine AS base
                    |COPY $foo $G .
                    |ARG foo=bar A=$foo
                    |RUN echo $nope
                    |ENV PATH=$PATH:/x X=$foo
                    |FROM base
                    |COPY --chown=$UID:$foo <<EOF /a
                    |$BODY
                    |EOF
                warning UndefinedVar: Usage of undefined variable '$UID': declare it with ARG or ENV before this instruction
                warning UndefinedVar: Usage of undefined variable '$BODY': declare it with ARG or ENV before this instruction
            "#]],
        );
    }

    #[test]
    fn image_variables_on_external_bases() {
        let text = "FROM golang\nENV PATH=$GOPATH/bin:$PATH\nFROM scratch\nENV X=$HOME\n";
        check_rule(
            super::CODE,
            text,
            expect![[r#"
                FROM golang
                ENV PATH=$GOPATH/bin:$PATH
                FROM scratch
                ENV X=<focus>$HOME</focus>
                warning UndefinedVar: Usage of undefined variable '$HOME': declare it with ARG or ENV before this instruction
            "#]],
        );
        let stubbed = CheckOptions { assume_empty_base_images: true, ..CheckOptions::default() };
        check_rule_in(
            super::CODE,
            text,
            &stubbed,
            expect![[r#"
                FROM golang
                ENV PATH=<focus>$GOPATH</focus>/bin:$PATH
                FROM scratch
                ENV X=<focus>$HOME</focus>
                warning UndefinedVar: Usage of undefined variable '$GOPATH' (did you mean $PATH?): declare it with ARG or ENV before this instruction
                  fix Change to `PATH`:
                    |FROM golang
                    |ENV PATH=$PATH/bin:$PATH
                    |FROM scratch
                    |ENV X=$HOME
                warning UndefinedVar: Usage of undefined variable '$HOME': declare it with ARG or ENV before this instruction
            "#]],
        );
    }
}
