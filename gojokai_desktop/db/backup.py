"""Consistent copies of the SQLite database (SQLite's online backup API) and their rotation."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path


def backup_sqlite(source: Path, target: Path) -> Path:
    """Copy ``source`` to ``target`` while it may be open; the copy is always consistent."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    # Rename last so a full disk or a crash never leaves a file that looks like a good backup.
    partial.replace(target)
    return target


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
