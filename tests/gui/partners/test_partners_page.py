"""The 推進 page driven as a clerk: targets typed in April, results typed and imported in
October, members' enrolments, and the 上期 report on screen and in print."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import Workbook
from pypdf import PdfReader
from PySide6.QtCore import QModelIndex, Qt

from gojokai_desktop.domain.partners.periods import FIRST_HALF
from gojokai_desktop.services.members.establishments import (
    EstablishmentInput,
    create_establishment,
)
from gojokai_desktop.services.partners.importer import prepare_result_import
from gojokai_desktop.services.partners.items import ItemInput, list_items, save_item
from gojokai_desktop.services.partners.report import partner_report
from gojokai_desktop.services.partners.results import list_results, result_grid
from gojokai_desktop.services.partners.targets import establishment_targets
from gojokai_desktop.ui.partners import enrolments_tab, items_tab, reports_tab, results_tab
from gojokai_desktop.ui.partners.dialogs import EstablishmentTargetsDialog
from gojokai_desktop.ui.partners.enrolments_tab import EnrolmentDialog
from gojokai_desktop.ui.partners.import_dialog import ImportDialog
from gojokai_desktop.ui.partners.models import (
    ENROLMENT_COLUMNS,
    IMPORT_COLUMNS,
    EstablishmentTargetsModel,
    ItemsModel,
    ReportLinesModel,
    ResultGridModel,
)
from gojokai_desktop.ui.partners.page import PartnersPage
from gojokai_desktop.ui.table_base import RowsTableModel
from tests.gui.typing import type_text
from tests.integration import conftest as integration

pytestmark = pytest.mark.gui
benefit_society = integration.benefit_society  # a society with an establishment and members
D = dt.date
TARGETS = {
    "main": "18,500",
    "deposit": "６８００",
    "loan": "15190",
    "assets": "850",
    "remote": "35,100",
}
RESULTS = {
    "main": "10,682",
    "deposit": "3931",
    "loan": "10,623",
    "assets": "951",
    "remote": "16,464",
}


@pytest.fixture
def quiet(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes answered without a screen: questions get yes, the texts are kept."""
    said: list[str] = []
    for module in (items_tab, results_tab, enrolments_tab, reports_tab):
        for name in ("warn", "inform"):
            if hasattr(module, name):
                monkeypatch.setattr(module, name, lambda _p, _t, text: said.append(text))
        if hasattr(module, "ask"):
            monkeypatch.setattr(module, "ask", lambda _p, _t, text, *_a: said.append(text) or True)
    return said


@pytest.fixture
def april(ctx, society):
    create_establishment(
        ctx, EstablishmentInput(name="福島商事", name_kana="フクシマショウジ"), D(2015, 4, 1)
    )
    return replace(ctx, clock=lambda: D(2025, 4, 10))


def _rows_by_code(model) -> dict[str, int]:
    return {model.row_at(r).code: r for r in range(model.rowCount())}


def _type(model, row: int, text: str) -> bool:
    return model.setData(model.index(row, model.EDIT_COLUMN), text, Qt.ItemDataRole.EditRole)


