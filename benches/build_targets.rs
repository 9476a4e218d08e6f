//! Opening a 2,000-line compose file with 200 services that build four
//! Dockerfiles: parse the YAML, read and analyse each Dockerfile once, check
//! every target (some wrong, with suggestions). Target: under 5 ms.

use std::path::Path;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use dockerfile_ls::features::build_targets::{build_file_diagnostics, target_lenses};
use dockerfile_ls::model::build_files::BuildFile;
use dockerfile_ls::model::Analysis;
use dockerfile_ls::vfs::MemoryFiles;

const SERVICES: usize = 200;
const DOCKERFILES: usize = 4;

fn dockerfile(n: usize) -> String {
    let mut text = String::from("# syntax=docker/dockerfile:1\nARG BASE=alpine:3.20\n");
    for stage in 0..12 {
        let base = if stage == 0 { "${BASE}".to_string() } else { format!("stage{}", stage - 1) };
        text.push_str(&format!("\nFROM {base} AS stage{stage}\nWORKDIR /app{n}\nRUN echo {stage} > /s\n"));
        if stage > 1 {
            text.push_str(&format!("COPY --from=stage{} /s /prev\n", stage - 2));
        }
    }
    text
}

/// Ten lines per service: 2,000 lines for 200 services.
fn compose() -> String {
    let mut text = String::from("name: bench\n");
    text.push_str("services:\n");
    for i in 0..SERVICES {
        // Every tenth target is a typo, to pay for the suggestions too.
        let target = if i % 10 == 0 { format!("stgae{}", i % 12) } else { format!("stage{}", i % 12) };
        text.push_str(&format!(
            "  service{i}:\n    build:\n      context: ./app{}\n      dockerfile: Dockerfile\n      target: {target}\n    image: example/service{i}:latest\n    environment:\n      - INDEX={i}\n    ports:\n      - \"{}:80\"\n",
            i % DOCKERFILES,
            8000 + i
        ));
    }
    text
}

fn build_targets(c: &mut Criterion) {
    let text = compose();
    let mut files = MemoryFiles::new();
    for n in 0..DOCKERFILES {
        files.insert(format!("/w/app{n}/Dockerfile"), &dockerfile(n));
    }
    let path = Path::new("/w/compose.yaml");
    let file = BuildFile::parse(path, &text).expect("a compose file");
    let found = build_file_diagnostics(&file, &files);
    eprintln!("compose: {} lines, {} entries, {} diagnostics", text.lines().count(), file.entries.len(), found.len());
    c.bench_function("build_targets/compose_200_services_diagnostics", |b| {
        b.iter(|| {
            let file = BuildFile::parse(black_box(path), black_box(&text)).expect("a compose file");
            black_box(build_file_diagnostics(&file, &files))
        })
    });
    c.bench_function("build_targets/compose_200_services_parse", |b| {
        b.iter(|| BuildFile::parse(black_box(path), black_box(&text)))
    });
    let dockerfile_text = dockerfile(0);
    let analysis = Analysis::from_text(&dockerfile_text);
    let build_files = [file];
    c.bench_function("build_targets/lenses_of_a_dockerfile_used_by_50_services", |b| {
        b.iter(|| target_lenses(black_box(Path::new("/w/app0/Dockerfile")), &analysis, &build_files))
    });
}

criterion_group!(benches, build_targets);
criterion_main!(benches);
