"""The member list and record driven like a clerk: search as you type, kana index, open, edit."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gojokai_desktop.services.members.establishments import EstablishmentInput, create_establishment
from gojokai_desktop.services.members.membership import get_member, join_member, leave_member
from gojokai_desktop.services.members.records import MemberInput
from gojokai_desktop.ui.members.models import MemberTableModel
from gojokai_desktop.ui.members.page import MembersPage
from gojokai_desktop.ui.members.record_dialog import MemberDialog
from tests.gui.typing import type_text

pytestmark = pytest.mark.gui
D = dt.date


@pytest.fixture
def register(ctx, society):
    a = create_establishment(ctx, EstablishmentInput(name="福島商事"), D(2020, 4, 1))
    b = create_establishment(ctx, EstablishmentInput(name="杉妻工業"), D(2020, 4, 1))
    people = [
        ("山田　太郎", "ヤマダ　タロウ", a.id, "024-521-1234"),
        ("佐藤　花子", "サトウ　ハナコ", a.id, ""),
        ("鈴木　一郎", "スズキ　イチロウ", b.id, ""),
        ("山本　次郎", "ヤマモト　ジロウ", b.id, ""),
    ]
    ids = [
        join_member(ctx, MemberInput(name=n, name_kana=k, phone=p), e, D(2025, 5, 1)).id
        for n, k, e, p in people
    ]
    leave_member(ctx, ids[3], D(2025, 7, 1), "retired")
    return ids


def _names(page: MembersPage) -> list[str]:
    return [page.model.row_at(r).name for r in range(page.model.rowCount())]


def test_member_model_passes_the_model_tester(qtmodeltester, ctx, register):
    from gojokai_desktop.services.members.search import load_member_rows

    model = MemberTableModel(ctx.today())
    model.set_rows(load_member_rows(ctx))
    qtmodeltester.check(model)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_search_as_you_type_kana_index_and_former_toggle(qtbot, ctx, register):
    page = MembersPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    assert page.count_label.text() == "表示 3 人 / 登録 4 人"
    type_text(page.search_edit, "やま")
    assert _names(page) == ["山田　太郎"]
    page.status_combo.setCurrentIndex(2)  # 全員
    assert sorted(_names(page)) == ["山本　次郎", "山田　太郎"]
    page.search_edit.clear()
    type_text(page.search_edit, "0245211234")
    assert _names(page) == ["山田　太郎"]
    page.search_edit.clear()
    sa = next(b for b in page.kana_buttons.buttons() if b.text() == "サ")
    qtbot.mouseClick(sa, Qt.MouseButton.LeftButton)
    assert _names(page) == ["佐藤　花子", "鈴木　一郎"]
    assert page.count_label.text() == "表示 2 人 / 登録 4 人"


def test_sorting_by_a_column_keeps_the_filter(qtbot, ctx, register):
    page = MembersPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    page.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert [page.model.row_at(r).number for r in range(3)] == ["0002-001", "0001-002", "0001-001"]
    type_text(page.search_edit, "福島")
    assert [page.model.row_at(r).number for r in range(2)] == ["0001-002", "0001-001"]


def test_the_search_index_arrives_after_the_list_and_finds_the_same(qtbot, ctx, register):
    """The list shows at once; the index follows off the GUI thread (also into another sort
    order) and the clerk sees the same rows with it as without it."""
    page = MembersPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    assert not page.search_ready()  # the list is shown before the index is built
    type_text(page.search_edit, "やま")
    without = _names(page)
    page.search_edit.clear()
    page.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(page.search_ready, timeout=5000)
    page.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    type_text(page.search_edit, "やま")
    assert _names(page) == without == ["山田　太郎"]
    page.search_edit.clear()
    page.status_combo.setCurrentIndex(2)  # 全員
    page.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    everyone = ["山本　次郎", "鈴木　一郎", "佐藤　花子", "山田　太郎"]
    for text, expected in (
        ("やま", ["山本　次郎", "山田　太郎"]),
        ("00", everyone),
        ("0001-00", ["佐藤　花子", "山田　太郎"]),
        ("福島", ["佐藤　花子", "山田　太郎"]),
        ("ｲﾁﾛｳ", ["鈴木　一郎"]),
        ("5211", ["山田　太郎"]),
        ("ぞ", []),
    ):
        page.search_edit.clear()
        type_text(page.search_edit, text)
        assert _names(page) == expected, text
    page.reload()  # a new load: a new index is built, the old one is not used
    assert not page.search_ready()
    qtbot.waitUntil(page.search_ready, timeout=5000)


def test_the_index_of_a_shown_list_is_built_after_the_list_is_painted(
    qtbot, ctx, register, monkeypatch
):
    """Built meanwhile, its thread would hold Python's lock while the list waits to be
    painted (a second at 50,000 members): on screen, the list is painted first."""
    from PySide6.QtCore import QEvent, QObject

    class Paints(QObject):
        count = 0

        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                Paints.count += 1
            return False

    painted_when_built: list[int] = []
    build = MembersPage._build_index

    def counted(self):
        painted_when_built.append(Paints.count)
        return build(self)

    monkeypatch.setattr(MembersPage, "_build_index", counted)
    page = MembersPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    counter = Paints()
    page.view.viewport().installEventFilter(counter)
    page.reload()
    assert not page.search_ready()
    qtbot.waitUntil(page.search_ready, timeout=5000)
    assert painted_when_built
    assert painted_when_built[0] >= 1  # the list was painted before the index was begun
    type_text(page.search_edit, "やま")
    assert _names(page) == ["山田　太郎"]


def test_edit_and_save_a_member(qtbot, ctx, register):
    dialog = MemberDialog(ctx, register[0])
    qtbot.addWidget(dialog)
    assert dialog.header.text().startswith("0001-001　山田　太郎")
    dialog.address_edit.clear()
    type_text(dialog.address_edit, "福島市杉妻町2-16")
    assert dialog.is_dirty()
    assert dialog.save()
    assert get_member(ctx, register[0]).data.address == "福島市杉妻町2-16"
    assert not dialog.is_dirty()


def test_a_bad_postal_code_names_the_field_and_saves_nothing(qtbot, ctx, register):
    dialog = MemberDialog(ctx, register[0])
    qtbot.addWidget(dialog)
    type_text(dialog.postal_edit, "96-81")
    assert not dialog.save()
    assert dialog.error_label.text().startswith("郵便番号:")
    assert get_member(ctx, register[0]).data.postal_code == ""


def test_cancel_with_unsaved_changes_asks(qtbot, ctx, register, monkeypatch):
    dialog = MemberDialog(ctx, register[0])
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.name_edit, "X")
    asked = []

    def answer(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    dialog.reject()
    assert asked == ["変更が保存されていません。保存しますか？"]
    assert dialog.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    dialog.reject()
    assert not dialog.isVisible()
    assert get_member(ctx, register[0]).data.name == "山田　太郎"


def test_new_member_joins_from_the_first_after_the_cutoff(qtbot, ctx, register):
    dialog = MemberDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.effective_edit.date() == D(2025, 7, 1)  # today 6/15, cut-off 20th
    type_text(dialog.name_edit, "高橋　三郎")
    type_text(dialog.kana_edit, "たかはし さぶろう")
    dialog.establishment_combo.set_establishment_id(get_member(ctx, register[0]).establishment_id)
    assert dialog.save()
    assert dialog.detail is not None
    assert (dialog.detail.number, dialog.detail.join_date) == ("0001-003", D(2025, 7, 1))
    assert dialog.detail.data.name_kana == "タカハシ　サブロウ"


def test_leave_through_the_dialog_ends_the_month(qtbot, ctx, register, monkeypatch):
    from gojokai_desktop.ui.members.actions import EventDialog

    dialog = MemberDialog(ctx, register[0])
    qtbot.addWidget(dialog)

    def accept(self):
        self.date_edit.setDate(D(2025, 7, 3))
        self.reason_combo.setCurrentIndex(self.reason_combo.findData("withdrawn"))
        return EventDialog.DialogCode.Accepted

    monkeypatch.setattr(EventDialog, "exec", accept)
    dialog.leave_button.click()
    detail = get_member(ctx, register[0])
    assert (detail.leave_date, detail.leave_reason) == (D(2025, 7, 31), "withdrawn")
    assert "退会（令和7年7月31日・脱退）" in dialog.header.text()
    assert dialog.rejoin_button.isEnabled()
    assert not dialog.leave_button.isEnabled()


def test_duplicate_warning_names_the_other_member(qtbot, ctx, register, monkeypatch):
    dialog = MemberDialog(ctx)
    qtbot.addWidget(dialog)
    type_text(dialog.name_edit, "山田　太郎")
    type_text(dialog.kana_edit, "ヤマダ")
    dialog.establishment_combo.set_establishment_id(get_member(ctx, register[0]).establishment_id)
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()))
    assert not dialog.save()  # the clerk chose neither button: nothing is stored
    assert "0001-001 山田　太郎（福島商事）— 同じ事業所に同じ氏名" in shown[0]
    assert dialog.detail is None


def test_delete_is_offered_only_without_attachments(qtbot, ctx, register):
    fresh = MemberDialog(ctx, register[0])
    qtbot.addWidget(fresh)
    assert fresh.delete_button.isEnabled()
    left = MemberDialog(ctx, register[3])
    qtbot.addWidget(left)
    assert not left.delete_button.isEnabled()


def test_family_add_and_change_through_the_record(qtbot, ctx, register, monkeypatch):
    from gojokai_desktop.ui.members.actions import FamilyDialog

    dialog = MemberDialog(ctx, register[0])
    qtbot.addWidget(dialog)

    def add(self):
        type_text(self.name_edit, "山田　花")
        self.relation_combo.setCurrentText("配偶者")
        self.dependent_check.setChecked(True)
        return FamilyDialog.DialogCode.Accepted

    monkeypatch.setattr(FamilyDialog, "exec", add)
    dialog.add_family_button.click()
    assert [dialog.family_model.index(0, c).data() for c in (0, 1, 5)] == [
        "配偶者",
        "山田　花",
        "○",
    ]

    def change(self):
        assert self.name_edit.text() == "山田　花"
        self.dependent_check.setChecked(False)
        return FamilyDialog.DialogCode.Accepted

    monkeypatch.setattr(FamilyDialog, "exec", change)
    dialog.family_view.selectRow(0)
    dialog.change_family_button.click()
    assert get_member(ctx, register[0]).family[0].dependent is False
    assert not dialog.delete_button.isEnabled()  # a family record is attached now


def test_the_page_reloads_when_the_register_changed_elsewhere(qtbot, ctx, register):
    page = MembersPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    assert page.model.rowCount() == 3
    join_member(ctx, MemberInput(name="高橋　三郎", name_kana="タカハシ"), 1, D(2025, 5, 1))
    page.refresh()  # as when the clerk comes back to the page
    assert page.model.rowCount() == 4


def test_backspace_widens_the_search_again(qtbot, ctx, register):
    page = MembersPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    type_text(page.search_edit, "やまだ")
    assert _names(page) == ["山田　太郎"]
    page.search_edit.backspace()
    page.search_edit.backspace()
    assert page.search_edit.text() == "や"
    assert _names(page) == ["山田　太郎"]  # 山本 has left; the present ヤ are only 山田
    page.status_combo.setCurrentIndex(2)
    assert sorted(_names(page)) == ["山本　次郎", "山田　太郎"]


def test_the_filters_are_filled_after_the_first_paint_and_keep_their_choice(qtbot, ctx, register):
    """The establishment and join-year choices come from the loaded rows once the list is
    painted; a reload keeps the establishment chosen, and the list stays narrowed by it."""
    page = MembersPage(ctx)
    qtbot.addWidget(page)
    page.resize(1024, 700)
    page.show()
    qtbot.waitExposed(page)
    page.reload()
    qtbot.waitUntil(lambda: page.establishment_combo.count() > 0, timeout=5000)
    shown = [page.establishment_combo.itemText(i) for i in range(page.establishment_combo.count())]
    assert [text.split(" ", 1)[1] for text in shown if " " in text] == ["福島商事", "杉妻工業"]
    assert page.year_combo.itemText(1).endswith("入会")
    fukushima = get_member(ctx, register[0]).establishment_id
    page.establishment_combo.set_establishment_id(fukushima)
    assert sorted(_names(page)) == ["佐藤　花子", "山田　太郎"]
    join_member(ctx, MemberInput(name="高橋　三郎", name_kana="タカハシ"), fukushima, D(2025, 5, 1))
    page.refresh()
    qtbot.waitUntil(page.search_ready, timeout=5000)
    assert page.establishment_combo.establishment_id() == fukushima
    assert sorted(_names(page)) == ["佐藤　花子", "山田　太郎", "高橋　三郎"]


def test_the_register_stamp_comes_with_the_rows(ctx, register) -> None:
    """The list's stamp is taken from the same reading as its rows, and equals the stamp a
    later look at the register gives, until a member changes."""
    from gojokai_desktop.services.members.search import (
        load_member_rows,
        load_register,
        register_stamp,
    )

    rows, stamp = load_register(ctx)
    assert rows == load_member_rows(ctx)
    assert stamp == register_stamp(ctx)
    assert stamp[0] == 4
    leave_member(ctx, register[0], D(2025, 9, 30), "retired")
    assert load_register(ctx)[1] == register_stamp(ctx) != stamp
