#!/usr/bin/env bash
# Installs Prometheus from Debian for the history-backfill tests. The tests start their own
# Prometheus on a free loopback port, so the system service the package may auto-start is stopped
# and disabled: nothing may depend on it, and it must not hold :9090.
# Idempotent: with the binary in place this only re-checks that the service is off.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib/debian.sh
. "$root/scripts/lib/debian.sh"

if ! command -v prometheus >/dev/null 2>&1; then
  echo "setup-prometheus: installing prometheus from Debian"
  debian_install "$root" prometheus
fi

# The package's postinst may have started the service; stop it whichever init system is present.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl disable --now prometheus >/dev/null 2>&1 || true
else
  service prometheus stop >/dev/null 2>&1 || true
  update-rc.d prometheus disable >/dev/null 2>&1 || true
fi
prometheus --version 2>&1 | head -n 1
