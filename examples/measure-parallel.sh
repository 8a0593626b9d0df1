#!/usr/bin/env bash
# Measures the lesion areas of a folder of images in N headless GIMP workers run by GNU parallel,
# locally or on other machines, then merges their CSV files in file order and draws one chart.
#
#   bash examples/measure-parallel.sh [OPTIONS] INPUT OUT-DIR
#     INPUT              a folder (its *.jpg, *.jpeg, *.png, *.tif, *.tiff files), a glob in quotes,
#                        or @LIST (a text file of paths, one per line)
#     -j N               workers (default: the number of cores)
#     --method M         0 = the course's 2-means, 1 = the skin model (default 1)
#     --joint            fit one colour model on a sample pooled from ALL the files first, then
#                        measure every shard with it (as measure-files' joint = 1 does in one process)
#     --pixel-size-mm X  side of a pixel in mm (default 0 = unknown)
#     --seed S           (default 0)
#     --sshlogin LOGINS  GNU parallel's --sshlogin: run workers on other machines (comma-separated,
#                        e.g. "4/node1,4/node2,:"). They must see INPUT and OUT-DIR at the same paths
#                        (a shared file system) and have GIMP with medclust installed.
#     --gimp CONSOLE     gimp-console-2.10 (the default when present) or gimp-console-3.0
#     --plugin-dir DIR   load medclust from DIR (a folder holding medclust/medclust, e.g. a build
#                        tree's plug-ins-gimp2) instead of the user's installed plug-in
#     --prepare          only write the shards (and the joint model): for a batch system that
#                        runs the workers itself (examples/measure-slurm.sbatch)
#     --merge            only merge OUT-DIR/shards/areas-*.csv and draw the chart (INPUT is
#                        ignored and may be "-")
#     --single           no shards: one measure-files call over all the files in one GIMP
#                        (the reference the shards' merged CSV equals)
#
# Writes in OUT-DIR: shards/shard-NNN.txt (the paths of each worker), shards/areas-NNN.csv (each
# worker's CSV), model.txt (--joint: the fitted model), areas.csv (the merged CSV, one row per file
# in file-name order, exactly as one measure-files call over all the files writes it) and areas.png
# (the chart of the merged CSV). Each GIMP runs with a profile of its own in a temporary folder.
# Needs: GNU parallel (Debian package "parallel"), python3 (the merge), GIMP with medclust.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SELF="$HERE/$(basename "$0")"

