"""The 年度締め tab: the checklist sends the clerk to the screen that fixes a line; an
administrator closes and re-opens; a closed year refuses postings in the dialogs too."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time

import pytest
from PySide6.QtWidgets import QMessageBox

from gojokai_desktop.db.uow import Actor
from gojokai_desktop.domain.wareki import format_wareki_short
from gojokai_desktop.services.accounts import ledger
from gojokai_desktop.services.accounts.balances import set_opening_balance
from gojokai_desktop.services.accounts.setup import load_preset
from gojokai_desktop.services.accounts.year_close import closing_history, is_closed
from gojokai_desktop.ui.accounts.dialogs import EntryDialog
from gojokai_desktop.ui.accounts.page import AccountsPage
from gojokai_desktop.ui.accounts.year_close_tab import ChecklistModel, ReopenDialog, YearCloseTab
from tests.gui.typing import type_text

pytestmark = pytest.mark.gui
D = dt.date


@pytest.fixture
def admin(ctx, society):
    with ctx.unit_of_work("準備") as uow:
        load_preset(uow, valid_from_year=2024)
        set_opening_balance(uow, fiscal_year=2024, account="general", amount=10_000)
        ledger.post(uow, date=D(2024, 5, 2), amount=3_000, description="切手", item="207")
        uow.commit()
    return dataclasses.replace(ctx, actor=Actor(1, "管理者"))


@pytest.fixture
def said(monkeypatch) -> list[str]:
    texts: list[str] = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(
            QMessageBox, kind, staticmethod(lambda _parent, _title, text, *a: texts.append(text))
        )

    def shown(box: QMessageBox) -> int:
        # The page's own boxes (Japanese 閉じる button): what they said is what counts.
        assert [b.text() for b in box.buttons()] == ["閉じる"]
        texts.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", shown)
    return texts


@pytest.fixture
def page(qtbot, admin) -> AccountsPage:
    widget = AccountsPage(admin)
    qtbot.addWidget(widget)
    widget.resize(1024, 768)
    widget.show()
    widget.year_spin.setValue(2024)
    widget.tabs.setCurrentWidget(widget.year_close_tab)
    widget.refresh()
    widget.year_close_tab.loader.wait()
    return widget


def test_checklist_model_passes_the_model_tester(qtmodeltester, page) -> None:
    qtmodeltester.check(page.year_close_tab.model)
    qtmodeltester.check(page.year_close_tab.history)
    assert isinstance(page.year_close_tab.model, ChecklistModel)


def test_a_blocking_line_opens_the_screen_that_fixes_it(qtbot, page) -> None:
    page.year_spin.setValue(2025)
    tab: YearCloseTab = page.year_close_tab
    tab.loader.wait()
    model = tab.model
    assert model.index(0, 0).data() == "× 要対応"
    assert model.index(0, 1).data() == "年度末（令和8年3月31日）が過ぎていません"
    assert not tab.close_button.isEnabled()
    with qtbot.waitSignal(page.open_requested, timeout=1000, raising=False) as blocker:
        tab.view.selectRow(1)  # 前年度が締められていません → 会計 / 年度締め (this page)
        tab.open_screen()
    assert not blocker.signal_triggered  # an accounts tab opens inside the page
    assert page.tabs.currentWidget() is tab


def test_another_areas_line_asks_the_main_window_for_its_screen(qtbot, page) -> None:
    from gojokai_desktop.db.models import BenefitPaymentBatch

    with page.ctx.unit_of_work("支払予定") as uow:
        uow.session.add(
            BenefitPaymentBatch(
                fiscal_year=2024, seq=1, payment_date=D(2025, 3, 25), status="draft", claim_count=1
            )
        )
        uow.commit()
    tab: YearCloseTab = page.year_close_tab
    tab.load()
    tab.loader.wait()
    row = next(r for r in range(tab.model.rowCount()) if "支払予定" in tab.model.index(r, 1).data())
    tab.view.selectRow(row)
    with qtbot.waitSignal(page.open_requested, timeout=1000) as blocker:
        tab.open_screen()
    assert blocker.args == ["慶弔給付", "支払"]
    assert not tab.close_button.isEnabled()


def test_close_and_reopen_from_the_tab(page, said, monkeypatch, tmp_path) -> None:
    admin = page.ctx
    tab: YearCloseTab = page.year_close_tab
    monkeypatch.setattr(tab, "_backup_dir", lambda: tmp_path)
    assert tab.close_button.isEnabled()
    assert "令和6年度は締めることができます" in tab.state_label.text()

    def confirm(_label: str) -> bool:
        tab._server_confirmed = False
        return True

    monkeypatch.setattr(tab, "_confirm_close", confirm)
    tab.close_button.click()
    tab.loader.wait()
    assert is_closed(admin, 2024)
    assert "令和6年度を締めました。翌年度へ繰り越した額: 合計 7,000円" in said[-1]
    assert (page.year_spin.text(), page.year_label.text()) == ("令和6年度", "（締め済み）")
    assert not page.new_button.isEnabled()
    assert tab.reopen_button.isEnabled()
    assert tab.history.index(0, 1).data() == "締め"
    # The time of the close as the clerk's clock in Japan showed it (stored in UTC).
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    tab.history.layoutChanged.emit()
    stored = closing_history(admin)[0].at
    shown = stored + dt.timedelta(hours=9)
    assert tab.history.index(0, 0).data() == f"{format_wareki_short(shown.date())} {shown:%H:%M}"
    monkeypatch.delenv("TZ")
    time.tzset()
    monkeypatch.setattr(ReopenDialog, "exec", lambda dialog: 1)
    monkeypatch.setattr(ReopenDialog, "reason", lambda dialog: "")
    tab.reopen_button.click()
    assert "再開する理由を入力してください" in said[-1]
    assert is_closed(admin, 2024)
    monkeypatch.setattr(ReopenDialog, "reason", lambda dialog: "監査で記帳漏れ")
    tab.reopen_button.click()
    tab.loader.wait()
    assert not is_closed(admin, 2024)
    assert tab.history.index(0, 3).data() == "監査で記帳漏れ"
    assert tab.state_label.text().startswith("令和6年度は再開中です（")
    assert (
        "理由: 監査で記帳漏れ）。直し終えたら、もう一度締めてください。" in tab.state_label.text()
    )
    assert page.new_button.isEnabled()


def test_a_posting_dated_in_a_closed_year_is_refused_in_the_dialog(
    qtbot, page, admin, monkeypatch, tmp_path
) -> None:
    tab: YearCloseTab = page.year_close_tab
    monkeypatch.setattr(tab, "_backup_dir", lambda: tmp_path)
    monkeypatch.setattr(tab, "_confirm_close", lambda _label: True)
    tab._server_confirmed = False
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: 0)
    tab.close_button.click()
    dialog = EntryDialog(admin, 2025)
    qtbot.addWidget(dialog)
    dialog.date_edit.clear()
    type_text(dialog.date_edit, "R7.3.31")
    type_text(dialog.item_chooser.lineEdit(), "207")
    type_text(dialog.amount_edit, "500")
    type_text(dialog.description_edit, "切手")
    dialog.save()
    assert dialog.entry_id is None
    assert "令和6年度は締め済み" in dialog.message.text()
