#!/usr/bin/env bash
# Installs tmux from Debian for the end-to-end tests, which drive the built console in a real
# terminal (test/e2e). Idempotent: with tmux present it only prints the version.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib/debian.sh
. "$root/scripts/lib/debian.sh"

if ! command -v tmux >/dev/null 2>&1; then
  echo "setup-tmux: installing tmux from Debian"
  debian_install "$root" tmux
fi
tmux -V
