"""総会資料 tab: the meetings and officers registers, the texts only the packet prints (next
year's 事業計画, the auditors' opinion), and the whole packet printed in one action."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.reports.printouts import print_packet
from gojokai_desktop.services.reports.register import (
    delete_meeting,
    delete_officer,
    list_meetings,
    list_officers,
)
from gojokai_desktop.services.reports.texts import (
    DEFAULT_AUDIT_OPINION,
    report_texts,
    report_years,
    save_report_texts,
    year_calendar,
)
from gojokai_desktop.ui.messages import tell
from gojokai_desktop.ui.reports.common import (
    FIXABLE,
    YearBar,
    preview_report,
    show_problem,
    table_view,
)
from gojokai_desktop.ui.reports.models import meeting_model, officer_model
from gojokai_desktop.ui.reports.register_dialogs import MeetingDialog, OfficerDialog


def _ask(parent: QWidget, title: str, text: str, yes: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton("やめる", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is accept


def _button_row(
    add: Callable[[], None], edit: Callable[[], None], remove: Callable[[], None]
) -> QHBoxLayout:
    row = QHBoxLayout()
    for text, slot in (("追加…", add), ("変更…", edit), ("削除", remove)):
        button = QPushButton(text)
        button.clicked.connect(slot)
        row.addWidget(button)
    row.addStretch(1)
    return row


class PacketTab(QWidget):
    """Keep the meetings and officers, write the plan, print the 総会資料 of a year."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        calendar, self.label_of, _society = year_calendar(ctx)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.year_bar = YearBar(
            self.label_of, calendar.year_of(ctx.today()) - 1, years=report_years(ctx)
        )
        self.year_bar.year_changed.connect(self._on_year_bar_year_changed)
        top.addWidget(self.year_bar)
        self.print_button = QPushButton("総会資料を印刷（表紙から役員名簿まで）…")
        self.print_button.clicked.connect(self.print_packet)
        top.addWidget(self.print_button)
        layout.addLayout(top)
        self.meeting_label = QLabel()
        self.meeting_label.setWordWrap(True)
        layout.addWidget(self.meeting_label)
        splitter = QSplitter()
        splitter.addWidget(self._meetings_box())
        splitter.addWidget(self._officers_box())
        layout.addWidget(splitter, 2)
        layout.addWidget(self._texts_box(), 1)

    # -- building -------------------------------------------------------------------------
    def _meetings_box(self) -> QGroupBox:
        box = QGroupBox("会議（総会・幹事会・会計監査）")
        inner = QVBoxLayout(box)
        self.meetings = meeting_model(self.label_of, self)
        self.meeting_view = table_view(self.meetings)
        self.meeting_view.doubleClicked.connect(lambda _i: self.edit_meeting())
        inner.addWidget(self.meeting_view)
        inner.addLayout(_button_row(self.add_meeting, self.edit_meeting, self.remove_meeting))
        return box

    def _officers_box(self) -> QGroupBox:
        box = QGroupBox("役員（総会の日に在任の役員が名簿に載ります）")
        inner = QVBoxLayout(box)
        self.officers = officer_model(self)
        self.officer_view = table_view(self.officers)
        self.officer_view.doubleClicked.connect(lambda _i: self.edit_officer())
        inner.addWidget(self.officer_view)
        row = _button_row(self.add_officer, self.edit_officer, self.remove_officer)
        self.former_check = QCheckBox("任期の終わった役員も表示")
        self.former_check.toggled.connect(lambda _on: self.refresh())
        row.addWidget(self.former_check)
        inner.addLayout(row)
        return box

    def _texts_box(self) -> QGroupBox:
        box = QGroupBox("総会資料の文章")
        form = QFormLayout(box)
        self.plan_edit = QPlainTextEdit()
        self.plan_edit.setAccessibleName("事業計画")
        self.audit_edit = QPlainTextEdit()
        self.audit_edit.setAccessibleName("監査の意見")
        self.plan_label = QLabel()
        form.addRow(self.plan_label, self.plan_edit)
        form.addRow("監査の意見", self.audit_edit)
        self.save_texts_button = QPushButton("文章を保存")
        self.save_texts_button.clicked.connect(self.save_texts)
        row = QHBoxLayout()
        row.addWidget(self.save_texts_button)
        row.addStretch(1)
        form.addRow("", row)
        return box

    # -- data -----------------------------------------------------------------------------
    @property
    def fiscal_year(self) -> int:
        return self.year_bar.year

    def refresh(self) -> None:
        year = self.fiscal_year
        self._shown_year = year
        self.meetings.set_rows(list_meetings(self.ctx))
        today = self.ctx.today()
        officers = list_officers(self.ctx)
        if not self.former_check.isChecked():
            officers = [o for o in officers if o.term_end is None or o.term_end >= today]
        self.officers.set_rows(officers)
        general = [m for m in list_meetings(self.ctx, year) if m.kind == "general"]
        if general:
            m = general[0]
            self.meeting_label.setText(
                f"{self.label_of(year)}の総会: {m.title}（議題 {len(m.agenda)}件）。"
                "表紙・次第はこの会議から、役員名簿はその日に在任の役員から作ります。"
            )
        else:
            self.meeting_label.setText(
                f"{self.label_of(year)}を対象年度とする通常総会が登録されていません。"
                "表紙の回・日付は空欄、議題は標準のものを印刷します。"
            )
        texts = report_texts(self.ctx, year)
        self.plan_label.setText(f"{self.label_of(year + 1)}\n事業計画")
        self.plan_edit.setPlainText(report_texts(self.ctx, year + 1).get("plan", ""))
        self.audit_edit.setPlainText(texts.get("audit_opinion", ""))
        self.audit_edit.setPlaceholderText(DEFAULT_AUDIT_OPINION.format(year=self.label_of(year)))
        for edit in (self.plan_edit, self.audit_edit):
            edit.document().setModified(False)

    def _on_year_bar_year_changed(self, _year: int) -> None:
        self._save_if_modified()
        self.refresh()

    def _save_if_modified(self) -> None:
        if any(e.document().isModified() for e in (self.plan_edit, self.audit_edit)) and _ask(
            self, "総会資料", "保存していない文章があります。保存しますか？", "保存する"
        ):
            self.save_texts()

    def save_texts(self) -> bool:
        year = self._shown_year
        try:
            save_report_texts(self.ctx, year + 1, {"plan": self.plan_edit.toPlainText()})
            save_report_texts(self.ctx, year, {"audit_opinion": self.audit_edit.toPlainText()})
        except FIXABLE as error:
            show_problem(self, "保存できません", error)
            return False
        for edit in (self.plan_edit, self.audit_edit):
            edit.document().setModified(False)
        return True

    # -- meetings and officers ----------------------------------------------------------
    def add_meeting(self) -> None:
        if MeetingDialog(self.ctx, self.label_of, self.fiscal_year, None, self).exec():
            self.refresh()

    def edit_meeting(self) -> None:
        index = self.meeting_view.currentIndex()
        if not index.isValid():
            tell(self, "会議", "一覧から会議を選んでください。")
            return
        meeting = self.meetings.row_at(index.row())
        if MeetingDialog(self.ctx, self.label_of, meeting.fiscal_year, meeting, self).exec():
            self.refresh()

    def remove_meeting(self) -> None:
        index = self.meeting_view.currentIndex()
        if not index.isValid():
            return
        meeting = self.meetings.row_at(index.row())
        if _ask(self, "会議の削除", f"{meeting.title}を議題ごと削除しますか？", "削除する"):
            try:
                delete_meeting(self.ctx, meeting.id)
            except FIXABLE as error:
                show_problem(self, "削除できません", error)
            self.refresh()

    def add_officer(self) -> None:
        if OfficerDialog(self.ctx, None, self).exec():
            self.refresh()

    def edit_officer(self) -> None:
        index = self.officer_view.currentIndex()
        if not index.isValid():
            tell(self, "役員", "一覧から役員を選んでください。")
            return
        if OfficerDialog(self.ctx, self.officers.row_at(index.row()), self).exec():
            self.refresh()

    def remove_officer(self) -> None:
        index = self.officer_view.currentIndex()
        if not index.isValid():
            return
        officer = self.officers.row_at(index.row())
        if _ask(self, "役員の削除", f"{officer.role} {officer.name}を削除しますか？", "削除する"):
            try:
                delete_officer(self.ctx, officer.id)
            except FIXABLE as error:
                show_problem(self, "削除できません", error)
            self.refresh()

    # -- printing ------------------------------------------------------------------------
    def print_packet(self) -> None:
        self._save_if_modified()
        year = self.fiscal_year
        preview_report(
            self,
            f"総会資料_{year}.pdf",
            f"{self.label_of(year)} 総会資料",
            lambda path: print_packet(self.ctx, year, path),
        )
