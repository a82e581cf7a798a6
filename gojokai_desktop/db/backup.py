"""Verified copies of the SQLite database, reading a copy's facts, replacing the live file.

A backup is written under a hidden temporary name, checked (``integrity_check``, schema
version and every table's row count read back and compared with the source, counted in the
same snapshot the copy was taken from) and only then renamed: a file with a backup's name is
always a good backup. A source that cannot be copied whole is refused, never "backed up".
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

from gojokai_desktop.files import fsync_directory

SQLITE_MAGIC = b"SQLite format 3\x00"
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?-(?P<reason>[a-z-]+)\.sqlite3$"
)


class BackupError(RuntimeError):
    """A copy that is not whole, or a file that is not a usable database; says why in Japanese."""


@dataclass(frozen=True)
class CopyFacts:
    """What a database file holds, read back from it."""

    schema_version: str | None
    row_counts: dict[str, int]

    @property
    def members(self) -> int:
        return self.row_counts.get("members", 0)

    @property
    def society_set_up(self) -> bool:
        return self.row_counts.get("society_settings", 0) > 0


def _tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    return [str(r[0]) for r in rows]


def _counts(connection: sqlite3.Connection) -> dict[str, int]:
    return {
        name: int(connection.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0])
        for name in _tables(connection)
    }


def _version(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return None if row is None else str(row[0])


def looks_like_sqlite(path: Path) -> bool:
    """The file starts as every SQLite database does (checked before SQLite reads it)."""
    try:
        with path.open("rb") as stream:
            return stream.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def inspect_copy(path: Path) -> CopyFacts:
    """Integrity check, schema version and row counts of a database file (opened read-only).

    Raises BackupError naming the file and the problem: missing, not a database, damaged.
    """
    if not path.is_file():
        raise BackupError(f"ファイルがありません: {path}")
    if path.stat().st_size == 0:
        raise BackupError(f"{path.name} は空のファイルです。")
    if not looks_like_sqlite(path):
        raise BackupError(f"{path.name} はこのプログラムのデータベース（SQLite）ではありません。")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(f"{path.name} を開けません: {exc}") from exc
    try:
        result = [str(r[0]) for r in connection.execute("PRAGMA integrity_check").fetchall()]
        if result != ["ok"]:
            raise BackupError(
                f"{path.name} は壊れています（integrity_check: {'; '.join(result[:3])}）。"
            )
        return CopyFacts(_version(connection), _counts(connection))
    except sqlite3.DatabaseError as exc:
        raise BackupError(
            f"{path.name} は壊れているか、データベースではありません（{exc}）。"
        ) from exc
    finally:
        connection.close()


def _temporary(target: Path, kind: str) -> Path:
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.{kind}")


def backup_sqlite(source: Path, target: Path) -> CopyFacts:
    """Copy ``source`` (it may be open and written meanwhile) to ``target``, verified.

    The row counts of the source are read in the read transaction the copy is taken from,
    so the copy must have exactly them. Raises BackupError (nothing at ``target``) when the
    source is damaged or the copy does not match; OSError when the disk refuses.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = _temporary(target, "part")
    try:
        try:
            src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, isolation_level=None)
        except sqlite3.Error as exc:
            raise BackupError(f"{source.name} を開けません: {exc}") from exc
        try:
            src.execute("BEGIN")
            expected = CopyFacts(_version(src), _counts(src))
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                # A backup is one self-contained file: no -wal beside it, ever.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
            src.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if _is_disk_full(exc):
                raise OSError(28, f"ディスクがいっぱいです: {exc}") from exc
            raise BackupError(
                f"{source.name} は壊れているため、バックアップを作れません（{exc}）。"
            ) from exc
        finally:
            src.close()
        copied = inspect_copy(partial)
        if copied.schema_version != expected.schema_version:
            raise BackupError(
                f"コピーのスキーマ版 {copied.schema_version} が"
                f"元（{expected.schema_version}）と違います。"
            )
        differing = [
            name
            for name, count in expected.row_counts.items()
            if copied.row_counts.get(name) != count
        ]
        if differing:
            raise BackupError(f"コピーの件数が元と違います（{', '.join(differing[:5])}）。")
        _fsync(partial)
        # Rename last, so a full disk or a crash never leaves a file that looks like a backup.
        os.replace(partial, target)
        fsync_directory(target.parent)
        return copied
    finally:
        for leftover in (partial, *_sidecars(partial)):
            leftover.unlink(missing_ok=True)


def _sidecars(path: Path) -> tuple[Path, ...]:
    return tuple(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))


