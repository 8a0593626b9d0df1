#!/bin/sh
# run-fuzz.sh: builds the libFuzzer targets with clang in a build folder of their own and runs
# the recipe fuzzer for SECONDS (default 20, what CI uses). Exits non-zero when the fuzzer finds
# a crash; the input that caused it is left in the build folder (crash-*).
# Usage: tests/fuzz/run-fuzz.sh [SECONDS] [BUILD_DIR]   (BUILD_DIR default: $TMPDIR/medclust-fuzz)
set -eu
seconds=${1:-20}
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
build_dir=${2:-${TMPDIR:-/tmp}/medclust-fuzz}

if [ ! -f "$build_dir/build.ninja" ]; then
  # The plug-in is not needed (and needs no clang build); the fuzzer compiles its own copy of
  # the core sources it covers.
  CC=clang meson setup "$build_dir" "$source_dir" -Dfuzz=true -Dplugin=disabled \
    -Dbuildtype=debugoptimized >"$build_dir.setup.log" 2>&1 ||
    { cat "$build_dir.setup.log"; exit 1; }
fi
ninja -C "$build_dir" tests/fuzz/fuzz-recipe

# A seed corpus of valid recipes and a dictionary of the language's words help the fuzzer reach
# deep into the grammar within seconds.
corpus="$build_dir/fuzz-corpus/recipe"
mkdir -p "$corpus"
i=0
for recipe in 'rotate 90; flip h; flip v; blur 2' \
              'rotate -30..30 + flip h + blur 0..2' \
              'mix "Layer 2" 0.2..0.5 + erase 0.05..0.15' \
              'brightness -0.1 + contrast 1.2 + saturation 0 + hue 360' \
              'mix Background 1; rotate 17.3 + blur 1.2'; do
  printf '%s' "$recipe" >"$corpus/seed-$i"
  i=$((i + 1))
done
dict="$build_dir/fuzz-corpus/recipe.dict"
cat >"$dict" <<'DICT'
"rotate"
"flip"
"blur"
"brightness"
"contrast"
"saturation"
"hue"
"erase"
"mix"
" h"
" v"
".."
";"
" + "
"\""
"\\\""
"-360"
"0.5"
DICT

cd "$build_dir"
./tests/fuzz/fuzz-recipe -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -dict="$dict" -print_final_stats=1 "$corpus"
