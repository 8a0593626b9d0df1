#!/usr/bin/env bash
# determinism.sh: the same seed must give the same files, whatever the load and the thread count.
#
# Runs plug-in-medclust-augment-files (with masks) and plug-in-medclust-measure-files (method 0
# and 1, joint 0 and 1) through a headless gimp-console-2.10, RUNS times with each of the
# MEDCLUST_THREADS values in THREADS, while LOAD busy processes compete for the cores, and compares
# the sha256 of every file written (PNGs, masks, manifest.csv, the CSVs, the chart) and of every
# returned value across all runs and thread counts. Prints one summary line; exits 0 when every
# run gave the same bytes, 1 on any difference, 2 when a run failed or the setup is missing.
#
# Usage: tests/stress/determinism.sh BUILD_DIR
#   BUILD_DIR   a meson build with the GIMP 2.10 plug-in (BUILD_DIR/plug-ins-gimp2/medclust)
# Environment (all optional):
#   RUNS=20                  runs per thread count
#   THREADS="1 2 4"          MEDCLUST_THREADS values
#   LOAD=<2 x cores + 2>     busy processes started for the whole test (0 = none)
#   IMAGES="ISIC_0000175 ISIC_0000346 ISIC_0000363"   base names in the data set's images/
#   MEDCLUST_DATA=<source>/../shared/data/dermoscopy  the data set (images/*.jpg, masks/*.png)
#   GIMP=gimp-console-2.10   the GIMP to run
#   FRESH_CACHE=1            1: every run gets an empty XDG_CACHE_HOME, so babl measures its
#                            conversion paths again each time (the condition that showed item 10
#                            of issue 9); 0: one cache shared by all runs, as a user's ~/.cache
#   RECIPE, SEED             the augment-files recipe and seed (defaults below)
#   REPEATS=2                augment-files repeats
#   MEASURE=1                0: augment-files only
#   TIMEOUT=600              seconds per GIMP run
#   DEADLINE=<epoch seconds> start no run after this time (the summary counts the runs done)
#   KEEP=1                   keep the work folder (printed) instead of deleting it
set -u

here=$(cd "$(dirname "$0")" && pwd)
source_root=$(cd "$here/../.." && pwd)
build=${1:-}
if [ -z "$build" ] || [ ! -d "$build" ]; then
  echo "usage: $0 BUILD_DIR (a meson build folder with the GIMP 2.10 plug-in)" >&2
  exit 2
fi
build=$(cd "$build" && pwd)
plugin_dir=$build/plug-ins-gimp2
if [ ! -x "$plugin_dir/medclust/medclust" ]; then
  echo "determinism: no plug-in at $plugin_dir/medclust/medclust (build with -Dhosts=2)" >&2
  exit 2
fi
gimp=${GIMP:-gimp-console-2.10}
if ! command -v "$gimp" >/dev/null; then
  echo "determinism: $gimp not found" >&2
  exit 2
fi
runs=${RUNS:-20}
threads=${THREADS:-1 2 4}
cores=$(nproc 2>/dev/null || echo 2)
load=${LOAD:-$((2 * cores + 2))}
data=${MEDCLUST_DATA:-$source_root/../shared/data/dermoscopy}
images=${IMAGES:-ISIC_0000175 ISIC_0000346 ISIC_0000363}
fresh_cache=${FRESH_CACHE:-1}
recipe=${RECIPE:-hue -10..10 + erase 0.05; rotate -30..30 + blur 0..2 + saturation 0.5..1.5; erase 0.2 + flip h + contrast 0.8..1.2}
seed=${SEED:-20261205}
timeout_s=${TIMEOUT:-600}
repeats=${REPEATS:-2}
deadline=${DEADLINE:-0}
measure=${MEASURE:-1}

