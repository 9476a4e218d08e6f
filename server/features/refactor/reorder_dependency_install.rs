//! "Install dependencies before copying the sources": copies the dependency
//! manifests and runs the install step before `COPY . .`, so that editing a
//! source file does not invalidate the install layer.

use super::layout::{self, Lines};
use super::shell::{self, SimpleCommand};
use super::{Bail, RefactorKind, Refactoring};
use crate::features::TextEdit;
use crate::model::{Analysis, Command, Stage};
use text_size::TextSize;

/// The move, found in one stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Reorder {
    /// The `COPY . .` instruction.
    pub(crate) copy_all: usize,
    /// The install RUN after it (`None` when one is added: `go mod download`).
    pub(crate) install: usize,
    /// `None`: the RUN is moved; `Some(text)`: this RUN is added instead.
    pub(crate) added_run: Option<&'static str>,
    /// The `COPY` of the manifests, or `None` when they are copied earlier already.
    pub(crate) manifests: Option<String>,
}

impl Reorder {
    /// Edits that insert the manifests and the install before `COPY . .`.
    /// `run_flags` is put before the arguments of the moved RUN.
    pub(crate) fn edits_with(&self, analysis: &Analysis, lines: &Lines<'_>, run_flags: &str) -> Vec<TextEdit> {
        let mut text = String::new();
        if let Some(manifests) = &self.manifests {
            text.push_str(&keyword_like(analysis, self.copy_all, &format!("COPY {manifests} ./\n")));
        }
        let mut edits = Vec::new();
        match self.added_run {
            Some(run) => text.push_str(&keyword_like(analysis, self.copy_all, &format!("RUN {run_flags}{run}\n"))),
            None => {
                let block = layout::block(analysis, lines, self.install);
                let mut run = layout::block_text(analysis, lines, self.install);
                let instruction = analysis.instruction(self.install);
                let at = instruction.flags.first().map_or(instruction.args.range.start(), |f| f.range.start());
                let relative = usize::from(at - block.start());
                if relative <= run.len() && run.is_char_boundary(relative) {
                    run.insert_str(relative, run_flags);
                }
                text.push_str(&run);
                edits.push(TextEdit::delete(layout::delete_block(analysis, lines, self.install)));
            }
        }
        edits.push(TextEdit::insert(layout::block_start(analysis, lines, self.copy_all), text));
        edits
    }

    pub(crate) fn edits(&self, analysis: &Analysis, lines: &Lines<'_>) -> Vec<TextEdit> {
        self.edits_with(analysis, lines, "")
    }
}

/// `COPY` spelled in the case of the instruction at `index`.
fn keyword_like(analysis: &Analysis, index: usize, line: &str) -> String {
    let keyword = &analysis.instruction(index).keyword.text;
    if keyword.chars().any(|c| c.is_ascii_lowercase()) {
        layout::KeywordCase::Lower.apply(line)
    } else {
        line.to_string()
    }
}

/// The refactoring at the cursor: in the stage that contains it.
pub fn reorder_dependency_install(analysis: &Analysis, at: TextSize) -> Result<Refactoring, Bail> {
    let stage = analysis
        .instruction_at(at)
        .and_then(|i| analysis.stage_of(i))
        .and_then(|s| analysis.model.stages.get(s))
        .ok_or("the cursor is not in a stage")?;
    let reorder = plan(analysis, stage).ok_or("no dependency install after `COPY . .` in this stage")?;
    let lines = Lines::new(&analysis.text);
    let title = match reorder.added_run {
        Some(run) => format!("Download dependencies (`{run}`) before copying the sources"),
        None => "Install dependencies before copying the sources".to_string(),
    };
    Ok(Refactoring { title, kind: RefactorKind::Rewrite, edits: reorder.edits(analysis, &lines), resolves: None })
}

/// Finds `COPY . .` followed by a dependency install that can run before it.
pub(crate) fn plan(analysis: &Analysis, stage: &Stage) -> Option<Reorder> {
    let copy_all = stage.instructions().find(|&i| is_copy_all(analysis, i))?;
    let copied_before: Vec<String> = (stage.from..copy_all).flat_map(|i| copy_sources(analysis, i)).collect();
    for i in copy_all + 1..stage.end {
        let instruction = analysis.instruction(i);
        if !instruction.is("run") {
            continue;
        }
        let commands = shell::run_commands(analysis, i);
        let Some(manifests) = commands.first().and_then(manifests_of) else { continue };
        if !commands.iter().all(|c| manifests_of(c).is_some()) {
            return None;
        }
        let already = manifests.split(' ').all(|m| copied_before.iter().any(|c| c == m.trim_end_matches('*')));
        let added_run = commands.iter().any(|c| c.is("go", "build")).then_some("go mod download");
        if already && added_run.is_some() {
            return None;
        }
        return Some(Reorder { copy_all, install: i, added_run, manifests: (!already).then_some(manifests) });
    }
    None
}

