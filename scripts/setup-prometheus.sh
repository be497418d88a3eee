#!/usr/bin/env bash
# Installs Prometheus from Debian for the history-backfill tests. The tests start their own
# Prometheus on a free loopback port, so the system service the package may auto-start is stopped
# and disabled: nothing may depend on it, and it must not hold :9090.
# Idempotent: with the binary in place this only re-checks that the service is off.
# Downloaded .debs are cached under the git-ignored .cache/apt so reruns skip the network.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
archives="$root/.cache/apt/archives"

if ! command -v prometheus >/dev/null 2>&1; then
  echo "setup-prometheus: installing prometheus from Debian"
  mkdir -p "$archives/partial"
  sudo=''
  [ "$(id -u)" -eq 0 ] || sudo='sudo'
  # Other setup scripts may run apt at the same time; wait for the lock instead of failing.
  apt_opts=(-o DPkg::Lock::Timeout=600 -o "Dir::Cache::archives=$archives")
  install_prometheus() { DEBIAN_FRONTEND=noninteractive $sudo apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends prometheus; }
  # Without package lists, or with stale ones whose .debs are gone from the mirror, update first.
  if ! apt-cache policy prometheus 2>/dev/null | grep -q 'Candidate: [0-9]' || ! install_prometheus; then
    $sudo apt-get "${apt_opts[@]}" update -qq
    install_prometheus
  fi
fi

# The package's postinst may have started the service; stop it whichever init system is present.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl disable --now prometheus >/dev/null 2>&1 || true
else
  service prometheus stop >/dev/null 2>&1 || true
  update-rc.d prometheus disable >/dev/null 2>&1 || true
fi
prometheus --version 2>&1 | head -n 1
