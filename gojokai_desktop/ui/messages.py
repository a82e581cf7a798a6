"""Message boxes with Japanese buttons (a plain QMessageBox shows Yes/No/OK in English)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

CLOSE = "閉じる"


def ask(
    parent: QWidget | None, title: str, text: str, *, yes: str = "はい", no: str = "いいえ"
) -> bool:
    """A question; True when the clerk pressed ``yes`` (the safe answer is the default)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def _show(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> None:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.addButton(CLOSE, QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def tell(parent: QWidget | None, title: str, text: str) -> None:
    """Something done or worth knowing (an information box)."""
    _show(parent, QMessageBox.Icon.Information, title, text)


def inform(parent: QWidget | None, title: str, text: str) -> None:
    """The same as :func:`tell` (the name the settings and login screens use)."""
    _show(parent, QMessageBox.Icon.Information, title, text)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """A refusal or a failure the clerk should read (a warning box)."""
    _show(parent, QMessageBox.Icon.Warning, title, text)
