"""The home page's to-do lines: what is waiting, how much, and where to do it."""

from __future__ import annotations

import datetime as dt

from gojokai_desktop.services.benefits.claim_views import ClaimsTodo
from gojokai_desktop.services.benefits.claims import ClaimInput, receive_claim
from gojokai_desktop.services.benefits.due import DueThisMonth, due_this_month
from gojokai_desktop.services.dashboard import (
    TodoItem,
    WorkFigures,
    due_todo,
    work_figures,
    work_todo,
)
from gojokai_desktop.services.dues.payments import DuesTodo

D = dt.date


def test_nothing_waiting_says_nothing() -> None:
    quiet = WorkFigures(ClaimsTodo(0, 0, 0, 0), DuesTodo(0, 0, 0, 0))
    assert work_todo(quiet) == []
    assert due_todo(DueThisMonth(D(2025, 6, 1), ())) == []


def test_each_waiting_step_says_what_to_do_and_where() -> None:
    busy = WorkFigures(
        ClaimsTodo(3, 2, 1_204, 12_345_000, in_draft=4, in_draft_amount=45_000),
        DuesTodo(9, 45_000, 4, 1),
    )
    assert work_todo(busy) == [
        TodoItem(
            "受付のままの給付請求が 3件あります。［慶弔給付］→［請求］で書類を確かめて審査",
            "慶弔給付",
            "請求",
        ),
        TodoItem(
            "審査済の給付請求が 2件あります。［慶弔給付］→［請求］で支給決定または不支給",
            "慶弔給付",
            "請求",
        ),
        TodoItem(
            "支給決定・未払の給付が 1,200件（￥12,300,000）あります。"
            "［慶弔給付］→［支払］で支払予定を作成",
            "慶弔給付",
            "支払",
        ),
        TodoItem(
            "作成中の支払予定に給付が 4件（￥45,000）あります。"
            "［慶弔給付］→［支払］で確かめて支払を確定",
            "慶弔給付",
            "支払",
        ),
        TodoItem(
            "期限を過ぎた会費の未納が 4件あります。［会費］→［滞納］で督促状を印刷",
            "会費",
            "滞納",
        ),
        TodoItem(
            "口座振替ができなかった会費の請求が 1件あります。［会費］→［請求］で払込依頼を印刷",
            "会費",
            "請求",
        ),
    ]


def test_work_figures_count_the_claims_in_the_database(ctx, benefit_society) -> None:
    receive_claim(
        ctx,
        ClaimInput(
            member_id=benefit_society.hanako,
            kind_code="sickness",
            event_date=D(2025, 5, 20),
            claim_date=D(2025, 6, 14),
            days_off=45,
        ),
    )
    work = work_figures(ctx)
    assert work.claims == ClaimsTodo(1, 0, 0, 0)
    assert work.dues == DuesTodo(0, 0, 0, 0)
    # 花子's silver wedding (married 2000-05-05) fell in May, not in June (today 2025-06-15).
    assert due_todo(due_this_month(ctx)) == []
