"""「ほかの端末で先に変更されました」: tell the clerk what another PC changed, offer a reload."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from gojokai_desktop.domain.errors import EditConflict


def other_changes_text(conflict: EditConflict) -> str:
    """One block per save of the other PC: when, who, and each field before → after."""
    if not conflict.edits:
        return "変更の内容は記録から読み取れませんでした（一括の取り込みなど）。"
    lines: list[str] = []
    for edit in conflict.edits:
        lines.append(f"{edit.at}　{edit.by}")
        lines += [f"　{c.label}: {c.before} → {c.after}" for c in edit.changes]
    return "\n".join(lines)


def ask_reload(parent: QWidget | None, conflict: EditConflict) -> bool:
    """Show the conflict; True when the clerk chose to read the record again.

    Reading again puts the other PC's values on screen (the clerk's own typing is dropped,
    which the box says); staying keeps the typing so it can be copied or compared first.
    """
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(EditConflict.TITLE)
    box.setText(
        f"{conflict.what}は、この画面を開いた後にほかの端末で変更されました。\n"
        "この保存は行われていません。"
    )
    box.setInformativeText(
        "ほかの端末での変更:\n"
        + other_changes_text(conflict)
        + "\n\n［読み直す］で最新の内容を表示します（この画面で入力した内容は消えます）。"
    )
    reload = box.addButton("読み直す", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("入力を残して戻る", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(reload)
    box.exec()
    return box.clickedButton() is reload
