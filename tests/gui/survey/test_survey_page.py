"""The アンケート page driven like a clerk: open the council's survey, read the computed
answers and how each was reached, type the rest, change one with a reason, write the workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from gojokai_desktop.db.models import SurveyAnswer
from gojokai_desktop.services.survey.sources import compute_sources
from gojokai_desktop.ui.main_window import AREAS, AppPaths, MainWindow
from gojokai_desktop.ui.survey import page as page_module
from gojokai_desktop.ui.survey.dialogs import CheckDialog, DetailDialog
from gojokai_desktop.ui.survey.models import (
    ANSWER_COLUMN,
    LAST_YEAR_COLUMN,
    ORIGIN_COLUMN,
)
from gojokai_desktop.ui.survey.page import SurveyPage
from tests.gui.typing import type_text

pytestmark = pytest.mark.gui


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every message the page shows (title, text) instead of a modal box."""
    messages: list[tuple[str, str]] = []
    monkeypatch.setattr(
        page_module, "tell", lambda _parent, title, text, **_kw: messages.append((title, text))
    )
    return messages


@pytest.fixture
def page(qtbot, demo_ctx, sample_dir: Path, told) -> SurveyPage:
    page = SurveyPage(demo_ctx)
    qtbot.addWidget(page)
    page.resize(850, 700)
    page.show()
    assert page.open_file(sample_dir / "sample_2025.toml")
    page.loader.wait()
    return page


def _cell(page: SurveyPage, question_id: str, column: int) -> str:
    for row in range(page.model.rowCount()):
        if page.model.row_at(row).id == question_id:
            return page.model.data(page.model.index(row, column))
    raise KeyError(question_id)


def _stored(ctx) -> dict[str, SurveyAnswer]:
    with ctx.reader() as session:
        rows = session.scalars(select(SurveyAnswer).where(SurveyAnswer.fiscal_year == 2025))
        return {r.question_id: r for r in rows}


def test_the_survey_opens_with_the_answers_the_books_give(page, demo_ctx, qtmodeltester) -> None:
    qtmodeltester.check(page.model)
    figure = compute_sources(demo_ctx, 2025, ["members.count_at_end"])["members.count_at_end"]
    assert "令和7年度 勤労者互助会運営状況調査" in page.info_label.text()
    assert "提出期限: 令和8年6月30日(火)" in page.info_label.text()
    assert "様式: council_2025.xlsx" in page.info_label.text()
    assert page.summary_label.text().startswith("令和7年度　質問 40問: 帳簿から計算 35問（88%）")
    assert page.model.headerData(ANSWER_COLUMN, Qt.Orientation.Horizontal) == "回答"
    assert _cell(page, "members_end", ANSWER_COLUMN) == f"{figure.value:,}"
    assert _cell(page, "members_end", ORIGIN_COLUMN) == "帳簿から計算"
    assert _cell(page, "members_end", LAST_YEAR_COLUMN) != ""
    assert _cell(page, "clerks", ANSWER_COLUMN) == "（未回答）"
    assert _cell(page, "clerks", ORIGIN_COLUMN) == "未回答"
    page._select("members_end")
    assert page.panel.question_label.text() == "10. 年度末（3月31日）の会員数"
    assert page.panel.computed_label.text().startswith(f"{figure.value:,} 人 — {figure.how}")
    assert page.panel.detail_button.isVisible()
    assert "協議会の指示により" in page.panel.last_year_label.text()
    assert page.council_button.isEnabled()


