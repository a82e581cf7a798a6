"""Every page and every dialog a clerk can open: Japanese buttons, and room on 1,024×768.

The pages come from the main window's AREAS, so a page added later is checked too; each
button of each page (and of the member record) is clicked with a watcher that inspects and
closes whatever dialog opens. Screenshots go to ``GOJOKAI_SCREENSHOTS`` when it is set.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QMessageBox,
    QTabWidget,
    QWizard,
)

from gojokai_desktop.ui.main_window import AREAS, AppPaths, MainWindow
from tests.gui.screens import (
    SCREEN,
    DialogWatcher,
    click_everything,
    english_buttons,
    fits,
    is_english,
    shots_dir,
)

pytestmark = pytest.mark.gui

#: Buttons whose click would end the test's program or wait for a person.
SKIP = {"終了(X)"}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from gojokai_desktop.services.demo.pipeline import generate_demo

    path = tmp_path_factory.mktemp("screens") / "demo.sqlite3"
    generate_demo(path, size="S")
    return path


@pytest.fixture
def demo_ctx(demo_db: Path, tmp_path: Path):
    import shutil

    from gojokai_desktop.db.engine import Database
    from gojokai_desktop.services.context import AppContext
    from gojokai_desktop.services.demo.pipeline import DEMO_TODAY

    copy = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_db, copy)
    database = Database(f"sqlite:///{copy}")
    yield AppContext(database, clock=lambda: DEMO_TODAY)
    database.dispose()


@pytest.fixture
def window(qtbot, demo_ctx, tmp_path):
    paths = AppPaths(tmp_path / "window.ini", None, tmp_path / "backups")
    main = MainWindow(demo_ctx, paths)
    qtbot.addWidget(main)
    main.resize(SCREEN)
    main.show()
    return main


def test_english_is_told_from_japanese() -> None:
    assert [is_english(t) for t in ("Cancel", "&Yes", "OK", "保存 (Ctrl+S)", "はい(&Y)",
                                    "Excelに出力…", "")] == [True, True, False, False, False,
                                                              False, False]  # fmt: skip


def test_every_standard_button_of_qt_speaks_japanese(qtbot) -> None:
    """Whatever buttons a dialog asks Qt for, none can come out English."""
    every = QDialogButtonBox.StandardButton(0)
    for button in QDialogButtonBox.StandardButton:
        if button != QDialogButtonBox.StandardButton.NoButton:
            every |= button
    box = QDialogButtonBox(every)
    qtbot.addWidget(box)
    texts = [b.text() for b in box.buttons()]
    assert len(texts) >= 18
    assert [t for t in texts if is_english(t)] == []
    message = QMessageBox()
    qtbot.addWidget(message)
    message.setStandardButtons(
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        | QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )  # fmt: skip
    assert sorted(b.text() for b in message.buttons()) == sorted(
        ["はい(&Y)", "いいえ(&N)", "保存", "変更を破棄", "キャンセル"]
    )
    wizard = QWizard()
    qtbot.addWidget(wizard)
    wizard_buttons = (
        QWizard.WizardButton.BackButton,
        QWizard.WizardButton.NextButton,
        QWizard.WizardButton.CancelButton,
        QWizard.WizardButton.FinishButton,
    )
    assert [is_english(wizard.buttonText(b)) for b in wizard_buttons] == [False] * 4


def _tabs_of(page) -> list[tuple[QTabWidget | None, int]]:
    tabs = getattr(page, "tabs", None)
    if isinstance(tabs, QTabWidget):
        return [(tabs, i) for i in range(tabs.count())]
    return [(None, -1)]


def test_every_page_fits_1024_by_768_and_speaks_japanese(qtbot, window, tmp_path) -> None:
    shots = shots_dir(tmp_path / "pages")
    problems = []
    for row, area in enumerate(AREAS):
        window.navigation.setCurrentRow(row)
        page = window.pages.currentWidget()
        for tabs, index in _tabs_of(page):
            if tabs is not None:
                tabs.setCurrentIndex(index)
            QApplication.processEvents()
            name = area.title + (f"・{tabs.tabText(index)}" if tabs is not None else "")
            if not fits(window.minimumSizeHint()):
                hint = window.minimumSizeHint()
                problems.append(f"{name}: window minimum {hint.width()}×{hint.height()}")
            problems += [f"{name}: English button {t!r}" for t in english_buttons(page)]
            window.grab().save(str(shots / f"page_{row:02d}_{name}.png"))
    assert problems == []
    assert (window.width(), window.height()) == (SCREEN.width(), SCREEN.height())


def test_every_dialog_a_page_opens_fits_and_speaks_japanese(qtbot, window, tmp_path) -> None:
    watcher = DialogWatcher(shots_dir(tmp_path / "dialogs"))
    watcher.start()
    clicked = 0
    try:
        for row in range(len(AREAS)):
            window.navigation.setCurrentRow(row)
            page = window.pages.currentWidget()
            for tabs, index in _tabs_of(page):
                if tabs is not None:
                    tabs.setCurrentIndex(index)
                QApplication.processEvents()
                clicked += click_everything(page, watcher, SKIP)
        window.navigation.setCurrentRow(0)
    finally:
        watcher.stop()
    assert clicked > 100
    kinds = {seen.kind for seen in watcher.seen}
    assert {"MemberDialog", "PdfPreviewDialog", "ImportWizard", "SetupDialog",
            "EntryDialog", "ClaimDialog"} <= kinds  # fmt: skip
    problems = [p for seen in watcher.seen for p in seen.problems()]
    assert problems == [], "\n".join(problems)


def test_the_member_record_and_its_dialogs_fit_and_speak_japanese(
    qtbot, demo_ctx, tmp_path
) -> None:
    from gojokai_desktop.services.members.search import load_member_rows
    from gojokai_desktop.ui.members.record_dialog import MemberDialog

    rows = load_member_rows(demo_ctx)
    present = next(r for r in rows if r.leave_date is None)
    watcher = DialogWatcher(shots_dir(tmp_path / "record"))
    dialog = MemberDialog(demo_ctx, present.id)
    qtbot.addWidget(dialog)
    dialog.show()
    watcher.inspect(dialog)
    watcher.start()
    done: set[str] = set()
    try:
        for index in range(dialog.tabs.count()):
            dialog.tabs.setCurrentIndex(index)
            QApplication.processEvents()
            click_everything(dialog, watcher, {"保存 (Ctrl+S)", "閉じる", "誤登録の削除…"}, done)
    finally:
        watcher.stop()
    kinds = [seen.kind for seen in watcher.seen]
    assert kinds.count("EventDialog") >= 2  # 異動, 退会
    assert "FamilyDialog" in kinds
    problems = [p for seen in watcher.seen for p in seen.problems()]
    assert problems == [], "\n".join(problems)
