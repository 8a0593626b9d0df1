#!/usr/bin/env bash
# The test command of the README: installs what is missing, builds, runs the unit tests and the
# GIMP 2.10 end-to-end tests (and suite fuzz: every fuzz target replays its corpus and seeded
# mutations of it), then the unit and fuzz suites again under AddressSanitizer and UBSan, then a
# short libFuzzer run of the recipe parser (clang), then the end-to-end tests against GIMP 3:
# natively when this machine has GIMP 3 (gimp-console-3.0 and pkg-config gimp-3.0), else in a
# Debian 13 system in a folder (tests/gimp3-root.sh: made once with debootstrap, needs root). A
# failing step marks the run failed and the later steps still run. The last line is "N passed,
# N failed[, N skipped]" over every host.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
bash .ci/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }

status=0
step() { echo; echo "=== $*"; }
gimp_version() { "$1" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n 1; }

# GIMP 2.10 is built in build/ (with the unit tests), GIMP 3 always in build-gimp3/.
hosts2=none
pkg-config --exists gimp-2.0 && hosts2=2
gimp2_found="no GIMP 2.10"
[ "$hosts2" = 2 ] && gimp2_found="GIMP $(gimp_version gimp-console-2.10) (native)"

step "build (debugoptimized, -Wall -Wextra; GIMP 2.10 front end: $([ "$hosts2" = 2 ] && echo yes || echo no))"
if [ -d build/meson-private ]; then meson setup --reconfigure build -Dhosts=$hosts2 >/dev/null || status=1
else meson setup build -Dhosts=$hosts2 >/dev/null || status=1; fi
ninja -C build || status=1

step "unit and GIMP 2.10 end-to-end tests"
meson test -C build --print-errorlogs --num-processes 1 || status=1

step "unit and fuzz tests under AddressSanitizer and UBSan"
if [ -d build-san/meson-private ]; then meson setup --reconfigure build-san -Db_sanitize=address,undefined -Db_lundef=false -De2e=false >/dev/null || status=1
else meson setup build-san -Db_sanitize=address,undefined -Db_lundef=false -De2e=false >/dev/null || status=1; fi
ninja -C build-san || status=1
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
  meson test -C build-san --suite unit --suite fuzz --print-errorlogs || status=1

fuzz_log=""
if [ -x tests/fuzz/run-fuzz.sh ] || [ -f tests/fuzz/run-fuzz.sh ]; then
  step "fuzzing the recipe parser with libFuzzer (short run)"
  fuzz_log=$(mktemp)
  if bash tests/fuzz/run-fuzz.sh 20 >"$fuzz_log" 2>&1; then echo "fuzz: ok"; echo "FUZZ ok" >>"$fuzz_log"
  else tail -30 "$fuzz_log"; echo "FUZZ failed" >>"$fuzz_log"; status=1; fi
fi

# ---- GIMP 3 --------------------------------------------------------------------------------
# The same end-to-end tests (suite e2e of a -Dhosts=3 build). A stale test log must not count.
rm -f build-gimp3/meson-logs/testlog.json
gimp3_found="no GIMP 3"
gimp3_setup='if [ -d build-gimp3/meson-private ]; then meson setup --reconfigure build-gimp3 -Dhosts=3 >/dev/null;
  else meson setup build-gimp3 -Dhosts=3 >/dev/null; fi && ninja -C build-gimp3 &&
  meson test -C build-gimp3 --suite e2e --print-errorlogs --num-processes 1'
if command -v gimp-console-3.0 >/dev/null 2>&1 && pkg-config --exists gimp-3.0; then
  gimp3_found="GIMP $(gimp_version gimp-console-3.0) (native)"
  step "GIMP 3 end-to-end tests: $gimp3_found, in build-gimp3"
  bash -c "$gimp3_setup" || status=1
elif [ -f tests/gimp3-root.sh ]; then
  # A Debian 12 machine (no GIMP 3 package): the Debian 13 root. It sees this repository at /src
  # and the data folder beside it (../shared) at /shared, where the tests look for it.
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  step "GIMP 3 end-to-end tests in a Debian 13 root (tests/gimp3-root.sh; the first run makes it: minutes)"
  v3=$($sudo bash tests/gimp3-root.sh run 'gimp-console-3.0 --version' | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n 1)
  if [ -n "$v3" ]; then
    gimp3_found="GIMP $v3 (Debian 13 chroot)"
    $sudo bash tests/gimp3-root.sh run "$gimp3_setup" || status=1
  else
    echo "medclust: could not make or enter the Debian 13 root with GIMP 3 (root rights and the package mirror are needed)"
    status=1
  fi
else
  echo "medclust: GIMP 3 is not installed and tests/gimp3-root.sh is missing: the GIMP 3 tests did not run"
  status=1
fi

step "summary"
echo "medclust: testing with $gimp2_found and $gimp3_found"
/usr/bin/python3 tests/count-results.py build/meson-logs/testlog.json build-san/meson-logs/testlog.json \
  build-gimp3/meson-logs/testlog.json ${fuzz_log:+--fuzz "$fuzz_log"}
rc=$?
[ $rc -ne 0 ] && status=1
exit $status
