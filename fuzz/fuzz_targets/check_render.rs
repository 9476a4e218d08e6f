//! The `check` CLI's human rendering of any document's findings.
#![no_main]

use std::path::PathBuf;

use codespan_reporting::term::termcolor::Buffer;
use dockerfile_ls::cli::check::{write_human, ColorChoice};
use dockerfile_ls::config::Config;
use dockerfile_ls::features::diagnostics::diagnostics;
use dockerfile_ls::model::Analysis;
use dockerfile_ls::syntax::Document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let document = Document::new(&text);
    let found = diagnostics(&Analysis::new(&document), &Config::default());
    let mut buffer = Buffer::no_color();
    write_human(&mut buffer, ColorChoice::Never, &[(PathBuf::from("Dockerfile"), document, found)]);
});
