// End-to-end test of the VS Code extension in a real VS Code (code-server in
// headless Chromium, driven by playwright-core). Started by ../e2e.sh, which
// installs everything and passes:
//   DLS_BIN           the dockerfile-ls binary
//   DLS_CODE_SERVER   code-server's out/node/entry.js
//   DLS_VSIX          our packaged extension, with the server bundled for this platform
//   DLS_PEER_VSIX     a stand-in for ms-azuretools.vscode-containers (only its id matters)
//   DLS_ARTIFACTS     where screenshots and logs go on failure
//   DLS_CHROMIUM      the browser (default /usr/bin/chromium)
// Exit status: 0 when every check passed or was skipped because the server
// lacks the feature (printed as "skipped: server lacks …"), 1 on a failure.

import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

import { probe } from "./probe.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const BIN = realpathSync(must("DLS_BIN"));
const CODE_SERVER = must("DLS_CODE_SERVER");
const VSIX = must("DLS_VSIX");
const PEER_VSIX = process.env.DLS_PEER_VSIX;
const ARTIFACTS = process.env.DLS_ARTIFACTS ?? join(here, "artifacts");
const CHROMIUM = process.env.DLS_CHROMIUM ?? "/usr/bin/chromium";
const KEEP = process.env.DLS_KEEP === "1";

function must(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`${name} is not set (run test/e2e.sh)`);
    process.exit(2);
  }
  return v;
}

