"""Message boxes of the 推進 screens, with Japanese buttons."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from gojokai_desktop.domain.errors import RuleViolation, ValidationError


def error_text(error: Exception) -> str:
    """What the clerk reads: the field named, then what is wrong and what is expected."""
    if isinstance(error, ValidationError):
        return f"{error.field}: {error.message}" if error.field else error.message
    if isinstance(error, RuleViolation):
        return error.message
    return str(error)


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    return box


def warn(parent: QWidget | None, title: str, text: str) -> None:
    box = _box(parent, QMessageBox.Icon.Warning, title, text)
    box.addButton("閉じる", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def inform(parent: QWidget | None, title: str, text: str) -> None:
    box = _box(parent, QMessageBox.Icon.Information, title, text)
    box.addButton("閉じる", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def ask(parent: QWidget | None, title: str, text: str, yes: str, no: str = "やめる") -> bool:
    """True when the clerk presses ``yes``."""
    box = _box(parent, QMessageBox.Icon.Question, title, text)
    accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(box.addButton(no, QMessageBox.ButtonRole.RejectRole))
    box.exec()
    return box.clickedButton() is accept
