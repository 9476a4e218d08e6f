//! Bake files: `target "name" { context, dockerfile, dockerfile-inline,
//! target, inherits }` in HCL (`docker-bake.hcl`) or JSON
//! (`docker-bake.json`). As buildx resolves them: `context` defaults to `.`
//! (the folder bake runs in, taken as the bake file's folder), `dockerfile`
//! to `Dockerfile` relative to the context (`cwd://` makes it relative to
//! that folder instead); `inherits` copies what a target does not set from
//! its parents, the later parent winning. Interpolations, variables and
//! functions are only known when bake runs.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use hcl_edit::expr::Expression;
use hcl_edit::structure::{BlockLabel, Body};
use hcl_edit::Span;
use jsonc_parser::ast::{ObjectPropName, Value};
use text_size::TextRange;

use super::devcontainer::{parse_object, JsonStr};
use super::paths::{is_remote, resolve};
use super::{range, BuildEntry, DockerfileRef, ParseError, TargetValue};

/// The attributes a build entry needs.
const KEYS: [&str; 4] = ["context", "dockerfile", "dockerfile-inline", "target"];

/// One attribute value: `value` is `None` when only known at build time.
#[derive(Clone, Debug)]
struct Attr {
    value: Option<String>,
    /// The text at `range` is exactly `value` (no escapes).
    exact: bool,
    range: TextRange,
}

impl Attr {
    fn unknown(range: TextRange) -> Attr {
        Attr { value: None, exact: false, range }
    }
}

/// The attributes of one target name (all its blocks merged, later ones winning).
#[derive(Default)]
struct Target {
    label_range: TextRange,
    attrs: HashMap<&'static str, Attr>,
    inherits: Vec<String>,
}

pub fn hcl_entries(text: &str, dir: &Path) -> Result<Vec<BuildEntry>, ParseError> {
    let body: Body = hcl_edit::parser::parse_body(text).map_err(|e| {
        let offset = e.location().offset();
        ParseError {
            message: format!("{} at line {} column {}", e.message(), e.location().line(), e.location().column()),
            range: range(offset, offset),
        }
    })?;
    let mut targets: Vec<(String, Target)> = Vec::new();
    for block in body.get_blocks("target") {
        let Some(label) = block.labels.first() else { continue };
        let (name, label_range) = match label {
            BlockLabel::String(s) => (s.value().clone(), s.span()),
            BlockLabel::Ident(i) => (i.value().to_string(), i.span()),
        };
        let target = target_named(&mut targets, name, label_range.map_or_else(TextRange::default, to_range));
        for attr in block.body.attributes() {
            let key = attr.key.value().as_str();
            if key == "inherits" {
                if let Expression::Array(items) = &attr.value {
                    target.inherits = items.iter().filter_map(|e| hcl_string(text, e)?.value).collect();
                }
            } else if let Some(key) = KEYS.iter().find(|k| **k == key) {
                if let Some(value) = hcl_string(text, &attr.value) {
                    target.attrs.insert(key, value);
                }
            }
        }
    }
    Ok(resolve_entries(&targets, dir))
}

pub fn json_entries(text: &str, dir: &Path) -> Result<Vec<BuildEntry>, ParseError> {
    let Some(root) = parse_object(text)? else { return Ok(Vec::new()) };
    let Some(blocks) = root.get_object("target") else { return Ok(Vec::new()) };
    let mut targets: Vec<(String, Target)> = Vec::new();
    for prop in &blocks.properties {
        let Value::Object(body) = &prop.value else { continue };
        let label_range = match &prop.name {
            ObjectPropName::String(s) => JsonStr::new(text, s).range,
            ObjectPropName::Word(w) => range(w.range.start, w.range.end),
        };
        let target = target_named(&mut targets, prop.name.as_str().to_string(), label_range);
        for key in KEYS {
            if let Some(s) = body.get_string(key) {
                target.attrs.insert(key, json_attr(text, s));
            }
        }
        if let Some(items) = body.get_array("inherits") {
            target.inherits = items
                .elements
                .iter()
                .filter_map(|e| match e {
                    Value::StringLit(s) => json_attr(text, s).value,
                    _ => None,
                })
                .collect();
        }
    }
    Ok(resolve_entries(&targets, dir))
}

fn target_named(targets: &mut Vec<(String, Target)>, name: String, label_range: TextRange) -> &mut Target {
    let index = match targets.iter().position(|(n, _)| *n == name) {
        Some(i) => i,
        None => {
            targets.push((name, Target { label_range, ..Target::default() }));
            targets.len() - 1
        }
    };
    &mut targets[index].1
}

