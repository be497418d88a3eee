# Sourced by the setup scripts: installs Debian packages, caching the downloaded .debs under the
# git-ignored .cache/apt so reruns skip the network. Other setup scripts may run apt at the same
# time, so it waits for the dpkg lock instead of failing.
#   debian_install <root> <package>...
debian_install() {
  local root=$1
  shift
  local archives="$root/.cache/apt/archives"
  mkdir -p "$archives/partial"
  local sudo=''
  [ "$(id -u)" -eq 0 ] || sudo='sudo'
  local apt_opts=(-o DPkg::Lock::Timeout=600 -o "Dir::Cache::archives=$archives")
  local have_lists=1 package
  for package in "$@"; do
    apt-cache policy "$package" 2>/dev/null | grep -q 'Candidate: [0-9]' || have_lists=0
  done
  # Without package lists, or with stale ones whose .debs are gone from the mirror, update first.
  if [ "$have_lists" -eq 1 ] && DEBIAN_FRONTEND=noninteractive $sudo apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends "$@"; then
    return 0
  fi
  $sudo apt-get "${apt_opts[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends "$@"
}

# Installs the Debian packages for what is missing: each argument is a command (its package has
# the same name), `command=package`, or `/path/of/a/file=package`.
#   debian_ensure <root> <who> <need>...
debian_ensure() {
  local root=$1 who=$2 need thing package
  shift 2
  local missing=()
  for need in "$@"; do
    thing=${need%%=*}
    package=${need#*=}
    if [[ "$thing" == /* ]]; then [ -e "$thing" ] || missing+=("$package")
    else command -v "$thing" >/dev/null 2>&1 || missing+=("$package"); fi
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  echo "$who: installing ${missing[*]} from Debian"
  debian_install "$root" "${missing[@]}"
}
