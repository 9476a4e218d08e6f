//! `dockerfile-ls check`: the diagnostics of the language server, for CI.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::SimpleFile;
pub use codespan_reporting::term::termcolor::ColorChoice;
use codespan_reporting::term::termcolor::{Buffer, StandardStream, WriteColor};
use codespan_reporting::term::{self};
use serde_json::json;

use super::{CheckArgs, Format};
use crate::config::Config;
use crate::features::build_targets::{build_file_diagnostics, targeted_stages};
use crate::features::diagnostics::{self, Diagnostic, Severity};
use crate::model::build_files::{workflow, BuildFile, BuildFileKind};
use crate::model::Analysis;
use crate::syntax::{Document, PositionEncoding};
use crate::workspace::WorkspaceFiles;

const SKIPPED_DIRS: [&str; 3] = [".git", "node_modules", "target"];

pub fn run(args: &CheckArgs) -> ExitCode {
    let roots = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let mut files = Vec::new();
    let mut build_files = Vec::new();
    let mut input_problem = false;
    for root in &roots {
        match collect(root, &mut files, &mut build_files) {
            Ok(0) => {
                eprintln!("dockerfile-ls: no Dockerfile or build file found under {}", root.display());
                input_problem = true;
            }
            Ok(_) => {}
            Err(message) => {
                eprintln!("dockerfile-ls: {message}");
                input_problem = true;
            }
        }
    }
    let config = Config { target: args.target.clone(), ..Config::default() };
    let parsed_build_files = parse_build_files(build_files, &mut input_problem);
    let mut results = Vec::new();
    for path in files {
        match read_text(&path) {
            Ok(text) => {
                let mut context = crate::disk::file_context(&path);
                let text = if args.fix {
                    super::fix::fix_file(&path, text, &config, &context, args.format == Format::Human)
                } else {
                    text
                };
                let document = Document::new(&text);
                let analysis = Analysis::new(&document);
                context.targeted_stages = stages_targeted_by(&path, &analysis, &parsed_build_files);
                let found = diagnostics::diagnostics_in_context(&analysis, &config, &context);
                results.push((path, document, found));
            }
            Err(message) => {
                eprintln!("dockerfile-ls: {message}");
                input_problem = true;
            }
        }
    }
    check_build_files(&roots, &parsed_build_files, &mut results);
    let has_error = results.iter().any(|(_, _, ds)| ds.iter().any(|d| d.severity == Severity::Error));
    match args.format {
        Format::Human => print_human(&results),
        Format::Json => print_json(&results),
    }
    // Unreadable input wins: the verdict on the files that could be read is incomplete.
    ExitCode::from(if input_problem { 2 } else { u8::from(has_error) })
}

fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        format!("{} is not valid UTF-8 (byte {}): save it as UTF-8", path.display(), e.utf8_error().valid_up_to())
    })
}

/// The compose, bake, devcontainer and workflow files that could be read,
/// with their text.
fn parse_build_files(paths: Vec<PathBuf>, input_problem: &mut bool) -> Vec<(PathBuf, String, BuildFile)> {
    let mut parsed = Vec::new();
    for path in paths {
        let Some(kind) = BuildFileKind::detect(&path) else { continue };
        match read_text(&path) {
            Ok(text) => {
                let absolute = path.canonicalize().unwrap_or_else(|_| path.clone());
                let file = BuildFile::parse_as(kind, &absolute, &text);
                parsed.push((path, text, file));
            }
            Err(message) => {
                eprintln!("dockerfile-ls: {message}");
                *input_problem = true;
            }
        }
    }
    parsed
}

/// The stages of the Dockerfile at `path` that the build files build as a target.
fn stages_targeted_by(path: &Path, analysis: &Analysis, build_files: &[(PathBuf, String, BuildFile)]) -> Vec<usize> {
    let absolute = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    targeted_stages(&absolute, analysis, build_files.iter().map(|(_, _, file)| file))
}

/// The targets of compose, bake, devcontainer and workflow files: their
/// Dockerfiles are read only inside what the user passed (the folders, or
/// the folder of a file; a workflow's repository).
fn check_build_files(
    roots: &[PathBuf],
    build_files: &[(PathBuf, String, BuildFile)],
    results: &mut Vec<(PathBuf, Document, Vec<Diagnostic>)>,
) {
    if build_files.is_empty() {
        return;
    }
    let files = WorkspaceFiles::new();
    files.set_folders(roots.iter().filter_map(|root| readable_root(root)));
    for (path, text, file) in build_files {
        let found = build_file_diagnostics(file, &files);
        results.push((path.clone(), Document::plain(text), found));
    }
}

/// The folder whose files may be read for `root`: itself, or a file's
/// folder (a workflow's repository root).
fn readable_root(root: &Path) -> Option<PathBuf> {
    let canonical = root.canonicalize().ok()?;
    if canonical.is_dir() {
        return Some(canonical);
    }
    match BuildFileKind::detect(&canonical) {
        Some(BuildFileKind::Workflow) => Some(workflow::repository_root(&canonical)),
        _ => canonical.parent().map(Path::to_path_buf),
    }
}

