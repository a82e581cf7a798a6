"""Two clerks on one record, as the screens see it: the member, establishment and claim
dialogs save with the version they loaded, show 「ほかの端末で先に変更されました」 with the
other's change, and reload on request."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from gojokai_desktop.db.uow import Actor
from gojokai_desktop.services.benefits.claim_views import get_claim
from gojokai_desktop.services.benefits.claims import ClaimInput, receive_claim, update_claim
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.establishments import get_establishment, update_establishment
from gojokai_desktop.services.members.membership import get_member, update_member
from gojokai_desktop.ui.benefits.claim_dialog import ClaimDialog
from gojokai_desktop.ui.members.establishments_page import EstablishmentDialog
from gojokai_desktop.ui.members.record_dialog import MemberDialog
from tests.conftest import TODAY
from tests.gui.typing import type_text
from tests.integration import conftest as integration

pytestmark = pytest.mark.gui
benefit_society = integration.benefit_society
D = dt.date
SHOTS = os.environ.get("GOJOKAI_SHOTS")


def _other_clerk(ctx: AppContext) -> AppContext:
    return AppContext(ctx.database, Actor(None, "窓口 次郎"), clock=lambda: TODAY)


class BoxAnswer:
    """Answers the next message box with the button named ``button``; keeps its texts."""

    def __init__(self, button: str) -> None:
        self.button = button
        self.texts: list[str] = []
        QTimer.singleShot(0, self._answer)

    def _answer(self) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, self._answer)
            return
        box.resize(1024, 400)
        if SHOTS:
            box.grab().save(str(Path(SHOTS) / "edit_conflict.png"))
        self.texts = [box.windowTitle(), box.text(), box.informativeText()]
        self.texts += [b.text() for b in box.buttons()]
        chosen = next(b for b in box.buttons() if b.text() == self.button)
        chosen.click()


def test_member_dialog_shows_the_others_change_and_reloads(qtbot, ctx, benefit_society):
    dialog = MemberDialog(ctx, benefit_society.hanako)
    qtbot.addWidget(dialog)
    theirs = get_member(ctx, benefit_society.hanako)
    update_member(_other_clerk(ctx), theirs.id, replace(theirs.data, phone="024-555-0001"),
                  version=theirs.version)  # fmt: skip
    type_text(dialog.address_edit, "福島市森合1-1")
    answer = BoxAnswer("読み直す")
    assert not dialog.save()
    title, text, details, *buttons = answer.texts
    assert title == "ほかの端末で先に変更されました"
    assert text.startswith("会員 0001-001 佐藤　花子は、この画面を開いた後にほかの端末で変更")
    assert "窓口 次郎" in details
    assert "電話番号: （なし） → 024-555-0001" in details
    assert buttons == ["読み直す", "入力を残して戻る"]
    # Reloaded: the other's phone on screen, the typed address gone, nothing stored by us.
    assert dialog.phone_edit.text() == "024-555-0001"
    assert dialog.address_edit.text() == ""
    assert dialog.error_label.text() == "最新の内容を読み直しました。"
    assert get_member(ctx, benefit_society.hanako).data.address == ""
    type_text(dialog.address_edit, "福島市森合1-1")
    assert dialog.save()
    saved = get_member(ctx, benefit_society.hanako)
    assert (saved.data.phone, saved.data.address) == ("024-555-0001", "福島市森合1-1")


def test_member_dialog_keeps_the_typing_when_asked(qtbot, ctx, benefit_society):
    dialog = MemberDialog(ctx, benefit_society.hanako)
    qtbot.addWidget(dialog)
    theirs = get_member(ctx, benefit_society.hanako)
    update_member(_other_clerk(ctx), theirs.id, replace(theirs.data, phone="024-555-0001"),
                  version=theirs.version)  # fmt: skip
    type_text(dialog.address_edit, "福島市森合1-1")
    BoxAnswer("入力を残して戻る")
    assert not dialog.save()
    assert dialog.address_edit.text() == "福島市森合1-1"
    assert dialog.error_label.text().startswith("ほかの端末で先に変更されました")


def test_establishment_dialog_refuses_over_another_change(qtbot, ctx, benefit_society):
    row = get_establishment(ctx, benefit_society.establishment_id)
    dialog = EstablishmentDialog(ctx, row)
    qtbot.addWidget(dialog)
    update_establishment(_other_clerk(ctx), row.id, replace(row.data, phone="0245000000"),
                         version=row.version)  # fmt: skip
    type_text(dialog.owner_edit, "福島 一")
    answer = BoxAnswer("読み直す")
    dialog.save()
    assert "事業所 1 福島商事" in answer.texts[1]
    assert "電話番号: （なし） → 024-500-0000" in answer.texts[2]
    assert dialog.phone_edit.text() == "024-500-0000"
    assert dialog.owner_edit.text() == ""
    assert get_establishment(ctx, row.id).data.owner_name == ""


def test_claim_dialog_refuses_over_another_correction(qtbot, ctx, benefit_society):
    claim = receive_claim(
        ctx,
        ClaimInput(member_id=benefit_society.hanako, kind_code="sickness",
                   event_date=D(2025, 5, 1), claim_date=D(2025, 6, 1), days_off=45),
    )  # fmt: skip
    dialog = ClaimDialog(ctx, [], claim)
    qtbot.addWidget(dialog)
    update_claim(_other_clerk(ctx), claim.row.id, replace(claim.data, days_off=60),
                 version=claim.version)  # fmt: skip
    answer = BoxAnswer("読み直す")
    dialog.save()
    assert f"請求 {claim.row.number}" in answer.texts[1]
    assert "休業日数: 45 → 60" in answer.texts[2]
    assert "計算額: 20,000円 → 30,000円" in answer.texts[2]  # one save, one line
    assert dialog.claim is not None
    assert dialog.claim.version == get_claim(ctx, claim.row.id).version
    assert dialog.general_error.text() == "最新の内容を読み直しました。"


def test_fee_table_tab_refuses_over_a_version_saved_meanwhile(qtbot, ctx, society):
    from gojokai_desktop.services.dues.fees import FeeTableInput, fee_table_for, save_fee_table
    from gojokai_desktop.ui.dues.fees_tab import FeeTableTab

    first = save_fee_table(ctx, FeeTableInput(2025, monthly_dues=500))
    tab = FeeTableTab(ctx)
    qtbot.addWidget(tab)
    tab.year_spin.setValue(2025)
    tab.load()
    save_fee_table(_other_clerk(ctx), FeeTableInput(2025, monthly_dues=600), based_on=first.id)
    tab.monthly_edit.setValue(550)
    answer = BoxAnswer("読み直す")
    tab.save_button.click()
    assert "2025年度の会費表（第2版）" in answer.texts[1]
    assert "月額会費: 500 → 600" in answer.texts[2]
    assert tab.monthly_edit.value() == 600
    assert fee_table_for(ctx, 2025).version == 2
