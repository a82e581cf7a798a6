"""The program's own roster export taken into a new database: export S → init → import.

A clerk moving to a new PC (or merging two societies) expects the same members, the same
establishments, the same dates and the same families back, all from the command line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from gojokai_desktop.cli import main
from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.models.members import Establishment, FamilyMember, Member, MemberEvent
from gojokai_desktop.db.models.members import MembershipPeriod as Period
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.society import load_profile

DEMO_PASSWORD = "demo"  # the demo's users (admin, clerk, auditor)
NEW_PASSWORD = "new-admin-1"  # the administrator ``init`` makes (8 characters at least)


@pytest.fixture(autouse=True)
def as_admin(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command acts as ``admin`` (GOJOKAI_USER); the password is given per database."""
    monkeypatch.setenv("GOJOKAI_USER", "admin")


def run(monkeypatch: pytest.MonkeyPatch, password: str, args: list[str]) -> int:
    """``gojokai ARGS`` with GOJOKAI_PASSWORD set as a script would."""
    monkeypatch.setenv("GOJOKAI_PASSWORD", password)
    return main(args)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from gojokai_desktop.services.demo.pipeline import generate_demo

    path = tmp_path_factory.mktemp("round_trip") / "demo.sqlite3"
    generate_demo(path, size="S")
    return path


def _members(path: Path) -> dict[str, tuple[object, ...]]:
    database = Database(f"sqlite:///{path}")
    try:
        with AppContext(database).reader() as session:
            ests = {e.id: (e.number, e.name) for e in session.scalars(select(Establishment))}
            return {
                m.number: (m.name, m.name_kana, m.sex, m.birth_date, ests[m.establishment_id],
                           m.employment_type, m.dues_class, m.join_date, m.leave_date,
                           m.leave_reason, m.postal_code, m.address, m.phone)
                for m in session.scalars(select(Member))
            }  # fmt: skip
    finally:
        database.dispose()


def _establishments(path: Path) -> dict[int, tuple[object, ...]]:
    database = Database(f"sqlite:///{path}")
    try:
        with AppContext(database).reader() as session:
            return {
                e.number: (e.name, e.name_kana, e.owner_name, e.postal_code, e.address, e.phone,
                           e.join_date, e.leave_date, e.billing_cycle, e.collection_method)
                for e in session.scalars(select(Establishment))
            }  # fmt: skip
    finally:
        database.dispose()


def _families(path: Path) -> set[tuple[object, ...]]:
    database = Database(f"sqlite:///{path}")
    try:
        with AppContext(database).reader() as session:
            rows = session.execute(select(FamilyMember, Member.number).join(Member))
            return {
                (number, f.relation, f.name, f.name_kana, f.sex, f.birth_date, f.dependent,
                 f.from_date, f.to_date, f.married_on)
                for f, number in rows
            }  # fmt: skip
    finally:
        database.dispose()


def test_export_init_import_gives_the_same_society_back(
    demo, tmp_path, capsys, monkeypatch
) -> None:
    roster = tmp_path / "roster.xlsx"
    assert run(monkeypatch, DEMO_PASSWORD, ["export", "members", "--format", "xlsx",
               "--out", str(roster), "--include-former", "--db", str(demo)]) == 0  # fmt: skip
    assert load_workbook(roster, read_only=True).sheetnames == [
        "会員名簿",
        "事業所",
        "家族",
        "互助会",
    ]
    target = tmp_path / "new.sqlite3"
    assert (
        run(
            monkeypatch,
            NEW_PASSWORD,
            ["init", "--db", str(target), "--name", "新しい町勤労者互助会"],
        )
        == 0
    )
    capsys.readouterr()
    assert (
        run(monkeypatch, NEW_PASSWORD, ["import", "members", str(roster), "--db", str(target)]) == 0
    )
    out = capsys.readouterr()
    assert out.err == ""
    before, after = _members(demo), _members(target)
    assert len(before) == 300
    assert after == before  # numbers, names, kana, establishment, dates, leave reasons …
    assert sum(1 for m in after.values() if m[8] is not None) > 10  # former members came too
    assert _establishments(target) == _establishments(demo)
    families = _families(demo)
    assert len(families) > 100
    assert _families(target) == families
    database = Database(f"sqlite:///{target}")
    try:
        ctx = AppContext(database)
        profile = load_profile(ctx)
        assert profile is not None
        assert profile.name == "新しい町勤労者互助会"  # init's name wins over the file's
        with AppContext(database).reader() as session:
            open_periods = session.scalars(select(Period).where(Period.end_date.is_(None))).all()
            assert len(open_periods) == sum(1 for m in after.values() if m[8] is None)
            leaves = session.scalars(select(MemberEvent).where(MemberEvent.kind == "leave")).all()
            assert len(leaves) == sum(1 for m in after.values() if m[8] is not None)
    finally:
        database.dispose()


def test_a_new_database_takes_the_society_profile_from_the_workbook(
    demo, tmp_path, monkeypatch
) -> None:
    roster = tmp_path / "roster.xlsx"
    assert (
        run(
            monkeypatch,
            DEMO_PASSWORD,
            ["export", "members", "--out", str(roster), "--db", str(demo)],
        )
        == 0
    )
    target = tmp_path / "plain.sqlite3"
    # No init: the database is made by the import and the 互助会 sheet sets it up.
    assert (
        run(monkeypatch, NEW_PASSWORD, ["import", "members", str(roster), "--db", str(target)]) == 0
    )
    database = Database(f"sqlite:///{target}")
    demo_db = Database(f"sqlite:///{demo}")
    try:
        assert load_profile(AppContext(database)) == load_profile(AppContext(demo_db))
    finally:
        database.dispose()
        demo_db.dispose()


def test_a_csv_roster_without_profile_is_refused_with_what_to_do(
    demo, tmp_path, capsys, monkeypatch
):
    roster = tmp_path / "roster.csv"
    assert run(monkeypatch, DEMO_PASSWORD, ["export", "members", "--format", "csv",
               "--out", str(roster), "--db", str(demo)]) == 0  # fmt: skip
    target = tmp_path / "empty.sqlite3"
    capsys.readouterr()
    assert (
        run(monkeypatch, NEW_PASSWORD, ["import", "members", str(roster), "--db", str(target)]) == 2
    )
    assert "gojokai init --name 団体名" in capsys.readouterr().err
    assert (
        run(monkeypatch, NEW_PASSWORD, ["init", "--db", str(target), "--name", "CSVの互助会"]) == 0
    )
    assert (
        run(monkeypatch, NEW_PASSWORD, ["import", "members", str(roster), "--db", str(target)]) == 0
    )
    # A CSV has no 事業所 sheet: establishments are made from each row's number and name.
    after = _members(target)
    assert after == {k: v for k, v in _members(demo).items() if v[8] is None}
    made = _establishments(target)
    assert all(kana == "" for _n, kana, *_rest in made.values())  # never kanji as kana
    assert set(made) == {est[0] for *_a, est in (m[:5] for m in after.values())}
    first_join: dict[int, dt.date] = {}
    for member in after.values():
        number = member[4][0]
        first_join[number] = min(first_join.get(number, member[7]), member[7])
    assert {n: e[6] for n, e in made.items()} == first_join  # joined with its first member
