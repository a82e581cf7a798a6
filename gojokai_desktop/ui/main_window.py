"""The main window: left navigation by area, the pages, menus and the status bar."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop import APP_TITLE, __version__
from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.ui.background import BackgroundCall
from gojokai_desktop.ui.home_page import HomePage

# The services (and with them SQLAlchemy, a quarter of a second to import) are loaded
# after the window is on screen; see MainWindow.attach.
if TYPE_CHECKING:
    from gojokai_desktop.services.benefits.due import DueThisMonth
    from gojokai_desktop.services.context import AppContext
    from gojokai_desktop.services.dashboard import TodoItem, WorkFigures
    from gojokai_desktop.services.society import SocietyProfile

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AppPaths:
    """The files the window shows or opens: settings, logs and backups."""

    settings_file: Path
    log_file: Path | None
    backup_dir: Path


@dataclass(frozen=True)
class Area:
    """One entry of the left navigation (DESIGN.md §4) and the page that serves it.

    ``page`` names ``module:Class``; the class is built as ``Class(ctx, parent)`` and may
    have ``refresh()`` (called when the page is shown) and a ``data_changed`` signal (the
    home page is refreshed after it). Until an area's module exists, the navigation shows
    a page that says what is coming.
    """

    title: str
    page: str
    planned: str = ""


AREAS: tuple[Area, ...] = (
    Area("ホーム", ""),
    Area(
        "会員",
        "gojokai_desktop.ui.members.page:MembersPage",
        "会員の検索・入会・異動・退会、家族、名簿と宛名ラベル、Excelからの取り込み",
    ),
    Area(
        "事業所",
        "gojokai_desktop.ui.members.establishments_page:EstablishmentsPage",
        "事業所の登録・異動、在籍人数、会費の請求先",
    ),
    Area(
        "会費",
        "gojokai_desktop.ui.dues.page:DuesPage",
        "会費表、事業所ごとの請求、入金、滞納一覧、領収書",
    ),
    Area(
        "慶弔給付",
        "gojokai_desktop.ui.benefits.page:BenefitsPage",
        "給付表、請求の受付から支払まで、全銀振込ファイル、給付台帳",
    ),
    Area(
        "斡旋",
        "gojokai_desktop.ui.tickets.page:TicketsPage",
        "斡旋品目、申込の回、在庫、販売、補助金",
    ),
    Area(
        "研修・行事",
        "gojokai_desktop.ui.events.page:EventsPage",
        "行事の申込、定員と補欠、出欠、参加費",
    ),
    Area(
        "推進",
        "gojokai_desktop.ui.partners.page:PartnersPage",
        "ろうきん・共済の推進項目と目標、実績の入力と取り込み、会員の加入、推進実績報告",
    ),
    Area("会計", "gojokai_desktop.ui.accounts.page:AccountsPage", "出納帳、科目、予算、収支状況"),
    Area(
        "アンケート",
        "gojokai_desktop.ui.survey.page:SurveyPage",
        "連絡協議会の調査: 帳簿から計算した回答、協議会の様式への書き込み",
    ),
    Area(
        "帳票・報告",
        "gojokai_desktop.ui.reports.page:ReportsPage",
        "事業報告、収支決算書、総会資料",
    ),
    Area("設定", ""),
)


PageFactory = Callable[["AppContext", QWidget], QWidget]


def _load_page_class(spec: str) -> PageFactory | None:
    module_name, _, class_name = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        # Only the area's own package or page module missing means "not built yet"; any other
        # missing module is a real fault.
        if exc.name is None or not (module_name + ".").startswith(exc.name + "."):
            raise
        return None
    page_class: PageFactory = getattr(module, class_name)
    return page_class


class PlannedAreaPage(QWidget):
    """An area whose screens come in a later version: says so plainly, and what it will hold."""

    def __init__(self, title: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        body = QLabel(
            f"この画面は次の版で使えるようになります。\n\n予定している内容: {description}"
        )
        body.setWordWrap(True)
        layout.addWidget(body)
        layout.addStretch(1)


class SettingsPage(QWidget):
    """The society's profile and the data safety actions."""

    edit_requested = Signal()
    backup_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        heading = QLabel("設定")
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        self.profile_label = QLabel()
        self.profile_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.profile_label)
        buttons = QHBoxLayout()
        edit = QPushButton("団体情報を変更…")
        edit.clicked.connect(self.edit_requested)
        backup = QPushButton("今すぐバックアップ")
        backup.clicked.connect(self.backup_requested)
        buttons.addWidget(edit)
        buttons.addWidget(backup)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.backup_label = QLabel()
        layout.addWidget(self.backup_label)
        layout.addStretch(1)

    def show_profile(self, profile: SocietyProfile, database: str, backup_text: str) -> None:
        rows = (
            ("団体名", profile.name),
            (
                "住所",
                f"〒{profile.postal_code} {profile.address}"
                if profile.postal_code
                else profile.address,
            ),
            ("電話番号", profile.phone),
            ("代表者", f"{profile.representative_title} {profile.representative_name}"),
            ("事務担当者", profile.clerk_name),
            ("会員番号の形式", profile.member_number_pattern),
            ("締め日", f"毎月{profile.cutoff_day}日"),
            ("年度開始月", f"{profile.fiscal_year_start_month}月"),
            ("データベース", database),
        )
        self.profile_label.setText(
            "<table cellpadding='3'>"
            + "".join(f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in rows)
            + "</table>"
        )
        self.backup_label.setText(backup_text)


