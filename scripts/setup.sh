#!/usr/bin/env bash
# Installs what gojokai_desktop needs on a Debian/Ubuntu machine: system libraries for Qt,
# a Japanese font and poppler (as root, when apt-get is there), then a virtual environment
# in .venv with the program and, with --test, its test tools.
set -euo pipefail
cd "$(dirname "$0")/.."

extra=""
[ "${1:-}" = "--test" ] && extra="[test]"

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  packages="fonts-ipaexfont poppler-utils libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0
    libfontconfig1 libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0
    libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
    libnss3 libxcomposite1 libxdamage1 libxrandr2 libxtst6 libxi6 libasound2"
  missing=""
  for p in $packages; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
  if [ -n "$missing" ]; then
    echo "== installing Debian packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".${extra}"
