//! `devcontainer.json` (JSON with comments): `build.dockerfile` and
//! `build.context` (default `.`), both relative to the folder of the
//! devcontainer.json, and `build.target`; also the legacy top-level
//! `dockerFile` and `context`. `${localWorkspaceFolder}` and other
//! `${…}` variables are only known when the container is built.

use std::path::Path;

use jsonc_parser::ast::{Object, StringLit, Value};
use jsonc_parser::{parse_to_ast, CollectOptions, ParseOptions};
use text_size::TextRange;

use super::paths::resolve;
use super::{range, BuildEntry, DockerfileRef, ParseError, TargetValue};

pub fn entries(text: &str, dir: &Path) -> Result<Vec<BuildEntry>, ParseError> {
    let root = parse_object(text)?;
    let Some(root) = root else { return Ok(Vec::new()) };
    let build = root.get_object("build");
    let string = |key: &str| build.and_then(|b| b.get_string(key)).map(|s| JsonStr::new(text, s));
    let legacy = |key: &str| root.get_string(key).map(|s| JsonStr::new(text, s));
    let Some(file) = string("dockerfile").or_else(|| legacy("dockerFile")) else { return Ok(Vec::new()) };
    let context = string("context").or_else(|| legacy("context"));
    let dockerfile = match (file.known(), context.as_ref().map(JsonStr::known)) {
        (Some(f), None | Some(Some(_))) => DockerfileRef::Path(resolve(dir, f)),
        _ => DockerfileRef::Unknown,
    };
    let owner_range = root.get("build").or_else(|| root.get("dockerFile")).map_or(file.range, |p| prop_name_range(p));
    let target = string("target")
        .map(|t| TargetValue { name: t.known().filter(|_| t.exact).map(str::to_string), range: t.range });
    Ok(vec![BuildEntry {
        owner: "devcontainer".to_string(),
        owner_range,
        dockerfile,
        dockerfile_ranges: [context.as_ref(), Some(&file)].into_iter().flatten().map(|s| s.range).collect(),
        target,
    }])
}

/// The top-level object of a JSON-with-comments text (`None` for another value).
pub(crate) fn parse_object(text: &str) -> Result<Option<Object<'_>>, ParseError> {
    let parsed = parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default())
        .map_err(|e| ParseError { message: e.to_string(), range: range(e.range().start, e.range().end) })?;
    Ok(match parsed.value {
        Some(Value::Object(object)) => Some(object),
        _ => None,
    })
}

fn prop_name_range(prop: &jsonc_parser::ast::ObjectProp<'_>) -> TextRange {
    match &prop.name {
        jsonc_parser::ast::ObjectPropName::String(s) => range(s.range.start, s.range.end),
        jsonc_parser::ast::ObjectPropName::Word(w) => range(w.range.start, w.range.end),
    }
}

/// A JSON string and the range of its text between the quotes.
pub(crate) struct JsonStr {
    pub value: String,
    pub range: TextRange,
    /// The text at `range` is exactly `value` (no escapes).
    pub exact: bool,
}

impl JsonStr {
    pub fn new(text: &str, s: &StringLit<'_>) -> JsonStr {
        let inner = (s.range.start + 1).min(s.range.end)..s.range.end.saturating_sub(1).max(s.range.start);
        let exact = text.get(inner.clone()) == Some(&*s.value);
        let range = if exact { range(inner.start, inner.end) } else { range(s.range.start, s.range.end) };
        JsonStr { value: s.value.to_string(), range, exact }
    }

    /// The value when it has no `${…}` variable.
    pub fn known(&self) -> Option<&str> {
        (!self.value.contains("${")).then_some(self.value.as_str())
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::super::tests::render_entries;
    use super::super::BuildFileKind;

    fn check(path: &str, text: &str, expect: Expect) {
        expect.assert_eq(&render_entries(BuildFileKind::Devcontainer, path, text));
    }

    #[test]
    fn build_dockerfile_and_context_are_relative_to_the_json_file() {
        check(
            "/w/.devcontainer/devcontainer.json",
            "{\n  // comment\n  \"name\": \"dev\",\n  \"build\": { \"dockerfile\": \"../Dockerfile\", \"context\": \"..\", \"target\": \"dev\", },\n}\n",
            expect![[r#"
                devcontainer: /w/Dockerfile [.., ../Dockerfile] target dev"#]],
        );
        check(
            "/w/.devcontainer/python/devcontainer.json",
            "{ \"build\": { \"dockerfile\": \"Dockerfile\" } }",
            expect![[r#"
                devcontainer: /w/.devcontainer/python/Dockerfile [Dockerfile] target -"#]],
        );
    }

    #[test]
    fn legacy_keys_variables_and_images() {
        check(
            "/w/.devcontainer.json",
            "{ \"dockerFile\": \"Dockerfile\", \"context\": \".\" }",
            expect![[r#"
                devcontainer: /w/Dockerfile [., Dockerfile] target -"#]],
        );
        check(
            "/w/.devcontainer.json",
            "{ \"build\": { \"dockerfile\": \"${localWorkspaceFolder}/Dockerfile\", \"target\": \"${localEnv:T}\" } }",
            expect![[r#"
                devcontainer: ? [${localWorkspaceFolder}/Dockerfile] target ?"#]],
        );
        check("/w/.devcontainer.json", "{ \"image\": \"mcr.microsoft.com/devcontainers/base\" }", expect![""]);
        check(
            "/w/.devcontainer.json",
            "{ \"build\": { \"dockerfile\": ",
            expect!["parse error: Expected value after colon in object property on line 1 column 28"],
        );
    }
}
