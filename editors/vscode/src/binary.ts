// Finding the `dockerfile-ls` executable. Protocol- and vscode-free so that it
// can be unit-tested with plain Node.
//
// Order: the `dockerfile-ls.server.path` setting, then a binary bundled in the
// extension for this platform (`bin/<platform>-<arch>/dockerfile-ls`), then
// `PATH`. A setting that points nowhere is an error of its own: silently
// starting some other binary would hide the user's mistake.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export type BinarySource = "setting" | "bundled" | "PATH";

export interface Found {
  kind: "found";
  path: string;
  source: BinarySource;
}

export interface NotFound {
  kind: "notFound";
  /** What to tell the user: why nothing was found and how to install it. */
  message: string;
  /** Every place that was looked at, in order. */
  tried: string[];
}

export type Lookup = Found | NotFound;

export interface LookupEnv {
  /** Value of `dockerfile-ls.server.path` (empty or undefined when unset). */
  setting?: string;
  /** Folder of the installed extension. */
  extensionPath: string;
  /** Folder that relative settings are resolved against (first workspace folder). */
  workspaceFolder?: string;
  platform: NodeJS.Platform;
  arch: string;
  /** The `PATH` environment variable. */
  pathEnv: string;
  homedir: string;
  isExecutable(file: string): boolean;
}

export const INSTALL_HINT =
  "Install it with `cargo install --locked --path .` in a checkout of dockerfile-ls " +
  "(or download a release binary), then either put it on PATH or set `dockerfile-ls.server.path`.";

export function exeName(platform: NodeJS.Platform): string {
  return platform === "win32" ? "dockerfile-ls.exe" : "dockerfile-ls";
}

/** `linux-x64`, `darwin-arm64`, `win32-x64`, …: the same names `vsce package --target` uses. */
export function platformDir(platform: NodeJS.Platform, arch: string): string {
  return `${platform}-${arch}`;
}

export function bundledPath(extensionPath: string, platform: NodeJS.Platform, arch: string): string {
  return path.join(extensionPath, "bin", platformDir(platform, arch), exeName(platform));
}

export function expandSetting(value: string, env: Pick<LookupEnv, "homedir" | "workspaceFolder">): string {
  let p = value.trim();
  if (p === "~") {
    p = env.homedir;
  } else if (p.startsWith("~/") || p.startsWith("~\\")) {
    p = path.join(env.homedir, p.slice(2));
  }
  if (!path.isAbsolute(p) && env.workspaceFolder) {
    p = path.join(env.workspaceFolder, p);
  }
  return p;
}

export function findBinary(env: LookupEnv): Lookup {
  const tried: string[] = [];
  const setting = env.setting?.trim();
  if (setting) {
    const p = expandSetting(setting, env);
    tried.push(p);
    if (env.isExecutable(p)) {
      return { kind: "found", path: p, source: "setting" };
    }
    return {
      kind: "notFound",
      tried,
      message:
        `\`dockerfile-ls.server.path\` is set to "${setting}", but there is no executable file at ${p}. ` +
        "Fix or clear the setting. " + INSTALL_HINT,
    };
  }

  const bundled = bundledPath(env.extensionPath, env.platform, env.arch);
  tried.push(bundled);
  if (env.isExecutable(bundled)) {
    return { kind: "found", path: bundled, source: "bundled" };
  }

  const name = exeName(env.platform);
  const sep = env.platform === "win32" ? ";" : ":";
  for (const dir of env.pathEnv.split(sep)) {
    if (!dir) {
      continue;
    }
    const p = path.join(dir, name);
    tried.push(p);
    if (env.isExecutable(p)) {
      return { kind: "found", path: p, source: "PATH" };
    }
  }

  let message = "The dockerfile-ls language server was not found (no setting, no binary bundled for " +
    `${platformDir(env.platform, env.arch)}, not on PATH). ` + INSTALL_HINT;
  // `cargo install` puts binaries in ~/.cargo/bin, which an editor started from
  // a desktop menu often lacks on its PATH: point at it rather than guess.
  const cargoBin = path.join(env.homedir, ".cargo", "bin", name);
  if (!tried.includes(cargoBin) && env.isExecutable(cargoBin)) {
    message = `dockerfile-ls is installed at ${cargoBin}, but that folder is not on the PATH that VS Code sees. ` +
      `Set \`dockerfile-ls.server.path\` to "${cargoBin}" or add the folder to PATH.`;
  }
  return { kind: "notFound", tried, message };
}

export function isExecutableFile(file: string): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) {
      return false;
    }
    if (process.platform === "win32") {
      return true;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function defaultEnv(extensionPath: string, setting: string | undefined, workspaceFolder: string | undefined): LookupEnv {
  return {
    setting,
    extensionPath,
    workspaceFolder,
    platform: process.platform,
    arch: process.arch,
    pathEnv: process.env.PATH ?? process.env.Path ?? "",
    homedir: os.homedir(),
    isExecutable: isExecutableFile,
  };
}
