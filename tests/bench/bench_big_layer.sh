#!/usr/bin/env bash
# bench_big_layer.sh: end-to-end time and memory of medclust's procedures on one big 8-bit layer
# in headless GIMP 2.10, beside GIMP's own posterize on a copy of the same layer (issue 10).
#
#   tests/bench/bench_big_layer.sh [-r ROUNDS] [-s WxH] [-w WORK] PLUGIN_DIR [PLUGIN_DIR2]
#
# PLUGIN_DIR holds medclust/medclust (a build tree's plug-ins-gimp2, or a copy of an older
# build to compare with). Every round runs, interleaved and each in a fresh GIMP with a warm
# profile (one per plug-in folder): load only; load + gimp-drawable-posterize 5 on a copy of the
# layer; load + GIMP's own C plug-in max-rgb on a copy (the cost of moving a layer's tiles to a
# plug-in and back, which every plug-in pays); load + quantize K=5 exact (sample-fraction 1); load + segment method 1; load + augment
# "rotate 90; blur 2". An operation's time is the median of its runs minus the median of the
# load-only runs. The plug-in runs under /usr/bin/time, which gives its peak resident memory.
# The layer (WxH, default 6000x4000) is a dev image scaled up by GIMP, made once in WORK.
# Prints one table: operation, plug-in folder, median s, minus load s, peak plug-in MB, ratios to
# posterize and to max-rgb. Time it on an otherwise idle machine.
set -euo pipefail

rounds=3 size=6000x4000 work=/tmp/medclust-big-layer
while getopts "r:s:w:" opt; do
  case $opt in
    r) rounds=$OPTARG ;;
    s) size=$OPTARG ;;
    w) work=$OPTARG ;;
    *) sed -n '2,16p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { sed -n '2,16p' "$0" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
data=${MEDCLUST_DATA:-$here/../../../shared/data/dermoscopy}
console=gimp-console-2.10
width=${size%x*} height=${size#*x}
mkdir -p "$work"
image=$work/layer-${size}.png

# gimp_run PROFILE PLUGIN_DIR EXPR: one headless GIMP; prints its wall time in seconds.
gimp_run() {
  local profile=$1 plugins=$2 expr=$3 t0 t1
  mkdir -p "$profile"
  printf '(plug-in-path "${gimp_plug_in_dir}/plug-ins:%s")\n' "$plugins" >"$profile/gimprc"
  t0=$(date +%s.%N)
  GIMP2_DIRECTORY=$profile DISPLAY= "$console" -i -d -f --stack-trace-mode=never \
    "--gimprc=$profile/gimprc" -b "$expr" -b '(gimp-quit 0)' >"$profile/log" 2>&1 || {
    tail -n 5 "$profile/log" >&2; return 1; }
  t1=$(date +%s.%N)
  if grep -q "execution error" "$profile/log"; then tail -n 5 "$profile/log" >&2; return 1; fi
  echo "$t0 $t1" | awk '{ printf "%.3f\n", $2 - $1 }'
}

# A plug-in folder whose medclust runs the real one under /usr/bin/time (peak RSS in KB).
wrap_plugins() {
  local real=$1 dir=$2
  mkdir -p "$dir/medclust"
  cat >"$dir/medclust/medclust" <<EOF
#!/bin/sh
exec /usr/bin/time -f '%M' -a -o "$dir/rss.log" "$(realpath "$real/medclust/medclust")" "\$@"
EOF
  chmod +x "$dir/medclust/medclust"
}

if [ ! -f "$image" ]; then
  src=$(ls "$data"/images/*.jpg | head -n 1)
  gimp_run "$work/profile-make" "$work" "(let* ((i (car (gimp-file-load RUN-NONINTERACTIVE \"$src\" \"$src\"))))
    (gimp-image-scale i $width $height)
    (file-png-save2 RUN-NONINTERACTIVE i (car (gimp-image-get-active-drawable i)) \"$image\" \"$image\" 0 1 0 0 0 0 0 0 0))" >/dev/null
fi

load="(let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"$image\" \"$image\")))
              (d (car (gimp-image-get-active-drawable img)))) (gimp-image-undo-disable img) OP)"
declare -A ops=(
  [load]="#t"
  [posterize]="(let ((c (car (gimp-layer-copy d FALSE)))) (gimp-image-insert-layer img c 0 -1) (gimp-drawable-posterize c 5))"
  [max-rgb]="(let ((c (car (gimp-layer-copy d FALSE)))) (gimp-image-insert-layer img c 0 -1) (plug-in-max-rgb RUN-NONINTERACTIVE img c 0))"
  [quantize]="(plug-in-medclust-quantize RUN-NONINTERACTIVE img d 5 0 1.0 0 0)"
  [segment]="(plug-in-medclust-segment RUN-NONINTERACTIVE img d 1 0 0 0)"
  [augment]="(plug-in-medclust-augment RUN-NONINTERACTIVE img d \"rotate 90; blur 2\" 1 0)"
)
order="load posterize max-rgb quantize segment augment"

declare -A times
n=0
for p in "$@"; do
  n=$((n + 1))
  wrap_plugins "$p" "$work/wrap-$n"
  gimp_run "$work/profile-$n" "$work/wrap-$n" "(gimp-message \"warm\")" >/dev/null
done
for ((r = 0; r < rounds; r++)); do
  for op in $order; do
    for ((i = 1; i <= n; i++)); do
      [ "$op" = posterize ] || [ "$op" = load ] || [ "$op" = max-rgb ] || : >"$work/wrap-$i/rss.log"
      t=$(gimp_run "$work/profile-$i" "$work/wrap-$i" "${load/OP/${ops[$op]}}")
      times[$op,$i]+="$t "
      if [ "$op" != posterize ] && [ "$op" != load ] && [ "$op" != max-rgb ]; then
        rss=$(sort -n "$work/wrap-$i/rss.log" | tail -n 1)
        times[rss,$op,$i]+="$rss "
      fi
    done
  done
done

median() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
echo "# $(date -u +%FT%TZ) layer ${width}x${height} 8-bit RGB, $rounds rounds, load $(cut -d' ' -f1 /proc/loadavg), $(nproc) cores"
printf '%-10s %-4s %9s %11s %9s %8s %8s\n' operation dir median_s minus_load peak_MB x_poster x_maxrgb
for ((i = 1; i <= n; i++)); do
  base=$(echo "${times[load,$i]}" | median)
  post=$(echo "${times[posterize,$i]}" | median)
  maxrgb=$(echo "${times[max-rgb,$i]}" | median)
  for op in $order; do
    m=$(echo "${times[$op,$i]}" | median)
    rss=-
    [ -z "${times[rss,$op,$i]:-}" ] || rss=$(echo "${times[rss,$op,$i]}" | median | awk '{ printf "%.0f", $1 / 1024 }')
    awk -v op="$op" -v i="$i" -v m="$m" -v b="$base" -v p="$post" -v x="$maxrgb" -v rss="$rss" 'BEGIN {
      d = m - b; pd = p - b; xd = x - b
      printf "%-10s %-4s %9.2f %11.2f %9s %8s %8s\n", op, i, m, d, rss,
        (op == "load" || pd <= 0) ? "-" : sprintf("%.1f", d / pd),
        (op == "load" || xd <= 0) ? "-" : sprintf("%.1f", d / xd) }'
  done
done
