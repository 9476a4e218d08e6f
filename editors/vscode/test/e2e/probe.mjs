// Asks the server directly what it can do, so that the browser test can say
// "skipped: server lacks X" instead of failing on a feature that is not built
// yet. This is only the test's expectation source; the assertions happen in
// the real editor.
import { spawn } from "node:child_process";

class Rpc {
  constructor(bin) {
    this.proc = spawn(bin, ["--stdio"], { stdio: ["pipe", "pipe", "ignore"] });
    this.buf = Buffer.alloc(0);
    this.nextId = 1;
    this.pending = new Map();
    this.notifications = [];
    this.waiters = [];
    this.proc.stdout.on("data", (d) => this.onData(d));
  }
  onData(d) {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const sep = this.buf.indexOf("\r\n\r\n");
      if (sep < 0) return;
      const header = this.buf.subarray(0, sep).toString();
      const m = /Content-Length: (\d+)/i.exec(header);
      if (!m) throw new Error(`bad header ${header}`);
      const len = Number(m[1]);
      if (this.buf.length < sep + 4 + len) return;
      const msg = JSON.parse(this.buf.subarray(sep + 4, sep + 4 + len).toString());
      this.buf = this.buf.subarray(sep + 4 + len);
      if (msg.id !== undefined && msg.method) {
        // a request from the server (e.g. workspace/configuration): answer null
        this.send({ jsonrpc: "2.0", id: msg.id, result: msg.method === "workspace/configuration" ? msg.params.items.map(() => null) : null });
      } else if (msg.id !== undefined) {
        this.pending.get(msg.id)?.(msg);
        this.pending.delete(msg.id);
      } else {
        this.notifications.push(msg);
        for (const w of this.waiters.splice(0)) w();
      }
    }
  }
  send(msg) {
    const body = Buffer.from(JSON.stringify(msg));
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }
  request(method, params, timeoutMs = 10000) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`${method}: no answer in ${timeoutMs} ms`)), timeoutMs);
      this.pending.set(id, (msg) => {
        clearTimeout(t);
        msg.error ? reject(new Error(`${method}: ${JSON.stringify(msg.error)}`)) : resolve(msg.result);
      });
      this.send({ jsonrpc: "2.0", id, method, params });
    });
  }
  notify(method, params) {
    this.send({ jsonrpc: "2.0", method, params });
  }
  async diagnostics(uri, timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.notifications.filter((n) => n.method === "textDocument/publishDiagnostics" && n.params.uri === uri);
      if (found.length) return found[found.length - 1].params.diagnostics;
      if (Date.now() > deadline) throw new Error(`no diagnostics for ${uri}`);
      await new Promise((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
  }
  async close() {
    try {
      await this.request("shutdown", undefined, 3000); // no params (JSON.stringify drops undefined)
      this.notify("exit", undefined);
      this.proc.stdin.end();
    } catch {
      /* ignore */
    }
    setTimeout(() => this.proc.kill("SIGKILL"), 1000).unref();
  }
}

/**
 * What the server offers on the test's fixture.
 * @returns {Promise<{capabilities: object, diagnostics: object[], fixes: object[], stageCompletions: string[]}>}
 */
export async function probe(bin, text, unknownLine, completionText) {
  const rpc = new Rpc(bin);
  try {
    const init = await rpc.request("initialize", {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: { configuration: true },
        textDocument: {
          publishDiagnostics: {},
          completion: { completionItem: { snippetSupport: true } },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix"] } } },
          hover: { contentFormat: ["markdown", "plaintext"] },
          definition: {},
        },
      },
    });
    rpc.notify("initialized", {});
    const caps = init.capabilities ?? {};
    const uri = "file:///probe/Dockerfile";
    rpc.notify("textDocument/didOpen", { textDocument: { uri, languageId: "dockerfile", version: 1, text } });
    const diagnostics = await rpc.diagnostics(uri);
    let fixes = [];
    const target = diagnostics.find((d) => d.range.start.line === unknownLine);
    if (caps.codeActionProvider && target) {
      fixes = (await rpc.request("textDocument/codeAction", {
        textDocument: { uri },
        range: target.range,
        context: { diagnostics: [target], only: ["quickfix"] },
      })) ?? [];
    }
    let stageCompletions = [];
    if (caps.completionProvider) {
      const uri2 = "file:///probe/completion/Dockerfile";
      const lines = completionText.split("\n");
      const line = lines.length - 1;
      rpc.notify("textDocument/didOpen", { textDocument: { uri: uri2, languageId: "dockerfile", version: 1, text: completionText } });
      const res = await rpc.request("textDocument/completion", {
        textDocument: { uri: uri2 },
        position: { line, character: lines[line].length },
      });
      const items = Array.isArray(res) ? res : res?.items ?? [];
      stageCompletions = items.map((i) => i.label);
    }
    return { capabilities: caps, diagnostics, fixes, stageCompletions };
  } finally {
    await rpc.close();
  }
}
