//! Every editing feature, at many positions of every real-world Dockerfile
//! of the shared corpus: no panic, and ranges that lie inside the text.

use dockerfile_ls::features::code_lens::code_lenses;
use dockerfile_ls::features::completion::{completion, CompletionOptions};
use dockerfile_ls::features::document_highlight::document_highlight;
use dockerfile_ls::features::document_links::document_links;
use dockerfile_ls::features::goto_definition::goto_definition;
use dockerfile_ls::features::hover::hover;
use dockerfile_ls::features::inlay_hints::inlay_hints;
use dockerfile_ls::features::references::references;
use dockerfile_ls::features::rename::{prepare_rename, rename};
use dockerfile_ls::features::signature_help::signature_help;
use dockerfile_ls::model::Analysis;
use text_size::{TextRange, TextSize};

/// Offsets worth probing: line starts, around punctuation, and a stride.
fn probe_offsets(text: &str) -> Vec<usize> {
    let mut offsets: Vec<usize> = text
        .char_indices()
        .filter(|&(i, c)| i % 37 == 0 || matches!(c, '\n' | '$' | '=' | ','))
        .flat_map(|(i, c)| [i, i + c.len_utf8()])
        .collect();
    offsets.push(text.len());
    offsets.dedup();
    offsets
}

fn assert_inside(text: &str, range: TextRange, what: &str, file: &str) {
    assert!(usize::from(range.end()) <= text.len(), "{what} range {range:?} past the end of {file}");
}

#[test]
fn features_never_panic_on_the_real_corpus() {
    let Some(dir) = shared_corpus::folder("real", "the features corpus test") else { return };
    let mut files = 0;
    for path in shared_corpus::files_in(&dir) {
        let text = shared_corpus::read(&path);
        let name = path.display().to_string();
        let analysis = Analysis::from_text(&text);
        files += 1;
        let whole = TextRange::up_to(TextSize::of(text.as_str()));
        for link in document_links(&analysis) {
            assert_inside(&text, link.range, "link", &name);
        }
        for lens in code_lenses(&analysis, None) {
            assert_inside(&text, lens.range, "lens", &name);
        }
        for hint in inlay_hints(&analysis, whole) {
            assert!(usize::from(hint.offset) <= text.len());
        }
        let options = CompletionOptions { snippets: true, files: None };
        for offset in probe_offsets(&text) {
            let at = TextSize::from(offset as u32);
            for item in completion(&analysis, at, &options) {
                assert_inside(&text, item.replace, "completion", &name);
                assert!(item.replace.end() <= at.max(item.replace.end()));
            }
            if let Some(h) = hover(&analysis, at, None) {
                assert_inside(&text, h.range, "hover", &name);
            }
            for t in goto_definition(&analysis, at) {
                assert_inside(&text, t.focus_range, "definition", &name);
            }
            for r in references(&analysis, at, true) {
                assert_inside(&text, r.range, "reference", &name);
            }
            document_highlight(&analysis, at);
            signature_help(&analysis, at);
            if prepare_rename(&analysis, at).is_ok() {
                let _ = rename(&analysis, at, "renamed");
            }
        }
    }
    assert!(files > 0 || !dir.exists());
}

mod shared_corpus;
