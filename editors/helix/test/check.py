#!/usr/bin/env python3
"""Checks editors/helix/languages.toml (Python standard library only).

1. It parses as TOML and names the right command, language, roots and file types.
2. With DLS_BIN set (check.sh sets it): the server accepts the snippet's `config`
   the way Helix sends it (as initializationOptions, and as the answer to
   workspace/configuration section "dockerfile-ls"): a rule level set there changes
   the severity of a diagnostic.
3. With an `hx` binary (DLS_HX or on PATH): `hx --health dockerfile` with the
   snippet as the user's languages.toml lists dockerfile-ls and finds the binary.

Prints one line per check; exits 1 on a failure.
"""
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
SNIPPET = HERE.parent / "languages.toml"
failures = 0


def report(ok, name, detail=""):
    global failures
    status = {True: "ok  ", False: "FAIL", None: "SKIP"}[ok]
    if ok is False:
        failures += 1
    print(f"{status} {name}{': ' + detail if detail else ''}", flush=True)


# ---------------------------------------------------------------- 1. the file
with open(SNIPPET, "rb") as f:
    doc = tomllib.load(f)
report(True, "languages.toml parses as TOML")

server = doc.get("language-server", {}).get("dockerfile-ls")
report(server is not None and server.get("command") == "dockerfile-ls", "[language-server.dockerfile-ls] runs `dockerfile-ls`",
       json.dumps(server, sort_keys=True)[:200])
report(server is not None and server.get("args", []) in ([], ["--stdio"]), "args are empty or --stdio", str(server and server.get("args")))
config = (server or {}).get("config", {})
section = config.get("dockerfile-ls")
report(isinstance(section, dict) and set(section) <= {"rules", "format", "target"} and isinstance(section.get("rules", {}), dict)
       and set(section.get("format", {})) <= {"indent", "keywordCase"},
       'config is { "dockerfile-ls" = { rules, format.indent, format.keywordCase, target } }', json.dumps(config))

langs = [l for l in doc.get("language", []) if l.get("name") == "dockerfile"]
report(len(langs) == 1, 'one [[language]] named "dockerfile"')
lang = langs[0] if langs else {}
servers = [s if isinstance(s, str) else s.get("name") for s in lang.get("language-servers", [])]
report(servers[:1] == ["dockerfile-ls"], "dockerfile-ls is the (first) language server", str(servers))
roots = lang.get("roots", [])
report({"Dockerfile", "Containerfile"} <= set(roots), "roots include Dockerfile and Containerfile", str(roots))
ft = lang.get("file-types", [])
globs = {x["glob"] for x in ft if isinstance(x, dict)}
exts = {x for x in ft if isinstance(x, str)}
report({"Dockerfile", "Containerfile", "Dockerfile.*", "Containerfile.*"} <= globs and {"Dockerfile", "dockerfile"} <= exts,
       "file-types cover Dockerfile, Containerfile, *.Dockerfile, *.dockerfile, Dockerfile.*, Containerfile.*")


def language(name):
    found = [l for l in doc.get("language", []) if l.get("name") == name]
    return found[0] if len(found) == 1 else {}


def globs_of(lang):
    return {x["glob"] for x in lang.get("file-types", []) if isinstance(x, dict)}


compose = language("docker-compose")
compose_servers = [s if isinstance(s, str) else s.get("name") for s in compose.get("language-servers", [])]
report("dockerfile-ls" in compose_servers and "yaml-language-server" in compose_servers,
       "docker-compose keeps Helix's servers and adds dockerfile-ls", str(compose_servers))
report({"compose.yaml", "docker-compose.yml", "compose.*.yaml"} <= globs_of(compose)
       and all(g.startswith(("compose.", "docker-compose.")) for g in globs_of(compose))
       and not [x for x in compose.get("file-types", []) if isinstance(x, str)],
       "docker-compose matches compose file names only (never every .yaml)", str(sorted(globs_of(compose))))
for name, grammar, glob in (("docker-bake", "hcl", "docker-bake.hcl"), ("docker-bake-json", "json", "docker-bake.json")):
    bake = language(name)
    report(bake.get("grammar") == grammar and bake.get("language-servers") == ["dockerfile-ls"] and glob in globs_of(bake)
           and all(g.startswith("docker-bake") for g in globs_of(bake)),
           f"{name}: {grammar} grammar, dockerfile-ls, docker-bake file names only", str(sorted(globs_of(bake))))


