//! Rust: the binary cargo builds, on distroless `cc` (glibc, libssl,
//! CA certificates) of the same or a newer Debian than the build image.

use super::{Artifact, Context, Os, Plan, Runtime};
use crate::features::refactor::Bail;

pub(super) fn detect(ctx: &Context<'_>) -> Option<Result<Plan, Bail>> {
    let (build_step, build) = ctx.find_last_command(|c| c.is("cargo", "build") || c.is("cargo", "install"))?;
    let installs = build.is("cargo", "install");
    let release = build.has_word("--release") || installs;
    Some(plan(ctx, build_step, installs, release))
}

fn plan(ctx: &Context<'_>, build_step: usize, installs: bool, release: bool) -> Result<Plan, Bail> {
    let entry = ctx.entry().ok_or("no CMD or ENTRYPOINT: cannot tell which binary runs")?;
    let program = entry.words.first().cloned().unwrap_or_default();
    let profile = if release { "target/release/" } else { "target/debug/" };
    let artifact = if program.contains(profile) {
        let path = ctx.absolute(&program, entry.at)?;
        Artifact::same_path(&path)
    } else if installs && !program.contains('/') && !program.is_empty() {
        Artifact { from: format!("/usr/local/cargo/bin/{program}"), to: format!("/usr/local/bin/{program}") }
    } else {
        return Err(format!(
            "CMD/ENTRYPOINT runs `{program}`, not a binary cargo builds: run it by path (e.g. CMD [\"./{profile}app\"])"
        ));
    };
    let (_, tag) = ctx.base_name_and_tag();
    let runtime = if tag.contains("alpine") {
        Runtime { image: "alpine:3.22".into(), os: Os::Alpine, user: None }
    } else if tag.contains("bookworm") || tag.contains("bullseye") {
        Runtime { image: "gcr.io/distroless/cc-debian12:nonroot".into(), os: Os::Shell0, user: Some("nonroot:nonroot") }
    } else {
        // A binary runs on the same or a newer glibc: debian13 is the newest.
        Runtime { image: "gcr.io/distroless/cc-debian13:nonroot".into(), os: Os::Shell0, user: Some("nonroot:nonroot") }
    };
    let mut plan = Plan::new("Rust (cargo)", build_step, runtime);
    plan.artifacts.push(artifact);
    plan.build_only_env =
        &["CARGO_HOME", "CARGO_TERM_COLOR", "CARGO_INCREMENTAL", "RUSTFLAGS", "CARGO_NET_GIT_FETCH_WITH_CLI"];
    for (run, commands) in &ctx.runs {
        if commands.iter().any(|c| c.program() == "cargo") {
            plan.caches.push((*run, "/usr/local/cargo/registry"));
        }
    }
    Ok(plan)
}
