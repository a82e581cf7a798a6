#!/usr/bin/env bash
# CI: the integration tests on a real PostgreSQL. Installs Debian's postgresql when it is
# missing (as root, waiting for apt like setup.sh), starts a throwaway cluster in a temporary
# folder on 127.0.0.1 as a user other than root (PostgreSQL refuses to run as root), runs
# `pytest tests/integration` with GOJOKAI_TEST_POSTGRES_URL pointing at it, and stops and
# removes the cluster however the run ends. Arguments, if any, replace `tests/integration`.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "PostgreSQL is not installed (apt-get install postgresql as root)" >&2
    exit 1
  fi
  # shellcheck source=scripts/apt_get.sh
  source scripts/apt_get.sh
  echo "== installing Debian package: postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt_get update -qq
  apt_get install -y -qq --no-install-recommends postgresql >/dev/null
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

# The cluster runs as the invoking user, or as `postgres` (made by the Debian package) when
# that is root.
run_as=()
owner=$(id -un)
if [ "$(id -u)" = "0" ]; then
  owner=postgres
  id "$owner" >/dev/null 2>&1 || useradd --system --no-create-home "$owner"
  run_as=(runuser -u "$owner" --)
fi

cluster=$(mktemp -d "${TMPDIR:-/tmp}/gojokai-pg.XXXXXX")
chown "$owner" "$cluster"
chmod 700 "$cluster"
port=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
  "${run_as[@]}" "$bin/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$cluster"
}
trap stop EXIT

echo "== PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($cluster)"
"${run_as[@]}" "$bin/initdb" -D "$cluster/data" -U gojokai --auth=trust -E UTF8 \
  --locale=C.UTF-8 >"$cluster/initdb.log"
# A throwaway cluster: durability off makes the per-test databases quick to make.
"${run_as[@]}" "$bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -o \
  "-h 127.0.0.1 -p $port -k $cluster -c fsync=off -c synchronous_commit=off \
   -c full_page_writes=off -c max_connections=200" start >/dev/null

export GOJOKAI_TEST_POSTGRES_URL="postgresql+psycopg://gojokai@127.0.0.1:$port/postgres"
export QT_QPA_PLATFORM=offscreen
started=$SECONDS
.venv/bin/python -m pytest -q "${@:-tests/integration}"
echo "== integration tests on PostgreSQL took $((SECONDS - started)) s"