def test_april_targets_october_results_and_the_first_half_report(
    qtbot, april, quiet, monkeypatch, tmp_path
) -> None:
    page = PartnersPage(april)
    qtbot.addWidget(page)
    page.resize(854, 700)
    page.show()
    assert "推進先がまだありません" in page.items_tab.message.text()
    page._on_add_preset("rokin")
    assert page.partner_combo.currentText() == "ろうきん"
    assert page.year_spin.value() == 2025
    assert page.span_label.text() == "（令和7年4月〜令和8年3月）"
    # April: the targets the labour bank gave, typed in place (full-width too).
    items = page.items_tab
    model = items.model
    rows = _rows_by_code(model)
    assert not _type(model, rows["main"], "-18500")
    assert "「メイン化（給振・年金・公振・クレジット）」の年間目標" in items.message.text()
    assert "マイナス" in items.message.text()
    for code, text in TARGETS.items():
        assert _type(model, rows[code], text)
    assert model.index(rows["deposit"], ItemsModel.EDIT_COLUMN).data() == "6,800"
    items.save_targets()
    assert "目標を保存しました（目標のある項目 5）" in items.message.text()
    stored = {i.code: i.target for i in list_items(april, page.partner().id, 2025)}
    assert stored["main"] == 18_500
    assert stored["study"] is None
    # October: the 上期 statement typed on the results tab.
    page.ctx = replace(april, clock=lambda: D(2025, 10, 20))
    page.tabs.setCurrentWidget(page.results_tab)
    grid = page.results_tab.model
    assert page.results_tab.period_combo.currentText() == "上期（令和7年4月〜令和7年9月）"
    rows = _rows_by_code(grid)
    for code, text in RESULTS.items():
        assert _type(grid, rows[code], text)
    page.results_tab.save()
    assert "保存しました（追加 5・変更 0・削除 0）" in page.results_tab.message.text()
    assert grid.index(rows["main"], 6).data() == "10,682"
    # The report on screen: the hand-calculated rates of seed 001's table.
    page.tabs.setCurrentWidget(page.reports_tab)
    lines = page.reports_tab.model
    shown = {
        lines.index(r, 2).data(): [lines.index(r, c).data() for c in range(4, 10)]
        for r in range(lines.rowCount())
    }
    assert shown["メイン化（給振・年金・公振・クレジット）"] == [
        "18,500",
        "10,682",
        "57.7%",
        "-----",
        "-----",
        "-----",
    ]
    assert shown["預かり資産（個人型DC新規・投信契約者増加数・国債新規）"][2] == "111.8%"
    first_subtotal = next(
        [lines.index(r, c).data() for c in range(1, 7)]
        for r in range(lines.rowCount())
        if lines.index(r, 2).data() == "小計"
    )
    assert first_subtotal == ["預金・融資・各種サービス", "小計", "件", "41,340", "26,187", "63.3%"]
    assert lines.headerData(5, Qt.Orientation.Horizontal) == "上期実績"
    # Printing: the PDF goes into the preview.
    previews: list[Path] = []
    monkeypatch.setattr(
        reports_tab.PdfPreviewDialog, "exec", lambda self: previews.append(self.pdf_path)
    )
    page.reports_tab._on_print_clicked()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(previews[0]).pages).split())
    assert "ろうきん 推進実績報告（2025年度 上期）" in text
    assert "41,340 26,187 63.3%" in text


def test_a_target_split_per_establishment(qtbot, april, quiet) -> None:
    page = PartnersPage(april)
    qtbot.addWidget(page)
    page._on_add_preset("rokin")
    item = next(i for i in list_items(april, page.partner().id, 2025) if i.code == "main")
    dialog = EstablishmentTargetsDialog(april, item, page)
    qtbot.addWidget(dialog)
    assert not _type(dialog.model, 0, "1.5")
    assert "福島商事の目標" in dialog.message.text()
    assert _type(dialog.model, 0, "120")
    assert dialog.total_label.text() == "事業所の目標の合計 120 件"
    dialog.accept()
    assert [t.target for t in establishment_targets(april, item.id)] == [120]


