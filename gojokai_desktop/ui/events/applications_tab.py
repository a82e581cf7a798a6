"""申込: the chosen event's applications in order; take, import, cancel, promote, print."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.events.applications import cancel_application, promote_waiting
from gojokai_desktop.services.events.importer import write_application_form
from gojokai_desktop.services.events.letters import print_notices
from gojokai_desktop.services.events.printouts import (
    print_application_form,
    print_participants,
)
from gojokai_desktop.services.events.reports import export_participants
from gojokai_desktop.services.events.roster import ApplicationView, list_applications
from gojokai_desktop.services.events.views import EventDetail, get_event
from gojokai_desktop.services.members.search import MemberListRow, load_member_rows
from gojokai_desktop.ui import output
from gojokai_desktop.ui.events.application_dialogs import (
    ApplicationDialog,
    EstablishmentApplicationDialog,
)
from gojokai_desktop.ui.events.common import (
    EventsHost,
    ask,
    ask_reason_and_day,
    fit,
    refuse,
    source_rows,
    table,
    tell,
)
from gojokai_desktop.ui.events.import_dialog import ImportDialog
from gojokai_desktop.ui.events.models import APPLICATION_COLUMNS
from gojokai_desktop.ui.table_base import RowsTableModel


class ApplicationsTab(QWidget):
    """Applications of the event chosen at the top of the page."""

    data_changed = Signal()

    def __init__(self, page: EventsHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = page
        self.ctx = page.ctx
        self.event_id: int | None = None
        self.detail: EventDetail | None = None
        self._members: list[MemberListRow] | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.counter_button = QPushButton("窓口で申込…")
        self.establishment_button = QPushButton("事業所の一括申込…")
        self.import_button = QPushButton("Excelから取込…")
        self.form_excel_button = QPushButton("申込書式（Excel）…")
        for button in (
            self.counter_button,
            self.establishment_button,
            self.import_button,
            self.form_excel_button,
        ):
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.model: RowsTableModel[ApplicationView] = RowsTableModel(APPLICATION_COLUMNS, self)
        self.view = table(self.model, multi=True)
        layout.addWidget(self.view, 1)
        lower = QHBoxLayout()
        self.cancel_button = QPushButton("取消…")
        self.promote_button = QPushButton("キャンセル待ちを繰上げ")
        self.notice_button = QPushButton("お知らせを印刷…")
        self.filled_form_button = QPushButton("申込書（記入済）…")
        self.list_button = QPushButton("参加者名簿…")
        self.list_excel_button = QPushButton("名簿（Excel）…")
        for button in (
            self.cancel_button,
            self.promote_button,
            self.notice_button,
            self.filled_form_button,
            self.list_button,
            self.list_excel_button,
        ):
            lower.addWidget(button)
        lower.addStretch(1)
        layout.addLayout(lower)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.counter_button.clicked.connect(self._on_counter_clicked)
        self.establishment_button.clicked.connect(self._on_establishment_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.form_excel_button.clicked.connect(self._on_form_excel_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.promote_button.clicked.connect(self._on_promote_clicked)
        self.notice_button.clicked.connect(self._on_notice_clicked)
        self.filled_form_button.clicked.connect(self._on_filled_form_clicked)
        self.list_button.clicked.connect(self._on_list_clicked)
        self.list_excel_button.clicked.connect(self._on_list_excel_clicked)

    def load(self, event_id: int | None) -> None:
        self.event_id = event_id
        self._members = None  # members who joined meanwhile are found at the counter
        self.detail = get_event(self.ctx, event_id) if event_id is not None else None
        self.model.set_rows(list_applications(self.ctx, event_id) if event_id is not None else [])
        fit(self.view)
        open_ = self.detail is not None and self.detail.status != "cancelled"
        for button in (
            self.counter_button,
            self.establishment_button,
            self.import_button,
            self.cancel_button,
            self.promote_button,
        ):
            button.setEnabled(open_)

    def members(self) -> list[MemberListRow]:
        """Every member for the counter's search, read once per visit of the page."""
        if self._members is None:
            self._members = load_member_rows(self.ctx)
        return self._members

    def selected(self) -> list[ApplicationView]:
        rows = [self.model.row_at(r) for r in source_rows(self.view)]
        if not rows:
            tell(self, "申込", "申込を一覧で選んでください（Ctrl やShift で複数選べます）。")
        return rows

    def _changed(self, message: str) -> None:
        self.page.refresh()
        self.status.setText(message)
        self.data_changed.emit()

    def _need_event(self) -> EventDetail | None:
        if self.detail is None:
            tell(self, "申込", "上の［行事］で行事を選んでください。")
        return self.detail

    # ------------------------------------------------------------------ taking
    def _on_counter_clicked(self) -> None:
        detail = self._need_event()
        if detail is None:
            return
        dialog = ApplicationDialog(self.ctx, detail, self.members(), self)
        if dialog.exec() and dialog.result_ is not None:
            self._changed(dialog.result_.message)

    def _on_establishment_clicked(self) -> None:
        detail = self._need_event()
        if detail is None:
            return
        dialog = EstablishmentApplicationDialog(self.ctx, detail, self)
        if dialog.exec() and dialog.results:
            waiting = sum(1 for r in dialog.results if r.application.status == "waiting")
            self._changed(
                f"{len(dialog.results)}人の申込を受け付けました（うちキャンセル待ち {waiting}人）。"
            )

    def _on_import_clicked(self) -> None:
        detail = self._need_event()
        if detail is None:
            return
        dialog = ImportDialog(self.ctx, detail, self)
        dialog.exec()
        if dialog.summary is not None:
            self._changed(dialog.summary.message)

    def _on_form_excel_clicked(self) -> None:
        detail = self._need_event()
        if detail is None:
            return
        saved = output.save_workbook(
            self,
            f"参加申込書_{detail.title}.xlsx",
            lambda p: write_application_form(self.ctx, detail.id, p),
        )
        if saved is not None:
            self.status.setText(
                f"申込書式を保存しました: {saved}（事業所に配って記入してもらいます）"
            )

    # ------------------------------------------------------------------ changing
    def _on_cancel_clicked(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1:
            if chosen:
                tell(self, "取消", "取り消す申込を1件だけ選んでください。")
            return
        app = chosen[0]
        answer = ask_reason_and_day(
            self,
            "申込の取消",
            f"申込番号{app.number} {app.applicant_name}（{app.persons}人）を取り消します。"
            "キャンセル料は取消日で決まります。",
            "取り消す",
            self.ctx.today(),
        )
        if answer is None:
            return
        reason, day = answer
        refund_now = True
        if app.paid_total:
            refund_now = ask(
                self,
                "申込の取消",
                f"入金済みの参加費 {app.paid_total:,}円があります。行事のキャンセル料の決まりで"
                "今日返金しますか？",
                "今日返金する",
                "あとで返金する",
            )
        try:
            result = cancel_application(
                self.ctx,
                app.id,
                day,
                reason,
                version=app.version,
                refund_now=refund_now,
            )
        except (ValidationError, RuleViolation) as error:
            refuse(self, "申込の取消", error)
            return
        self._changed(result.message)
        if result.promoted and ask(
            self, "繰上げ", result.message + "\n\n繰上げのお知らせを印刷しますか？", "印刷する"
        ):
            self._print_notices([p.id for p in result.promoted])

    def _on_promote_clicked(self) -> None:
        if self.event_id is None:
            return
        try:
            promoted = promote_waiting(self.ctx, self.event_id, self.ctx.today())
        except (ValidationError, RuleViolation) as error:
            refuse(self, "繰上げ", error)
            return
        if not promoted:
            tell(self, "繰上げ", "繰り上げられる申込はありません（空いた席に入る人がいません）。")
            return
        names = "\n".join(
            f"申込番号{p.number} {p.applicant_name}（{p.persons}人）" for p in promoted
        )
        self._changed(f"繰上げました:\n{names}")
        if ask(self, "繰上げ", f"繰上げました:\n{names}\n\nお知らせを印刷しますか？", "印刷する"):
            self._print_notices([p.id for p in promoted])

    # ------------------------------------------------------------------ printing
    def _print_notices(self, ids: list[int]) -> None:
        if self.event_id is None:
            return
        event_id = self.event_id
        output.preview_pdf(
            self,
            "申込のお知らせ.pdf",
            "申込のお知らせ",
            lambda p: print_notices(self.ctx, event_id, ids, p),
        )

    def _on_notice_clicked(self) -> None:
        chosen = self.selected()
        if chosen:
            self._print_notices([a.id for a in chosen])

    def _on_filled_form_clicked(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1 or self.event_id is None:
            return
        event_id, app_id = self.event_id, chosen[0].id
        output.preview_pdf(
            self,
            "参加申込書.pdf",
            "参加申込書",
            lambda p: print_application_form(self.ctx, event_id, p, application_id=app_id),
        )

    def _on_list_clicked(self) -> None:
        detail = self._need_event()
        if detail is None:
            return
        output.preview_pdf(
            self,
            f"参加者名簿_{detail.title}.pdf",
            "参加者名簿",
            lambda p: print_participants(self.ctx, detail.id, p),
        )

    def _on_list_excel_clicked(self) -> None:
        detail = self._need_event()
        if detail is None:
            return
        saved = output.save_workbook(
            self,
            f"参加者名簿_{detail.title}.xlsx",
            lambda p: export_participants(self.ctx, detail.id, p),
        )
        if saved is not None:
            self.status.setText(f"保存しました: {saved}")
