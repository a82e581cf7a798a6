"""The import wizard end to end: file, columns (My Number refused), preview with errors, import."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtWidgets import QWizard

from gojokai_desktop.services.members.establishments import EstablishmentInput, create_establishment
from gojokai_desktop.services.members.membership import find_member_by_number
from gojokai_desktop.ui.members.import_wizard import ImportWizard

pytestmark = pytest.mark.gui
BAD_BIRTH = "生年月日「S60.13.1」: 「S60.13.1」の月が違います（1〜12月で入力してください）"


@pytest.fixture
def roster(ctx, society, tmp_path):
    create_establishment(ctx, EstablishmentInput(name="福島商事"), dt.date(2020, 4, 1))
    wb = Workbook()
    ws = wb.active
    ws.title = "R7名簿"
    ws.append(["氏名", "フリガナ", "生年月日", "事業所", "入会日", "個人番号"])
    ws.append(["山田　太郎", "やまだ たろう", "S55.5.3", "福島商事", "R7.4.1", "123456789012"])
    ws.append(["佐藤　花子", "サトウ　ハナコ", "S60.13.1", "福島商事", "R7.4.1", ""])
    ws.append(["山田　太郎", "ヤマダ　タロウ", "昭和55年5月3日", "福島商事", "R7.4.1", ""])
    path = tmp_path / "roster.xlsx"
    wb.save(path)
    return path


def test_wizard_end_to_end(qtbot, ctx, roster, tmp_path):
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.file_page
    page.path_edit.setText(str(roster))
    page.load_sheets()
    assert page.sheet_combo.currentText() == "R7名簿"
    assert page.header_spin.value() == 1
    wizard.next()
    mapping = wizard.mapping_page
    assert [c.currentText() if c else None for c in mapping.combos] == [
        "氏名", "フリガナ", "生年月日", "事業所", "入会日", None,
    ]  # fmt: skip
    assert "列「個人番号」はマイナンバー" in mapping.refused_label.text()
    wizard.next()
    preview = wizard.preview_page
    cells = [[preview.model.index(r, c).data() for c in (0, 1, 3, 2)] for r in range(3)]
    assert cells == [
        ["2", "追加", "", ""],
        ["3", "取り込まない", "", BAD_BIRTH],
        ["4", "スキップ", "ファイル内 2行目", ""],
    ]  # fmt: skip
    assert preview.counts_label.text() == "追加 1・更新 0・スキップ 1・取り込まない（誤り）1"
    preview.view.selectRow(2)
    preview.set_selected("add")
    assert preview.model.index(2, 1).data() == "追加"
    wizard.next()
    assert wizard.currentPage() is wizard.result_page
    assert "追加 2 件" in wizard.result_page.label.text()
    assert find_member_by_number(ctx, "0001-002") is not None
    out = tmp_path / "summary.xlsx"
    wizard.result_page.save_to(out)
    ws = load_workbook(out).active
    assert [c.value for c in ws[1]] == ["行", "結果", "会員", "内容"]
    assert [ws.cell(r, 2).value for r in range(6, 9)] == ["追加", "取り込まない", "追加"]
    assert wizard.button(QWizard.WizardButton.BackButton).isEnabled() is False
