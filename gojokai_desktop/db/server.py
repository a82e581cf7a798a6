"""The PostgreSQL server's side of keeping data safe: pg_dump backups, pg_restore, and the
advisory lock under which one PC migrates while the others wait.

``pg_dump`` and ``pg_restore`` are PostgreSQL's own client programs (custom format, ``-Fc``:
compressed, restorable table by table). They are found on ``PATH``, in the folder named by
``GOJOKAI_PG_BIN`` or by ``pg_bin`` in the PC's ``settings.toml`` (data folder), or in the
usual install folders (``/usr/lib/postgresql/*/bin``, ``C:\\Program Files\\PostgreSQL\\*\\bin``).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy.engine import URL, make_url

from gojokai_desktop import paths
from gojokai_desktop.db.backup import BackupName, backups_to_thin
from gojokai_desktop.db.timeouts import CONNECT_TIMEOUT
from gojokai_desktop.domain.errors import DatabaseProblem

log = logging.getLogger(__name__)

PG_BIN_ENV = "GOJOKAI_PG_BIN"
SETTINGS_FILE = "settings.toml"
DUMP_SUFFIX = ".pgdump"
# One number for "the schema is being migrated" (ASCII of "gojo"); every PC uses the same.
MIGRATION_LOCK_KEY = 0x676F6A6F
# How long a PC waits for another PC's migration before giving up (seconds).
MIGRATION_WAIT = 900
# A dump or restore of a city-scale centre takes well under a minute; give room for a slow
# server before calling it stuck.
TOOL_TIMEOUT = 3600


class ServerToolError(DatabaseProblem):
    """pg_dump / pg_restore is missing or failed; the message says which and why."""

    def __init__(self, message: str) -> None:
        super().__init__(message, retry_safe=False)


def _settings_bin() -> Path | None:
    settings = paths.data_dir() / SETTINGS_FILE
    if not settings.is_file():
        return None
    try:
        value = tomllib.loads(settings.read_text(encoding="utf-8")).get("pg_bin")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        log.warning("could not read %s", settings, exc_info=True)
        return None
    return Path(value) if isinstance(value, str) and value else None


def _install_dirs() -> list[Path]:
    if sys.platform == "win32":
        base = Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "PostgreSQL"
    else:
        base = Path("/usr/lib/postgresql")
    found = [p / "bin" for p in base.glob("*") if (p / "bin").is_dir()]

    def version(path: Path) -> float:
        try:
            return float(path.parent.name)
        except ValueError:
            return 0.0

    return sorted(found, key=version, reverse=True)


def find_tool(name: str) -> Path:
    """``pg_dump`` or ``pg_restore``: the named folder first, then PATH, then install folders."""
    exe = name + (".exe" if sys.platform == "win32" else "")
    named = [Path(p) for p in (os.environ.get(PG_BIN_ENV), _settings_bin()) if p]
    for folder in named:
        if (folder / exe).is_file():
            return folder / exe
    on_path = shutil.which(name)
    if on_path:
        return Path(on_path)
    for folder in _install_dirs():
        if (folder / exe).is_file():
            return folder / exe
    raise ServerToolError(
        f"{name} が見つかりません。PostgreSQLのクライアント（{name}）を入れるか、"
        f'データフォルダの {SETTINGS_FILE} に pg_bin = "{name}のあるフォルダ" と書いてください'
        f"（環境変数 {PG_BIN_ENV} でも指定できます）。"
    )


def _conninfo(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection string for the tools, and the password for their environment."""
    parts = {"host": url.host, "port": url.port, "user": url.username, "dbname": url.database}
    parts.update({k: v for k, v in url.query.items() if isinstance(v, str)})
    parts["connect_timeout"] = str(CONNECT_TIMEOUT)

    def quoted(value: object) -> str:
        return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"

    conninfo = " ".join(f"{k}={quoted(v)}" for k, v in parts.items() if v not in (None, ""))
    env = {"PGPASSWORD": url.password} if url.password else {}
    return conninfo, {str(k): str(v) for k, v in env.items()}