/// A plain string attribute (no interpolation); anything else is unknown.
fn hcl_string(text: &str, expr: &Expression) -> Option<Attr> {
    let span = expr.span()?;
    let whole = to_range(span.clone());
    let value = match expr {
        Expression::String(s) => s.value().as_str(),
        Expression::StringTemplate(_)
        | Expression::HeredocTemplate(_)
        | Expression::Variable(_)
        | Expression::FuncCall(_)
        | Expression::Traversal(_)
        | Expression::Conditional(_)
        | Expression::BinaryOp(_)
        | Expression::Parenthesis(_) => return Some(Attr::unknown(whole)),
        _ => return None,
    };
    // `$${` and escapes make the text differ from the value.
    let inner = span.start + 1..span.end.saturating_sub(1).max(span.start + 1);
    let exact = text.get(inner.clone()) == Some(value);
    let range = if exact { to_range(inner) } else { whole };
    Some(Attr { value: Some(value.to_string()), exact, range })
}

fn json_attr(text: &str, s: &jsonc_parser::ast::StringLit<'_>) -> Attr {
    let s = JsonStr::new(text, s);
    let known = !s.value.contains("${");
    Attr { exact: s.exact, range: s.range, value: known.then_some(s.value) }
}

fn to_range(span: std::ops::Range<usize>) -> TextRange {
    range(span.start, span.end)
}

fn resolve_entries(targets: &[(String, Target)], dir: &Path) -> Vec<BuildEntry> {
    let by_name: HashMap<&str, &Target> = targets.iter().map(|(n, t)| (n.as_str(), t)).collect();
    let parents: HashSet<&str> = targets.iter().flat_map(|(_, t)| t.inherits.iter().map(String::as_str)).collect();
    targets
        .iter()
        .map(|(name, target)| {
            let attrs = inherited(target, &by_name);
            let mut entry = entry(format!("bake target {name}"), target.label_range, &attrs, dir);
            // A base that others inherit (`target "docker-metadata-action" {}`)
            // and that names no context or Dockerfile is rarely built itself.
            if parents.contains(name.as_str()) && entry.dockerfile_ranges.is_empty() {
                entry.dockerfile = DockerfileRef::Unknown;
            }
            entry
        })
        .collect()
}

/// A target's attributes with what it inherits: its own first, then its
/// parents', the later parent winning, then their parents', … Each target is
/// visited once, so cycles and long chains stay linear.
fn inherited<'t>(target: &'t Target, by_name: &HashMap<&str, &'t Target>) -> HashMap<&'static str, &'t Attr> {
    let mut attrs: HashMap<&'static str, &Attr> = target.attrs.iter().map(|(k, v)| (*k, v)).collect();
    let mut seen: HashSet<*const Target> = HashSet::from([target as *const Target]);
    let mut queue: Vec<&Target> = vec![target];
    let mut next = 0;
    while let Some(current) = queue.get(next).copied() {
        next += 1;
        for parent in current.inherits.iter().rev().filter_map(|p| by_name.get(p.as_str()).copied()) {
            if !seen.insert(parent as *const Target) {
                continue;
            }
            for (key, attr) in &parent.attrs {
                attrs.entry(key).or_insert(attr);
            }
            queue.push(parent);
        }
    }
    attrs
}

fn entry(owner: String, owner_range: TextRange, attrs: &HashMap<&'static str, &Attr>, dir: &Path) -> BuildEntry {
    let context = attrs.get("context").copied();
    let file = attrs.get("dockerfile").copied();
    let inline = attrs.get("dockerfile-inline").copied();
    let dockerfile = match inline {
        Some(Attr { value: Some(text), range, .. }) => DockerfileRef::Inline { text: text.clone(), range: *range },
        Some(Attr { value: None, .. }) => DockerfileRef::Unknown,
        None => dockerfile_path(dir, context, file),
    };
    BuildEntry {
        owner,
        owner_range,
        dockerfile,
        dockerfile_ranges: [context, file, inline].into_iter().flatten().map(|a| a.range).collect(),
        target: attrs.get("target").map(|a| TargetValue { name: a.value.clone().filter(|_| a.exact), range: a.range }),
    }
}