die() { echo "measure-parallel: error: $*" >&2; exit 1; }
usage() { sed -n '2,26p' "$SELF" | sed 's/^# \{0,1\}//' >&2; exit 2; }
scm_string() {  # a Script-Fu string literal
  local s=${1//\\/\\\\}
  printf '"%s"' "${s//\"/\\\"}"
}

# run_gimp CONSOLE PLUGIN_DIR EXPRESSION: one headless GIMP with a fresh profile that evaluates
# EXPRESSION; fails when GIMP reports an execution error or EXPRESSION did not finish.
run_gimp() {
  local console=$1 plugin_dir=$2 expr=$3 tmp rc=0
  tmp=$(mktemp -d)
  local gimprc=$tmp/gimprc log=$tmp/log done=$tmp/done
  local sys_dir version
  version=$("$console" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+' | head -n 1)
  if [ "${version%%.*}" = 2 ]; then sys_dir='${gimp_plug_in_dir}/plug-ins'
  else sys_dir='${gimp_plug_in_dir}/plug-ins'; fi
  if [ -n "$plugin_dir" ]; then
    printf '(plug-in-path "%s:%s")\n' "$sys_dir" "$plugin_dir" >"$gimprc"
  else
    printf '(plug-in-path "%s:${gimp_dir}/plug-ins:%s")\n' "$sys_dir" \
      "$HOME/.config/GIMP/$version/plug-ins" >"$gimprc"
  fi
  local q_done
  q_done=$(scm_string "$done")
  local body="(begin $expr (let ((p (open-output-file $q_done))) (write 'done p) (close-output-port p)))"
  local -a args
  if [ "${version%%.*}" = 2 ]; then
    args=(-i -d -f --stack-trace-mode=never "--gimprc=$gimprc" -b "$body" -b '(gimp-quit 0)')
  else
    args=(-i -d --stack-trace-mode=never "--gimprc=$gimprc"
          --batch-interpreter=plug-in-script-fu-eval -b "$body" --quit)
  fi
  env GIMP2_DIRECTORY="$tmp/profile" GIMP3_DIRECTORY="$tmp/profile" XDG_CACHE_HOME="$tmp/cache" \
    DISPLAY= timeout --kill-after=10 "${MEDCLUST_WORKER_TIMEOUT:-86400}" \
    "$console" "${args[@]}" >"$log" 2>&1 || rc=$?
  if [ $rc -ne 0 ] || [ ! -f "$done" ] || grep -q "execution error" "$log"; then
    grep -E "medclust|error|Error" "$log" | head -n 20 >&2
    rm -rf "$tmp"
    return 1
  fi
  rm -rf "$tmp"
}

# ---- Worker mode: called by GNU parallel, once per shard ---------------------------------------
if [ "${1:-}" = --worker ]; then
  # --worker CONSOLE PLUGIN_DIR SHARD_LIST CSV METHOD PIXEL_SIZE SEED MODEL
  shift
  console=$1 plugin_dir=$2 shard=$3 csv=$4 method=$5 px=$6 seed=$7 model=$8
  if [ -n "$model" ]; then
    expr="(plug-in-medclust-measure-files-model RUN-NONINTERACTIVE $(scm_string "@$shard") \
$(scm_string "$model") $px $(scm_string "$csv") \"\")"
  else
    expr="(plug-in-medclust-measure-files RUN-NONINTERACTIVE $(scm_string "@$shard") $method 0 \
$px $(scm_string "$csv") \"\" $seed)"
  fi
  run_gimp "$console" "$plugin_dir" "$expr"
  exit
fi

# ---- Options ----------------------------------------------------------------------------------
jobs=$(nproc) method=1 joint=0 px=0 seed=0 sshlogin="" console="" plugin_dir="" input="" out=""
mode=all
while [ $# -gt 0 ]; do
  case $1 in
    -j) jobs=${2:?}; shift ;;
    --method) method=${2:?}; shift ;;
    --joint) joint=1 ;;
    --pixel-size-mm) px=${2:?}; shift ;;
    --seed) seed=${2:?}; shift ;;
    --sshlogin) sshlogin=${2:?}; shift ;;
    --gimp) console=${2:?}; shift ;;
    --plugin-dir) plugin_dir=$(realpath "${2:?}"); shift ;;
    --prepare) mode=prepare ;;
    --merge) mode=merge ;;
    --single) mode=single ;;
    -h | --help) usage ;;
    -*) echo "unknown option $1" >&2; usage ;;
    *) if [ -z "$input" ]; then input=$1; elif [ -z "$out" ]; then out=$1; else usage; fi ;;
  esac
  shift
done
[ -n "$input" ] && [ -n "$out" ] || usage
[[ $jobs =~ ^[1-9][0-9]*$ ]] || die "-j $jobs: accepted: a whole number of workers >= 1"
[[ $method =~ ^[01]$ ]] || die "--method $method: accepted: 0 or 1"
[ $mode != all ] || command -v parallel >/dev/null ||
  die "GNU parallel is not installed (Debian: apt-get install parallel)"
command -v python3 >/dev/null || die "python3 is needed to merge the CSV files"
if [ -z "$console" ]; then
  for c in gimp-console-2.10 gimp-console-3.0; do
    command -v "$c" >/dev/null && { console=$c; break; }
  done
fi
[ -n "$console" ] || die "no GIMP found (gimp-console-2.10 or gimp-console-3.0); --gimp names one"

mkdir -p "$out/shards"
out=$(realpath "$out")

