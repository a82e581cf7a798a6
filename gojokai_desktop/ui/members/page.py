"""The member list (会員): search as you type, kana index, filters, chosen columns, actions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.fiscal import APRIL_START
from gojokai_desktop.domain.kana import KANA_ROWS, OTHER_ROW
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.search import (
    AGE_BANDS,
    MemberListRow,
    MemberQuery,
    SearchIndex,
    filter_member_rows,
    load_register,
    narrows,
    register_stamp,
)
from gojokai_desktop.services.society import load_profile
from gojokai_desktop.ui.background import BackgroundCall
from gojokai_desktop.ui.members.actions import EstablishmentCombo
from gojokai_desktop.ui.members.models import (
    DEFAULT_HIDDEN,
    KANA_COLUMN,
    MEMBER_COLUMNS,
    MemberTableModel,
)
from gojokai_desktop.ui.members.outputs import MemberOutputs
from gojokai_desktop.ui.members.record_dialog import MemberDialog
from gojokai_desktop.ui.widgets import FlowLayout

_STATUSES = (("在籍者", "present"), ("退会者", "former"), ("全員", "all"))
_HIDDEN_KEY = "members/hidden_columns"


#: The search index is built after the list's first paint, or after this at the latest.
_INDEX_AT_THE_LATEST_MS = 500


class MembersPage(QWidget):
    """Every member in one table; typing filters at once (one pass over the loaded rows)."""

    data_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stamp: tuple[int, str] | None = None
        # The last filter and the row order it ran on: typing on only narrows it.
        self._last: tuple[int, MemberQuery] | None = None
        self._kana_row = ""
        # The search index is built after each load, off the GUI thread: the list is shown
        # at once and a keystroke meanwhile scans the rows as before.
        self._index_call = BackgroundCall(self._build_index, self._index_built, self)
        self._index_after_paint = False
        self._filters_stale = False
        layout = QVBoxLayout(self)
        title = QLabel("会員")
        title.setObjectName("pageTitle")
        layout.addWidget(title)

        layout.addLayout(self._search_row())
        layout.addLayout(self._kana_row_buttons())
        layout.addLayout(self._filter_row())

        self.model = MemberTableModel(ctx.today(), self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(KANA_COLUMN, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(24)
        # Rows of one height, which nobody resizes (the header is hidden): Qt then keeps no
        # height per row of the 50,000, on each keystroke's new list.
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSortIndicatorShown(True)
        self.view.horizontalHeader().sortIndicatorChanged.connect(lambda *_: self.apply_filter())
        self.view.doubleClicked.connect(lambda _index: self.open_selected())
        for position, width in enumerate(
            (80, 120, 160, 44, 84, 56, 80, 220, 70, 84, 84, 70, 80, 300)
        ):
            self.view.setColumnWidth(position, width)
        layout.addWidget(self.view, 1)

        self.count_label = QLabel("")
        layout.addWidget(self.count_label)
        bottom = FlowLayout()
        self.outputs = MemberOutputs(self, self)
        for button in self.outputs.buttons():
            bottom.addWidget(button)
        layout.addLayout(bottom)

        self._build_column_menu()
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_member)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.reload)
        QShortcut(QKeySequence.StandardKey.Print, self, self.outputs.roster_pdf)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.view, self.open_selected)

    def _search_row(self) -> QHBoxLayout:
        top = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(
            "会員番号・氏名・フリガナ（ひらがな可）・事業所・電話番号で検索（Ctrl+F）"
        )
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.apply_filter)
        top.addWidget(self.search_edit, 1)
        self.new_button = QPushButton("新規入会 (Ctrl+N)")
        self.new_button.clicked.connect(self.new_member)
        self.open_button = QPushButton("開く")
        self.open_button.clicked.connect(self.open_selected)
        self.columns_button = QToolButton()
        self.columns_button.setText("表示する列")
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.reload_button = QPushButton("再読込 (F5)")
        self.reload_button.clicked.connect(self.reload)
        for widget in (self.new_button, self.open_button, self.columns_button, self.reload_button):
            top.addWidget(widget)
        return top

    def _kana_row_buttons(self) -> QHBoxLayout:
        """The あかさたな index on a line of its own, so the filters beside it never push the
        window wider than a 1,024-pixel screen."""
        index_row = QHBoxLayout()
        self.kana_buttons = QButtonGroup(self)
        for text in ("全", *KANA_ROWS, OTHER_ROW):
            button = QPushButton(text)
            button.setCheckable(True)
            button.setFixedWidth(36)
            button.setChecked(text == "全")
            self.kana_buttons.addButton(button)
            index_row.addWidget(button)
        self.kana_buttons.buttonClicked.connect(self._kana_clicked)
        index_row.addStretch(1)
        return index_row

    def _filter_row(self) -> QHBoxLayout:
        index_row = QHBoxLayout()
        self.status_combo = QComboBox()
        for text, code in _STATUSES:
            self.status_combo.addItem(text, code)
        self.age_combo = QComboBox()
        self.age_combo.addItem("年齢: すべて", None)
        for position, band in enumerate(AGE_BANDS):
            self.age_combo.addItem(band[0], position)
        self.year_combo = QComboBox()
        self.year_combo.addItem("入会年度: すべて", None)
        self.establishment_combo = EstablishmentCombo([])
        self.establishment_combo.setMinimumContentsLength(16)
        self.establishment_combo.set_placeholder("事業所: すべて")
        for combo in (self.status_combo, self.age_combo, self.year_combo):
            combo.currentIndexChanged.connect(self.apply_filter)
            index_row.addWidget(combo)
        self.establishment_combo.currentTextChanged.connect(self.apply_filter)
        index_row.addWidget(self.establishment_combo)
        index_row.addStretch(1)
        return index_row

    # ------------------------------------------------------------------ columns
    def _settings(self) -> QSettings | None:
        paths = getattr(self.window(), "paths", None)
        settings_file = getattr(paths, "settings_file", None)
        if settings_file is None:
            return None
        return QSettings(str(settings_file), QSettings.Format.IniFormat)

    def _build_column_menu(self) -> None:
        menu = QMenu(self)
        settings = self._settings()
        stored = settings.value(_HIDDEN_KEY) if settings is not None else None
        hidden = set(DEFAULT_HIDDEN if stored is None else str(stored).split(",") if stored else ())
        for position, column in enumerate(MEMBER_COLUMNS):
            action = QAction(column.title, menu)
            action.setCheckable(True)
            action.setChecked(column.key not in hidden)
            action.toggled.connect(lambda on, p=position: self._show_column(p, on))
            menu.addAction(action)
            self.view.setColumnHidden(position, column.key in hidden)
        self.columns_button.setMenu(menu)

    def _show_column(self, position: int, shown: bool) -> None:
        self.view.setColumnHidden(position, not shown)
        settings = self._settings()
        if settings is not None:
            hidden = [c.key for i, c in enumerate(MEMBER_COLUMNS) if self.view.isColumnHidden(i)]
            settings.setValue(_HIDDEN_KEY, ",".join(hidden))

    # ------------------------------------------------------------------ data
    def refresh(self) -> None:
        """Called when the page is shown: reload only when the register changed meanwhile."""
        if self._stamp is None or register_stamp(self.ctx) != self._stamp:
            self.reload()

    def reload(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.model.today = self.ctx.today()
            self._last = None
            # The stamp of the same reading: a change made meanwhile is seen next time.
            rows, self._stamp = load_register(self.ctx)
            self.model.set_rows(rows)
            # The filters' choices are made from the rows after the list's first paint, with
            # the search index (a tenth of a second at 50,000 members); the choice in force
            # meanwhile is kept, so the list is filtered the same.
            self._filters_stale = True
        finally:
            QApplication.restoreOverrideCursor()
        self.apply_filter()
        self._start_index()

    # ------------------------------------------------------------------ search index
    def _start_index(self) -> None:
        """Build the search index once the list is on screen. Built meanwhile, on its thread,
        it holds Python's lock while the list waits to be painted: at 50,000 members the
        list appeared a second later. Typing before it is ready searches without it."""
        viewport = self.view.viewport()
        if not viewport.isVisible():
            self._refill_filters()
            self._index_call.start()  # nothing to paint first
            return
        if not self._index_after_paint:
            self._index_after_paint = True
            viewport.installEventFilter(self)
            QTimer.singleShot(_INDEX_AT_THE_LATEST_MS, self, self._start_pending_index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched is self.view.viewport():
            QTimer.singleShot(0, self, self._start_pending_index)  # right after this paint
        return super().eventFilter(watched, event)

    def _start_pending_index(self) -> None:
        if self._index_after_paint:
            self._index_after_paint = False
            self.view.viewport().removeEventFilter(self)
            self._refill_filters()
            self._index_call.start()

    def _refill_filters(self) -> None:
        if self._filters_stale:
            self._filters_stale = False
            self._reload_filters()

    def _build_index(self) -> tuple[SearchIndex, tuple[MemberListRow, ...]]:
        """Run off the GUI thread: the search index of the rows loaded last."""
        rows = self.model.loaded_rows()
        return SearchIndex(rows), rows

    def _index_built(self, built: tuple[SearchIndex, tuple[MemberListRow, ...]]) -> None:
        self.model.set_search_index(*built)

    def search_ready(self) -> bool:
        """True once the loaded rows' search index is in use (typing then skips the scan)."""
        return self.model.search_index() is not None

    def _reload_filters(self) -> None:
        chosen = self.establishment_combo.establishment_id()
        self.establishment_combo.blockSignals(True)
        self.establishment_combo.clear()
        # Only establishments that have (or had) members can narrow the list: take them from
        # the loaded rows instead of a second query.
        seen = {(r.establishment_number, r.establishment_name, r.establishment_id)
                for r in self.model.rows()}  # fmt: skip
        for number, name, est_id in sorted(seen):
            self.establishment_combo.addItem(f"{number:04d} {name}", est_id)
        self.establishment_combo.set_establishment_id(chosen)
        self.establishment_combo.blockSignals(False)
        profile = load_profile(self.ctx)
        calendar = profile.calendar if profile is not None else APRIL_START
        years = sorted({calendar.year_of(r.join_date) for r in self.model.rows()}, reverse=True)
        chosen_year = self.year_combo.currentData()
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        self.year_combo.addItem("入会年度: すべて", None)
        for year in years:
            self.year_combo.addItem(f"{calendar.label(year)}入会", year)
        self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(chosen_year)))
        self.year_combo.blockSignals(False)

    def shown_rows(self) -> list[MemberListRow]:
        return list(self.model.rows())

    def conditions(self) -> list[str]:
        """The filters in force, in words, for the heading of a printed roster."""
        q = self.query()
        shown = [f"検索「{q.text}」" if q.text else "", f"{q.kana_row}行" if q.kana_row else ""]
        shown.append(self.status_combo.currentText())
        return [c for c in shown if c]

    def reload_after_import(self) -> None:
        self.reload()
        self.data_changed.emit()

    def query(self) -> MemberQuery:
        return MemberQuery(
            text=self.search_edit.text(),
            kana_row=self._kana_row,
            establishment_id=self.establishment_combo.establishment_id(),
            status=str(self.status_combo.currentData()),
            age_band=self.age_combo.currentData(),
            join_fiscal_year=self.year_combo.currentData(),
        )

    def apply_filter(self, *_args: Any) -> None:
        rows, query = self.model.rows(), self.query()
        within = None
        if (
            self._last is not None
            and self._last[0] == self.model.order()
            and narrows(self._last[1], query)
        ):
            within = self.model.visible_indexes()
        kept = filter_member_rows(
            rows, query, self.model.today, within=within, index=self.model.search_index()
        )
        self._last = (self.model.order(), query)
        self.model.set_visible(kept)
        shown, total = self.model.rowCount(), len(rows)
        self.count_label.setText(f"表示 {shown:,} 人 / 登録 {total:,} 人")
        status_bar = getattr(self.window(), "statusBar", None)
        if callable(status_bar):
            status_bar().showMessage(f"会員 {shown:,} 人を表示", 5000)

    def _kana_clicked(self, button: QPushButton) -> None:
        self._kana_row = "" if button.text() == "全" else button.text()
        self.apply_filter()

    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def selected_rows(self) -> list[MemberListRow]:
        """The selected members, or every shown member when nothing is selected."""
        selected = self.view.selectionModel().selectedRows()
        if not selected:
            return self.model.visible_rows()
        return [self.model.row_at(index.row()) for index in sorted(selected, key=lambda i: i.row())]

    # ------------------------------------------------------------------ records
    def new_member(self) -> None:
        self._open_dialog(None)

    def open_selected(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self._open_dialog(self.model.row_at(index.row()).id)

    def open_member(self, member_id: int) -> None:
        self._open_dialog(member_id)

    def _open_dialog(self, member_id: int | None) -> None:
        dialog = MemberDialog(self.ctx, member_id, self)
        dialog.changed.connect(self._member_changed)
        dialog.deleted.connect(self._member_changed)
        dialog.open_member.connect(self._open_other)
        dialog.exec()

    def _open_other(self, member_id: int) -> None:
        sender = self.sender()
        if isinstance(sender, MemberDialog):
            sender.reject()
        self._open_dialog(member_id)

    def _member_changed(self, member_id: int) -> None:
        self.reload()
        position = self.model.row_of_member(member_id)
        if position is not None:
            self.view.selectRow(position)
        self.data_changed.emit()
