"""The demo's three partners: ten years each, targets and results (some reached, some not),
half-years, months and counted enrolments, and reports that agree with the rows."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.uow import Actor
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.demo.pipeline import DEMO_TODAY, generate_demo
from gojokai_desktop.services.partners.items import list_partners
from gojokai_desktop.services.partners.report import partner_reports


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("partners-demo") / "demo.sqlite3"
    generate_demo(path, size="S", seed=1)
    return path


@pytest.fixture
def demo_ctx(demo_db: Path) -> Iterator[AppContext]:
    database = Database(f"sqlite:///{demo_db}")
    yield AppContext(database, Actor(1, "鈴木　美穂"), clock=lambda: DEMO_TODAY)
    database.dispose()


def test_three_partners_with_ten_years_of_items_and_targets(demo_db: Path, demo_ctx) -> None:
    partners = list_partners(demo_ctx)
    assert [(p.name, p.start_month, p.data.rate_rounding) for p in partners] == [
        ("ろうきん", 4, "trunc_1"),
        ("自治労共済", 6, "trunc_2"),
        ("こくみん共済 coop", 6, "half_up_1"),
    ]
    with sqlite3.connect(f"file:{demo_db}?mode=ro", uri=True) as db:
        years = db.execute(
            "SELECT partner_id, count(DISTINCT fiscal_year) FROM partner_items GROUP BY partner_id"
        ).fetchall()
        assert years == [(1, 10), (2, 10), (3, 10)]
        untargeted = db.execute(
            "SELECT count(*) FROM partner_items i WHERE NOT EXISTS (SELECT 1 FROM partner_targets"
            " t WHERE t.item_id = i.id AND t.establishment_id IS NULL)"
        ).fetchone()[0]
        assert untargeted == 0
        kinds = dict(
            db.execute(
                "SELECT p.name, group_concat(DISTINCT r.months) FROM partner_results r"
                " JOIN partner_items i ON i.id = r.item_id JOIN partners p ON p.id = i.partner_id"
                " GROUP BY p.name"
            ).fetchall()
        )
        assert kinds == {"ろうきん": "6", "自治労共済": "1"}
        enrolled = db.execute("SELECT count(*) FROM partner_enrolments").fetchone()[0]
        assert enrolled > 50
        # Every enrolment is of a member present that day, at their establishment then.
        strays = db.execute(
            "SELECT count(*) FROM partner_enrolments e WHERE NOT EXISTS (SELECT 1 FROM"
            " affiliations a WHERE a.member_id = e.member_id AND a.establishment_id ="
            " e.establishment_id AND a.start_date <= e.enrolled_on AND (a.end_date IS NULL"
            " OR a.end_date >= e.enrolled_on))"
        ).fetchone()[0]
        assert strays == 0
        # Nothing is dated after the demo's today.
        late = db.execute(
            "SELECT count(*) FROM partner_enrolments WHERE enrolled_on > ?", (DEMO_TODAY,)
        ).fetchone()[0]
        assert late == 0


def test_some_targets_are_reached_and_some_not(demo_ctx) -> None:
    grades: Counter[str] = Counter()
    for year in range(2018, 2026):
        for report in partner_reports(demo_ctx, year, "year", by_establishment=False):
            grades.update(line.grade for line in report.lines if line.kind == "item")
    assert grades["○"] > 10
    assert grades["△"] > 10
    assert grades["×"] > 10


def test_this_year_s_first_half_is_in_and_the_second_is_not(demo_ctx) -> None:
    reports = {r.partner_name: r for r in partner_reports(demo_ctx, 2026, "H1")}
    bank = reports["ろうきん"]
    assert all(line.result > 0 for line in bank.lines if line.kind == "total")
    assert bank.establishment_table("main").lines[-1].label == "合計（団体全体）"
    # ろうきん's 下期 (Oct–Mar) has not been entered yet: the year equals the half.
    year = {r.partner_name: r for r in partner_reports(demo_ctx, 2026, "year")}
    assert year["ろうきん"].line("main").result == bank.line("main").result
    # The co-op's 上期 (June–November) is under way: October's enrolments are counted.
    assert reports["こくみん共済 coop"].lines[-1].result > 0
