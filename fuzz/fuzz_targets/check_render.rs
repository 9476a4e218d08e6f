//! The `check` CLI on any document: its human rendering (plain and coloured)
//! names every finding, and `--fix` leaves a document the server can analyse.
#![no_main]

use std::path::PathBuf;

use codespan_reporting::term::termcolor::Buffer;
use dockerfile_ls::cli::check::{write_human, ColorChoice};
use dockerfile_ls::config::Config;
use dockerfile_ls::features::diagnostics::diagnostics;
use dockerfile_ls::features::fix_all::fix_all;
use dockerfile_ls::features::FileContext;
use dockerfile_ls::model::Analysis;
use dockerfile_ls::syntax::Document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let config = Config::default();
    let document = Document::new(&text);
    let found = diagnostics(&Analysis::new(&document), &config);
    let results = [(PathBuf::from("Dockerfile"), document, found)];
    for (mut buffer, choice) in [(Buffer::no_color(), ColorChoice::Never), (Buffer::ansi(), ColorChoice::Always)] {
        write_human(&mut buffer, choice, &results);
        let rendered = String::from_utf8_lossy(buffer.as_slice());
        for d in &results[0].2 {
            assert!(rendered.contains(d.code), "{} missing from the rendering:\n{rendered}", d.code);
        }
    }
    let fixed = fix_all(&text, &config, &FileContext::default());
    let _ = diagnostics(&Analysis::from_text(&fixed.text), &config);
});
