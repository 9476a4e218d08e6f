//! Carrying the per-instruction work of a diagnostics pass ([`Parsed`]) over
//! to the pass on the next version of the same document: an instruction the
//! edit left alone (carried over by the incremental split) takes its parse
//! from the previous version, moved by the edit's delta, instead of parsing
//! its flags, mounts and shell commands again.
//!
//! A cached parse is used only when the instruction's text is the same as
//! when it was parsed (and so is the escape character), so a cache that does
//! not belong to the version before (a skipped version, another document)
//! costs time, never a wrong finding.

use std::sync::Arc;

use text_size::TextRange;

use super::parsed::Parsed;
use crate::model::Analysis;

/// The per-instruction work of the last diagnostics pass over a document.
/// Hand it to the pass over the next version ([`super::diagnostics_cached`]).
#[derive(Debug, Default)]
pub struct Cache {
    text: Arc<str>,
    escape: char,
    /// Parallel: each instruction's source range and parse.
    ranges: Vec<TextRange>,
    parsed: Vec<Parsed>,
}

impl Cache {
    /// The parse of every instruction of `analysis`: taken from this cache
    /// where `analysis.carried` maps the instruction to an unchanged one of
    /// the cached version (all of them when the cache is of this very text,
    /// e.g. for code actions after the diagnostics), parsed afresh otherwise.
    /// Empties the cache.
    pub(super) fn take(&mut self, analysis: &Analysis) -> Vec<Parsed> {
        let cache = std::mem::take(self);
        let usable = cache.escape == analysis.file.escape && !cache.parsed.is_empty();
        // The same text splits into the same instructions.
        if usable && cache.parsed.len() == analysis.file.instructions.len() && cache.text == analysis.text {
            return cache.parsed;
        }
        let mut old: Vec<Option<Parsed>> = cache.parsed.into_iter().map(Some).collect();
        let instructions = &analysis.file.instructions;
        (0..instructions.len())
            .map(|index| {
                let from = analysis.carried.get(index).copied().flatten().filter(|_| usable);
                let reused = from.and_then(|from| {
                    let old_range = *cache.ranges.get(from.index)?;
                    let new_range = instructions[index].range;
                    let same = from.delta.offset(old_range.start()) == new_range.start()
                        && matches!(
                            (source(&cache.text, old_range), source(&analysis.text, new_range)),
                            (Some(old), Some(new)) if old == new
                        );
                    let mut parsed = old.get_mut(from.index)?.take().filter(|_| same)?;
                    parsed.carry(analysis, index, from.delta);
                    Some(parsed)
                });
                reused.unwrap_or_else(|| Parsed::new(analysis, index))
            })
            .collect()
    }

    /// Keeps `parsed` (parallel to the instructions of `analysis`) for the next version.
    pub(super) fn keep(analysis: &Analysis, parsed: Vec<Parsed>) -> Cache {
        Cache {
            text: analysis.text.clone(),
            escape: analysis.file.escape,
            ranges: analysis.file.instructions.iter().map(|i| i.range).collect(),
            parsed,
        }
    }
}

