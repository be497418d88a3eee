#!/usr/bin/env bash
# Installs clang and lld (wasm-ld) from Debian, which compile the scan engine's C to WebAssembly
# (scripts/build-wasm.sh). Users never need them: the compiled module is committed. CI needs them
# to check that the committed module is what the C compiles to. Idempotent.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib/debian.sh
. "$root/scripts/lib/debian.sh"

if ! command -v clang >/dev/null 2>&1 || ! command -v wasm-ld >/dev/null 2>&1; then
  echo "setup-clang: installing clang and lld from Debian"
  debian_install "$root" clang lld
fi
clang --version | head -1
