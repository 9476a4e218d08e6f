//! Finding package-manager invocations (`apt-get install`, `pip install` …)
//! in the shell commands of RUN instructions.

use super::{Cmd, Facts, Run, ShWord};

/// The package managers the rules look for; a command's program family (or
/// the module of `python -m`) is one of them or none.
const PACKAGE_MANAGERS: [&str; 8] = ["apt-get", "apt", "apk", "pip", "npm", "yum", "dnf", "python"];

/// The `PACKAGE_MANAGERS` a command may run (found once per command): its
/// program family, and the module of `python -m`.
pub(super) fn package_managers(cmd: &Cmd) -> impl Iterator<Item = u8> {
    let known = |name: &str| PACKAGE_MANAGERS.iter().position(|p| *p == name).map(|i| i as u8);
    let family = cmd.program_family();
    let module = match cmd.args() {
        [m, module, ..] if family == Some("python") && m.text == "-m" => known(&module.text),
        _ => None,
    };
    family.and_then(known).into_iter().chain(module)
}

/// Where the commands of each package manager are, as positions (index in
/// `Facts::runs`, index in the RUN's commands) in document order: each rule
/// looks at its programs' commands instead of going through every command.
#[derive(Default)]
pub(crate) struct ProgramIndex {
    by_manager: [Vec<(usize, usize)>; PACKAGE_MANAGERS.len()],
}

impl ProgramIndex {
    pub fn new(runs: &[&Run]) -> ProgramIndex {
        let mut index = ProgramIndex::default();
        for (r, run) in runs.iter().enumerate() {
            for &(c, manager) in &run.package_managers {
                if let Some(list) = index.by_manager.get_mut(usize::from(manager)) {
                    list.push((r, c));
                }
            }
        }
        index
    }

    /// The positions of the commands that may run one of `programs` (all
    /// known package managers), in document order; `None` for another program.
    fn candidates(&self, programs: &[&str]) -> Option<Vec<(usize, usize)>> {
        let mut out = Vec::new();
        for p in programs {
            let manager = PACKAGE_MANAGERS.iter().position(|m| m == p)?;
            out.extend_from_slice(&self.by_manager[manager]);
        }
        // `python -m pip` is listed under pip, `python` under python.
        out.sort_unstable();
        out.dedup();
        Some(out)
    }
}

/// One invocation: `words[sub]` is the subcommand (`install`).
pub(crate) struct Call<'r> {
    pub run: &'r Run,
    pub cmd: &'r Cmd,
    pub sub: usize,
}

impl<'r> Call<'r> {
    pub fn subcommand(&self) -> &'r ShWord {
        &self.cmd.words()[self.sub]
    }

    /// Every word after the program: options may come before or after the subcommand.
    pub fn options(&self) -> &'r [ShWord] {
        self.cmd.args()
    }

    /// The words after the subcommand.
    pub fn rest(&self) -> &'r [ShWord] {
        self.cmd.words().get(self.sub + 1..).unwrap_or(&[])
    }

    /// Any of `longs` (also as `--long=value`), or `short` alone or in a cluster like `-qy`.
    pub fn has_option(&self, longs: &[&str], short: Option<char>) -> bool {
        has_option(self.options(), longs, short)
    }

    /// Package arguments after the subcommand (words not starting with `-`).
    pub fn positional(&self) -> impl Iterator<Item = &'r ShWord> {
        self.rest().iter().filter(|w| !w.text.starts_with('-'))
    }
}

pub(crate) fn has_option(words: &[ShWord], longs: &[&str], short: Option<char>) -> bool {
    words.iter().any(|w| {
        let t = w.text.as_str();
        longs.iter().any(|l| t == *l || t.strip_prefix(l).is_some_and(|r| r.starts_with('=')))
            || short.is_some_and(|c| {
                t.strip_prefix('-').is_some_and(|cluster| {
                    !cluster.starts_with('-')
                        && cluster.chars().all(|ch| ch.is_ascii_alphabetic())
                        && cluster.chars().take_while(|&ch| ch != 'o').any(|ch| ch == c)
                })
            })
    })
}

/// Invocations of one of `programs` with one of `subcommands`, in every RUN.
/// `with_value` lists the options that take a separate value word.
pub(crate) fn calls<'f>(
    facts: &'f Facts<'_>,
    programs: &[&str],
    subcommands: &[&str],
    with_value: &[&str],
) -> Vec<Call<'f>> {
    let mut out = Vec::new();
    let mut add = |run: &'f Run, cmd: &'f Cmd| {
        let Some(start) = program_end(cmd, programs) else { return };
        let Some(sub) = subcommand_index(cmd, start, with_value) else { return };
        if subcommands.contains(&cmd.words()[sub].text.as_str()) {
            out.push(Call { run, cmd, sub });
        }
    };
    match facts.programs.candidates(programs) {
        Some(candidates) => {
            for (r, c) in candidates {
                let run = facts.runs[r];
                add(run, &run.commands[c]);
            }
        }
        None => facts
            .runs
            .iter()
            .flat_map(|run| run.commands.iter().map(move |cmd| (*run, cmd)))
            .for_each(|(r, c)| add(r, c)),
    }
    out
}

fn ends_in_version(program: &str) -> bool {
    program.ends_with(|c: char| c.is_ascii_digit() || c == '.')
}

/// Index just after the program words: `pip`, or `python3 -m pip` for pip.
fn program_end(cmd: &Cmd, programs: &[&str]) -> Option<usize> {
    let family = cmd.program_family()?;
    if programs.contains(&family) {
        return Some(1);
    }
    let program = cmd.program()?;
    // A family ending in a digit (`pip3` for `pip3.12`) cannot be told by the family alone.
    if programs.iter().any(|p| ends_in_version(p) && (program == *p || version_suffixed(program, p))) {
        return Some(1);
    }
    let is_python = family == "python";
    let args = cmd.args();
    match (args.first(), args.get(1)) {
        (Some(m), Some(module)) if is_python && m.text == "-m" && programs.contains(&module.text.as_str()) => Some(3),
        _ => None,
    }
}

/// `pip3`, `pip3.12` for `pip`.
fn version_suffixed(program: &str, base: &str) -> bool {
    program
        .strip_prefix(base)
        .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

fn subcommand_index(cmd: &Cmd, start: usize, with_value: &[&str]) -> Option<usize> {
    let mut i = start;
    while let Some(word) = cmd.words().get(i) {
        if !word.text.starts_with('-') {
            return Some(i);
        }
        i += if with_value.contains(&word.text.as_str()) { 2 } else { 1 };
    }
    None
}

/// The RUN also runs a command matching `pred`.
pub(crate) fn run_has(run: &Run, pred: impl Fn(&Cmd) -> bool) -> bool {
    run.commands.iter().any(pred)
}
