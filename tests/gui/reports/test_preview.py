"""The PDF preview dialog and batch printing, driven as a clerk would."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QTimer
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton

from gojokai_desktop.printing.render import PrinterOffset, render_forms
from gojokai_desktop.printing.templates import load_template
from gojokai_desktop.services.printing import shipped_forms_dir
from gojokai_desktop.ui.batch import print_members_in_background, run_in_background
from gojokai_desktop.ui.preview import PdfPreviewDialog
from tests.fixtures.printing.samples import SAMPLE

pytestmark = pytest.mark.gui


@pytest.fixture
def three_pages(tmp_path: Path) -> Path:
    template = load_template(shipped_forms_dir() / "receipt.toml")
    out = tmp_path / "receipts.pdf"
    records = [{**SAMPLE, "receipt.number": f"00012{i}"} for i in range(3)]
    render_forms(template, records, out)
    return out


def _dialog(qtbot, path: Path, **kwargs) -> PdfPreviewDialog:
    dialog = PdfPreviewDialog(path, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_preview_shows_page_count_and_pages_through(qtbot, three_pages: Path) -> None:
    dialog = _dialog(qtbot, three_pages, title="領収書")
    assert dialog.page_count() == 3
    assert dialog.page_label.text().strip() == "1 / 3 頁"
    assert "領収書" in dialog.windowTitle()
    dialog.next_page()
    qtbot.waitUntil(lambda: dialog.current_page() == 1)
    assert dialog.page_label.text().strip() == "2 / 3 頁"
    dialog.go_to_page(99)
    qtbot.waitUntil(lambda: dialog.current_page() == 2)
    assert dialog.page_label.text().strip() == "3 / 3 頁"
    dialog.previous_page()
    qtbot.waitUntil(lambda: dialog.current_page() == 1)


def test_zoom_steps_and_fit(qtbot, three_pages: Path) -> None:
    dialog = _dialog(qtbot, three_pages)
    assert dialog.zoom_label.text().strip() == "幅に合わせる"
    dialog.set_zoom(1.0)
    dialog.zoom_in()
    assert dialog.zoom_factor() == pytest.approx(1.25)
    assert dialog.zoom_label.text().strip() == "125%"
    dialog.zoom_out()
    dialog.zoom_out()
    assert dialog.zoom_label.text().strip() == "75%"
    for _ in range(12):
        dialog.zoom_out()
    assert dialog.zoom_factor() == pytest.approx(0.25)  # never below 25 %
    dialog.fit_page()
    assert dialog.zoom_label.text().strip() == "頁全体"


def test_save_as_copies_the_pdf_and_adds_the_suffix(qtbot, three_pages: Path, tmp_path: Path):
    dialog = _dialog(qtbot, three_pages)
    with qtbot.waitSignal(dialog.saved) as signal:
        target = dialog.save_as(tmp_path / "copy")
    assert target == tmp_path / "copy.pdf"
    assert signal.args == [target]
    assert target.read_bytes() == three_pages.read_bytes()


def _pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_print_sends_every_page_or_the_chosen_range(qtbot, three_pages: Path, tmp_path: Path):
    dialog = _dialog(qtbot, three_pages)
    out = tmp_path / "printed.pdf"
    with qtbot.waitSignal(dialog.printed):
        assert dialog.print_to(_pdf_printer(out)) == 3
    assert len(PdfReader(out).pages) == 3
    ranged = _pdf_printer(tmp_path / "range.pdf")
    ranged.setFromTo(2, 3)
    assert dialog.print_to(ranged) == 2
    assert len(PdfReader(tmp_path / "range.pdf").pages) == 2


def _leftmost_ink(pdf: Path) -> int:
    document = QPdfDocument()
    document.load(str(pdf))
    image = document.render(0, document.pagePointSize(0).toSize())
    for x in range(image.width()):
        for y in range(0, image.height(), 2):
            color = image.pixelColor(x, y)  # the page background renders transparent
            if color.alpha() > 128 and color.value() < 128:
                return x
    return -1


def test_print_honours_the_printer_offset(qtbot, three_pages: Path, tmp_path: Path) -> None:
    plain = _dialog(qtbot, three_pages)
    plain.print_to(_pdf_printer(tmp_path / "plain.pdf"))
    shifted = _dialog(qtbot, three_pages, printer_offsets={"*": PrinterOffset(x_mm=10)})
    assert shifted.offset_for("どのプリンター").x_mm == 10
    shifted.print_to(_pdf_printer(tmp_path / "shifted.pdf"))
    moved = _leftmost_ink(tmp_path / "shifted.pdf") - _leftmost_ink(tmp_path / "plain.pdf")
    assert moved == pytest.approx(10 / 25.4 * 72, abs=2)  # 10 mm at 72 dpi ≈ 28 px


def test_background_task_reports_progress_and_returns_its_result(qtbot) -> None:
    steps: list[int] = []

    def task(progress, cancelled):
        for i in range(1, 6):
            progress(i, 5)
            steps.append(i)
        return "できあがり"

    assert run_in_background(None, "テスト", task) == "できあがり"
    assert steps == [1, 2, 3, 4, 5]


def test_cancel_stops_the_background_task(qtbot) -> None:
    def task(progress, cancelled):
        for i in range(500):
            if cancelled():
                return "途中"
            progress(i, 500)
            time.sleep(0.01)
        return "最後まで"

    def press_cancel() -> None:
        for widget in QApplication.topLevelWidgets():
            # Only this task's dialog: other tests may leave hidden or finished ones behind.
            if (
                isinstance(widget, QProgressDialog)
                and widget.isVisible()
                and widget.labelText().startswith("取消テスト")
            ):
                widget.findChild(QPushButton).click()  # the clerk presses キャンセル
                return
        QTimer.singleShot(50, press_cancel)

    QTimer.singleShot(300, press_cancel)
    assert run_in_background(None, "取消テスト", task) is None


def test_failed_task_is_shown_not_lost(qtbot, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))

    def task(progress, cancelled):
        raise ValueError("様式が壊れています")

    assert run_in_background(None, "失敗テスト", task) is None
    assert shown == ["様式が壊れています"]


def test_batch_print_of_members_builds_one_pdf(qtbot, ctx, society, tmp_path: Path) -> None:
    from gojokai_desktop.db.models import Establishment, Member

    with ctx.unit_of_work("テストデータ") as uow:
        shop = Establishment(number=3, name="一括商事", join_date=dt.date(2020, 4, 1))
        uow.session.add(shop)
        uow.session.flush()
        for i in range(40):
            uow.session.add(
                Member(
                    number=f"0003-{i:03d}",
                    name=f"一括 {i:03d}",
                    name_kana="イッカツ",
                    kana_search="イッカツ",
                    establishment_id=shop.id,
                    join_date=dt.date(2022, 4, 1),
                )
            )
        uow.commit()
    numbers = [f"0003-{i:03d}" for i in range(40)]
    out = print_members_in_background(
        None, ctx, "member_application", numbers, tmp_path / "batch.pdf", user_forms_dir=None
    )
    assert out == tmp_path / "batch.pdf"
    pages = PdfReader(out).pages
    assert len(pages) == 40
    assert "一括 039" in pages[39].extract_text()
