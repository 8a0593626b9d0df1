#!/usr/bin/env bash
# gimp3-root.sh: a Debian 13 ("trixie") system in a folder, with GIMP 3.0.4 and its development files,
# to build and test medclust on a Debian 12 machine (which has no GIMP 3). Made once with debootstrap
# from the Debian mirror that the host's apt uses, then reused. Needs root (debootstrap, chroot, mount).
#
#   bash tests/gimp3-root.sh setup           make the root, or reuse a complete one
#   bash tests/gimp3-root.sh run 'COMMAND'   run COMMAND in the root, in /src = this repository;
#                                            exits with COMMAND's exit code
#   bash tests/gimp3-root.sh shell           interactive shell in the root
#   bash tests/gimp3-root.sh clean           delete the root
#
# ROOT is /var/cache/medclust/trixie unless MEDCLUST_GIMP3_ROOT says otherwise. A complete root has
# ROOT/.medclust-ready (written last, holds the package list); a root without it is deleted and made
# again. `run` mounts /proc, /dev, /dev/pts, /dev/shm, /sys and the source tree in a private mount
# namespace (unshare -m), so the mounts are invisible to the host and to other runs, and vanish with
# it even if this script is killed; it also unmounts them itself on exit. Runs may go in parallel
# (shared lock); setup and clean take the lock alone.
set -euo pipefail

PACKAGES="gimp libgimp-3.0-dev gir1.2-gimp-3.0 python3 python3-gi meson ninja-build gcc pkg-config
 libglib2.0-dev libcairo2-dev libjpeg-dev libpng-dev xvfb xauth xdotool imagemagick fonts-dejavu-core
 ca-certificates"
ROOT=$(realpath -m "${MEDCLUST_GIMP3_ROOT:-/var/cache/medclust/trixie}")
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SELF=$SRC/tests/$(basename "${BASH_SOURCE[0]}")
STAMP=$ROOT/.medclust-ready
LOCK=$ROOT.lock
LOG=$ROOT.setup.log
CHROOT_ENV=(/usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
            LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive)

log() { echo "gimp3-root: $*" >&2; }
die() { log "error: $*"; exit 1; }
timed() {
  local what=$1 t0=$SECONDS rc=0; shift
  "$@" || rc=$?
  log "$what: $((SECONDS - t0)) s$( ((rc == 0)) || echo ", FAILED (exit $rc)")"
  return "$rc"
}
quiet() {  # setup steps: output to the setup log, its tail on failure
  "$@" >>"$LOG" 2>&1 || { local rc=$?; tail -n 25 "$LOG" >&2; log "full log: $LOG"; return "$rc"; }
}
# shellcheck disable=SC2086  # splitting the list into words is the point
want_list() { printf '%s\n' $PACKAGES; }

# First plain Debian archive URI in the host's apt sources (not security, not a third-party repo).
mirror() {
  local m
  m=$({ sed -n 's/^[[:space:]]*URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | tr ' ' '\n'
        sed -nE 's/^[[:space:]]*deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+).*/\2/p' \
          /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null; } |
      grep -E '^https?://[^/]+/(pub/(linux/)?)?debian/?$' | head -n1 || true)
  echo "${m:-http://deb.debian.org/debian}"
}

# Unmount everything mounted at or under ROOT, deepest first (lazy as a fallback).
unmount_all() {
  local m
  awk -v r="$ROOT" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/self/mounts | sort -r |
    while read -r m; do umount "$m" 2>/dev/null || umount -l "$m" || log "warning: could not unmount $m"; done
}

