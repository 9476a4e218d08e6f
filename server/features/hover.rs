//! Hover: instruction documentation, flags and mount keys, stages (index,
//! base, dependents, whether the target builds them), variables (value at
//! that point and where it comes from) and base images.

use std::fmt::Write;

use text_size::{TextRange, TextSize};

use super::dockerfile_docs::{self as docs, REFERENCE_URL};
use super::document_links::registry_page;
use crate::model::image::{parse_image_ref, ImageRef};
use crate::model::mount::mount_fields;
use crate::model::vars::{is_predefined_arg, PLATFORM_ARGS};
use crate::model::{flag_value_word, Analysis, BaseKind, RefTarget, Scope, StageRefKind, Symbol, VarKind};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    pub range: TextRange,
    /// Markdown.
    pub markdown: String,
}

/// `target` is the configured build target (`None`: the last stage).
pub fn hover(analysis: &Analysis, offset: TextSize, target: Option<&str>) -> Option<Hover> {
    if let Some(hit) = analysis.symbol_at(offset) {
        let markdown = match hit.symbol {
            Symbol::StageName(s) => Some(stage_markdown(analysis, s, target)),
            Symbol::StageRef(r) => stage_ref_markdown(analysis, r, target),
            Symbol::VarDecl(d) => Some(var_decl_markdown(analysis, d)),
            Symbol::VarRef(r) => Some(var_ref_markdown(analysis, r)),
        };
        if let Some(markdown) = markdown {
            return Some(Hover { range: hit.range, markdown });
        }
    }
    if let Some(directive) = analysis.file.directives.iter().find(|d| contains(d.range, offset)) {
        let doc = docs::DIRECTIVES.iter().find(|d| d.name == directive.name)?;
        let markdown = format!(
            "**`# {}=`** parser directive\n\n{}\n\n[Dockerfile reference]({REFERENCE_URL}#{})",
            doc.name, doc.summary, doc.name
        );
        return Some(Hover { range: directive.range, markdown });
    }
    let index = analysis.instruction_at(offset)?;
    let outer = analysis.instruction(index);
    let instruction = match &outer.trigger {
        Some(trigger) if offset >= trigger.keyword.range.start() => trigger.as_ref(),
        _ => outer,
    };
    if contains(outer.keyword.range, offset) {
        return instruction_hover(&outer.keyword.text, outer.keyword.range);
    }
    if contains(instruction.keyword.range, offset) {
        return instruction_hover(&instruction.keyword.text, instruction.keyword.range);
    }
    let flag = instruction.flags.iter().find(|f| contains(f.range, offset))?;
    flag_hover(analysis, index, flag, offset)
}

fn contains(range: TextRange, offset: TextSize) -> bool {
    range.start() <= offset && offset <= range.end()
}

fn instruction_hover(keyword: &str, range: TextRange) -> Option<Hover> {
    let doc = docs::instruction(keyword)?;
    let mut md = format!("**{}**: {}\n\n```dockerfile\n", doc.name, doc.summary);
    for form in doc.forms {
        let _ = writeln!(md, "{form}");
    }
    let _ = write!(md, "```\n\n[Dockerfile reference]({})", doc.url());
    Some(Hover { range, markdown: md })
}

fn flag_hover(analysis: &Analysis, index: usize, flag: &crate::syntax::Word, offset: TextSize) -> Option<Hover> {
    let outer = analysis.instruction(index);
    let instruction = match &outer.trigger {
        Some(trigger) if offset >= trigger.keyword.range.start() => trigger.as_ref(),
        _ => outer,
    };
    let name = crate::model::flag_name(&flag.text);
    let doc = docs::instruction(&instruction.keyword.text)?;
    if name == "mount" {
        if let Some(value) = flag_value_word(instruction, flag) {
            let fields = mount_fields(instruction, &value).unwrap_or_default();
            let field = fields.iter().find(|f| contains(f.range, offset) && f.range != value.range);
            if let Some(key) = field.and_then(|f| docs::mount_key_doc(&f.key).map(|d| (f, d))) {
                let (field, key) = key;
                let types = if key.types.is_empty() { "all types".to_string() } else { key.types.join(", ") };
                let markdown = format!(
                    "**`{}`** mount option ({types})\n\n{}\n\n[RUN --mount reference]({REFERENCE_URL}#run---mount)",
                    key.key, key.summary
                );
                return Some(Hover { range: field.range, markdown });
            }
        }
    }
    let flag_doc = doc.flag(name)?;
    let anchor = format!("{}---{}", doc.name.to_ascii_lowercase(), flag_doc.name);
    let mut md = format!("**`--{}`** ({})\n\n{}", flag_doc.name, doc.name, flag_doc.summary);
    if !flag_doc.values.is_empty() {
        let values: Vec<String> = flag_doc.values.iter().map(|v| format!("`{v}`")).collect();
        let _ = write!(md, "\n\nValues: {}", values.join(", "));
    }
    let _ = write!(md, "\n\n[Dockerfile reference]({REFERENCE_URL}#{anchor})");
    Some(Hover { range: flag.range, markdown: md })
}

