//! How requests reach the server. tower-lsp polls every handler on the one
//! task that also reads the client, so a long handler would keep it from
//! seeing a `$/cancelRequest` (or anything else) until it is done. Here:
//!
//! - each request runs on a task of its own; the reading loop stays free, and a
//!   `$/cancelRequest` is answered with `RequestCancelled` at once (the abandoned
//!   work finishes in the background, bounded like every request, and is dropped);
//! - notifications stay on the reading loop, in arrival order, because document
//!   changes must be applied in the order the client sent them;
//! - a panic in any handler is logged with the method, the document and its
//!   version, and a request gets an internal-error answer; the server keeps serving.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use dashmap::DashMap;
use futures::FutureExt;
use serde_json::Value;
use tokio::sync::oneshot;
use tower::Service;
use tower_lsp::jsonrpc::{Error, Id, Request, Response};
use tower_lsp::lsp_types::Url;
use tower_lsp::LspService;

use super::server::Backend;

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// The version of an open document, for panic reports.
pub trait DocumentVersions {
    fn document_version(&self, uri: &Url) -> Option<i32>;
}

impl DocumentVersions for LspService<Backend> {
    fn document_version(&self, uri: &Url) -> Option<i32> {
        self.inner().document_version(uri)
    }
}

pub struct Dispatch<S> {
    inner: S,
    /// Requests not answered yet, with the means to cancel them.
    in_flight: Arc<DashMap<Id, oneshot::Sender<()>>>,
}

impl<S> Dispatch<S> {
    pub fn new(inner: S) -> Dispatch<S> {
        Dispatch { inner, in_flight: Arc::default() }
    }
}

impl<S> Service<Request> for Dispatch<S>
where
    S: Service<Request, Response = Option<Response>> + DocumentVersions,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Option<Response>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        if request.method() == "$/cancelRequest" {
            self.cancel(request.params());
        }
        let about = Origin::of(&request, &self.inner);
        let id = request.id().cloned();
        let future = self.inner.call(request);
        match id {
            Some(id) => {
                let (cancel, cancelled) = oneshot::channel();
                self.in_flight.insert(id.clone(), cancel);
                Box::pin(run_request(id, future, cancelled, self.in_flight.clone(), about))
            }
            None => Box::pin(async move {
                match AssertUnwindSafe(future).catch_unwind().await {
                    Ok(result) => result,
                    Err(panic) => {
                        about.log(&panic_message(&panic));
                        Ok(None)
                    }
                }
            }),
        }
    }
}

impl<S> Dispatch<S> {
    fn cancel(&self, params: Option<&Value>) {
        let Some(id) = params.and_then(|p| serde_json::from_value::<Id>(p["id"].clone()).ok()) else { return };
        if let Some((_, cancel)) = self.in_flight.remove(&id) {
            let _ = cancel.send(());
        }
    }
}

/// Spawned on its first poll, not before: tower-lsp polls handlers in arrival
/// order, so a request still sees every change the client sent before it.
async fn run_request<F, E>(
    id: Id,
    future: F,
    mut cancelled: oneshot::Receiver<()>,
    in_flight: Arc<DashMap<Id, oneshot::Sender<()>>>,
    about: Origin,
) -> Result<Option<Response>, E>
where
    F: Future<Output = Result<Option<Response>, E>> + Send + 'static,
    E: Send + 'static,
{
    if cancelled.try_recv().is_ok() {
        return Ok(Some(Response::from_error(id, Error::request_cancelled())));
    }
    let mut task = tokio::spawn(future);
    let outcome = tokio::select! {
        biased;
        Ok(()) = &mut cancelled => None,
        finished = &mut task => Some(finished),
    };
    in_flight.remove(&id);
    match outcome {
        None => {
            task.abort();
            Ok(Some(Response::from_error(id, Error::request_cancelled())))
        }
        Some(Ok(result)) => result,
        Some(Err(failure)) => {
            let reason = if failure.is_panic() { panic_message(&failure.into_panic()) } else { failure.to_string() };
            about.log(&reason);
            let error = Error {
                message: format!("internal error in {}: {reason}", about.method).into(),
                ..Error::internal_error()
            };
            Ok(Some(Response::from_error(id, error)))
        }
    }
}

/// What a panic report says about the message that caused it.
struct Origin {
    method: String,
    uri: Option<Url>,
    version: Option<i32>,
}

impl Origin {
    fn of<S: DocumentVersions>(request: &Request, server: &S) -> Origin {
        let uri = request.params().and_then(|p| p["textDocument"]["uri"].as_str()).and_then(|uri| Url::parse(uri).ok());
        let version = uri.as_ref().and_then(|uri| server.document_version(uri));
        Origin { method: request.method().to_string(), uri, version }
    }

    fn log(&self, reason: &str) {
        let uri = self.uri.as_ref().map_or("", |u| u.as_str());
        let version = self.version.map_or_else(|| "-".to_string(), |v| v.to_string());
        tracing::error!(method = %self.method, %uri, %version, %reason, "handler panicked");
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
    use std::time::Duration;

    use super::*;

    /// Panics on `boom`, never finishes `slow` (until cancelled), answers the rest.
    struct Handlers;

    impl Service<Request> for Handlers {
        type Response = Option<Response>;
        type Error = ();
        type Future = BoxFuture<Result<Option<Response>, ()>>;

        fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), ()>> {
            Poll::Ready(Ok(()))
        }

        fn call(&mut self, request: Request) -> Self::Future {
            let id = request.id().cloned();
            match request.method() {
                "boom" => Box::pin(async { panic!("boom at version 3") }),
                "slow" => Box::pin(async move {
                    tokio::time::sleep(Duration::from_secs(3600)).await;
                    Ok(None)
                }),
                _ => Box::pin(async move { Ok(id.map(|id| Response::from_ok(id, Value::Null))) }),
            }
        }
    }

    impl DocumentVersions for Handlers {
        fn document_version(&self, _: &Url) -> Option<i32> {
            Some(3)
        }
    }

    fn to_json(response: Option<Response>) -> Value {
        serde_json::to_value(response.expect("a response")).unwrap()
    }

    #[tokio::test]
    async fn a_panicking_request_gets_an_internal_error_response() {
        let request = Request::build("boom").id(7).finish();
        let json = to_json(Dispatch::new(Handlers).call(request).await.unwrap());
        assert_eq!(json["id"], 7);
        assert_eq!(json["error"]["code"], -32603);
        assert!(json["error"]["message"].as_str().unwrap().contains("boom at version 3"));
    }

    #[tokio::test]
    async fn a_panicking_notification_is_swallowed() {
        let request = Request::build("boom").finish();
        assert!(Dispatch::new(Handlers).call(request).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn a_cancelled_request_is_answered_at_once() {
        let mut dispatch = Dispatch::new(Handlers);
        let slow = tokio::spawn(dispatch.call(Request::build("slow").id("s").finish()));
        tokio::task::yield_now().await;
        let cancel = Request::build("$/cancelRequest").params(serde_json::json!({"id": "s"})).finish();
        assert!(dispatch.call(cancel).await.unwrap().is_none());
        let json = to_json(slow.await.unwrap().unwrap());
        assert_eq!((&json["id"], &json["error"]["code"]), (&Value::from("s"), &Value::from(-32800)));
        assert!(dispatch.in_flight.is_empty());
    }

    #[tokio::test]
    async fn other_requests_are_answered_normally() {
        let json = to_json(Dispatch::new(Handlers).call(Request::build("x").id(1).finish()).await.unwrap());
        assert_eq!(json["result"], Value::Null);
        assert_eq!(json["id"], 1);
    }
}
