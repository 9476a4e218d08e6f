//! Node.js (npm, yarn, pnpm): a server keeps running on the same Node major
//! in `-slim` (or `-alpine`) with production dependencies only; a static
//! front-end (served by `serve`, `http-server` or `vite preview`) moves its
//! build output to nginx.

use super::{slim_tag, Artifact, Context, Entry, Os, Plan, Runtime, SimpleCommand};
use crate::features::refactor::Bail;
use crate::model::paths::join_absolute;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Manager {
    Npm,
    Yarn,
    Pnpm,
}

impl Manager {
    fn name(self) -> &'static str {
        match self {
            Manager::Npm => "npm",
            Manager::Yarn => "yarn",
            Manager::Pnpm => "pnpm",
        }
    }

    fn installs(self, c: &SimpleCommand) -> bool {
        match self {
            Manager::Npm => c.is("npm", "ci") || c.is("npm", "install") || c.is("npm", "i"),
            Manager::Yarn => {
                c.program() == "yarn" && (c.words.len() == 1 || c.is("yarn", "install") || c.words[1].starts_with('-'))
            }
            Manager::Pnpm => c.is("pnpm", "install") || c.is("pnpm", "i"),
        }
    }

    fn cache(self) -> &'static str {
        match self {
            Manager::Npm => "/root/.npm",
            Manager::Yarn => "/usr/local/share/.cache/yarn",
            Manager::Pnpm => "/root/.local/share/pnpm/store",
        }
    }

    /// Removes the devDependencies from node_modules.
    fn prune(self, install: &SimpleCommand) -> String {
        match self {
            Manager::Npm => "RUN npm prune --omit=dev".to_string(),
            Manager::Yarn if install.has_word("--frozen-lockfile") => {
                "RUN yarn install --production --frozen-lockfile --ignore-scripts --prefer-offline".to_string()
            }
            Manager::Yarn => "RUN yarn install --production --ignore-scripts --prefer-offline".to_string(),
            Manager::Pnpm => "RUN pnpm prune --prod".to_string(),
        }
    }
}

pub(super) fn detect(ctx: &Context<'_>) -> Option<Result<Plan, Bail>> {
    let manager = [Manager::Npm, Manager::Yarn, Manager::Pnpm]
        .into_iter()
        .find(|m| ctx.find_command(|c| m.installs(c)).is_some())?;
    Some(plan(ctx, manager))
}

fn is_build(c: &SimpleCommand) -> bool {
    let script = match c.program() {
        "npm" | "pnpm" | "yarn" if c.words.get(1).is_some_and(|w| w == "run" || w == "run-script") => c.words.get(2),
        "yarn" | "pnpm" => c.words.get(1),
        "npx" | "pnpx" => return c.words.get(1).is_some_and(|w| is_build_tool(w, c.words.get(2))),
        program => return is_build_tool(program, c.words.get(1)),
    };
    script.is_some_and(|s| s == "build" || s.starts_with("build:"))
}

fn is_build_tool(program: &str, first: Option<&String>) -> bool {
    match program {
        "tsc" | "webpack" | "rollup" | "esbuild" | "parcel" => true,
        "vite" | "next" | "nest" | "ng" => first.is_some_and(|w| w == "build"),
        _ => false,
    }
}

fn plan(ctx: &Context<'_>, manager: Manager) -> Result<Plan, Bail> {
    let (_, install) = ctx.find_command(|c| manager.installs(c)).ok_or("no install step")?;
    let Some((build_step, _)) = ctx.find_last_command(is_build) else {
        return Err(format!(
            "nothing is built (no `{} run build`, tsc, vite build …): the image already holds only what {} installed",
            manager.name(),
            manager.name()
        ));
    };
    let (name, tag) = ctx.base_name_and_tag();
    if name != "node" {
        return Err(format!("the build image is {name}, not node: cannot pick a runtime with the same Node version"));
    }
    let entry = ctx.entry();
    let workdir = ctx.app_dir(build_step)?;
    let mut plan = match entry.as_ref().and_then(static_site_dir) {
        Some(dir) => static_site(ctx, manager, build_step, &join_absolute(&workdir, &dir)),
        None => server(ctx, manager, build_step, install, &tag, &workdir, entry.as_ref())?,
    };
    for (run, commands) in &ctx.runs {
        if *run <= build_step && commands.iter().any(|c| manager.installs(c)) {
            plan.caches.push((*run, manager.cache()));
        }
    }
    Ok(plan)
}

