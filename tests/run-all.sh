#!/usr/bin/env bash
# The test command of the README: installs what is missing, builds, runs the unit tests and the
# GIMP end-to-end tests, then the unit tests again under AddressSanitizer and UBSan, then a short
# fuzz run of the recipe parser. The last line is "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
bash .ci/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }

status=0
step() { echo; echo "=== $*"; }

step "build (debugoptimized, -Wall -Wextra)"
if [ -d build/meson-private ]; then meson setup --reconfigure build >/dev/null || status=1
else meson setup build >/dev/null || status=1; fi
ninja -C build || status=1

step "unit and end-to-end tests"
meson test -C build --print-errorlogs --num-processes 1 || status=1

step "unit tests under AddressSanitizer and UBSan"
if [ -d build-san/meson-private ]; then meson setup --reconfigure build-san -Db_sanitize=address,undefined -Db_lundef=false -De2e=false >/dev/null || status=1
else meson setup build-san -Db_sanitize=address,undefined -Db_lundef=false -De2e=false >/dev/null || status=1; fi
ninja -C build-san || status=1
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
  meson test -C build-san --suite unit --print-errorlogs || status=1

fuzz_log=""
if [ -x tests/fuzz/run-fuzz.sh ] || [ -f tests/fuzz/run-fuzz.sh ]; then
  step "fuzzing the recipe parser (short run)"
  fuzz_log=$(mktemp)
  if bash tests/fuzz/run-fuzz.sh 20 >"$fuzz_log" 2>&1; then echo "fuzz: ok"; echo "FUZZ ok" >>"$fuzz_log"
  else tail -30 "$fuzz_log"; echo "FUZZ failed" >>"$fuzz_log"; status=1; fi
fi

step "summary"
/usr/bin/python3 tests/count-results.py build/meson-logs/testlog.json build-san/meson-logs/testlog.json ${fuzz_log:+--fuzz "$fuzz_log"}
rc=$?
[ $rc -ne 0 ] && status=1
exit $status
