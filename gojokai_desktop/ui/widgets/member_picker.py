"""Finding a member at the counter: type a member number or フリガナ, pick from the list."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.membership import get_member
from gojokai_desktop.services.members.records import MemberDetail
from gojokai_desktop.services.members.search import MemberListRow, MemberQuery, filter_member_rows

MAX_CANDIDATES = 30


def member_summary(detail: MemberDetail) -> str:
    """``0001-001 佐藤　花子（サトウ　ハナコ） 福島商事 / 入会 令和2年4月1日``, and how it ended."""
    data = detail.data
    text = (
        f"{detail.number} {data.name}（{data.name_kana}）　{detail.establishment_name}"
        f"　入会 {format_wareki(detail.join_date)}"
    )
    if detail.leave_date is not None:
        text += f"　退会 {format_wareki(detail.leave_date)}"
    if len(detail.periods) > 1:
        spans = "、".join(
            f"{format_wareki(p.start_date)}〜{format_wareki(p.end_date) if p.end_date else ''}"
            for p in detail.periods
        )
        text += f"\n会員期間: {spans}"
    return text


class MemberPicker(QWidget):
    """A search field with the matching members under it.

    An exact member number, or a search that leaves one member, chooses that member at once;
    otherwise ↑/↓ move through the list and Enter (or leaving the field) takes the one marked.
    ``member_chosen`` carries the :class:`MemberDetail`, or None when the text no longer
    names anyone.
    """

    member_chosen = Signal(object)

    def __init__(
        self, ctx: AppContext, rows: Sequence[MemberListRow], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._rows = rows
        self._found: list[MemberListRow] = []
        self.detail: MemberDetail | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("会員番号またはフリガナ（例: 0001-001、さとう はなこ）")
        self.list_model = QStringListModel(self)
        self.list = QListView()
        self.list.setModel(self.list_model)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setMaximumHeight(110)
        self.list.hide()
        self.info = QLabel("")
        self.info.setWordWrap(True)
        layout.addWidget(self.edit)
        layout.addWidget(self.list)
        layout.addWidget(self.info)
        self.edit.textEdited.connect(self._on_edit_text_edited)
        self.edit.editingFinished.connect(self._on_edit_editing_finished)
        self.list.clicked.connect(lambda index: self._choose(self._found[index.row()]))
        self.edit.installEventFilter(self)

    def show_member(self, detail: MemberDetail) -> None:
        """Show an already chosen member (a claim being corrected): the field is locked."""
        self.detail = detail
        self.edit.setText(detail.number)
        self.edit.setReadOnly(True)
        self.info.setText(member_summary(detail))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress and self._found:
            assert isinstance(event, QKeyEvent)
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
            if step is not None:
                current = self.list.currentIndex().row()
                target = max(0, min(len(self._found) - 1, current + step))
                self.list.setCurrentIndex(self.list_model.index(target, 0))
                return True
        return super().eventFilter(watched, event)

    def _on_edit_text_edited(self, text: str) -> None:
        key = text.strip()
        exact = [r for r in self._rows if r.number == key] if key else []
        if exact:
            self._choose(exact[0])
            return
        found = (
            filter_member_rows(self._rows, MemberQuery(text=key, status="all"), self.ctx.today())
            if key
            else []
        )
        self._found = [self._rows[i] for i in found[:MAX_CANDIDATES]]
        if len(found) == 1:
            self._choose(self._found[0])
            return
        self._set_detail(None)
        self.list_model.setStringList([self._line(r) for r in self._found])
        self.list.setVisible(bool(self._found))
        if self._found:
            self.list.setCurrentIndex(self.list_model.index(0, 0))
        more = f"（先頭{MAX_CANDIDATES}人を表示）" if len(found) > MAX_CANDIDATES else ""
        self.info.setText(
            f"該当 {len(found):,}人{more}。↑↓で選んで Enter" if found
            else ("該当する会員がいません" if key else "")
        )  # fmt: skip

    def _on_edit_editing_finished(self) -> None:
        if self.detail is None and self._found:
            self._choose(self._found[max(0, self.list.currentIndex().row())])

    @staticmethod
    def _line(row: MemberListRow) -> str:
        left = "（退会）" if row.leave_date is not None else ""
        return f"{row.number}　{row.name}（{row.name_kana}）　{row.establishment_name}{left}"

    def _choose(self, row: MemberListRow) -> None:
        self._found = []
        self.list_model.setStringList([])
        self.list.hide()
        self._set_detail(get_member(self.ctx, row.id))

    def _set_detail(self, detail: MemberDetail | None) -> None:
        changed = (detail is None) != (self.detail is None) or (
            detail is not None and self.detail is not None and detail.id != self.detail.id
        )
        self.detail = detail
        self.info.setText(member_summary(detail) if detail else "")
        if changed:
            self.member_chosen.emit(detail)