merge_and_chart() {
  python3 - "$out/areas.csv" "$out"/shards/areas-*.csv <<'PY'
import csv, os, sys
dest, parts = sys.argv[1], sys.argv[2:]
header, rows = None, []
for p in parts:
    with open(p, newline="") as f:
        r = csv.reader(f)
        h = next(r)
        if header is None:
            header = h
        elif h != header:
            sys.exit(f"measure-parallel: error: {p} has another header")
        rows.extend(r)
# One measure-files call sorts by file name, then path; the rows name the file as it was given.
rows.sort(key=lambda row: (os.path.basename(row[0]), row[0]))
def field(s):  # quoted as measure-files quotes: when it holds , ; " or a line break
    return '"' + s.replace('"', '""') + '"' if any(c in s for c in ',;"\r\n') else s
with open(dest, "w", newline="") as f:
    for row in [header] + rows:
        f.write(",".join(field(x) for x in row) + "\n")
PY
  run_gimp "$console" "$plugin_dir" "(plug-in-medclust-chart-csv RUN-NONINTERACTIVE \
$(scm_string "$out/areas.csv") $(scm_string "$out/areas.png"))" ||
    echo "measure-parallel: warning: the chart could not be drawn; the CSV stands" >&2
  echo "measure-parallel: wrote $out/areas.csv ($(($(wc -l <"$out/areas.csv") - 1)) rows) and $out/areas.png"
}
if [ $mode = merge ]; then merge_and_chart; exit; fi

# ---- Shards -----------------------------------------------------------------------------------
rm -f "$out"/shards/shard-*.txt "$out"/shards/areas-*.csv
all=$out/shards/all.txt
python3 - "$input" "$all" <<'PY'
import glob, os, sys
spec, dest = sys.argv[1], sys.argv[2]
if spec.startswith("@"):
    base = os.path.dirname(os.path.abspath(spec[1:]))
    with open(spec[1:]) as f:
        paths = [l.rstrip("\n") for l in f if l.strip()]
    paths = [p if os.path.isabs(p) else os.path.join(base, p) for p in paths]
elif os.path.isdir(spec):
    paths = [os.path.join(spec, n) for n in os.listdir(spec)
             if n.lower().endswith((".jpg", ".jpeg", ".png", ".tif", ".tiff"))]
else:
    paths = glob.glob(spec)
paths = sorted((os.path.abspath(p) for p in paths), key=lambda p: (os.path.basename(p), p))
if not paths:
    sys.exit(f"measure-parallel: error: {spec} matches no file")
with open(dest, "w") as f:
    f.writelines(p + "\n" for p in paths)
PY
n=$(wc -l <"$all")
if [ $mode = single ]; then
  run_gimp "$console" "$plugin_dir" "(plug-in-medclust-measure-files RUN-NONINTERACTIVE \
$(scm_string "@$all") $method $joint $px $(scm_string "$out/areas.csv") \
$(scm_string "$out/areas.png") $seed)" || die "measure-files failed"
  echo "measure-parallel: wrote $out/areas.csv ($n rows) and $out/areas.png in one process"
  exit
fi
(( jobs > n )) && jobs=$n
# Contiguous shards of the sorted list, sizes differing by at most one.
split -d -a 3 -n "l/$jobs" --additional-suffix=.txt "$all" "$out/shards/shard-"
echo "measure-parallel: $n files in $jobs shards, $console, method $method$([ $joint = 1 ] && echo ', joint model')"

# ---- Joint model: fitted once on the pooled sample of every file ----------------------------
model=""
if [ $joint = 1 ]; then
  model=$out/model.txt
  echo "measure-parallel: fitting the joint colour model on all $n files"
  run_gimp "$console" "$plugin_dir" "(plug-in-medclust-fit-joint-model RUN-NONINTERACTIVE \
$(scm_string "@$all") $method $seed $(scm_string "$model"))" || die "fitting the joint model failed"
fi

if [ $mode = prepare ]; then
  echo "measure-parallel: prepared $out/shards/shard-*.txt; run one worker per shard (see examples/measure-slurm.sbatch), then --merge"
  exit
fi

# ---- Workers ----------------------------------------------------------------------------------
# -q: every argument reaches the worker as it is (paths with blanks, an empty plug-in folder).
parallel_args=(-q -j "$jobs" --halt now,fail=1)
[ -n "$sshlogin" ] && parallel_args+=(--sshlogin "$sshlogin")
ls "$out"/shards/shard-*.txt | parallel "${parallel_args[@]}" \
  bash "$SELF" --worker "$console" "$plugin_dir" {} "$out/shards/areas-{#}.csv" "$method" "$px" \
  "$seed" "$model" || die "a worker failed"

merge_and_chart
