"""Consistent copies of the SQLite database (SQLite's online backup API) and their rotation."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

#: Pages copied between two looks at ``cancelled`` (4 MB of 4 KB pages: a few hundredths of a
#: second), so a quit during the daily backup waits no longer than that.
PAGES_PER_STEP = 1024
#: A partial copy older than this was left by a program that died while copying.
STALE_PARTIAL = dt.timedelta(minutes=10)


class BackupCancelledError(Exception):
    """The copy was stopped before it was whole (the program is quitting); nothing is kept."""


def backup_sqlite(
    source: Path, target: Path, *, cancelled: Callable[[], bool] | None = None
) -> Path:
    """Copy ``source`` to ``target`` while it may be open; the copy is always consistent.

    ``cancelled`` is asked between steps; when it says yes the copy stops with
    :class:`BackupCancelledError`. A stopped or failed copy leaves no file behind.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")

    def step(_status: int, _remaining: int, _total: int) -> None:
        if cancelled is not None and cancelled():
            raise BackupCancelledError(str(target))

    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst, pages=PAGES_PER_STEP, progress=step)
            finally:
                dst.close()
        finally:
            src.close()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    # Rename last so a full disk or a crash never leaves a file that looks like a good backup.
    partial.replace(target)
    return target


def remove_stale_partials(directory: Path, stem: str, now: dt.datetime | None = None) -> list[Path]:
    """Delete partial copies of ``stem`` that a program which died while copying left."""
    moment = (now or dt.datetime.now()).timestamp()  # noqa: DTZ005 - compared with file times
    removed = []
    for path in directory.glob(f"{stem}-*.sqlite3.part"):
        try:
            if moment - path.stat().st_mtime > STALE_PARTIAL.total_seconds():
                path.unlink()
                removed.append(path)
        except FileNotFoundError:
            continue
    return removed


def backup_name(source: Path, reason: str, now: dt.datetime | None = None) -> str:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")  # noqa: DTZ005 - local clock for file names
    return f"{source.stem}-{stamp}-{reason}.sqlite3"


def rotate_backups(directory: Path, stem: str, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups of ``stem``; return the deleted paths."""
    backups = sorted(directory.glob(f"{stem}-*.sqlite3"), key=lambda p: p.name, reverse=True)
    removed = backups[keep:]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed
