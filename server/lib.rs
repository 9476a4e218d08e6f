//! dockerfile-ls: a language server and linter for Dockerfiles that reads
//! them the way BuildKit does.
//!
//! Layers, bottom to top: [`syntax`] (text, tree, logical lines), [`model`]
//! (stages, references, variables), [`features`] (diagnostics, completion,
//! … as protocol-free functions), and [`lsp`] (the protocol glue). [`cli`]
//! runs the same features from the command line.

pub mod cli;
pub mod config;
pub mod disk;
pub mod features;
pub mod lsp;
pub mod model;
pub mod syntax;
pub mod vfs;
pub mod workspace;
