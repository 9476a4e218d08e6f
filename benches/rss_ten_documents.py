#!/usr/bin/env python3
"""Peak RSS (VmHWM) of a language server with ten open documents: open each and
wait for its diagnostics, type 20 characters into each (waiting for each
version's diagnostics), then ask for the semantic tokens of each (which need
the syntax tree). Needs ../shared (lspc.py and the benchmark files).

    python3 benches/rss_ten_documents.py -- target/release/dockerfile-ls
"""
import sys
import tempfile
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
sys.path.insert(0, str(SHARED / "tools"))
from lspc import LspClient, split_cmd  # noqa: E402

def run(files, cmd):
    with LspClient(cmd) as c:
        c.initialize(Path(tempfile.mkdtemp()))  # an empty workspace: only the open documents count
        uris = []
        for k, f in enumerate(files):
            text = Path(f).read_text()
            uri = f"file:///rss/{k}/Dockerfile"
            c.open(f, text=text, uri=uri)
            c.wait_diagnostics(uri, version=1, timeout=60)
            uris.append((uri, text))
        for uri, text in uris:
            lines = text.split("\n")
            t = len(lines) // 2
            col = len(lines[t].encode("utf-16-le")) // 2
            for i in range(20):
                ch = {"range": {"start": {"line": t, "character": col}, "end": {"line": t, "character": col}}, "text": "x"}
                v = c.change(uri, [ch])
                c.wait_diagnostics(uri, version=v, timeout=60)
        after_edits = c.rss_kb()
        for uri, _ in uris:
            c.request("textDocument/semanticTokens/full", {"textDocument": {"uri": uri}}, timeout=60)
        return after_edits, c.rss_kb()

if __name__ == "__main__":
    args, cmd = split_cmd(sys.argv[1:])
    moby = SHARED / "corpus/real/moby__moby__Dockerfile.Dockerfile"
    m650 = SHARED / "tools/bench/m650.Dockerfile"
    m10k = SHARED / "tools/bench/m10k.Dockerfile"
    sets = {"10 x moby (650 lines)": [moby] * 10, "5 moby + 4 m650 + 1 m10k": [moby] * 5 + [m650] * 4 + [m10k]}
    for name, files in sets.items():
        e, s = run(files, cmd)
        print(f"{name}: peak RSS after edits {e/1024:.1f} MB, after semantic tokens {s/1024:.1f} MB")
