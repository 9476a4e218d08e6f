//! The command line: `dockerfile-ls` (LSP over stdio) and `dockerfile-ls check`.

pub mod check;
mod convert;
mod fix;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "dockerfile-ls",
    version,
    about = "A language server and linter for Dockerfiles that agrees with BuildKit"
)]
struct Cli {
    /// Serve the Language Server Protocol over stdio (the default).
    #[arg(long)]
    stdio: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Lint Dockerfiles; folders are searched for Dockerfile, Containerfile,
    /// *.Dockerfile, Dockerfile.* and Containerfile.*.
    Check(CheckArgs),
    /// Convert a single-stage Dockerfile to a multi-stage build (prints the
    /// result, or rewrites the file with --write).
    Convert(ConvertArgs),
}

#[derive(clap::Args)]
pub struct ConvertArgs {
    file: PathBuf,
    /// Rewrite the file instead of printing the result.
    #[arg(long)]
    write: bool,
    /// Add `--mount=type=cache` for the package manager's cache.
    #[arg(long)]
    cache_mounts: bool,
}

#[derive(clap::Args)]
pub struct CheckArgs {
    /// Files or folders (default: the current folder).
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// The build target (`docker build --target`); the last stage by default.
    #[arg(long)]
    target: Option<String>,
    /// Apply every preferred mechanical fix, rewrite the files in place and
    /// print what changed; then report what is left.
    #[arg(long)]
    fix: bool,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Human,
    Json,
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Convert(args)) => convert::run(&args),
        None => {
            init_logging();
            ExitCode::from(crate::lsp::run_stdio() as u8)
        }
    }
}

/// Logs go to stderr (stdout carries the protocol); `RUST_LOG` sets the level.
/// Writes `text` to stdout. A reader that went away (`check … | head`) is
/// not an error of ours: the rest of the output is dropped quietly.
fn print_stdout(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into());
    let _ = tracing_subscriber::fmt().with_writer(std::io::stderr).with_env_filter(filter).with_ansi(false).try_init();
}
