//! Property test of `split_incremental`: after any edit, splitting the new
//! text from the previous split must equal a fresh `split`, and every carried
//! instruction must equal the previous one moved by its delta. Over generated
//! Dockerfile-like text and, when `../shared/corpus/real` exists, over the
//! real corpus files.

use dockerfile_ls::syntax::{split, split_incremental, LogicalFile, Shift};
use proptest::prelude::*;

mod random_edits;
mod shared_corpus;

use random_edits::{cases, floor_char_boundary, Edit, Rng};

/// Pieces that stress the splitter: continuations (with blank and comment
/// lines inside), heredocs, doc comments, directives, CRLF and lone CR,
/// multi-byte characters, the backtick escape.
const FRAGMENTS: &[&str] = &[
    "FROM alpine AS build\n",
    "RUN echo é \\\n  && ls\n",
    "RUN a \\\n\n  # inside\n  b\n",
    "RUN <<EOF\necho 😀\nEOF\n",
    "COPY <<-'X' /a\n\tbody\n\tX\n",
    "RUN <<A <<B\na\nA\nb\nB\n",
    "ENV A=1 B=\"two words\"\r\n",
    "RUN x \\\r\n  y\r\n",
    "# escape=`\n",
    "# syntax=docker/dockerfile:1\n",
    "# comment é\n",
    "#\n",
    "RUN a `\n  b\n",
    "CMD [\"a\", \"😀\"]\n",
    "ONBUILD RUN <<A\nA\n",
    "ONBUILD ONBUILD RUN x\n",
    "ONBUILD ",
    "ARG V=${X:-y}\n",
    "COPY --from=build /a /b\n",
    "HEALTHCHECK CMD [\"x\"]\n",
    "RUN <<'EOF' bash\n  EOF\nEOF\n",
    "\\\n",
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    "é",
    "😀",
    "<<EOF",
    "EOF\n",
    "\"",
    "\\",
    "`",
    " ",
    "\t",
    "x",
    "RUN ",
    "#",
    "\u{feff}",
];

fn apply(text: &str, edit: &Edit) -> String {
    let start = floor_char_boundary(text, (edit.at * text.len() as f64) as usize);
    let end = floor_char_boundary(text, start + edit.remove).max(start);
    let mut out = text.to_string();
    out.replace_range(start..end, &edit.insert);
    out
}

/// Checks one incremental split; returns it and how many instructions were carried.
fn check(previous: LogicalFile, old: &str, new: &str) -> Result<(LogicalFile, usize), String> {
    let originals = previous.instructions.clone();
    let (file, carried) = split_incremental(previous, old, new);
    let fresh = split(new);
    if file != fresh {
        return Err(format!("incremental split differs from a fresh one\nold: {old:?}\nnew: {new:?}"));
    }
    if carried.len() != file.instructions.len() {
        return Err(format!("{} sources for {} instructions", carried.len(), file.instructions.len()));
    }
    for (instruction, from) in file.instructions.iter().zip(&carried).filter_map(|(i, f)| Some((i, (*f)?))) {
        let mut moved = originals[from.index].clone();
        moved.shift(from.delta);
        if &moved != instruction {
            return Err(format!("carried instruction {} differs\nold: {old:?}\nnew: {new:?}", from.index));
        }
    }
    Ok((file, carried.iter().flatten().count()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn edits_split_like_a_fresh_split(initial in random_edits::text(FRAGMENTS, 16), edits in prop::collection::vec(random_edits::edit(FRAGMENTS, 60), 1..6)) {
        let mut text = initial;
        let mut file = split(&text);
        for edit in &edits {
            let new = apply(&text, edit);
            let (next, _) = check(file, &text, &new).map_err(TestCaseError::fail)?;
            (file, text) = (next, new);
        }
    }
}

#[test]
fn random_edits_of_the_real_corpus_split_like_a_fresh_split() {
    let Some(dir) = shared_corpus::folder("real", "the incremental split over real files") else { return };
    let (mut instructions, mut carried) = (0, 0);
    for (n, path) in shared_corpus::files_in(&dir).iter().enumerate() {
        let text = shared_corpus::read(path);
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (n as u64 + 1));
        for _ in 0..8 {
            let insert = match rng.below(4) {
                0 => String::new(),
                1 => "x".to_string(),
                _ => FRAGMENTS[rng.below(FRAGMENTS.len())].to_string(),
            };
            let remove = [0, 1, 1, 5, 40][rng.below(5)];
            let edit = Edit { at: rng.below(1000) as f64 / 1000.0, remove, insert };
            let new = apply(&text, &edit);
            let (file, count) = check(split(&text), &text, &new).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            instructions += file.instructions.len();
            carried += count;
        }
    }
    eprintln!("carried {carried} of {instructions} instructions");
    assert!(carried * 2 > instructions, "most instructions are carried over: {carried} of {instructions}");
}