const results = [];
const t0 = Date.now();
const log = (s) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${s}`);

// ---------------------------------------------------------------- fixture
const FIXTURE = readFileSync(join(here, "fixture", "Dockerfile"), "utf8");
const UNKNOWN_LINE = 10; // 0-based: "RUNN echo done"
const COMPLETION_LINE = FIXTURE.split("\n").length; // 1-based line after the last one
const COMPLETION_TEXT = `${FIXTURE}COPY --from=`;

function applyEdits(text, edits) {
  const lines = text.split("\n");
  const offset = (p) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  for (const e of sorted) {
    text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
  }
  return text;
}

// ---------------------------------------------------------------- processes
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** Pids of a dockerfile-ls binary below `root` in the process tree (only processes this test started). */
function serverPids(root) {
  const parent = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parent.set(Number(name), ppid);
    } catch {
      /* gone */
    }
  }
  const below = (pid) => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) return true;
    }
    return false;
  };
  const out = [];
  for (const pid of parent.keys()) {
    try {
      const exe = readlinkSync(`/proc/${pid}/exe`);
      if (below(pid) && (exe === BIN || /\/dockerfile-ls$/.test(exe))) out.push(pid);
    } catch {
      /* gone or not ours */
    }
  }
  return out.sort((a, b) => a - b);
}

async function waitFor(what, fn, timeoutMs = 20000, everyMs = 250) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? ` (${last.message})` : ""}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

// ---------------------------------------------------------------- setup
mkdirSync(ARTIFACTS, { recursive: true });
const tmp = mkdtempSync(join(tmpdir(), "dls-vscode-e2e-"));
const workspace = join(tmp, "workspace");
const userData = join(tmp, "user-data");
const extensions = join(tmp, "extensions");
const browserProfile = join(tmp, "chromium-profile");
const xdg = join(tmp, "xdg");
for (const d of [workspace, join(userData, "User"), extensions, browserProfile, xdg]) mkdirSync(d, { recursive: true });
const dockerfile = join(workspace, "Dockerfile");
writeFileSync(dockerfile, FIXTURE);
// A compose file whose target has a typo, and a YAML file that is not a compose file.
writeFileSync(join(workspace, "compose.yaml"), "services:\n  app:\n    build:\n      context: .\n      target: buil\n");
writeFileSync(join(workspace, "config.yaml"), "# not a compose file\ntarget: buil\n");
const settingsFile = join(userData, "User", "settings.json");
// `dockerfile-ls.server.path` is machine-overridable: in a remote window (code-server is one, like SSH or WSL)
// it belongs in the remote machine's settings, not the user's.
const machineSettingsFile = join(userData, "Machine", "settings.json");
mkdirSync(dirname(machineSettingsFile), { recursive: true });
writeFileSync(machineSettingsFile, JSON.stringify({}, null, 2)); // no server.path: the bundled binary is used
const baseSettings = {
  "dockerfile-ls.trace.server": "messages",
  "files.hotExit": "off",
  "files.autoSave": "off",
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "git.enabled": false,
  "window.restoreWindows": "none",
  "editor.quickSuggestions": { other: false, comments: false, strings: false },
  "editor.suggestOnTriggerCharacters": true,
  "chat.disableAIFeatures": true,
  "workbench.editor.enablePreview": false,
  // so that text put into settings.json by the test stays as it is
  "editor.autoClosingBrackets": "never",
  "editor.autoClosingQuotes": "never",
  "editor.autoSurround": "never",
  "editor.autoIndent": "none",
  "editor.formatOnType": false,
  "editor.formatOnPaste": false,
};
const writeSettings = (extra = {}) => writeFileSync(settingsFile, JSON.stringify({ ...baseSettings, ...extra }, null, 2));
writeSettings();
/**
 * Changes user settings as a user does: "Preferences: Open User Settings (JSON)", replace the text, save, close.
 * (Writing settings.json from outside is not picked up reliably by code-server.)
 */
async function editSettings(extra = {}, { machine = false } = {}) {
  const file = machine ? machineSettingsFile : settingsFile;
  const base = machine ? {} : baseSettings;
  await palette(machine ? "Preferences: Open Remote Settings (JSON)" : "Preferences: Open User Settings (JSON)");
  await waitFor("settings.json in the editor", async () => /settings\.json/.test(await text(".tabs-container .tab.active")), 15000);
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press(`${ctrl}+a`);
  // insertText types no keys, so no auto-closing brackets or quotes get in the way
  await page.keyboard.insertText(JSON.stringify({ ...base, ...extra }));
  await page.keyboard.press(`${ctrl}+s`);
  await waitFor("settings.json to be saved", async () => {
    try {
      return JSON.stringify(JSON.parse(readFileSync(file, "utf8"))) === JSON.stringify({ ...base, ...extra });
    } catch {
      return false;
    }
  }, 10000);
  await waitFor("the settings tab to be clean", async () => (await page.locator(".tabs-container .tab.active.dirty").count()) === 0, 5000)
    .catch(() => log("settings.json still marked dirty after saving; its content on disk is right"));
  await palette("View: Revert and Close Editor");
  await openDockerfile();
}
const childEnv = {
  ...process.env,
  XDG_CONFIG_HOME: join(xdg, "config"),
  XDG_DATA_HOME: join(xdg, "data"),
  XDG_CACHE_HOME: join(xdg, "cache"),
  // keep the user's PATH from providing a different dockerfile-ls
  PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
};
const configYaml = join(tmp, "code-server.yaml");
writeFileSync(configYaml, "auth: none\ncert: false\n");
const csArgs = ["--config", configYaml, "--user-data-dir", userData, "--extensions-dir", extensions];

log(`probing ${BIN}`);
const caps = await probe(BIN, FIXTURE, UNKNOWN_LINE, COMPLETION_TEXT);
log(`server capabilities: ${Object.keys(caps.capabilities).join(", ")}`);

for (const vsix of [VSIX, PEER_VSIX].filter(Boolean)) {
  log(`installing ${vsix}`);
  execFileSync(process.execPath, [CODE_SERVER, ...csArgs, "--install-extension", vsix], { env: childEnv, stdio: ["ignore", "pipe", "inherit"] });
}

const port = await freePort();
const csLog = join(tmp, "code-server.log");
const csOut = (await import("node:fs")).openSync(csLog, "w");
const cs = spawn(
  process.execPath,
  [CODE_SERVER, ...csArgs, "--bind-addr", `127.0.0.1:${port}`, "--auth", "none", "--disable-telemetry", "--disable-update-check",
    "--disable-workspace-trust", "--disable-getting-started-override", "--ignore-last-opened", workspace],
  // its own process group, so that the end of the test can stop it with everything it started
  { env: childEnv, stdio: ["ignore", csOut, csOut], detached: true },
);
let csExited = false;
cs.on("exit", () => (csExited = true));
const base = `http://127.0.0.1:${port}`;
await waitFor("code-server to listen", async () => {
  if (csExited) throw new Error(`code-server exited: ${readFileSync(csLog, "utf8")}`);
  const r = await fetch(`${base}/healthz`);
  return r.ok;
}, 60000, 300);
log(`code-server up on ${base}`);