def _run(args: list[str], extra_env: dict[str, str], what: str) -> None:
    env = {**os.environ, **extra_env}
    try:
        done = subprocess.run(
            args, env=env, capture_output=True, text=True, timeout=TOOL_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ServerToolError(f"{what}を実行できませんでした（{exc}）。") from exc
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        log.error("%s failed (%s): %s", args[0], done.returncode, done.stderr)
        shown = " / ".join(detail[-3:]) if detail else f"終了コード {done.returncode}"
        raise ServerToolError(f"{what}に失敗しました: {shown}")


def dump_name(url: str, reason: str, now: dt.datetime | None = None) -> str:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")  # noqa: DTZ005 - local clock for file names
    return f"{make_url(url).database}-{stamp}-{reason}{DUMP_SUFFIX}"


def pg_dump(url: str, target: Path) -> Path:
    """A custom-format dump of the database at ``url`` into ``target`` (written whole or not
    at all: the file gets its name only when pg_dump has finished)."""
    tool = find_tool("pg_dump")
    conninfo, env = _conninfo(make_url(url))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    try:
        _run([str(tool), "--format=custom", "--file", str(partial), "--dbname", conninfo],
             env, "サーバーのバックアップ（pg_dump）")  # fmt: skip
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    log.info("server backup written to %s", target)
    return target


def pg_restore(dump: Path, url: str) -> None:
    """Read a custom-format dump into the (empty) database at ``url``; all or nothing."""
    if not dump.is_file():
        raise ServerToolError(f"バックアップファイル {dump} がありません。")
    tool = find_tool("pg_restore")
    conninfo, env = _conninfo(make_url(url))
    # One transaction: a dump that fails half-way leaves the database empty, not half-filled.
    _run([str(tool), "--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges",
          "--dbname", conninfo, str(dump)], env, "サーバーへの復元（pg_restore）")  # fmt: skip
    log.info("restored %s into %s", dump, make_url(url).render_as_string(hide_password=True))


def check_dump(dump: Path) -> None:
    """A dump fit to restore: pg_restore reads its table of contents, which names the
    program's tables (the members and the schema version among them)."""
    tool = find_tool("pg_restore")
    try:
        done = subprocess.run(
            [str(tool), "--list", str(dump)],
            capture_output=True, text=True, timeout=TOOL_TIMEOUT, check=False,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as exc:
        problem = f"バックアップ {dump.name} を確かめられませんでした（{exc}）。"
        raise ServerToolError(problem) from exc
    listing = done.stdout if done.returncode == 0 else ""
    if not all(f"TABLE DATA public {t} " in listing for t in ("members", "alembic_version")):
        dump.unlink(missing_ok=True)
        raise ServerToolError(
            f"バックアップ {dump.name} が読めないか、会員とスキーマ版を含んでいません"
            "（消しました）。"
        )


_DUMP_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<reason>[a-z0-9-]+)\.pgdump$")


def thin_dumps(directory: Path, database_name: str, now: dt.datetime | None = None) -> list[Path]:
    """Thin the dumps of ``database_name`` like the SQLite backups (every one of the last 2
    days, one a day for 2 weeks, one a week for 3 months, one a month for ever)."""
    found: list[tuple[Path, BackupName]] = []
    for path in directory.glob(f"{database_name}-*{DUMP_SUFFIX}"):
        match = _DUMP_NAME.match(path.name)
        if match is None or match["stem"] != database_name:
            continue
        when = dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")  # noqa: DTZ007 - local clock
        found.append((path, BackupName(database_name, when, match["reason"])))
    found.sort(key=lambda item: (item[1].taken_at, item[0].name), reverse=True)
    removed = backups_to_thin(found, now or dt.datetime.now())  # noqa: DTZ005 - local clock
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


@contextmanager
def migration_lock(
    connection: Connection, waiting: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the server-wide migration lock on ``connection`` (a session advisory lock, let go
    when the block ends or the PC dies); while another PC holds it, wait and say so."""
    deadline = time.monotonic() + MIGRATION_WAIT
    said = False
    while not connection.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY}):
        connection.rollback()
        if time.monotonic() > deadline:
            raise DatabaseProblem(
                "ほかの端末がデータベースを新しい版に更新していて、"
                f"{MIGRATION_WAIT // 60}分たっても終わりません。"
                "その端末の様子を確かめてから、もう一度起動してください。",
                retry_safe=True,
            )
        if not said:
            log.info("another PC is migrating the schema; waiting")
            said = True
        if waiting is not None:
            waiting("ほかの端末がデータベースを新しい版に更新しています。終わるまでお待ちください…")
        time.sleep(0.5)
    connection.commit()
    try:
        yield
    finally:
        connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
        connection.commit()