fn dockerfile_path(dir: &Path, context: Option<&Attr>, file: Option<&Attr>) -> DockerfileRef {
    let value = |attr: Option<&Attr>, default: &str| match attr {
        None => Some(default.to_string()),
        Some(a) => a.value.clone(),
    };
    let (Some(context), Some(file)) = (value(context, "."), value(file, "Dockerfile")) else {
        return DockerfileRef::Unknown;
    };
    if let Some(file) = file.strip_prefix("cwd://") {
        return DockerfileRef::Path(resolve(dir, file));
    }
    if Path::new(&file).is_absolute() {
        return DockerfileRef::Path(resolve(dir, &file));
    }
    let context = context.strip_prefix("cwd://").unwrap_or(&context);
    if is_remote(context) {
        return DockerfileRef::Unknown;
    }
    DockerfileRef::Path(resolve(&resolve(dir, context), &file))
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::super::tests::render_entries;
    use super::super::BuildFileKind;

    fn check(path: &str, text: &str, expect: Expect) {
        expect.assert_eq(&render_entries(BuildFileKind::Bake, path, text));
    }

    #[test]
    fn targets_with_defaults_and_context() {
        check(
            "/w/docker-bake.hcl",
            r#"
group "default" {
  targets = ["app", "api"]
}
target "app" {
  target = "runtime"
}
target "api" {
  context = "./api"
  dockerfile = "docker/prod.Dockerfile"
  target = "prod"
}
target "tool" {
  dockerfile = "cwd://tools/Dockerfile"
  context = "ctx"
}
"#,
            expect![[r#"
                bake target app: /w/Dockerfile [] target runtime
                bake target api: /w/api/docker/prod.Dockerfile [./api, docker/prod.Dockerfile] target prod
                bake target tool: /w/tools/Dockerfile [ctx, cwd://tools/Dockerfile] target -"#]],
        );
    }

    #[test]
    fn inherits_fills_what_a_target_does_not_set() {
        check(
            "/w/docker-bake.hcl",
            r#"
target "_common" {
  context = "app"
  target = "base"
}
target "_other" {
  target = "other"
}
target "a" {
  inherits = ["_common"]
}
target "b" {
  inherits = ["_common", "_other"]
  dockerfile = "b.Dockerfile"
}
target "c" {
  inherits = ["b", "c", "missing"]
  target = "own"
}
target "loop1" {
  inherits = ["loop2"]
}
target "loop2" {
  inherits = ["loop1"]
}
"#,
            expect![[r#"
                bake target _common: /w/app/Dockerfile [app] target base
                bake target _other: ? [] target other
                bake target a: /w/app/Dockerfile [app] target base
                bake target b: /w/app/b.Dockerfile [app, b.Dockerfile] target other
                bake target c: /w/app/b.Dockerfile [app, b.Dockerfile] target own
                bake target loop1: ? [] target -
                bake target loop2: ? [] target -"#]],
        );
    }

    #[test]
    fn interpolations_variables_and_functions_are_unknown() {
        check(
            "/w/docker-bake.hcl",
            r#"
variable "TAG" { default = "x" }
target "a" {
  context = "${DIR}"
  target = "${T}"
}
target "b" {
  target = TAG
  dockerfile = lower("Dockerfile")
}
target "c" {
  target = "$${literal}"
  context = "https://github.com/a/b.git"
}
target "d" {
  dockerfile-inline = "FROM alpine AS x\n"
  target = "x"
}
"#,
            expect![[r#"
                bake target a: ? ["${DIR}"] target ?
                bake target b: ? [lower("Dockerfile")] target ?
                bake target c: ? [https://github.com/a/b.git] target ?
                bake target d: inline "FROM alpine AS x\n" ["FROM alpine AS x\n"] target x"#]],
        );
    }

    #[test]
    fn bases_without_context_or_dockerfile_are_not_resolved() {
        check(
            "/w/docker-bake.hcl",
            "target \"docker-metadata-action\" {}\ntarget \"_base\" {\n  target = \"base\"\n}\ntarget \"app\" {\n  inherits = [\"docker-metadata-action\", \"_base\"]\n  context = \"app\"\n}\n",
            expect![[r#"
                bake target docker-metadata-action: ? [] target -
                bake target _base: ? [] target base
                bake target app: /w/app/Dockerfile [app] target base"#]],
        );
    }

    #[test]
    fn json_bake_files() {
        check(
            "/w/docker-bake.json",
            r#"{
  "group": { "default": { "targets": ["app"] } },
  "target": {
    "base": { "context": "app" },
    "app": { "inherits": ["base"], "target": "runtime" }
  }
}"#,
            expect![[r#"
                bake target base: /w/app/Dockerfile [app] target -
                bake target app: /w/app/Dockerfile [app] target runtime"#]],
        );
    }

    #[test]
    fn broken_hcl_has_no_entries() {
        check(
            "/w/docker-bake.hcl",
            "target \"a\" {\n  target = \n",
            expect![[
                r#"parse error: invalid expression; expected `"`, `[`, `{`, `-`, `!`, `(`, `_`, `<`, letter or digit at line 2 column 12"#
            ]],
        );
    }
}
