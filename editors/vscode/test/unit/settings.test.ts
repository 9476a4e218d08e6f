import assert from "node:assert/strict";
import { test } from "node:test";

import { serverSettings } from "../../src/settings";

function getter(values: Record<string, unknown>) {
  return (key: string) => values[key];
}

test("defaults", () => {
  assert.deepEqual(serverSettings(getter({})), { rules: {}, format: { indent: 4, keywordCase: "auto" } });
});

test("all keys pass through under their documented names", () => {
  const s = serverSettings(getter({
    "rules": { "dls/UnknownInstruction": "warning", "dls/Other": "off" },
    "format.indent": 2,
    "format.keywordCase": "lower",
    "target": " build ",
    "server.path": "/x",
    "trace.server": "verbose",
  }));
  assert.deepEqual(s, {
    rules: { "dls/UnknownInstruction": "warning", "dls/Other": "off" },
    format: { indent: 2, keywordCase: "lower" },
    target: "build",
  });
});

test("an empty target is left out (last stage), non-string rule levels are dropped", () => {
  const s = serverSettings(getter({ "target": "", "rules": { "a": 1, "b": "hint" } }));
  assert.deepEqual(s, { rules: { b: "hint" }, format: { indent: 4, keywordCase: "auto" } });
});
