"""Small dialogs of the claim decisions: 支給決定 (with the administrator's override), reasons."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.yen import format_yen
from gojokai_desktop.services.benefits.claim_views import ClaimDetail
from gojokai_desktop.services.benefits.claims import OverrideInput
from gojokai_desktop.ui.widgets import WarekiDateEdit, YenEdit, install_enter_moves_focus

ERROR_STYLE = "color: #c62828;"


class ReasonDialog(QDialog):
    """Asks a reason (required), and when told an amount and/or a date, for one claim action."""

    def __init__(
        self,
        title: str,
        prompt: str,
        parent: QWidget | None = None,
        *,
        reason_field: str = "理由",
        amount_field: str = "",
        date_field: str = "",
        day: dt.date | None = None,
        amount: int | None = None,
        amount_required: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self._reason_field = reason_field
        self._amount_required = amount_required
        layout = QVBoxLayout(self)
        intro = QLabel(prompt)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.reason_edit = QLineEdit()
        self.amount_edit: YenEdit | None = None
        self.date_edit: WarekiDateEdit | None = None
        if amount_field:
            self.amount_edit = YenEdit(field=amount_field, required=amount_required)
            self.amount_edit.setValue(amount)
            self.amount_edit.setMaximumWidth(160)
            form.addRow(amount_field, self.amount_edit)
        if date_field:
            self.date_edit = WarekiDateEdit(field=date_field, required=True)
            self.date_edit.setDate(day)
            form.addRow(date_field, self.date_edit)
        form.addRow(reason_field, self.reason_edit)
        layout.addLayout(form)
        self.error_label = QLabel("")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("やめる")
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        install_enter_moves_focus(self)
        (self.amount_edit or self.date_edit or self.reason_edit).setFocus()

    def reason(self) -> str:
        return self.reason_edit.text().strip()

    def amount(self) -> int | None:
        return None if self.amount_edit is None else self.amount_edit.value()

    def day(self) -> dt.date | None:
        return None if self.date_edit is None else self.date_edit.date()

    def _on_ok(self) -> None:
        for edit in (self.amount_edit, self.date_edit):
            if edit is not None and not edit.commit():
                self.error_label.setText(edit.error() or "")
                edit.setFocus()
                return
        if not self.reason():
            self.error_label.setText(f"{self._reason_field}を入力してください。")
            self.reason_edit.setFocus()
            return
        self.accept()


def failures_html(detail: ClaimDetail) -> str:
    return "".join(
        f'<div style="color:#c62828">× {html.escape(f.message)}</div>' for f in detail.failures
    )


class ApproveDialog(QDialog):
    """支給決定: the decision date; when checks fail, the failures in red and, for an
    administrator, 「管理者として上書き…」 (reason required, amount optional)."""

    def __init__(
        self, detail: ClaimDetail, today: dt.date, is_admin: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.detail = detail
        self.override: OverrideInput | None = None
        row = detail.row
        self.setWindowTitle(f"支給決定 {row.number}")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        summary = QLabel(
            f"{row.member_name}　{row.kind_name}（対象: {row.subject_name}）<br>"
            f"計算額 <b>{format_yen(row.computed_amount)}円</b>"
        )
        layout.addWidget(summary)
        self.failures_label = QLabel(failures_html(detail))
        self.failures_label.setWordWrap(True)
        layout.addWidget(self.failures_label)
        form = QFormLayout()
        self.date_edit = WarekiDateEdit(field="決定日", required=True)
        self.date_edit.setDate(today)
        form.addRow("決定日", self.date_edit)
        layout.addLayout(form)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("やめる")
        self.approve_button = buttons.addButton(
            "支給を決定", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.override_button = QPushButton("管理者として上書き…")
        buttons.addButton(self.override_button, QDialogButtonBox.ButtonRole.ActionRole)
        failing = bool(detail.failures)
        self.approve_button.setEnabled(not failing)
        self.override_button.setVisible(failing)
        self.override_button.setEnabled(failing and is_admin)
        if failing and is_admin:
            self.note.setText(
                "条件を満たしていないため、このままでは支給決定できません。"
                "管理者として理由を付けて上書きするか、不支給にしてください。"
            )
        elif failing:
            self.override_button.setToolTip("上書きは管理者だけができます")
            self.note.setText(
                "条件を満たしていないため支給決定できません。書類を受け取って「開く/修正」で"
                "入力し直すか、不支給にしてください（上書きは管理者だけができます）。"
            )
        self.note.setStyleSheet(ERROR_STYLE if failing else "")
        buttons.accepted.connect(self._on_approve)
        buttons.rejected.connect(self.reject)
        self.override_button.clicked.connect(self._on_override_clicked)
        layout.addWidget(buttons)

    def decided_on(self) -> dt.date | None:
        return self.date_edit.date()

    def _date_ok(self) -> bool:
        if self.date_edit.commit():
            return True
        self.note.setText(self.date_edit.error() or "")
        self.note.setStyleSheet(ERROR_STYLE)
        return False

    def _on_approve(self) -> None:
        if self._date_ok():
            self.accept()

    def _on_override_clicked(self) -> None:
        if not self._date_ok():
            return
        dialog = ReasonDialog(
            "管理者による上書き",
            "条件を満たしていない請求を支給決定します。理由は給付台帳に記録されます。"
            "支給額を変える場合だけ金額を入力してください（空欄なら計算額）。",
            self,
            reason_field="上書きの理由",
            amount_field="支給額",
            amount_required=False,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.override = OverrideInput(dialog.reason(), dialog.amount())
        self.accept()
