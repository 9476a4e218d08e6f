//! Arbitrary bytes (valid UTF-8 or not, as the server would receive them
//! after lossy decoding) through parse, analysis and every diagnostic rule.
#![no_main]

use dockerfile_ls::config::Config;
use dockerfile_ls::features::diagnostics::diagnostics;
use dockerfile_ls::model::Analysis;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let analysis = Analysis::from_text(&text);
    for d in diagnostics(&analysis, &Config::default()) {
        let (start, end) = (usize::from(d.range.start()), usize::from(d.range.end()));
        assert!(start <= end && end <= text.len(), "diagnostic range out of the document: {d:?}");
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "range splits a character: {d:?}");
        for fix in &d.fixes {
            for edit in &fix.edits {
                let (start, end) = (usize::from(edit.range.start()), usize::from(edit.range.end()));
                assert!(start <= end && end <= text.len(), "fix edit out of the document: {fix:?}");
                assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "fix splits a character: {fix:?}");
            }
        }
    }
});
