"""The import wizard end to end: file, columns (My Number refused), preview with errors, import."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from gojokai_desktop.services.members.establishments import EstablishmentInput, create_establishment
from gojokai_desktop.services.members.membership import find_member_by_number
from gojokai_desktop.ui.members.import_wizard import ImportWizard
from tests.gui.screens import SCREEN, fits, shots_dir

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


def _cells(model, row: int) -> dict[str, str]:
    """A preview row by its headings: the heading over each value, as the clerk reads it."""
    return {
        model.headerData(c, Qt.Orientation.Horizontal): model.index(row, c).data()
        for c in range(model.columnCount())
    }


def test_wizard_end_to_end(qtbot, qtmodeltester, ctx, roster, tmp_path):
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.file_page
    page.path_edit.setText(str(roster))
    page.load_sheets()
    assert page.sheet_combo.currentText() == "R7名簿"
    assert page.header_spin.value() == 1
    assert page.error_label.text().startswith("3 行（見出しと空行を除く）を読みました。")
    assert "b00020" not in page.error_label.styleSheet()  # success is not shown in red
    wizard.next()
    mapping = wizard.mapping_page
    assert [c.currentText() if c else None for c in mapping.combos] == [
        "氏名", "フリガナ", "生年月日", "事業所名", "入会日", None,
    ]  # fmt: skip
    assert "列「個人番号」はマイナンバー" in mapping.refused_label.text()
    wizard.next()
    preview = wizard.preview_page
    qtmodeltester.check(preview.model)
    rows = [_cells(preview.model, r) for r in range(3)]
    assert [(r["行"], r["処理"], r["氏名"], r["重複"], r["誤り"]) for r in rows] == [
        ("2", "追加", "山田　太郎", "", ""),
        ("3", "取り込まない", "佐藤　花子", "", BAD_BIRTH),
        ("4", "スキップ", "山田　太郎", "ファイル内 2行目", ""),
    ]  # fmt: skip
    assert rows[0]["フリガナ"] == "ヤマダ　タロウ"
    assert rows[0]["事業所"] == "0001 福島商事"
    assert rows[0]["入会日"] == "令和7年4月1日"
    assert preview.counts_label.text() == "追加 1・更新 0・スキップ 1・取り込まない（誤り）1"
    preview.view.selectRow(2)
    preview.set_selected("add")
    assert _cells(preview.model, 2)["処理"] == "追加"
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


def test_a_town_roster_with_no_join_dates_and_a_no_column(qtbot, ctx, society, tmp_path):
    """The clerk's case of issue 18: No. and 会員番号, no 入会日, preview, right numbers."""
    create_establishment(ctx, EstablishmentInput(name="福島商事"), dt.date(2020, 4, 1))
    wb = Workbook()
    ws = wb.active
    ws.append(["No.", "会員番号", "氏名", "フリガナ", "事業所番号", "事業所名"])
    ws.append([1, "0001-101", "山田　太郎", "ヤマダ　タロウ", 1, "福島商事"])
    ws.append([2, "0009-001", "佐藤　花子", "サトウ　ハナコ", 9, "みどり運送"])
    path = tmp_path / "town.xlsx"
    wb.save(path)
    shots = shots_dir(tmp_path / "shots")
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    assert fits(wizard.minimumSizeHint())
    assert wizard.width() <= SCREEN.width()
    wizard.file_page.path_edit.setText(str(path))
    wizard.file_page.load_sheets()
    wizard.grab().save(str(shots / "import_1_file.png"))
    wizard.next()
    mapping = wizard.mapping_page
    assert [c.currentData() if c else None for c in mapping.combos] == [
        None, "number", "name", "name_kana", "establishment_number", "establishment",
    ]  # fmt: skip
    assert mapping.reasons[0].text() == "会員番号の列が別にあるため取り込まない"
    assert mapping.join_combo.currentText() == "今年度の初日（令和7年4月1日）"
    wizard.grab().save(str(shots / "import_2_mapping.png"))
    wizard.next()
    preview = wizard.preview_page
    rows = [_cells(preview.model, r) for r in range(2)]
    assert [(r["会員番号"], r["事業所"], r["入会日"]) for r in rows] == [
        ("0001-101", "0001 福島商事", "令和7年4月1日（一括）"),
        ("0009-001", "（新規）0009 みどり運送", "令和7年4月1日（一括）"),
    ]
    assert "新しい事業所 1 件: みどり運送" in preview.counts_label.text()
    assert "入会日がない行は 令和7年4月1日（一括）" in preview.counts_label.text()
    wizard.grab().save(str(shots / "import_3_preview.png"))
    wizard.next()
    wizard.grab().save(str(shots / "import_4_result.png"))
    yamada = find_member_by_number(ctx, "0001-101")
    assert yamada is not None
    assert (yamada.join_date, yamada.establishment_name) == (dt.date(2025, 4, 1), "福島商事")
    assert find_member_by_number(ctx, "1") is None


def test_the_clerk_changes_a_column_and_the_join_date(qtbot, ctx, society, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["番号", "氏名", "ルビ", "勤務先", "入会"])
    ws.append(["12", "山田　太郎", "ヤマダ　タロウ", "福島商事", ""])
    path = tmp_path / "r.xlsx"
    wb.save(path)
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path_edit.setText(str(path))
    wizard.file_page.load_sheets()
    wizard.next()
    mapping = wizard.mapping_page
    assert mapping.combos[2].currentData() is None  # ルビ: not a name we know
    mapping.combos[2].setCurrentIndex(mapping.combos[2].findData("name_kana"))
    assert mapping.reasons[2].text() == "手で選んだ項目"
    mapping.combos[0].setCurrentIndex(0)  # 番号 is not the member number here
    assert mapping.join_combo.currentText().startswith("使わない")
    mapping.join_combo.setCurrentIndex(mapping.join_combo.findData("own"))
    mapping.join_edit.setText("R7.5.1")
    wizard.next()
    row = _cells(wizard.preview_page.model, 0)
    assert (row["会員番号"], row["フリガナ"], row["入会日"]) == (
        "", "ヤマダ　タロウ", "令和7年5月1日（一括）",
    )  # fmt: skip


def test_a_workbook_of_charts_alone_is_refused_saying_so(qtbot, ctx, society, tmp_path):
    """The wizard names the file and what is wrong with it once, as the clerk reads it, and
    offers no sheet to go on with."""
    from openpyxl.chart import BarChart, Reference

    book = Workbook()
    data = book.active
    data.append(["氏名"])
    chart = BarChart()
    chart.add_data(Reference(data, min_col=1, min_row=1, max_row=1))
    book.create_chartsheet("グラフ").add_chart(chart)
    book.remove(data)
    path = tmp_path / "charts.xlsx"
    book.save(path)
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    page = wizard.file_page
    page.path_edit.setText(str(path))
    page.load_sheets()
    assert page.sheet_combo.count() == 0
    assert page.error_label.text() == (
        "ファイル: charts.xlsx: 表のシートがありません（グラフのシートだけです）。"
    )
