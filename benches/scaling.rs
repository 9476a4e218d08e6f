//! Work per request must grow linearly with the document: each pathological
//! shape is measured at n, 2n and 4n, for opening (parse, model, every
//! diagnostic rule) and for the other requests on the opened document.
//! `cargo bench --bench scaling`; the README's table comes from
//! `target/criterion/scaling*/<shape>/<n>/new/estimates.json`.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use dockerfile_ls::config::Config;
use dockerfile_ls::features::diagnostics::diagnostics;
use dockerfile_ls::model::Analysis;
use dockerfile_ls::syntax::Document;

mod shapes;

/// `n` of the smallest size. `cargo test --all-targets` runs this file too
/// (without `--bench`): then tiny sizes, just to see that it works.
fn base() -> usize {
    if std::env::args().any(|a| a == "--bench") {
        2_000
    } else {
        20
    }
}

fn open_and_diagnose(text: &str) -> usize {
    let analysis = Analysis::new(&Document::new(text));
    diagnostics(&analysis, &Config::default()).len()
}

fn scaling(c: &mut Criterion) {
    let mut open = c.benchmark_group("scaling");
    open.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    for (name, make) in shapes::SHAPES {
        for factor in [1, 2, 4] {
            let n = base() * factor;
            let text = make(n);
            open.bench_with_input(BenchmarkId::new(*name, n), &text, |b, text| b.iter(|| open_and_diagnose(text)));
        }
    }
    open.finish();

    let mut rest = c.benchmark_group("scaling_requests");
    rest.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    for (name, make) in shapes::SHAPES {
        for factor in [1, 2, 4] {
            let n = base() * factor;
            let analysis = Analysis::from_text(&make(n));
            rest.bench_with_input(BenchmarkId::new(*name, n), &analysis, |b, a| b.iter(|| shapes::every_request(a)));
        }
    }
    rest.finish();
}

criterion_group!(benches, scaling);
criterion_main!(benches);