// -------------------------------------------------------------------- stages

fn stage_ref_markdown(analysis: &Analysis, r: usize, target: Option<&str>) -> Option<String> {
    let reference = &analysis.model.stage_refs[r];
    match reference.target {
        RefTarget::Stage(s) | RefTarget::LaterStage(s) => Some(stage_markdown(analysis, s, target)),
        RefTarget::Image if reference.kind == StageRefKind::From => {
            let stage = &analysis.model.stages[reference.in_stage];
            match &stage.base.kind {
                BaseKind::Image(image) => Some(image_markdown(&stage.base.expanded, image)),
                BaseKind::Scratch => Some("**`scratch`**: the empty image; the stage starts with no files".to_string()),
                _ => None,
            }
        }
        RefTarget::Image => {
            let image = parse_image_ref(&reference.text).ok()?;
            Some(image_markdown(&reference.text, &image))
        }
        RefTarget::NoSuchIndex(i) => Some(format!("There is no stage {i}: stages are numbered from 0")),
        RefTarget::CurrentStage | RefTarget::Variable => None,
    }
}

fn stage_markdown(analysis: &Analysis, stage: usize, target: Option<&str>) -> String {
    let model = &analysis.model;
    let s = &model.stages[stage];
    let title = match s.name() {
        Some(name) => format!("**stage `{name}`** (index {})", s.index),
        None => format!("**stage {}**", s.index),
    };
    let mut md = format!("{title}\n\n```dockerfile\nFROM {}\n```\n", s.base.word.text);
    if s.base.expanded != s.base.word.text {
        let _ = writeln!(md, "\nbase image: `{}`", s.base.expanded);
    }
    let mut dependents: Vec<String> = Vec::new();
    for r in model.refs_to_stage(stage) {
        let label = model.stages[r.in_stage].label();
        let how = match r.kind {
            StageRefKind::From => "FROM",
            StageRefKind::CopyFrom => "COPY --from",
            StageRefKind::MountFrom => "RUN --mount",
        };
        let entry = format!("`{label}` ({how}, line {})", analysis.line_of(r.instruction) + 1);
        if !dependents.contains(&entry) {
            dependents.push(entry);
        }
    }
    if dependents.is_empty() {
        md.push_str("\nNo other stage uses it.\n");
    } else {
        let _ = writeln!(md, "\nUsed by: {}", dependents.join(", "));
    }
    let target_index = model.target_stage(target);
    let target_label = target_index.map(|t| model.stages[t].label());
    let which = if target.is_some() { "the configured target" } else { "the default target" };
    match (target_index, target_label) {
        (Some(t), Some(label)) if model.stages_needed_by(t).get(stage).copied().unwrap_or(false) => {
            let _ = write!(md, "\nBuilt by {which} `{label}`.");
        }
        (Some(_), Some(label)) => {
            let _ = write!(md, "\nNot built by {which} `{label}`: BuildKit skips it unless another target needs it.");
        }
        _ => {}
    }
    md
}

// ----------------------------------------------------------------- variables

