//! A panic in one request handler must not take the whole editor session
//! down: it is logged and answered as an internal error, and the server
//! keeps serving.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::FutureExt;
use tower::Service;
use tower_lsp::jsonrpc::{Error, Request, Response};

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

pub struct CatchPanic<S>(pub S);

impl<S> Service<Request> for CatchPanic<S>
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Option<Response>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let method = request.method().to_string();
        let id = request.id().cloned();
        let document = request.params().map(|p| p["textDocument"].clone()).unwrap_or_default();
        let future = AssertUnwindSafe(self.0.call(request)).catch_unwind();
        Box::pin(async move {
            match future.await {
                Ok(result) => result,
                Err(panic) => {
                    let reason = panic_message(&panic);
                    tracing::error!(%method, %document, %reason, "request handler panicked");
                    let error = Error {
                        message: format!("internal error in {method}: {reason}").into(),
                        ..Error::internal_error()
                    };
                    Ok(id.map(|id| Response::from_error(id, error)))
                }
            }
        })
    }
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A service whose handler panics.
    struct Panicking;

    impl Service<Request> for Panicking {
        type Response = Option<Response>;
        type Error = ();
        type Future = BoxFuture<Result<Option<Response>, ()>>;

        fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), ()>> {
            Poll::Ready(Ok(()))
        }

        fn call(&mut self, _: Request) -> Self::Future {
            Box::pin(async { panic!("boom at version 3") })
        }
    }

    #[test]
    fn a_panicking_request_gets_an_internal_error_response() {
        let request = Request::build("textDocument/hover").id(7).finish();
        let response = futures::executor::block_on(CatchPanic(Panicking).call(request)).unwrap().unwrap();
        let json = serde_json::to_value(&response).unwrap();
        assert_eq!(json["id"], 7);
        assert_eq!(json["error"]["code"], -32603);
        assert!(json["error"]["message"].as_str().unwrap().contains("boom at version 3"));
    }

    #[test]
    fn a_panicking_notification_is_swallowed() {
        let request = Request::build("textDocument/didChange").finish();
        let response = futures::executor::block_on(CatchPanic(Panicking).call(request)).unwrap();
        assert!(response.is_none());
    }
}
