//! Go: the binary `go build -o` writes, on distroless (static when
//! `CGO_ENABLED=0`, with glibc otherwise), or alpine for an alpine build.

use super::{Artifact, Context, Os, Plan, Runtime, SimpleCommand};
use crate::features::refactor::Bail;

const BUILD_ONLY_ENV: &[&str] =
    &["CGO_ENABLED", "GOOS", "GOARCH", "GOARM", "GOAMD64", "GOFLAGS", "GOPROXY", "GOPRIVATE", "GO111MODULE"];

pub(super) fn detect(ctx: &Context<'_>) -> Option<Result<Plan, Bail>> {
    let (build_step, build) = ctx.find_last_command(|c| c.is("go", "build"))?;
    Some(plan(ctx, build_step, build))
}

fn plan(ctx: &Context<'_>, build_step: usize, build: &SimpleCommand) -> Result<Plan, Bail> {
    let Some(output) = build.option(&["-o"]).filter(|o| !o.ends_with('/') && !o.contains('$')) else {
        return Err("`go build` has no `-o FILE`: cannot tell where the binary is (add `-o /app/server`)".to_string());
    };
    let binary = ctx.absolute(output, build_step)?;
    let entry = ctx.entry().ok_or("no CMD or ENTRYPOINT: cannot tell what the container runs")?;
    let runs_binary = ctx.absolute(entry.words.first().map_or("", String::as_str), entry.at).as_ref() == Ok(&binary)
        || entry.words.first().is_some_and(|w| !w.contains('/') && binary.ends_with(&format!("/{w}")));
    if !runs_binary {
        return Err(format!("CMD/ENTRYPOINT does not run the binary {binary} that `go build` writes"));
    }
    let cgo_off = build.env_value("CGO_ENABLED") == Some("0") || ctx.env("CGO_ENABLED").as_deref() == Some("0");
    let (_, tag) = ctx.base_name_and_tag();
    let runtime = match (cgo_off, tag.contains("alpine")) {
        (true, _) => Runtime {
            image: "gcr.io/distroless/static-debian13:nonroot".into(),
            os: Os::Shell0,
            user: Some("nonroot:nonroot"),
        },
        // A cgo binary built on alpine links musl: it needs an alpine runtime.
        (false, true) => Runtime { image: "alpine:3.22".into(), os: Os::Alpine, user: None },
        (false, false) => Runtime {
            image: "gcr.io/distroless/base-debian13:nonroot".into(),
            os: Os::Shell0,
            user: Some("nonroot:nonroot"),
        },
    };
    let mut plan = Plan::new("Go", build_step, runtime);
    // A bare program name is looked up on PATH: put the binary there.
    let to = match entry.words.first() {
        Some(w) if !w.contains('/') => format!("/usr/local/bin/{w}"),
        _ => binary.clone(),
    };
    plan.artifacts.push(Artifact { from: binary, to });
    plan.build_only_env = BUILD_ONLY_ENV;
    for (run, commands) in &ctx.runs {
        if commands.iter().any(|c| c.is("go", "mod") || c.is("go", "build")) {
            plan.caches.push((*run, "/go/pkg/mod"));
        }
        if commands.iter().any(|c| c.is("go", "build")) {
            plan.caches.push((*run, "/root/.cache/go-build"));
        }
    }
    Ok(plan)
}
