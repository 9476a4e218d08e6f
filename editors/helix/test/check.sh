#!/usr/bin/env bash
# Checks editors/helix/languages.toml: parses as TOML, names the right command,
# language, roots and file types; the server reads its `config` the way Helix
# sends it; and, when an `hx` binary exists (DLS_HX or PATH), `hx --health dockerfile`.
#   editors/helix/test/check.sh
# Environment: DLS_BIN (server binary; default: cargo build --release), DLS_HX.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
if [ -z "${DLS_BIN:-}" ]; then
  (cd "$root" && cargo build --release --quiet)
  DLS_BIN="${CARGO_TARGET_DIR:-$root/target}/release/dockerfile-ls"
fi
export DLS_BIN
exec python3 "$here/check.py"
