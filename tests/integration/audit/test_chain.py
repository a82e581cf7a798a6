"""The audit trail as a chain: an edit or a deletion made outside the program (the sqlite3
shell, psql on the server), of a member or of an audit entry, is named by the check; the
program's own writes (row by row or in bulk) always verify. The SQLite-only tests tamper in
ways only SQLite's shell has (PRAGMA, zeroblob, an old file migrated)."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from gojokai_desktop.cli import main
from gojokai_desktop.db.verify import Verification, verify
from gojokai_desktop.services.members.establishments import (
    EstablishmentInput,
    create_establishment,
)
from gojokai_desktop.services.members.family import add_family
from gojokai_desktop.services.members.membership import join_member, leave_member
from gojokai_desktop.services.members.records import FamilyInput, MemberInput

D = dt.date
KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホ"


@pytest.fixture
def worked(ctx, society) -> dict[str, int]:
    """A little real work: an establishment, two members, a family member, a leave."""
    est = create_establishment(ctx, EstablishmentInput(name="福島商事"), D(2015, 4, 1))
    hanako = join_member(
        ctx, MemberInput(name="佐藤 花子", name_kana="サトウ ハナコ"), est.id, D(2020, 4, 1)
    )
    taro = join_member(
        ctx, MemberInput(name="鈴木 太郎", name_kana="スズキ タロウ"), est.id, D(2021, 4, 1)
    )
    add_family(ctx, hanako.id, FamilyInput("子", "佐藤 一郎"))
    leave_member(ctx, taro.id, D(2025, 5, 31), "retired")
    ctx.database.dispose()
    return {"hanako": hanako.id, "taro": taro.id}


def _verify(ctx) -> Verification:
    with ctx.database.read_engine.connect() as connection:
        return verify(connection)


def _shell(path: Path, *statements: str) -> None:
    """What someone with the sqlite3 shell does."""
    connection = sqlite3.connect(path)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()


def _outside(ctx, *statements: str) -> None:
    """SQL typed into the database's own tool (sqlite3, psql): no unit of work, no audit."""
    engine = create_engine(ctx.database.url)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)
    finally:
        engine.dispose()


def _scalar(ctx, statement: str) -> object:
    with ctx.database.read_engine.connect() as connection:
        return connection.exec_driver_sql(statement).scalar()


def test_the_programs_own_work_verifies_and_the_chain_has_no_gaps(ctx, worked) -> None:
    result = _verify(ctx)
    assert result.ok, result.findings
    assert result.rows > 10
    with ctx.database.read_engine.connect() as db:
        rows = db.exec_driver_sql(
            "SELECT id, prev_hash, entry_hash FROM audit_entries ORDER BY id"
        ).all()
        head = tuple(db.exec_driver_sql("SELECT last_id, last_hash FROM audit_head").one())
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0][1] is None
    assert all(later[1] == earlier[2] for earlier, later in itertools.pairwise(rows))
    assert head == (rows[-1][0], rows[-1][2])


def test_a_member_edited_outside_the_program_is_named(ctx, worked) -> None:
    _outside(ctx, f"UPDATE members SET name = '佐藤 花代' WHERE id = {worked['hanako']}")
    result = _verify(ctx)
    assert not result.ok
    assert [f.message for f in result.findings] == [
        f"会員 0001-001 佐藤 花代（members {worked['hanako']}番）が記録と違います"
        "（プログラムの外で変更されたとみられます。"
        f"最後の正しい記録: 監査ログ {result.findings[0].entry_id}番）。"
    ]
    # Put back as it was, the check is quiet again.
    _outside(ctx, f"UPDATE members SET name = '佐藤 花子' WHERE id = {worked['hanako']}")
    assert _verify(ctx).ok


@pytest.mark.sqlite_only
def test_a_member_deleted_or_added_outside_the_program_is_named(ctx, worked, db_path) -> None:
    _shell(
        db_path,
        "PRAGMA foreign_keys=OFF",
        f"DELETE FROM members WHERE id = {worked['taro']}",
        f"CREATE TEMP TABLE ghost AS SELECT * FROM members WHERE id = {worked['hanako']}",
        "UPDATE ghost SET id = 999, number = '0001-099', name = '幽霊 会員'",
        "INSERT INTO members SELECT * FROM ghost",
    )
    messages = [f.message for f in _verify(ctx).findings]
    assert any("幽霊 会員" in m and "記録にありません" in m for m in messages), messages
    assert any(
        f"会員（members {worked['taro']}番）がありません（プログラムの外で削除" in m
        for m in messages
    ), messages