const context = await chromium.launchPersistentContext(browserProfile, {
  executablePath: CHROMIUM,
  headless: true,
  viewport: { width: 1600, height: 1000 },
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const page = context.pages()[0] ?? (await context.newPage());
const consoleLines = [];
page.on("console", (m) => consoleLines.push(`${m.type()}: ${m.text()}`));

// ---------------------------------------------------------------- UI helpers
const ctrl = "Control";
async function palette(command) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: 10000 });
  await input.fill(`>${command}`);
  const row = page.locator(".quick-input-list .monaco-list-row", { hasText: command }).first();
  await row.waitFor({ state: "visible", timeout: 10000 });
  await page.keyboard.press("Enter");
  await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: 10000 }).catch(() => {});
}
/** As a user would: click it in the Explorer (also brings its tab back to the front). */
async function openDockerfile() {
  const entry = page.locator(".explorer-folders-view .monaco-list-row", { hasText: "Dockerfile" }).first();
  await entry.waitFor({ state: "visible", timeout: 30000 });
  await entry.click();
  await waitFor("the Dockerfile tab", async () => /Dockerfile/.test(await text(".tabs-container .tab.active")), 15000);
}
async function focusEditor() {
  await page.locator(".monaco-editor .view-lines").first().click({ position: { x: 200, y: 5 } });
}
async function gotoLine(line, col = 1) {
  await focusEditor();
  await page.keyboard.press(`${ctrl}+g`);
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: 10000 });
  await input.fill(`:${line}:${col}`);
  await page.keyboard.press("Enter");
  await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: 10000 }).catch(() => {});
}
const text = async (selector) => {
  const loc = page.locator(selector);
  // the editor renders spaces as U+00A0
  return (await loc.count()) ? (await loc.allInnerTexts()).join("\n").replace(/\u00a0/g, " ") : "";
};
/**
 * Rows of the Problems panel: accessible label ("Error: <message> at line 11 and character 1. generated by
 * dockerfile-ls") | shown text ("<message> dockerfile-ls(dls/UnknownInstruction) [Ln 11, Col 1]").
 */
async function problems() {
  const rows = page.locator(".markers-panel .monaco-list-row");
  const n = await rows.count();
  const out = [];
  for (let i = 0; i < n; i++) {
    const row = rows.nth(i);
    out.push(`${(await row.getAttribute("aria-label")) ?? ""} | ${(await row.innerText()).replace(/\u00a0/g, " ").replace(/\n/g, " ")}`);
  }
  return out;
}
const unknownRow = async () => (await problems()).find((p) => /dls\/UnknownInstruction/.test(p) && /\[Ln 11, Col 1\]/.test(p));
const notifications = () => text(".notifications-toasts, .notifications-center");
/**
 * Waits for a notification matching `re`: a toast, or (toasts get hidden when several arrive at once) an entry of
 * the notification center, which is opened to look and closed again.
 */
