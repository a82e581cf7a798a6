"""One receipt numbering for every area, counters that start after numbers already in use."""

from __future__ import annotations

import datetime as dt

import pytest

from gojokai_desktop.db.models import Receipt
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.numbering import next_number
from gojokai_desktop.services.receipts import (
    issue_receipt_in,
    live_receipt_of,
    receipt_register,
    void_receipt_in,
)

D = dt.date


def _issue(ctx, source: str, day: dt.date, source_id: int | None = None, amount: int = 1000):
    with ctx.unit_of_work("テスト") as uow:
        view = issue_receipt_in(
            uow, source=source, source_id=source_id, issued=day, addressee="福島商事",
            amount=amount, purpose="テストとして",
        )  # fmt: skip
        uow.commit()
    return view


def test_areas_share_one_gapless_sequence_per_fiscal_year(ctx, society) -> None:
    a = _issue(ctx, "tickets", D(2025, 5, 1), 7)
    b = _issue(ctx, "events", D(2025, 5, 2), 3)
    c = _issue(ctx, "tickets", D(2026, 4, 1), 8)
    assert [a.label, b.label, c.label] == ["2025-0001", "2025-0002", "2026-0001"]
    assert [r.source_label for r in receipt_register(ctx, 2025)] == ["斡旋", "行事"]
    assert [r.number for r in receipt_register(ctx, 2025, source="events")] == [2]


def test_a_rolled_back_action_gives_its_number_back(ctx, society) -> None:
    with ctx.unit_of_work("取り消される操作") as uow:
        issue_receipt_in(
            uow, source="tickets", issued=D(2025, 5, 1), addressee="甲", amount=10, purpose="x"
        )
        # leaving without commit rolls back the receipt and the counter together
    assert _issue(ctx, "tickets", D(2025, 5, 1)).number == 1


def test_counter_starts_after_numbers_written_without_it(ctx, society) -> None:
    with ctx.unit_of_work("一括登録") as uow:
        uow.session.add(
            Receipt(fiscal_year=2025, number=41, source="other", issued_date=D(2025, 4, 1),
                    addressee="甲", amount=1, purpose="x", status="issued", reissue_count=0)
        )  # fmt: skip
        uow.commit()
    assert _issue(ctx, "events", D(2025, 6, 1)).number == 42
    with ctx.unit_of_work("番号") as uow:
        assert next_number(uow, "other-kind", 2025, floor=lambda: 9) == 10
        assert next_number(uow, "other-kind", 2025, floor=lambda: 99) == 11
        uow.commit()


def test_void_keeps_the_number_and_the_live_receipt_is_found_by_source(ctx, society) -> None:
    first = _issue(ctx, "tickets", D(2025, 5, 1), source_id=5)
    with ctx.unit_of_work("無効") as uow:
        assert live_receipt_of(uow, "tickets", 5) == first
        void_receipt_in(uow, first.id, "金額の誤り")
        assert live_receipt_of(uow, "tickets", 5) is None
        with pytest.raises(RuleViolation):
            void_receipt_in(uow, first.id, "二度目")
        uow.commit()
    assert [r.status for r in receipt_register(ctx, 2025)] == ["void"]


@pytest.mark.parametrize(("addressee", "amount", "field"), [("", 100, "宛名"), ("甲", 0, "金額")])
def test_a_receipt_needs_an_addressee_and_an_amount(ctx, society, addressee, amount, field):
    with ctx.unit_of_work("テスト") as uow, pytest.raises(ValidationError) as caught:
        issue_receipt_in(
            uow, source="tickets", issued=D(2025, 5, 1), addressee=addressee, amount=amount,
            purpose="x",
        )  # fmt: skip
    assert caught.value.field == field
