import assert from "node:assert/strict";
import { test } from "node:test";

import { DOCUMENT_SELECTOR, type Filter, GENERAL_LANGUAGES } from "../../src/selector";

/** The subset of VS Code's glob syntax the selector uses: `**` + `/`, `*`, `{a,b}` (nestable). */
function globToRegExp(glob: string): RegExp {
  let out = "";
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (glob.startsWith("**/", i)) {
      out += "(?:.*/)?";
      i += 2;
    } else if (c === "*") {
      out += "[^/]*";
    } else if (c === "{") {
      out += "(?:";
      depth++;
    } else if (c === "}" && depth > 0) {
      out += ")";
      depth--;
    } else if (c === "," && depth > 0) {
      out += "|";
    } else {
      out += (c ?? "").replace(/[.+?^$()|[\]\\]/g, "\\$&");
    }
  }
  return new RegExp(`^${out}$`);
}

function matches(filter: Filter, path: string, language: string): boolean {
  if (filter.scheme !== "file" || (filter.language !== undefined && filter.language !== language)) {
    return false;
  }
  return filter.pattern === undefined || globToRegExp(filter.pattern).test(path);
}

function served(path: string, language: string): boolean {
  return DOCUMENT_SELECTOR.some((f) => matches(f, path, language));
}

test("general languages are only matched with a file-name pattern", () => {
  for (const f of DOCUMENT_SELECTOR) {
    if (f.language === undefined || GENERAL_LANGUAGES.includes(f.language)) {
      assert.ok(f.pattern, `filter ${JSON.stringify(f)} would take over every ${f.language ?? "file"}`);
    }
  }
});

test("compose, bake, devcontainer and workflow files are served", () => {
  assert.ok(served("/w/Dockerfile", "dockerfile"));
  for (const p of ["/w/compose.yaml", "/w/compose.yml", "/w/app/compose.prod.yaml", "/w/docker-compose.yml", "/w/docker-compose.override.yaml"]) {
    assert.ok(served(p, "yaml"), p);
  }
  assert.ok(served("/w/anything.yml", "dockercompose"));
  assert.ok(served("/w/docker-bake.hcl", "hcl"));
  assert.ok(served("/w/docker-bake.override.hcl", "plaintext"));
  assert.ok(served("/w/docker-bake.json", "json"));
  assert.ok(served("/w/.devcontainer/devcontainer.json", "jsonc"));
  assert.ok(served("/w/.devcontainer/py/devcontainer.json", "jsonc"));
  assert.ok(served("/w/.devcontainer.json", "jsonc"));
  assert.ok(served("/w/.github/workflows/ci.yml", "yaml"));
});

test("other YAML, JSON and HCL files are not", () => {
  for (const p of ["/w/config.yaml", "/w/my-compose.yaml", "/w/k8s/deployment.yml", "/w/.github/dependabot.yml"]) {
    assert.ok(!served(p, "yaml"), p);
  }
  assert.ok(!served("/w/package.json", "json"));
  assert.ok(!served("/w/main.tf", "terraform"));
  assert.ok(!served("/w/config/devcontainer.json", "jsonc"));
});
