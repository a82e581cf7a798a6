"""Benefits outside the 請求・支払 tabs: establishment account, home page, 給付表, 該当者, 台帳."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gojokai_desktop.services.establishments import get_establishment
from gojokai_desktop.ui.establishments_page import EstablishmentDialog
from tests.gui.typing import type_text
from tests.integration import conftest as integration

pytestmark = pytest.mark.gui
benefit_society = integration.benefit_society  # the society of the benefit service tests
D = dt.date
SHOTS = Path("/tmp/shots")


def _grab(widget, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    widget.grab().save(str(SHOTS / name))


def test_establishment_account_is_saved_with_names_shown(qtbot, ctx, benefit_society):
    row = get_establishment(ctx, benefit_society.establishment_id)
    dialog = EstablishmentDialog(ctx, row)
    qtbot.addWidget(dialog)
    account = dialog.account
    type_text(account.bank_edit, "0126")
    type_text(account.branch_edit, "101")
    assert (account.bank_name.text(), account.branch_name.text()) == (
        "東邦（トウホウ）",
        "本店営業部（ホンテン）",
    )
    account.account_type_combo.setCurrentIndex(account.account_type_combo.findText("当座"))
    type_text(account.account_edit, "12a4")
    type_text(account.holder_edit, "フクシマショウジ（カ")
    _grab(dialog, "establishment_dialog_account.png")
    dialog.save()
    assert dialog.error_label.text() == "口座番号: 「12a4」は数字だけで入力してください。"
    assert get_establishment(ctx, row.id).data.account_number == ""
    account.account_edit.clear()
    type_text(account.account_edit, "1234")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    data = get_establishment(ctx, row.id).data
    assert (data.bank_code, data.branch_code, data.account_type, data.account_number) == (
        "0126",
        "101",
        "2",
        "0001234",
    )
    reopened = EstablishmentDialog(ctx, get_establishment(ctx, row.id))
    qtbot.addWidget(reopened)
    assert reopened.account.account_edit.text() == "0001234"
    assert reopened.account.bank_name.text() == "東邦（トウホウ）"
