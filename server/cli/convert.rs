//! `dockerfile-ls convert FILE`: the "convert to multi-stage build"
//! refactoring from the command line.

use std::process::ExitCode;

use super::ConvertArgs;
use crate::features::refactor::apply;
use crate::features::refactor::convert_to_multi_stage::{convert_to_multi_stage, Options};
use crate::model::Analysis;

pub fn run(args: &ConvertArgs) -> ExitCode {
    let path = &args.file;
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("dockerfile-ls: cannot read {}: {e}", path.display());
            return ExitCode::from(2);
        }
    };
    let analysis = Analysis::from_text(&text);
    let refactoring = match convert_to_multi_stage(&analysis, &Options { cache_mounts: args.cache_mounts }) {
        Ok(r) => r,
        Err(reason) => {
            eprintln!("dockerfile-ls: cannot convert {} to a multi-stage build: {reason}", path.display());
            return ExitCode::from(1);
        }
    };
    let converted = apply(&analysis, &refactoring);
    if !args.write {
        super::print_stdout(&converted);
        return ExitCode::SUCCESS;
    }
    match std::fs::write(path, converted) {
        Ok(()) => {
            eprintln!("{}: {}", path.display(), refactoring.title);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("dockerfile-ls: cannot write {}: {e}", path.display());
            ExitCode::from(2)
        }
    }
}
