#!/bin/sh
# run-fuzz.sh: builds the libFuzzer targets with clang in a build folder of their own and runs
# each target named (default: recipe, what CI runs) for SECONDS (default 20) with its seed corpus
# (tests/fuzz/corpus/<target>, read only) and its dictionary (tests/fuzz/<target>.dict) when there
# is one. What the fuzzer finds new goes to BUILD_DIR/fuzz-corpus/<target>; a crash leaves its
# input as BUILD_DIR/crash-* and makes the script exit non-zero after the other targets ran.
# Targets: recipe kmeans segment augment decode-jpeg decode-png (the decode ones once
# plugin/decode.c exists).
# Usage: tests/fuzz/run-fuzz.sh [SECONDS] [BUILD_DIR] [TARGET...]
#        (BUILD_DIR default: $TMPDIR/medclust-fuzz; extra libFuzzer flags in FUZZ_FLAGS)
set -eu
seconds=${1:-20}
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
build_dir=${2:-${TMPDIR:-/tmp}/medclust-fuzz}
[ $# -ge 2 ] && shift 2 || shift $#
targets=${*:-recipe}

if [ ! -f "$build_dir/build.ninja" ]; then
  # The plug-in is not needed (and needs no clang build); the fuzzers compile their own copy of
  # the code they cover.
  CC=clang meson setup "$build_dir" "$source_dir" -Dfuzz=true -Dhosts=none \
    -Dbuildtype=debugoptimized >"$build_dir.setup.log" 2>&1 ||
    { cat "$build_dir.setup.log"; exit 1; }
fi
for t in $targets; do ninja -C "$build_dir" "tests/fuzz/fuzz-$t"; done

status=0
cd "$build_dir"
for t in $targets; do
  corpus="$build_dir/fuzz-corpus/$t"
  mkdir -p "$corpus"
  dict=""
  [ -f "$source_dir/tests/fuzz/$t.dict" ] && dict="-dict=$source_dir/tests/fuzz/$t.dict"
  echo "=== fuzz-$t for $seconds s"
  # shellcheck disable=SC2086 # $dict and $FUZZ_FLAGS are lists of flags
  ./tests/fuzz/fuzz-"$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 $dict ${FUZZ_FLAGS:-} "$corpus" "$source_dir/tests/fuzz/corpus/$t" ||
    status=1
done
exit $status
