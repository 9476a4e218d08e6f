//! Stdio framing in front of tower-lsp. tower-lsp stops reading its input
//! after the first message it cannot decode, which would end the session on
//! one malformed message; here every message is checked first, a bad one is
//! answered with a JSON-RPC error, and only well-formed ones reach tower-lsp.
//! All output goes through one writer so error answers never split a message.

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};

/// Messages larger than this are refused rather than buffered.
const MAX_MESSAGE_BYTES: usize = 64 << 20;

pub struct Framed<R, W> {
    pub to_server: R,
    pub from_server: W,
}

/// Starts the framing tasks; returns the streams tower-lsp should use and a
/// handle to await once the server is done, so that all output is flushed.
pub fn spawn<I, O>(input: I, output: O) -> (Framed<tokio::io::DuplexStream, tokio::io::DuplexStream>, Finish)
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    let (to_server_writer, to_server) = tokio::io::duplex(1 << 16);
    let (from_server, from_server_reader) = tokio::io::duplex(1 << 16);
    let (out_tx, mut out_rx) = unbounded_channel::<Vec<u8>>();
    let reader = tokio::spawn(read_client(input, to_server_writer, out_tx.clone()));
    let forwarder = tokio::spawn(forward_server(from_server_reader, out_tx));
    let writer = tokio::spawn(async move {
        let mut output = output;
        while let Some(body) = out_rx.recv().await {
            let header = format!("Content-Length: {}\r\n\r\n", body.len());
            if output.write_all(header.as_bytes()).await.is_err() || output.write_all(&body).await.is_err() {
                break;
            }
            let _ = output.flush().await;
        }
    });
    (Framed { to_server, from_server }, Finish { reader, forwarder, writer })
}

pub struct Finish {
    reader: tokio::task::JoinHandle<()>,
    forwarder: tokio::task::JoinHandle<()>,
    writer: tokio::task::JoinHandle<()>,
}

impl Finish {
    /// Call after tower-lsp's `serve` returned (its output stream is closed).
    pub async fn flush(self) {
        let _ = self.forwarder.await;
        self.reader.abort();
        let _ = self.reader.await;
        let _ = self.writer.await;
    }
}

async fn read_client<I, W>(input: I, mut to_server: W, out: UnboundedSender<Vec<u8>>)
where
    I: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut input = BufReader::new(input);
    loop {
        let body = match read_frame(&mut input).await {
            Frame::Body(body) => body,
            Frame::Bad(reason) => {
                let _ = out.send(error_body(Value::Null, -32700, &reason));
                continue;
            }
            Frame::End => break,
        };
        match check_message(&body) {
            Ok(()) => {
                let body = without_null_params(body);
                let header = format!("Content-Length: {}\r\n\r\n", body.len());
                if to_server.write_all(header.as_bytes()).await.is_err() || to_server.write_all(&body).await.is_err() {
                    break;
                }
                // tower-lsp keeps waiting for input after `exit` while the client
                // holds stdin open; ending its input lets the process exit.
                if is_exit(&body) {
                    break;
                }
            }
            Err((id, code, reason)) => {
                let _ = out.send(error_body(id, code, &reason));
            }
        }
    }
    let _ = to_server.shutdown().await;
}

async fn forward_server<R: AsyncRead + Unpin>(from_server: R, out: UnboundedSender<Vec<u8>>) {
    let mut reader = BufReader::new(from_server);
    while let Frame::Body(body) = read_frame(&mut reader).await {
        if out.send(body).is_err() {
            break;
        }
    }
}

enum Frame {
    Body(Vec<u8>),
    Bad(String),
    End,
}

/// One `Content-Length`-framed message.
async fn read_frame<R: AsyncRead + Unpin>(reader: &mut BufReader<R>) -> Frame {
    let mut length: Option<usize> = None;
    let mut saw_header = false;
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line).await {
            Ok(0) => return Frame::End,
            Ok(_) => {}
            Err(_) => return Frame::Bad("header is not valid UTF-8".to_string()),
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok();
            }
        }
    }
    let Some(length) = length.filter(|&n| n <= MAX_MESSAGE_BYTES) else {
        return Frame::Bad("missing, invalid or too large Content-Length".to_string());
    };
    let mut body = vec![0; length];
    match reader.read_exact(&mut body).await {
        Ok(_) => Frame::Body(body),
        Err(_) => Frame::End,
    }
}

/// A JSON-RPC 2.0 request, notification or response, as tower-lsp can decode it.
fn check_message(body: &[u8]) -> Result<(), (Value, i64, String)> {
    let value: Value = serde_json::from_slice(body).map_err(|e| (Value::Null, -32700, format!("Parse error: {e}")))?;
    let id = value.get("id").cloned().unwrap_or(Value::Null);
    let invalid = |reason: &str| (id.clone(), -32600, format!("Invalid request: {reason}"));
    let object = value.as_object().ok_or_else(|| invalid("not a JSON object"))?;
    if object.get("jsonrpc") != Some(&json!("2.0")) {
        return Err(invalid("`jsonrpc` must be \"2.0\""));
    }
    if !matches!(id, Value::Null | Value::Number(_) | Value::String(_)) {
        return Err(invalid("`id` must be a number or a string"));
    }
    match object.get("method") {
        Some(Value::String(_)) => match object.get("params") {
            None | Some(Value::Object(_)) | Some(Value::Array(_)) | Some(Value::Null) => Ok(()),
            Some(_) => Err(invalid("`params` must be an object or an array")),
        },
        Some(_) => Err(invalid("`method` must be a string")),
        None if object.contains_key("id") && (object.contains_key("result") || object.contains_key("error")) => Ok(()),
        None => Err(invalid("no `method`")),
    }
}

/// `"params": null` (sent by some clients for `shutdown`) is read as "no params".
fn without_null_params(body: Vec<u8>) -> Vec<u8> {
    match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(mut map)) if map.get("params") == Some(&Value::Null) => {
            map.remove("params");
            Value::Object(map).to_string().into_bytes()
        }
        _ => body,
    }
}

fn is_exit(body: &[u8]) -> bool {
    serde_json::from_slice::<Value>(body).is_ok_and(|v| v.get("method") == Some(&json!("exit")))
}

fn error_body(id: Value, code: i64, message: &str) -> Vec<u8> {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}}).to_string().into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_formed_messages_pass() {
        assert!(check_message(br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#).is_ok());
        assert!(check_message(br#"{"jsonrpc":"2.0","method":"exit","params":null}"#).is_ok());
        assert!(check_message(br#"{"jsonrpc":"2.0","id":"a","result":null}"#).is_ok());
    }

    #[test]
    fn malformed_messages_get_the_right_error() {
        assert_eq!(check_message(b"not json").unwrap_err().1, -32700);
        assert_eq!(check_message(br#"[1,2]"#).unwrap_err().1, -32600);
        let (id, code, _) = check_message(br#"{"jsonrpc":"2.0","id":4,"method":7}"#).unwrap_err();
        assert_eq!((id, code), (json!(4), -32600));
        assert_eq!(check_message(br#"{"jsonrpc":"1.0","id":1,"method":"x"}"#).unwrap_err().1, -32600);
        assert_eq!(check_message(br#"{"jsonrpc":"2.0","id":1,"method":"x","params":3}"#).unwrap_err().1, -32600);
    }
}
