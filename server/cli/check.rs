//! `dockerfile-ls check`: the diagnostics of the language server, for CI.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor};
use serde_json::json;

use super::{CheckArgs, Format};
use crate::config::Config;
use crate::features::diagnostics::{self, Diagnostic, Severity};
use crate::model::Analysis;
use crate::syntax::{Document, PositionEncoding};

const SKIPPED_DIRS: [&str; 3] = [".git", "node_modules", "target"];

pub fn run(args: &CheckArgs) -> ExitCode {
    let roots = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let mut files = Vec::new();
    for root in &roots {
        if let Err(message) = collect(root, &mut files) {
            eprintln!("dockerfile-ls: {message}");
            return ExitCode::from(2);
        }
    }
    let config = Config { target: args.target.clone(), ..Config::default() };
    let mut results = Vec::new();
    for path in files {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("dockerfile-ls: cannot read {}: {e}", path.display());
                return ExitCode::from(2);
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                eprintln!(
                    "dockerfile-ls: {} is not valid UTF-8 (byte {}): save it as UTF-8",
                    path.display(),
                    e.utf8_error().valid_up_to()
                );
                return ExitCode::from(2);
            }
        };
        let document = Document::new(&text);
        let analysis = Analysis::new(&document);
        let context = crate::disk::file_context(&path);
        let found = diagnostics::diagnostics_in_context(&analysis, &config, &context);
        results.push((path, document, found));
    }
    let has_error = results.iter().any(|(_, _, ds)| ds.iter().any(|d| d.severity == Severity::Error));
    match args.format {
        Format::Human => print_human(&results),
        Format::Json => print_json(&results),
    }
    ExitCode::from(u8::from(has_error))
}

/// Files named like Dockerfiles below `root` (or `root` itself when it is a file).
fn collect(root: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let meta = std::fs::metadata(root).map_err(|e| format!("cannot read {}: {e}", root.display()))?;
    if meta.is_file() {
        out.push(root.to_path_buf());
        return Ok(());
    }
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
            }
        }
    }
    found.sort();
    out.extend(found);
    Ok(())
}

pub fn is_dockerfile_name(name: &str) -> bool {
    ["Dockerfile", "Containerfile"].iter().any(|base| name == *base || name.starts_with(&format!("{base}.")))
        || name.ends_with(".Dockerfile")
        || name.ends_with(".dockerfile")
}

fn print_human(results: &[(PathBuf, Document, Vec<Diagnostic>)]) {
    let writer = termcolor::StandardStream::stdout(termcolor::ColorChoice::Auto);
    let config = term::Config { display_style: term::DisplayStyle::Rich, ..term::Config::default() };
    let mut out = writer.lock();
    for (path, document, found) in results {
        let name = path.display().to_string();
        let file = SimpleFile::new(name.clone(), document.text().to_string());
        for d in found {
            let (line, col) = line_and_char_column(document.text(), usize::from(d.range.start()));
            let _ = writeln!(out, "{name}:{line}:{col}: {}[{}]: {}", d.severity.as_str(), d.code, d.message);
            let report = Report::new(report_severity(d.severity))
                .with_labels(vec![Label::primary((), d.range.start().into()..d.range.end().into())]);
            let _ = term::emit(&mut out, &config, &file, &report);
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_and_char_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
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
    println!("{}", serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string()));
}
