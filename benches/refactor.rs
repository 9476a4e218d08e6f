//! Latency of the refactoring code actions: everything `textDocument/codeAction`
//! computes for the refactorings, on the ecosystem fixtures.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use dockerfile_ls::features::refactor::refactorings;
use dockerfile_ls::model::Analysis;
use text_size::{TextRange, TextSize};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("server/features/refactor/fixtures/convert").join(name);
    std::fs::read_to_string(path).unwrap_or_default()
}

fn bench(c: &mut Criterion) {
    for name in ["node-npm.Dockerfile", "python-pip.Dockerfile", "go.Dockerfile"] {
        let analysis = Analysis::from_text(&fixture(name));
        let at = TextRange::empty(TextSize::from(0));
        c.bench_function(&format!("refactorings/{name}"), |b| b.iter(|| refactorings(&analysis, at)));
    }
    // A long single-stage file: 2,000 RUN lines before the build step.
    let mut long = String::from("FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\n");
    for i in 0..2000 {
        long.push_str(&format!("RUN echo step {i} && ls -la /app | grep x\n"));
    }
    long.push_str("COPY . .\nRUN npm run build\nCMD [\"node\", \"dist/index.js\"]\n");
    let analysis = Analysis::from_text(&long);
    let at = TextRange::empty(TextSize::from(0));
    c.bench_function("refactorings/2000-runs", |b| b.iter(|| refactorings(&analysis, at)));
}

criterion_group!(benches, bench);
criterion_main!(benches);
