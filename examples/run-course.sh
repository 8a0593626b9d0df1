#!/usr/bin/env bash
# Runs the course on the example images through GIMP in batch mode, with every GIMP it finds:
# installs what is missing, builds medclust for each GIMP, then writes every output under
# examples/out/ (or the folder given).
#
#   bash examples/run-course.sh [OPTIONS] [OUT-DIR]
#     --synthetic   synthetic moles even when the real dermoscopy images are present
#     --gimp 2|3    only that GIMP (default: every GIMP found)
#     --script-fu   on GIMP 3, only examples/course.scm (default: course.scm, then course.py)
#     --python      on GIMP 3, only examples/course.py
#     --gimp3-root  on a system without GIMP 3, make the Debian 13 root of tests/gimp3-root.sh
#                   when it does not exist yet (about 5 minutes, as root)
#     --no-build    use the plug-ins already built (no meson, no ninja)
#
# GIMPs: gimp-console-2.10 and gimp-console-3.0 of this system. Debian 12 has no GIMP 3: there the
# Debian 13 root of tests/gimp3-root.sh is used when it has been made (it sees only this repository,
# so OUT-DIR must be inside it, and the real images are copied into OUT-DIR/input-dermoscopy).
# GIMP 2.10 runs the Script-Fu course (examples/course.scm); GIMP 3 runs it and the Python 3 course
# (examples/course.py), which writes the same files. One run writes into OUT-DIR; several write
# into OUT-DIR/gimp2-script-fu, OUT-DIR/gimp3-script-fu, OUT-DIR/gimp3-python, and their CSV files
# are compared at the end.
# Images: the 600x450 dermoscopy images of ../shared/data/dermoscopy when that folder exists,
# otherwise synthetic moles drawn by medclust-make-examples (their true areas in truth.csv).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ROOT3=$(realpath -m "${MEDCLUST_GIMP3_ROOT:-/var/cache/medclust/trixie}")
TIMEOUT=${MEDCLUST_COURSE_TIMEOUT:-900}
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

say() { echo "medclust course: $*"; }
die() { echo "medclust course: error: $*" >&2; exit 1; }
usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

SYNTHETIC=0 ONLY_GIMP="" LANGS="script-fu python" MAKE_ROOT=0 BUILD=1 OUT_ARG=""
while [ $# -gt 0 ]; do
  case $1 in
    --synthetic) SYNTHETIC=1 ;;
    --gimp) [ "${2:-}" = 2 ] || [ "${2:-}" = 3 ] || usage; ONLY_GIMP=$2; shift ;;
    --script-fu) LANGS="script-fu" ;;
    --python) LANGS="python" ;;
    --gimp3-root) MAKE_ROOT=1 ;;
    --no-build) BUILD=0 ;;
    -h | --help) usage ;;
    -*) echo "unknown option $1" >&2; usage ;;
    *) [ -z "$OUT_ARG" ] || usage; OUT_ARG=$1 ;;
  esac
  shift
done
OUT=$(realpath -m "${OUT_ARG:-examples/out}")
have() { command -v "$1" >/dev/null 2>&1; }
wants() { [ -z "$ONLY_GIMP" ] || [ "$ONLY_GIMP" = "$1" ]; }
in_root() { $SUDO bash tests/gimp3-root.sh run "$1"; }
root_ready() { [ -f "$ROOT3/.medclust-ready" ]; }

# ---- Which GIMPs ------------------------------------------------------------------------------
# GIMP2 / GIMP3: "" (not used), "native", or (GIMP 3 only) "root".
GIMP2="" GIMP3=""
if wants 3; then
  if have gimp-console-3.0; then GIMP3=native
  elif root_ready; then GIMP3=root
  elif [ $MAKE_ROOT = 1 ]; then
    say "making the Debian 13 root with GIMP 3 in $ROOT3 (tests/gimp3-root.sh setup)"
    $SUDO bash tests/gimp3-root.sh setup
    GIMP3=root
  fi
fi
# The Debian 12 packages (GIMP 2.10 and the build tools), unless this system has GIMP 3 itself or
# only the Debian 13 root is wanted.
if [ "$GIMP3" != native ] && wants 2; then bash .ci/install-deps.sh; fi
if wants 2 && have gimp-console-2.10; then GIMP2=native; fi

