#!/usr/bin/env bash
# Records media/demo.cast, an asciinema recording of the live demo at 160x45: the tampered chain
# breaking, the broken line's detail, a re-verification streaming into the Action output pane,
# the key help and a zoomed pane. The console runs in a private tmux server (its own pty) under
# `asciinema rec`, driven with tmux send-keys. Play it with `asciinema play media/demo.cast`.
# Not part of CI. Installs asciinema and tmux from Debian if they are missing.
#   [NEO4J_MODE=auto|launcher|off] scripts/record-demo.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

# shellcheck source=lib/debian.sh
. "$root/scripts/lib/debian.sh"
debian_ensure "$root" record-demo asciinema tmux
# shellcheck source=lib/tmux-screen.sh
. "$root/scripts/lib/tmux-screen.sh"

node="$root/node_modules/.bin/node"
(cd "$root" && PATH="$root/node_modules/.bin:$PATH" npm run --silent build)
socket="zaxy-cast-$$"
cast="$root/media/demo.cast"
cleanup() { tmux -L "$socket" kill-server 2>/dev/null || true; }
trap cleanup EXIT
mkdir -p "$root/media"

console="env -u CI -u NO_COLOR TERM=xterm-256color LANG=C.UTF-8 $node dist/bin.js demo --seed 4 --tamper-after 8 --color 256 --graph ${NEO4J_MODE:-auto}"
tmux -L "$socket" -f /dev/null new-session -d -s cast -x 160 -y 45 -c "$root" \
  "asciinema rec --overwrite --quiet --title 'zaxy-console demo' --command '$console' '$cast'"
tmux -L "$socket" set-option -t cast status off >/dev/null

# Waits until REGEX is on screen (at most SECONDS), then a beat so the viewer sees it.
wait_for() {
  screen_wait record-demo "$socket" cast "${2:-60}" "$1"
  sleep 1.5
}
key() { tmux -L "$socket" send-keys -t cast "$@"; sleep 1.2; }

wait_for 'Sessions' 30
# With a Neo4j of its own, the tour starts once it is up (migrated, projecting); the pane shows
# it coming up meanwhile.
[ "${NEO4J_MODE:-auto}" = off ] || wait_for 'version 5' 120
wait_for 'BROKEN at seq' 60
key 5                 # the Sessions pane; the broken session sorts first
key Enter             # its detail: the broken line, expected vs. found hash
sleep 3
key Escape
key v                 # re-verify the selected session, streamed into Action output
wait_for 'Action output.* after [0-9]+s' 30
sleep 2
key '?'               # every key
sleep 3
key Escape
key 2                 # Metrics, full screen
key z
sleep 3
key z
key 1                 # the Neo4j pane: migrations, projection lag
sleep 3
key q
for _ in $(seq 1 100); do tmux -L "$socket" has-session -t cast 2>/dev/null || break; sleep 0.1; done
echo "record-demo: wrote $cast ($(wc -c < "$cast") bytes, $(wc -l < "$cast") frames)"
