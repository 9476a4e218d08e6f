//! The protocol layer: tower-lsp glue, capabilities, position conversion and
//! the document store. Nothing below this module knows LSP types.

mod build_targets;
mod capabilities;
mod completion;
pub mod convert;
mod dispatch;
mod information;
mod languages;
mod limits;
mod navigation;
mod refactor;
mod server;
mod store;
mod structure;
mod transport;
mod workspace;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tower_lsp::{LspService, Server};

/// Serves LSP over stdio until `exit`. Returns the process exit code: 0 after
/// a `shutdown`, 1 when `exit` came without one (as the protocol says).
pub fn run_stdio() -> i32 {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("the tokio runtime starts");
    let shut_down = Arc::new(AtomicBool::new(false));
    let flag = shut_down.clone();
    runtime.block_on(async move {
        let builder = LspService::build(move |client| server::Backend::new(client, flag));
        #[cfg(debug_assertions)]
        let builder = builder.custom_method("dockerfile-ls/debugPanic", server::Backend::debug_panic);
        let (service, socket) = builder.finish();
        let service = dispatch::Dispatch::new(service);
        let (framed, finish) = transport::spawn(tokio::io::stdin(), tokio::io::stdout());
        // Requests wait on their own tasks (see `dispatch`): more of them in flight
        // than tower-lsp's default of 4 keeps a following didChange from waiting too.
        Server::new(framed.to_server, framed.from_server, socket).concurrency_level(32).serve(service).await;
        finish.flush().await;
    });
    if shut_down.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}
