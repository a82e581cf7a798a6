"""The command line takes the same care as the GUI: the lock naming its holder, a newer schema
refused in Japanese, a backup before a migration, a named user, and a message with an exit
code (never a traceback) for a user's mistake or the machine's state."""

from __future__ import annotations

import contextlib
import errno
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from gojokai_desktop.cli import main
from gojokai_desktop.db.lock import DatabaseLock

EXPORT = ["export", "members", "--format", "xlsx"]
# About the SQLite file (its lock, its bytes, a read-only file, the disk under it); the
# server's side of the same care is tests/integration/test_server.py.
pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def roster_db(ctx, society, cli_user, db_path: Path) -> Path:
    import datetime as dt

    from gojokai_desktop.services.members.establishments import (
        EstablishmentInput,
        create_establishment,
    )
    from gojokai_desktop.services.members.membership import join_member
    from gojokai_desktop.services.members.records import MemberInput

    est = create_establishment(ctx, EstablishmentInput(name="福島商事"), dt.date(2020, 4, 1))
    join_member(
        ctx, MemberInput(name="山田 太郎", name_kana="ヤマダ タロウ"), est.id, dt.date(2024, 4, 1)
    )
    ctx.database.dispose()
    return db_path


def test_a_second_writer_is_refused_naming_the_holder(roster_db: Path, capsys) -> None:
    with DatabaseLock(roster_db):
        code = main(["dues", "bill", "--period", "2025-04", "--db", str(roster_db)])
    err = capsys.readouterr().err
    assert code == 3
    assert "既に別の画面で開かれています" in err
    assert "使用中: pid" in err
    assert "Traceback" not in err


def test_a_reader_still_reads_while_the_program_has_the_database(
    roster_db: Path, tmp_path: Path, capsys
) -> None:
    with DatabaseLock(roster_db):
        assert main([*EXPORT, "--out", str(tmp_path / "r.xlsx"), "--db", str(roster_db)]) == 0
    assert "（1 人）" in capsys.readouterr().out


def test_a_newer_database_is_refused_in_japanese(roster_db: Path, tmp_path: Path, capsys) -> None:
    with sqlite3.connect(roster_db) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
    code = main([*EXPORT, "--out", str(tmp_path / "r.xlsx"), "--db", str(roster_db)])
    err = capsys.readouterr().err
    assert code == 4
    assert "新しい版のプログラムで作成・更新されています（スキーマ版 9999）" in err


def test_an_older_database_is_backed_up_before_the_command_migrates_it(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    from alembic import command

    from gojokai_desktop.db.engine import Database
    from gojokai_desktop.db.migrate import alembic_config

    path = tmp_path / "old.sqlite3"
    database = Database(f"sqlite:///{path}")
    config = alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0210")
    database.dispose()
    assert main(
        [
            "accounts",
            "status",
            "--fiscal-year",
            "2025",
            "--out",
            str(tmp_path / "s.pdf"),
            "--db",
            str(path),
        ]
    ) in (0, 1)
    backups = list((tmp_path / "data" / "backups").glob("old-*-before-migrate.sqlite3")) or list(
        Path(__import__("os").environ["GOJOKAI_DATA_DIR"], "backups").glob(
            "old-*-before-migrate.sqlite3"
        )
    )
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchone() == ("0210",)
    capsys.readouterr()


def test_a_data_command_needs_a_user_and_the_right_password(
    roster_db: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    out = str(tmp_path / "r.xlsx")
    monkeypatch.delenv("GOJOKAI_USER")
    assert main([*EXPORT, "--out", out, "--db", str(roster_db)]) == 6
    assert "--user NAME" in capsys.readouterr().err
    monkeypatch.setenv("GOJOKAI_PASSWORD", "wrong-password")
    assert main([*EXPORT, "--out", out, "--db", str(roster_db), "--user", "admin"]) == 6
    assert "パスワードが違います（あと4回" in capsys.readouterr().err
    assert not Path(out).exists()


def test_a_missing_or_damaged_database_is_a_message(tmp_path: Path, capsys) -> None:
    assert main(["check", "--db", str(tmp_path / "nothing.sqlite3")]) == 2
    assert "データベースがありません" in capsys.readouterr().err
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database at all" * 100)
    assert main([*EXPORT, "--out", str(tmp_path / "x.xlsx"), "--db", str(junk)]) == 5
    err = capsys.readouterr().err
    assert "壊れているか、データベースではありません" in err
    assert "Traceback" not in err
    assert main(["check", "--db", str(junk)]) == 1
    assert "データベースを読めません" in capsys.readouterr().err


def test_a_read_only_database_is_a_message(roster_db: Path, capsys) -> None:
    read_only = f"sqlite:///file:{roster_db}?mode=ro&uri=true"
    code = main(["dues", "bill", "--period", "2025-04", "--db", read_only])
    err = capsys.readouterr().err
    assert code == 5
    assert "読み取り専用" in err
    assert "Traceback" not in err


def test_a_full_disk_leaves_no_file_and_says_so(
    roster_db: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    import openpyxl

    out = tmp_path / "r.xlsx"
    out.write_bytes(b"the earlier export")

    real_save = openpyxl.Workbook.save

    def full(self, filename) -> None:
        real_save(self, filename)  # the bytes went out, then the disk filled before the end
        raise OSError(errno.ENOSPC, "No space left on device", str(filename))

    monkeypatch.setattr(openpyxl.Workbook, "save", full)
    code = main([*EXPORT, "--out", str(out), "--db", str(roster_db)])
    err = capsys.readouterr().err
    assert code == 5
    assert "ディスクの空きが足りません" in err
    assert out.read_bytes() == b"the earlier export"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@contextlib.contextmanager
def tiny_disk(where: Path, size: str = "96k", *, read_only: bool = False) -> Iterator[Path]:
    """A real small file system (tmpfs) when the tests may mount one (root on Linux)."""
    where.mkdir()
    options = f"size={size}" + (",ro" if read_only else "")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root on Linux)")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False)


def test_a_real_full_disk_and_a_read_only_disk(roster_db: Path, tmp_path: Path, capsys) -> None:
    with tiny_disk(tmp_path / "full", "48k") as disk:
        # A large PDF that cannot fit: a message, no partial file, no temporary file.
        code = main(["print", "member_application", "--blank", "--copies", "40",
                     "--out", str(disk / "a.pdf")])  # fmt: skip
        err = capsys.readouterr().err
        assert code == 5, err
        assert "ディスクの空きが足りません" in err
        assert list(disk.iterdir()) == []
        # A demo built on it: a message, and no half-built database under any name.
        assert main(["demo", "--size", "S", "--db", str(disk / "demo.sqlite3")]) == 5
        assert "ディスクがいっぱい" in capsys.readouterr().err
        assert [p.name for p in disk.iterdir() if ".lock" not in p.name] == []
    with tiny_disk(tmp_path / "ro", read_only=True) as disk:
        assert main([*EXPORT, "--out", str(disk / "r.xlsx"), "--db", str(roster_db)]) == 5
        assert "読み取り専用" in capsys.readouterr().err
