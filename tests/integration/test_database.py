"""The database layer: migrations, the newer-schema refusal, PRAGMAs, lock, audit, rollback."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.lock import DatabaseLock, DatabaseLockedError
from gojokai_desktop.db.migrate import DatabaseTooNewError, head_revision, upgrade
from gojokai_desktop.db.models import AuditEntry, Establishment, Member
from gojokai_desktop.db.uow import Actor, UnitOfWork
from gojokai_desktop.services.maintenance import check_database, open_database


def _establishment(number: int = 1) -> Establishment:
    return Establishment(number=number, name="山田商店", join_date=dt.date(2020, 4, 1))


def test_fresh_database_is_migrated_to_head_and_twice_is_a_no_op(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    first = upgrade(database, tmp_path / "backups")
    second = upgrade(database, tmp_path / "backups")
    database.dispose()
    assert (first.before, first.after, first.backup) == (None, head_revision(), None)
    assert (second.before, second.after, second.backup) == (head_revision(), head_revision(), None)


@pytest.mark.sqlite_only
def test_pending_migration_backs_up_the_file_first(db_path: Path, tmp_path: Path) -> None:
    # Pretend the file is at an older schema: an unversioned database that has tables.
    with sqlite3.connect(db_path) as connection:
        connection.execute("DELETE FROM alembic_version")
        connection.execute("DROP TABLE family_members")
    database = Database(f"sqlite:///{db_path}")
    with pytest.raises(Exception, match="already exists"):
        # Re-running 0001 on a half-schema fails: the backup must exist before that attempt.
        upgrade(database, tmp_path / "backups")
    database.dispose()
    backups = list((tmp_path / "backups").glob("*-before-migrate.sqlite3"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master")}
    assert "members" in tables
    assert "family_members" not in tables


@pytest.mark.sqlite_only
def test_database_from_a_newer_program_is_refused_untouched(db_path: Path) -> None:
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = db_path.read_bytes()
    with pytest.raises(DatabaseTooNewError, match="新しい版のプログラム") as raised:
        open_database(f"sqlite:///{db_path}", db_path.parent / "backups")
    assert raised.value.revision == "9999_future"
    assert db_path.read_bytes() == before
    assert not (db_path.parent / "backups").exists()


@pytest.mark.sqlite_only
def test_sqlite_pragmas_are_set_on_every_connection(database: Database) -> None:
    for session in (database.write_session(), database.read_session()):
        with session:
            assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert session.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert session.execute(text("PRAGMA busy_timeout")).scalar() == 30000


@pytest.mark.sqlite_only
def test_second_lock_on_the_same_file_is_refused_and_names_the_holder(db_path: Path) -> None:
    with DatabaseLock(db_path):
        with pytest.raises(DatabaseLockedError) as raised:
            DatabaseLock(db_path).acquire()
        assert "既に別の画面で開かれています" in str(raised.value)
        assert raised.value.holder.startswith("pid ")
    # Released: a new program may now open it.
    with DatabaseLock(db_path):
        pass


@pytest.mark.sqlite_only
def test_lock_held_by_another_process_is_seen(db_path: Path) -> None:
    script = (
        "import sys, time; from pathlib import Path;"
        "from gojokai_desktop.db.lock import DatabaseLock;"
        f"lock = DatabaseLock(Path({str(db_path)!r})); lock.acquire();"
        "print('locked', flush=True); sys.stdin.readline()"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "locked"
        with pytest.raises(DatabaseLockedError, match=f"pid {child.pid}"):
            open_database(f"sqlite:///{db_path}", None)
    finally:
        child.communicate("\n", timeout=20)
    opened = open_database(f"sqlite:///{db_path}", None)
    opened.close()


def test_every_orm_write_is_audited_in_the_same_transaction(database: Database) -> None:
    actor = Actor(None, "事務 花子")
    with UnitOfWork(database, actor, "事業所の登録") as uow:
        establishment = _establishment()
        uow.session.add(establishment)
        uow.flush()
        establishment.name = "山田商店株式会社"
        uow.flush()
        uow.session.delete(establishment)
        uow.commit()
    with database.read_session() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.operation, e.entity, e.entity_id) for e in entries] == [
        ("insert", "establishments", "1"),
        ("update", "establishments", "1"),
        ("delete", "establishments", "1"),
    ]
    assert all(e.user_name == "事務 花子" and e.action == "事業所の登録" for e in entries)
    assert json.loads(entries[0].after_json or "")["join_date"] == "2020-04-01"
    assert json.loads(entries[1].before_json or "") == {"name": "山田商店"}
    assert json.loads(entries[1].after_json or "") == {"name": "山田商店株式会社"}
    assert json.loads(entries[2].before_json or "")["name"] == "山田商店株式会社"


def test_leaving_without_commit_writes_nothing_not_even_audit(database: Database) -> None:
    with UnitOfWork(database, Actor(None, "x"), "途中で失敗") as uow:
        uow.session.add(_establishment())
        uow.flush()

    def failing_action() -> None:
        with UnitOfWork(database) as uow:
            uow.session.add(_establishment(2))
            uow.flush()
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        failing_action()
    with database.read_session() as session:
        assert session.scalars(select(Establishment)).all() == []
        assert session.scalars(select(AuditEntry)).all() == []


@pytest.mark.parametrize(
    ("column", "value", "constraint"),
    [
        ("leave_date", dt.date(2020, 3, 31), "dates_ordered"),
        ("sex", "X", "sex_valid"),
        ("employment_type", "boss", "employment_valid"),
    ],
)
def test_member_constraints_match_the_rules(
    database: Database, column: str, value: object, constraint: str
) -> None:
    with UnitOfWork(database) as uow:
        establishment = _establishment()
        uow.session.add(establishment)
        uow.flush()
        member = Member(
            number="0001-001",
            name="山田 太郎",
            name_kana="ヤマダ タロウ",
            kana_search="ヤマダタロウ",
            establishment_id=establishment.id,
            join_date=dt.date(2020, 4, 1),
        )
        setattr(member, column, value)
        if column == "leave_date":
            member.leave_reason = "retired"
        uow.session.add(member)
        with pytest.raises(IntegrityError, match=constraint):
            uow.flush()


def test_leave_date_and_reason_come_together(database: Database) -> None:
    with UnitOfWork(database) as uow:
        establishment = _establishment()
        uow.session.add(establishment)
        uow.flush()
        uow.session.add(
            Member(
                number="0001-001",
                name="山田 太郎",
                name_kana="ヤマダ タロウ",
                kana_search="ヤマダタロウ",
                establishment_id=establishment.id,
                join_date=dt.date(2020, 4, 1),
                leave_date=dt.date(2021, 3, 31),
            )
        )
        with pytest.raises(IntegrityError, match="leave_has_reason"):
            uow.flush()


def test_foreign_keys_are_enforced(database: Database) -> None:
    with UnitOfWork(database) as uow:
        uow.session.add(
            Member(
                number="0001-001",
                name="山田 太郎",
                name_kana="ヤマダ タロウ",
                kana_search="ヤマダタロウ",
                establishment_id=999,
                join_date=dt.date(2020, 4, 1),
            )
        )
        with pytest.raises(IntegrityError, match=r"(?i)foreign key"):
            uow.flush()


def test_check_reports_version_integrity_and_counts(database: Database) -> None:
    with UnitOfWork(database) as uow:
        uow.session.add(_establishment())
        uow.commit()
    report = check_database(database)
    assert report.ok
    assert report.schema_version == head_revision()
    assert report.integrity == "ok"
    counts = dict(report.row_counts)
    assert counts["establishments"] == 1
    assert counts["audit_entries"] == 1
    assert counts["members"] == 0


@pytest.mark.sqlite_only
def test_check_reports_a_missing_table_as_a_problem(db_path: Path) -> None:
    with sqlite3.connect(db_path) as connection:
        connection.execute("DROP TABLE family_members")
    database = Database(f"sqlite:///{db_path}")
    report = check_database(database)
    database.dispose()
    assert not report.ok
    assert report.problems == ("テーブル family_members がありません。",)


def test_revisions_read_as_text_agree_with_alembic() -> None:
    from alembic.script import ScriptDirectory

    from gojokai_desktop.db.migrate import alembic_config, known_revisions

    script = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == script.get_current_head()
    assert known_revisions() == {rev.revision: rev.down_revision for rev in script.walk_revisions()}


def test_the_migrations_build_exactly_the_tables_of_the_models(database: Database) -> None:
    """A model changed without a migration (or the reverse) would break real databases."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from gojokai_desktop.db.models import Base

    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
