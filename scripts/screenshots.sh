#!/usr/bin/env bash
# Renders README screenshots of the live demo console: media/console-80x24.png and
# media/console-200x50.png. Pipeline (terminal-ui-notes §10): the built console in a private tmux
# server → `tmux capture-pane -e -p` (text with colours) → aha (HTML) → headless Chromium (PNG).
# Not part of CI. Installs aha, chromium and a monospace font from Debian if they are missing.
#   [NEO4J_MODE=auto|launcher] scripts/screenshots.sh [--wait-for REGEX]... [--timeout SECONDS]
# By default it shoots once the tampered chain shows as broken and the first degradation burst
# is on screen, so the pictures show what the console is for.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
wait_for=()
timeout=60
while [ $# -gt 0 ]; do
  case "$1" in
    --wait-for) wait_for+=("$2"); shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    *) echo "Unknown argument: $1" >&2; echo "usage: scripts/screenshots.sh [--wait-for REGEX]... [--timeout SECONDS]" >&2; exit 2 ;;
  esac
done
[ ${#wait_for[@]} -gt 0 ] || wait_for=('BROKEN' 'graph_unavail')

# shellcheck source=lib/debian.sh
. "$root/scripts/lib/debian.sh"
debian_ensure "$root" screenshots aha chromium tmux /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf=fonts-dejavu-core
# shellcheck source=lib/tmux-screen.sh
. "$root/scripts/lib/tmux-screen.sh"

node="$root/node_modules/.bin/node"
(cd "$root" && PATH="$root/node_modules/.bin:$PATH" npm run --silent build)
work=$(mktemp -d)
socket="zaxy-shots-$$"
cleanup() { tmux -L "$socket" kill-server 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$root/media"

# DejaVu Sans Mono at 14px: 8.43px per cell; 17px per line keeps box drawing joined.
cell_w=8.43
cell_h=17
pad=10

uninvert=$(cat <<'JS'
import { readFileSync } from 'node:fs';
const DEFAULT_FG = { kind: '256', n: 252 };
const DEFAULT_BG = { kind: '256', n: 16 };
let state = { bold: false, dim: false, inverse: false, fg: null, bg: null };
const code = (c, ground) => {
  if (c.kind === 'basic') return `${ground === 'fg' ? 3 : 4}${c.n}`;
  if (c.kind === 'bright') return `${ground === 'fg' ? 9 : 10}${c.n}`;
  return `${ground === 'fg' ? 38 : 48};5;${c.n}`;
};
const apply = (params) => {
  const p = params === '' ? [0] : params.split(';').map(Number);
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    if (v === 0) state = { bold: false, dim: false, inverse: false, fg: null, bg: null };
    else if (v === 1) state.bold = true;
    else if (v === 2) state.dim = true;
    else if (v === 22) { state.bold = false; state.dim = false; }
    else if (v === 7) state.inverse = true;
    else if (v === 27) state.inverse = false;
    else if (v >= 30 && v <= 37) state.fg = { kind: 'basic', n: v - 30 };
    else if (v >= 90 && v <= 97) state.fg = { kind: 'bright', n: v - 90 };
    else if (v >= 40 && v <= 47) state.bg = { kind: 'basic', n: v - 40 };
    else if (v >= 100 && v <= 107) state.bg = { kind: 'bright', n: v - 100 };
    else if (v === 39) state.fg = null;
    else if (v === 49) state.bg = null;
    else if ((v === 38 || v === 48) && p[i + 1] === 5) { state[v === 38 ? 'fg' : 'bg'] = { kind: '256', n: p[i + 2] }; i += 2; }
  }
  const fg = state.inverse ? (state.bg ?? DEFAULT_BG) : state.fg;
  const bg = state.inverse ? (state.fg ?? DEFAULT_FG) : state.bg;
  const out = ['0'];
  if (state.bold) out.push('1');
  if (fg) out.push(code(fg, 'fg'));
  if (bg) out.push(code(bg, 'bg'));
  return `\x1b[${out.join(';')}m`;
};
process.stdout.write(readFileSync(0, 'utf8').replace(/\x1b\[([0-9;]*)m/g, (_m, params) => apply(params)));
JS
)

shoot() {
  local cols=$1 rows=$2 out="$root/media/console-${1}x${2}.png"
  tmux -L "$socket" -f /dev/null new-session -d -s shot -x "$cols" -y "$rows" -c "$root" \
    "env -u CI -u NO_COLOR TERM=xterm-256color LANG=C.UTF-8 $node dist/bin.js demo --seed 4 --tamper-after 6 --color 256 --graph ${NEO4J_MODE:-off}"
  tmux -L "$socket" set-option -t shot status off >/dev/null
  screen_wait "screenshots (${cols}x${rows})" "$socket" shot "$timeout" "${wait_for[@]}"
  tmux -L "$socket" capture-pane -e -p -t shot > "$work/screen.ans"
  tmux -L "$socket" send-keys -t shot q
  # Let the demo remove its temp dir: the session ends when the console exits.
  for _ in $(seq 1 100); do tmux -L "$socket" has-session -t shot 2>/dev/null || break; sleep 0.1; done
  # aha ignores reverse video (SGR 7), which the console uses for the selection and the health
  # badge: rewrite it as explicit swapped colours first.
  "$node" --input-type=module -e "$uninvert" < "$work/screen.ans" > "$work/screen.fixed.ans"
  aha --black --title "zaxy-console ${cols}x${rows}" < "$work/screen.fixed.ans" > "$work/screen.html"
  # aha emits a bare <pre>; give it the terminal's font metrics and background.
  sed -i "s|</head>|<style>html,body{margin:0;background:#000;}pre{margin:0;padding:${pad}px;font:14px/${cell_h}px 'DejaVu Sans Mono',monospace;color:#d0d0d0;}</style></head>|" "$work/screen.html"
  local width height
  width=$(awk -v c="$cols" -v w="$cell_w" -v p="$pad" 'BEGIN { printf "%d", c * w + 2 * p + 1 }')
  height=$(( rows * cell_h + 2 * pad ))
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$work/chromium" \
    --window-size="${width},${height}" --screenshot="$out" "file://$work/screen.html" >/dev/null 2>&1
  echo "screenshots: wrote $out (${width}x${height})"
  tmux -L "$socket" kill-session -t shot 2>/dev/null || true
}

shoot 80 24
shoot 200 50