async function waitForNotification(what, re, timeoutMs = 20000) {
  let lastCenter = 0;
  return waitFor(what, async () => {
    const toasts = await text(".notifications-toasts");
    const hit = toasts.split("\n").find((l) => re.test(l));
    if (hit) return hit;
    if (Date.now() - lastCenter < 3000) return false;
    lastCenter = Date.now();
    await palette("Notifications: Show Notifications");
    const center = await text(".notifications-center");
    await palette("Notifications: Hide Notifications").catch(() => {});
    return center.split("\n").find((l) => re.test(l)) ?? false;
  }, timeoutMs);
}
async function clearNotifications() {
  await palette("Notifications: Clear All Notifications").catch(() => {});
}
async function statusItem() {
  const item = page.locator(".statusbar-item", { hasText: "dockerfile-ls" }).first();
  if (!(await item.count())) return null;
  return { text: await item.innerText(), label: (await item.getAttribute("aria-label")) ?? "", html: await item.innerHTML() };
}

// ---------------------------------------------------------------- checks
async function check(name, fn) {
  const start = Date.now();
  try {
    const outcome = await fn();
    const ms = Date.now() - start;
    if (typeof outcome === "string" && outcome.startsWith("skipped")) {
      results.push({ name, status: "skip", detail: outcome, ms });
      log(`SKIP ${name}: ${outcome}`);
    } else {
      results.push({ name, status: "pass", detail: outcome ?? "", ms });
      log(`ok   ${name} (${ms} ms)${outcome ? `: ${outcome}` : ""}`);
    }
  } catch (e) {
    const ms = Date.now() - start;
    results.push({ name, status: "fail", detail: e.message, ms });
    log(`FAIL ${name}: ${e.message}`);
    throw e;
  }
}