def test_the_clerk_types_the_free_answers(qtbot, page, demo_ctx) -> None:
    page._select("written_on")
    assert page.panel.editors.currentIndex() == 2  # the era date field
    type_text(page.panel.date_edit, "R8.6.10")
    qtbot.keyClick(page.panel.date_edit, Qt.Key.Key_Return)
    assert _cell(page, "written_on", ANSWER_COLUMN) == "令和8年6月10日"
    assert _cell(page, "written_on", ORIGIN_COLUMN) == "入力"
    assert page.panel.row is not None
    assert page.panel.row.id == "clerks"  # on to the next unanswered question
    type_text(page.panel.number_edit, "2人")
    qtbot.keyClick(page.panel.number_edit, Qt.Key.Key_Return)
    page._select("dues_billed")  # a yen figure changed, with the reason asked for
    page.panel.yen_edit.clear()
    type_text(page.panel.yen_edit, "1,000,000")
    type_text(page.panel.note_edit, "協議会の指示で入会金を除く")
    qtbot.mouseClick(page.panel.save_button, Qt.MouseButton.LeftButton)
    page._select("most_useful")
    page.panel.choice_combo.setCurrentText("斡旋事業")
    qtbot.mouseClick(page.panel.save_button, Qt.MouseButton.LeftButton)
    page._select("requests")
    page.panel.text_edit.setPlainText("新任担当者の研修を4月に")
    qtbot.mouseClick(page.panel.save_button, Qt.MouseButton.LeftButton)
    stored = _stored(demo_ctx)
    assert stored["written_on"].value_text == "2026-06-10"
    assert stored["clerks"].value_text == "2"
    assert stored["dues_billed"].value_text == "1000000"
    assert stored["dues_billed"].note == "協議会の指示で入会金を除く"
    assert _cell(page, "dues_billed", ORIGIN_COLUMN) == "計算値を変更"
    assert stored["most_useful"].value_text == "斡旋事業"
    assert stored["requests"].value_text == "新任担当者の研修を4月に"
    assert "未回答（必須） 0問" in page.summary_label.text()


def test_a_changed_figure_needs_a_reason(qtbot, page, demo_ctx) -> None:
    page._select("members_end")
    page.panel.number_edit.setText("999")
    qtbot.mouseClick(page.panel.save_button, Qt.MouseButton.LeftButton)
    assert "理由を入力してください" in page.panel.error_label.text()
    assert _stored(demo_ctx) == {}
    type_text(page.panel.note_edit, "協議会の指示")
    qtbot.mouseClick(page.panel.save_button, Qt.MouseButton.LeftButton)
    assert _cell(page, "members_end", ANSWER_COLUMN) == "999"
    assert _cell(page, "members_end", ORIGIN_COLUMN) == "計算値を変更"
    assert _stored(demo_ctx)["members_end"].note == "協議会の指示"
    page._select("members_end")
    assert page.panel.revert_button.isVisible()
    qtbot.mouseClick(page.panel.revert_button, Qt.MouseButton.LeftButton)
    assert _cell(page, "members_end", ORIGIN_COLUMN) == "帳簿から計算"
    assert not _stored(demo_ctx)["members_end"].overridden


def test_text_in_a_number_question_is_refused_in_words(qtbot, page, demo_ctx) -> None:
    page._select("members_left")
    page.panel.number_edit.setText("六回くらい")
    qtbot.mouseClick(page.panel.save_button, Qt.MouseButton.LeftButton)
    assert "数値の質問に「六回くらい」と入っています" in page.panel.error_label.text()
    assert _stored(demo_ctx) == {}


def test_a_figure_opens_the_list_behind_it(
    page, demo_ctx, monkeypatch: pytest.MonkeyPatch, qtmodeltester
) -> None:
    shown: list[DetailDialog] = []
    monkeypatch.setattr(DetailDialog, "exec", lambda self: shown.append(self) or 0)
    figure = compute_sources(demo_ctx, 2025, ["members.count_at_end"])["members.count_at_end"]
    page._select("members_end")
    page.panel.detail_button.click()
    [dialog] = shown
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == figure.value
    assert dialog.total_label.text() == f"<b>計 {figure.value:,}人</b>"
    assert dialog.model.headerData(1, Qt.Orientation.Horizontal) == "氏名"
    index = page.proxy.index(page.view.currentIndex().row(), 0)
    page.view.doubleClicked.emit(index)
    assert len(shown) == 2


