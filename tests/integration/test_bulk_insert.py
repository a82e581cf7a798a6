"""insert_many writes exactly what SQLAlchemy's executemany writes: dates, times, flags, None,
defaults left out of the rows, and in the same rows."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from gojokai_desktop.db.bulk import insert_many
from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.models import Base

D = dt.date
STAMP = dt.datetime(2026, 4, 1, 9, 30, 0)


def _rows() -> dict[str, list[dict[str, object]]]:
    establishments = [
        {"id": i, "number": i, "name": f"事業所{i}", "kana_search": f"ジギョウショ{i}",
         "join_date": D(2015, 4, i % 28 + 1), "leave_date": None if i % 3 else D(2025, 3, 31),
         "account_type": None if i % 2 else "1"}
        for i in range(1, 41)
    ]  # fmt: skip
    members = [
        {"id": i, "number": f"{i:04d}-001", "name": f"会員　{i}", "name_kana": "カイイン",
         "kana_search": "カイイン", "sex": ("M", "F", None)[i % 3],
         "birth_date": D(1960 + i % 40, i % 12 + 1, 1) if i % 5 else None,
         "establishment_id": i % 40 + 1, "join_date": D(2016, 4, 1),
         "created_at": STAMP, "updated_at": STAMP + dt.timedelta(microseconds=i)}
        for i in range(1, 301)
    ]  # fmt: skip
    family = [
        {"member_id": i % 300 + 1, "relation": "子", "name": f"子{i}",
         "dependent": bool(i % 2), "from_date": D(2020, 1, 1), "to_date": None,
         "married_on": D(2001, 5, 5) if i % 7 == 0 else None}
        for i in range(1, 201)
    ]  # fmt: skip
    events = [
        {"member_id": i, "kind": "join", "effective_date": D(2016, 4, 1),
         "establishment_id": i % 40 + 1, "reason": "取り込み", "entered_at": STAMP}
        for i in range(1, 301)
    ]  # fmt: skip
    return {
        "establishments": establishments,
        "members": members,
        "family_members": family,
        "member_events": events,
    }


def _dump(path: Path, table: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        columns = [c[1] for c in connection.execute(f"PRAGMA table_info({table})")]
        # Timestamps a default fills in are "now": compare only that they are there.
        shown = [
            f"{c} IS NOT NULL" if c in ("created_at", "updated_at") and table != "members" else c
            for c in columns
        ]
        return connection.execute(f"SELECT {', '.join(shown)} FROM {table} ORDER BY id").fetchall()
    finally:
        connection.close()


def test_insert_many_writes_what_sqlalchemy_writes(migrated_template: Path, tmp_path: Path):
    paths = {}
    for way in ("sqlalchemy", "insert_many"):
        paths[way] = tmp_path / f"{way}.sqlite3"
        shutil.copyfile(migrated_template, paths[way])
        database = Database(f"sqlite:///{paths[way]}")
        with database.engine.begin() as connection:
            for table, rows in _rows().items():
                if way == "sqlalchemy":
                    connection.execute(insert(Base.metadata.tables[table]), rows)
                else:
                    assert insert_many(connection, Base.metadata.tables[table], rows) == len(rows)
        database.dispose()
    for table in _rows():
        ours, theirs = _dump(paths["insert_many"], table), _dump(paths["sqlalchemy"], table)
        assert ours == theirs, table
        assert len(ours) == len(_rows()[table])
    # The text SQLite holds, as SQLAlchemy reads it back: dates, times with microseconds, flags.
    raw = sqlite3.connect(paths["insert_many"])
    dates = raw.execute("SELECT join_date, leave_date FROM establishments WHERE id = 3")
    assert dates.fetchone() == ("2015-04-04", "2025-03-31")
    assert raw.execute("SELECT updated_at FROM members WHERE id = 7").fetchone() == (
        "2026-04-01 09:30:00.000007",
    )
    assert raw.execute("SELECT dependent FROM family_members WHERE id = 1").fetchone() == (1,)
    raw.close()


def test_insert_many_refuses_what_the_database_refuses(migrated_template: Path, tmp_path: Path):
    path = tmp_path / "refused.sqlite3"
    shutil.copyfile(migrated_template, path)
    database = Database(f"sqlite:///{path}")
    rows = _rows()["establishments"][:2]
    rows[1] = rows[1] | {"number": rows[0]["number"]}  # the number is unique
    with pytest.raises(IntegrityError), database.engine.begin() as connection:
        insert_many(connection, Base.metadata.tables["establishments"], rows)
    assert _dump(path, "establishments") == []  # nothing written
    database.dispose()


def test_dates_and_times_are_the_text_sqlalchemy_would_store() -> None:
    """The quick conversion of SQLite dates and times gives SQLAlchemy's own text, also for
    early years, microseconds, empty dates and times with a zone (SQLAlchemy's way then)."""
    from sqlalchemy import Date, DateTime
    from sqlalchemy.dialects import sqlite

    from gojokai_desktop.db.bulk import _converted

    dialect = sqlite.dialect()
    utc = dt.UTC
    samples = {
        DateTime(): [
            [dt.datetime(999, 1, 2, 3, 4, 5, 6), dt.datetime(2026, 12, 3), STAMP],
            [dt.datetime(2026, 1, 1, 23, 59, 59, 999_999, tzinfo=utc), STAMP],
            [STAMP, None],
        ],
        Date(): [
            [D(1, 1, 1), D(999, 12, 31), D(2026, 2, 28)],
            [D(2026, 2, 28), None, D(1989, 1, 8)],
            [dt.datetime(2026, 2, 28, 12, 0), D(2026, 3, 1)],  # a time in a date column
        ],
    }
    for kind, lists in samples.items():
        process = kind.dialect_impl(dialect).bind_processor(dialect)
        assert process is not None
        for values in lists:
            assert _converted(list(values), kind, dialect) == [process(v) for v in values]
