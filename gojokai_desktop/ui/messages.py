"""Short messages with a Japanese button (閉じる), for the places Qt's static boxes would say OK."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

CLOSE = "閉じる"


def _show(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> None:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.addButton(CLOSE, QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def tell(parent: QWidget | None, title: str, text: str) -> None:
    """Something done or worth knowing (an information box)."""
    _show(parent, QMessageBox.Icon.Information, title, text)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """A refusal or a failure the clerk should read (a warning box)."""
    _show(parent, QMessageBox.Icon.Warning, title, text)
