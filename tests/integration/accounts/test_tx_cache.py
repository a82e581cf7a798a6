"""What a transaction remembers (locked counters, open years, closed years, kept rows) is
never wrong: a rolled-back savepoint forgets it, a year closed in the same transaction is
refused, and a second reading of the settings costs no query."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, select

from gojokai_desktop.db.models import (
    CashBookEntry,
    FiscalYear,
    Item,
    NumberCounter,
    SocietySettings,
)
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services import numbering
from gojokai_desktop.services.accounts import ledger
from gojokai_desktop.services.accounts.setup import account_id_of, find_item, load_preset

D = dt.date


@pytest.fixture
def books(ctx, society):
    with ctx.unit_of_work("会計の準備") as uow:
        load_preset(uow, valid_from_year=2020)
        uow.commit()


def _post(uow) -> int:
    return ledger.post(uow, date=D(2025, 5, 10), amount=100, description="雑収入", item="106")


def _post_then_fail(uow) -> None:
    with uow.session.begin_nested():
        _post(uow)
        raise RuntimeError("取りやめ")


def test_vouchers_of_one_transaction_count_on_and_are_stored(ctx, books) -> None:
    with ctx.unit_of_work("記帳") as uow:
        for _ in range(5):
            _post(uow)
        uow.commit()
    with ctx.reader() as session:
        vouchers = session.scalars(select(CashBookEntry.voucher_no).order_by(CashBookEntry.id))
        counter = session.scalar(
            select(NumberCounter.value).where(NumberCounter.key == numbering.VOUCHER)
        )
    assert list(vouchers) == [1, 2, 3, 4, 5]
    assert counter == 5


def test_a_rolled_back_savepoint_gives_its_number_back(ctx, books) -> None:
    with ctx.unit_of_work("記帳") as uow:
        _post(uow)
        with pytest.raises(RuntimeError):
            _post_then_fail(uow)
        _post(uow)
        uow.commit()
    with ctx.reader() as session:
        vouchers = list(session.scalars(select(CashBookEntry.voucher_no)))
    assert sorted(vouchers) == [1, 2]


def test_a_year_closed_in_the_same_transaction_takes_no_more_postings(ctx, books) -> None:
    with ctx.unit_of_work("記帳") as uow:
        _post(uow)
        year = uow.session.scalar(select(FiscalYear).where(FiscalYear.year == 2025))
        year.status = "closed"
        with pytest.raises(RuleViolation, match="締め済み"):
            _post(uow)


def test_the_settings_are_read_once_per_session(ctx, society) -> None:
    with ctx.reader() as session:
        statements: list[str] = []
        connection = session.connection()
        event.listen(connection, "before_cursor_execute", lambda *a: statements.append(a[2]))
        session.get(SocietySettings, 1)
        first = len(statements)
        for _ in range(20):
            session.get(SocietySettings, 1)
        assert first == 1
        assert len(statements) == first


def test_an_item_made_a_heading_in_the_same_transaction_takes_no_more_postings(ctx, books) -> None:
    """Whether an item is a heading is remembered per transaction, but not past a new child:
    an item given a 目 below it after a posting is refused the next one, as a heading."""
    with ctx.unit_of_work("記帳") as uow:
        _post(uow)
        parent = find_item(uow, account_id_of(uow, None), "106")
        assert parent is not None
        uow.session.add(
            Item(
                account_id=parent.account_id,
                parent_id=parent.id,
                level=3,
                code="106-1",
                name="雑収入の内訳",
                side=parent.side,
            )
        )
        with pytest.raises(ValidationError, match="見出しの科目"):
            _post(uow)
