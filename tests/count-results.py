#!/usr/bin/env python3
"""Counts test results across meson test logs: each TAP subtest (GTest case) counts once, a test
without TAP counts by its own result (so does each fuzz target of suite fuzz: one corpus replay,
one result). Prints a line per log (build/ holds the unit and GIMP 2.10
tests, build-san/ the sanitizer run, build-gimp3/ the GIMP 3 end-to-end tests), the failures,
then 'N passed, N failed, N skipped' over all of them last. A missing log counts as one failure
(that build's tests did not run). --fuzz LOG counts the libFuzzer run of tests/fuzz/run-fuzz.sh
as one test ("FUZZ ok" in its log). Exits 1 when anything failed or no test ran."""
import json
import re
import sys


def count_test(t, where, totals):
    out = t.get("stdout") or ""
    tap = [l for l in out.splitlines() if re.match(r"^(not )?ok \d+", l)]
    if tap:
        for l in tap:
            if l.startswith("not ok") and "# TODO" not in l:
                totals["failed"] += 1
                print(f"FAILED {where}: {t['name']}: {l}")
            elif "# SKIP" in l:
                totals["skipped"] += 1
            else:
                totals["passed"] += 1
        if t["result"] not in ("OK", "SKIP", "EXPECTEDFAIL") and not any(l.startswith("not ok") for l in tap):
            totals["failed"] += 1
            print(f"FAILED {where}: {t['name']}: {t['result']} (after its subtests)")
    else:
        r = t["result"]
        if r == "OK":
            totals["passed"] += 1
        elif r == "SKIP":
            totals["skipped"] += 1
        else:
            totals["failed"] += 1
            print(f"FAILED {where}: {t['name']}: {r}")


def count(path, totals):
    where = path.split('/')[0]
    try:
        lines = open(path).read().splitlines()
    except OSError:
        print(f"{path}: missing (that build's tests did not run)")
        totals["failed"] += 1
        return
    mine = {"passed": 0, "failed": 0, "skipped": 0}
    for line in lines:
        if line.strip():
            count_test(json.loads(line), where, mine)
    print(f"{where}: {mine['passed']} passed, {mine['failed']} failed, {mine['skipped']} skipped")
    for k in totals:
        totals[k] += mine[k]


def main():
    args = sys.argv[1:]
    totals = {"passed": 0, "failed": 0, "skipped": 0}
    fuzz = None
    if "--fuzz" in args:
        i = args.index("--fuzz")
        fuzz = args[i + 1]
        del args[i:i + 2]
    for p in args:
        count(p, totals)
    if fuzz:
        ok = "FUZZ ok" in open(fuzz).read()
        totals["passed" if ok else "failed"] += 1
    print(f"{totals['passed']} passed, {totals['failed']} failed, {totals['skipped']} skipped")
    sys.exit(0 if totals["failed"] == 0 and totals["passed"] > 0 else 1)


main()
