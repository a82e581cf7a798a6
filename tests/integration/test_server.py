"""A PostgreSQL server for several PCs: backup and restore round trip, check, migrations
that one PC does while the others wait, and a server that never answers."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from gojokai_desktop.cli import main
from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.migrate import current_revision, head_revision
from gojokai_desktop.db.server import MIGRATION_LOCK_KEY, find_tool
from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.services.demo.pipeline import generate_demo
from gojokai_desktop.services.maintenance import check_database
from gojokai_desktop.services.server_backups import restore_server

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never says a word (a hung server)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    listener.close()


def test_a_server_that_never_answers_gives_a_message_within_fifteen_seconds(
    silent_server: int, capsys
) -> None:
    url = f"postgresql+psycopg://gojokai@127.0.0.1:{silent_server}/gojokai"
    started = time.monotonic()
    assert main(["check", "--db", url]) == 3
    elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    assert elapsed < 15
    assert "データベースサーバー（127.0.0.1）につながりません" in err
    assert "Traceback" not in err


# --------------------------------------------------------------------- on a real server
@pytest.fixture
def demo_url(postgres_server, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh server database holding the S demo (300 members, ten years of books); the
    commands act as the demo's administrator (backup and restore are the administrator's)."""
    monkeypatch.setenv("GOJOKAI_USER", "admin")
    monkeypatch.setenv("GOJOKAI_PASSWORD", "demo")
    url = postgres_server.fresh_database()
    generate_demo(url, size="S", seed=7)
    yield url
    postgres_server.drop(url)


def _counts(url: str) -> dict[str, int]:
    database = Database(url)
    try:
        return dict(check_database(database).row_counts)
    finally:
        database.dispose()


@pytest.mark.postgres
def test_backup_and_restore_round_trip_a_server_database(
    demo_url: str, postgres_server, tmp_path: Path, capsys
) -> None:
    assert main(["backup", "--db", demo_url, "--out-dir", str(tmp_path)]) == 0
    dumps = list(tmp_path.glob("*-manual.pgdump"))
    assert len(dumps) == 1
    assert f"バックアップを保存しました: {dumps[0]}" in capsys.readouterr().out
    assert dumps[0].read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    target = postgres_server.empty_database()
    try:
        assert main(["restore", str(dumps[0]), "--db", target]) == 0
        out = capsys.readouterr().out
        assert f"復元しました: {dumps[0]}（スキーマ版 {head_revision()}、会員 300 人）" in out
        assert "結果: 問題はありません" in out
        restored = Database(target)
        report = check_database(restored)
        restored.dispose()
        assert report.problems == ()
        assert report.integrity == "ok"
        assert dict(report.row_counts) == _counts(demo_url)
    finally:
        postgres_server.drop(target)


@pytest.mark.postgres
def test_restore_refuses_a_database_that_has_tables(demo_url: str, tmp_path: Path, capsys) -> None:
    assert main(["backup", "--db", demo_url, "--out-dir", str(tmp_path)]) == 0
    dump = next(tmp_path.glob("*.pgdump"))
    with pytest.raises(RuleViolation, match="既にテーブルがあります"):
        restore_server(dump, demo_url)
    before = _counts(demo_url)
    assert main(["restore", str(dump), "--db", demo_url]) == 2
    assert "空のデータベースを作ってから復元してください" in capsys.readouterr().err
    assert _counts(demo_url) == before


