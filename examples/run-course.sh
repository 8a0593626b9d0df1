#!/usr/bin/env bash
# Runs the course on the example images through GIMP in batch mode: installs what is missing,
# builds medclust, then writes every output under examples/out/ (or the folder given).
#   bash examples/run-course.sh [--synthetic] [OUT-DIR]
# Images: the 600x450 dermoscopy images of ../shared/data/dermoscopy when that folder exists,
# otherwise synthetic moles drawn by medclust-make-examples (their true areas in truth.csv).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SYNTHETIC=0
if [ "${1:-}" = "--synthetic" ]; then SYNTHETIC=1; shift; fi
OUT=$(realpath -m "${1:-examples/out}")
bash .ci/install-deps.sh
[ -d build/meson-private ] || meson setup build >/dev/null
ninja -C build >/dev/null
mkdir -p "$OUT"

DATA="$ROOT/../shared/data/dermoscopy"
images=()
if [ -d "$DATA/images" ] && [ $SYNTHETIC = 0 ]; then
  # The 600x450 images (HAM10000), as in the course.
  while IFS=, read -r id _src w h _rest; do
    [ "$w" = 600 ] && [ "$h" = 450 ] && images+=("$DATA/images/$id.jpg")
  done < <(tail -n +2 "$DATA/manifest.csv")
  pattern="$DATA/images/ISIC_002*.jpg"
  masks="$DATA/masks"
  echo "Using ${#images[@]} real dermoscopy images from $DATA"
else
  build/examples/medclust-make-examples "$OUT/input"
  images=("$OUT"/input/synthetic_*.png)
  pattern="$OUT/input/synthetic_*.png"
  masks="$OUT/input/masks"
  echo "Using synthetic example images in $OUT/input"
fi

list=""
for f in "${images[@]}"; do list="$list \"$f\""; done
profile=$(mktemp -d)
gimprc="$profile/gimprc"
echo "(plug-in-path \"$(pkg-config --variable=gimplibdir gimp-2.0)/plug-ins:$ROOT/build/plug-ins\")" > "$gimprc"
GIMP2_DIRECTORY="$profile/profile" XDG_CACHE_HOME="$profile/cache" \
  timeout 900 gimp-console-2.10 -i -d --stack-trace-mode=never --gimprc="$gimprc" \
  -b "(begin (load \"$ROOT/examples/course.scm\") (medclust-course (list $list) \"$pattern\" \"$masks\" \"$OUT\"))" \
  -b '(gimp-quit 0)' 2>&1 | grep -v "^$" | tee "$profile/log"
failed=0
grep -q "execution error" "$profile/log" && failed=1
rm -rf "$profile"
if [ $failed = 1 ]; then echo "The course run failed (see the messages above)." >&2; exit 1; fi
echo "Outputs written to $OUT:"
ls "$OUT"
