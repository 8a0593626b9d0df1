#!/usr/bin/env bash
# bench_many_files.sh: measure-files over many HAM10000-size files (issue 10): wall time, time per
# image, CSV rows, chart and the PEAK RSS OF THE PLUG-IN PROCESS, for
#   single  method 1 over N files in one headless GIMP (examples/measure-parallel.sh --single)
#   shards  the same in 2 local shards (measure-parallel.sh -j 2); the merged CSV must equal
#           single's byte for byte
#   joint   joint = 1 over each size of --joint-n (measure-parallel.sh --single --joint)
# The N files are 600x450 JPEGs made once from the dev images (ImageMagick's convert: larger
# ones scaled to cover 600x450 and cut to it in the centre), hard-linked in turn as
# SCRATCH/files/img-00001.jpg …, and reused when present. The plug-in runs from a temporary
# plug-in folder whose medclust/medclust execs `/usr/bin/time -f '%M …' REAL-PLUG-IN "$@"`, so
# every start of the plug-in (GIMP's -query at start-up, each -run) logs its peak RSS in
# OUT/CASE.rss. Timings include GIMP's start-up (and for shards the split, merge and chart).
#
#   bash tests/bench/bench_many_files.sh [OPTIONS]
#     -n N              files (default 10000, at most 99999)
#     --scratch DIR     where the files are made (default /tmp/medclust-many-files)
#     --out DIR         results (default SCRATCH/results-N)
#     --plugin-dir DIR  build tree's plug-in folder (default build/plug-ins-gimp2)
#     --data DIR        the dev images (default ../shared/data/dermoscopy/images)
#     --joint-n "A B"   sizes of the joint runs (default "1000 N")
#     --only LIST       cases to run, comma-separated: single,shards,joint (default all)
# Prints a table: case, N, wall s, ms/image, peak plug-in RSS in MiB (%M of /usr/bin/time / 1024),
# CSV rows (must be N), chart written, load average before -> after (other work may share the
# machine: the times are only as good as that load). Needs: gimp-console-2.10, GNU parallel,
# python3, ImageMagick's convert, /usr/bin/time (Debian package "time").
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
script=$root/examples/measure-parallel.sh
n=10000 scratch=/tmp/medclust-many-files out="" plugin_dir=$root/build/plug-ins-gimp2
data=$root/../shared/data/dermoscopy/images joint_n="" only=single,shards,joint
while [ $# -gt 0 ]; do
  case $1 in
    -n) n=${2:?}; shift ;;
    --scratch) scratch=${2:?}; shift ;;
    --out) out=${2:?}; shift ;;
    --plugin-dir) plugin_dir=${2:?}; shift ;;
    --data) data=${2:?}; shift ;;
    --joint-n) joint_n=${2:?}; shift ;;
    --only) only=${2:?}; shift ;;
    *) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
  shift
done
die() { echo "bench_many_files: error: $*" >&2; exit 1; }
[[ $n =~ ^[1-9][0-9]{0,4}$ ]] || die "-n $n: accepted 1..99999"
joint_n=${joint_n:-"1000 $n"}
real=$(realpath "$plugin_dir/medclust/medclust") || die "no plug-in in $plugin_dir/medclust"
for c in gimp-console-2.10 parallel python3 convert /usr/bin/time; do
  command -v $c >/dev/null || die "$c is not installed"
done
out=${out:-$scratch/results-$n}
mkdir -p "$scratch/base" "$scratch/files" "$out"
scratch=$(realpath "$scratch") out=$(realpath "$out")

