"""Migration 0700: the partner tables come and go, and the constraints hold in the database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command

from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.migrate import alembic_config

# Read with sqlite3 from the file; the migrations on a server are tested in test_server.py.
pytestmark = pytest.mark.sqlite_only

TABLES = {"partners", "partner_items", "partner_targets", "partner_results", "partner_enrolments"}


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_downgrade_removes_the_tables_and_upgrade_brings_them_back(db_path: Path) -> None:
    assert _tables(db_path) >= TABLES
    database = Database(f"sqlite:///{db_path}")
    config = alembic_config()
    try:
        with database.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0500")
        assert not TABLES & _tables(db_path)
        with database.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    finally:
        database.dispose()
    assert _tables(db_path) >= TABLES


def test_one_society_target_per_item_and_no_negative_results(db_path: Path) -> None:
    with sqlite3.connect(db_path) as db:
        db.execute(
            "INSERT INTO partners (id, name, formal_name, start_month, rate_rounding,"
            " sort_order, active, note, version) VALUES (1, 'x', '', 4, 'trunc_1', 1, 1,"
            " '', 1)"
        )
        db.execute(
            "INSERT INTO partner_items (id, partner_id, fiscal_year, code, group_name,"
            " name, unit, source, sort_order, note, version) VALUES (1, 1, 2025, 'a', '',"
            " 'a', '件', 'entry', 1, '', 1)"
        )
        db.execute(
            "INSERT INTO partner_targets (item_id, establishment_id, amount, version)"
            " VALUES (1, NULL, 5, 1)"
        )
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            db.execute(
                "INSERT INTO partner_targets (item_id, establishment_id, amount, version)"
                " VALUES (1, NULL, 6, 1)"
            )
        with pytest.raises(sqlite3.IntegrityError, match="amount_positive"):
            db.execute(
                "INSERT INTO partner_results (item_id, period_start, months, amount,"
                " source, note, entered_at, entered_by, version) VALUES (1, '2025-04-01',"
                " 6, -1, 'typed', '', '2025-10-01', '', 1)"
            )
        with pytest.raises(sqlite3.IntegrityError, match="months_valid"):
            db.execute(
                "INSERT INTO partner_results (item_id, period_start, months, amount,"
                " source, note, entered_at, entered_by, version) VALUES (1, '2025-04-01',"
                " 3, 1, 'typed', '', '2025-10-01', '', 1)"
            )
