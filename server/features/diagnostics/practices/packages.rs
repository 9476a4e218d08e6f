//! Finding package-manager invocations (`apt-get install`, `pip install` …)
//! in the shell commands of RUN instructions.

use super::{Cmd, Facts, Run, ShWord};

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
    for run in &facts.runs {
        for cmd in &run.commands {
            let Some(start) = program_end(cmd, programs) else { continue };
            let Some(sub) = subcommand_index(cmd, start, with_value) else { continue };
            if subcommands.contains(&cmd.words()[sub].text.as_str()) {
                out.push(Call { run, cmd, sub });
            }
        }
    }
    out
}

/// Index just after the program words: `pip`, or `python3 -m pip` for pip.
fn program_end(cmd: &Cmd, programs: &[&str]) -> Option<usize> {
    let family = cmd.program_family()?;
    if programs.contains(&family) {
        return Some(1);
    }
    let program = cmd.program()?;
    // A family ending in a digit (`pip3` for `pip3.12`) cannot be told by the family alone.
    let ends_in_version = |p: &str| p.ends_with(|c: char| c.is_ascii_digit() || c == '.');
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
