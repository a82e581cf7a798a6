"""The home page: the society's key figures today and the clerk's list of things to do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.wareki import format_wareki

if TYPE_CHECKING:
    from gojokai_desktop.services.dashboard import KeyFigures


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


class HomePage(QWidget):
    """Shows :class:`KeyFigures`; the main window refreshes it after every change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
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
        layout.addLayout(grid)

        lower = QHBoxLayout()
        todo_box = QVBoxLayout()
        todo_box.addWidget(QLabel("やること"))
        self.todo_list = QListWidget()
        todo_box.addWidget(self.todo_list)
        lower.addLayout(todo_box, 1)
        months_box = QVBoxLayout()
        months_box.addWidget(QLabel("月別の入会・退会（今年度）"))
        self.months_label = QLabel()
        self.months_label.setObjectName("monthsTable")
        self.months_label.setTextFormat(Qt.TextFormat.RichText)
        months_box.addWidget(self.months_label)
        months_box.addStretch(1)
        lower.addLayout(months_box, 1)
        layout.addLayout(lower, 1)

    def show_figures(self, figures: KeyFigures, todo: list[str]) -> None:
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
        self.todo_list.clear()
        self.todo_list.addItems(todo or ["今日の急ぎの用件はありません。"])
