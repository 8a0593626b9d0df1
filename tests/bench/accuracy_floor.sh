#!/bin/bash
# accuracy_floor.sh BENCH SOURCE_DIR: method 1 on the real data sets through medclust-bench, with
# floors that a regression of the method would break (the course's method scores about 0.55):
#   clinical set (60 images)             mean Jaccard >= 0.83
#   its 28 ISIC 2017 validation images   mean Jaccard >= 0.80
#   dev set (26 images)                  mean Jaccard >= 0.845
#   every image below Jaccard 0.5 carries a warning (flags != 0)
# Skips (exit 77) with a message when the data sets are absent. TAP output.
bench=$1
data=${MEDCLUST_DATA_ROOT:-$2/../shared/data}
clinical=$data/dermoscopy-clinical dev=$data/dermoscopy
if [ ! -d "$clinical/images" ] || [ ! -d "$dev/images" ]; then
  echo "1..0 # SKIP the real data sets are not at $data (set MEDCLUST_DATA_ROOT)"
  exit 77
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$bench" segment --method 1 --repeat 1 --masks "$clinical/masks" "$clinical"/images/* >"$out/clinical" || exit 1
"$bench" segment --method 1 --repeat 1 --masks "$dev/masks" "$dev"/images/* >"$out/dev" || exit 1
validation=$(grep isic2017_validation "$clinical/manifest.csv" | cut -d, -f1 | tr '\n' ' ')

# mean FILE [IDS]: mean Jaccard of the rows (of the listed images only, when given)
mean () {
  awk -v ids="$2" 'BEGIN { n = split(ids, a, " "); for (i = 1; i <= n; i++) want[a[i]] = 1 }
    $2 ~ /^[0-9]+x[0-9]+$/ && (ids == "" || $1 in want) { s += $3; c++ }
    END { if (c) printf "%.4f %d\n", s / c, c; else print "0 0" }' "$1"
}
# silent FILE: the images below Jaccard 0.5 without a warning
silent () { awk '$2 ~ /^[0-9]+x[0-9]+$/ && $3 < 0.5 && $9 == 0 { printf "%s ", $1 }' "$1"; }

echo "1..4"
n=0
check () { # check DESCRIPTION CONDITION
  n=$((n + 1))
  if awk "BEGIN { exit !($2) }"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi
}
read -r m c <<<"$(mean "$out/clinical")"
check "clinical set: mean Jaccard $m over $c images >= 0.83" "$m >= 0.83 && $c == 60"
read -r m c <<<"$(mean "$out/clinical" "$validation")"
check "ISIC 2017 validation images: mean Jaccard $m over $c images >= 0.80" "$m >= 0.80 && $c == 28"
read -r m c <<<"$(mean "$out/dev")"
check "dev set: mean Jaccard $m over $c images >= 0.845" "$m >= 0.845 && $c == 26"
s="$(silent "$out/clinical")$(silent "$out/dev")"
check "no image below Jaccard 0.5 without a warning (${s:-none})" "\"$s\" == \"\""
