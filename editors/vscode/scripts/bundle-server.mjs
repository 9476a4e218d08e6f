// Packages a platform-specific .vsix with the server binary inside:
//   node scripts/bundle-server.mjs [path/to/dockerfile-ls]
// (default: ../../target/release/dockerfile-ls). The binary goes to
// bin/<platform>-<arch>/, where the extension looks after the
// `dockerfile-ls.server.path` setting and before PATH.
import { chmodSync, copyFileSync, existsSync, mkdirSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";

const exe = process.platform === "win32" ? "dockerfile-ls.exe" : "dockerfile-ls";
const source = resolve(process.argv[2] ?? join("..", "..", "target", "release", exe));
if (!existsSync(source)) {
  console.error(`no server binary at ${source}: run \`cargo build --release\` at the repository root first`);
  process.exit(2);
}
const target = `${process.platform}-${process.arch}`;
const dest = join("bin", target, exe);
mkdirSync(dirname(dest), { recursive: true });
copyFileSync(source, dest);
chmodSync(dest, 0o755);
// the release profile keeps line tables for backtraces; the copy in the .vsix does not need them
try {
  execFileSync("strip", [dest], { stdio: "ignore" });
} catch {
  console.warn("strip not found or failed: bundling the binary as it is");
}
const out = `dockerfile-ls-${target}.vsix`;
execFileSync(process.execPath, [join("node_modules", "@vscode", "vsce", "vsce"), "package", "--no-dependencies", "--allow-missing-repository", "--target", target, "-o", out], {
  stdio: "inherit",
});
console.log(`${out}: bundles ${source}`);
