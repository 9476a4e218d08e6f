//! Resident memory of the server process, read from /proc (Linux only; the
//! tests pass with a note elsewhere).

mod common;

use std::path::Path;

use common::Server;
use serde_json::{json, Value};

/// Growth allowed over 1,000 open/change/close cycles after warm-up: allocator
/// noise, not a per-document leak (a leaked 2 KiB document alone would be 2 MiB).
const CYCLE_TOLERANCE_KIB: u64 = 1024;

/// The README's budget for ten open 10,000-line documents.
const TEN_LARGE_DOCUMENTS_BUDGET_KIB: u64 = 160 * 1024;

/// `VmRSS` or `VmHWM` (peak) of a process, in KiB.
fn status_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn proc_available() -> bool {
    if status_kib(std::process::id(), "VmRSS:").is_some() {
        return true;
    }
    eprintln!("note: no /proc/<pid>/status here (not Linux?): memory test skipped");
    false
}

const SMALL: &str = "# syntax=docker/dockerfile:1\nARG BASE=alpine:3.19\nFROM $BASE AS build\nWORKDIR /src\n\
COPY . .\nRUN apk add --no-cache make && make\nFROM alpine:3.19\nCOPY --from=build /src/app /app\n\
ENV PATH=/app:$PATH\nUSER 1000\nCMD [\"app\"]\n";

/// Open, change, ask for semantic tokens (filling the per-document token cache), close.
fn cycle(server: &mut Server, i: usize) {
    // A new URI each time, so that anything kept per document would add up; not
    // a `file:` one, whose folder's files the server reads into a bounded cache.
    let uri = format!("untitled:Dockerfile-{i}");
    server.open(&uri, SMALL);
    let change = json!({"range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 0}}, "text": "# edit\n"});
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [change]}),
    );
    server.request("textDocument/semanticTokens/full", json!({"textDocument": {"uri": uri}}));
    server.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
    server.backlog.clear();
}

#[test]
fn a_thousand_open_change_close_cycles_do_not_grow_resident_memory() {
    if !proc_available() {
        return;
    }
    let mut server = Server::initialized(json!({}), Value::Null);
    for i in 0..200 {
        cycle(&mut server, i);
    }
    let before = status_kib(server.pid(), "VmRSS:").expect("VmRSS");
    for i in 200..1200 {
        cycle(&mut server, i);
    }
    // A request answered means every earlier notification was handled.
    server.request("workspace/symbol", json!({"query": "build"}));
    let after = status_kib(server.pid(), "VmRSS:").expect("VmRSS");
    eprintln!("resident memory after warm-up {before} KiB, after 1,000 more cycles {after} KiB");
    assert!(after <= before + CYCLE_TOLERANCE_KIB, "grew from {before} KiB to {after} KiB");
}

/// `../shared/tools/bench/m10k.Dockerfile` when present, else a generated document of as many lines.
fn ten_thousand_lines() -> String {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/bench/m10k.Dockerfile");
    if let Ok(text) = std::fs::read_to_string(&shared) {
        return text;
    }
    eprintln!("note: {} not found, using a generated document", shared.display());
    let mut text = String::from("# syntax=docker/dockerfile:1\n");
    for stage in 0..500 {
        text.push_str(&format!("FROM alpine:3.19 AS s{stage}\nARG V{stage}=1\nENV P{stage}=/opt/$V{stage}\n"));
        text.push_str("RUN apk add --no-cache curl \\\n    && curl -fsSL https://example.com/x | sh \\\n");
        text.push_str(&format!("    && echo ${{P{stage}}}\nCOPY --from=s0 /a /b\nWORKDIR /w\n"));
        for _ in 0..11 {
            text.push_str("RUN echo step && true\n");
        }
    }
    text
}

#[test]
fn ten_open_ten_thousand_line_documents_stay_within_the_budget() {
    if !proc_available() {
        return;
    }
    let text = ten_thousand_lines();
    let mut server = Server::initialized(json!({}), Value::Null);
    let idle = status_kib(server.pid(), "VmRSS:").expect("VmRSS");
    for i in 0..10 {
        let uri = format!("file:///work/big{i}/Dockerfile");
        server.open(&uri, &text);
        server.diagnostics_for(&uri, 1);
        server.backlog.clear();
    }
    let rss = status_kib(server.pid(), "VmRSS:").expect("VmRSS");
    let peak = status_kib(server.pid(), "VmHWM:").expect("VmHWM");
    eprintln!("{} lines × 10: resident {rss} KiB (idle {idle} KiB), peak {peak} KiB", text.lines().count());
    assert!(peak <= TEN_LARGE_DOCUMENTS_BUDGET_KIB, "peak {peak} KiB above the budget");
}