work=$(mktemp -d "${TMPDIR:-/tmp}/medclust-determinism.XXXXXX")
load_pids=()
gimp_pid=""
cleanup () {
  # Our own processes only: the load and a GIMP run in flight (timeout passes TERM on to GIMP).
  [ -n "$gimp_pid" ] && kill "$gimp_pid" 2>/dev/null
  for pid in "${load_pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  if [ "${KEEP:-0}" = 1 ]; then echo "determinism: work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 2' INT TERM

# ---- Inputs: links to a few images and their masks -------------------------------------------
mkdir -p "$work/in" "$work/masks"
have_masks=1
for name in $images; do
  src=$data/images/$name.jpg
  if [ ! -f "$src" ]; then
    echo "determinism: missing input $src (set MEDCLUST_DATA or IMAGES)" >&2
    exit 2
  fi
  ln -s "$src" "$work/in/$name.jpg"
  if [ -f "$data/masks/$name.png" ]; then ln -s "$data/masks/$name.png" "$work/masks/$name.png"; else have_masks=0; fi
done
masks_dir=""
[ "$have_masks" = 1 ] && masks_dir=$work/masks

# ---- The Script-Fu of one run ----------------------------------------------------------------
# Every return value goes to returns.txt; the last line is a sentinel, so a run whose script
# stopped half-way is caught (GIMP's exit code is 0 whatever happened).
scm_string () { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
write_script () { # $1 = run folder
  local dir=$1
  cat >"$dir/run.scm" <<EOF
(define out-port (open-output-file $(scm_string "$dir/returns.txt")))
(define (put key v) (write key out-port) (display " " out-port) (write v out-port) (newline out-port))
(put "augment" (plug-in-medclust-augment-files RUN-NONINTERACTIVE $(scm_string "$work/in/*.jpg")
                $(scm_string "$masks_dir") $(scm_string "$dir/out") $(scm_string "$recipe") $repeats $seed))
MEASURE_START
(put "measure-0-0" (plug-in-medclust-measure-files RUN-NONINTERACTIVE $(scm_string "$work/in/*.jpg") 0 0 0.0
                    $(scm_string "$dir/m00.csv") "" 7))
(put "measure-0-1" (plug-in-medclust-measure-files RUN-NONINTERACTIVE $(scm_string "$work/in/*.jpg") 0 1 0.0
                    $(scm_string "$dir/m01.csv") "" 7))
(put "measure-1-0" (plug-in-medclust-measure-files RUN-NONINTERACTIVE $(scm_string "$work/in/*.jpg") 1 0 0.02
                    $(scm_string "$dir/m10.csv") "" 7))
(put "measure-1-1" (plug-in-medclust-measure-files RUN-NONINTERACTIVE $(scm_string "$work/in/*.jpg") 1 1 0.02
                    $(scm_string "$dir/m11.csv") $(scm_string "$dir/m11-chart.png") 7))
MEASURE_END
(put "done" 1)
(close-output-port out-port)
EOF
  if [ "$measure" = 1 ]; then
    sed -i '/^MEASURE_START$/d; /^MEASURE_END$/d' "$dir/run.scm"
  else
    sed -i '/^MEASURE_START$/,/^MEASURE_END$/d' "$dir/run.scm"
  fi
}

# GIMP in folder $1 (gimprc there) with MEDCLUST_THREADS=$2, profile $3, cache $4, batch $5.
gimp_batch () {
  local dir=$1 nthreads=$2 profile=$3 cache=$4 batch=$5
  printf '(plug-in-path "${gimp_plug_in_dir}/plug-ins:%s")\n' "$plugin_dir" >"$dir/gimprc"
  env -u DISPLAY -u WAYLAND_DISPLAY NO_AT_BRIDGE=1 GIMP2_DIRECTORY="$profile" \
    XDG_CACHE_HOME="$cache" XDG_CONFIG_HOME="$dir/config" MEDCLUST_THREADS="$nthreads" \
    timeout --kill-after=10 "$timeout_s" "$gimp" -i -d -f --stack-trace-mode=never \
    --gimprc="$dir/gimprc" -b "$batch" -b '(gimp-quit 0)' \
    >"$dir/stdout.txt" 2>"$dir/stderr.txt" </dev/null &
  gimp_pid=$!
  wait "$gimp_pid"
  gimp_pid=""
}

# The profile every run starts from: made once by a GIMP that only starts and quits, then
# copied, so that each run is a warm start (a cold start under load takes minutes) while no run
# sees another's state. The babl cache (XDG_CACHE_HOME) is not in it.
make_profile () {
  mkdir -p "$work/template"
  gimp_batch "$work/template" 1 "$work/template/profile" "$work/template/cache" '(display "")'
  [ -d "$work/template/profile" ] || { echo "determinism: GIMP made no profile" >&2; exit 2; }
}

# One GIMP run with MEDCLUST_THREADS=$2 in folder $1; its file list with hashes in $1/hashes.
run_once () {
  local dir=$1 nthreads=$2
  mkdir -p "$dir/cache"
  write_script "$dir"
  cp -a "$work/template/profile" "$dir/profile"
  local cache=$dir/cache
  [ "$fresh_cache" = 1 ] || cache=$work/shared-cache
  gimp_batch "$dir" "$nthreads" "$dir/profile" "$cache" "(load $(scm_string "$dir/run.scm"))"
  if grep -q 'batch command experienced an execution error' "$dir/stderr.txt" \
     || ! grep -q '^"done" 1' "$dir/returns.txt" 2>/dev/null; then
    echo "determinism: run $dir failed; stderr:" >&2
    tail -5 "$dir/stderr.txt" >&2
    return 1
  fi
  (cd "$dir" && find out m00.csv m01.csv m10.csv m11.csv m11-chart.png returns.txt -type f \
     -print0 2>/dev/null | sort -z | xargs -0 sha256sum) >"$dir/hashes"
  return 0
}

# ---- Load --------------------------------------------------------------------------------------
# Busy processes (stress-ng when installed), more than the cores, for the whole test.
if [ "$load" -gt 0 ]; then
  if command -v stress-ng >/dev/null; then
    stress-ng --cpu "$load" --vm 1 --vm-bytes 128M --quiet >/dev/null 2>&1 &
    load_pids+=($!)
  else
    for ((i = 0; i < load; i++)); do
      sha256sum /dev/zero >/dev/null &
      load_pids+=($!)
    done
  fi
fi

# ---- The runs, thread counts interleaved so each meets the same mix of load ------------------
start=$(date +%s)
make_profile
reference=""
n_runs=0
n_failed=0
n_diff_runs=0
n_compared=0
n_diff_files=0
declare -A differing=()
for ((r = 1; r <= runs; r++)); do
  for t in $threads; do
    if [ "$deadline" -gt 0 ] && [ "$(date +%s)" -ge "$deadline" ]; then
      echo "determinism: deadline reached; $n_runs runs done" >&2
      break 2
    fi
    dir=$work/run-$r-t$t
    mkdir -p "$dir"
    n_runs=$((n_runs + 1))
    if ! run_once "$dir" "$t"; then
      n_failed=$((n_failed + 1))
      continue
    fi
    if [ -z "$reference" ]; then
      reference=$dir/hashes
      echo "determinism: reference run-$r-t$t: $(wc -l <"$reference") files" >&2
      continue
    fi
    n_compared=$((n_compared + $(wc -l <"$reference")))
    if ! cmp -s "$reference" "$dir/hashes"; then
      n_diff_runs=$((n_diff_runs + 1))
      # Files whose hash differs, or that one side lacks.
      diffs=$(diff <(awk '{print $2, $1}' "$reference" | sort) <(awk '{print $2, $1}' "$dir/hashes" | sort) \
              | awk '/^[<>]/ {print $2}' | sort -u)
      nd=$(printf '%s\n' "$diffs" | grep -c .)
      n_diff_files=$((n_diff_files + nd))
      for f in $diffs; do differing[$f]=$(( ${differing[$f]:-0} + 1 )); done
      echo "determinism: run-$r-t$t differs from the reference in $nd files: $(echo $diffs)" >&2
      KEEP=1
    fi
    echo "determinism: run $n_runs done ($(( $(date +%s) - start )) s)" >&2
  done
done
wall=$(( $(date +%s) - start ))
files=0
[ -n "$reference" ] && files=$(wc -l <"$reference")
echo "determinism: runs=$n_runs threads=\"$threads\" load=$load fresh_cache=$fresh_cache" \
     "files_per_run=$files files_compared=$n_compared failed_runs=$n_failed" \
     "differing_runs=$n_diff_runs differing_files=$n_diff_files wall=${wall}s"
if [ "${#differing[@]}" -gt 0 ]; then
  for f in "${!differing[@]}"; do echo "determinism: differs in ${differing[$f]} runs: $f"; done | sort
fi
if [ "$n_failed" -gt 0 ] || [ -z "$reference" ]; then exit 2; fi
[ "$n_diff_runs" = 0 ]
