//! Test fixtures: `$0` marks the cursor, `$0…$0` a selection.

use text_size::{TextRange, TextSize};

use crate::model::Analysis;

pub const CURSOR: &str = "$0";

/// The analysis of `fixture` without its markers, and the cursor offset.
pub fn with_cursor(fixture: &str) -> (Analysis, TextSize) {
    let offset = fixture.find(CURSOR).expect("fixture has a $0 cursor");
    let text = fixture.replacen(CURSOR, "", 1);
    (Analysis::from_text(&text), TextSize::from(offset as u32))
}

/// The analysis of `fixture` and the range between two `$0` markers.
pub fn with_range(fixture: &str) -> (Analysis, TextRange) {
    let start = fixture.find(CURSOR).expect("fixture has a $0 start");
    let text = fixture.replacen(CURSOR, "", 1);
    let end = text.find(CURSOR).expect("fixture has a $0 end");
    let text = text.replacen(CURSOR, "", 1);
    let range = TextRange::new(TextSize::from(start as u32), TextSize::from(end as u32));
    (Analysis::from_text(&text), range)
}

/// `text` with each range wrapped in `<focus>…</focus>` style markers.
pub fn mark_ranges(text: &str, ranges: &[(TextRange, &str)]) -> String {
    let mut marks: Vec<(usize, bool, &str)> = Vec::new();
    for (range, tag) in ranges {
        marks.push((usize::from(range.start()), true, tag));
        marks.push((usize::from(range.end()), false, tag));
    }
    marks.sort_by_key(|&(at, open, _)| (at, open));
    let mut out = String::new();
    let mut last = 0;
    for (at, open, tag) in marks {
        out.push_str(&text[last..at]);
        out.push_str(&if open { format!("<{tag}>") } else { format!("</{tag}>") });
        last = at;
    }
    out.push_str(&text[last..]);
    out
}
