#!/usr/bin/env bash
# Regenerates constraints.txt: resolves pyproject.toml's dependencies with every extra afresh
# in a scratch venv (the newest versions pyproject.toml allows) and writes down each version
# installed. setup.sh installs through it, so CI turns red only when this file changes.
set -euo pipefail
cd "$(dirname "$0")/.."

# The lowest Python the program supports: a newer one could pick versions that dropped 3.11.
python="${PYTHON:-$(command -v python3.11 || command -v python3)}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$python" -m venv "$tmp/venv"
# No constraint of any kind may hold the new resolve back, not even a machine-wide one.
export PIP_CONSTRAINT=""
"$tmp/venv/bin/python" -m pip install -q --upgrade pip
"$tmp/venv/bin/python" -m pip install -q ".[test,postgres,build]"

{
  echo "# Every package gojokai_desktop installs, at the version CI tested (pip's constraints"
  echo "# format). Made by scripts/lock.sh with $("$tmp/venv/bin/python" --version) on $(date +%Y-%m-%d)."
  echo "# To upgrade, see the README, \"Upgrading pinned versions\"."
  "$tmp/venv/bin/python" -m pip freeze --all --exclude-editable \
    --exclude gojokai-desktop --exclude setuptools --exclude wheel
} >constraints.txt
echo "constraints.txt: $(grep -c '==' constraints.txt) packages pinned"
