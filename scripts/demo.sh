#!/usr/bin/env bash
# Installs everything (see setup.sh) and starts the program on a demo database (created once).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/gojokai-desktop --demo "$@"
