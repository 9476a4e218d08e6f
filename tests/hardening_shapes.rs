//! Every pathological shape of the scaling benchmark, at a size where
//! input-controlled recursion would overflow a debug build's stack, goes
//! through opening, every diagnostic rule and every other request.

#[path = "../benches/shapes.rs"]
mod shapes;

use dockerfile_ls::config::Config;
use dockerfile_ls::features::diagnostics::diagnostics;
use dockerfile_ls::model::Analysis;

#[test]
fn every_shape_is_served() {
    for (name, make) in shapes::SHAPES {
        // Deep nesting where recursion would show; modest sizes elsewhere (debug builds are slow).
        let n = if matches!(*name, "nested_default" | "deep_json") { 20_000 } else { 200 };
        let text = make(n);
        let analysis = Analysis::from_text(&text);
        let found = diagnostics(&analysis, &Config::default());
        assert!(found.iter().all(|d| usize::from(d.range.end()) <= text.len()), "{name}");
        shapes::every_request(&analysis);
    }
}
