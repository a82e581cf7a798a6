"""The home page: the society's key figures today and the clerk's list of things to do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.wareki import format_wareki

if TYPE_CHECKING:
    from gojokai_desktop.services.benefits.due import DueThisMonth
    from gojokai_desktop.services.dashboard import KeyFigures, TodoItem, WorkFigures

NOTHING_TO_DO = "今日の急ぎの用件はありません。"


class FigureCard(QFrame):
    """One big number with its caption."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figureCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.caption = QLabel(caption)
        self.caption.setObjectName("figureCaption")
        self.value = QLabel("-")
        self.value.setObjectName("figureValue")
        self.value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.note = QLabel("")
        self.note.setObjectName("figureNote")
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.note)

    def set_value(self, value: int, unit: str, note: str = "") -> None:
        self.value.setText(f"{value:,} {unit}")
        self.note.setText(note)

    def set_pending(self, note: str) -> None:
        """The figure is still being counted (shown as ``…``)."""
        self.value.setText("…")
        self.note.setText(note)


class HomePage(QWidget):
    """Shows :class:`KeyFigures`, the work waiting and the to-do list; the main window
    refreshes it after every change. Activating a to-do line asks to open its area and tab."""

    todo_activated = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._todo: list[TodoItem] = []
        self._due_todo: list[TodoItem] = []
        # Scrolled, so the figures never force the window taller than a small laptop screen.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        self.title = QLabel("ホーム")
        self.title.setObjectName("pageTitle")
        layout.addWidget(self.title)
        self.as_of = QLabel("")
        layout.addWidget(self.as_of)

        grid = QGridLayout()
        self.members_card = FigureCard("会員数（現在）")
        self.establishments_card = FigureCard("事業所数（現在）")
        self.joins_card = FigureCard("今年度の入会")
        self.leaves_card = FigureCard("今年度の退会")
        for column, card in enumerate(
            (self.members_card, self.establishments_card, self.joins_card, self.leaves_card)
        ):
            grid.addWidget(card, 0, column)
        self.claims_card = FigureCard("給付の請求（審査・決定待ち）")
        self.unpaid_card = FigureCard("給付の支給決定・未払")
        self.due_card = FigureCard("今月の給付該当者（未請求）")
        self.dues_card = FigureCard("会費の未納")
        for column, card in enumerate(
            (self.claims_card, self.unpaid_card, self.due_card, self.dues_card)
        ):
            grid.addWidget(card, 1, column)
        layout.addLayout(grid)

        lower = QHBoxLayout()
        todo_box = QVBoxLayout()
        todo_box.addWidget(QLabel("やること（ダブルクリックでその画面を開きます）"))
        self.todo_list = QListWidget()
        self.todo_list.setWordWrap(True)
        self.todo_list.setSpacing(3)
        self.todo_list.setAlternatingRowColors(True)
        self.todo_list.itemActivated.connect(self._on_todo_list_item_activated)
        todo_box.addWidget(self.todo_list)
        lower.addLayout(todo_box, 2)
        months_box = QVBoxLayout()
        months_box.addWidget(QLabel("月別の入会・退会（今年度）"))
        self.months_label = QLabel()
        self.months_label.setObjectName("monthsTable")
        self.months_label.setTextFormat(Qt.TextFormat.RichText)
        months_box.addWidget(self.months_label)
        months_box.addStretch(1)
        lower.addLayout(months_box, 1)
        layout.addLayout(lower, 1)

    def show_figures(self, figures: KeyFigures, todo: list[TodoItem]) -> None:
        self.title.setText(f"ホーム — {figures.fiscal_year_label}")
        self.as_of.setText(f"{format_wareki(figures.as_of, weekday=True)} 現在")
        starting = (
            f"ほかに入会予定 {figures.members_starting:,} 人" if figures.members_starting else ""
        )
        self.members_card.set_value(figures.members_present, "人", starting)
        self.establishments_card.set_value(figures.establishments_present, "事業所")
        self.joins_card.set_value(figures.joins_this_year, "人")
        self.leaves_card.set_value(
            figures.leaves_this_year, "人", f"退会者の累計 {figures.members_former:,} 人"
        )
        rows = "".join(
            f"<tr><td>{int(month[5:])}月</td><td align='right'>{joined:,}</td>"
            f"<td align='right'>{left:,}</td></tr>"
            for (month, joined), (_, left) in zip(
                figures.joins_by_month, figures.leaves_by_month, strict=True
            )
        )
        self.months_label.setText(
            "<table cellspacing='0' cellpadding='3'>"
            "<tr><th>月</th><th>入会</th><th>退会</th></tr>" + rows + "</table>"
        )
        self.show_todo(todo)

    def show_todo(self, todo: list[TodoItem]) -> None:
        """The to-do lines read at once (the benefits due this month stay as they are)."""
        self._todo = list(todo)
        self._show_todo()

    def show_work(self, work: WorkFigures) -> None:
        """Claims waiting at each step and unpaid dues."""
        claims, dues = work.claims, work.dues
        self.claims_card.set_value(
            claims.received + claims.reviewed,
            "件",
            f"受付 {claims.received:,}件・審査済 {claims.reviewed:,}件",
        )
        self.unpaid_card.set_value(claims.approved_amount, "円", f"{claims.approved:,}件")
        overdue = f"（期限超過 {dues.overdue_bills:,}件）" if dues.overdue_bills else ""
        self.dues_card.set_value(dues.unpaid_amount, "円", f"{dues.unpaid_bills:,}件{overdue}")

    def show_due_pending(self) -> None:
        if self.due_card.value.text() in ("-", ""):
            self.due_card.set_pending("該当者を数えています…")

    def show_due(self, due: DueThisMonth, todo: list[TodoItem]) -> None:
        """Benefits due this month that nobody has claimed yet (counted off the GUI thread)."""
        self.due_card.set_value(due.count, "件", f"{due.month.month}月・￥{due.amount:,}")
        self._due_todo = list(todo)
        self._show_todo()

    def todo_texts(self) -> list[str]:
        return [self.todo_list.item(row).text() for row in range(self.todo_list.count())]

    def _show_todo(self) -> None:
        self.todo_list.clear()
        items = [*self._todo, *self._due_todo]
        if not items:
            self.todo_list.addItem(NOTHING_TO_DO)
        for todo in items:
            item = QListWidgetItem(todo.text)
            item.setData(Qt.ItemDataRole.UserRole, (todo.area, todo.tab))
            item.setToolTip(todo.text)
            self.todo_list.addItem(item)

    def _on_todo_list_item_activated(self, item: QListWidgetItem) -> None:
        where = item.data(Qt.ItemDataRole.UserRole)
        if where and where[0]:
            self.todo_activated.emit(*where)
