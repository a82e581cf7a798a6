#!/usr/bin/env bash
# Linux build of the PyInstaller folder (dist/gojokai), and a smoke test of the frozen CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/pip install -q -c constraints.txt -e ".[build]"
.venv/bin/pyinstaller installer/gojokai.spec --noconfirm --log-level WARN
tmp=$(mktemp -d)
GOJOKAI_DATA_DIR="$tmp" dist/gojokai/gojokai demo --size S --db "$tmp/demo.sqlite3"
GOJOKAI_DATA_DIR="$tmp" dist/gojokai/gojokai check --db "$tmp/demo.sqlite3"
echo "built: dist/gojokai"
