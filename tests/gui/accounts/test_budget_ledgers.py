"""The budget editor of an account with sub-ledgers (004: 一般経理・短期経理): one amount per
sub-ledger, their total, and the 収支予算書's 内訳 from what was typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from gojokai_desktop.db.models import BudgetLine, Item, SubLedger
from gojokai_desktop.services.accounts import budget
from gojokai_desktop.services.accounts.budget_report import budget_table
from gojokai_desktop.services.accounts.setup import PRESETS_DIR, load_preset
from gojokai_desktop.ui.accounts.page import AccountsPage

pytestmark = pytest.mark.gui


@pytest.fixture
def books_004(ctx, society) -> int:
    with ctx.unit_of_work("科目の登録") as uow:
        load_preset(uow, PRESETS_DIR / "items_004_general.toml", valid_from_year=2025)
        made = budget.create_budget(uow, fiscal_year=2025)
        uow.commit()
    return made


def test_amounts_are_typed_per_sub_ledger(qtbot, qtmodeltester, ctx, books_004) -> None:
    page = AccountsPage(ctx)
    qtbot.addWidget(page)
    page.tabs.setCurrentIndex(1)
    model = page.budget_tab.budget_model
    qtmodeltester.check(model)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["科目コード", "科目", "一般経理", "短期経理", "合計", "説明"]
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    dues, heading = rows["I11"], rows["I1"]
    assert model.setData(model.index(dues, 2), "509,504,000")
    assert model.setData(model.index(dues, 3), "102295000")
    assert model.setData(model.index(dues, 5), "組合員掛金")
    assert not model.setData(model.index(dues, 4), "1")  # the total is not typed
    assert not model.setData(model.index(heading, 2), "1")  # nor a heading
    assert [model.index(dues, c).data() for c in (2, 3, 4)] == [
        "509,504,000", "102,295,000", "611,799,000",
    ]  # fmt: skip
    assert [model.index(heading, c).data() for c in (2, 3, 4)] == [
        "509,504,000", "102,295,000", "611,799,000",
    ]  # fmt: skip
    page.budget_tab.save_budget()
    with ctx.reader() as session:
        saved = {
            (code, sub): (line.amount, line.explanation)
            for line, code, sub in session.execute(
                select(BudgetLine, Item.code, SubLedger.code)
                .join(Item, Item.id == BudgetLine.item_id)
                .outerjoin(SubLedger, SubLedger.id == BudgetLine.sub_ledger_id)
                .where(BudgetLine.budget_id == books_004)
            )
        }
    assert saved == {
        ("I11", "general"): (509_504_000, "組合員掛金"),
        ("I11", "short"): (102_295_000, "組合員掛金"),
    }
    table = budget_table(ctx, fiscal_year=2025, unit="千円")
    assert table.sub_ledger_columns == ("一般経理", "短期経理")
    row = next(r for s in table.sections for r in s.rows if r.item_id == _item(ctx, "I11"))
    # (A) 0 | 見込 0 | (B) 611,799 | (B)-(A) | 一般経理 509,504 | 短期経理 102,295
    assert row.cells[2] == 611_799
    assert row.cells[-2:] == (509_504, 102_295)
    assert row.explanation == "組合員掛金"


def _item(ctx, code: str) -> int:
    with ctx.reader() as session:
        return int(session.scalar(select(Item.id).where(Item.code == code)))
