"""Backups: consistent copies, daily at start, rotation."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from gojokai_desktop.db.backup import backup_name, rotate_backups
from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.models import Establishment
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.services.maintenance import backup_now, daily_backup, last_backup

# Copies of the SQLite file; the server's pg_dump backups are tested in test_server.py.
pytestmark = pytest.mark.sqlite_only


def test_backup_holds_committed_data_while_the_database_is_open(
    database: Database, tmp_path: Path
) -> None:
    with UnitOfWork(database) as uow:
        uow.session.add(Establishment(number=7, name="佐藤工業", join_date=dt.date(2021, 4, 1)))
        uow.commit()
    target = backup_now(database, tmp_path / "backups")
    assert target is not None
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT number, name FROM establishments").fetchall() == [
            (7, "佐藤工業")
        ]
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert not list((tmp_path / "backups").glob("*.part"))


def test_daily_backup_runs_once_a_day(database: Database, tmp_path: Path) -> None:
    directory = tmp_path / "backups"
    today = dt.date.today()
    first = daily_backup(database, directory, today)
    second = daily_backup(database, directory, today)
    assert first is not None
    assert first.name.endswith("-daily.sqlite3")
    assert second is None
    newest = last_backup(database, directory)
    assert newest is not None
    assert newest[0] == first


def test_rotation_keeps_the_newest(tmp_path: Path) -> None:
    source = tmp_path / "gojokai.sqlite3"
    for day in range(1, 6):
        name = backup_name(source, "daily", dt.datetime(2025, 4, day, 9, 0))
        (tmp_path / name).write_bytes(b"x")
    removed = rotate_backups(tmp_path, "gojokai", keep=3)
    assert sorted(p.name for p in removed) == [
        "gojokai-20250401-090000-daily.sqlite3",
        "gojokai-20250402-090000-daily.sqlite3",
    ]
    assert len(list(tmp_path.glob("gojokai-*.sqlite3"))) == 3


def _bigger(database: Database, count: int = 3_000) -> None:
    """Enough rows that the copy takes several steps."""
    with UnitOfWork(database) as uow:
        for n in range(count):
            uow.session.add(
                Establishment(number=n + 1, name=f"事業所{n}" * 20, join_date=dt.date(2021, 4, 1))
            )
        uow.commit()


def test_a_stopped_backup_leaves_nothing_and_the_next_start_copies_again(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gojokai_desktop.db import backup as backup_module
    from gojokai_desktop.services.maintenance import BackupCancelledError

    _bigger(database)
    monkeypatch.setattr(backup_module, "PAGES_PER_STEP", 2)
    directory = tmp_path / "backups"
    asked = []

    def quitting() -> bool:
        asked.append(1)
        return len(asked) >= 3  # the clerk quits during the third step

    with pytest.raises(BackupCancelledError):
        daily_backup(database, directory, dt.date.today(), cancelled=quitting)
    assert list(directory.iterdir()) == []  # no partial copy, no backup that looks whole
    assert last_backup(database, directory) is None
    done = daily_backup(database, directory, dt.date.today(), cancelled=lambda: False)
    assert done is not None
    with sqlite3.connect(done) as copy:
        assert copy.execute("SELECT count(*) FROM establishments").fetchone() == (3_000,)


def test_partial_copies_left_by_a_crash_are_removed_by_the_next_backup(
    database: Database, tmp_path: Path
) -> None:
    import os

    directory = tmp_path / "backups"
    directory.mkdir()
    assert database.path is not None
    stem = database.path.stem
    old = directory / f"{stem}-20250101-090000-daily.sqlite3.part"
    fresh = directory / f"{stem}-20250101-090500-manual.sqlite3.part"  # being written now
    other = directory / "demo-20250101-090000-daily.sqlite3.part"  # another database's
    for path in (old, fresh, other):
        path.write_bytes(b"half a copy")
    hour_ago = dt.datetime.now().timestamp() - 3600
    os.utime(old, (hour_ago, hour_ago))
    os.utime(other, (hour_ago, hour_ago))
    backup_now(database, directory)
    assert not old.exists()
    assert fresh.exists()
    assert other.exists()
