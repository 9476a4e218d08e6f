//! Random edits for the incremental tests: proptest strategies over a list of
//! text fragments, and a small deterministic generator for corpus runs.
#![allow(dead_code)]

use proptest::prelude::*;

/// One edit: where (fraction of the text), how much to remove, what to insert.
#[derive(Clone, Debug)]
pub struct Edit {
    pub at: f64,
    pub remove: usize,
    pub insert: String,
}

/// A text of up to `max_pieces - 1` fragments.
pub fn text(fragments: &'static [&'static str], max_pieces: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(fragments), 0..max_pieces).prop_map(|v| v.concat())
}

/// An edit removing nothing, a little or up to `max_remove - 1` bytes and
/// inserting up to two fragments.
pub fn edit(fragments: &'static [&'static str], max_remove: usize) -> impl Strategy<Value = Edit> {
    let remove = prop_oneof![Just(0usize), 0..4usize, 0..max_remove];
    (0.0..=1.0f64, remove, prop::collection::vec(fragment(fragments), 0..3)).prop_map(|(at, remove, insert)| Edit {
        at,
        remove,
        insert: insert.concat(),
    })
}

fn fragment(fragments: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(fragments).prop_map(str::to_string)
}

/// 256 by default; `PROPTEST_CASES=N` for a longer run.
pub fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
}

pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A small deterministic generator (xorshift), so corpus runs are reproducible.
pub struct Rng(pub u64);

impl Rng {
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}