fn var_decl_markdown(analysis: &Analysis, decl: usize) -> String {
    let d = &analysis.model.vars[decl];
    let kind = match (d.kind, d.scope) {
        (VarKind::Arg, Scope::Global) => "global ARG",
        (VarKind::Arg, Scope::Stage(_)) => "ARG",
        (VarKind::Env, _) => "ENV",
    };
    let mut md = format!("**{kind} `{}`** (line {})\n", d.name, analysis.line_of(d.instruction) + 1);
    match (&d.raw_value, &d.value, d.inherits) {
        (Some(raw), Some(value), _) if raw != value => {
            let _ = write!(md, "\nvalue: `{value}` (written `{raw}`)");
        }
        (_, Some(value), None) => {
            let _ = write!(md, "\nvalue: `{value}`");
        }
        (None, value, Some(global)) => {
            let line = analysis.line_of(analysis.model.vars[global].instruction) + 1;
            let shown = value.as_deref().map_or("no default".to_string(), |v| format!("default `{v}`"));
            let _ = write!(md, "\ninherits the global ARG on line {line} ({shown})");
        }
        _ => {
            let _ = write!(md, "\nno default: set it with `--build-arg {}=…`", d.name);
        }
    }
    if d.kind == VarKind::Arg {
        md.push_str("\n\nA `--build-arg` overrides it.");
    }
    md
}

fn var_ref_markdown(analysis: &Analysis, r: usize) -> String {
    let reference = &analysis.model.var_refs[r];
    let mut md = match reference.decl {
        Some(d) => var_decl_markdown(analysis, d),
        None if PLATFORM_ARGS.contains(&reference.name.as_str()) && reference.scope != Scope::Global => {
            format!("**`{0}`** is predefined by BuildKit, but a stage sees it only after `ARG {0}`", reference.name)
        }
        None if is_predefined_arg(&reference.name) => format!("**`{}`** is predefined by BuildKit", reference.name),
        None if reference.in_shell => {
            format!("**`{}`** is not declared in this Dockerfile: the shell expands it at run time", reference.name)
        }
        None => format!("**`{}`** is not declared at this point: it expands to an empty string", reference.name),
    };
    if reference.in_shell && reference.decl.is_some() {
        md.push_str("\n\nExpanded by the shell when the command runs.");
    }
    md
}

// -------------------------------------------------------------------- images

