//! Structural features on a realistic multi-stage file at n and 8n lines:
//! time per request must grow linearly. `cargo bench --bench structure`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use dockerfile_ls::config::FormatConfig;
use dockerfile_ls::features::{document_symbols, folding_ranges, formatting, semantic_tokens};
use dockerfile_ls::model::Analysis;

/// One pair of stages, 27 lines, with continuations, a heredoc, mounts and variables.
fn stages(i: usize) -> String {
    format!(
        r#"# Stage {i}: build
FROM --platform=$BUILDPLATFORM golang:${{GO_VERSION}}-alpine AS build{i}
ARG TARGETOS TARGETARCH
ENV CGO_ENABLED=0 GOFLAGS="-trimpath -mod=readonly"
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go mod download && \
    apk add --no-cache \
        git \
        ca-certificates \
        tzdata
COPY . .
RUN <<SCRIPT
set -eux
GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app{i} ./cmd/app
SCRIPT
HEALTHCHECK --interval=30s CMD ["/out/app{i}", "health"]
LABEL org.opencontainers.image.title="app{i}" \
      org.opencontainers.image.source="https://example.com/app"

FROM scratch AS final{i}
COPY --from=build{i} /out/app{i} /app
USER 65532:65532
EXPOSE 8080/tcp
ENTRYPOINT ["/app"]
"#
    )
}

fn file(lines: usize) -> String {
    let mut text = String::from("# syntax=docker/dockerfile:1\nARG GO_VERSION=1.22\n");
    let mut i = 0;
    while text.lines().count() < lines {
        text.push_str(&stages(i));
        i += 1;
    }
    text
}

fn structure(c: &mut Criterion) {
    let mut group = c.benchmark_group("structure");
    group.sample_size(20);
    let config = FormatConfig::default();
    for lines in [650, 5_200] {
        let analysis = Analysis::from_text(&file(lines));
        group.bench_with_input(BenchmarkId::new("semantic_tokens", lines), &analysis, |b, a| {
            b.iter(|| semantic_tokens::semantic_tokens(a).len())
        });
        group.bench_with_input(BenchmarkId::new("format", lines), &analysis, |b, a| {
            b.iter(|| formatting::format(a, &config, None).len())
        });
        group.bench_with_input(BenchmarkId::new("folding_ranges", lines), &analysis, |b, a| {
            b.iter(|| folding_ranges::folding_ranges(a).len())
        });
        group.bench_with_input(BenchmarkId::new("document_symbols", lines), &analysis, |b, a| {
            b.iter(|| document_symbols::document_symbols(a).len())
        });
    }
    group.finish();
}

criterion_group!(benches, structure);
criterion_main!(benches);
