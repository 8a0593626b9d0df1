#!/usr/bin/env bash
# test_measure_parallel.sh: examples/measure-parallel.sh with 2 local workers (GNU parallel) gives
# the very CSV that one measure-files call over the same files gives, per image and in joint mode
# (the joint model fitted once on all files, then every shard measured with it), and draws one
# chart from the merged CSV. Prints TAP. Uses the first 8 dev images of ../shared/data/dermoscopy
# (skips when they are absent) and a cut copy of one, which must get its error row everywhere.
# Environment (set by meson): MEDCLUST_GIMP (the console), MEDCLUST_PLUGIN_DIR, MEDCLUST_E2E_DATA.
# Skips when GNU parallel or python3 is missing.
set -u
here=$(cd "$(dirname "$0")" && pwd)
script=$here/../../examples/measure-parallel.sh
gimp=${MEDCLUST_GIMP:-gimp-console-2.10}
plugins=${MEDCLUST_PLUGIN_DIR:?MEDCLUST_PLUGIN_DIR, the plug-ins folder of the build}
data=${MEDCLUST_E2E_DATA:-$here/../../../shared/data/dermoscopy}

if ! command -v parallel >/dev/null || ! command -v python3 >/dev/null; then
  echo "1..0 # SKIP GNU parallel or python3 is not installed"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
if [ ! -d "$data/images" ]; then
  echo "1..0 # SKIP the dev images are absent ($data/images)"
  exit 0
fi
ls "$data/images"/*.jpg | head -n 8 | while read -r f; do ln -s "$f" "$work/in/"; done
source="the first 8 dev images"
# A damaged file among them: it gets its error row in every run and no part in the joint fit.
head -c 3000 "$(ls "$work/in"/* | head -n 1)" >"$work/in/zz_damaged.jpg"
echo "# inputs: $source and a cut JPEG"

n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

# One measure-files call, through the script's own GIMP runner (a fresh profile).
single() {  # single JOINT METHOD
  bash "$script" --single "$work/in/*" "$work/single-$1" --gimp "$gimp" \
    --plugin-dir "$plugins" --method "$2" $([ "$1" = 1 ] && echo --joint) >"$work/single-$1.log" 2>&1
}

for joint in 0 1; do
  # Each image alone with the skin model; the joint model with the course's method (its centres).
  method=$((1 - joint))
  mode=$([ $joint = 1 ] && echo "joint model, method 0" || echo "each image alone, method 1")
  args=(-j 2 --gimp "$gimp" --plugin-dir "$plugins" --method $method)
  [ $joint = 1 ] && args+=(--joint)
  if bash "$script" "${args[@]}" "$work/in" "$work/par-$joint" >"$work/par-$joint.log" 2>&1; then
    ok "2 workers, $mode: the script ends well"
  else
    not_ok "2 workers, $mode: the script ends well"; sed 's/^/# /' "$work/par-$joint.log"
  fi
  check "2 workers, $mode: two shards of 4 and 5 files" \
    "[ \$(ls '$work/par-$joint/shards'/shard-*.txt | wc -l) = 2 ] && [ \$(cat '$work/par-$joint/shards'/shard-*.txt | wc -l) = 9 ]"
  check "2 workers, $mode: a chart of the merged CSV" "[ -s '$work/par-$joint/areas.png' ]"
  if single $joint $method; then ok "one process, $mode: measure-files ends well"
  else not_ok "one process, $mode: measure-files ends well"; sed 's/^/# /' "$work/single-$joint.log"; fi
  if cmp -s "$work/par-$joint/areas.csv" "$work/single-$joint/areas.csv"; then
    ok "2 workers, $mode: the merged CSV equals the single run's, byte for byte"
  else
    not_ok "2 workers, $mode: the merged CSV equals the single run's, byte for byte"
    diff "$work/par-$joint/areas.csv" "$work/single-$joint/areas.csv" | head -n 20 | sed 's/^/# /'
  fi
  check "2 workers, $mode: 9 rows, the cut JPEG an error row" \
    "[ \$(tail -n +2 '$work/par-$joint/areas.csv' | wc -l) = 9 ] && grep -q '^zz_damaged.jpg,.*error: damaged' '$work/par-$joint/areas.csv'"
done
echo "1..$n"
exit $((failed > 0))
