"""The 帳票・報告 page driven as a clerk would: forms blank and filled, copies, checks, 印刷設定."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from gojokai_desktop import paths
from gojokai_desktop.printing.render import PrinterOffset
from gojokai_desktop.services.members.establishments import EstablishmentInput, create_establishment
from gojokai_desktop.services.members.membership import join_member
from gojokai_desktop.services.members.records import MemberInput
from gojokai_desktop.services.print_settings import (
    PrinterSetting,
    PrintSettings,
    load_print_settings,
    save_print_settings,
)
from gojokai_desktop.services.printing import shipped_forms_dir
from gojokai_desktop.ui.preview import PdfPreviewDialog
from gojokai_desktop.ui.reports import forms_tab as reports_page
from gojokai_desktop.ui.reports.forms_tab import FormTableModel, parse_member_numbers
from gojokai_desktop.ui.reports.page import ReportsPage
from gojokai_desktop.ui.reports.print_settings import PrinterOffsetTableModel
from tests.gui.typing import type_text

pytestmark = pytest.mark.gui
IPAEX_GOTHIC = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")


def _text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def previews(monkeypatch) -> list[dict[str, object]]:
    """Every preview the page opens: pages, title, file and the offset a print would use."""
    shown: list[dict[str, object]] = []

    def fake_exec(dialog: PdfPreviewDialog) -> int:
        shown.append(
            {
                "pages": dialog.page_count(),
                "title": dialog.windowTitle(),
                "path": dialog.pdf_path,
                "offset": dialog.offset_for("窓口のプリンター"),
            }
        )
        return 0

    monkeypatch.setattr(PdfPreviewDialog, "exec", fake_exec)
    return shown


@pytest.fixture
def messages(monkeypatch) -> list[str]:
    said: list[str] = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(
            QMessageBox, kind, staticmethod(lambda _parent, _title, text, *a: said.append(text))
        )

    def shown(box: QMessageBox) -> int:
        # The page's own boxes (Japanese 閉じる button): what they said is what counts.
        assert [b.text() for b in box.buttons()] == ["閉じる"]
        said.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", shown)
    return said


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    urls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url.toLocalFile()))
    return urls


@pytest.fixture
def page(qtbot, ctx, society) -> ReportsPage:
    widget = ReportsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    widget.refresh()
    return widget


def _rows(page: ReportsPage) -> dict[str, tuple[str, str]]:
    model = page.forms.model
    return {
        model.form_at(r).stem: (model.index(r, 0).data(), model.index(r, 1).data())
        for r in range(model.rowCount())
    }


def test_models_pass_the_model_tester(qtmodeltester, page) -> None:
    qtmodeltester.check(page.forms.model)
    printers = PrinterOffsetTableModel()
    printers.set_printers((PrinterSetting("*", PrinterOffset(1.0, -2.0, 0.99)),))
    printers.add_printer("窓口")
    qtmodeltester.check(printers)
    empty = FormTableModel()
    qtmodeltester.check(empty)


def test_every_shipped_form_is_listed(page) -> None:
    rows = _rows(page)
    assert set(rows) == {p.stem for p in shipped_forms_dir().glob("*.toml")}
    assert rows["receipt"] == ("領収書", "標準")
    assert page.forms.selected_form() is not None


def test_blank_print_opens_the_preview_with_its_pages(page, previews, qtbot) -> None:
    assert page.forms.select_form("member_withdrawal")
    qtbot.mouseClick(page.forms.blank_button, Qt.MouseButton.LeftButton)
    assert len(previews) == 1
    assert previews[0]["pages"] == 1
    assert "退会届" in str(previews[0]["title"])
    assert "テスト町勤労者互助会" in _text(previews[0]["path"])


def test_ctrl_p_prints_the_selected_form_blank(page, previews, qtbot) -> None:
    page.forms.select_form("receipt")
    page.activateWindow()
    page.forms.view.setFocus()
    qtbot.keyClick(page.forms.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert len(previews) == 1
    assert "領収書" in str(previews[0]["title"])


@pytest.fixture
def members(ctx, society) -> list[str]:
    est = create_establishment(ctx, EstablishmentInput(name="福島商事"), dt.date(2020, 4, 1))
    return [
        join_member(ctx, MemberInput(name=name, name_kana=kana), est.id, dt.date(2025, 4, 1)).number
        for name, kana in (("山田　太郎", "ヤマダ　タロウ"), ("佐藤　花子", "サトウ　ハナコ"))
    ]


@pytest.mark.parametrize("background", [False, True])
def test_member_print_fills_one_form_per_member(
    page, previews, members, monkeypatch, background
) -> None:
    if background:  # the worker path that 500 members take
        monkeypatch.setattr(reports_page, "BACKGROUND_FROM", 1)
    page.forms.select_form("member_application")
    type_text(page.forms.member_edit, f"{members[0]}、 {members[1]},{members[0]}")
    page.forms.member_button.click()
    assert len(previews) == 1
    assert previews[0]["pages"] == 2
    text = _text(previews[0]["path"])
    assert "山田" in text
    assert "佐藤" in text
    assert "2人分" in str(previews[0]["title"])


def test_member_print_names_an_unknown_number(page, previews, messages, members, qtbot) -> None:
    page.forms.select_form("member_application")
    type_text(page.forms.member_edit, f"{members[0]}, 9999-999")
    qtbot.mouseClick(page.forms.member_button, Qt.MouseButton.LeftButton)
    assert previews == []
    assert "9999-999" in messages[-1]


def test_member_numbers_are_split_on_commas_and_spaces() -> None:
    assert parse_member_numbers(" 1, 2、3，2  4 ") == ["1", "2", "3", "4"]
    assert parse_member_numbers("  ") == []


def test_copy_for_editing_marks_the_row_and_opens_the_folder(page, messages, opened, qtbot) -> None:
    page.forms.select_form("receipt")
    qtbot.mouseClick(page.forms.copy_button, Qt.MouseButton.LeftButton)
    copy = paths.user_forms_dir() / "receipt.toml"
    assert copy.is_file()
    assert _rows(page)["receipt"] == ("領収書", "団体用")
    assert opened == [str(paths.user_forms_dir())]
    assert str(copy) in messages[-1]
    assert page.forms.selected_form().stem == "receipt"
    qtbot.mouseClick(page.forms.copy_button, Qt.MouseButton.LeftButton)  # already the society's
    assert "すでに団体用" in messages[-1]


def test_check_shows_the_exact_problem_of_a_broken_copy(page, messages, opened, qtbot) -> None:
    page.forms.select_form("receipt")
    qtbot.mouseClick(page.forms.copy_button, Qt.MouseButton.LeftButton)
    copy = paths.user_forms_dir() / "receipt.toml"
    copy.write_text(
        copy.read_text(encoding="utf-8").replace("receipt.payer", "receipt.payee"),
        encoding="utf-8",
    )
    qtbot.mouseClick(page.forms.check_button, Qt.MouseButton.LeftButton)
    text = page.forms.check_output.toPlainText()
    assert "1 件に問題があります" in text
    assert "未知のフィールド名 'receipt.payee'" in text
    assert "'receipt.payer' のことですか" in text
    assert f"エラー {copy}" in text
    assert f"OK    {shipped_forms_dir() / 'cover_letter.toml'}" in text
    # The broken copy stays listed, marked, with its problem as the description.
    assert _rows(page)["receipt"] == ("領収書", "団体用（要修正）")
    row = next(
        r
        for r in range(page.forms.model.rowCount())
        if page.forms.model.form_at(r).stem == "receipt"
    )
    assert "receipt.payee" in page.forms.model.index(row, 2).data()


def test_settings_are_saved_and_shown_again(qtbot, page, ctx, messages) -> None:
    widget = page.settings_widget
    page.tabs.setCurrentWidget(widget)
    assert widget.mask_check.isChecked()
    assert not widget.stamp_check.isChecked()
    if IPAEX_GOTHIC.is_file():
        type_text(widget.gothic_edit, str(IPAEX_GOTHIC))
    qtbot.mouseClick(widget.add_button, Qt.MouseButton.LeftButton)
    model = widget.printer_model
    model.setData(model.index(0, 0), "窓口のプリンター")
    model.setData(model.index(0, 1), 1.5)
    model.setData(model.index(0, 2), -2)
    model.setData(model.index(0, 3), 0.98)
    widget.stamp_check.setChecked(True)
    widget.mask_check.setChecked(False)
    qtbot.mouseClick(widget.save_button, Qt.MouseButton.LeftButton)
    assert widget.status_label.text() == "印刷設定を保存しました。"
    stored = load_print_settings(ctx)
    assert stored.printers == (PrinterSetting("窓口のプリンター", PrinterOffset(1.5, -2.0, 0.98)),)
    assert stored.stamp_box is True
    assert stored.mask_accounts is False
    again = ReportsPage(ctx)
    qtbot.addWidget(again)
    again.refresh()
    shown = again.settings_widget
    assert shown.printer_model.index(0, 0).data() == "窓口のプリンター"
    assert shown.printer_model.index(0, 1).data() == "+1.5"
    assert shown.printer_model.index(0, 3).data() == "0.980"
    assert shown.stamp_check.isChecked()
    assert not shown.mask_check.isChecked()
    assert shown.gothic_edit.text() == (str(IPAEX_GOTHIC) if IPAEX_GOTHIC.is_file() else "")
    # The fonts in use are named when the clerk looks at the tab (naming them loads them).
    assert shown.fonts_label.text() == ""
    again.show()
    again.tabs.setCurrentWidget(shown)
    if IPAEX_GOTHIC.is_file():
        assert "ゴシック体 ipaexg.ttf" in shown.fonts_label.text()
    assert "明朝体 " in shown.fonts_label.text()


def test_invalid_settings_are_refused_with_the_field_named(qtbot, page, ctx, messages) -> None:
    widget = page.settings_widget
    qtbot.mouseClick(widget.add_button, Qt.MouseButton.LeftButton)
    widget.printer_model.setData(widget.printer_model.index(0, 3), 1.5)
    qtbot.mouseClick(widget.save_button, Qt.MouseButton.LeftButton)
    assert "倍率" in messages[-1]
    assert "0.9〜1.1" in messages[-1]
    type_text(widget.mincho_edit, "/nowhere/mincho.ttf")
    widget.printer_model.setData(widget.printer_model.index(0, 3), 1.0)
    qtbot.mouseClick(widget.save_button, Qt.MouseButton.LeftButton)
    assert "明朝体フォント" in messages[-1]
    assert "見つかりません" in messages[-1]
    assert load_print_settings(ctx) == PrintSettings()


def test_test_page_shows_the_grid_and_offset_of_the_chosen_printer(
    qtbot, page, ctx, previews
) -> None:
    save_print_settings(
        ctx,
        PrintSettings(printers=(PrinterSetting("窓口のプリンター", PrinterOffset(3, -1.5, 1)),)),
    )
    page.refresh()
    widget = page.settings_widget
    widget.printer_view.selectRow(0)
    qtbot.mouseClick(widget.test_button, Qt.MouseButton.LeftButton)
    assert previews[0]["pages"] == 1
    text = _text(previews[0]["path"])
    assert "試し印刷" in text
    assert "窓口のプリンター" in text
    assert "横 +3.0 mm" in text
    assert "縦 -1.5 mm" in text
    assert previews[0]["offset"] == PrinterOffset()  # already in the PDF, not applied twice


def test_previews_use_the_stored_offsets_of_the_printer(qtbot, page, ctx, previews) -> None:
    save_print_settings(
        ctx, PrintSettings(printers=(PrinterSetting("窓口のプリンター", PrinterOffset(2, 1, 1)),))
    )
    page.forms.select_form("receipt")
    qtbot.mouseClick(page.forms.blank_button, Qt.MouseButton.LeftButton)
    assert previews[0]["offset"] == PrinterOffset(2, 1, 1)
