//! A minimal LSP client that drives the real `dockerfile-ls` binary over stdio.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    next_id: i64,
    /// Notifications and server requests seen while waiting for something else.
    pub backlog: Vec<Value>,
    /// Requests the server sent to the client (answered already).
    pub server_requests: Vec<Value>,
}

impl Server {
    pub fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dockerfile-ls"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server binary starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        Server { child, stdin, messages: rx, next_id: 1, backlog: Vec::new(), server_requests: Vec::new() }
    }

    /// Starts and initializes with the given client capabilities and options.
    pub fn initialized(capabilities: Value, options: Value) -> Server {
        let mut server = Server::start();
        let result = server.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities, "initializationOptions": options}),
        );
        assert!(result.get("capabilities").is_some(), "initialize answered {result}");
        server.notify("initialized", json!({}));
        server
    }

    /// The server process's id (to read its memory from /proc).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn send(&mut self, message: &Value) {
        let body = message.to_string();
        self.send_raw(&body);
    }

    pub fn send_raw(&mut self, body: &str) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        write!(stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body).expect("write to server");
        stdin.flush().expect("flush");
    }

    pub fn send_bytes(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).expect("write to server");
        stdin.flush().expect("flush");
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        let mut message = json!({"jsonrpc": "2.0", "method": method});
        if !params.is_null() {
            message["params"] = params;
        }
        self.send(&message);
    }

    /// Sends a request and waits for its response; returns the whole response.
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let mut message = json!({"jsonrpc": "2.0", "id": id, "method": method});
        if !params.is_null() {
            message["params"] = params;
        }
        self.send(&message);
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    /// Sends a request and returns its result, failing on an error response.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        assert!(response.get("error").is_none(), "{method} failed: {response}");
        response["result"].clone()
    }

    /// Waits for a message matching `pred`; others go to the backlog.
    /// Answers server-to-client requests (configuration, registration) with null.
    pub fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(m) if pred(&m) => return m,
                Ok(m) => {
                    if m.get("id").is_some() && m.get("method").is_some() {
                        let reply = json!({"jsonrpc": "2.0", "id": m["id"], "result": server_request_reply(&m)});
                        self.send(&reply);
                        self.server_requests.push(m);
                    } else {
                        self.backlog.push(m);
                    }
                }
                Err(RecvTimeoutError::Timeout) => panic!("timed out waiting; backlog: {:?}", self.backlog),
                Err(RecvTimeoutError::Disconnected) => panic!("server closed its output; backlog: {:?}", self.backlog),
            }
        }
    }

    /// The diagnostics published for `uri` at `version`.
    pub fn diagnostics_for(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let m = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        m["params"]["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.open_as(uri, "dockerfile", text);
    }

    pub fn open_as(&mut self, uri: &str, language_id: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language_id, "version": 1, "text": text}}),
        );
    }

    /// Sends shutdown + exit and returns the exit code.
    pub fn shutdown(mut self) -> Option<i32> {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    pub fn wait_exit(&mut self) -> Option<i32> {
        self.stdin.take();
        self.wait_exit_keeping_stdin()
    }

    /// Waits for the process to end without closing its input, as editors do.
    pub fn wait_exit_keeping_stdin(&mut self) -> Option<i32> {
        let deadline = Instant::now() + TIMEOUT;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        panic!("server did not exit");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn server_request_reply(m: &Value) -> Value {
    match m["method"].as_str() {
        Some("workspace/configuration") => {
            let n = m["params"]["items"].as_array().map_or(1, |a| a.len());
            Value::Array(vec![Value::Null; n])
        }
        Some("workspace/applyEdit") => serde_json::json!({"applied": true}),
        _ => Value::Null,
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// The `(line, character)` of a diagnostic's start and its code.
pub fn summary(d: &Value) -> (u64, u64, String) {
    (
        d["range"]["start"]["line"].as_u64().unwrap_or(0),
        d["range"]["start"]["character"].as_u64().unwrap_or(0),
        d["code"].as_str().unwrap_or("").to_string(),
    )
}
