//! `dls/RootUser`: the image runs its process as root (no USER, or USER
//! root/0 last). A hint only for `scratch` and distroless bases, which have
//! no shell or users to exploit.

use super::{finding, Facts};
use crate::features::diagnostics::{Severity, Sink};
use crate::model::{BaseKind, Command};

pub const CODE: &str = "dls/RootUser";

pub fn check(facts: &Facts<'_>, sink: &mut Sink) {
    let model = &facts.analysis.model;
    let Some(target) = facts.target else { return };
    // The entrypoint steps down from root at run time (docker-library style).
    if ["gosu", "su-exec", "setpriv"].iter().any(|tool| facts.text_mentions(tool)) {
        return;
    }
    let mut stage_index = target;
    for _ in 0..=model.stages.len() {
        let Some(stage) = model.stages.get(stage_index) else { return };
        if let Some((index, user)) = last_user(facts, stage.instructions()) {
            if is_root(&user) {
                let range = facts.analysis.instruction(index).range;
                let message = format!("the image runs as `{user}`: switch to an unprivileged user at the end");
                sink.push(finding(CODE, Severity::Information, range, message));
            }
            return;
        }
        match &stage.base.kind {
            BaseKind::Stage(parent) => stage_index = *parent,
            kind => {
                let Some(severity) = severity_for_base(kind) else { return };
                let target_stage = &model.stages[target];
                let from = facts.analysis.instruction(target_stage.from);
                let range = from.keyword.range.cover(target_stage.base.word.range);
                let message = "no USER: the image runs as root unless its base image sets a user; add `USER <name>`";
                sink.push(finding(CODE, severity, range, message.to_string()));
                return;
            }
        }
    }
}

/// The last `USER` of a stage, with its value.
fn last_user(facts: &Facts<'_>, instructions: std::ops::Range<usize>) -> Option<(usize, String)> {
    instructions.rev().find_map(|i| {
        if !facts.analysis.instruction(i).is("user") {
            return None;
        }
        match facts.analysis.command(i) {
            Command::Single { value: Some(v) } => Some((i, v.text.clone())),
            _ => None,
        }
    })
}

fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or(user);
    name == "root" || name == "0"
}

/// `None` when the base image is known to run unprivileged or is Windows.
fn severity_for_base(kind: &BaseKind) -> Option<Severity> {
    match kind {
        BaseKind::Scratch => Some(Severity::Hint),
        BaseKind::Image(image) => {
            let repo = image.repository.as_str();
            let tag = image.tag.as_deref().unwrap_or("");
            let registry = image.registry.as_deref().unwrap_or("");
            if tag.contains("nonroot")
                || registry == "cgr.dev"
                || repo.contains("windows")
                || repo.contains("nanoserver")
            {
                None
            } else if repo.contains("distroless") {
                Some(Severity::Hint)
            } else {
                Some(Severity::Information)
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::diagnostics::test_support::check_practices;

    #[test]
    fn reports_root_in_the_final_stage_only() {
        check_practices(
            "FROM alpine:3 AS a\nUSER app\nFROM a\nRUN id\n",
            expect![[r#"
            FROM alpine:3 AS a
            USER app
            FROM a
            RUN id
        "#]],
        );
        check_practices(
            "FROM alpine:3 AS a\nUSER root\nFROM debian:12\n",
            expect![[r#"
            <focus>FROM alpine:3 AS a
            USER root</focus>
            <focus>FROM debian:12</focus>
            hint dls/UnreachableStage: stage `a` is not needed to build the target, stage 1: remove it, or build it with `--target a`
            info dls/RootUser: no USER: the image runs as root unless its base image sets a user; add `USER <name>`
        "#]],
        );
        check_practices(
            "FROM alpine:3\nUSER app\nUSER 0:0\n",
            expect![[r#"
            FROM alpine:3
            USER app
            <focus>USER 0:0</focus>
            info dls/RootUser: the image runs as `0:0`: switch to an unprivileged user at the end
        "#]],
        );
        check_practices(
            "FROM scratch\nCOPY x /\n",
            expect![[r#"
            <focus>FROM scratch</focus>
            COPY x /
            hint dls/RootUser: no USER: the image runs as root unless its base image sets a user; add `USER <name>`
        "#]],
        );
        check_practices(
            "FROM gcr.io/distroless/static:nonroot\nFROM gcr.io/distroless/static:latest\n",
            expect![[r#"
            <focus>FROM gcr.io/distroless/static:nonroot</focus>
            <focus>FROM <focus>gcr.io/distroless/static:latest</focus></focus>
            hint dls/UnreachableStage: stage 0 is not needed to build the target, stage 1: remove it, or name it to build it with `--target`
            hint dls/RootUser: no USER: the image runs as root unless its base image sets a user; add `USER <name>`
            warning dls/BaseImageLatest: `gcr.io/distroless/static:latest` changes under you: pin a version tag
        "#]],
        );
    }
}