def test_the_councils_workbook_is_written_after_the_check(
    page, demo_ctx, told, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[CheckDialog] = []

    def accept(self: CheckDialog) -> int:
        seen.append(self)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(CheckDialog, "exec", accept)
    out = tmp_path / "回答.xlsx"
    monkeypatch.setattr(page, "choose_output", lambda _title, _suffix: out)
    written = page.write_council()
    assert written is not None
    [dialog] = seen
    lines = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert lines == [
        "注意: 様式 council_2025.xlsx のコメント（メモ）は残りますが、"
        "枠の大きさと書式は標準に戻ります",
        "未回答の質問 3問: written_on、clerks、most_useful",
    ]
    assert dialog.go_button is not None
    assert dialog.go_button.text() == "書き込む"
    assert told[-1][0] == "書き込みました"
    assert "読み直して" in told[-1][1]
    value = page.fill.row("members_end").value
    assert load_workbook(out)["調査票"]["D6"].value == value
    assert _stored(demo_ctx)["members_end"].written_to == str(out)


@pytest.mark.usefixtures("told")
def test_errors_stop_the_writing(qtbot, demo_ctx, sample_dir: Path, tmp_path: Path, monkeypatch):
    survey = sample_dir / "sample_2025.toml"
    text = survey.read_text(encoding="utf-8")
    survey.write_text(text.replace('cell = "調査票!D12"', 'cell = "調査票!D11"'), encoding="utf-8")
    page = SurveyPage(demo_ctx)
    qtbot.addWidget(page)
    page.open_file(survey)
    page.loader.wait()
    seen: list[CheckDialog] = []
    monkeypatch.setattr(CheckDialog, "exec", lambda self: seen.append(self) or 0)
    monkeypatch.setattr(page, "choose_output", lambda *_a: tmp_path / "回答.xlsx")
    assert page.write_council() is None
    [dialog] = seen
    assert dialog.go_button is None
    assert dialog.lead_label.text() == "直すところが 1件あります。直すまで書き込めません。"
    assert "計算式（=D9-D10）" in dialog.list.item(0).text()
    assert not (tmp_path / "回答.xlsx").exists()


def test_another_year_is_computed_and_the_file_is_remembered(qtbot, page, demo_ctx) -> None:
    page.year_spin.setValue(2024)
    page.loader.wait()
    assert page.year_label.text() == "令和6年度"
    assert page.summary_label.text().startswith("令和6年度")
    again = SurveyPage(demo_ctx)
    qtbot.addWidget(again)
    again.refresh()
    again.loader.wait()
    assert again.file is not None
    assert again.file.path == page.file.path.resolve() or again.file.path == page.file.path


def test_the_page_at_1024_by_768(qtbot, demo_ctx, sample_dir: Path, tmp_path: Path) -> None:
    window = MainWindow(demo_ctx, AppPaths(tmp_path / "w.ini", None, tmp_path / "backups"))
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    titles = [a.title for a in AREAS]
    assert titles.index("アンケート") == titles.index("帳票・報告") - 1
    window.navigation.setCurrentRow(titles.index("アンケート"))
    page = window.findChild(SurveyPage)
    assert page is not None
    page.open_file(sample_dir / "sample_2025.toml")
    page.loader.wait()
    page._select("members_end")
    shot = window.grab()
    shot.save(str(tmp_path / "survey_page.png"))
    assert (shot.width(), shot.height()) == (1024, 768)
    for button in (page.council_button, page.standard_button, page.pdf_button,
                   page.panel.save_button):  # fmt: skip
        assert button.isVisible()
        corner = button.mapTo(window, button.rect().bottomRight())
        assert corner.x() <= 1024
        assert corner.y() <= 768
    assert page.view.columnWidth(2) >= 200
    assert dt.date.today()  # the page reads the clock through the context only


def test_a_clerk_is_told_that_only_an_administrator_changes_a_figure(
    qtbot, demo_ctx, sample_dir: Path, told
) -> None:
    from dataclasses import replace

    from gojokai_desktop.db.models import User
    from gojokai_desktop.db.uow import Actor

    with demo_ctx.reader() as session:
        clerk = session.scalars(select(User).where(User.login == "clerk")).one()
        clerk_actor = Actor(clerk.id, clerk.display_name, clerk.role)
    page = SurveyPage(replace(demo_ctx, actor=clerk_actor))
    qtbot.addWidget(page)
    page.show()
    assert page.open_file(sample_dir / "sample_2025.toml")
    page.loader.wait()
    page._select("members_end")  # a figure from the books
    assert not page.panel.save_button.isEnabled()
    assert not page.panel.editors.isEnabled()
    assert "管理者だけ" in page.panel.hint_label.text()
    page._select("requests")  # a free answer stays the clerk's
    assert page.panel.save_button.isEnabled()
    assert page.panel.editors.isEnabled()
    assert "管理者だけ" not in page.panel.hint_label.text()
