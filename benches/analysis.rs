//! Speed of the whole pipeline a client waits for: parse (tree-sitter and
//! logical lines), model, diagnostics. `full` is a fresh open; `edit` is one
//! character typed into (or deleted from) a line in the middle of the file,
//! through the incremental path (`Analysis::incremental` from the previous
//! version's analysis and diagnostics cache, as the server runs it), until the new
//! diagnostics are ready.
//!
//! Inputs: a 50-line Dockerfile, `../shared/corpus/real/moby__moby__Dockerfile.Dockerfile`
//! (650 lines) and `../shared/tools/bench/m10k.Dockerfile` (10,500 lines), or
//! generated files of the same shape when `../shared` is absent.
//!
//! Run: `cargo bench --bench analysis`

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use dockerfile_ls::config::Config;
use dockerfile_ls::features::diagnostics::{diagnostics, diagnostics_cached, Cache};
use dockerfile_ls::features::FileContext;
use dockerfile_ls::model::Analysis;
use dockerfile_ls::syntax::{split, split_incremental, Document, LineCol, PositionEncoding, TextChange};

/// A multi-stage Dockerfile of about `lines` lines, shaped like the shared benchmark files.
fn generated(lines: usize) -> String {
    let mut out = vec!["# syntax=docker/dockerfile:1".to_string(), "ARG BASE=debian:bookworm-slim".to_string()];
    let mut stage = 0;
    while out.len() < lines {
        let base = if stage == 0 { "${BASE}".to_string() } else { format!("stage{}", stage - 1) };
        out.push(format!("FROM {base} AS stage{stage}"));
        out.push("WORKDIR /src".to_string());
        out.push(format!("ENV STAGE_{stage}=value{stage} PATH=/opt/bin:$PATH"));
        for step in 0..10 {
            out.push(format!("RUN --mount=type=cache,target=/root/.cache echo step{stage}_{step} && \\"));
            out.push(format!("    apt-get update && apt-get install -y --no-install-recommends pkg{step} && \\"));
            out.push("    rm -rf /var/lib/apt/lists/*".to_string());
        }
        if stage > 0 {
            out.push(format!("COPY --from=stage{} /out /in{stage}", stage - 1));
        }
        out.push(format!("COPY . /src/{stage}"));
        stage += 1;
    }
    out.truncate(lines.saturating_sub(1));
    out.push("CMD [\"/bin/app\"]".to_string());
    out.join("\n") + "\n"
}

fn input(shared_path: &str, lines: usize) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared").join(shared_path);
    std::fs::read_to_string(&path).unwrap_or_else(|_| {
        eprintln!("note: {} is absent; using a generated {lines}-line file", path.display());
        generated(lines)
    })
}

fn inputs() -> Vec<(&'static str, String)> {
    vec![
        ("50", generated(50)),
        ("650", input("corpus/real/moby__moby__Dockerfile.Dockerfile", 650)),
        ("10k", input("tools/bench/m10k.Dockerfile", 10_500)),
    ]
}

fn analyze(document: &Document) -> usize {
    let analysis = Analysis::new(document);
    diagnostics(&analysis, &Config::default()).len()
}

/// The end of the first instruction line at or after the middle of the file
/// (where lspbench types too): typing there keeps the file's structure.
fn edit_position(text: &str) -> LineCol {
    let lines: Vec<&str> = text.split('\n').collect();
    let middle = lines.len() / 2;
    let line = (middle..lines.len())
        .find(|&i| {
            let l = lines[i].trim();
            !l.is_empty() && !l.ends_with('\\') && !l.starts_with('#')
        })
        .unwrap_or(middle);
    let col = lines.get(line).map_or(0, |l| l.trim_end_matches('\r').encode_utf16().count());
    LineCol { line: line as u32, col: col as u32 }
}

fn bench(c: &mut Criterion) {
    let mut full = c.benchmark_group("full");
    for (name, text) in inputs() {
        full.bench_with_input(BenchmarkId::from_parameter(name), &text, |b, text| {
            b.iter(|| analyze(&Document::new(text)))
        });
    }
    full.finish();

    let mut edit = c.benchmark_group("edit");
    for (name, text) in inputs() {
        let at = edit_position(&text);
        let after = LineCol { line: at.line, col: at.col + 1 };
        let insert = [TextChange { range: Some((at, at)), text: "x".to_string() }];
        let delete = [TextChange { range: Some((at, after)), text: String::new() }];
        let mut document = Document::new(&text);
        let mut analysis = Arc::new(Analysis::new(&document));
        let mut cache = Cache::default();
        let mut typed = false;
        edit.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| {
                let change = if typed { &delete } else { &insert };
                typed = !typed;
                document.apply_changes(change, PositionEncoding::Utf16);
                // As the server does: the previous version's analysis is taken apart.
                analysis = Arc::new(Analysis::incremental(&document, std::mem::take(&mut analysis)));
                // And as the server does: with the previous version's per-instruction diagnostics work.
                let context = FileContext::UNKNOWN;
                diagnostics_cached(&analysis, &Config::default(), &context, false, &mut cache).len()
            })
        });
    }
    edit.finish();

    // The logical-line split alone after typing one character at the same
    // place: a fresh `split` against `split_incremental` from the previous
    // split (made, and the results dropped, outside the timing).
    let mut split_group = c.benchmark_group("split");
    for (name, text) in inputs() {
        let at = edit_offset(&text);
        let new = format!("{}x{}", &text[..at], &text[at..]);
        split_group.bench_with_input(BenchmarkId::new("full", name), &new, |b, new| {
            b.iter_batched(|| (), |()| split(new), BatchSize::SmallInput)
        });
        split_group.bench_with_input(BenchmarkId::new("incremental", name), &new, |b, new| {
            b.iter_batched(|| split(&text), |previous| split_incremental(previous, &text, new), BatchSize::SmallInput)
        });
    }
    split_group.finish();
}

/// [`edit_position`] as a byte offset.
fn edit_offset(text: &str) -> usize {
    let at = edit_position(text);
    let line_start: usize = text.split('\n').take(at.line as usize).map(|l| l.len() + 1).sum();
    let line = text[line_start..].split('\n').next().unwrap_or("");
    line_start + line.trim_end_matches('\r').len()
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
