# Sourced by the scripts that drive the console in a private tmux server (screenshots.sh,
# record-demo.sh): waits until every pattern is on a pane's screen.
#   screen_wait <who> <socket> <target> <seconds> <extended regex>...
# Exits the script with the last screen on stderr when the time runs out.
screen_wait() {
  local who=$1 socket=$2 target=$3 seconds=$4 screen pattern missing
  shift 4
  local deadline=$(( $(date +%s) + seconds ))
  for (( ; ; )); do
    screen=$(tmux -L "$socket" capture-pane -p -t "$target")
    missing=''
    for pattern in "$@"; do grep -Eq "$pattern" <<<"$screen" || { missing=$pattern; break; }; done
    [ -n "$missing" ] || return 0
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "$who: \"$missing\" not on the screen after ${seconds}s; last screen:" >&2
      printf '%s\n' "$screen" >&2
      exit 1
    fi
    sleep 0.3
  done
}
