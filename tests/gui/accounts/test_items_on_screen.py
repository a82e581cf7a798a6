"""Items (科目) renamed and reordered on the 科目・口座・繰越 tab; the reports follow."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog

from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.services.accounts import budget
from gojokai_desktop.services.accounts.budget_report import budget_table
from gojokai_desktop.services.accounts.items import move_item, rename_item
from gojokai_desktop.services.accounts.setup import list_items, load_preset
from gojokai_desktop.ui.accounts.page import AccountsPage

pytestmark = pytest.mark.gui


@pytest.fixture
def items(ctx, society):
    with ctx.unit_of_work("準備") as uow:
        load_preset(uow, valid_from_year=2020)
        made = budget.create_budget(uow, fiscal_year=2025)
        budget.set_line(uow, made, "206", 100_000)
        budget.set_line(uow, made, "207", 30_000)
        uow.commit()


def _codes_in_order(ctx, parent_code: str) -> list[str]:
    rows = list_items(ctx)
    parent = next(i for i in rows if i.code == parent_code)
    return [i.code for i in rows if i.parent_id == parent.parent_id and i.side == parent.side]


def _item(ctx, code: str):
    return next(i for i in list_items(ctx) if i.code == code)


def test_rename_and_move_on_screen(qtbot, ctx, items, monkeypatch) -> None:
    page = AccountsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentIndex(3)
    tab = page.setup_tab
    before = _codes_in_order(ctx, "206")
    row = next(r for r in range(tab.model.rowCount()) if tab.model.item_at(r).code == "207")
    tab.view.selectRow(row)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("郵便・通信費", True))
    tab.rename_selected()
    assert _item(ctx, "207").name == "郵便・通信費"
    tab.move_selected(-1)  # 207 above 206
    after = _codes_in_order(ctx, "206")
    assert after.index("207") == before.index("206")
    assert after.index("206") == before.index("207")
    assert tab.model.item_at(tab.view.currentIndex().row()).code == "207"  # still selected
    table = budget_table(ctx, fiscal_year=2025)
    labels = [r.label for s in table.sections for r in s.rows]
    renamed = next(i for i, label in enumerate(labels) if label.endswith("郵便・通信費"))
    office = next(i for i, label in enumerate(labels) if label.endswith("事務費"))
    assert renamed < office  # the 収支予算書 prints the new name in the new order


def test_a_change_from_another_pc_is_not_overwritten(ctx, items) -> None:
    seen = _item(ctx, "206")
    rename_item(ctx, seen.id, "事務局費", version=seen.version)
    with pytest.raises(RuleViolation, match="ほかの端末で先に変更されました"):
        rename_item(ctx, seen.id, "消耗品費", version=seen.version)
    assert _item(ctx, "206").name == "事務局費"
    first = _codes_in_order(ctx, "206")[0]
    with pytest.raises(RuleViolation, match="既にいちばん上です"):
        move_item(ctx, _item(ctx, first).id, -1)