def _is_disk_full(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "disk is full" in text or "disk i/o error" in text


def _fsync(path: Path) -> None:
    with path.open("rb+") as stream:
        os.fsync(stream.fileno())


def backup_name(source: Path, reason: str, now: dt.datetime | None = None) -> str:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")  # noqa: DTZ005 - local clock for file names
    return f"{source.stem}-{stamp}-{reason}.sqlite3"


def unique_backup_path(
    directory: Path, source: Path, reason: str, now: dt.datetime | None = None
) -> Path:
    """A backup name in ``directory`` not taken yet (two backups in the same second)."""
    target = directory / backup_name(source, reason, now)
    number = 2
    while target.exists():
        stamp = target.name[len(source.stem) + 1 : len(source.stem) + 16]
        target = directory / f"{source.stem}-{stamp}-{number}-{reason}.sqlite3"
        number += 1
    return target


@dataclass(frozen=True)
class BackupName:
    """What a backup's file name says: whose, when (local time), why."""

    stem: str
    taken_at: dt.datetime
    reason: str


def parse_backup_name(path: Path) -> BackupName | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        when = dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")  # noqa: DTZ007 - local clock
    except ValueError:
        return None
    return BackupName(match["stem"], when, match["reason"])


def backups_in(directory: Path, stem: str) -> list[tuple[Path, BackupName]]:
    """The backups of ``stem`` in ``directory``, newest first."""
    if not directory.is_dir():
        return []
    found = []
    for path in directory.glob(f"{stem}-*.sqlite3"):
        parsed = parse_backup_name(path)
        if parsed is not None and parsed.stem == stem:
            found.append((path, parsed))
    return sorted(found, key=lambda item: (item[1].taken_at, item[0].name), reverse=True)


def thinning_key(taken_at: dt.datetime, now: dt.datetime) -> tuple[object, ...] | None:
    """Which period a backup stands for (None: kept whatever): every backup of the last 2
    days, one a day for 2 weeks, one a week for 3 months, one a month for ever."""
    age = now - taken_at
    if age <= dt.timedelta(days=2):
        return None
    if age <= dt.timedelta(days=14):
        return ("day", taken_at.date())
    if age <= dt.timedelta(days=92):
        year, week, _ = taken_at.isocalendar()
        return ("week", year, week)
    return ("month", taken_at.year, taken_at.month)


def backups_to_thin(backups: list[tuple[Path, BackupName]], now: dt.datetime) -> list[Path]:
    """The backups that thinning removes: all but the newest of each period. ``backups``
    newest first; the newest backup of all is always kept."""
    seen: set[tuple[object, ...]] = set()
    removed = []
    for index, (path, name) in enumerate(backups):
        key = thinning_key(name.taken_at, now)
        if key is None or index == 0:
            if key is not None:
                seen.add(key)
            continue
        if key in seen:
            removed.append(path)
        else:
            seen.add(key)
    return removed


def replace_sqlite_database(live: Path, replacement: Path) -> CopyFacts:
    """Put a verified copy of ``replacement`` in place of ``live`` (nobody may have it open).

    Steps, each leaving a whole database if the program dies right there: the replacement
    is copied to a hidden file beside ``live`` and checked; ``live`` is checkpointed and
    taken out of WAL mode, so no ``-wal`` file of the old database can be applied to the new
    one; then one ``os.replace`` swaps them.
    """
    temp = _temporary(live, "restore")
    try:
        try:
            src = sqlite3.connect(f"file:{replacement}?mode=ro", uri=True)
            dst = sqlite3.connect(temp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
                src.close()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{replacement.name} を読めません（{exc}）。") from exc
        facts = inspect_copy(temp)
        _fsync(temp)
        quiesce(live)
        os.replace(temp, live)
        for suffix in ("-wal", "-shm"):
            live.with_name(live.name + suffix).unlink(missing_ok=True)
        fsync_directory(live.parent)
        return facts
    finally:
        for leftover in (temp, *_sidecars(temp)):
            leftover.unlink(missing_ok=True)


def quiesce(live: Path) -> None:
    """Checkpoint ``live`` into its main file and leave WAL mode (no ``-wal`` afterwards).

    A damaged file that refuses: its ``-wal``/``-shm`` are removed, since they would
    otherwise be applied to the file that replaces it (the caller kept a raw copy first).
    """
    if not live.exists():
        return
    try:
        connection = sqlite3.connect(live, isolation_level=None)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.execute("PRAGMA journal_mode=DELETE")
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        for suffix in ("-wal", "-shm"):
            live.with_name(live.name + suffix).unlink(missing_ok=True)


def raw_copy(live: Path, target: Path) -> Path:
    """A plain copy of a damaged database (and its ``-wal``) to keep before replacing it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(live, target)
    wal = live.with_name(live.name + "-wal")
    if wal.exists():
        shutil.copy2(wal, target.with_name(target.name + "-wal"))
    return target


def remove_stale_temporaries(directory: Path) -> list[Path]:
    """Hidden copies left by a backup or restore the program died in (never a backup)."""
    removed = []
    for pattern in (".*.part", ".*.restore", ".*.restore-journal"):
        for path in directory.glob(pattern):
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed
