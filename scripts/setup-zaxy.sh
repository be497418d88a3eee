#!/usr/bin/env bash
# Installs the real Zaxy (zaxy-memory 3.2.x from PyPI) into a project-local virtualenv and unpacks
# its sdist, which carries the operational scripts (backup, restore, rotate-logs, validate-deployment).
# Idempotent: a second run with everything in place does nothing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/.cache"
venv="$cache/venv"
sdist_dir="$cache/zaxy-sdist"
spec='zaxy-memory==3.2.*'
mkdir -p "$cache"

if ! "$venv/bin/zaxy" --version 2>/dev/null | grep -q '^zaxy 3\.2\.'; then
  echo "setup-zaxy: installing $spec into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "$spec"
fi

if ! compgen -G "$sdist_dir/zaxy_memory-3.2.*/scripts/restore.sh" >/dev/null && ! compgen -G "$sdist_dir/zaxy-memory-3.2.*/scripts/restore.sh" >/dev/null; then
  echo "setup-zaxy: fetching the $spec sdist for its scripts/"
  rm -rf "$sdist_dir" && mkdir -p "$sdist_dir/download"
  "$venv/bin/pip" download --quiet --no-deps --no-binary :all: -d "$sdist_dir/download" "$spec"
  tar -xzf "$sdist_dir"/download/*.tar.gz -C "$sdist_dir"
fi
"$venv/bin/zaxy" --version
ls -d "$sdist_dir"/*/scripts
