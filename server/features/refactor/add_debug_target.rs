//! "Add a debug target": a stage `FROM <final> AS debug` with a shell and
//! common tools, for `docker build --target debug`. A last stage
//! `FROM <final>` keeps the production image the default target.

use text_size::TextSize;

use super::layout::KeywordCase;
use super::{Bail, RefactorKind, Refactoring};
use crate::features::TextEdit;
use crate::model::{Analysis, BaseKind, Stage};

pub const DEBUG_STAGE: &str = "debug";

/// Offered in the final stage.
pub fn add_debug_target(analysis: &Analysis, at: TextSize) -> Result<Refactoring, Bail> {
    let model = &analysis.model;
    let last = model.stages.last().ok_or("the file has no FROM")?;
    let in_last = analysis.instruction_at(at).and_then(|i| analysis.stage_of(i)) == Some(last.index);
    if !in_last {
        return Err("the cursor is not in the final stage".to_string());
    }
    if model.stage_by_name(DEBUG_STAGE).is_some() {
        return Err("a `debug` stage exists already".to_string());
    }
    let tools = debug_tools(analysis, last)?;
    let case = KeywordCase::of(analysis);
    let mut edits = Vec::new();
    let name = match last.name() {
        Some(name) => name.to_string(),
        None => {
            let name = if model.stage_by_name("production").is_some() { "release" } else { "production" };
            edits.push(TextEdit::insert(last.base.word.range.end(), format!(" {} {name}", case.keyword("as"))));
            name.to_string()
        }
    };
    let user = last_user(analysis, last);
    let mut stage = String::from("\n");
    stage.push_str(&format!("# Debug image with a shell and tools: docker build --target {DEBUG_STAGE} .\n"));
    stage.push_str(
        &case.apply(&format!("FROM {name} AS {DEBUG_STAGE}\n")).replace(" AS ", &format!(" {} ", case.keyword("as"))),
    );
    for line in tools {
        stage.push_str(&case.apply(&format!("{line}\n")));
    }
    if let Some(user) = user {
        stage.push_str(&case.apply(&format!("USER {user}\n")));
    }
    stage.push_str("\n# The default target stays the production image.\n");
    stage.push_str(&case.apply(&format!("FROM {name}\n")));
    let end = text_size::TextSize::of(&*analysis.text);
    let prefix = if analysis.text.ends_with('\n') || analysis.text.is_empty() { "" } else { "\n" };
    edits.push(TextEdit::insert(end, format!("{prefix}{stage}")));
    Ok(Refactoring {
        title: "Add a debug target (`--target debug`)".to_string(),
        kind: RefactorKind::Extract,
        edits,
        resolves: None,
    })
}

/// The instructions that add a shell and tools to an image like the final one.
fn debug_tools(analysis: &Analysis, last: &Stage) -> Result<Vec<String>, Bail> {
    let image = final_image(analysis, last).ok_or("cannot tell the final stage's image")?;
    let root = "USER root".to_string();
    if image.contains("distroless") || image == "scratch" || image.contains("chiseled") {
        return Ok(vec![
            "COPY --from=busybox:1.37-musl /bin/ /busybox/".to_string(),
            "ENV PATH=\"$PATH:/busybox\"".to_string(),
            "SHELL [\"/busybox/sh\", \"-c\"]".to_string(),
        ]);
    }
    if image.contains("alpine") {
        return Ok(vec![root, "RUN apk add --no-cache bash curl procps bind-tools".to_string()]);
    }
    let debian =
        ["node", "python", "debian", "ubuntu", "eclipse-temurin", "dotnet/", "ruby", "php", "golang", "rust", "nginx"];
    if debian.iter().any(|d| image.contains(d)) {
        return Ok(vec![
            root,
            "RUN apt-get update && apt-get install -y --no-install-recommends bash curl procps dnsutils && rm -rf /var/lib/apt/lists/*"
                .to_string(),
        ]);
    }
    Err(format!("cannot tell how to add tools to {image}"))
}

/// The final image, following `FROM <stage>` back to an image.
fn final_image(analysis: &Analysis, last: &Stage) -> Option<String> {
    let mut stage = last;
    for _ in 0..analysis.model.stages.len() {
        match &stage.base.kind {
            BaseKind::Stage(i) => stage = analysis.model.stages.get(*i)?,
            BaseKind::Scratch => return Some("scratch".to_string()),
            BaseKind::Image(r) => return Some(format!("{}:{}", r.repository, r.tag.clone().unwrap_or_default())),
            BaseKind::Invalid(_) => return None,
        }
    }
    None
}

fn last_user(analysis: &Analysis, stage: &Stage) -> Option<String> {
    stage
        .instructions()
        .rfind(|&i| analysis.instruction(i).is("user"))
        .map(|i| analysis.instruction(i).args.text.clone())
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::features::refactor::apply;

    fn check(text: &str, expect: expect_test::Expect) {
        let (analysis, at) = crate::features::fixture::with_cursor(text);
        let out = match add_debug_target(&analysis, at) {
            Ok(r) => apply(&analysis, &r),
            Err(reason) => format!("not offered: {reason}"),
        };
        expect.assert_eq(&out);
    }

    #[test]
    fn adds_a_debug_stage_before_a_default_production_stage() {
        check(
            "FROM node:20-slim\nUSER node\n$0CMD [\"node\", \"x.js\"]\n",
            expect![[r#"
                FROM node:20-slim AS production
                USER node
                CMD ["node", "x.js"]

                # Debug image with a shell and tools: docker build --target debug .
                FROM production AS debug
                USER root
                RUN apt-get update && apt-get install -y --no-install-recommends bash curl procps dnsutils && rm -rf /var/lib/apt/lists/*
                USER node

                # The default target stays the production image.
                FROM production
            "#]],
        );
        check(
            "FROM golang AS build\nFROM $0gcr.io/distroless/static-debian13:nonroot AS runtime\n",
            expect![[r#"
                FROM golang AS build
                FROM gcr.io/distroless/static-debian13:nonroot AS runtime

                # Debug image with a shell and tools: docker build --target debug .
                FROM runtime AS debug
                COPY --from=busybox:1.37-musl /bin/ /busybox/
                ENV PATH="$PATH:/busybox"
                SHELL ["/busybox/sh", "-c"]

                # The default target stays the production image.
                FROM runtime
            "#]],
        );
    }
}