# ---------------------------------------------------------------- 2. the server reads it
class Lsp:
    def __init__(self, cmd, config):
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.config = config
        self.msgs = []
        self.cv = threading.Condition()
        self.next = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        f = self.p.stdout
        while True:
            headers = {}
            while True:
                line = f.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                k, v = line.decode().split(":", 1)
                headers[k.lower()] = v.strip()
            msg = json.loads(f.read(int(headers["content-length"])))
            if "method" in msg and "id" in msg:  # a request from the server: answer as Helix does
                if msg["method"] == "workspace/configuration":
                    result = []
                    for item in msg["params"]["items"]:
                        value = self.config
                        for part in (item.get("section") or "").split("."):
                            if part:
                                value = value.get(part) if isinstance(value, dict) else None
                        result.append(value)
                    self.send({"jsonrpc": "2.0", "id": msg["id"], "result": result})
                else:
                    self.send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
            with self.cv:
                self.msgs.append(msg)
                self.cv.notify_all()

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def wait(self, pred, timeout=10):
        end = time.time() + timeout
        with self.cv:
            while True:
                for m in self.msgs:
                    if pred(m):
                        return m
                left = end - time.time()
                if left <= 0:
                    return None
                self.cv.wait(left)

    def request(self, method, params):
        i = self.next
        self.next += 1
        msg = {"jsonrpc": "2.0", "id": i, "method": method}
        if params is not None:  # `shutdown` has no params: omit them, as Helix does
            msg["params"] = params
        self.send(msg)
        return self.wait(lambda m: m.get("id") == i and "method" not in m)

    def notify(self, method, params):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)

    def close(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.p.stdin.close()
            self.p.wait(3)
        except Exception:
            self.p.kill()


def severity_with(bin_, config, pull):
    """Severity of the diagnostic on `RUNN` when Helix sends `config`."""
    lsp = Lsp([bin_] + server.get("args", []), config)
    try:
        caps = {"workspace": {"configuration": pull, "didChangeConfiguration": {"dynamicRegistration": False}}}
        lsp.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": caps, "initializationOptions": config})
        lsp.notify("initialized", {})
        if pull:
            # Helix sends this right after `initialized`.
            lsp.notify("workspace/didChangeConfiguration", {"settings": config})
            time.sleep(0.3)
        uri = "file:///helix-check/Dockerfile"
        lsp.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1,
                                                             "text": "FROM alpine:3.20\nRUNN echo hi\n"}})
        m = lsp.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
        if m is None:
            return "no diagnostics"
        ds = [d for d in m["params"]["diagnostics"] if d.get("code") == "dls/UnknownInstruction"]
        return ds[0].get("severity") if ds else "none"
    finally:
        lsp.close()


bin_ = os.environ.get("DLS_BIN")
if not bin_:
    report(None, "server reads the snippet's config", "DLS_BIN not set")
else:
    base = severity_with(bin_, config, pull=True)
    if base == "none" or base == "no diagnostics":
        report(None, "server reads the snippet's config", f"skipped: server lacks dls/UnknownInstruction ({base})")
    else:
        for pull in (False, True):
            cfg = copy.deepcopy(config)
            cfg["dockerfile-ls"].setdefault("rules", {})["dls/UnknownInstruction"] = "hint"
            got = severity_with(bin_, cfg, pull=pull)
            how = "workspace/configuration + didChangeConfiguration" if pull else "initializationOptions only"
            report(got == 4, f"a rule level in config reaches the server ({how})", f"severity {got}, default {base}")

# ---------------------------------------------------------------- 3. hx --health
hx = os.environ.get("DLS_HX") or shutil.which("hx")
if not hx:
    report(None, "hx --health dockerfile", "no hx binary (build one by hand, see editors/README.md)")
else:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "helix").mkdir()
        shutil.copy(SNIPPET, Path(tmp) / "helix" / "languages.toml")
        env = dict(os.environ, XDG_CONFIG_HOME=tmp, NO_COLOR="1")
        if bin_:
            # the snippet runs plain `dockerfile-ls`: put the binary on PATH under that name
            (Path(tmp) / "bin").mkdir()
            (Path(tmp) / "bin" / "dockerfile-ls").symlink_to(Path(bin_).resolve())
            env["PATH"] = f"{tmp}/bin:{env.get('PATH', '')}"
        r = subprocess.run([hx, "--health", "dockerfile"], env=env, capture_output=True, text=True, timeout=60)
        out = re.sub(r"\x1b\[[0-9;]*m", "", r.stdout + r.stderr)
        ok = r.returncode == 0 and "dockerfile-ls" in out and "docker-langserver" not in out
        found = bin_ is None or f"{tmp}/bin/dockerfile-ls" in out
        report(ok and found, "hx --health dockerfile lists dockerfile-ls (and only it) and finds the binary",
               " | ".join(l.strip() for l in out.splitlines() if l.strip())[:300])

sys.exit(1 if failures else 0)
