//! Completion, hover and go-to-definition on a 650-line Dockerfile
//! (moby/moby's, from the shared corpus when present; a generated file of
//! the same size otherwise). Target: well under 1 ms median each.

use std::path::Path;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use dockerfile_ls::features::completion::{completion, CompletionOptions};
use dockerfile_ls::features::goto_definition::goto_definition;
use dockerfile_ls::features::hover::hover;
use dockerfile_ls::model::Analysis;
use text_size::TextSize;

fn dockerfile() -> String {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real/moby__moby__Dockerfile.Dockerfile");
    if let Ok(text) = std::fs::read_to_string(&corpus) {
        return text;
    }
    eprintln!("note: {} not found; benchmarking a generated file", corpus.display());
    let mut text = String::from("# syntax=docker/dockerfile:1\nARG GO_VERSION=1.24\nARG DEBIAN=bookworm\n");
    for i in 0..40 {
        text.push_str(&format!("\nFROM golang:${{GO_VERSION}}-${{DEBIAN}} AS stage{i}\nARG TARGETARCH\n"));
        text.push_str(&format!("ENV PKG_{i}=/go/src/pkg{i} GOFLAGS=-mod=vendor\nWORKDIR $PKG_{i}\n"));
        text.push_str("RUN --mount=type=cache,target=/root/.cache/go-build \\\n    --mount=type=bind,target=. \\\n");
        text.push_str("    go build -o /out/tool \\\n      -ldflags \"-X main.version=${GO_VERSION}\" ./cmd/tool\n");
        if i > 0 {
            text.push_str(&format!("COPY --from=stage{} /out/tool /usr/local/bin/\n", i - 1));
        }
        text.push_str("LABEL org.opencontainers.image.source=\"https://example.com\"\n");
    }
    text
}

/// The last offset just after `needle` in `text`.
fn after_last(text: &str, needle: &str) -> TextSize {
    let at = text.rfind(needle).map_or(text.len(), |i| i + needle.len());
    TextSize::from(at as u32)
}

fn features(c: &mut Criterion) {
    // The user is typing on the last line: `RUN echo ${` (a variable), then
    // `COPY --from=` (a stage) on the line above.
    let mut text = dockerfile();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str("COPY --from=\nRUN echo ${\n");
    let analysis = Analysis::from_text(&text);
    let lines = text.lines().count();
    let options = CompletionOptions { snippets: true, files: None };
    let variable = after_last(&text, "${");
    let copy_from = after_last(&text, "--from=");
    let line_start = after_last(&text, "\n");
    for (what, at) in [("variable", variable), ("copy --from", copy_from), ("keyword", line_start)] {
        eprintln!("completion/{what}: {} items", completion(&analysis, at, &options).len());
    }
    let model = &analysis.model;
    let stage_ref = model.stage_refs.iter().rev().find(|r| r.target.stage().is_some()).map(|r| r.range.start());
    let var_ref = model.var_refs.iter().rev().find(|r| r.decl.is_some()).map(|r| r.name_range.start());
    let (stage_ref, var_ref) = (stage_ref.unwrap_or_default(), var_ref.unwrap_or_default());
    eprintln!(
        "definition targets: stage {}, variable {}",
        goto_definition(&analysis, stage_ref).len(),
        goto_definition(&analysis, var_ref).len()
    );
    let keyword = after_last(&text, "\nRUN ") - TextSize::from(2);

    c.bench_function(&format!("completion/variable ({lines} lines)"), |b| {
        b.iter(|| completion(black_box(&analysis), variable, &options))
    });
    c.bench_function("completion/copy --from", |b| b.iter(|| completion(black_box(&analysis), copy_from, &options)));
    c.bench_function("completion/keyword", |b| b.iter(|| completion(black_box(&analysis), line_start, &options)));
    c.bench_function("hover/stage reference", |b| b.iter(|| hover(black_box(&analysis), stage_ref, None)));
    c.bench_function("hover/keyword", |b| b.iter(|| hover(black_box(&analysis), keyword, None)));
    c.bench_function("definition/stage reference", |b| b.iter(|| goto_definition(black_box(&analysis), stage_ref)));
    c.bench_function("definition/variable", |b| b.iter(|| goto_definition(black_box(&analysis), var_ref)));
}

criterion_group!(benches, features);
criterion_main!(benches);
