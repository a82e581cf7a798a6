"""What a clerk sees on a 1,024×768 screen: every button's words and every window's size.

Shared by the screen tests: a watcher that inspects (and closes) every dialog a click opens,
checks that find English button texts and clipped fields, and screenshots for review.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QPushButton,
    QTableView,
    QToolButton,
    QWidget,
)

SCREEN = QSize(1024, 768)
#: Japanese Windows itself labels the button OK; every other Latin-only label is English.
ALLOWED_LATIN = {"OK"}
_JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")
_LATIN = re.compile(r"[A-Za-z]")


def is_english(text: str) -> bool:
    """A button label with Latin letters and no Japanese (``Cancel``, ``&Yes``, ``Save``)."""
    shown = text.replace("&", "").strip()
    return bool(_LATIN.search(shown)) and not _JAPANESE.search(shown) and shown not in ALLOWED_LATIN


def english_buttons(root: QWidget) -> list[str]:
    """The visible buttons under ``root`` whose text is English."""
    return [
        b.text()
        for b in root.findChildren(QAbstractButton)
        if b.isVisibleTo(root) and b.text() and is_english(b.text())
    ]


def clipped_fields(root: QWidget) -> list[str]:
    """Visible fields and buttons narrower than they need to show their content."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, QLineEdit | QComboBox | QAbstractSpinBox | QPushButton):
            continue
        if not widget.isVisibleTo(root) or isinstance(widget.parentWidget(), QComboBox):
            continue
        if isinstance(widget, QLineEdit) and isinstance(
            widget.parentWidget(), QComboBox | QAbstractSpinBox
        ):
            continue
        need = widget.minimumSizeHint().width()
        if widget.width() + 1 < need:
            name = getattr(widget, "text", lambda: "")() if isinstance(widget, QPushButton) else ""
            found.append(f"{type(widget).__name__} {name} {widget.width()} < {need}")
    return found


def _on_screen(widget: QWidget) -> bool:
    screen = widget.screen()
    if screen is None:
        return True
    area = screen.availableGeometry()
    return widget.width() <= area.width() and widget.height() <= area.height()


def fits(size: QSize) -> bool:
    return size.width() <= SCREEN.width() and size.height() <= SCREEN.height()


def shots_dir(default: Path) -> Path:
    """Where screenshots go: ``GOJOKAI_SCREENSHOTS`` (to look at them) or the test's folder."""
    folder = Path(os.environ.get("GOJOKAI_SCREENSHOTS") or default)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class SeenDialog:
    """A dialog that opened during a click: what the checks found in it."""

    title: str
    kind: str
    opened_by: str
    minimum: QSize
    size: QSize
    english: list[str]
    clipped: list[str]
    on_screen: bool = True
    shot: Path | None = None

    def problems(self) -> list[str]:
        where = f"{self.kind}「{self.title}」（{self.opened_by}）"
        found = []
        if not fits(self.minimum):
            found.append(f"{where}: minimum {self.minimum.width()}×{self.minimum.height()}")
        if not fits(self.size) or not self.on_screen:
            found.append(f"{where}: shown {self.size.width()}×{self.size.height()}")
        found += [f"{where}: English button {t!r}" for t in self.english]
        found += [f"{where}: clipped {c}" for c in self.clipped]
        return found


class DialogWatcher:
    """Every 20 ms: close popup menus; inspect, screenshot and close each dialog that shows.

    Dialogs are closed through QDialog.done, past any "save changes?" override, so a click
    that opens a modal dialog returns at once.
    """

    def __init__(self, shots: Path | None = None) -> None:
        self.shots = shots
        self.seen: list[SeenDialog] = []
        self.current = ""
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                self.inspect(widget)
                QDialog.done(widget, QDialog.DialogCode.Rejected)

    def inspect(self, dialog: QDialog) -> SeenDialog:
        QApplication.processEvents()
        seen = SeenDialog(
            title=dialog.windowTitle(),
            kind=type(dialog).__name__,
            opened_by=self.current,
            minimum=dialog.minimumSizeHint(),
            size=dialog.size(),
            english=english_buttons(dialog),
            clipped=clipped_fields(dialog),
            on_screen=_on_screen(dialog),
        )
        if self.shots is not None:
            name = re.sub(r"[\\/:*?\"<>| ]", "_", f"{len(self.seen):03d}_{seen.kind}_{seen.title}")
            seen.shot = self.shots / f"{name[:80]}.png"
            dialog.grab().save(str(seen.shot))
        self.seen.append(seen)
        return seen


def click_everything(
    root: QWidget, watcher: DialogWatcher, skip: set[str], done: set[str] | None = None
) -> int:
    """Select the first row of every table, then click every visible enabled button once
    (once in all, when the caller keeps ``done`` across tabs that share their buttons)."""
    done = set() if done is None else done
    for view in root.findChildren(QTableView):
        if view.isVisibleTo(root) and view.model() is not None and view.model().rowCount() > 0:
            view.selectRow(0)
    buttons = [
        b
        for b in root.findChildren(QAbstractButton)
        if isinstance(b, QPushButton | QToolButton) and b.text()
    ]
    clicked = 0
    for button in buttons:
        if not shiboken6.isValid(button) or not button.isVisibleTo(root):
            continue
        text = button.text().replace("&", "")
        if not button.isEnabled() or text in skip or text in done:
            continue
        done.add(text)
        watcher.current = text
        button.click()
        QApplication.processEvents()
        clicked += 1
    return clicked
