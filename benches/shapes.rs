//! Pathological document shapes of a given size `n`, shared by the scaling
//! benchmark and the hardening tests.
#![allow(dead_code)]

use dockerfile_ls::config::FormatConfig;
use dockerfile_ls::features::completion::{completion, CompletionOptions};
use dockerfile_ls::features::{
    code_lens, document_highlight, document_links, document_symbols, folding_ranges, formatting, hover, inlay_hints,
    references, selection_ranges, semantic_tokens,
};
use dockerfile_ls::model::Analysis;
use dockerfile_ls::syntax::{TextRange, TextSize};

/// Makes a document of size `n`.
pub type Generator = fn(usize) -> String;

/// `(name, generator)`: each generator makes a document whose work should grow linearly with `n`.
pub const SHAPES: &[(&str, Generator)] = &[
    ("from_chain", from_chain),
    ("copy_from_chain", copy_from_chain),
    ("copy_from_cycle", copy_from_cycle),
    ("nested_default", nested_default),
    ("deep_json", deep_json),
    ("heredocs_one_line", heredocs_one_line),
    ("flags_one_line", flags_one_line),
    ("continuations", continuations),
    ("megabyte_line", megabyte_line),
    ("unterminated", unterminated),
    ("cr_only", cr_only),
    ("mixed_endings", mixed_endings),
    ("control_chars", control_chars),
    ("many_vars", many_vars),
    ("doubling_vars", doubling_vars),
];

/// `FROM a AS s0`, `FROM s0 AS s1`, …
pub fn from_chain(n: usize) -> String {
    let mut s = String::from("FROM alpine AS s0\n");
    for i in 1..n {
        s.push_str(&format!("FROM s{} AS s{i}\n", i - 1));
    }
    s
}

/// Each stage copies from the previous one.
pub fn copy_from_chain(n: usize) -> String {
    let mut s = String::from("FROM alpine AS s0\n");
    for i in 1..n {
        s.push_str(&format!("FROM alpine AS s{i}\nCOPY --from=s{} /a /a\n", i - 1));
    }
    s
}

/// Each stage copies from the next one, the last from the first: one big cycle.
pub fn copy_from_cycle(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&format!("FROM alpine AS s{i}\nCOPY --from=s{} /a /a\n", (i + 1) % n));
    }
    s
}

/// `${a:-${a:-…}}` nested `n` deep.
pub fn nested_default(n: usize) -> String {
    format!("FROM alpine\nENV X={}x{}\n", "${a:-".repeat(n), "}".repeat(n))
}

/// `CMD [[[[…]]]]`.
pub fn deep_json(n: usize) -> String {
    format!("FROM alpine\nCMD {}\"x\"{}\n", "[".repeat(n), "]".repeat(n))
}

/// `RUN <<A0 <<A1 …` with all bodies.
pub fn heredocs_one_line(n: usize) -> String {
    let mut s = String::from("FROM alpine\nRUN");
    for i in 0..n {
        s.push_str(&format!(" <<E{i}"));
    }
    s.push('\n');
    for i in 0..n {
        s.push_str(&format!("echo {i}\nE{i}\n"));
    }
    s
}

/// `COPY --chmod=644 --chmod=644 … a b`.
pub fn flags_one_line(n: usize) -> String {
    format!("FROM alpine\nCOPY {}a b\n", "--link --chown=1:1 ".repeat(n))
}

/// One RUN continued over `n` lines.
pub fn continuations(n: usize) -> String {
    format!("FROM alpine\nRUN true \\\n{}    && true\n", "    && echo $HOME \\\n".repeat(n))
}

/// One instruction with `n` × 1 KiB of arguments on one line.
pub fn megabyte_line(n: usize) -> String {
    format!("FROM alpine\nRUN echo {}\n", "abcdefgh ${X} \"q\" ".repeat(n * 1024 / 20))
}

/// Unterminated heredocs and quotes everywhere.
pub fn unterminated(n: usize) -> String {
    let mut s = String::from("FROM alpine\n");
    for i in 0..n {
        s.push_str(&format!("ENV A{i}=\"open\nCMD [\"x\nLABEL b='c\n"));
    }
    s.push_str("RUN <<EOF\nbody\n");
    s
}

/// `\r` line endings only.
pub fn cr_only(n: usize) -> String {
    let mut s = String::from("FROM alpine\r");
    for i in 0..n {
        s.push_str(&format!("RUN echo {i} \\\r  && true\r"));
    }
    s
}

pub fn mixed_endings(n: usize) -> String {
    let mut s = String::from("FROM alpine\n");
    for i in 0..n {
        let end = ["\n", "\r\n", "\r"][i % 3];
        s.push_str(&format!("RUN echo {i} \\{end}  && true{end}"));
    }
    s
}

pub fn control_chars(n: usize) -> String {
    let mut s = String::from("FROM alpine\n");
    for i in 0..n {
        s.push_str(&format!("RUN echo \0\x01\x1b[{i}m \u{7f}\u{feff}\u{2028}x\n"));
    }
    s
}

/// `n` ARGs and `n` references to them.
pub fn many_vars(n: usize) -> String {
    let mut s = String::from("FROM alpine\n");
    for i in 0..n {
        s.push_str(&format!("ARG V{i}=x\nENV E{i}=${{V{i}}}/$E{}\n", i.saturating_sub(1)));
    }
    s
}

/// `ENV A=ab`, then `ENV A=$A$A` `n` times: a value that doubles on each line.
pub fn doubling_vars(n: usize) -> String {
    format!("FROM alpine\nENV A=ab\n{}", "ENV A=$A$A\n".repeat(n))
}

/// Every request but diagnostics on an opened document: the document-wide
/// ones, and the position ones in the middle and at the end. Returns how much
/// was found, so that nothing is optimised away.
pub fn every_request(analysis: &Analysis) -> usize {
    let len = TextSize::of(&*analysis.text);
    let whole = TextRange::up_to(len);
    let mut n = semantic_tokens::semantic_tokens(analysis).len()
        + document_symbols::document_symbols(analysis).len()
        + folding_ranges::folding_ranges(analysis).len()
        + formatting::format(analysis, &FormatConfig::default(), None).len()
        + document_links::document_links(analysis).len()
        + code_lens::code_lenses(analysis, None).len()
        + inlay_hints::inlay_hints(analysis, whole).len();
    let mut middle = analysis.text.len() / 2;
    while !analysis.text.is_char_boundary(middle) {
        middle -= 1; // Features take offsets on character boundaries, as the server converts positions.
    }
    for at in [TextSize::from(middle as u32), len] {
        let options = CompletionOptions { snippets: true, files: None };
        n += completion(analysis, at, &options).len()
            + usize::from(hover::hover(analysis, at, None).is_some())
            + references::references(analysis, at, true).len()
            + document_highlight::document_highlight(analysis, at).len()
            + selection_ranges::selection_ranges(analysis, &[at]).len();
    }
    n
}
