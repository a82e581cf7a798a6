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