/// The folder a static file server serves: `serve -s dist`, `http-server build`,
/// `vite preview` (vite's `dist`).
fn static_site_dir(entry: &Entry) -> Option<String> {
    let mut words: &[String] = &entry.words;
    if words.first().is_some_and(|w| w == "npx") {
        words = &words[1..];
    }
    let program = words.first()?.as_str();
    let script = |m: &str| words.len() >= 3 && words[0] == m && words[1] == "run" && words[2] == "preview";
    if script("npm") || script("yarn") || script("pnpm") || (program == "vite" && words.get(1)?.as_str() == "preview") {
        return Some("dist".to_string());
    }
    if program != "serve" && program != "http-server" {
        return None;
    }
    let with_value = ["-l", "--listen", "-p", "--port", "-c", "--config", "-a", "--address"];
    let mut rest = words[1..].iter();
    while let Some(w) = rest.next() {
        if with_value.contains(&w.as_str()) {
            rest.next();
        } else if !w.starts_with('-') {
            return Some(w.trim_end_matches('/').to_string());
        }
    }
    None
}

fn static_site(ctx: &Context<'_>, manager: Manager, build_step: usize, dir: &str) -> Plan {
    let runtime = Runtime { image: "nginxinc/nginx-unprivileged:alpine".into(), os: Os::Alpine, user: Some("nginx") };
    let ecosystem = match manager {
        Manager::Npm => "static front-end (npm) → nginx",
        Manager::Yarn => "static front-end (yarn) → nginx",
        Manager::Pnpm => "static front-end (pnpm) → nginx",
    };
    let mut plan = Plan::new(ecosystem, build_step, runtime);
    plan.artifacts.push(Artifact { from: dir.to_string(), to: "/usr/share/nginx/html".to_string() });
    // nginx serves on its own port with its own command.
    plan.dropped = ctx
        .stage
        .instructions()
        .filter(|&i| ["expose", "cmd", "entrypoint", "healthcheck"].iter().any(|k| ctx.analysis.instruction(i).is(k)))
        .collect();
    plan.extra.push("EXPOSE 8080".to_string());
    plan.build_only_env = &["NODE_ENV", "NEXT_TELEMETRY_DISABLED", "CI"];
    plan
}

fn server(
    ctx: &Context<'_>,
    manager: Manager,
    build_step: usize,
    install: &SimpleCommand,
    tag: &str,
    workdir: &str,
    entry: Option<&Entry>,
) -> Result<Plan, Bail> {
    let entry = entry.ok_or("no CMD or ENTRYPOINT: cannot tell what the container runs")?;
    if !matches!(entry.program(), "node" | "npm" | "yarn" | "npx" | "docker-entrypoint.sh") {
        return Err(format!(
            "CMD runs `{}`, which the runtime image does not have: run the app with node (e.g. CMD [\"node\", \"dist/index.js\"])",
            entry.program()
        ));
    }
    let written = ctx.written_tag();
    let runtime_tag = slim_tag(if written.is_empty() { tag } else { &written }, true);
    let os = if runtime_tag.contains("alpine") { Os::Alpine } else { Os::Debian };
    let image = format!("node:{runtime_tag}");
    let mut plan = Plan::new(
        match manager {
            Manager::Npm => "Node.js (npm)",
            Manager::Yarn => "Node.js (yarn)",
            Manager::Pnpm => "Node.js (pnpm)",
        },
        build_step,
        Runtime { image, os, user: Some("node") },
    );
    if ctx.env("NODE_ENV").is_none() {
        plan.env.push("NODE_ENV=production".to_string());
    }
    plan.after_build.push(manager.prune(install));
    match output_dir(entry, ctx, workdir) {
        Some(dir) => {
            for item in ["package.json", "node_modules", dir.as_str()] {
                plan.artifacts.push(Artifact::same_path(&join_absolute(workdir, item)));
            }
        }
        None => plan.artifacts.push(Artifact::same_path(workdir)),
    }
    Ok(plan)
}

/// `node dist/main.js` → `dist`: the top folder of the script node runs,
/// when it is not a source folder copied from the context.
fn output_dir(entry: &Entry, ctx: &Context<'_>, workdir: &str) -> Option<String> {
    if entry.program() != "node" {
        return None;
    }
    let script = entry.words.iter().skip(1).find(|w| !w.starts_with('-'))?;
    let relative = script.strip_prefix(workdir).map_or(script.as_str(), |s| s.trim_start_matches('/'));
    let (top, _) = relative.trim_start_matches("./").split_once('/')?;
    let copied = ctx.copied_sources().iter().any(|(_, s)| s.trim_end_matches('/') == top);
    (!copied && !top.is_empty() && !top.starts_with('.')).then(|| top.to_string())
}
