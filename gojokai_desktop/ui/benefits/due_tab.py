"""The 該当者 tab: date-driven benefits due in a fiscal year (入学, 成人, 銀婚, 永年, 長寿), made
into claims in one step, with offer letters and the list as a workbook."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop import paths
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.domain.kana import normalize_for_search
from gojokai_desktop.domain.yen import format_yen
from gojokai_desktop.services.benefits.due import DueList, DueRow, create_claims_from_due, due_list
from gojokai_desktop.services.benefits.due_print import print_offer_letters, write_due_workbook
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.society import load_profile
from gojokai_desktop.ui.background import BackgroundCall
from gojokai_desktop.ui.batch import Cancelled, Progress, run_in_background
from gojokai_desktop.ui.benefits.due_models import DueTableModel
from gojokai_desktop.ui.output import save_workbook
from gojokai_desktop.ui.preview import PdfPreviewDialog
from gojokai_desktop.ui.widgets import WarekiDateEdit, fiscal_year_edit


def matches(row: DueRow, key: str) -> bool:
    """The search box: member number from the start, name or person contains, kana from the
    start (``key`` already normalised)."""
    return (
        row.member_number.startswith(key)
        or key in normalize_for_search(row.member_name)
        or key in normalize_for_search(row.person_name)
        or normalize_for_search(row.member_kana).startswith(key)
    )


class ClaimDateDialog(QDialog):
    """「請求として受付」: the receipt date of the claims made from the chosen rows."""

    def __init__(self, ctx: AppContext, rows: list[DueRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("請求として受付")
        layout = QVBoxLayout(self)
        total = sum(r.amount for r in rows)
        explanation = QLabel(
            f"選んだ {len(rows):,}件（計 ￥{format_yen(total)}）を給付請求として受け付けます。"
            "\n受付のあと［請求］で書類を確かめ、審査・支給決定してください。"
        )
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        form = QFormLayout()
        self.date_edit = WarekiDateEdit(field="請求日（受付日）", required=True)
        self.date_edit.setDate(ctx.today())
        form.addRow("請求日（受付日）", self.date_edit)
        layout.addLayout(form)
        self.error_label = QLabel("")
        self.error_label.setStyleSheet("color: #b00020;")
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("受付")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("やめる")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _check(self) -> None:
        if not self.date_edit.commit():
            self.error_label.setText(f"{self.date_edit.field()}: {self.date_edit.error()}")
            return
        self.accept()


class BenefitDueTab(QWidget):
    """The due list of a fiscal year, read off the GUI thread (over half a second on a large
    society); check rows, then 請求として受付 or 案内状を印刷."""

    data_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.listed: DueList | None = None
        self._year_to_read = 0
        self.message = ""  # said after the next list is shown (e.g. the claims just made)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        profile = load_profile(ctx)
        calendar = profile.calendar if profile else FiscalCalendar()
        self.year_spin = fiscal_year_edit(ctx, calendar.year_of(ctx.today()))
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("すべての給付", "")
        self.claimed_check = QCheckBox("請求済も表示")
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("会員番号・氏名・フリガナで絞り込み")
        self.search_edit.setClearButtonEnabled(True)
        for widget in (QLabel("年度"), self.year_spin, self.kind_combo, self.claimed_check):
            top.addWidget(widget)
        top.addWidget(self.search_edit, 1)
        layout.addLayout(top)
        self.model = DueTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the list's order: by date
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((150, 80, 110, 150, 150, 80, 110, 80)):
            self.view.setColumnWidth(column, width)
        layout.addWidget(self.view, 1)
        layout.addLayout(self._buttons())
        self.status_label = QLabel("")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self.loader = BackgroundCall(self._read, self._show_list, self, self._show_failure)
        self.year_spin.valueChanged.connect(lambda _year: self.refresh())
        self.kind_combo.currentIndexChanged.connect(lambda _index: self._filter())
        self.claimed_check.toggled.connect(lambda _on: self._filter())
        self.search_edit.textChanged.connect(lambda _text: self._filter())
        self.model.checked_changed.connect(self._show_counts)

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.check_all_button = QPushButton("表示中の未請求をすべて選ぶ")
        self.uncheck_button = QPushButton("選択を外す")
        self.claim_button = QPushButton("請求として受付…")
        self.letter_button = QPushButton("案内状を印刷")
        self.export_button = QPushButton("Excelに出力…")
        self.check_all_button.clicked.connect(lambda: self.model.set_all_checked(True))
        self.uncheck_button.clicked.connect(lambda: self.model.set_all_checked(False))
        self.claim_button.clicked.connect(self.claim_checked)
        self.letter_button.clicked.connect(self.print_letters)
        self.export_button.clicked.connect(self.export)
        for button in (self.check_all_button, self.uncheck_button):
            row.addWidget(button)
        row.addStretch(1)
        for button in (self.claim_button, self.letter_button, self.export_button):
            row.addWidget(button)
        return row

    # ------------------------------------------------------------------ reading
    def _read(self) -> DueList:
        return due_list(self.ctx, self._year_to_read)

    def refresh(self) -> None:
        """Read the due list of the chosen year again (off the GUI thread)."""
        self._year_to_read = self.year_spin.value()
        self.status_label.setText("該当者を探しています…")
        self.loader.start()

    def _show_failure(self, error: Exception) -> None:
        if isinstance(error, ValidationError | RuleViolation):
            why = error.message
        else:
            why = "予期しないエラーです（ログに記録しました）"
        self.status_label.setText(f"該当者一覧を作れませんでした: {why}")

    def _show_list(self, listed: DueList) -> None:
        self.listed = listed
        chosen = self.kind_combo.currentData()
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        self.kind_combo.addItem("すべての給付", "")
        for kind in listed.kinds:
            self.kind_combo.addItem(kind.name, kind.code)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(chosen)))
        self.kind_combo.blockSignals(False)
        self._filter(keep_checked=False)
        if self.message:
            self.status_label.setText(self.message)
            self.message = ""

    def _filter(self, *, keep_checked: bool = True) -> None:
        if self.listed is None:
            return
        kind = self.kind_combo.currentData()
        key = normalize_for_search(self.search_edit.text().strip())
        rows = [
            r for r in self.listed.rows
            if (not kind or r.kind_code == kind)
            and (self.claimed_check.isChecked() or not r.claimed)
            and (not key or matches(r, key))
        ]  # fmt: skip
        self.model.set_rows(rows, keep_checked=keep_checked)

    def _show_counts(self) -> None:
        shown = [self.model.row_at(r) for r in range(self.model.rowCount())]
        checked = self.model.checked_rows()
        self.claim_button.setEnabled(bool(checked))
        self.letter_button.setEnabled(bool(checked))
        unclaimed = [r for r in shown if not r.claimed]
        table = f"　給付表: {self.listed.table_label}" if self.listed is not None else ""
        self.status_label.setText(
            f"表示 {len(shown):,}件（未請求 {len(unclaimed):,}件・"
            f"￥{format_yen(sum(r.amount for r in unclaimed))}）"
            f"　選択 {len(checked):,}件・￥{format_yen(sum(r.amount for r in checked))}{table}"
        )

    # ------------------------------------------------------------------ actions
    def claim_checked(self) -> None:
        rows = self.model.checked_rows()
        if not rows:
            self.status_label.setText("請求にする該当者にチェックを付けてください。")
            return
        dialog = ClaimDateDialog(self.ctx, rows, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        claim_date = dialog.date_edit.date()
        assert claim_date is not None
        try:
            created = create_claims_from_due(self.ctx, rows, claim_date)
        except (ValidationError, RuleViolation) as exc:
            QMessageBox.warning(self, "請求として受け付けられません", exc.message)
            return
        numbers = [c.number for c in created]
        self.message = (
            f"{len(created):,}件を受け付けました（{numbers[0]}〜{numbers[-1]}）。"
            "［請求］で審査・支給決定してください。"
        )
        self.refresh()
        self.data_changed.emit()

    def print_letters(self) -> None:
        """給付のご案内 for each checked row, one PDF (off the GUI thread, with Cancel)."""
        rows = self.model.checked_rows()
        if not rows:
            self.status_label.setText("案内状を印刷する該当者にチェックを付けてください。")
            return
        out = Path(tempfile.mkdtemp(prefix="gojokai-")) / "給付のご案内.pdf"
        forms_dir = paths.user_forms_dir()

        def task(progress: Progress, cancelled: Cancelled) -> Path | None:
            result = print_offer_letters(
                self.ctx, rows, out, user_forms_dir=forms_dir,
                progress=progress, is_cancelled=cancelled,
            )  # fmt: skip
            return None if result.cancelled else out

        if run_in_background(self, f"{len(rows):,}人分の案内状を作成中", task) is not None:
            PdfPreviewDialog(out, self, title="給付のご案内").exec()

    def export(self) -> None:
        if self.listed is None:
            return
        listed = self.listed
        try:
            written = save_workbook(
                self, f"給付該当者一覧_{listed.fiscal_year}年度.xlsx",
                lambda path: write_due_workbook(self.ctx, listed, path),
            )  # fmt: skip
        except ValidationError as exc:
            QMessageBox.warning(self, "Excelに出力できません", exc.message)
            return
        except OSError as exc:
            QMessageBox.warning(self, "Excelに出力できません", f"{exc.filename}: {exc.strerror}")
            return
        if written is not None:
            self.status_label.setText(f"{written} に出力しました。")
