//! Symbols, folding, selection ranges and semantic tokens over every
//! Dockerfile of `../shared/corpus` (skipped when absent): no panics, tokens
//! sorted, disjoint and single-line, every known instruction keyword
//! highlighted (also where the grammar reports ERROR nodes), selection chains
//! nested.

use dockerfile_ls::features::semantic_tokens::{semantic_tokens, TokenType};
use dockerfile_ls::features::{document_symbols, folding_ranges, selection_ranges};
use dockerfile_ls::model::command::KEYWORDS;
use dockerfile_ls::model::Analysis;
use dockerfile_ls::syntax::TextSize;

#[test]
fn structural_features_on_the_corpus() {
    let Some(files) = shared_corpus::all_dockerfiles("the structural corpus test") else { return };
    let (mut with_errors, mut tokens_total) = (0, 0);
    let mut failures = Vec::new();
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        let name = path.display().to_string();
        let analysis = Analysis::from_text(&text);
        if !analysis.tree.error_ranges().is_empty() {
            with_errors += 1;
        }
        let tokens = semantic_tokens(&analysis);
        tokens_total += tokens.len();
        for pair in tokens.windows(2) {
            if pair[0].range.end() > pair[1].range.start() {
                failures.push(format!("{name}: overlapping tokens {pair:?}"));
            }
        }
        if tokens.iter().any(|t| text[t.range].contains(['\n', '\r'])) {
            failures.push(format!("{name}: a token spans lines"));
        }
        for instruction in &analysis.file.instructions {
            let keyword = &instruction.keyword;
            let written_once = text.get(usize::from(keyword.range.start())..usize::from(keyword.range.end()));
            let known = KEYWORDS.contains(&instruction.name().as_str());
            let highlighted = tokens.iter().any(|t| t.range == keyword.range && t.kind == TokenType::Keyword);
            if known && written_once == Some(keyword.text.as_str()) && !highlighted {
                failures.push(format!(
                    "{name}:{}: keyword {} not highlighted",
                    instruction.start_line + 1,
                    keyword.text
                ));
            }
        }
        document_symbols::document_symbols(&analysis);
        folding_ranges::folding_ranges(&analysis);
        let offsets: Vec<TextSize> = (0..text.len()).step_by(97).map(|o| TextSize::from(o as u32)).collect();
        for chain in selection_ranges::selection_ranges(&analysis, &offsets) {
            if chain.windows(2).any(|w| !w[1].contains_range(w[0]) || w[0] == w[1]) {
                failures.push(format!("{name}: selection chain not nested: {chain:?}"));
            }
        }
    }
    eprintln!(
        "{} files ({with_errors} with tree-sitter ERROR nodes): {tokens_total} tokens, {} failures",
        files.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{failures:#?}");
}

mod generated {
    use proptest::prelude::*;

    use super::*;

    const PIECES: &[&str] = &[
        "FROM a AS b",
        "RUN",
        "COPY --from=b",
        "ENV",
        "ARG x=1",
        "ONBUILD",
        "HEALTHCHECK CMD",
        " ",
        "\t",
        "\\",
        "`",
        "'",
        "\"",
        "${X:-$Y}",
        "$Z",
        "#",
        "# escape=`",
        "# syntax=x",
        "[\"a\"",
        "]",
        "<<EOF",
        "EOF",
        "--mount=a=b,c",
        "=",
        "é😀",
        "\r",
        "\n",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]
        #[test]
        fn tokens_folds_and_selections_hold_their_shape(
            pieces in prop::collection::vec(prop::sample::select(PIECES), 0..40),
            cursor in 0usize..200,
        ) {
            let text = pieces.join("");
            let analysis = Analysis::from_text(&text);
            let tokens = semantic_tokens(&analysis);
            for pair in tokens.windows(2) {
                prop_assert!(pair[0].range.end() <= pair[1].range.start(), "{:?}", pair);
            }
            prop_assert!(tokens.iter().all(|t| !t.range.is_empty() && !text[t.range].contains(['\n', '\r'])));
            for fold in folding_ranges::folding_ranges(&analysis) {
                prop_assert!(usize::from(fold.range.end()) <= text.len());
            }
            document_symbols::document_symbols(&analysis);
            let chain = &selection_ranges::selection_ranges(&analysis, &[TextSize::from(cursor as u32)])[0];
            prop_assert!(!chain.is_empty());
            prop_assert!(chain.windows(2).all(|w| w[1].contains_range(w[0]) && w[0] != w[1]), "{:?}", chain);
        }
    }
}

mod shared_corpus;