fn image_markdown(text: &str, image: &ImageRef) -> String {
    let mut md = format!("**image** `{text}`\n\n");
    let registry = image.registry.as_deref().unwrap_or("docker.io");
    let repository = if image.registry.is_none() && !image.repository.contains('/') {
        format!("library/{}", image.repository)
    } else {
        image.repository.clone()
    };
    let _ = writeln!(md, "| | |\n| --- | --- |\n| registry | `{registry}` |\n| repository | `{repository}` |");
    let _ = writeln!(md, "| tag | `{}` |", image.tag.as_deref().unwrap_or("latest"));
    if let Some(digest) = &image.digest {
        let _ = writeln!(md, "| digest | `{digest}` |");
    }
    if let Some(url) = registry_page(image) {
        let site = if image.is_official() { "Docker Hub (official image)" } else { "registry page" };
        let _ = write!(md, "\n[{site}]({url})");
    }
    md
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::features::fixture::with_cursor;

    fn check_with_target(fixture: &str, target: Option<&str>, expect: Expect) {
        let (analysis, offset) = with_cursor(fixture);
        let rendered = match hover(&analysis, offset, target) {
            Some(h) => format!(
                "{}\n---\n{}",
                &analysis.text[usize::from(h.range.start())..usize::from(h.range.end())],
                h.markdown
            ),
            None => "no hover".to_string(),
        };
        expect.assert_eq(&rendered);
    }

    fn check(fixture: &str, expect: Expect) {
        check_with_target(fixture, None, expect);
    }

    #[test]
    fn instruction_keyword() {
        check(
            "FROM alpine\nCO$0PY a b\n",
            expect![[r#"
            COPY
            ---
            **COPY**: Copies files from the build context, a stage or an image into the image.

            ```dockerfile
            COPY [OPTIONS] <src> … <dest>
            COPY [OPTIONS] ["<src>", … "<dest>"]
            ```

            [Dockerfile reference](https://docs.docker.com/reference/dockerfile/#copy)"#]],
        );
    }

    #[test]
    fn flag_and_mount_key() {
        check(
            "FROM alpine\nRUN --netw$0ork=none true\n",
            expect![[r#"
            --network=none
            ---
            **`--network`** (RUN)

            Network for this command: `default`, `none` (no network) or `host`.

            Values: `default`, `none`, `host`

            [Dockerfile reference](https://docs.docker.com/reference/dockerfile/#run---network)"#]],
        );
        check(
            "FROM alpine\nRUN --mount=type=cache,shar$0ing=locked,target=/x true\n",
            expect![[r#"
            sharing=locked
            ---
            **`sharing`** mount option (cache)

            How concurrent builds share a cache mount.

            [RUN --mount reference](https://docs.docker.com/reference/dockerfile/#run---mount)"#]],
        );
    }

    #[test]
    fn stage_with_dependents_and_target() {
        let text = "FROM golang AS bu$0ild\nFROM build AS test\nFROM alpine\nCOPY --from=build /a /a\n";
        check(
            text,
            expect![[r#"
            build
            ---
            **stage `build`** (index 0)

            ```dockerfile
            FROM golang
            ```

            Used by: `test` (FROM, line 2), `stage 2` (COPY --from, line 4)

            Built by the default target `stage 2`."#]],
        );
        check_with_target(
            text.replace("bu$0ild", "build").replace("test\n", "te$0st\n").as_str(),
            None,
            expect![[r#"
            test
            ---
            **stage `test`** (index 1)

            ```dockerfile
            FROM build
            ```

            No other stage uses it.

            Not built by the default target `stage 2`: BuildKit skips it unless another target needs it."#]],
        );
        check_with_target(
            text,
            Some("test"),
            expect![[r#"
            build
            ---
            **stage `build`** (index 0)

            ```dockerfile
            FROM golang
            ```

            Used by: `test` (FROM, line 2), `stage 2` (COPY --from, line 4)

            Built by the configured target `test`."#]],
        );
    }

    #[test]
    fn variable_value_and_origin() {
        check(
            "ARG GO=1.22\nFROM golang:${G$0O}\n",
            expect![[r#"
            GO
            ---
            **global ARG `GO`** (line 1)

            value: `1.22`

            A `--build-arg` overrides it."#]],
        );
        check(
            "ARG GO=1.22\nFROM golang\nARG GO\nRUN echo $G$0O\n",
            expect![[r#"
            GO
            ---
            **ARG `GO`** (line 3)

            inherits the global ARG on line 1 (default `1.22`)

            A `--build-arg` overrides it.

            Expanded by the shell when the command runs."#]],
        );
        check(
            "FROM golang\nENV A=/x B=$A/bin\nRUN echo $B$0\n",
            expect![[r#"
            B
            ---
            **ENV `B`** (line 2)

            value: `/x/bin` (written `$A/bin`)

            Expanded by the shell when the command runs."#]],
        );
        check(
            "FROM golang\nRUN echo $TARGETARCH$0\n",
            expect![[r#"
            TARGETARCH
            ---
            **`TARGETARCH`** is predefined by BuildKit, but a stage sees it only after `ARG TARGETARCH`"#]],
        );
    }

    #[test]
    fn base_images() {
        check(
            "FROM nod$0e:22-alpine\n",
            expect![[r#"
            node:22-alpine
            ---
            **image** `node:22-alpine`

            | | |
            | --- | --- |
            | registry | `docker.io` |
            | repository | `library/node` |
            | tag | `22-alpine` |

            [Docker Hub (official image)](https://hub.docker.com/_/node)"#]],
        );
        check(
            "FROM ghcr.io/owner/tool:1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef$0\n",
            expect![[r#"
            ghcr.io/owner/tool:1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
            ---
            **image** `ghcr.io/owner/tool:1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef`

            | | |
            | --- | --- |
            | registry | `ghcr.io` |
            | repository | `owner/tool` |
            | tag | `1.0` |
            | digest | `sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef` |

            [registry page](https://ghcr.io/owner/tool)"#]],
        );
        check(
            "ARG IMG=python:3.13\nFROM $IMG$0 AS app\n",
            expect![[r#"
            IMG
            ---
            **global ARG `IMG`** (line 1)

            value: `python:3.13`

            A `--build-arg` overrides it."#]],
        );
    }

    #[test]
    fn directive() {
        check(
            "# esc$0ape=`\nFROM alpine\n",
            expect![[r#"
            # escape=`
            ---
            **`# escape=`** parser directive

            The escape and line-continuation character.

            [Dockerfile reference](https://docs.docker.com/reference/dockerfile/#escape)"#]],
        );
    }
}
