//! Compose files: `services.<name>.build`, either a context path or a
//! mapping with `context` (default `.`, relative to the compose file's
//! folder), `dockerfile` (default `Dockerfile`, relative to the context),
//! `dockerfile_inline` and `target`. Compose interpolates `${VAR}` and `$VAR`
//! in every value (`$$` is a literal `$`): such values are unknown.

use std::path::Path;

use super::paths::{is_remote, resolve};
use super::yaml::{Node, Str, Yaml};
use super::{BuildEntry, DockerfileRef, ParseError, TargetValue};

pub fn entries(text: &str, dir: &Path) -> Result<Vec<BuildEntry>, ParseError> {
    let yaml = Yaml::parse(text)?;
    let Some(services) = yaml.get(yaml.root(), "services") else { return Ok(Vec::new()) };
    let mut found = Vec::new();
    for &(key, service) in yaml.entries(services) {
        let Some(name) = yaml.key_text(key) else { continue };
        let Some(build) = yaml.get(service, "build") else { continue };
        let owner = format!("compose service {name}");
        found.push(build_entry(&yaml, owner, yaml.span(key), build, dir));
    }
    Ok(found)
}

fn build_entry(
    yaml: &Yaml<'_>,
    owner: String,
    owner_range: text_size::TextRange,
    build: Node,
    dir: &Path,
) -> BuildEntry {
    if let Some(context) = yaml.string(build) {
        // `build: ./api`: the context, with its default Dockerfile.
        let dockerfile = dockerfile_path(dir, Some(&context), None);
        return BuildEntry { owner, owner_range, dockerfile, dockerfile_ranges: vec![context.range], target: None };
    }
    let value = |key: &str| yaml.get(build, key).and_then(|node| yaml.string(node));
    let context = value("context");
    let file = value("dockerfile");
    let inline = value("dockerfile_inline");
    let dockerfile = match &inline {
        Some(inline) => DockerfileRef::Inline { text: inline.value.clone(), range: inline.range },
        None => dockerfile_path(dir, context.as_ref(), file.as_ref()),
    };
    let dockerfile_ranges = [&context, &file, &inline].into_iter().flatten().map(|s| s.range).collect();
    let target = value("target").map(target_value);
    BuildEntry { owner, owner_range, dockerfile, dockerfile_ranges, target }
}

fn dockerfile_path(dir: &Path, context: Option<&Str>, file: Option<&Str>) -> DockerfileRef {
    let context = match context {
        Some(c) => match interpolated(&c.value) {
            Some(v) => v,
            None => return DockerfileRef::Unknown,
        },
        None => ".".to_string(),
    };
    let file = match file {
        Some(f) => match interpolated(&f.value) {
            Some(v) => v,
            None => return DockerfileRef::Unknown,
        },
        None => "Dockerfile".to_string(),
    };
    if Path::new(&file).is_absolute() {
        return DockerfileRef::Path(resolve(dir, &file));
    }
    if is_remote(&context) {
        return DockerfileRef::Unknown;
    }
    DockerfileRef::Path(resolve(&resolve(dir, &context), &file))
}

/// The value after compose's interpolation when it has no variables.
fn interpolated(value: &str) -> Option<String> {
    let without_escapes = value.replace("$$", "");
    (!without_escapes.contains('$')).then(|| value.replace("$$", "$"))
}

fn target_value(s: Str) -> TargetValue {
    let known = s.exact && !s.value.contains('$');
    TargetValue { name: known.then_some(s.value), range: s.range }
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::super::tests::render_entries;
    use super::super::BuildFileKind;

    fn check(text: &str, expect: Expect) {
        expect.assert_eq(&render_entries(BuildFileKind::Compose, "/w/compose.yaml", text));
    }

    #[test]
    fn build_path_is_the_context_with_its_default_dockerfile() {
        check(
            "services:\n  web:\n    build: ./web\n  db:\n    image: postgres\n",
            expect![[r#"
                compose service web: /w/web/Dockerfile [./web] target -"#]],
        );
    }

    #[test]
    fn context_dockerfile_and_target() {
        check(
            "services:\n  api:\n    build:\n      context: ../api\n      dockerfile: docker/prod.Dockerfile\n      target: \"runtime\"\n",
            expect![[r#"
                compose service api: /api/docker/prod.Dockerfile [../api, docker/prod.Dockerfile] target runtime"#]],
        );
    }

    #[test]
    fn nested_contexts_and_dockerfiles_outside_them() {
        expect![[r#"
            compose service api: /w/services/docker/api.Dockerfile [services/api, ../docker/api.Dockerfile] target prod"#]]
        .assert_eq(&render_entries(
            BuildFileKind::Compose,
            "/w/deploy/../compose.yaml",
            "services:\n  api:\n    build:\n      context: services/api\n      dockerfile: ../docker/api.Dockerfile\n      target: prod\n",
        ));
    }

    #[test]
    fn defaults_and_absolute_dockerfile() {
        check(
            "services:\n  a:\n    build:\n      target: dev\n  b:\n    build:\n      context: b\n      dockerfile: /abs/Dockerfile\n",
            expect![[r#"
                compose service a: /w/Dockerfile [] target dev
                compose service b: /abs/Dockerfile [b, /abs/Dockerfile] target -"#]],
        );
    }

    #[test]
    fn variables_and_remote_contexts_are_unknown() {
        check(
            "services:\n  a:\n    build:\n      context: ${DIR}\n      target: ${TARGET:-dev}\n  b:\n    build: https://github.com/a/b.git#main\n  c:\n    build:\n      context: $$literal\n      target: $$x\n",
            expect![[r#"
                compose service a: ? [${DIR}] target ?
                compose service b: ? [https://github.com/a/b.git#main] target -
                compose service c: /w/$literal/Dockerfile [$$literal] target ?"#]],
        );
    }

    #[test]
    fn inline_dockerfiles_and_merge_keys() {
        check(
            "x-build: &build\n  context: app\n  target: base\nservices:\n  a:\n    build:\n      <<: *build\n  b:\n    build:\n      dockerfile_inline: |\n        FROM alpine AS one\n      target: one\n",
            expect![[r#"
                compose service a: /w/app/Dockerfile [app] target base
                compose service b: inline "FROM alpine AS one\n" [FROM alpine AS one] target one"#]],
        );
    }

    #[test]
    fn broken_yaml_has_no_entries() {
        check(
            "services:\n  web:\n    build: [\n",
            expect!["parse error: while parsing a node, did not find expected node content at line 4 column 1"],
        );
    }
}
