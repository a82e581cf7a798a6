"""The member record's life-event buttons: 異動, 退会, 再入会, 誤登録の削除, and the family tab."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QTableView, QWidget

from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.establishments import EstablishmentRow
from gojokai_desktop.services.members.family import add_family, end_family, update_family
from gojokai_desktop.services.members.membership import (
    delete_mistaken_member,
    leave_member,
    rejoin_member,
    transfer_member,
)
from gojokai_desktop.services.members.records import FamilyRow, MemberDetail
from gojokai_desktop.ui.members.actions import EventDialog, FamilyDialog
from gojokai_desktop.ui.members.models import RecordTableModel


class MemberEventActions:
    """Mixed into :class:`MemberDialog`; each action runs one service call through ``_run``."""

    ctx: AppContext
    detail: MemberDetail | None
    establishments: list[EstablishmentRow]
    error_label: QLabel
    family_view: QTableView
    family_model: RecordTableModel
    deleted: SignalInstance
    _dirty: bool

    def _run(self, action: Callable[[], MemberDetail]) -> bool:
        raise NotImplementedError

    def _parent(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self

    def _event_dialog(self, **kwargs: Any) -> EventDialog | None:
        dialog = EventDialog(parent=self._parent(), **kwargs)
        dialog.date_edit.setDate(self.ctx.today())
        return dialog if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _transfer(self) -> None:
        assert self.detail is not None
        member_id = self.detail.id
        dialog = self._event_dialog(
            title="異動（事業所）", date_label="異動日", establishments=self.establishments,
            explanation="異動日の前日で今の事業所を終え、異動日から新しい事業所に所属します。",
        )  # fmt: skip
        if dialog is not None:
            self._run(lambda: transfer_member(
                self.ctx, member_id, dialog.establishment_id(), dialog.chosen_date(), dialog.note()
            ))  # fmt: skip

    def _leave(self) -> None:
        assert self.detail is not None
        member_id = self.detail.id
        dialog = self._event_dialog(
            title="退会", date_label="退会届の受付日", leave_reasons=True,
            explanation="退会日は退会届を受け付けた月の末日です。",
        )  # fmt: skip
        if dialog is not None:
            self._run(lambda: leave_member(
                self.ctx, member_id, dialog.chosen_date(), dialog.leave_reason(), note=dialog.note()
            ))  # fmt: skip

    def _rejoin(self) -> None:
        assert self.detail is not None
        member_id = self.detail.id
        dialog = self._event_dialog(
            title="再入会", date_label="入会申込書の受付日", establishments=self.establishments,
            explanation="同じ会員番号で新しい在籍期間を始めます。入会日は締め日の規定で決まります。",
        )  # fmt: skip
        if dialog is not None:
            self._run(lambda: rejoin_member(
                self.ctx, member_id, dialog.establishment_id(), dialog.chosen_date()
            ))  # fmt: skip

    def _delete(self) -> None:
        assert self.detail is not None
        detail = self.detail
        answer = QMessageBox.question(
            self._parent(), "誤登録の削除",
            f"{detail.number} {detail.data.name} を削除します（監査記録は残ります）。",
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            delete_mistaken_member(self.ctx, detail.id)
        except RuleViolation as exc:
            self.error_label.setText(exc.message)
            return
        self.deleted.emit(detail.id)
        self._dirty = False
        window = self._parent()
        if isinstance(window, QDialog):
            window.accept()

    def _add_family(self) -> None:
        assert self.detail is not None
        member_id = self.detail.id
        dialog = FamilyDialog(self._parent())
        dialog.from_edit.setDate(self.ctx.today())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._run(lambda: add_family(self.ctx, member_id, dialog.value()))

    def _selected_family(self) -> FamilyRow | None:
        rows = self.family_view.selectionModel().selectedRows()
        family_id = self.family_model.key(rows[0].row()) if rows else None
        found = [f for f in self.detail.family if f.id == family_id] if self.detail else []
        if not found:
            self.error_label.setText("家族: 一覧で人を選んでください。")
            return None
        return found[0]

    def _change_family(self) -> None:
        chosen = self._selected_family()
        if chosen is None:
            return
        dialog = FamilyDialog(self._parent())
        dialog.show_family(chosen)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._run(
                lambda: update_family(self.ctx, chosen.id, dialog.value(), version=chosen.version)
            )

    def _end_family(self) -> None:
        chosen = self._selected_family()
        if chosen is None:
            return
        family_id = chosen.id
        dialog = self._event_dialog(title="家族の登録を終了", date_label="終了日")
        if dialog is not None:
            self._run(lambda: end_family(self.ctx, family_id, dialog.chosen_date()))