# ---- The files: 600x450 bases, then hard links img-00001.jpg … in turn ------------------------
max=$n
for m in $joint_n; do (( m > max )) && max=$m; done
if [ -z "$(ls "$scratch/base")" ]; then
  for f in "$data"/*.jpg; do
    convert "$f" -resize '600x450^' -gravity center -extent 600x450 -quality 92 \
      "$scratch/base/$(basename "$f")"
  done
fi
python3 - "$scratch" "$max" <<'PY'
import os, sys
scratch, n = sys.argv[1], int(sys.argv[2])
bases = sorted(os.listdir(f"{scratch}/base"))
for i in range(1, n + 1):
    dest = f"{scratch}/files/img-{i:05d}.jpg"
    if not os.path.exists(dest):
        os.link(f"{scratch}/base/{bases[(i - 1) % len(bases)]}", dest)
PY
list() {  # list M: the first M files, one path a line
  local l=$scratch/list-$1.txt
  [ -f "$l" ] || ls "$scratch/files" | head -n "$1" | sed "s|^|$scratch/files/|" >"$l"
  echo "$l"
}

# ---- One case: measure-parallel.sh with the logging plug-in -----------------------------------
rows=()
load() { cut -d' ' -f1-3 /proc/loadavg | tr ' ' /; }
run_case() {  # run_case NAME M ARGS...: measure-parallel.sh ARGS @LIST(M) OUT/NAME
  local name=$1 m=$2; shift 2
  local dir=$out/$name log=$out/$name.rss plugs
  plugs=$(mktemp -d)
  mkdir "$plugs/medclust"
  printf '#!/bin/sh\nexec /usr/bin/time -a -o "%s" -f "%%M KB %%e s %%C" "%s" "$@"\n' \
    "$log" "$real" >"$plugs/medclust/medclust"
  chmod +x "$plugs/medclust/medclust"
  rm -rf "$dir" "$log"
  local l0 t0 t1 l1 status=ok
  l0=$(load) t0=$(date +%s.%N)
  bash "$script" "$@" --plugin-dir "$plugs" "@$(list "$m")" "$dir" >"$out/$name.log" 2>&1 ||
    status=FAILED
  t1=$(date +%s.%N) l1=$(load)
  rm -rf "$plugs"
  # The measuring calls: every -run, except the chart of the merged CSV (the last one) for shards.
  local runs peak query nrows chart
  runs=$(grep -- ' -run ' "$log" | awk '{print $1}')
  [ "$name" = shards ] && runs=$(echo "$runs" | head -n -1)
  peak=$(echo "$runs" | awk '{printf "%s%.0f", s, $1 / 1024; s = "/"}')
  query=$(grep -- ' -query ' "$log" | awk '$1 > q {q = $1} END {printf "%.0f", q / 1024}')
  nrows=$(($(wc -l <"$dir/areas.csv" 2>/dev/null || echo 0) - 1))
  [ "$nrows" = "$m" ] || status="$status,rows!=N"
  chart=$([ -s "$dir/areas.png" ] && echo yes || echo NO)
  rows+=("$(awk -v c="$name" -v m="$m" -v a="$t0" -v b="$t1" -v p="$peak" -v q="$query" \
    -v r="$nrows" -v ch="$chart" -v l="$l0 $l1" -v s="$status" 'BEGIN {
    printf "%-12s %6d %8.1f %9.1f %-14s %8s %6d %-5s %-29s %s", c, m, b - a, (b - a) * 1000 / m,
      p, q, r, ch, l, s }')")
  echo "${rows[-1]}"
}

header=$(printf "%-12s %6s %8s %9s %-14s %8s %6s %-5s %-29s %s" case N wall_s ms/image \
  plugin_MiB query_MiB rows chart "load before -> after" status)
echo "$header"
[[ $only == *single* ]] && run_case single "$n" --single --method 1
if [[ $only == *shards* ]]; then
  run_case shards "$n" -j 2 --method 1
  if [ -f "$out/single/areas.csv" ]; then
    cmp -s "$out/single/areas.csv" "$out/shards/areas.csv" && same=yes || same=NO
    rows+=("merged CSV of the shards equals the single CSV byte for byte: $same")
  fi
fi
if [[ $only == *joint* ]]; then
  for m in $joint_n; do run_case "joint-$m" "$m" --single --joint --method 1; done
fi
{ echo "bench_many_files: $(date -u +%FT%TZ), $(nproc) cores, $(uname -n); plugin $real"
  echo "$header"; printf '%s\n' "${rows[@]}"
  echo "plugin_MiB: peak RSS of each measuring plug-in process (one per shard); query_MiB:"
  echo "the largest at GIMP's -query. Logs and RSS lines: $out/*.log, $out/*.rss"
} | tee "$out/summary.txt"