fn is_copy_all(analysis: &Analysis, index: usize) -> bool {
    let instruction = analysis.instruction(index);
    instruction.is("copy")
        && instruction.flags.iter().all(|f| crate::model::flag_name(&f.text) != "from")
        && matches!(analysis.command(index), Command::List { items, .. }
            if items.len() == 2 && matches!(items[0].text.as_str(), "." | "./") && matches!(items[1].text.as_str(), "." | "./"))
}

fn copy_sources(analysis: &Analysis, index: usize) -> Vec<String> {
    if !analysis.instruction(index).is("copy") {
        return Vec::new();
    }
    match analysis.command(index) {
        Command::List { items, .. } if items.len() >= 2 => {
            items[..items.len() - 1].iter().map(|w| w.text.trim_start_matches("./").to_string()).collect()
        }
        _ => Vec::new(),
    }
}

/// The manifests a dependency install reads, for the installs that do not
/// need the sources. `go build` stands for the `go mod download` added.
fn manifests_of(c: &SimpleCommand) -> Option<String> {
    let frozen = c.has_word("--frozen-lockfile") || c.has_word("--immutable");
    let lock = |name: &str| if frozen { name.to_string() } else { format!("{name}*") };
    let positional = c.words.iter().skip(2).filter(|w| !w.starts_with('-')).count();
    match c.program() {
        "npm" if (c.is("npm", "ci") || c.is("npm", "install") || c.is("npm", "i")) && positional == 0 => {
            Some("package*.json".to_string())
        }
        "yarn" if (c.words.len() == 1 || c.is("yarn", "install")) => {
            Some(format!("package.json {}", lock("yarn.lock")))
        }
        "pnpm" if (c.is("pnpm", "install") || c.is("pnpm", "i")) && positional == 0 => {
            Some(format!("package.json {}", lock("pnpm-lock.yaml")))
        }
        "pip" | "pip3" if c.words.get(1).is_some_and(|w| w == "install") => {
            let files: Vec<&str> = requirement_files(c);
            (!files.is_empty() && files.len() == positional_after_r(c)).then(|| files.join(" "))
        }
        "poetry" if c.is("poetry", "install") && c.has_word("--no-root") => {
            Some("pyproject.toml poetry.lock*".to_string())
        }
        "uv" if c.is("uv", "sync") && c.has_word("--no-install-project") => Some("pyproject.toml uv.lock*".to_string()),
        "go" if c.is("go", "mod") && c.words.get(2).is_some_and(|w| w == "download") => {
            Some("go.mod go.sum*".to_string())
        }
        "go" if c.is("go", "build") => Some("go.mod go.sum*".to_string()),
        "bundle" if c.is("bundle", "install") => Some("Gemfile Gemfile.lock*".to_string()),
        "composer" if c.is("composer", "install") => Some("composer.json composer.lock*".to_string()),
        _ => None,
    }
}

fn requirement_files(c: &SimpleCommand) -> Vec<&str> {
    c.words.windows(2).filter(|w| w[0] == "-r" || w[0] == "--requirement").map(|w| w[1].as_str()).collect()
}

/// Positional words of `pip install`, counting each `-r FILE` once.
fn positional_after_r(c: &SimpleCommand) -> usize {
    let mut count = 0;
    let mut words = c.words.iter().skip(2);
    while let Some(w) = words.next() {
        if w == "-r" || w == "--requirement" {
            words.next();
            count += 1;
        } else if !w.starts_with('-') {
            return usize::MAX;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::features::fixture::with_cursor;
    use crate::features::refactor::apply;

    fn check(fixture: &str, expect: expect_test::Expect) {
        let (analysis, at) = with_cursor(fixture);
        let out = match reorder_dependency_install(&analysis, at) {
            Ok(r) => format!("{}\n{}", r.title, apply(&analysis, &r)),
            Err(reason) => format!("not offered: {reason}"),
        };
        expect.assert_eq(&out);
    }

    #[test]
    fn moves_the_install_before_the_sources() {
        check(
            "FROM node:20\nWORKDIR /app\nCOPY . .\n# deps\n$0RUN npm ci\nRUN npm run build\n",
            expect![[r#"
                Install dependencies before copying the sources
                FROM node:20
                WORKDIR /app
                COPY package*.json ./
                # deps
                RUN npm ci
                COPY . .
                RUN npm run build
            "#]],
        );
        check(
            "FROM python:3.12\nCOPY requirements.txt .\nCOPY . .\nRUN pip install -r requirements.txt$0\n",
            expect![[r#"
                Install dependencies before copying the sources
                FROM python:3.12
                COPY requirements.txt .
                RUN pip install -r requirements.txt
                COPY . .
            "#]],
        );
    }

    #[test]
    fn not_when_the_install_needs_the_sources() {
        check(
            "FROM node:20\nCOPY . .\nRUN npm ci && npm run build$0\n",
            expect!["not offered: no dependency install after `COPY . .` in this stage"],
        );
        check(
            "FROM python:3.12\nCOPY . .\nRUN poetry install$0\n",
            expect!["not offered: no dependency install after `COPY . .` in this stage"],
        );
        check(
            "FROM node:20\nRUN npm ci$0\nCOPY . .\n",
            expect!["not offered: no dependency install after `COPY . .` in this stage"],
        );
    }
}
