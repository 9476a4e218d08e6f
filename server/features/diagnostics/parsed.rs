//! What the rules read from each instruction beyond the model, parsed once
//! per diagnostics pass instead of once per rule: flag words split into name
//! and value, the fields of RUN `--mount` values, and (for the best-practice
//! rules, on first use) the shell commands of a RUN. Each [`Parsed`] depends
//! only on its instruction's text (and the file's escape character), so a
//! [`super::Cache`] carries it over an edit that leaves the instruction alone.

use std::sync::OnceLock;

use super::practices::Run;
use crate::model::flags::{flag_parts, FlagParts};
use crate::model::mount::{mount_fields, MountField, MountSyntaxError};
use crate::model::Analysis;
use crate::syntax::{Delta, Shift};

/// One flag of an instruction.
#[derive(Clone, Debug)]
pub(crate) struct ParsedFlag {
    pub parts: FlagParts,
    /// The fields of a RUN's `--mount=…` value.
    pub mount: Option<Result<Vec<MountField>, MountSyntaxError>>,
}

/// What the rules read from one instruction.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    /// Parallel to the instruction's flags.
    pub flags: Vec<ParsedFlag>,
    run: OnceLock<Option<Box<Run>>>,
}

impl Parsed {
    pub fn new(analysis: &Analysis, index: usize) -> Parsed {
        let instruction = analysis.instruction(index);
        let is_run = instruction.is("run");
        let flags = instruction
            .flags
            .iter()
            .map(|flag| {
                let parts = flag_parts(instruction, flag);
                let mount = match &parts.value {
                    Some(value) if is_run && parts.name == "mount" => Some(mount_fields(instruction, value)),
                    _ => None,
                };
                ParsedFlag { parts, mount }
            })
            .collect();
        Parsed { flags, run: OnceLock::new() }
    }

    /// The shell commands of a RUN in shell form (parsed on first use).
    pub fn run(&self, analysis: &Analysis, index: usize) -> Option<&Run> {
        self.run.get_or_init(|| Run::new(analysis, index).map(Box::new)).as_deref()
    }

    /// This parse, made for an instruction that the edit moved by `delta`, for
    /// the same instruction now at `index`.
    pub fn carry(&mut self, analysis: &Analysis, index: usize, delta: Delta) {
        if !delta.is_zero() {
            self.shift(delta);
        }
        if let Some(Some(run)) = self.run.get_mut() {
            run.instruction = index;
            run.stage = analysis.stage_of(index);
        }
    }
}

impl Shift for ParsedFlag {
    fn shift(&mut self, delta: Delta) {
        self.parts.shift(delta);
        if let Some(Ok(fields)) = &mut self.mount {
            fields.shift(delta);
        }
    }
}

impl Shift for Parsed {
    fn shift(&mut self, delta: Delta) {
        self.flags.shift(delta);
        if let Some(Some(run)) = self.run.get_mut() {
            run.shift(delta);
        }
    }
}

/// The parse of every instruction of `analysis`.
pub(crate) fn parse_all(analysis: &Analysis) -> Vec<Parsed> {
    (0..analysis.file.instructions.len()).map(|i| Parsed::new(analysis, i)).collect()
}