/// Files named like Dockerfiles (into `out`) and like build files (into
/// `build_files`) below `root`, or `root` itself when it is a file (a
/// Dockerfile whatever its name, unless named like a build file); returns
/// how many were added.
fn collect(root: &Path, out: &mut Vec<PathBuf>, build_files: &mut Vec<PathBuf>) -> Result<usize, String> {
    let meta = std::fs::metadata(root).map_err(|e| format!("cannot read {}: {e}", root.display()))?;
    if meta.is_file() {
        match BuildFileKind::detect(root) {
            Some(_) => build_files.push(root.to_path_buf()),
            None => out.push(root.to_path_buf()),
        }
        return Ok(1);
    }
    let mut found_build_files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    let mut found = Vec::new();
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() {
                if !SKIPPED_DIRS.contains(&name.as_str()) {
                    stack.push(path);
                }
            } else if is_dockerfile_name(&name) {
                found.push(path);
            } else if BuildFileKind::detect(&path).is_some() {
                found_build_files.push(path);
            }
        }
    }
    found.sort();
    found_build_files.sort();
    let count = found.len() + found_build_files.len();
    out.extend(found);
    build_files.extend(found_build_files);
    Ok(count)
}

pub fn is_dockerfile_name(name: &str) -> bool {
    ["Dockerfile", "Containerfile"].iter().any(|base| name == *base || name.starts_with(&format!("{base}.")))
        || name.ends_with(".Dockerfile")
        || name.ends_with(".dockerfile")
}

/// `path:line:col: severity[code]: message`, then the source lines with a
/// caret underline, both rendered by codespan-reporting.
fn print_human(results: &[(PathBuf, Document, Vec<Diagnostic>)]) {
    let choice = if std::io::stdout().is_terminal() { ColorChoice::Auto } else { ColorChoice::Never };
    let writer = StandardStream::stdout(choice);
    let mut out = writer.lock();
    write_human(&mut out, choice, results);
}

/// The human format of `print_human`, into any writer (tests and fuzzing use a buffer).
pub fn write_human(out: &mut dyn WriteColor, choice: ColorChoice, results: &[(PathBuf, Document, Vec<Diagnostic>)]) {
    let header = term::Config { display_style: term::DisplayStyle::Short, ..term::Config::default() };
    let snippet = term::Config::default();
    for (path, document, found) in results {
        let file = SimpleFile::new(path.display().to_string(), document.text().to_string());
        for d in found {
            let range = usize::from(d.range.start())..usize::from(d.range.end());
            let report = Report::new(report_severity(d.severity))
                .with_code(d.code)
                .with_message(&d.message)
                .with_labels(vec![Label::primary((), range.clone())]);
            let _ = term::emit(out, &header, &file, &report);
            let _ = write_snippet(out, choice, &snippet, &file, d.severity, range);
        }
    }
}

/// The source lines of `range` with a caret underline: codespan's rich
/// output without its header line (the header was printed in short form).
fn write_snippet(
    out: &mut dyn WriteColor,
    choice: ColorChoice,
    config: &term::Config,
    file: &SimpleFile<String, String>,
    severity: Severity,
    range: std::ops::Range<usize>,
) -> std::io::Result<()> {
    let mut buffer = if choice == ColorChoice::Never { Buffer::no_color() } else { Buffer::ansi() };
    let report = Report::new(report_severity(severity)).with_labels(vec![Label::primary((), range)]);
    if term::emit(&mut buffer, config, file, &report).is_err() {
        return Ok(());
    }
    let rendered = String::from_utf8_lossy(buffer.as_slice());
    let body = rendered.split_once('\n').map_or("", |(_, rest)| rest);
    out.write_all(body.as_bytes())
}

fn report_severity(severity: Severity) -> ReportSeverity {
    match severity {
        Severity::Error => ReportSeverity::Error,
        Severity::Warning => ReportSeverity::Warning,
        Severity::Information => ReportSeverity::Note,
        Severity::Hint => ReportSeverity::Help,
    }
}

fn print_json(results: &[(PathBuf, Document, Vec<Diagnostic>)]) {
    let items: Vec<_> = results
        .iter()
        .flat_map(|(path, document, found)| {
            found.iter().map(move |d| {
                let start = document.position(usize::from(d.range.start()), PositionEncoding::Utf16);
                let end = document.position(usize::from(d.range.end()), PositionEncoding::Utf16);
                json!({
                    "path": path.display().to_string(),
                    "code": d.code,
                    "severity": d.severity.as_str(),
                    "message": d.message,
                    "range": {
                        "start": {"line": start.line + 1, "column": start.col + 1},
                        "end": {"line": end.line + 1, "column": end.col + 1},
                    },
                    "url": d.url,
                    "fixes": d.fixes.iter().map(|f| f.title.clone()).collect::<Vec<_>>(),
                })
            })
        })
        .collect();
    let json = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string());
    super::print_stdout(&format!("{json}\n"));
}