def test_an_audit_entry_edited_or_deleted_breaks_the_chain_there(ctx, worked) -> None:
    _outside(ctx, "UPDATE audit_entries SET user_name = '誰か' WHERE id = 5")
    result = _verify(ctx)
    assert result.first_broken_entry == 5
    assert (
        "監査ログ 5番の内容が記録時と違います（書き換えられています" in result.findings[0].message
    )
    _outside(ctx, "DELETE FROM audit_entries WHERE id = 7")
    result = _verify(ctx)
    messages = [f.message for f in result.findings]
    assert "監査ログの 7番 がありません（削除されています）。" in messages


def test_the_newest_entries_deleted_are_found_by_the_head(ctx, worked) -> None:
    last = _scalar(ctx, "SELECT max(id) FROM audit_entries")
    assert isinstance(last, int)
    _outside(ctx, f"DELETE FROM audit_entries WHERE id >= {last - 1}")
    result = _verify(ctx)
    assert result.first_broken_entry == last - 1
    assert any("（最新の記録）がありません" in f.message for f in result.findings)


@pytest.mark.sqlite_only
def test_rows_written_in_bulk_are_sealed_and_an_edited_seal_is_found(
    ctx, society, db_path, tmp_path
) -> None:
    from gojokai_desktop.services.members.import_read import (
        columns_for,
        guess_header_row,
        read_table,
    )
    from gojokai_desktop.services.members.importer import prepare_import, run_import

    roster = tmp_path / "roster.csv"
    roster.write_text(
        "氏名,フリガナ,事業所,入会日\n"
        + "".join(f"会員 {k},カイイン {k},福島商事,R6.4.1\n" for k in KANA),
        encoding="utf-8",
    )
    table = read_table(roster)
    run_import(ctx, prepare_import(ctx, table, columns_for(table, guess_header_row(table))))
    assert _verify(ctx).ok
    _shell(db_path, "UPDATE members SET address = '改ざん' WHERE number = '0001-017'")
    messages = [f.message for f in _verify(ctx).findings]
    assert len(messages) == 1
    assert "会員 0001-017 会員\u3000チ（members 17番）が記録と違います" in messages[0]
    _shell(db_path, "UPDATE members SET address = '' WHERE number = '0001-017'")
    _shell(db_path, "UPDATE audit_seals SET hashes = zeroblob(8192) WHERE entity = 'members'")
    messages = [f.message for f in _verify(ctx).findings]
    assert any("の封印（会員）が記録時と違います" in m for m in messages), messages


def test_a_column_added_later_keeps_the_old_records_valid(ctx, worked) -> None:
    _outside(ctx, "ALTER TABLE members ADD COLUMN mobile TEXT DEFAULT '090'")
    assert _verify(ctx).ok


def test_gojokai_check_and_audit_verify_name_the_member(ctx, worked, cli_user, capsys) -> None:
    url = ctx.database.url
    assert main(["check", "--db", url]) == 0
    assert "結果: 問題はありません" in capsys.readouterr().out
    _outside(ctx, f"UPDATE members SET birth_date = '1999-01-01' WHERE id = {worked['hanako']}")
    assert main(["check", "--db", url]) == 1
    err = capsys.readouterr().err
    assert "監査ログ: 会員 0001-001 佐藤 花子" in err
    assert "が記録と違います" in err
    assert main(["audit", "verify", "--db", url]) == 1
    captured = capsys.readouterr()
    assert "会員 0001-001 佐藤 花子" in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.sqlite_only
def test_a_database_from_before_the_chain_is_sealed_when_opened(tmp_path: Path) -> None:
    from alembic import command

    from gojokai_desktop.db.engine import Database
    from gojokai_desktop.db.migrate import alembic_config
    from gojokai_desktop.services.maintenance import open_database

    path = tmp_path / "old.sqlite3"
    database = Database(f"sqlite:///{path}")
    config = alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0210")
    database.dispose()
    _shell(
        path,
        "INSERT INTO setting_values (key, valid_from_year, value_json, created_at, updated_at) "
        "VALUES ('bank', 0, '{\"name\": \"東邦銀行\"}', '2024-04-01', '2024-04-01')",
        "INSERT INTO audit_entries (at, user_name, action, operation, entity, entity_id, "
        "after_json) VALUES ('2024-04-01 09:00:00.000000', '前任', '設定の保存', 'insert', "
        "'setting_values', '1', '{}')",
    )
    opened = open_database(f"sqlite:///{path}", tmp_path / "backups")
    try:
        with opened.database.read_engine.connect() as connection:
            result = verify(connection)
        assert result.ok, result.findings
        assert result.entries == 2
        assert list((tmp_path / "backups").glob("old-*-before-migrate.sqlite3"))
    finally:
        opened.close()
    _shell(path, 'UPDATE setting_values SET value_json = \'{"name": "偽銀行"}\'')
    from gojokai_desktop.db.engine import Database as Db

    again = Db(f"sqlite:///{path}")
    try:
        with again.read_engine.connect() as connection:
            message = verify(connection).findings[0].message
        assert message.startswith("設定（setting_values 1番）が記録と違います")
    finally:
        again.dispose()
