"""The member list's outputs: import, roster workbook/CSV/PDF, labels, forms, statistics."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QWidget,
)

from gojokai_desktop import paths
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.export import export_roster
from gojokai_desktop.services.members.printouts import (
    render_member_labels,
    render_roster_pdf,
)
from gojokai_desktop.services.members.search import MemberListRow
from gojokai_desktop.services.printing import list_forms
from gojokai_desktop.ui.batch import (
    Cancelled,
    Progress,
    print_members_in_background,
    run_in_background,
)
from gojokai_desktop.ui.members.import_wizard import ImportWizard
from gojokai_desktop.ui.members.statistics import StatisticsDialog
from gojokai_desktop.ui.preview import PdfPreviewDialog


class MemberListSource(Protocol):
    """What the outputs need from the member list (the page), without importing the page."""

    ctx: AppContext

    def selected_rows(self) -> list[MemberListRow]: ...

    def shown_rows(self) -> list[MemberListRow]: ...

    def conditions(self) -> list[str]: ...

    def reload_after_import(self) -> None: ...


_LABEL_SHEETS = ("12", "18", "21", "24")


class MemberOutputs:
    """Builds the buttons under the member list; each acts on the selection (or all shown)."""

    def __init__(self, page: QWidget, source: MemberListSource) -> None:
        self.page = page
        self.source = source
        self._temp = Path(tempfile.mkdtemp(prefix="gojokai-members-"))

    def buttons(self) -> list[QWidget]:
        made: list[QWidget] = []
        for text, slot in (
            ("取り込み…", self.import_file),
            ("Excel出力…", lambda: self.export("xlsx")),
            ("CSV出力…", lambda: self.export("csv")),
            ("名簿PDF (Ctrl+P)", self.roster_pdf),
            ("宛名ラベル…", self.labels),
            ("様式を印刷…", self.forms),
            ("統計…", self.statistics),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            made.append(button)
        return made

    def import_file(self) -> None:
        wizard = ImportWizard(self.source.ctx, self.page)
        wizard.exec()
        if wizard.summary is not None:
            self.source.reload_after_import()

    def export(self, fmt: str) -> None:
        rows = self.source.selected_rows()
        pattern = "Excel (*.xlsx)" if fmt == "xlsx" else "CSV (*.csv)"
        name, chosen = QFileDialog.getSaveFileName(
            self.page, "会員名簿の出力", f"会員名簿.{fmt}", f"{pattern};;CSV Shift_JIS (*.csv)"
        )
        if not name:
            return
        encoding = "cp932" if "Shift_JIS" in chosen else "utf-8-sig"
        count = export_roster(Path(name), rows, fmt=fmt, csv_encoding=encoding, ctx=self.source.ctx)
        QMessageBox.information(
            self.page, "出力しました", f"{count:,} 人を {name} に出力しました。"
        )

    def _preview(self, path: Path, title: str) -> None:
        PdfPreviewDialog(path, self.page, title=title).exec()

    def roster_pdf(self) -> None:
        rows, ctx, conditions = (
            self.source.selected_rows(),
            self.source.ctx,
            self.source.conditions(),
        )
        out = self._temp / "会員名簿.pdf"

        def task(progress: Progress, cancelled: Cancelled) -> Any:
            result = render_roster_pdf(
                ctx, rows, out, conditions=conditions, progress=progress, is_cancelled=cancelled
            )
            return None if result.cancelled else out

        if run_in_background(self.page, f"{len(rows):,}人の名簿を作成中", task) is not None:
            self._preview(out, "会員名簿")

    def labels(self) -> None:
        rows = self.source.selected_rows()
        sheet, ok = QInputDialog.getItem(
            self.page,
            "宛名ラベル",
            f"{len(rows):,}人分。ラベル用紙（面）:",
            _LABEL_SHEETS,
            0,
            False,
        )
        if not ok:
            return
        out = self._temp / "宛名ラベル.pdf"
        render_member_labels(rows, out, per_sheet=int(sheet))
        self._preview(out, "宛名ラベル")

    def forms(self) -> None:
        rows = self.source.selected_rows()
        forms_dir = paths.user_forms_dir()
        forms = list_forms(forms_dir)
        titles = [f.title for f in forms]
        title, ok = QInputDialog.getItem(
            self.page, "様式を印刷", f"{len(rows):,}人分。様式:", titles, 0, False
        )
        if not ok:
            return
        stem = forms[titles.index(title)].stem
        out = self._temp / f"{stem}.pdf"
        numbers = [r.number for r in rows]
        if print_members_in_background(self.page, self.source.ctx, stem, numbers, out,
                                       user_forms_dir=forms_dir):  # fmt: skip
            self._preview(out, title)

    def statistics(self) -> None:
        dialog = StatisticsDialog(self.source.ctx, self.source.shown_rows(), self._temp, self.page)
        dialog.exec()