@pytest.mark.postgres
def test_check_on_the_server_finds_rows_pointing_at_nothing(db_url: str, ctx, society, capsys):
    assert main(["check", "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert "整合性: ok" in out
    assert f"スキーマ版: {head_revision()}" in out
    engine = create_engine(db_url)
    with engine.begin() as connection:
        # What a restore without its constraints or a hand edit can leave behind.
        connection.execute(text("SET session_replication_role = replica"))
        connection.execute(
            text(
                "INSERT INTO family_members (member_id, relation, name, name_kana, dependent,"
                " from_date, notes, created_at, updated_at)"
                " VALUES (999, '子', '迷子', '', false, '2025-04-01', '', now(), now())"
            )
        )
    engine.dispose()
    assert main(["check", "--db", db_url]) == 1
    err = capsys.readouterr().err
    assert "family_members.member_id の 1 件が members にありません" in err


def _at_revision(url: str, revision: str) -> None:
    from alembic import command

    from gojokai_desktop.db.migrate import alembic_config

    database = Database(url)
    config = alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    database.dispose()


MIGRATE = (
    "import sys, json; from pathlib import Path;"
    "from gojokai_desktop.db.lock import DatabaseLockedError;"
    "from gojokai_desktop.services.maintenance import open_database;"
    "sys.stdin.readline()\n"
    "try:\n"
    "    opened = open_database(sys.argv[1], Path(sys.argv[2]))\n"
    "    print(json.dumps(['ok', opened.migrated_from]))\n"
    "    opened.close()\n"
    "except DatabaseLockedError as exc:\n"
    "    print(json.dumps(['refused', str(exc)]))\n"
)


def _three_pcs_start(url: str, backups: Path) -> list[list[str]]:
    import json

    children = [
        subprocess.Popen(
            [sys.executable, "-c", MIGRATE, url, str(backups)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for _ in range(3)
    ]
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    results = []
    for child in children:
        out, err = child.communicate(timeout=300)
        assert child.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


@pytest.mark.postgres
def test_three_pcs_starting_a_new_version_at_once_migrate_once(
    postgres_server, tmp_path: Path
) -> None:
    url = postgres_server.empty_database()
    try:
        _at_revision(url, "0210")
        results = _three_pcs_start(url, tmp_path)
        assert [state for state, _ in results] == ["ok", "ok", "ok"]
        # One PC migrated from 0210; the others waited and found it done.
        assert sorted(str(before) for _, before in results).count("0210") == 1
        database = Database(url)
        assert current_revision(database) == head_revision()
        database.dispose()
        dumps = list(tmp_path.glob("*-before-migrate.pgdump"))
        assert len(dumps) == 1
    finally:
        postgres_server.drop(url)


@pytest.mark.sqlite_only
def test_three_pcs_starting_on_one_sqlite_file_migrate_once_or_are_refused(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite3"
    _at_revision(f"sqlite:///{path}", "0210")
    results = _three_pcs_start(f"sqlite:///{path}", tmp_path / "backups")
    assert {state for state, _ in results} <= {"ok", "refused"}
    assert [before for state, before in results if state == "ok"].count("0210") == 1
    refusals = [detail for state, detail in results if state == "refused"]
    assert all("既に別の画面で開かれています" in detail for detail in refusals)
    database = Database(f"sqlite:///{path}")
    assert current_revision(database) == head_revision()
    database.dispose()
    assert len(list((tmp_path / "backups").glob("*-before-migrate.sqlite3"))) == 1


@pytest.mark.postgres
def test_a_pc_waits_while_another_migrates_and_says_so(postgres_server) -> None:
    from gojokai_desktop.services.maintenance import open_database

    url = postgres_server.empty_database()
    holder = create_engine(url)
    heard: list[str] = []
    try:
        _at_revision(url, "0210")
        with holder.connect() as other_pc:
            other_pc.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
            other_pc.commit()
            done = threading.Event()

            def start() -> None:
                open_database(url, None, waiting=heard.append).close()
                done.set()

            thread = threading.Thread(target=start)
            thread.start()
            time.sleep(1.5)
            assert not done.is_set()
            other_pc.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
            other_pc.commit()
            thread.join(timeout=120)
        assert done.is_set()
        assert heard
        assert heard[0].startswith("ほかの端末がデータベースを新しい版に更新しています")
    finally:
        holder.dispose()
        postgres_server.drop(url)


@pytest.mark.postgres
def test_the_tools_are_found_where_the_settings_say(tmp_path: Path, monkeypatch) -> None:
    real = find_tool("pg_dump")
    folder = tmp_path / "pgbin"
    folder.mkdir()
    (folder / "pg_dump").symlink_to(real)
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.toml").write_text(f'pg_bin = "{folder}"\n', encoding="utf-8")
    monkeypatch.setenv("GOJOKAI_DATA_DIR", str(data))
    assert find_tool("pg_dump") == folder / "pg_dump"


def test_the_tools_get_the_url_as_libpq_settings_and_the_password_apart() -> None:
    from sqlalchemy.engine import make_url

    from gojokai_desktop.db.server import _conninfo

    conninfo, env = _conninfo(
        make_url("postgresql+psycopg://o'brien:p%40ss@db.example:5433/互助会?sslmode=require")
    )
    assert conninfo == (
        "host='db.example' port='5433' user='o\\'brien' dbname='互助会' sslmode='require'"
        " connect_timeout='10'"
    )
    assert env == {"PGPASSWORD": "p@ss"}


@pytest.mark.postgres
def test_every_migration_goes_down_and_up_again_on_the_server(postgres_server) -> None:
    """Each migration's upgrade and downgrade run on PostgreSQL, not only in SQLite's batch
    mode; the schema comes back equal to the models."""
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from gojokai_desktop.db.migrate import alembic_config
    from gojokai_desktop.db.models import Base

    url = postgres_server.fresh_database()
    database = Database(url)
    config = alembic_config()
    try:
        for target in ("base", "head"):
            with database.engine.begin() as connection:
                config.attributes["connection"] = connection
                (command.downgrade if target == "base" else command.upgrade)(config, target)
        assert current_revision(database) == head_revision()
        with database.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        database.dispose()
        postgres_server.drop(url)
