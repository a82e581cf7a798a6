"""The establishments page: head count on a date, its members, refusing to close while staffed."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from gojokai_desktop.services.members.establishments import (
    EstablishmentInput,
    create_establishment,
    get_establishment,
)
from gojokai_desktop.services.members.membership import join_member, transfer_member
from gojokai_desktop.services.members.records import MemberInput
from gojokai_desktop.ui.members.actions import EventDialog
from gojokai_desktop.ui.members.establishments_page import EstablishmentDialog, EstablishmentsPage
from tests.gui.typing import type_text

pytestmark = pytest.mark.gui
D = dt.date


def _cells(page: EstablishmentsPage, column: int) -> list[str]:
    return [page.proxy.index(r, column).data() for r in range(page.proxy.rowCount())]


def test_head_count_on_a_date_and_members(qtbot, ctx, society, qtmodeltester):
    a = create_establishment(ctx, EstablishmentInput(name="福島商事"), D(2020, 4, 1))
    b = create_establishment(ctx, EstablishmentInput(name="杉妻工業"), D(2020, 4, 1))
    m = join_member(
        ctx, MemberInput(name="山田　太郎", name_kana="ヤマダ　タロウ"), a.id, D(2025, 3, 1)
    )
    transfer_member(ctx, m.id, b.id, D(2025, 6, 1))
    page = EstablishmentsPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    qtmodeltester.check(page.model)
    assert _cells(page, 1) == ["福島商事", "杉妻工業"]
    assert _cells(page, 4) == ["0", "1"]
    page.on_edit.setDate(D(2025, 5, 1))
    assert _cells(page, 4) == ["1", "0"]
    page.view.selectRow(0)
    assert page.members_model.rowCount() == 1
    assert page.members_model.index(0, 4).data() == "R7.5.31"
    type_text(page.search_edit, "杉妻")
    assert _cells(page, 1) == ["杉妻工業"]


def test_closing_a_staffed_establishment_is_refused(qtbot, ctx, society, monkeypatch):
    a = create_establishment(ctx, EstablishmentInput(name="福島商事"), D(2020, 4, 1))
    join_member(ctx, MemberInput(name="山田　太郎", name_kana="ヤマダ"), a.id, D(2025, 3, 1))
    page = EstablishmentsPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    page.view.selectRow(0)
    monkeypatch.setattr(EventDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    page._close_selected()
    assert warned == ["福島商事には在籍中の会員が1人います。先に異動か退会の手続きをしてください。"]
    assert get_establishment(ctx, a.id).leave_date is None


def test_new_establishment_dialog_validates_and_saves(qtbot, ctx, society):
    dialog = EstablishmentDialog(ctx, None)
    qtbot.addWidget(dialog)
    dialog.save()
    assert dialog.error_label.text() == "事業所名: 入力してください。"
    type_text(dialog.name_edit, "信夫製作所")
    type_text(dialog.kana_edit, "しのぶせいさくしょ")
    type_text(dialog.postal_edit, "9608101")
    dialog.save()
    assert dialog.row is not None
    assert (dialog.row.number, dialog.row.data.name_kana, dialog.row.data.postal_code) == (
        1,
        "シノブセイサクショ",
        "960-8101",
    )
