//! .NET: the `dotnet publish` output, on `mcr.microsoft.com/dotnet/aspnet`
//! (web apps) or `runtime` of the same version.

use super::{leading_number, Artifact, Context, Os, Plan, Runtime};
use crate::features::refactor::Bail;

pub(super) fn detect(ctx: &Context<'_>) -> Option<Result<Plan, Bail>> {
    let (build_step, publish) = ctx.find_last_command(|c| c.is("dotnet", "publish"))?;
    let output = publish.option(&["-o", "--output"]).map(str::to_string);
    Some(plan(ctx, build_step, output))
}

fn plan(ctx: &Context<'_>, build_step: usize, output: Option<String>) -> Result<Plan, Bail> {
    let Some(output) = output.filter(|o| !o.contains('$')) else {
        return Err("`dotnet publish` has no `-o DIR`: cannot tell where the app is published (add `-o /app/publish`)"
            .to_string());
    };
    let publish_dir = ctx.absolute(&output, build_step)?;
    let entry = ctx.entry().ok_or("no CMD or ENTRYPOINT: cannot tell what the container runs")?;
    let runs_published = entry.program() == "dotnet"
        && entry
            .words
            .get(1)
            .is_some_and(|dll| ctx.absolute(dll, entry.at).is_ok_and(|p| p.starts_with(&format!("{publish_dir}/"))));
    let runs_apphost = ctx
        .absolute(entry.words.first().map_or("", String::as_str), entry.at)
        .is_ok_and(|p| p.starts_with(&format!("{publish_dir}/")));
    if !runs_published && !runs_apphost {
        return Err(format!("CMD/ENTRYPOINT does not run the app published to {publish_dir}"));
    }
    let (name, tag) = ctx.base_name_and_tag();
    if name != "dotnet/sdk" {
        return Err(format!("the build image is {name}, not mcr.microsoft.com/dotnet/sdk: cannot pick the runtime"));
    }
    let web = ctx.stage.instructions().any(|i| ctx.analysis.instruction(i).is("expose"))
        || ctx.analysis.model.vars.iter().any(|v| v.name.starts_with("ASPNETCORE_"));
    let flavour = if web { "aspnet" } else { "runtime" };
    let os = if tag.contains("alpine") { Os::Alpine } else { Os::Debian };
    // .NET 8 images have a non-root `app` user.
    let user = leading_number(&tag).filter(|&major| major >= 8).map(|_| "app");
    let runtime = Runtime { image: format!("mcr.microsoft.com/dotnet/{flavour}:{tag}"), os, user };
    let mut plan = Plan::new(".NET", build_step, runtime);
    plan.artifacts.push(Artifact::same_path(&publish_dir));
    plan.build_only_env = &["DOTNET_CLI_TELEMETRY_OPTOUT", "DOTNET_NOLOGO", "DOTNET_SKIP_FIRST_TIME_EXPERIENCE"];
    for (run, commands) in &ctx.runs {
        if commands.iter().any(|c| c.program() == "dotnet") {
            plan.caches.push((*run, "/root/.nuget/packages"));
        }
    }
    Ok(plan)
}
