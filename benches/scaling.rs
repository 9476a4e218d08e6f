//! Work per request must grow linearly with the document: each pathological
//! shape is measured at n, 2n and 4n. `cargo bench --bench scaling`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use dockerfile_ls::config::Config;
use dockerfile_ls::features::diagnostics::diagnostics;
use dockerfile_ls::model::Analysis;
use dockerfile_ls::syntax::Document;

mod shapes;

const BASE: usize = 2_000;

fn open_and_diagnose(text: &str) -> usize {
    let analysis = Analysis::new(&Document::new(text));
    diagnostics(&analysis, &Config::default()).len()
}

fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("scaling");
    group.sample_size(10);
    for (name, make) in shapes::SHAPES {
        for factor in [1, 2, 4] {
            let n = BASE * factor;
            let text = make(n);
            group.bench_with_input(BenchmarkId::new(*name, n), &text, |b, text| b.iter(|| open_and_diagnose(text)));
        }
    }
    group.finish();
}

criterion_group!(benches, scaling);
criterion_main!(benches);