fn source(text: &str, range: TextRange) -> Option<&str> {
    text.get(usize::from(range.start())..usize::from(range.end()))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::Config;
    use crate::features::diagnostics::{
        buildkit_diagnostics_in_context, diagnostics_cached, diagnostics_in_context, Diagnostic,
    };
    use crate::features::FileContext;
    use crate::syntax::{CarriedFrom, Delta, Document};

    const SAMPLE: &str = r#"# syntax=docker/dockerfile:1
ARG BASE=debian:bookworm-slim
FROM ${BASE} AS build
WORKDIR /src
RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl | tee log
RUN cd /src && make
RUN echo one
RUN echo two
COPY . .
RUN pip install -r requirements.txt
RUN --mount=type=secret,id=token,target=/run/token cat /run/token
RUN <<EOF
set -e
apk add git
EOF
FROM build AS test
RUN --network=none --mount=type=bind,from=build,source=/src,target=/x \
    npm install && \
    sudo rm -rf /tmp/*
COPY --chmod=755 --from=build /src/app /app
USER app
HEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1
"#;

    /// Small xorshift generator: the edit sequences are the same on every run.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self, below: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % below.max(1) as u64) as usize
        }
    }

    const PIECES: &[&str] = &[
        "x",
        " ",
        "\n",
        "\\",
        "\\\n",
        "'",
        "\"",
        "$",
        "&&",
        "|",
        ";",
        "#",
        "=",
        ",",
        "--mount=type=cache,target=/root/.cache ",
        "RUN apt-get install curl\n",
        "RUN echo a | grep a\n",
        "FROM alpine AS next\n",
        "COPY . .\n",
        "RUN <<EOT\nnpm ci\nEOT\n",
        "# check=skip=ConsecutiveRun\n",
    ];

    fn edit(rng: &mut Rng, text: &str) -> String {
        let boundary = |mut at: usize| {
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        let at = boundary(rng.next(text.len() + 1));
        if rng.next(3) == 0 {
            let end = boundary((at + 1 + rng.next(6)).min(text.len()));
            format!("{}{}", &text[..at], &text[end..])
        } else {
            format!("{}{}{}", &text[..at], PIECES[rng.next(PIECES.len())], &text[at..])
        }
    }

    fn rendered(found: &[Diagnostic]) -> Vec<String> {
        found.iter().map(|d| format!("{d:?}")).collect()
    }

    /// Each version's findings with the cache of the version before equal those computed from scratch.
    fn check_edit_sequence(start: &str, seed: u64, edits: usize) {
        let (config, context) = (Config::default(), FileContext::UNKNOWN);
        let mut rng = Rng(seed);
        let mut cache = Cache::default();
        let mut previous = Arc::new(Analysis::from_text(start));
        diagnostics_cached(&previous, &config, &context, false, &mut cache);
        for step in 0..edits {
            let text = edit(&mut rng, &previous.text);
            let analysis = Analysis::incremental(&Document::new(&text), previous);
            let buildkit_only = rng.next(5) == 0;
            let cached = diagnostics_cached(&analysis, &config, &context, buildkit_only, &mut cache);
            let fresh = if buildkit_only {
                buildkit_diagnostics_in_context(&analysis, &config, &context)
            } else {
                diagnostics_in_context(&analysis, &config, &context)
            };
            assert_eq!(rendered(&cached), rendered(&fresh), "seed {seed}, step {step}, text:\n{text}");
            previous = Arc::new(analysis);
        }
    }

    #[test]
    fn cached_findings_equal_fresh_ones_over_random_edits() {
        for seed in 1..=6u64 {
            check_edit_sequence(SAMPLE, seed.wrapping_mul(0x9e37_79b9_7f4a_7c15), 60);
        }
    }

    #[test]
    fn cached_findings_equal_fresh_ones_on_a_real_dockerfile() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real/moby__moby__Dockerfile.Dockerfile");
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("note: {} is absent; skipping", path.display());
            return;
        };
        check_edit_sequence(&text, 7, 25);
    }

    #[test]
    fn a_cache_of_the_same_text_is_used_as_it_is() {
        let (config, context) = (Config::default(), FileContext::UNKNOWN);
        let mut cache = Cache::default();
        let analysis = Analysis::from_text(SAMPLE);
        let first = diagnostics_cached(&analysis, &config, &context, false, &mut cache);
        let again = diagnostics_cached(&Analysis::from_text(SAMPLE), &config, &context, false, &mut cache);
        let fresh = diagnostics_in_context(&analysis, &config, &context);
        assert_eq!((rendered(&first), rendered(&again)), (rendered(&fresh), rendered(&fresh)));
    }

    #[test]
    fn a_cache_of_other_text_is_not_used() {
        let (config, context) = (Config::default(), FileContext::UNKNOWN);
        let mut cache = Cache::default();
        let other = Analysis::from_text("FROM a\nRUN --mount=type=cache,target=/x apt-get install y\n");
        diagnostics_cached(&other, &config, &context, false, &mut cache);
        let mut analysis = Analysis::from_text("FROM a\nRUN --mount=type=tmpfs,target=/ pip install y\n");
        // A wrong mapping: every instruction claimed unchanged.
        analysis.carried = (0..2).map(|index| Some(CarriedFrom { index, delta: Delta::ZERO })).collect();
        let cached = diagnostics_cached(&analysis, &config, &context, false, &mut cache);
        assert_eq!(rendered(&cached), rendered(&diagnostics_in_context(&analysis, &config, &context)));
    }
}
