#!/usr/bin/env bash
# Installs tmux from Debian for the end-to-end tests, which drive the built console in a real
# terminal (test/e2e). Idempotent: with tmux present it only prints the version.
# Downloaded .debs are cached under the git-ignored .cache/apt so reruns skip the network.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
archives="$root/.cache/apt/archives"

if ! command -v tmux >/dev/null 2>&1; then
  echo "setup-tmux: installing tmux from Debian"
  mkdir -p "$archives/partial"
  sudo=''
  [ "$(id -u)" -eq 0 ] || sudo='sudo'
  # Other setup scripts may run apt at the same time; wait for the lock instead of failing.
  apt_opts=(-o DPkg::Lock::Timeout=600 -o "Dir::Cache::archives=$archives")
  if ! apt-cache policy tmux 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    $sudo apt-get "${apt_opts[@]}" update -qq
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends tmux
fi
tmux -V
