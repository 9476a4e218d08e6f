#!/usr/bin/env bash
# End-to-end test of the VS Code extension in VS Code for the browser
# (code-server) driven through headless Chromium by playwright-core.
#
#   editors/vscode/test/e2e.sh
#
# Installs what it needs (once; later runs reuse it):
#   - apt: chromium ripgrep build-essential pkg-config libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev
#   - npm: code-server 4.100.3 (the newest that runs on Node 20) into $DLS_E2E_HOME
#   - npm: the extension's own dependencies (npm ci)
# Builds the server (cargo build --release), the extension (.vsix), then runs test/e2e/run.mjs.
# Environment:
#   DLS_E2E_HOME  where code-server is installed (default ~/.cache/dockerfile-ls-e2e)
#   DLS_BIN       use this server binary instead of building target/release/dockerfile-ls
#   DLS_KEEP=1    keep the temporary workspace/profile (path printed)
# Screenshots and logs of a failure go to editors/vscode/test/e2e/artifacts/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ext="$(cd "$here/.." && pwd)"
root="$(cd "$ext/../.." && pwd)"
CODE_SERVER_VERSION=4.100.3
home="${DLS_E2E_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/dockerfile-ls-e2e}"
say() { printf '\n== %s\n' "$*"; }
start=$(date +%s)

# ---- system packages
need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v rg >/dev/null || need_apt+=(ripgrep)
command -v make >/dev/null && command -v g++ >/dev/null || need_apt+=(build-essential)
command -v pkg-config >/dev/null || need_apt+=(pkg-config)
for pkg in libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if ((${#need_apt[@]})); then
  say "apt-get install ${need_apt[*]}"
  sudo_=""; [ "$(id -u)" = 0 ] || sudo_=sudo
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" != 20 ]; then
  echo "code-server $CODE_SERVER_VERSION needs Node 20, this is Node $(node --version)" >&2
  exit 2
fi

# ---- code-server (its postinstall refuses root and downloads ripgrep, so do its steps by hand)
cs_pkg="$home/code-server/node_modules/code-server"
cs_entry="$cs_pkg/out/node/entry.js"
if [ ! -f "$home/code-server/.installed-$CODE_SERVER_VERSION" ]; then
  say "installing code-server $CODE_SERVER_VERSION into $home/code-server"
  rm -rf "$home/code-server"
  mkdir -p "$home/code-server"
  cd "$home/code-server"
  echo '{"name":"dls-e2e-code-server","private":true}' >package.json
  npm install --ignore-scripts --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
  cd "$cs_pkg/lib/vscode"
  npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
  (cd extensions && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)
  # @vscode/ripgrep's postinstall skips the download when bin/ exists
  mkdir -p node_modules/@vscode/ripgrep/bin
  cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  ln -sfn node_modules node_modules.asar
  (cd bin/remote-cli && ln -sfn code-linux.sh code-server)
  (cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
  # native modules (node-pty, spdlog, watchdog, kerberos, …); node-pty runs `npx node-gyp`
  npm_config_yes=true nice npm rebuild --loglevel=error
  cd "$home/code-server"
  npm_config_yes=true nice npm rebuild argon2 --loglevel=error
  node "$cs_entry" --version >/dev/null
  touch "$home/code-server/.installed-$CODE_SERVER_VERSION"
fi
cs_cfg="$(mktemp -d)"
echo "code-server: $(XDG_CONFIG_HOME="$cs_cfg" node "$cs_entry" --version 2>/dev/null | tail -1)"
rm -rf "$cs_cfg"

# ---- the server
if [ -z "${DLS_BIN:-}" ]; then
  say "cargo build --release"
  (cd "$root" && cargo build --release --quiet)
  DLS_BIN="${CARGO_TARGET_DIR:-$root/target}/release/dockerfile-ls"
fi
[ -x "$DLS_BIN" ] || { echo "no server binary at $DLS_BIN" >&2; exit 2; }
echo "server: $DLS_BIN ($("$DLS_BIN" --version 2>/dev/null || echo '?'))"

# ---- the extension
say "npm ci && npm run package"
cd "$ext"
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat node_modules/.dls-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" >node_modules/.dls-lock-hash
fi
rm -rf bin
# the server inside the .vsix (bin/linux-x64/dockerfile-ls), as a platform-specific release would have it
npm run --silent package:bundled -- "$DLS_BIN" >/dev/null   # vscode:prepublish builds dist/extension.js
vsix="$ext/dockerfile-ls-$(node -p 'process.platform + "-" + process.arch').vsix"
peer_dir="$(mktemp -d)"
cp "$here/e2e/peer/package.json" "$here/e2e/peer/README.md" "$ext/LICENSE" "$peer_dir/"
printf 'peer.vsix\n' >"$peer_dir/.vscodeignore"
(cd "$peer_dir" && node "$ext/node_modules/@vscode/vsce/vsce" package --no-dependencies --allow-missing-repository -o "$peer_dir/peer.vsix" >/dev/null)

# ---- run
say "browser test"
rm -rf "$here/e2e/artifacts"
status=0
DLS_BIN="$DLS_BIN" DLS_CODE_SERVER="$cs_entry" DLS_VSIX="$vsix" DLS_PEER_VSIX="$peer_dir/peer.vsix" \
  DLS_ARTIFACTS="$here/e2e/artifacts" node "$here/e2e/run.mjs" || status=$?
rm -rf "$peer_dir" "$ext/bin"
echo "e2e.sh: $(($(date +%s) - start)) s in all, exit $status"
exit $status
