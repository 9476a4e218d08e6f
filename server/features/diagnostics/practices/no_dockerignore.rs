//! `dls/NoDockerignore`: `COPY . .` without a `.dockerignore` sends and
//! copies everything: `.git`, local `node_modules`, build output, secrets in
//! `.env`. The fix creates one with entries for the ecosystems the
//! Dockerfile uses. Needs the folder of the Dockerfile (`FileContext`).

use super::{finding, Facts};
use crate::features::diagnostics::{Severity, Sink};
use crate::features::{CreateFile, Fix};
use crate::model::Command;

pub const CODE: &str = "dls/NoDockerignore";

pub fn check(facts: &Facts<'_>, sink: &mut Sink) {
    let context = facts.options.context;
    if !context.on_disk() || context.dockerignore.is_some() {
        return;
    }
    let Some((index, source)) = first_whole_context_copy(facts) else { return };
    let message = "this copies the whole build context and there is no `.dockerignore`: add one to keep `.git`, \
                   dependencies and secrets out of the image";
    let file = CreateFile { relative_path: ".dockerignore".to_string(), text: dockerignore_for(&facts.analysis.text) };
    let fix = Fix::create_file("Create a `.dockerignore`", file);
    let range = source.cover(facts.analysis.instruction(index).keyword.range);
    sink.push(finding(CODE, Severity::Information, range, message.to_string()).with_fix(fix));
}

/// The first COPY/ADD of `.` (the whole context) and the source's range.
pub(crate) fn first_whole_context_copy(facts: &Facts<'_>) -> Option<(usize, text_size::TextRange)> {
    let analysis = facts.analysis;
    (0..analysis.file.instructions.len()).find_map(|i| whole_context_source(facts, i).map(|r| (i, r)))
}

/// The `.` source of a COPY/ADD from the build context.
pub(crate) fn whole_context_source(facts: &Facts<'_>, index: usize) -> Option<text_size::TextRange> {
    let instruction = facts.analysis.instruction(index);
    if !(instruction.is("copy") || instruction.is("add")) || super::has_flag(instruction, "from") {
        return None;
    }
    let Command::List { items, .. } = facts.analysis.command(index) else { return None };
    let sources = items.get(..items.len().saturating_sub(1))?;
    sources.iter().find(|w| matches!(w.text.as_str(), "." | "./" | "*")).map(|w| w.range)
}

/// Sensible `.dockerignore` entries for what the Dockerfile builds.
fn dockerignore_for(dockerfile: &str) -> String {
    let mut lines = vec![".git", ".env", "*.log"];
    let ecosystems: &[(&[&str], &[&str])] = &[
        (&["npm ", "yarn", "pnpm", "node"], &["node_modules", "npm-debug.log*", "dist", "coverage"]),
        (&["pip", "python", "poetry", "uv "], &["__pycache__", "*.pyc", ".venv", "venv", ".pytest_cache"]),
        (&["cargo", "rust"], &["target"]),
        (&["mvn", "maven", "gradle", "java"], &["target", "build", ".gradle"]),
        (&["dotnet"], &["bin", "obj"]),
        (&["go build", "go mod", "golang"], &["bin"]),
        (&["bundle", "ruby"], &["vendor/bundle", "log", "tmp"]),
        (&["composer", "php"], &["vendor"]),
    ];
    let lower = dockerfile.to_ascii_lowercase();
    for (needles, entries) in ecosystems {
        if needles.iter().any(|n| lower.contains(n)) {
            for entry in *entries {
                // An entry the Dockerfile names may be copied on purpose (`COPY dist /app`).
                if !lines.contains(entry) && !lower.contains(&entry.to_ascii_lowercase()) {
                    lines.push(entry);
                }
            }
        }
    }
    lines.push("Dockerfile*");
    lines.push(".dockerignore");
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::features::context::{FileContext, IgnoreFile};
    use crate::features::diagnostics::test_support::{check_practices, check_practices_in};

    const TEXT: &str = "FROM node:22\nCOPY . .\nRUN npm ci\nUSER node\n";

    #[test]
    fn needs_a_known_folder_without_dockerignore() {
        let on_disk = FileContext { file_name: Some("Dockerfile".into()), ..FileContext::UNKNOWN };
        check_practices_in(
            TEXT,
            &on_disk,
            expect![[r#"
            FROM node:22
            <focus><focus>COPY .</focus></focus> .
            RUN npm ci
            USER node
            info dls/CopyAllBeforeInstall: copying everything before installing dependencies re-runs the install on every source change: copy `package.json` and the lockfile first, install, then copy the rest
            info dls/NoDockerignore: this copies the whole build context and there is no `.dockerignore`: add one to keep `.git`, dependencies and secrets out of the image
        "#]],
        );
        check_practices(
            TEXT,
            expect![[r#"
            FROM node:22
            <focus>COPY .</focus> .
            RUN npm ci
            USER node
            info dls/CopyAllBeforeInstall: copying everything before installing dependencies re-runs the install on every source change: copy `package.json` and the lockfile first, install, then copy the rest
        "#]],
        );
        let ignored = FileContext {
            dockerignore: Some(IgnoreFile { name: ".dockerignore".into(), text: String::new() }),
            ..on_disk
        };
        check_practices_in(
            TEXT,
            &ignored,
            expect![[r#"
            FROM node:22
            <focus>COPY .</focus> .
            RUN npm ci
            USER node
            info dls/CopyAllBeforeInstall: copying everything before installing dependencies re-runs the install on every source change: copy `package.json` and the lockfile first, install, then copy the rest
        "#]],
        );
    }

    #[test]
    fn entries_follow_the_ecosystem() {
        expect![[r#"
            .git
            .env
            *.log
            node_modules
            npm-debug.log*
            dist
            coverage
            Dockerfile*
            .dockerignore
        "#]]
        .assert_eq(&super::dockerignore_for(TEXT));
    }
}
