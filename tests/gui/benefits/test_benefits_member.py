"""Benefits in the member record: the 給付 tab, bank names beside the codes, 婚姻日 of a spouse."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from gojokai_desktop.services.benefits.claims import ClaimInput, approve_claim, receive_claim
from gojokai_desktop.services.benefits.payments import commit_batch, create_batch
from gojokai_desktop.services.members.membership import get_member
from gojokai_desktop.ui.members.actions import FamilyDialog
from gojokai_desktop.ui.members.record_dialog import MemberDialog
from tests.gui.typing import type_text
from tests.integration import conftest as integration
from tests.integration.conftest import BenefitSociety

pytestmark = pytest.mark.gui
benefit_society = integration.benefit_society  # the society of the benefit service tests
D = dt.date
SHOTS = Path("/tmp/shots")


@pytest.fixture(autouse=True)
def _no_unsaved_question(monkeypatch):
    """A failed test must not hang on the 'save your changes?' question when closed."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Discard)


def _grab(widget, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    widget.grab().save(str(SHOTS / name))


def _cells(model, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def _claim_for_mother(ctx, society: BenefitSociety) -> int:
    data = ClaimInput(
        member_id=society.hanako,
        kind_code="death_parent",
        family_member_id=society.mother,
        event_date=D(2025, 5, 1),
        claim_date=D(2025, 6, 1),
        evidence=("死亡診断書の写しまたは会葬礼状",),
        payment_method="cash",
    )
    claim = receive_claim(ctx, data)
    return approve_claim(ctx, claim.row.id, D(2025, 6, 10)).row.id


def test_benefits_tab_lists_the_claims_of_member_and_family(
    qtbot, ctx, benefit_society, qtmodeltester
):
    paid = _claim_for_mother(ctx, benefit_society)
    batch = create_batch(ctx, D(2025, 6, 13), [paid])
    commit_batch(ctx, batch.row.id)
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
    dialog = MemberDialog(ctx, benefit_society.hanako)
    qtbot.addWidget(dialog)
    tab = dialog.benefits_tab
    qtmodeltester.check(tab.model)
    assert dialog.tabs.tabText(dialog.tabs.indexOf(tab)) == "給付"
    # Newest claim first, as the service delivers them.
    assert _cells(tab.proxy, 0) == ["R7-0002", "R7-0001"]
    assert _cells(tab.proxy, 2) == ["佐藤　花子（本人）", "佐藤　ハナ（母）"]
    assert _cells(tab.proxy, 4) == ["受付", "支払済"]
    assert _cells(tab.proxy, 5) == ["", "10,000"]
    assert _cells(tab.proxy, 6) == ["", "R7.6.13"]
    assert tab.total_label.text() == ("請求 2 件　うち支払済 1 件・支払合計 ￥10,000　処理中 1 件")
    dialog.tabs.setCurrentWidget(tab)
    dialog.resize(820, 480)
    _grab(dialog, "member_benefits_tab.png")


def test_bank_and_branch_names_follow_the_codes(qtbot, ctx, benefit_society):
    dialog = MemberDialog(ctx, benefit_society.hanako)
    qtbot.addWidget(dialog)
    account = dialog.account
    assert account.bank_name.text() == "みずほ（ミズホ）"
    assert account.branch_name.text() == "東京営業部（トウキヨウ）"
    account.bank_edit.clear()
    type_text(account.bank_edit, "0126")
    assert account.bank_name.text() == "東邦（トウホウ）"
    assert account.branch_name.text() == "この金融機関の一覧にない支店コードです"
    account.branch_edit.clear()
    type_text(account.branch_edit, "101")
    assert account.branch_name.text() == "本店営業部（ホンテン）"
    account.bank_edit.clear()
    type_text(account.bank_edit, "9998")
    assert account.bank_name.text() == "一覧にない金融機関コードです（コードだけで扱います）"
    assert account.branch_name.text() == ""
    assert dialog.is_dirty()
    account.bank_edit.setText("0126")
    dialog.tabs.setCurrentIndex(1)
    _grab(dialog, "member_bank_tab.png")
    assert dialog.save()
    saved = get_member(ctx, benefit_society.hanako).data
    assert (saved.bank_code, saved.branch_code) == ("0126", "101")


def test_spouse_marriage_date_is_saved(qtbot, ctx, benefit_society, monkeypatch):
    dialog = MemberDialog(ctx, benefit_society.hanako)
    qtbot.addWidget(dialog)
    assert dialog.family_model.headerData(8, Qt.Orientation.Horizontal) == "婚姻日"
    spouse_row = next(
        row for row in range(dialog.family_model.rowCount())
        if dialog.family_model.key(row) == benefit_society.spouse
    )  # fmt: skip
    dialog.family_view.selectRow(spouse_row)

    def change_date(family: FamilyDialog) -> QDialog.DialogCode:
        assert family.married_edit.isEnabled()
        assert family.married_edit.date() == D(2000, 5, 5)
        family.married_edit.clear()
        type_text(family.married_edit, "H12.6.1")
        _grab(family, "family_dialog_spouse.png")
        family._check()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(FamilyDialog, "exec", change_date)
    dialog._change_family()
    family = get_member(ctx, benefit_society.hanako).family
    spouse = next(f for f in family if f.relation == "配偶者")
    assert spouse.married_on == D(2000, 6, 1)
    assert dialog.family_model.index(spouse_row, 8).data() == "H12.6.1"


def test_marriage_date_is_only_for_a_spouse(qtbot):
    family = FamilyDialog()
    qtbot.addWidget(family)
    family.relation_combo.setCurrentText("配偶者")
    family.married_edit.setDate(D(2010, 4, 1))
    family.relation_combo.setCurrentText("子")
    assert not family.married_edit.isEnabled()
    assert family.value().married_on is None
