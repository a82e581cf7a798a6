#!/usr/bin/env bash
# Installs what gojokai_desktop needs on a Debian/Ubuntu machine: system libraries for Qt,
# a Japanese font and poppler (as root, when apt-get is there), then a virtual environment
# in .venv with the program and, with --test, its test tools, at the versions pinned in
# constraints.txt. A second run installs nothing unless pyproject.toml or constraints.txt
# changed, or .venv is broken; another apt-get or dpkg at work is waited for.
set -euo pipefail
cd "$(dirname "$0")/.."

# --test: the test tools, and the PostgreSQL driver the tests use when a server is given.
extra=""
[ "${1:-}" = "--test" ] && extra="test,postgres"

# apt_get: apt-get that waits while another apt-get or dpkg holds its lock.
# shellcheck source=scripts/apt_get.sh
source scripts/apt_get.sh

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
    apt_get update -qq
    # shellcheck disable=SC2086
    apt_get install -y -qq --no-install-recommends $missing >/dev/null
  fi
fi

# The stamp holds what .venv was last installed from: a hash of pyproject.toml and
# constraints.txt, and the extras. It is written only after a whole install succeeded.
stamp=.venv/gojokai-installed
hash=$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)
had_hash=""
had_extra=""
if [ -f "$stamp" ]; then read -r had_hash had_extra <"$stamp" || true; fi

if [ "$had_hash" = "$hash" ] && { [ -z "$extra" ] || [ "$had_extra" = "$extra" ]; } \
  && [ -x .venv/bin/python ] && .venv/bin/python scripts/venv_ok.py ${extra//,/ }; then
  echo "== .venv is up to date (pyproject.toml and constraints.txt unchanged)"
  exit 0
fi

# A venv whose Python no longer runs (moved, or its base Python removed) is made anew.
if ! .venv/bin/python -c "" >/dev/null 2>&1; then
  python3 -m venv --clear .venv
fi
rm -f "$stamp"
# Keep the test tools of an earlier --test run, so demo.sh and test.sh do not take turns.
case "$had_extra" in test*) extra="test,postgres" ;; esac
echo "== installing into .venv (pip, with constraints.txt)"
.venv/bin/python -m pip install -q -c constraints.txt pip
.venv/bin/python -m pip install -q -c constraints.txt -e ".${extra:+[$extra]}"
echo "$hash $extra" >"$stamp"