def _area_shortcut(index: int) -> str:
    """Ctrl+1 … Ctrl+9 for the first nine areas and Ctrl+0 for the last (設定); the areas
    between are reached from the navigation or the 表示 menu."""
    if index == len(AREAS) - 1:
        return "Ctrl+0"
    return f"Ctrl+{index + 1}" if index < 9 else ""


class MainWindow(QMainWindow):
    """Owns the pages; every page gets the AppContext and talks to services only."""

    def __init__(
        self, ctx: AppContext | None, paths: AppPaths, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx: AppContext | None = None
        self.paths = paths
        self.profile: SocietyProfile | None = None
        self.setWindowTitle(APP_TITLE)
        self.resize(1280, 800)

        central = self._central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(170)
        self.pages = QStackedWidget()
        row.addWidget(self.navigation)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.home_page = HomePage()
        self.home_page.todo_activated.connect(self.open_area)
        self._due_call: BackgroundCall | None = None
        self._due_stale = False
        self.settings_page = SettingsPage()
        self.settings_page.edit_requested.connect(self._on_settings_edit_requested)
        self.settings_page.backup_requested.connect(self._on_backup_requested)
        for area in AREAS:
            self.navigation.addItem(area.title)
            # Area pages are built on first visit: start-up shows the home page only.
            self.pages.addWidget(QWidget())
        self._built: dict[int, QWidget] = {}
        self.navigation.currentRowChanged.connect(self._on_navigation_current_row_changed)

        self.database_label = QLabel("データベースを開いています…")
        self.fiscal_label = QLabel()
        self.statusBar().addWidget(self.database_label, 1)
        self.statusBar().addPermanentWidget(self.fiscal_label)
        self._build_menus()
        self._restore_state()
        self.navigation.setCurrentRow(0)
        self._central.setEnabled(False)
        if ctx is not None:
            self.attach(ctx)

    @property
    def ctx(self) -> AppContext:
        if self._ctx is None:
            raise RuntimeError("the database is not open yet")
        return self._ctx

    def attach(self, ctx: AppContext) -> None:
        """Connect the shown window to the open database and fill the home page."""
        self._ctx = ctx
        self.database_label.setText(ctx.display_name())
        self._central.setEnabled(True)
        self.refresh()

    def _build_page(self, area: Area) -> QWidget:
        if area.title == "ホーム":
            return self.home_page
        if area.title == "設定":
            return self.settings_page
        page_class = _load_page_class(area.page)
        if page_class is None:
            return PlannedAreaPage(area.title, area.planned)
        page = page_class(self.ctx, self)
        data_changed = getattr(page, "data_changed", None)
        if data_changed is not None:
            data_changed.connect(self.refresh)
        # A page may send the clerk to another area's screen (the year-close checklist).
        open_requested = getattr(page, "open_requested", None)
        if open_requested is not None:
            open_requested.connect(self.open_area)
        return page

    # ------------------------------------------------------------------ menus
    def _action(
        self, text: str, slot: Callable[[], object], shortcut: QKeySequence | str = ""
    ) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        # triggered passes a 'checked' flag; the slots here take no arguments.
        action.triggered.connect(lambda: slot())  # noqa: PLW0108
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("ファイル(&F)")
        file_menu.addAction(self._action("今すぐバックアップ(&B)", self._on_backup_requested))
        file_menu.addAction(self._action("データフォルダを開く", self._on_open_data_folder))
        file_menu.addSeparator()
        file_menu.addAction(self._action("終了(&X)", self.close, "Ctrl+Q"))
        view_menu = bar.addMenu("表示(&V)")
        for index, area in enumerate(AREAS):
            view_menu.addAction(
                self._action(
                    area.title,
                    partial(self.navigation.setCurrentRow, index),
                    _area_shortcut(index),
                )
            )
        view_menu.addSeparator()
        view_menu.addAction(self._action("最新の情報に更新", self.refresh, "F5"))
        settings_menu = bar.addMenu("設定(&S)")
        settings_menu.addAction(self._action("団体情報…", self._on_settings_edit_requested))
        help_menu = bar.addMenu("ヘルプ(&H)")
        help_menu.addAction(self._action("ログを開く", self._on_open_log))
        help_menu.addAction(self._action("バージョン情報", self._on_about))

    # ------------------------------------------------------------------ state
    def _settings(self) -> QSettings:
        return QSettings(str(self.paths.settings_file), QSettings.Format.IniFormat)

    def _restore_state(self) -> None:
        settings = self._settings()
        geometry = settings.value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.value("main_window/state")
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = self._settings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.setValue("main_window/state", self.saveState())
        settings.sync()
        super().closeEvent(event)

    # ------------------------------------------------------------------ refresh
    def _backup_text(self) -> str:
        from gojokai_desktop.services import maintenance

        newest = maintenance.last_backup(self.ctx.database, self.paths.backup_dir)
        if self.ctx.database.path is None:
            return "サーバーのデータベースはサーバー側でバックアップしてください。"
        if newest is None:
            return "バックアップはまだありません。"
        path, when = newest
        return f"最新のバックアップ: {format_wareki(when.date())} {when:%H:%M}（{path.name}）"

    def _backup_todo(self) -> list[TodoItem]:
        from gojokai_desktop.services import maintenance
        from gojokai_desktop.services.dashboard import TodoItem

        if self.ctx.database.path is not None:
            newest = maintenance.last_backup(self.ctx.database, self.paths.backup_dir)
            if newest is None or (self.ctx.today() - newest[1].date()).days > 7:
                text = "バックアップが1週間以上ありません。［ファイル］→［今すぐバックアップ］"
                return [TodoItem(text, "設定")]
        return []

    def todo_items(self, work: WorkFigures | None = None) -> list[TodoItem]:
        """The to-do lines that are read at once (the benefits due come a moment later)."""
        from gojokai_desktop.services.dashboard import work_figures, work_todo

        return [*self._backup_todo(), *work_todo(work or work_figures(self.ctx))]

    def refresh(self) -> None:
        from gojokai_desktop.services.dashboard import key_figures, work_figures
        from gojokai_desktop.services.society import load_profile

        if self._ctx is None:
            return
        self.profile = load_profile(self.ctx)
        figures = key_figures(self.ctx)
        work = work_figures(self.ctx)
        self.home_page.show_figures(figures, self.todo_items(work))
        self.home_page.show_work(work)
        self._due_stale = True
        if self.pages.currentWidget() is self.home_page:
            # Once the window has painted the figures: the worker then competes with nothing.
            QTimer.singleShot(0, self._load_due)
        self.fiscal_label.setText(f"{figures.fiscal_year_label}  ")
        if self.profile is not None:
            self.setWindowTitle(f"{self.profile.name} — {APP_TITLE}")
            self.settings_page.show_profile(
                self.profile, self.ctx.display_name(), self._backup_text()
            )

    def _load_due(self) -> None:
        """Count the benefits due this month off the GUI thread: on a large society it takes
        over half a second, too long to hold the window after every save."""
        from gojokai_desktop.services.benefits.due import due_this_month

        if self._ctx is None or not self._due_stale:
            return
        if self._due_call is None:
            ctx = self.ctx
            self._due_call = BackgroundCall(lambda: due_this_month(ctx), self._on_due_loaded, self)
        self._due_stale = False
        self.home_page.show_due_pending()
        self._due_call.start()

    def _on_due_loaded(self, due: DueThisMonth) -> None:
        from gojokai_desktop.services.dashboard import due_todo

        self.home_page.show_due(due, due_todo(due))

    def open_area(self, title: str, tab: str = "") -> None:
        """Show the area's page and, when it has tabs, the tab of that title."""
        rows = [row for row, area in enumerate(AREAS) if area.title == title]
        if not rows:
            return
        self.navigation.setCurrentRow(rows[0])
        tabs = getattr(self.pages.currentWidget(), "tabs", None)
        if isinstance(tabs, QTabWidget):
            for index in range(tabs.count()):
                if tabs.tabText(index) == tab:
                    tabs.setCurrentIndex(index)

    # ------------------------------------------------------------------ slots
    def page_at(self, row: int) -> QWidget:
        """The page of navigation row ``row``, built the first time it is asked for."""
        page = self._built.get(row)
        if page is None:
            placeholder = self.pages.widget(row)
            page = self._built[row] = self._build_page(AREAS[row])
            self.pages.insertWidget(row, page)
            if placeholder is not None:
                self.pages.removeWidget(placeholder)
                placeholder.deleteLater()
        return page

    def _on_navigation_current_row_changed(self, row: int) -> None:
        page = self.page_at(row)
        self.pages.setCurrentWidget(page)
        # A page's message (e.g. the member count) does not belong on the next page.
        self.statusBar().clearMessage()
        refresh = getattr(page, "refresh", None)
        if refresh is not None and page is not self.home_page:
            refresh()
        if page is self.home_page and self._due_stale and self._ctx is not None:
            self._load_due()

    def _on_settings_edit_requested(self) -> None:
        from gojokai_desktop.ui.setup_dialog import SetupDialog

        if self._ctx is None:
            return
        dialog = SetupDialog(self.ctx, self.profile, self)
        if dialog.exec():
            self.refresh()

    def _on_backup_requested(self) -> None:
        from gojokai_desktop.services import maintenance

        if self._ctx is None:
            return
        try:
            target = maintenance.backup_now(self.ctx.database, self.paths.backup_dir)
        except RuleViolation as exc:  # pg_dump missing or refused by the server
            QMessageBox.warning(self, "バックアップ", exc.message)
            return
        except OSError as exc:
            log.exception("backup failed")
            QMessageBox.warning(
                self,
                "バックアップ",
                f"バックアップを保存できませんでした: {exc}\n"
                "保存先の空き容量と書き込み権限を確かめてください。",
            )
            return
        if target is None:
            QMessageBox.information(
                self,
                "バックアップ",
                "サーバーのデータベースはサーバー側でバックアップしてください。",
            )
            return
        self.statusBar().showMessage(f"バックアップを保存しました: {target}", 8000)
        self.refresh()

    def _on_open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.paths.backup_dir.parent)))

    def _on_open_log(self) -> None:
        if self.paths.log_file is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.paths.log_file)))

    def _on_about(self) -> None:
        QMessageBox.about(
            self,
            "バージョン情報",
            f"{APP_TITLE}\ngojokai_desktop {__version__}\n\n"
            f"データベース: {self.database_label.text()}",
        )