if [ -n "$GIMP2" ]; then
  V2=$(gimp-console-2.10 --version 2>/dev/null | awk '{print $NF}')
  say "using GIMP $V2 (gimp-console-2.10) with Script-Fu (examples/course.scm)"
elif wants 2; then
  say "GIMP 2.10 not found (no gimp-console-2.10)"
fi
LANG_TEXT=$(echo "$LANGS" | sed 's/script-fu/Script-Fu (examples\/course.scm)/; s/python/Python (examples\/course.py)/; s/) /) and /')
if [ "$GIMP3" = native ]; then
  V3=$(gimp-console-3.0 --version 2>/dev/null | awk '{print $NF}')
  say "using GIMP $V3 (gimp-console-3.0) with $LANG_TEXT"
elif [ "$GIMP3" = root ]; then
  V3=$(in_root 'gimp-console-3.0 --version' 2>/dev/null | awk '{print $NF}')
  say "using GIMP $V3 (gimp-console-3.0 in the Debian 13 root $ROOT3) with $LANG_TEXT"
elif wants 3; then
  say "GIMP 3 not found (no gimp-console-3.0, no Debian 13 root in $ROOT3; --gimp3-root makes it)"
fi
[ -n "$GIMP2$GIMP3" ] || die "no GIMP to run the course with"
if [ "$GIMP3" = root ]; then
  case $OUT/ in "$ROOT"/*) ;; *) die "the Debian 13 root sees only $ROOT: give an OUT-DIR inside it" ;; esac
fi

# ---- Build ------------------------------------------------------------------------------------
LOGS=$(mktemp -d) P2="" P3=""
cleanup() { rm -rf "$LOGS" "$P2"; [ -z "$P3" ] || $SUDO rm -rf "$P3"; }
trap cleanup EXIT
step() {  # step WHAT COMMAND...: runs COMMAND quietly, shows its output's end if it fails
  "${@:2}" >"$LOGS/step.log" 2>&1 ||
    { tail -n 30 "$LOGS/step.log" >&2; die "$1 failed (--gimp N runs one GIMP only)"; }
}
plugin_dir() {  # the build-tree folder holding medclust/medclust for GIMP $1
  if [ "$1" = 3 ] && [ "$GIMP3" = root ]; then echo "$ROOT/build-gimp3/plug-ins-gimp3"
  else echo "$ROOT/build/plug-ins-gimp$1"; fi
}
native=""
[ "$GIMP2" = native ] && native="$native 2"
[ "$GIMP3" = native ] && native="$native 3"
if [ $BUILD = 1 ] && [ -n "$native" ]; then
  hosts=${native# }
  [ "$hosts" = "2 3" ] && hosts=both
  [ -d build/meson-private ] || step "meson setup build" meson setup build
  step "ninja -C build" ninja -C build
  for h in $native; do
    if [ ! -e "$(plugin_dir "$h")/medclust/medclust" ]; then
      step "meson configure build -Dhosts=$hosts" meson configure build -Dhosts="$hosts"
      step "ninja -C build" ninja -C build
    fi
  done
fi
if [ $BUILD = 1 ] && [ "$GIMP3" = root ]; then
  step "building for GIMP 3 in the Debian 13 root (build-gimp3)" \
    in_root '{ [ -d build-gimp3/meson-private ] || meson setup build-gimp3 -Dhosts=3; } && ninja -C build-gimp3'
fi
for h in ${GIMP2:+2} ${GIMP3:+3}; do
  [ -e "$(plugin_dir "$h")/medclust/medclust" ] ||
    die "no medclust plug-in for GIMP $h in $(plugin_dir "$h") (--gimp N runs one GIMP only)"
done
mkdir -p "$OUT"

# ---- Images -----------------------------------------------------------------------------------
# In the root, host paths under $ROOT are seen under /src.
root_path() { echo "/src${1#"$ROOT"}"; }
DATA=$(realpath -m "$ROOT/../shared/data/dermoscopy")
images=()
if [ -d "$DATA/images" ] && [ $SYNTHETIC = 0 ]; then
  if [ "$GIMP3" = root ]; then  # the root sees only the repository: a copy (hard links) inside it
    rm -rf "$OUT/input-dermoscopy"
    mkdir -p "$OUT/input-dermoscopy"
    cp -rl "$DATA/images" "$DATA/masks" "$OUT/input-dermoscopy/" 2>/dev/null ||
      cp -r "$DATA/images" "$DATA/masks" "$OUT/input-dermoscopy/"
    dir=$OUT/input-dermoscopy
  else
    dir=$DATA
  fi
  # The 600x450 images (HAM10000), as in the course.
  while IFS=, read -r id _src w h _rest; do
    [ "$w" = 600 ] && [ "$h" = 450 ] && images+=("$dir/images/$id.jpg")
  done < <(tail -n +2 "$DATA/manifest.csv")
  pattern="$dir/images/ISIC_002*.jpg"
  masks="$dir/masks"
  say "${#images[@]} real dermoscopy images from $DATA"
else
  if [ -x build/examples/medclust-make-examples ]; then
    step "drawing the synthetic images" build/examples/medclust-make-examples "$OUT/input"
  elif [ "$GIMP3" = root ] && [ -x build-gimp3/examples/medclust-make-examples ]; then
    step "drawing the synthetic images" \
      in_root "build-gimp3/examples/medclust-make-examples $(printf %q "$(root_path "$OUT/input")")"
  else
    die "medclust-make-examples is not built"
  fi
  images=("$OUT"/input/synthetic_*.png)
  pattern="$OUT/input/synthetic_*.png"
  masks="$OUT/input/masks"
  say "synthetic example images in $OUT/input"
fi

# ---- Runs -------------------------------------------------------------------------------------
# GIMP 3's stderr lines that say nothing about the course (../shared/docs/gimp-3-headless.md, 8)
# and tests/gimp3-root.sh's own log line.
NOISE='gimp_flush\(\): error: Broken pipe|G_IS_OBJECT \(object\)|a stray image seems|script_fu_add_resource_arg|ordered list is deprecated|Please use named arguments|cannot open display|gimp_wire_read\(\): unexpected EOF|Welcome to GIMP|list of contexts not empty|^stale context:|^gimp3-root: reusing|^ *$'

runs=()
[ -n "$GIMP2" ] && runs+=(gimp2-script-fu)
if [ -n "$GIMP3" ]; then for l in $LANGS; do runs+=("gimp3-$l"); done; fi
failed=()
ran=()

# run_gimp NAME LOG [VAR=VALUE...] -- GIMP-ARGS...: runs a GIMP on this system or in the root,
# its output shown without noise and kept in LOG; returns its exit code.
run_gimp() {
  local name=$1 log=$2 rc; shift 2
  set +e
  if [ "$name" != gimp2-script-fu ] && [ "$GIMP3" = root ]; then
    in_root "$(printf '%q ' env "$@")"
  else
    env "$@"
  fi 2>&1 | tee "$log" | grep -v -E "$NOISE"
  rc=${PIPESTATUS[0]}
  set -e
  return "$rc"
}

# A profile per GIMP for this command (GIMP 3 rewrites its gimprc at exit: the second run reuses it).
profile_dir() {
  if [ "$1" = 3 ] && [ "$GIMP3" = root ]; then $SUDO mktemp -d -p "$ROOT3/tmp" medclust-course.XXXXXX
  else mktemp -d; fi
}
if [ -n "$GIMP2" ]; then P2=$(profile_dir 2); fi
if [ -n "$GIMP3" ]; then P3=$(profile_dir 3); fi

for run in "${runs[@]}"; do
  out=$OUT
  [ ${#runs[@]} -gt 1 ] && out=$OUT/$run
  mkdir -p "$out"
  say "--- $run: outputs in $out"
  log=$LOGS/$run.log
  # What GIMP sees: the paths of this system, or in the root its own paths.
  p=$P2 src=$ROOT o=$out pat=$pattern msk=$masks imgs=("${images[@]}")
  if [ "$run" != gimp2-script-fu ]; then p=$P3; fi
  if [ "$run" != gimp2-script-fu ] && [ "$GIMP3" = root ]; then
    p=${P3#"$ROOT3"} src=/src o=$(root_path "$out") pat=$(root_path "$pattern") msk=$(root_path "$masks")
    for i in "${!imgs[@]}"; do imgs[i]=$(root_path "${imgs[i]}"); done
  fi
  list="" lines=""
  for f in "${imgs[@]}"; do list="$list \"$f\""; lines="$lines$f"$'\n'; done
  scheme="(begin (load \"$src/examples/course.scm\") (medclust-course (list$list) \"$pat\" \"$msk\" \"$o\"))"
  case $run in
    gimp2-script-fu)
      echo "(plug-in-path \"$(pkg-config --variable=gimplibdir gimp-2.0)/plug-ins:$(plugin_dir 2)\")" >"$p/gimprc"
      rc=0
      run_gimp "$run" "$log" GIMP2_DIRECTORY="$p/profile" XDG_CACHE_HOME="$p/cache" \
        timeout --kill-after=10 "$TIMEOUT" gimp-console-2.10 -i -d --stack-trace-mode=never \
        --gimprc="$p/gimprc" -b "$scheme" -b '(gimp-quit 0)' || rc=$?
      # GIMP 2.10 exits with 0 even when the script fails: its messages say it.
      if grep -q "execution error" "$log"; then rc=1; fi ;;
    gimp3-*)
      plugins=$(plugin_dir 3)
      [ "$GIMP3" = root ] && plugins=$(root_path "$plugins")
      # shellcheck disable=SC2016  # GIMP expands ${gimp_plug_in_dir} itself
      [ -f "$P3/gimprc" ] || printf '(plug-in-path "${gimp_plug_in_dir}/plug-ins:%s")\n' "$plugins" >"$P3/gimprc"
      if [ "$run" = gimp3-script-fu ]; then
        batch=(--batch-interpreter=plug-in-script-fu-eval -b "$scheme")
      else
        batch=(--batch-interpreter=python-fu-eval -b "exec(open(\"$src/examples/course.py\").read())")
      fi
      rc=0
      run_gimp "$run" "$log" GIMP3_DIRECTORY="$p/profile" XDG_CACHE_HOME="$p/cache" \
        MEDCLUST_COURSE_IMAGES="$lines" MEDCLUST_COURSE_PATTERN="$pat" MEDCLUST_COURSE_MASKS="$msk" \
        MEDCLUST_COURSE_OUT="$o" \
        timeout --kill-after=10 "$TIMEOUT" gimp-console-3.0 -i -d --stack-trace-mode=never \
        --gimprc="$p/gimprc" "${batch[@]}" --quit || rc=$? ;;
  esac
  [ "$rc" = 124 ] && say "$run: GIMP did not finish within $TIMEOUT s"
  # The course's last line says it got to the end.
  if [ "$rc" = 0 ] && ! grep -q "medclust course: done" "$log"; then rc=1; fi
  if [ "$rc" = 0 ]; then ran+=("$run"); else failed+=("$run (exit $rc)"); fi
done

# ---- Summary ----------------------------------------------------------------------------------
# The CSV files of two runs, with each run's own output folder and repository path made equal.
normalised() {  # normalised RUN FILE
  local out=$OUT/$1
  sed -e "s|$out|<out>|g" -e "s|$(root_path "$out")|<out>|g" -e "s|$ROOT/|<repo>/|g" -e "s|/src/|<repo>/|g" "$out/$2"
}
if [ ${#ran[@]} -gt 1 ]; then
  for f in centres.csv areas.csv augmented/manifest.csv; do
    for run in "${ran[@]:1}"; do
      if cmp -s <(normalised "${ran[0]}" "$f") <(normalised "$run" "$f"); then
        say "$f: $run the same as ${ran[0]}"
      else
        say "$f: $run differs from ${ran[0]} ($(diff <(normalised "${ran[0]}" "$f") <(normalised "$run" "$f") | grep -c '^>') lines)"
      fi
    done
  done
fi
if [ ${#failed[@]} -gt 0 ]; then
  echo "The course run failed: ${failed[*]} (see the messages above)." >&2
  exit 1
fi
echo "Outputs written to $OUT:"
ls "$OUT"
