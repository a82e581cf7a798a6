"""Backups: verified copies under a temporary name, a damaged database never reported as backed
up, thinning like Anki's, a folder on another drive, restore with the old database kept."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from gojokai_desktop.cli import main
from gojokai_desktop.db.backup import (
    BackupError,
    backup_name,
    backups_in,
    backups_to_thin,
    replace_sqlite_database,
)
from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.models import Establishment
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.services import local_settings
from gojokai_desktop.services.backups import (
    daily_backup,
    last_backup,
    list_backups,
    make_backup,
    restore_backup,
)
from gojokai_desktop.services.context import AppContext


def corrupt(path: Path) -> None:
    """Overwrite a few pages in the middle, as a failing disk would."""
    size = path.stat().st_size
    with path.open("r+b") as stream:
        stream.seek(size // 2 - (size // 2) % 4096)
        stream.write(b"\xab" * 8192)


def members(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT count(*) FROM members").fetchone()[0])


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from gojokai_desktop.services.demo.pipeline import generate_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    generate_demo(path, size="S")
    return path


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "gojokai.sqlite3"
    shutil.copyfile(demo_template, target)
    return target


# Copies of the SQLite file; the server's pg_dump backups are tested in test_server.py.
pytestmark = pytest.mark.sqlite_only


def test_backup_holds_committed_data_while_the_database_is_open(
    database: Database, tmp_path: Path
) -> None:
    with UnitOfWork(database) as uow:
        uow.session.add(Establishment(number=7, name="佐藤工業", join_date=dt.date(2021, 4, 1)))
        uow.commit()
    result = make_backup(database, tmp_path / "backups")
    assert result is not None
    with sqlite3.connect(result.path) as copy:
        assert copy.execute("SELECT number, name FROM establishments").fetchall() == [
            (7, "佐藤工業")
        ]
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert result.facts.row_counts["establishments"] == 1
    assert list((tmp_path / "backups").iterdir()) == [result.path]  # no temporary file left


def test_a_damaged_database_is_refused_and_the_good_backups_stay(demo: Path, tmp_path) -> None:
    database = Database(f"sqlite:///{demo}")
    folder = tmp_path / "backups"
    good = make_backup(database, folder, now=dt.datetime(2025, 6, 1, 9, 0))
    assert good is not None
    database.dispose()
    corrupt(demo)
    with pytest.raises(BackupError, match="壊れている"):
        make_backup(database, folder)
    database.dispose()
    assert [p.name for p in folder.iterdir()] == [good.path.name]


def test_the_command_never_says_backed_up_for_a_damaged_database(
    demo: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("GOJOKAI_USER", "admin")
    monkeypatch.setenv("GOJOKAI_PASSWORD", "demo")
    out = tmp_path / "b"
    assert main(["backup", "--db", str(demo), "--out-dir", str(out)]) == 0
    assert "バックアップを保存しました" in capsys.readouterr().out
    corrupt(demo)
    code = main(["backup", "--db", str(demo), "--out-dir", str(out)])
    captured = capsys.readouterr()
    assert code == 5
    assert "保存しました" not in captured.out
    assert "壊れ" in captured.err
    assert "Traceback" not in captured.err
    assert len(list(out.glob("*.sqlite3"))) == 1


def _names(now: dt.datetime, ages_in_days: list[float]) -> list[tuple[Path, object]]:
    from gojokai_desktop.db.backup import parse_backup_name

    paths = [
        Path(backup_name(Path("gojokai.sqlite3"), "daily", now - dt.timedelta(days=age)))
        for age in ages_in_days
    ]
    parsed = [(p, parse_backup_name(p)) for p in paths]
    return sorted(parsed, key=lambda item: item[1].taken_at, reverse=True)


def test_thinning_keeps_two_days_then_daily_weekly_monthly() -> None:
    now = dt.datetime(2025, 6, 15, 18, 0)
    # Four backups a day for 200 days.
    ages = [day + hour / 24 for day in range(200) for hour in (1, 5, 9, 13)]
    backups = _names(now, ages)
    removed = {p.name for p in backups_to_thin(backups, now)}
    kept = [(p, n) for p, n in backups if p.name not in removed]
    within_two_days = [n for _p, n in kept if now - n.taken_at <= dt.timedelta(days=2)]
    assert len(within_two_days) == 8  # every one of the last 2 days
    daily = {
        n.taken_at.date()
        for _p, n in kept
        if dt.timedelta(days=2) < now - n.taken_at <= dt.timedelta(days=14)
    }
    assert len(daily) == len(
        [n for _p, n in kept if dt.timedelta(days=2) < now - n.taken_at <= dt.timedelta(days=14)]
    )
    assert len(daily) >= 11
    weekly = [
        n for _p, n in kept if dt.timedelta(days=14) < now - n.taken_at <= dt.timedelta(days=92)
    ]
    assert len({n.taken_at.isocalendar()[:2] for n in weekly}) == len(weekly)
    monthly = [n for _p, n in kept if now - n.taken_at > dt.timedelta(days=92)]
    assert len({(n.taken_at.year, n.taken_at.month) for n in monthly}) == len(monthly)
    assert 30 < len(kept) < 45
    # A backup of every period is kept: never fewer because of daily noise.
    assert backups[0][0].name not in removed


def test_a_backup_folder_on_another_drive_and_a_note_when_it_is_missing(
    database: Database, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    settings = tmp_path / "data"
    settings.mkdir()
    local_settings.update_local(settings, backup_folder=str(usb))
    result = make_backup(database, tmp_path / "default", settings_dir=settings)
    assert result is not None
    assert result.path.parent == usb
    assert result.note == ""
    shutil.rmtree(usb)  # the USB drive taken out
    fallback = make_backup(database, tmp_path / "default", settings_dir=settings)
    assert fallback is not None
    assert fallback.path.parent == tmp_path / "default"
    assert "見つからないため" in fallback.note


def test_daily_backup_runs_once_a_day(database: Database, tmp_path: Path) -> None:
    directory = tmp_path / "backups"
    today = dt.date.today()
    first = daily_backup(database, [directory], today)
    second = daily_backup(database, [directory], today)
    assert first is not None
    assert first.path.name.endswith("-daily.sqlite3")
    assert second is None
    newest = last_backup(database, [directory])
    assert newest is not None
    assert newest[0] == first.path


def test_restore_brings_back_yesterday_and_keeps_today(demo: Path, tmp_path: Path) -> None:
    database = Database(f"sqlite:///{demo}")
    folder = tmp_path / "backups"
    yesterday = make_backup(database, folder, now=dt.datetime(2025, 6, 14, 17, 0))
    assert yesterday is not None
    before = members(demo)
    with sqlite3.connect(demo) as db:
        admin = db.execute("SELECT id, display_name FROM users WHERE login = 'admin'").fetchone()
    ctx = AppContext(database, _actor(admin, "admin"))
    from gojokai_desktop.services.members.membership import delete_mistaken_member, join_member
    from gojokai_desktop.services.members.records import MemberInput

    new = join_member(
        ctx, MemberInput(name="今日 入力", name_kana="キョウ ニュウリョク"), 1, dt.date(2026, 11, 1)
    )
    assert members(demo) == before + 1
    entries = list_backups(database, [folder])
    assert [(e.members, e.reason) for e in entries] == [(before, "manual")]
    result = restore_backup(ctx, entries[0].path, folder)
    assert members(demo) == before
    assert result.kept is not None
    assert members(result.kept) == before + 1
    assert not result.kept_damaged
    # The same Database object works on the restored file, and its trail verifies.
    from gojokai_desktop.services.audit import verify_trail

    assert verify_trail(ctx).ok
    with pytest.raises(RuleViolation, match=f"会員（ID {new.id}）が見つかりません"):
        delete_mistaken_member(ctx, new.id)
    database.dispose()


def _actor(row: tuple[int, str], role: str):
    from gojokai_desktop.services.context import Actor

    return Actor(row[0], row[1], role)


def test_only_an_administrator_restores_and_a_bad_copy_changes_nothing(
    demo: Path, tmp_path: Path
) -> None:
    from gojokai_desktop.domain.errors import PermissionDenied

    database = Database(f"sqlite:///{demo}")
    folder = tmp_path / "backups"
    good = make_backup(database, folder)
    assert good is not None
    with sqlite3.connect(demo) as db:
        clerk = db.execute("SELECT id, display_name FROM users WHERE login = 'clerk'").fetchone()
        admin = db.execute("SELECT id, display_name FROM users WHERE login = 'admin'").fetchone()
    with pytest.raises(PermissionDenied, match="管理者だけ"):
        restore_backup(AppContext(database, _actor(clerk, "clerk")), good.path, folder)
    broken = tmp_path / "broken.sqlite3"
    shutil.copyfile(good.path, broken)
    corrupt(broken)
    before = demo.read_bytes()
    with pytest.raises(BackupError, match="壊れて"):
        restore_backup(AppContext(database, _actor(admin, "admin")), broken, folder)
    not_a_db = tmp_path / "note.sqlite3"
    not_a_db.write_text("hello", encoding="utf-8")
    with pytest.raises(BackupError, match="データベース（SQLite）ではありません"):
        restore_backup(AppContext(database, _actor(admin, "admin")), not_a_db, folder)
    database.dispose()
    assert demo.read_bytes() == before


def test_a_damaged_database_is_kept_as_a_plain_copy_and_replaced(
    demo: Path, tmp_path: Path
) -> None:
    database = Database(f"sqlite:///{demo}")
    folder = tmp_path / "backups"
    good = make_backup(database, folder)
    assert good is not None
    database.dispose()
    corrupt(demo)
    result = restore_backup(AppContext(database), good.path, folder)
    assert result.kept_damaged
    assert result.kept is not None
    assert result.kept.name.endswith("-broken.sqlite3")
    assert sqlite3.connect(demo).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    database.dispose()


def test_replacing_leaves_no_stale_wal_behind(demo: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite3"
    shutil.copyfile(demo, copy)
    # The live database has a WAL with a transaction not yet checkpointed.
    live = sqlite3.connect(demo)
    live.execute("PRAGMA journal_mode=WAL")
    live.execute("PRAGMA wal_autocheckpoint=0")
    live.execute("UPDATE society_settings SET name = '途中の変更'")
    live.commit()
    assert Path(str(demo) + "-wal").stat().st_size > 0
    live.close()
    replace_sqlite_database(demo, copy)
    assert not Path(str(demo) + "-wal").exists()
    with sqlite3.connect(demo) as db:
        assert db.execute("SELECT name FROM society_settings").fetchone() == ("福島市勤労者互助会",)


def test_gojokai_restore_is_refused_while_the_program_has_the_database(
    demo: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    from gojokai_desktop.db.lock import DatabaseLock

    monkeypatch.setenv("GOJOKAI_USER", "admin")
    monkeypatch.setenv("GOJOKAI_PASSWORD", "demo")
    database = Database(f"sqlite:///{demo}")
    good = make_backup(database, tmp_path / "b")
    database.dispose()
    assert good is not None
    with DatabaseLock(demo):
        assert main(["restore", str(good.path), "--db", str(demo)]) == 3
    assert "既に別の画面で開かれています" in capsys.readouterr().err
    monkeypatch.setenv("GOJOKAI_USER", "clerk")
    assert main(["restore", str(good.path), "--db", str(demo)]) == 6
    assert "管理者だけ" in capsys.readouterr().err
    monkeypatch.setenv("GOJOKAI_USER", "admin")
    assert main(["restore", str(good.path), "--db", str(demo)]) == 0
    out = capsys.readouterr().out
    assert "今までのデータベースを保存しました" in out
    assert "復元しました" in out
    assert backups_in(tmp_path / "b", "gojokai")
