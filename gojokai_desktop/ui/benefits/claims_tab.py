"""The 請求 tab: the claim list with its filters, the claim's story, and every decision."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop import paths
from gojokai_desktop.domain.errors import EditConflict, RuleViolation, ValidationError
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.domain.yen import format_yen
from gojokai_desktop.services.auth.roles import has_role
from gojokai_desktop.services.benefits.claim_views import (
    METHOD_LABELS,
    OPEN_STATUSES,
    STATUS_LABELS,
    ClaimDetail,
    ClaimFilter,
    ClaimRow,
    get_claim,
    list_claims,
)
from gojokai_desktop.services.benefits.claims import (
    approve_claim,
    change_amount,
    reject_claim,
    reopen_claim,
    review_claim,
    withdraw_claim,
)
from gojokai_desktop.services.benefits.printouts import (
    print_claim_forms,
    print_decision_notices,
    print_payment_notices,
)
from gojokai_desktop.services.benefits.tables import table_in_force
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.search import (
    MemberListRow,
    load_member_rows,
    register_stamp,
)
from gojokai_desktop.services.society import fiscal_label, load_profile
from gojokai_desktop.ui.benefits.claim_dialog import ClaimDialog
from gojokai_desktop.ui.benefits.decision_dialogs import ApproveDialog, ReasonDialog
from gojokai_desktop.ui.benefits.models import (
    STEP_COLUMNS,
    ClaimSearchProxy,
    claim_model,
    subject_text,
)
from gojokai_desktop.ui.conflict import ask_reload
from gojokai_desktop.ui.output import preview_pdf
from gojokai_desktop.ui.table_base import RowsTableModel
from gojokai_desktop.ui.widgets import FlowLayout

YEARS_SHOWN = 10
RED = "#c62828"
#: Which buttons work in which status.
ACTION_STATUSES = {
    "review": ("received", "reviewed"),
    "approve": ("received", "reviewed"),
    "reject": ("received", "reviewed"),
    "change": ("approved",),
    "withdraw": OPEN_STATUSES,
    "reopen": ("rejected",),
}
Writer = Callable[..., object]
#: The sheets of one claim: what prints them, their title and button (PRINT_STATUSES: when).
PRINTS: dict[str, tuple[Writer, str, str]] = {
    "claim": (print_claim_forms, "慶弔給付金請求書", "請求書（記入済み）…"),
    "decision": (print_decision_notices, "給付決定通知書", "決定通知書…"),
    "payment": (print_payment_notices, "給付金支払通知書", "支払通知書…"),
}
PRINT_STATUSES = {
    "claim": tuple(STATUS_LABELS),
    "decision": ("approved", "paid", "rejected"),
    "payment": ("paid",),
}


def table_view(model: Any) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setStretchLastSection(True)
    # Column widths from the first rows: measuring 30,000 claims would take a second.
    view.horizontalHeader().setResizeContentsPrecision(100)
    return view


def _block(text: str, color: str = "") -> str:
    """A paragraph of the detail pane, a little apart from the one before."""
    style = "margin-top:6px" + (f"; color:{color}" if color else "")
    return f"<div style='{style}'>{text}</div>"


def detail_html(detail: ClaimDetail) -> str:
    """The claim whole, for the pane under the list: failures in red, steps beside it."""
    row, data = detail.row, detail.data
    e = html.escape
    decided = (
        f"　決定額 <b>{format_yen(row.amount)}円</b>（決定日 {format_wareki(row.decided_on)}）"
        if row.decided_on and row.status in ("approved", "paid")
        else ""
    )
    parts = [
        f"<h3>{e(row.number)}　{e(row.kind_name)}　<span style='color:#1d3f6e'>"
        f"{e(row.status_label)}</span></h3>",
        f"<div>会員 {e(row.member_number)} {e(row.member_name)}（{e(row.establishment_name)}）"
        f"　対象 {e(subject_text(row))}</div>",
        f"<div>事由発生日 {format_wareki(row.event_date)}　請求日 {format_wareki(row.claim_date)}"
        f"　支払方法 {e(METHOD_LABELS.get(row.payment_method, row.payment_method))}</div>",
        f"<div>計算額 <b>{format_yen(row.computed_amount)}円</b>{decided}</div>",
    ]
    if row.paid_on:
        parts.append(f"<div>支払 {e(row.batch_label)}（{format_wareki(row.paid_on)}）</div>")
    if detail.explanation:
        parts.append(_block("<b>計算の根拠</b>"))
        parts += [f"<div>・{e(line)}</div>" for line in detail.explanation]
    if detail.failures:
        parts.append(_block("<b>満たしていない条件</b>", RED))
        parts += [f"<div style='color:#c62828'>× {e(f.message)}</div>" for f in detail.failures]
    if detail.override_reason:
        parts.append(
            _block(
                f"<b>上書き</b>: 管理者 {e(detail.override_by or '')} — {e(detail.override_reason)}"
            )
        )
    if detail.reject_reason:
        parts.append(_block(f"<b>不支給の理由</b>: {e(detail.reject_reason)}", RED))
    if detail.evidence_required:
        marks = "　".join(
            f"{'☑' if paper in data.evidence else '☐'} {e(paper)}"
            for paper in detail.evidence_required
        )
        parts.append(f"<div>添付書類: {marks}</div>")
    if detail.employer_certification:
        parts.append(f"<div>事業主証明: {'あり' if data.employer_certified else 'なし'}</div>")
    for label, text in (("事由の内容", data.detail), ("備考", data.note)):
        if text:
            parts.append(f"<div>{label}: {e(text)}</div>")
    return "".join(parts)


class ClaimsTab(QWidget):
    """Claims from the counter to the decision; payments are on the 支払 tab."""

    data_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        profile = load_profile(ctx)
        self.calendar = profile.calendar if profile else FiscalCalendar(4)
        self.label = fiscal_label(ctx)
        self.detail: ClaimDetail | None = None
        self._rows: list[ClaimRow] = []
        self._member_rows: list[MemberListRow] = []
        self._member_stamp: tuple[int, str] | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(self._filter_bar())
        layout.addLayout(self._action_bar())
        self.model = claim_model(self)
        self.proxy = ClaimSearchProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = table_view(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the service's: newest first
        self.steps_model: RowsTableModel[Any] = RowsTableModel(STEP_COLUMNS, self)
        self.steps_view = table_view(self.steps_model)
        self.detail_view = QTextBrowser()
        self.detail_view.setOpenLinks(False)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.detail_view)
        lower.addWidget(self.steps_view)
        lower.setSizes([480, 520])
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(lower)
        splitter.setSizes([380, 260])
        layout.addWidget(splitter, 1)
        self.status_label = QLabel("")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self.view.selectionModel().currentRowChanged.connect(self._on_view_current_changed)
        self.view.doubleClicked.connect(lambda _index: self._on_open_clicked())
        QShortcut(QKeySequence.StandardKey.New, self, self._on_new_clicked)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search_edit.setFocus)
        self._update_buttons()

    # -- layout ----------------------------------------------------------------------------
    def _filter_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.status_combo = QComboBox()
        self.status_combo.addItem("未処理（受付・審査済・支給決定）", OPEN_STATUSES)
        for code, label in STATUS_LABELS.items():
            self.status_combo.addItem(label, (code,))
        self.status_combo.addItem("すべて", ())
        self.year_combo = QComboBox()
        self.year_combo.addItem("すべての年度", None)
        current = self.calendar.year_of(self.ctx.today())
        for year in range(current, current - YEARS_SHOWN, -1):
            self.year_combo.addItem(self.label.year(year), year)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("すべての種類", "")
        for kind in table_in_force(self.ctx, current).table.kinds:
            self.kind_combo.addItem(kind.name, kind.code)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("受付番号・会員番号・氏名・フリガナで探す（Ctrl+F）")
        self.search_edit.setClearButtonEnabled(True)
        for label, widget in (("状態", self.status_combo), ("年度", self.year_combo),
                              ("種類", self.kind_combo)):  # fmt: skip
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.search_edit, 1)
        for combo in (self.status_combo, self.year_combo, self.kind_combo):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        return bar

    def _action_bar(self) -> FlowLayout:
        bar = FlowLayout()
        self.new_button = QPushButton("新規受付（Ctrl+N）")
        self.open_button = QPushButton("開く/修正")
        self.review_button = QPushButton("審査")
        self.approve_button = QPushButton("支給決定…")
        self.reject_button = QPushButton("不支給…")
        self.change_button = QPushButton("決定額の変更…")
        self.withdraw_button = QPushButton("取下げ…")
        self.reopen_button = QPushButton("再審査…")
        self.action_buttons: dict[str, QPushButton] = {
            "review": self.review_button,
            "approve": self.approve_button,
            "reject": self.reject_button,
            "change": self.change_button,
            "withdraw": self.withdraw_button,
            "reopen": self.reopen_button,
        }
        for button in (self.new_button, self.open_button, *self.action_buttons.values()):
            bar.addWidget(button)
        self.print_button = QToolButton()
        self.print_button.setText("印刷")
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.print_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        menu = QMenu(self.print_button)
        self.print_actions: dict[str, QAction] = {}
        for kind, (_writer, title, label) in PRINTS.items():
            action = self.print_actions[kind] = menu.addAction(label)
            action.setToolTip(f"選んだ請求の{title}を印刷（プレビュー）")
            action.triggered.connect(lambda _c=False, k=kind: self._on_print_triggered(k))
        self.print_button.setMenu(menu)
        bar.addWidget(self.print_button)
        self.count_label = QLabel("")
        bar.addWidget(self.count_label)
        self.new_button.clicked.connect(self._on_new_clicked)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.review_button.clicked.connect(self._on_review_clicked)
        self.approve_button.clicked.connect(self._on_approve_clicked)
        self.reject_button.clicked.connect(self._on_reject_clicked)
        self.change_button.clicked.connect(self._on_change_clicked)
        self.withdraw_button.clicked.connect(self._on_withdraw_clicked)
        self.reopen_button.clicked.connect(self._on_reopen_clicked)
        return bar

    # -- loading ---------------------------------------------------------------------------
    def where(self) -> ClaimFilter:
        return ClaimFilter(
            statuses=tuple(self.status_combo.currentData()),
            fiscal_year=self.year_combo.currentData(),
            kind_code=str(self.kind_combo.currentData()),
        )

    def refresh(self, select_id: int | None = None) -> None:
        """Reload the list with the filters; the selected claim stays selected."""
        keep = select_id if select_id is not None else (self.detail.row.id if self.detail else None)
        self._rows = list_claims(self.ctx, self.where())
        self.model.set_rows(self._rows)
        self.view.resizeColumnsToContents()
        self._count()
        self._select(keep)

    def _count(self) -> None:
        shown = self.proxy.rowCount()
        rows: Iterable[ClaimRow] = self._rows
        if self.proxy.searching:
            rows = (
                self._rows[self.proxy.mapToSource(self.proxy.index(r, 0)).row()]
                for r in range(shown)
            )
        total = sum(r.computed_amount for r in rows)
        self.count_label.setText(f"{shown:,}件（計算額計 {format_yen(total)}円）")

    def _select(self, claim_id: int | None) -> None:
        found = next((n for n, r in enumerate(self._rows) if r.id == claim_id), None)
        index = self.proxy.mapFromSource(self.model.index(found, 0)) if found is not None else None
        if index is not None and index.isValid():
            self.view.selectRow(index.row())
            return
        self.view.clearSelection()
        self.view.setCurrentIndex(self.proxy.index(-1, -1))
        self._show_detail(None)

    def _on_search_edit_text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._count()
        if self.proxy.rowCount() == 1:
            self.view.selectRow(0)

    def selected_row(self) -> ClaimRow | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        row: ClaimRow = self.model.row_at(self.proxy.mapToSource(index).row())
        return row

    def _on_view_current_changed(self, *_args: object) -> None:
        row = self.selected_row()
        self._show_detail(get_claim(self.ctx, row.id) if row else None)

    def _show_detail(self, detail: ClaimDetail | None) -> None:
        self.detail = detail
        self.detail_view.setHtml(detail_html(detail) if detail else "")
        self.steps_model.set_rows(detail.steps if detail else ())
        self.steps_view.resizeColumnsToContents()
        self._update_buttons()

    def _update_buttons(self) -> None:
        status = self.detail.row.status if self.detail else None
        self.open_button.setEnabled(status is not None)
        for name, button in self.action_buttons.items():
            button.setEnabled(status in ACTION_STATUSES[name])
        for kind, action in self.print_actions.items():
            action.setEnabled(status in PRINT_STATUSES[kind])
        self.print_button.setEnabled(status is not None)

    def member_rows(self) -> list[MemberListRow]:
        """Every member for the claim form's search, loaded again only after a change."""
        stamp = register_stamp(self.ctx)
        if stamp != self._member_stamp:
            self._member_rows = load_member_rows(self.ctx)
            self._member_stamp = stamp
        return self._member_rows

    # -- actions ---------------------------------------------------------------------------
    def _warn(self, error: ValidationError | RuleViolation) -> None:
        QMessageBox.warning(self, "慶弔給付", error.message)

    def _act(self, action: Callable[[], ClaimDetail], done: str) -> ClaimDetail | None:
        try:
            detail = action()
        except EditConflict as error:
            # Another PC decided or corrected the claim since it was shown: show it now.
            shown = self.detail
            if ask_reload(self, error) and shown is not None:
                self.refresh(select_id=shown.row.id)
                self._show_detail(get_claim(self.ctx, shown.row.id))
            return None
        except (ValidationError, RuleViolation) as error:
            self._warn(error)
            return None
        self.status_label.setText(f"{detail.row.number}: {done}")
        self.refresh(select_id=detail.row.id)
        if self.detail is None or self.detail.row.id != detail.row.id:
            self._show_detail(detail)  # the filter hides it now: still show what was done
        self.data_changed.emit()
        return detail

    def _on_print_triggered(self, kind: str) -> None:
        if self.detail is None:
            return
        writer, title, _label = PRINTS[kind]
        row, forms_dir = self.detail.row, paths.user_forms_dir()
        try:
            preview_pdf(
                self,
                f"{title}_{row.number}.pdf",
                title,
                lambda p: writer(self.ctx, [row.id], p, user_forms_dir=forms_dir),
            )
        except (ValidationError, RuleViolation) as error:
            self._warn(error)

    def _on_new_clicked(self) -> None:
        dialog = ClaimDialog(self.ctx, self.member_rows(), None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.detail is not None:
            saved = dialog.detail
            self._act(
                lambda: saved, f"受け付けました（計算額 {format_yen(saved.row.computed_amount)}円）"
            )

    def _on_open_clicked(self) -> None:
        if self.detail is None:
            return
        dialog = ClaimDialog(self.ctx, self.member_rows(), self.detail, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.detail is not None:
            saved = dialog.detail
            self._act(lambda: saved, "内容を修正しました")

    def _on_review_clicked(self) -> None:
        if self.detail is None:
            return
        claim_id = self.detail.row.id
        version = self.detail.version
        detail = self._act(
            lambda: review_claim(self.ctx, claim_id, version=version), "審査しました"
        )
        if detail is not None:
            amount = format_yen(detail.row.computed_amount)
            verdict = (
                f"条件を満たしていない項目が{len(detail.failures)}件あります（下に赤字で表示）"
                if detail.failures
                else f"支給の条件を満たしています（計算額 {amount}円）"
            )
            self.status_label.setText(f"{detail.row.number}: 審査しました。{verdict}")

    def _on_approve_clicked(self) -> None:
        if self.detail is None:
            return
        detail = self.detail
        dialog = ApproveDialog(detail, self.ctx.today(), has_role(self.ctx, "admin"), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        day, override = dialog.decided_on(), dialog.override
        self._act(
            lambda: approve_claim(
                self.ctx, detail.row.id, day, override=override, version=detail.version
            ),
            "支給を決定しました" + ("（管理者による上書き）" if override else ""),
        )

    def _ask(self, title: str, prompt: str, **options: Any) -> ReasonDialog | None:
        dialog = ReasonDialog(title, prompt, self, **options)
        return dialog if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _on_reject_clicked(self) -> None:
        if self.detail is None:
            return
        row, version = self.detail.row, self.detail.version
        dialog = self._ask(
            f"不支給 {row.number}",
            f"{row.member_name}さんの{row.kind_name}を不支給にします。理由は決定通知書に載ります。",
            reason_field="不支給の理由",
            date_field="決定日",
            day=self.ctx.today(),
        )
        if dialog is not None:
            reason, day = dialog.reason(), dialog.day()
            self._act(
                lambda: reject_claim(self.ctx, row.id, reason, day, version=version),
                "不支給にしました",
            )

    def _on_change_clicked(self) -> None:
        if self.detail is None:
            return
        row, version = self.detail.row, self.detail.version
        dialog = self._ask(
            f"決定額の変更 {row.number}",
            f"今の決定額は {format_yen(row.amount)}円です。新しい金額と理由を入力してください。",
            reason_field="変更の理由",
            amount_field="決定額",
            amount=row.amount,
        )
        if dialog is not None:
            reason, amount = dialog.reason(), dialog.amount() or 0
            self._act(
                lambda: change_amount(self.ctx, row.id, amount, reason, version=version),
                f"決定額を {format_yen(amount)}円に変更しました",
            )

    def _on_withdraw_clicked(self) -> None:
        if self.detail is None:
            return
        row, version = self.detail.row, self.detail.version
        dialog = self._ask(
            f"取下げ {row.number}",
            f"{row.member_name}さんの{row.kind_name}の請求を取り下げます（記録は残ります）。",
            reason_field="取下げの理由",
        )
        if dialog is not None:
            reason = dialog.reason()
            self._act(
                lambda: withdraw_claim(self.ctx, row.id, reason, version=version),
                "取り下げました",
            )

    def _on_reopen_clicked(self) -> None:
        if self.detail is None:
            return
        row, version = self.detail.row, self.detail.version
        dialog = self._ask(
            f"再審査 {row.number}",
            "不支給の請求を受付に戻して、もう一度審査します。",
            reason_field="再審査の理由",
        )
        if dialog is not None:
            reason = dialog.reason()
            self._act(
                lambda: reopen_claim(self.ctx, row.id, reason, version=version),
                "受付に戻しました（再審査）",
            )