let failed = false;
try {
  await check("workbench loads", async () => {
    await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator(".monaco-workbench").waitFor({ timeout: 60000 });
    await page.locator(".statusbar").waitFor({ timeout: 60000 });
  });

  await check("Dockerfile opens as language dockerfile", async () => {
    await openDockerfile();
    await waitFor("the editor to show the file", async () => (await text(".monaco-editor .view-lines")).includes("RUNN echo done"));
    // "Plain Text" until the extension host has registered the languages
    let seen = "";
    const mode = await waitFor("language mode Dockerfile in the status bar", async () => {
      seen = (await text("#status\\.editor\\.mode")).trim();
      return /docker/i.test(seen) ? seen : false;
    }, 30000).catch((e) => {
      throw new Error(`${e.message}; it says "${seen}"`);
    });
    return `mode "${mode}"`;
  });

  await check("status item says the server runs", async () => {
    const s = await waitFor("a running status item", async () => {
      const it = await statusItem();
      return it && /^check\b/.test(it.label) ? it : false;
    }, 30000);
    if (!/\(from bundled\)/.test(s.label)) throw new Error(`not the bundled binary: ${s.label}`);
    return s.label.replace(/\s+/g, " ");
  });

  if (PEER_VSIX) {
    await check("Microsoft's Docker extension is detected and the notice says how to turn it off", async () => {
      const t = await waitForNotification("the notice", /also runs a Dockerfile language server/);
      if (!/Disable \(Workspace\)/.test(t)) throw new Error(`notice does not say how: ${t}`);
      // its button writes the stand-in's docker.languageserver.diagnostics.* = "ignore" into the workspace settings
      const toast = page.locator(".notification-list-item", { hasText: "also runs a Dockerfile language server" }).first();
      if (!(await toast.isVisible().catch(() => false))) await palette("Notifications: Show Notifications");
      await toast.locator(".monaco-button", { hasText: "Silence its checks here" }).first().click();
      const wsSettings = join(workspace, ".vscode", "settings.json");
      const written = await waitFor("workspace settings with the ignores", async () => {
        const j = JSON.parse(readFileSync(wsSettings, "utf8"));
        const keys = Object.keys(j).filter((k) => k.startsWith("docker.languageserver.diagnostics.") && j[k] === "ignore");
        return keys.length === 9 ? keys : false;
      }, 15000);
      await clearNotifications();
      return `"Silence its checks here" set ${written.length} settings to "ignore" in .vscode/settings.json`;
    });
  }

  await check("dockerfile-ls.trace.server logs the protocol in the trace output", async () => {
    const files = () => {
      const out = [];
      const walk = (d) => {
        for (const e of readdirSync(d, { withFileTypes: true })) {
          if (e.isDirectory()) walk(join(d, e.name));
          else if (/dockerfile-ls \(trace\)\.log$/.test(e.name)) out.push(join(d, e.name));
        }
      };
      walk(join(userData, "logs"));
      return out;
    };
    const line = await waitFor("a traced message", async () => {
      for (const f of files()) {
        const hit = readFileSync(f, "utf8").split("\n").find((l) => /Sending notification 'textDocument\/didOpen'/.test(l));
        if (hit) return hit;
      }
      return false;
    }, 15000);
    return line.trim();
  });

  await check("diagnostic for the unknown instruction in the Problems panel", async () => {
    const d = caps.diagnostics.find((x) => x.range.start.line === UNKNOWN_LINE);
    if (!d) throw new Error(`the server published no diagnostic on "RUNN" (it published ${JSON.stringify(caps.diagnostics)})`);
    await page.keyboard.press(`${ctrl}+Shift+m`);
    await page.locator(".markers-panel").waitFor({ timeout: 10000 });
    const row = await waitFor("the marker", unknownRow, 20000);
    if (!/^Error/i.test(row)) throw new Error(`not an error: ${row}`);
    return row;
  });

  await check("completion after COPY --from= lists the earlier stages", async () => {
    const wanted = ["build", "assets"];
    if (!caps.capabilities.completionProvider) return "skipped: server lacks completion (no completionProvider)";
    if (!wanted.every((s) => caps.stageCompletions.includes(s))) {
      throw new Error(`the server does not complete the stages after COPY --from= (it offered ${JSON.stringify(caps.stageCompletions)})`);
    }
    await gotoLine(COMPLETION_LINE);
    await page.keyboard.type("COPY --from=", { delay: 20 });
    const widget = page.locator(".editor-widget.suggest-widget.visible");
    if (!(await widget.isVisible().catch(() => false))) {
      await page.waitForTimeout(500);
      if (!(await widget.isVisible().catch(() => false))) await page.keyboard.press(`${ctrl}+Space`);
    }
    const labels = await waitFor("the suggest widget to list the stages", async () => {
      const rows = page.locator(".editor-widget.suggest-widget.visible .monaco-list-row");
      const n = await rows.count();
      const got = [];
      for (let i = 0; i < n; i++) got.push(((await rows.nth(i).getAttribute("aria-label")) ?? "").split(",")[0].trim());
      return wanted.every((w) => got.includes(w)) ? got : false;
    }, 15000);
    await page.keyboard.press("Escape");
    await page.keyboard.press("Home");
    await page.keyboard.press("Shift+End");
    await page.keyboard.press("Backspace");
    return `suggested ${JSON.stringify(labels)}`;
  });

  await check("settings apply without a restart (rule off, then warning)", async () => {
    if (!caps.diagnostics.find((x) => x.range.start.line === UNKNOWN_LINE)) throw new Error("no diagnostic to reconfigure");
    const pidsBefore = serverPids(cs.pid);
    await editSettings({ "dockerfile-ls.rules": { "dls/UnknownInstruction": "off" } });
    await waitFor("the marker to disappear", async () => !(await unknownRow()), 15000);
    await editSettings({ "dockerfile-ls.rules": { "dls/UnknownInstruction": "warning" } });
    const row = await waitFor("the marker to come back as a warning", async () => {
      const r = await unknownRow();
      return r && /^Warning/i.test(r) ? r : false;
    }, 15000);
    await editSettings();
    await waitFor("the marker to be an error again", async () => /^Error/i.test((await unknownRow()) ?? ""), 15000);
    const pidsAfter = serverPids(cs.pid);
    if (JSON.stringify(pidsBefore) !== JSON.stringify(pidsAfter)) throw new Error(`server restarted: ${pidsBefore} → ${pidsAfter}`);
    return `${row}; same server pid ${pidsAfter}`;
  });

  await check("a crashed server is restarted with a visible message", async () => {
    const [pid, ...more] = serverPids(cs.pid);
    if (!pid || more.length) throw new Error(`expected one server process, found ${[pid, ...more]}`);
    process.kill(pid, "SIGKILL");
    const note = await waitForNotification("the restart message", /crashed and was restarted/);
    const next = await waitFor("a new server process", async () => {
      const p = serverPids(cs.pid);
      return p.length === 1 && p[0] !== pid ? p[0] : false;
    }, 20000);
    if (caps.diagnostics.length) await waitFor("diagnostics from the new server", unknownRow, 20000);
    await clearNotifications();
    return `killed ${pid}, now ${next}: "${note}"`;
  });

  await check("after 5 crashes in 3 minutes it gives up, and Restart server brings it back", async () => {
    // One crash already happened in the previous check.
    let pid = serverPids(cs.pid)[0];
    for (let crash = 2; crash <= 5; crash++) {
      if (!pid) throw new Error(`no server process before crash ${crash}`);
      process.kill(pid, "SIGKILL");
      if (crash < 5) {
        const old = pid;
        pid = await waitFor(`restart after crash ${crash}`, async () => {
          const p = serverPids(cs.pid);
          return p.length === 1 && p[0] !== old ? p[0] : false;
        }, 20000);
      }
    }
    const note = await waitForNotification("the give-up message", /crashed 5 times/);
    await page.waitForTimeout(2000);
    if (serverPids(cs.pid).length) throw new Error("the server was restarted after the 5th crash");
    const s = await statusItem();
    if (!s || !/^error\b/.test(s.label)) throw new Error(`status item does not show the error: ${JSON.stringify(s)}`);
    await clearNotifications();
    await palette("dockerfile-ls: Restart server");
    const back = await waitFor("a server process after Restart server", async () => serverPids(cs.pid)[0], 20000);
    await waitFor("a running status item", async () => /^check\b/.test((await statusItem())?.label ?? ""), 20000);
    if (caps.diagnostics.length) await waitFor("diagnostics again", unknownRow, 20000);
    return `"${note}"; restarted as ${back}`;
  });

  await check("a quick fix applies", async () => {
    if (!caps.capabilities.codeActionProvider) return "skipped: server lacks code actions";
    const fix = caps.fixes.find((f) => f.edit?.changes);
    if (!fix) throw new Error(`the server offers no quick fix for the unknown instruction (offered ${JSON.stringify(caps.fixes)})`);
    const expected = applyEdits(FIXTURE, Object.values(fix.edit.changes)[0]);
    await gotoLine(UNKNOWN_LINE + 1, 2);
    await page.keyboard.press(`${ctrl}+.`);
    const item = page.locator(".action-widget .monaco-list-row", { hasText: fix.title }).first();
    await item.waitFor({ state: "visible", timeout: 15000 });
    // the widget sits under a pointer block while it opens: pick the action with the keyboard
    await waitFor(`"${fix.title}" to be focused`, async () => {
      const focused = page.locator(".action-widget .monaco-list-row.focused");
      if ((await focused.count()) && (await focused.first().getAttribute("aria-label")) === fix.title) return true;
      await page.keyboard.press("ArrowDown");
      return false;
    }, 10000, 150);
    await page.keyboard.press("Enter");
    await waitFor("the edit in the editor", async () => !(await text(".monaco-editor .view-lines")).includes("RUNN echo done"), 10000);
    await page.keyboard.press(`${ctrl}+s`);
    await waitFor("the file on disk to match the server's fix", async () => readFileSync(dockerfile, "utf8") === expected, 10000);
    await waitFor("the marker to go away", async () => !(await unknownRow()), 15000);
    return `"${fix.title}"`;
  });

  await check("a compose file gets the build-target error, another YAML file nothing", async () => {
    const openFile = async (name) => {
      const entry = page.locator(".explorer-folders-view .monaco-list-row", { hasText: name }).first();
      await entry.waitFor({ state: "visible", timeout: 30000 });
      await entry.click();
      await waitFor(`the ${name} tab`, async () => (await text(".tabs-container .tab.active")).includes(name), 15000);
    };
    await openFile("config.yaml");
    await openFile("compose.yaml");
    if (!(await page.locator(".markers-panel").isVisible().catch(() => false))) {
      await page.keyboard.press(`${ctrl}+Shift+m`);
      await page.locator(".markers-panel").waitFor({ timeout: 10000 });
    }
    const row = await waitFor("the compose marker", async () => (await problems()).find((p) => /dls\/UnknownBuildTarget/.test(p)), 20000);
    if (!/did you mean `build`/.test(row) || !/\[Ln 5, Col 15\]/.test(row)) throw new Error(`unexpected marker: ${row}`);
    const yaml = (await problems()).filter((p) => /config\.yaml/.test(p));
    if (yaml.length) throw new Error(`config.yaml got markers: ${yaml.join("; ")}`);
    return row;
  });

  await check("the server.path setting wins over the bundled binary (restart without reload)", async () => {
    const before = serverPids(cs.pid);
    await editSettings({ "dockerfile-ls.server.path": BIN }, { machine: true });
    const pid = await waitFor("the server from the setting", async () => {
      const p = serverPids(cs.pid).filter((x) => !before.includes(x) && readlinkSync(`/proc/${x}/exe`) === BIN);
      return p[0] ?? false;
    }, 20000);
    const s = await waitFor("the status item to name the setting", async () => {
      const it = await statusItem();
      return it && /^check\b/.test(it.label) && /\(from setting\)/.test(it.label) ? it : false;
    }, 20000);
    if (serverPids(cs.pid).length !== 1) throw new Error(`servers running: ${serverPids(cs.pid)}`);
    return `pid ${pid}: ${s.label.replace(/\s+/g, " ")}`;
  });

  await check("a wrong server.path says what is wrong, and how to install", async () => {
    await editSettings({ "dockerfile-ls.server.path": "/nonexistent/dockerfile-ls" }, { machine: true });
    const n = await waitForNotification("the error message", /no executable file at \/nonexistent\/dockerfile-ls/);
    if (!/cargo install/.test(n)) throw new Error(`no install hint: ${n}`);
    await waitFor("the server to stop", async () => serverPids(cs.pid).length === 0, 10000);
    return n;
  });
} catch (e) {
  failed = true;
  const shot = join(ARTIFACTS, "failure.png");
  await page.screenshot({ path: shot }).catch(() => {});
  writeFileSync(join(ARTIFACTS, "failure-console.txt"), consoleLines.join("\n"));
  writeFileSync(join(ARTIFACTS, "failure-notifications.txt"), await notifications().catch(() => ""));
  writeFileSync(join(ARTIFACTS, "failure-problems.txt"), (await problems().catch(() => [])).join("\n"));
  try {
    cpSync(join(userData, "logs"), join(ARTIFACTS, "vscode-logs"), { recursive: true });
    cpSync(csLog, join(ARTIFACTS, "code-server.log"));
  } catch {
    /* best effort */
  }
  console.error(`\nFAILED: ${e.message}\nscreenshot: ${shot}\nlogs: ${ARTIFACTS}`);
} finally {
  await context.close().catch(() => {});
  // code-server, its extension host and our server: the process group the test created
  const group = (sig) => {
    try {
      process.kill(-cs.pid, sig);
    } catch {
      /* already gone */
    }
  };
  group("SIGTERM");
  await new Promise((r) => setTimeout(r, 1000));
  group("SIGKILL");
  if (!KEEP) rmSync(tmp, { recursive: true, force: true });
}

console.log("\nsummary:");
for (const r of results) console.log(`  ${r.status.padEnd(4)} ${r.name} (${r.ms} ms)${r.status === "pass" ? "" : `: ${r.detail}`}`);
console.log(`total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