def _statement(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    for row in (
        ["ろうきん 上期実績"],
        ["項目", "実績"],
        ["メイン化", 10_682],
        ["預金", 3_931],
        ["合計", "=SUM(B3:B4)"],
    ):
        sheet.append(row)
    book.save(path)
    return path


def test_import_dialog_checks_then_stores(qtbot, april, quiet, tmp_path) -> None:
    page = PartnersPage(april)
    qtbot.addWidget(page)
    page._on_add_preset("rokin")
    dialog = ImportDialog(april, page.partner(), 2025, FIRST_HALF, page)
    qtbot.addWidget(dialog)
    dialog.open_file(_statement(tmp_path / "上期.xlsx"))
    assert dialog.header_spin.value() == 2
    assert dialog.column_combos["item"].currentText() == "項目"
    assert dialog.column_combos["amount"].currentText() == "実績"
    assert dialog.summary.text() == "2 行を取り込めます（追加 2・変更 0・変更なし 0）。"
    assert dialog.problems.item(0).text() == "－ 5行目: 「合計」の行（合計の行は取り込みません）"
    assert dialog.import_button.isEnabled()
    dialog._on_import_clicked()
    assert dialog.outcome is not None
    assert dialog.outcome.added == 2
    assert partner_report(april, page.partner().id, 2025, "H1").line("deposit").result == 3_931


def test_import_dialog_names_bad_rows_and_stores_nothing(qtbot, april, quiet, tmp_path) -> None:
    page = PartnersPage(april)
    qtbot.addWidget(page)
    page._on_add_preset("rokin")
    book = Workbook()
    for row in (["項目", "期間", "実績"], ["メイン化", "上期", 5], ["住宅ローン", "上期", 1]):
        book.active.append(row)
    book.save(tmp_path / "bad.xlsx")
    dialog = ImportDialog(april, page.partner(), 2025, FIRST_HALF, page)
    qtbot.addWidget(dialog)
    dialog.open_file(tmp_path / "bad.xlsx")
    assert "取り込めない行が 1 行あります" in dialog.summary.text()
    assert "✖ 3行目 項目「住宅ローン」: この推進先の2025年度" in dialog.problems.item(0).text()
    assert not dialog.import_button.isEnabled()
    assert list_results(april, page.partner().id, 2025) == []
    (tmp_path / "broken.xlsx").write_bytes(b"not a workbook")
    dialog.open_file(tmp_path / "broken.xlsx")
    assert "Excelのファイルとして読めません" in dialog.summary.text()


def test_an_enrolment_is_recorded_and_counted(qtbot, ctx, benefit_society, quiet) -> None:
    september = replace(ctx, clock=lambda: D(2025, 9, 1))
    page = PartnersPage(september)
    qtbot.addWidget(page)
    page._on_add_preset("kokumin_kyosai")
    partner = page.partner()
    assert page.year_spin.value() == 2025
    item = next(i for i in list_items(september, partner.id, 2025) if i.code == "kokumin")
    save_item(
        september,
        partner.id,
        2025,
        ItemInput(item.group, item.name, item.unit, "enrolments"),
        item_id=item.id,
    )
    page.tabs.setCurrentWidget(page.enrolments_tab)
    members = enrolments_tab.load_member_rows(september)
    dialog = EnrolmentDialog(september, partner, 2025, members, parent=page)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.message.text().startswith("会員:")
    type_text(dialog.search_edit, "すずき")
    assert dialog.member is not None
    assert dialog.member.name == "鈴木　新人"
    assert dialog.date_edit.date() == D(2025, 9, 1)
    dialog.quantity_spin.setValue(2)
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    page.enrolments_tab.load()
    assert page.enrolments_tab.model.rowCount() == 1
    assert "2025年度の加入 1件（数量の計 2）" in page.enrolments_tab.message.text()
    grid = result_grid(september, partner.id, 2025, FIRST_HALF)
    assert next(r for r in grid.rows if r.item_id == item.id).total == 2


def test_models_pass_the_model_tester(qtmodeltester, ctx, benefit_society) -> None:
    page = PartnersPage(ctx)
    page._on_add_preset("rokin")
    partner = page.partner()
    items = ItemsModel()
    items.set_rows(list_items(ctx, partner.id, 2025))
    qtmodeltester.check(items)
    grid = ResultGridModel()
    grid.set_rows(result_grid(ctx, partner.id, 2025, FIRST_HALF).rows)
    qtmodeltester.check(grid)
    split = EstablishmentTargetsModel()
    split.set_rows(establishment_targets(ctx, grid.row_at(0).item_id))
    qtmodeltester.check(split)
    report = ReportLinesModel()
    built = partner_report(ctx, partner.id, 2025, "H1")
    report.set_report(built.headings, built.lines)
    qtmodeltester.check(report)
    qtmodeltester.check(RowsTableModel(ENROLMENT_COLUMNS))
    qtmodeltester.check(RowsTableModel(IMPORT_COLUMNS))
    assert items.flags(QModelIndex()) is not None
    page.deleteLater()


def test_every_tab_fits_a_1024_by_768_screen(qtbot, april, quiet) -> None:
    page = PartnersPage(april)
    qtbot.addWidget(page)
    page._on_add_preset("jichiro_kyosai")
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        hint = page.minimumSizeHint()
        # The navigation takes 170 px of the window's 1,024.
        assert hint.width() <= 1024 - 170, page.tabs.tabText(index)
        assert hint.height() <= 768 - 80, page.tabs.tabText(index)


def test_import_plan_from_the_page_period(qtbot, april, quiet, tmp_path) -> None:
    """The dialog starts with the period chosen on the results tab."""
    page = PartnersPage(april)
    qtbot.addWidget(page)
    page._on_add_preset("rokin")
    dialog = ImportDialog(april, page.partner(), 2025, FIRST_HALF, page)
    qtbot.addWidget(dialog)
    assert dialog.period_combo.currentText() == "上期（令和7年4月〜令和7年9月）"
    dialog.open_file(_statement(tmp_path / "s.xlsx"))
    plan = prepare_result_import(
        april,
        dialog.sheet,
        dialog.columns(),
        partner_id=page.partner().id,
        fiscal_year=2025,
        default_period=FIRST_HALF,
    )
    assert [line.period for line in plan.lines] == [FIRST_HALF, FIRST_HALF]
