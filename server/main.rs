use std::process::ExitCode;

fn main() -> ExitCode {
    dockerfile_ls::cli::main()
}
