#!/usr/bin/env bash
# Installs the Debian 12 packages medclust needs to build, run and test (run as root, or it uses
# sudo). With CI=true, or when a package is missing, it runs apt-get update and apt-get install.
# debootstrap makes the Debian 13 system in which tests/gimp3-root.sh builds and tests the GIMP 3
# front end (Debian 12 has no GIMP 3).
set -euo pipefail
PACKAGES=(
  gimp libgimp2.0-dev meson ninja-build pkg-config gcc clang python3
  libjpeg-dev libpng-dev parallel
  xvfb xdotool x11-apps imagemagick gtk2-engines-pixbuf
  debootstrap
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${CI:-}" = "true" ] || [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "medclust: installing ${missing[*]:-(CI: all packages)}" >&2
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${PACKAGES[@]}"
fi
