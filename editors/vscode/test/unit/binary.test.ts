import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";

import { bundledPath, expandSetting, findBinary, type LookupEnv } from "../../src/binary";

function env(executables: string[], over: Partial<LookupEnv> = {}): LookupEnv {
  const set = new Set(executables);
  return {
    extensionPath: "/ext",
    platform: "linux",
    arch: "x64",
    pathEnv: "/usr/local/bin:/usr/bin",
    homedir: "/home/u",
    isExecutable: (f) => set.has(f),
    ...over,
  };
}

test("the setting wins over the bundled binary and PATH", () => {
  const r = findBinary(env(["/opt/dls", "/ext/bin/linux-x64/dockerfile-ls", "/usr/bin/dockerfile-ls"], { setting: "/opt/dls" }));
  assert.deepEqual(r, { kind: "found", path: "/opt/dls", source: "setting" });
});

test("a setting that points nowhere is an error, not a silent fallback", () => {
  const r = findBinary(env(["/usr/bin/dockerfile-ls"], { setting: "/nope/dockerfile-ls" }));
  assert.equal(r.kind, "notFound");
  assert.match(r.kind === "notFound" ? r.message : "", /dockerfile-ls\.server\.path.*\/nope\/dockerfile-ls/);
});

test("~ and workspace-relative settings are expanded", () => {
  assert.equal(expandSetting("~/bin/dls", { homedir: "/home/u" }), path.join("/home/u", "bin/dls"));
  assert.equal(expandSetting("target/release/dockerfile-ls", { homedir: "/h", workspaceFolder: "/ws" }), path.join("/ws", "target/release/dockerfile-ls"));
  assert.equal(expandSetting("  /abs/dls ", { homedir: "/h", workspaceFolder: "/ws" }), "/abs/dls");
});

test("an empty setting is ignored; the bundled binary comes before PATH", () => {
  const r = findBinary(env(["/ext/bin/linux-x64/dockerfile-ls", "/usr/bin/dockerfile-ls"], { setting: "  " }));
  assert.deepEqual(r, { kind: "found", path: "/ext/bin/linux-x64/dockerfile-ls", source: "bundled" });
});

test("bundled binaries are per platform and arch", () => {
  assert.equal(bundledPath("/ext", "darwin", "arm64"), path.join("/ext", "bin", "darwin-arm64", "dockerfile-ls"));
  assert.equal(bundledPath("/ext", "win32", "x64"), path.join("/ext", "bin", "win32-x64", "dockerfile-ls.exe"));
  const r = findBinary(env(["/ext/bin/linux-arm64/dockerfile-ls", "/usr/bin/dockerfile-ls"]));
  assert.deepEqual(r, { kind: "found", path: "/usr/bin/dockerfile-ls", source: "PATH" });
});

test("PATH is searched in order", () => {
  const r = findBinary(env(["/usr/bin/dockerfile-ls", "/usr/local/bin/dockerfile-ls"]));
  assert.deepEqual(r, { kind: "found", path: "/usr/local/bin/dockerfile-ls", source: "PATH" });
});

test("nothing found: the message says how to install and lists what was tried", () => {
  const r = findBinary(env([]));
  assert.equal(r.kind, "notFound");
  if (r.kind !== "notFound") return;
  assert.match(r.message, /cargo install/);
  assert.match(r.message, /dockerfile-ls\.server\.path/);
  assert.deepEqual(r.tried, ["/ext/bin/linux-x64/dockerfile-ls", "/usr/local/bin/dockerfile-ls", "/usr/bin/dockerfile-ls"]);
});

test("nothing on PATH but ~/.cargo/bin has it: say so", () => {
  const r = findBinary(env(["/home/u/.cargo/bin/dockerfile-ls"]));
  assert.equal(r.kind, "notFound");
  assert.match(r.kind === "notFound" ? r.message : "", /installed at \/home\/u\/\.cargo\/bin\/dockerfile-ls/);
});
