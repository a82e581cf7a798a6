"""行事一覧: the events of a fiscal year; announce, change, copy from last year, cancel, print."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.services.events.letters import print_announcement
from gojokai_desktop.services.events.printouts import print_application_form
from gojokai_desktop.services.events.records import cancel_event, copy_event, delete_event
from gojokai_desktop.services.events.reports import (
    export_year_report,
    print_statistics,
    print_year_report,
)
from gojokai_desktop.services.events.views import EventDetail, EventRow, get_event, list_events
from gojokai_desktop.ui import output
from gojokai_desktop.ui.events.common import (
    EventsHost,
    ask,
    ask_int,
    ask_text,
    current_source_row,
    fit,
    refuse,
    table,
    tell,
)
from gojokai_desktop.ui.events.event_dialog import EventDialog
from gojokai_desktop.ui.events.models import event_columns
from gojokai_desktop.ui.table_base import RowsTableModel


class EventListTab(QWidget):
    """The year's events; double-click opens an event's applications."""

    event_opened = Signal(int)
    data_changed = Signal()

    def __init__(self, page: EventsHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = page
        self.ctx = page.ctx
        layout = QVBoxLayout(self)
        edit_bar = QHBoxLayout()
        self.new_button = QPushButton("新しい行事…")
        self.edit_button = QPushButton("変更…")
        self.copy_button = QPushButton("前年度からコピー…")
        self.cancel_button = QPushButton("中止…")
        self.delete_button = QPushButton("削除…")
        for button in (
            self.new_button,
            self.edit_button,
            self.copy_button,
            self.cancel_button,
            self.delete_button,
        ):
            edit_bar.addWidget(button)
        edit_bar.addStretch(1)
        layout.addLayout(edit_bar)
        self.model: RowsTableModel[EventRow] = RowsTableModel(event_columns(self.ctx.today()), self)
        self.view = table(self.model)
        layout.addWidget(self.view, 1)
        print_bar = QHBoxLayout()
        print_bar.addWidget(QLabel("印刷:"))
        self.announce_button = QPushButton("開催案内…")
        self.form_button = QPushButton("参加申込書（白紙）…")
        self.report_button = QPushButton("年度の実績…")
        self.report_excel_button = QPushButton("年度の実績（Excel）…")
        self.stats_button = QPushButton("参加状況（事業所別）…")
        for button in (
            self.announce_button,
            self.form_button,
            self.report_button,
            self.report_excel_button,
            self.stats_button,
        ):
            print_bar.addWidget(button)
        print_bar.addStretch(1)
        layout.addLayout(print_bar)
        self.status = QLabel("")
        layout.addWidget(self.status)
        self.new_button.clicked.connect(self._on_new_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.announce_button.clicked.connect(self._on_announce_clicked)
        self.form_button.clicked.connect(self._on_form_clicked)
        self.report_button.clicked.connect(self._on_report_clicked)
        self.report_excel_button.clicked.connect(self._on_report_excel_clicked)
        self.stats_button.clicked.connect(self._on_stats_clicked)
        self.view.doubleClicked.connect(lambda _index: self._open_selected())

    def load(self) -> None:
        rows = list_events(self.ctx, self.page.fiscal_year)
        self.model.set_rows(rows)
        fit(self.view, 180)
        total = sum(r.counts.participants for r in rows)
        self.status.setText(
            f"{self.page.year_label_text()}の行事 {len(rows)}件・参加者 {total:,}人。"
            "ダブルクリックでその行事の申込を開きます。"
        )

    def selected(self, *, quiet: bool = False) -> EventRow | None:
        row = current_source_row(self.view)
        if row is None:
            if not quiet:
                tell(self, "行事", "行事を一覧で選んでください。")
            return None
        return self.model.row_at(row)

    def select_event(self, event_id: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).id == event_id:
                proxy: Any = self.view.model()
                self.view.selectRow(proxy.mapFromSource(self.model.index(row, 0)).row())
                return

    def _open_selected(self) -> None:
        event = self.selected()
        if event is not None:
            self.event_opened.emit(event.id)

    def _changed(self, event_id: int | None = None) -> None:
        self.page.reload_events(event_id)
        self.data_changed.emit()

    # ------------------------------------------------------------------ slots
    def _on_new_clicked(self) -> None:
        dialog = EventDialog(self.ctx, self.page.calendar, self.page.fiscal_year, None, self)
        saved = dialog.saved if dialog.exec() else None
        if saved is not None and not self._follow_year(saved.detail):
            self._changed(saved.detail.id)

    def _follow_year(self, detail: EventDetail) -> bool:
        """An event belongs to the year of its first date: show that year, and say so.

        Without this an April event entered in March (or a date moved past 3月31日) was
        saved into the next year and silently vanished from the list on screen.
        """
        if detail.fiscal_year == self.page.fiscal_year:
            return False
        label = self.page.calendar.label(detail.fiscal_year, era_rule=self.page.label_rule)
        tell(
            self,
            "行事の年度",
            f"「{detail.title}」は開催日が"
            f"{format_wareki(detail.data.first_date, weekday=True)}のため、{label}の行事"
            f"です。表示を{label}に切り替えました。",
        )
        self.page.show_year(detail.fiscal_year, detail.id)
        self.data_changed.emit()
        return True

    def _on_edit_clicked(self) -> None:
        event = self.selected()
        if event is None:
            return
        detail = get_event(self.ctx, event.id)
        dialog = EventDialog(self.ctx, self.page.calendar, event.fiscal_year, detail, self)
        if dialog.exec() and dialog.saved is not None:
            if dialog.saved.promoted:
                tell(
                    self,
                    "繰上げ",
                    "定員が増えたので、次の申込を繰り上げました:\n"
                    + "\n".join(dialog.saved.promoted)
                    + "\n［申込］で繰上げのお知らせを印刷してください。",
                )
            if not self._follow_year(dialog.saved.detail):
                self._changed(event.id)

    def _on_copy_clicked(self) -> None:
        event = self.selected()
        if event is None:
            return
        target = ask_int(
            self,
            "行事のコピー",
            f"「{event.title}」をコピーする年度（日付は同じ曜日に合わせ、申込はコピーしません）",
            event.fiscal_year + 1,
            low=2000,
            high=2200,
            ok="コピーする",
        )
        if target is None:
            return
        try:
            copied = copy_event(self.ctx, event.id, target)
        except (ValidationError, RuleViolation) as error:
            refuse(self, "行事のコピー", error)
            return
        tell(
            self,
            "行事のコピー",
            f"{format_wareki(copied.data.first_date, weekday=True)}「{copied.title}」"
            "を作りました。内容を確かめて［変更…］で直してください。",
        )
        self.page.show_year(target, copied.id)
        self.data_changed.emit()

    def _on_cancel_clicked(self) -> None:
        event = self.selected()
        if event is None:
            return
        reason = ask_text(
            self, "行事の中止", f"「{event.title}」を中止する理由（例: 台風のため）", "中止する"
        )
        if reason is None:
            return
        refund_now = ask(
            self,
            "行事の中止",
            "入金済みの参加費を今日の日付で全額返金として記帳しますか？\n"
            "（［あとで返金する］を選ぶと返金一覧に残ります）",
            "今すぐ返金として記帳",
            "あとで返金する",
        )
        try:
            result = cancel_event(
                self.ctx, event.id, self.ctx.today(), reason, refund_now=refund_now
            )
        except (ValidationError, RuleViolation) as error:
            refuse(self, "行事の中止", error)
            return
        lines = [f"申込 {result.applications}件を取り消しました。"]
        lines += [f"返金: {r.payer} {r.refunded:,}円" for r in result.refunded]
        lines += [f"返金予定: {r.payer} {r.amount:,}円" for r in result.to_refund]
        tell(self, "行事の中止", "\n".join(lines))
        self._changed(event.id)

    def _on_delete_clicked(self) -> None:
        event = self.selected()
        if event is None:
            return
        if not ask(
            self,
            "行事の削除",
            f"「{event.title}」を申込ごと削除します（間違えて登録したとき）。",
            "削除する",
        ):
            return
        try:
            delete_event(self.ctx, event.id)
        except (ValidationError, RuleViolation) as error:
            refuse(self, "行事の削除", error)
            return
        self._changed(None)

    def _on_announce_clicked(self) -> None:
        event = self.selected()
        if event is None:
            return
        output.preview_pdf(
            self,
            f"開催案内_{event.title}.pdf",
            "開催案内",
            lambda p: print_announcement(self.ctx, event.id, p),
        )

    def _on_form_clicked(self) -> None:
        event = self.selected()
        if event is None:
            return
        output.preview_pdf(
            self,
            f"参加申込書_{event.title}.pdf",
            "参加申込書",
            lambda p: print_application_form(self.ctx, event.id, p),
        )

    def _on_report_clicked(self) -> None:
        year = self.page.fiscal_year
        output.preview_pdf(
            self,
            f"行事の実績_{year}.pdf",
            "行事の実績",
            lambda p: print_year_report(self.ctx, year, p),
        )

    def _on_report_excel_clicked(self) -> None:
        year = self.page.fiscal_year
        saved = output.save_workbook(
            self, f"行事の実績_{year}.xlsx", lambda p: export_year_report(self.ctx, year, p)
        )
        if saved is not None:
            self.status.setText(f"保存しました: {saved}")

    def _on_stats_clicked(self) -> None:
        year = self.page.fiscal_year
        output.preview_pdf(
            self,
            f"参加状況_{year}.pdf",
            "参加状況",
            lambda p: print_statistics(self.ctx, p, fiscal_year=year),
        )