# The mounts and the chroot; runs inside `unshare -m` (called as: SELF __ns COMMAND).
ns_run() {
  trap unmount_all EXIT
  mount -t proc proc "$ROOT/proc"
  mount --bind /dev "$ROOT/dev"
  mount --bind /dev/pts "$ROOT/dev/pts"
  if mountpoint -q /dev/shm; then mount --bind /dev/shm "$ROOT/dev/shm"; fi
  mount --bind /sys "$ROOT/sys"
  mkdir -p "$ROOT/src"
  mount --bind "$SRC" "$ROOT/src"
  # The shared data beside the repository (../shared: test images, docs), read-only at /shared,
  # so that /src/../shared is found as on the host.
  if [ -d "$SRC/../shared" ]; then
    mkdir -p "$ROOT/shared"
    mount --bind "$SRC/../shared" "$ROOT/shared" && mount -o remount,bind,ro "$ROOT/shared" 2>/dev/null || true
  fi
  local rc child
  chroot "$ROOT" "${CHROOT_ENV[@]}" bash -c "cd /src && $1" <&0 &
  child=$!
  trap 'kill -TERM "$child" 2>/dev/null' TERM HUP  # pass a kill on to the command, then unmount
  trap '' INT                                      # Ctrl-C reaches the command itself: wait for it
  until wait "$child"; rc=$?; ! kill -0 "$child" 2>/dev/null; do :; done
  exit "$rc"
}

NS=(unshare -m --propagation private bash "$SELF" __ns)
in_root() { "${NS[@]}" "$1"; }
ready() { [[ -f $STAMP ]] && [[ $(cat "$STAMP") == "$(want_list)" ]]; }

apt_install() {
  cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"
  timed "apt-get update (trixie)" quiet in_root 'apt-get update -q'
  timed "apt-get install ($(want_list | wc -l) packages)" \
    quiet in_root "apt-get install -y -q --no-install-recommends $(want_list | tr "\n" " ") && apt-get clean"
  want_list >"$STAMP"
}

setup() {  # caller holds the lock exclusively
  local t0=$SECONDS
  if ready; then
    log "reusing $ROOT"; return
  fi
  if [[ -f $STAMP ]]; then
    log "package list changed: installing into $ROOT"; rm -f "$STAMP"; apt_install
    log "setup took $((SECONDS - t0)) s"; return
  fi
  if [[ -e $ROOT ]]; then
    log "deleting incomplete root $ROOT"; unmount_all; rm -rf --one-file-system "$ROOT"
  fi
  : >"$LOG"
  if ! command -v debootstrap >/dev/null; then
    timed "apt-get update (host)" quiet apt-get update -q
    timed "apt-get install debootstrap (host)" quiet apt-get install -y -q debootstrap
  fi
  local m; m=$(mirror)
  log "debootstrap trixie from $m into $ROOT"
  timed "debootstrap" quiet debootstrap --variant=minbase trixie "$ROOT" "$m"
  printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"; chmod +x "$ROOT/usr/sbin/policy-rc.d"
  apt_install
  log "setup took $((SECONDS - t0)) s; $(du -sh --one-file-system "$ROOT" | cut -f1) in $ROOT"
}

clean() {  # caller holds the lock exclusively
  unmount_all
  if awk -v r="$ROOT" '$2 == r || index($2, r "/") == 1 { f = 1 } END { exit !f }' /proc/self/mounts; then
    die "something is still mounted under $ROOT"
  fi
  rm -rf --one-file-system "$ROOT" "$LOG"
  log "removed $ROOT"
}

cmd=${1:-}
[[ $cmd == __ns ]] && { ns_run "$2"; }
case $cmd in setup | run | shell | clean) ;; *) sed -n '2,17p' "$SELF" | sed 's/^# \{0,1\}//' >&2; exit 2 ;; esac
[[ $cmd == run && $# -ne 2 ]] && die "usage: bash tests/gimp3-root.sh run 'COMMAND'"
[[ $(id -u) -eq 0 ]] || die "must run as root (debootstrap, chroot and mount need it): sudo bash $0 $*"
for tool in chroot unshare flock mount; do command -v $tool >/dev/null || die "$tool not found"; done

mkdir -p "$(dirname "$ROOT")"
exec 9>"$LOCK"  # runs share the lock; setup and clean hold it alone
case $cmd in
  setup) flock 9; setup ;;
  clean) flock 9; clean ;;
  run | shell)
    flock -s 9
    if ready; then log "reusing $ROOT"; else flock 9; setup; flock -s 9; fi
    [[ $cmd == run ]] || set -- run "TERM=${TERM:-xterm} exec bash -i"
    exec "${NS[@]}" "$2" ;;  # same PID: a kill of this script reaches the command
esac
