"""The member record's 会費 tab: the member's share of each bill, what is open, and the
entry fee and months the member pays in cash at the counter (with a receipt to them)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from gojokai_desktop.db.models import CashBookEntry, DuesBill, DuesPayment, Receipt
from gojokai_desktop.services.accounts.setup import load_preset
from gojokai_desktop.services.dues.billing import run_billing
from gojokai_desktop.services.dues.fees import FeeTableInput, save_fee_table
from gojokai_desktop.services.members.establishments import EstablishmentInput, create_establishment
from gojokai_desktop.services.members.membership import join_member
from gojokai_desktop.services.members.records import MemberInput
from gojokai_desktop.ui.members import dues_tab
from gojokai_desktop.ui.members.record_dialog import MemberDialog
from tests.gui.screens import shots_dir

pytestmark = pytest.mark.gui
D = dt.date


@pytest.fixture
def newcomer(ctx, society) -> int:
    with ctx.unit_of_work("会計の準備") as uow:
        load_preset(uow, valid_from_year=2020)
        uow.commit()
    save_fee_table(ctx, FeeTableInput(2025, entry_fee=1_000, monthly_dues=500))
    est = create_establishment(
        ctx, EstablishmentInput(name="福島商事", billing_cycle="quarterly"), D(2020, 4, 1)
    ).id
    join_member(ctx, MemberInput(name="古株　一郎", name_kana="フルカブ　イチロウ"), est,
                D(2024, 12, 10))  # fmt: skip
    run_billing(ctx, D(2025, 4, 1))
    member = join_member(
        ctx, MemberInput(name="新人　花子", name_kana="シンジン　ハナコ"), est, D(2025, 4, 15)
    ).id  # from 2025-05-01
    run_billing(ctx, D(2025, 7, 1))
    return member


def _rows(model) -> list[dict[str, str]]:
    heads = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return [
        {h: model.index(r, c).data() for c, h in enumerate(heads)} for r in range(model.rowCount())
    ]


def test_the_tab_models_pass_the_model_tester(qtmodeltester, ctx, newcomer) -> None:
    tab = dues_tab.MemberDuesTab(ctx)
    tab.show_member(newcomer, "新人　花子")
    qtmodeltester.check(tab.lines_model)
    qtmodeltester.check(tab.payments_model)


def test_the_dues_tab_shows_the_share_and_takes_the_members_cash(
    qtbot, ctx, newcomer, monkeypatch, tmp_path
) -> None:
    previews: list[tuple[str, str]] = []

    def fake_preview(parent, name, title, write):
        path = Path(tmp_path) / name
        write(path)
        previews.append((title, "".join(p.extract_text() for p in PdfReader(path).pages)))
        return path

    monkeypatch.setattr(dues_tab, "preview_pdf", fake_preview)
    dialog = MemberDialog(ctx, newcomer)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.dues_tab)
    tab = dialog.dues_tab
    assert [(r["請求月"], r["内容"], r["月数"], r["本人分"], r["請求の状態"])
            for r in _rows(tab.lines_model)] == [
        ("令和7年7月", "会費", "3", "1,500", "未納"),
        ("令和7年7月", "入会金", "1", "1,000", "未納"),
        ("令和7年7月", "途中入会分", "2", "1,000", "未納"),
    ]  # fmt: skip
    assert tab.total_label.text().startswith("請求（本人分）合計 ￥3,500　うち未納 ￥3,500")
    assert "入会金・途中入会分 ￥2,000" in tab.total_label.text()
    dialog.grab().save(str(shots_dir(tmp_path) / "member_dues_tab.png"))
    monkeypatch.setattr(dues_tab.MemberCashDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    tab.take_cash()
    assert "￥2,000 を受け取り" in tab.message.text()
    assert [
        (r["入金日"], r["金額"], r["方法"], r["領収書"]) for r in _rows(tab.payments_model)
    ] == [
        ("R7.6.15", "2,000", "現金", "2025-0001"),
    ]
    assert "本人からの入金 ￥2,000" in tab.total_label.text()
    title, text = previews[-1]
    assert title == "領収書"
    assert "新人　花子" in text
    with ctx.reader() as session:
        payment = session.scalars(select(DuesPayment)).one()
        assert (payment.member_id, payment.method, payment.amount) == (newcomer, "cash", 2_000)
        july = session.scalars(select(DuesBill).where(DuesBill.period == D(2025, 7, 1))).one()
        assert (july.paid_amount, july.status) == (2_000, "open")  # 古株's dues still open
        receipt = session.scalars(select(Receipt)).one()
        assert receipt.addressee == "新人　花子"
        entries = session.scalars(select(CashBookEntry.amount)).all()
        assert sum(entries) == 2_000
