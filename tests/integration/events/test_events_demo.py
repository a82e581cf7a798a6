"""The demo's events: every session within capacity, promotions in application order, fees
and subsidies equal to the cash book, receipts numbered without gaps after the dues ones."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import select

from gojokai_desktop.db.engine import Database
from gojokai_desktop.services.context import AppContext

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> AppContext:
    from gojokai_desktop.services.demo.pipeline import generate_demo

    path: Path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    generate_demo(path, size="S")
    return AppContext(Database(f"sqlite:///{path}"), clock=lambda: TODAY)


def test_ten_years_of_each_kind_with_a_full_trip_and_checkups_at_clinics(demo) -> None:
    from gojokai_desktop.services.events.views import get_event, list_events

    rows = list_events(demo)
    years = {r.fiscal_year for r in rows}
    assert len(years) == 10
    kinds = defaultdict(int)
    for row in rows:
        kinds[row.kind] += 1
    assert kinds == {"training": 20, "trip": 10, "tournament": 10, "checkup": 10}
    trips = [r for r in rows if r.kind == "trip"]
    # The bus fills; a group that no longer fits the last seat keeps its place in the queue.
    assert all(38 <= r.counts.confirmed <= 40 and r.counts.waiting > 0 for r in trips)
    checkup = get_event(demo, next(r.id for r in rows if r.kind == "checkup"))
    assert len(checkup.sessions) == 3
    assert len({s.place for s in checkup.sessions}) == 3


def test_no_session_is_over_capacity_and_promotions_kept_application_order(demo) -> None:
    from gojokai_desktop.services.events.roster import list_applications
    from gojokai_desktop.services.events.views import get_event, list_events

    for row in list_events(demo):
        detail = get_event(demo, row.id)
        if detail.capacity is not None:
            assert detail.counts.confirmed <= detail.capacity
        for session in detail.sessions:
            if session.capacity is not None:
                assert session.counts.confirmed <= session.capacity
        apps = list_applications(demo, row.id)
        promoted = [a.number for a in apps if a.promoted_on is not None]
        still_waiting = [a.number for a in apps if a.status == "waiting"]
        if promoted and still_waiting:
            assert max(promoted) < min(still_waiting)


def test_every_events_money_equals_the_cash_book(demo) -> None:
    from gojokai_desktop.services.events.books import book_check
    from gojokai_desktop.services.events.views import list_events

    totals = defaultdict(int)
    for row in list_events(demo):
        check = book_check(demo, row.id)
        assert check.agrees, (row.title, check.event, check.book)
        totals["fees"] += check.event.fee_income
        totals["subsidy"] += check.event.subsidy
        totals["labour"] += check.event.labour_bank
    assert totals["fees"] > 0
    assert totals["subsidy"] > 0
    assert totals["labour"] > 0


def test_receipts_are_gapless_per_year_with_the_events_after_the_dues(demo) -> None:
    from gojokai_desktop.db.models import Receipt

    with demo.reader() as session:
        rows = session.execute(
            select(Receipt.fiscal_year, Receipt.number, Receipt.source).order_by(
                Receipt.fiscal_year, Receipt.number
            )
        ).all()
    by_year: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for year, number, source in rows:
        by_year[year].append((number, source))
    assert any(source == "events" for numbers in by_year.values() for _n, source in numbers)
    for numbers in by_year.values():
        assert [n for n, _s in numbers] == list(range(1, len(numbers) + 1))
        sources = [s for _n, s in numbers]
        if "events" in sources and "dues" in sources:
            assert sources.index("events") > max(i for i, s in enumerate(sources) if s == "dues")


def test_the_home_page_says_what_is_waiting(demo) -> None:
    from gojokai_desktop.services.dashboard import events_lines
    from gojokai_desktop.services.events.todo import events_todo

    todo = events_todo(demo)
    assert todo.deadlines == 1  # the bowling tournament closes on 2026-11-27
    texts = [line.text for line in events_lines(todo)]
    assert any("申込締切が1週間以内の行事が 1件" in t for t in texts)
    assert any(t.startswith("行事の参加費の未入金が") for t in texts)
