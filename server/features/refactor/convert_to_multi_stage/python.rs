//! Python (pip with requirements.txt, poetry, uv): the dependencies go into
//! a virtualenv, which the final stage on `python:<same minor>-slim` copies
//! with the application folder.

use super::{Artifact, Context, Os, Plan, Runtime, SimpleCommand};
use crate::features::refactor::Bail;

const VENV: &str = "/opt/venv";

const BUILD_ONLY_ENV: &[&str] = &[
    "PIP_NO_CACHE_DIR",
    "PIP_DISABLE_PIP_VERSION_CHECK",
    "PIP_DEFAULT_TIMEOUT",
    "POETRY_VERSION",
    "POETRY_HOME",
    "POETRY_NO_INTERACTION",
    "POETRY_VIRTUALENVS_CREATE",
    "POETRY_VIRTUALENVS_IN_PROJECT",
    "POETRY_CACHE_DIR",
    "UV_COMPILE_BYTECODE",
    "UV_LINK_MODE",
    "UV_NO_CACHE",
    "UV_PYTHON_DOWNLOADS",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tool {
    Pip,
    Poetry,
    Uv,
}

fn is_pip_install(c: &SimpleCommand) -> bool {
    let pip = matches!(c.program(), "pip" | "pip3") && c.words.get(1).is_some_and(|w| w == "install");
    let module = matches!(c.program(), "python" | "python3")
        && c.words.get(1..4).is_some_and(|w| w[0] == "-m" && w[1] == "pip" && w[2] == "install");
    // Installing the tools themselves is not the app's dependencies.
    let tools_only = c.words.iter().skip(2).filter(|w| !w.starts_with('-')).all(|w| {
        matches!(w.as_str(), "install" | "pip" | "poetry" | "uv" | "setuptools" | "wheel" | "pipenv")
            || w.starts_with("poetry==")
    });
    (pip || module) && !tools_only
}

fn tool_of(c: &SimpleCommand) -> Option<Tool> {
    if c.is("poetry", "install") {
        Some(Tool::Poetry)
    } else if c.is("uv", "sync") {
        Some(Tool::Uv)
    } else if is_pip_install(c)
        || c.program() == "uv" && c.words.get(1..3).is_some_and(|w| w[0] == "pip" && w[1] == "install")
    {
        Some(Tool::Pip)
    } else {
        None
    }
}

pub(super) fn detect(ctx: &Context<'_>) -> Option<Result<Plan, Bail>> {
    let (install_step, command) = ctx.find_last_command(|c| tool_of(c).is_some())?;
    let tool = tool_of(command)?;
    Some(plan(ctx, tool, install_step))
}

fn plan(ctx: &Context<'_>, tool: Tool, install_step: usize) -> Result<Plan, Bail> {
    let (name, tag) = ctx.base_name_and_tag();
    if name != "python" {
        return Err(format!("the build image is {name}, not python: cannot pick a runtime with the same Python"));
    }
    let entry = ctx.entry().ok_or("no CMD or ENTRYPOINT: cannot tell what the container runs")?;
    if matches!(entry.program(), "poetry" | "uv" | "pipenv") {
        return Err(format!(
            "CMD runs `{}`, which the runtime image does not have: run the app from the virtualenv (e.g. CMD [\"python\", \"-m\", \"app\"])",
            entry.program()
        ));
    }
    let workdir = ctx.app_dir(install_step)?;
    let written = ctx.written_tag();
    let runtime_tag = super::slim_tag(if written.is_empty() { &tag } else { &written }, false);
    let os = if runtime_tag.contains("alpine") { Os::Alpine } else { Os::Debian };
    let runtime = Runtime { image: format!("python:{runtime_tag}"), os, user: None };
    let ecosystem = match tool {
        Tool::Pip => "Python (pip)",
        Tool::Poetry => "Python (poetry)",
        Tool::Uv => "Python (uv)",
    };
    let mut plan = Plan::new(ecosystem, install_step, runtime);
    plan.build_only_env = BUILD_ONLY_ENV;
    let venv = match (tool, existing_venv(ctx)) {
        (_, Some(venv)) => venv,
        (Tool::Uv, None) => {
            ctx.env("UV_PROJECT_ENVIRONMENT").unwrap_or_else(|| crate::model::paths::join_absolute(&workdir, ".venv"))
        }
        (_, None) => {
            let first_install = ctx.find_command(|c| tool_of(c).is_some()).map_or(install_step, |(i, _)| i);
            plan.build_inserts.push((
                first_install,
                vec![format!("RUN python -m venv {VENV}"), format!("ENV VIRTUAL_ENV={VENV} PATH=\"{VENV}/bin:$PATH\"")],
            ));
            VENV.to_string()
        }
    };
    if !venv.starts_with(&format!("{}/", workdir.trim_end_matches('/'))) {
        plan.artifacts.push(Artifact::same_path(&venv));
    }
    plan.artifacts.push(Artifact::same_path(&workdir));
    if ctx.env("PATH").is_none_or(|p| !p.contains(&venv)) {
        plan.env.push(format!("VIRTUAL_ENV={venv} PATH=\"{venv}/bin:$PATH\""));
    }
    let cache = match tool {
        Tool::Pip => "/root/.cache/pip",
        Tool::Poetry => "/root/.cache/pypoetry",
        Tool::Uv => "/root/.cache/uv",
    };
    for (run, commands) in &ctx.runs {
        if commands.iter().any(|c| tool_of(c) == Some(tool)) {
            plan.caches.push((*run, cache));
        }
    }
    Ok(plan)
}

/// A virtualenv the Dockerfile creates itself (`python -m venv /venv`, `uv venv`).
fn existing_venv(ctx: &Context<'_>) -> Option<String> {
    let (run, command) = ctx.find_command(|c| {
        matches!(c.program(), "python" | "python3") && c.words.get(1..3).is_some_and(|w| w[0] == "-m" && w[1] == "venv")
            || c.program() == "virtualenv"
            || c.is("uv", "venv")
    })?;
    let path = command.words.iter().skip(1).rfind(|w| !w.starts_with('-') && *w != "venv")?;
    ctx.absolute(path, run).ok()
}
