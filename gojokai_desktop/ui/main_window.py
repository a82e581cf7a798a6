"""The main window: left navigation by area, the pages, menus and the status bar."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop import APP_TITLE, __version__
from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.ui.background import BackgroundCall
from gojokai_desktop.ui.home_page import HomePage
from gojokai_desktop.ui.messages import inform, warn

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
    Area(
        "設定",
        "gojokai_desktop.ui.settings.page:SettingsPage",
        "団体情報、利用者、バックアップと復元、引継ぎ、監査ログ",
    ),
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
        self._work: WorkFigures | None = None  # the home page's work figures, read last
        for area in AREAS:
            self.navigation.addItem(area.title)
            # Area pages are built on first visit: start-up shows the home page only.
            self.pages.addWidget(QWidget())
        self._built: dict[int, QWidget] = {}
        self.navigation.currentRowChanged.connect(self._on_navigation_current_row_changed)

        self.database_label = QLabel("データベースを開いています…")
        self.fiscal_label = QLabel()
        self.user_label = QLabel()
        self.statusBar().addWidget(self.database_label, 1)
        self.statusBar().addPermanentWidget(self.user_label)
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

    def attach(self, ctx: AppContext, *, note: str = "") -> None:
        """Connect the shown window to the open database as the user who logged in, and fill
        the home page. Attached again (another user, a restored database), every page is
        built afresh for the new context."""
        if self._ctx is not None:
            self._reset_pages()
        self._ctx = ctx
        self.database_label.setText(ctx.display_name())
        actor = ctx.actor
        self.user_label.setText(
            f"  {actor.name}（{actor.role_label}{'・閲覧のみ' if actor.role == 'auditor' else ''}）"
            f"{note}  "
        )
        self._central.setEnabled(True)
        self.refresh()

    def _reset_pages(self) -> None:
        for row, page in list(self._built.items()):
            if page is self.home_page:
                continue
            placeholder = QWidget()
            self.pages.insertWidget(row, placeholder)
            self.pages.removeWidget(page)
            page.deleteLater()
            del self._built[row]
        self.navigation.setCurrentRow(0)
        self.pages.setCurrentWidget(self.home_page)

    def _build_page(self, area: Area) -> QWidget:
        if area.title == "ホーム":
            return self.home_page
        page_class = _load_page_class(area.page)
        if page_class is None:
            return PlannedAreaPage(area.title, area.planned)
        page = page_class(self.ctx, self)
        data_changed = getattr(page, "data_changed", None)
        if data_changed is not None:
            data_changed.connect(self.refresh)
        replaced = getattr(page, "database_replaced", None)
        if replaced is not None:
            # After the current event: the page that emitted it is rebuilt by the login.
            replaced.connect(lambda: QTimer.singleShot(0, self.log_in_again))
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
        file_menu.addAction(
            self._action(
                "バックアップから復元…", partial(self.open_area, "設定", "バックアップと復元")
            )
        )
        file_menu.addAction(self._action("引継ぎ…", partial(self.open_area, "設定", "引継ぎ")))
        file_menu.addAction(self._action("データフォルダを開く", self._on_open_data_folder))
        file_menu.addSeparator()
        file_menu.addAction(self._action("パスワードの変更…", self._on_change_password))
        file_menu.addAction(self._action("利用者の切り替え（ログアウト）…", self.log_in_again))
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
        settings_menu.addAction(self._action("利用者…", partial(self.open_area, "設定", "利用者")))
        settings_menu.addAction(
            self._action("監査ログ…", partial(self.open_area, "設定", "監査ログ"))
        )
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
    def _backup_folders(self) -> list[Path]:
        from gojokai_desktop import paths
        from gojokai_desktop.services import backups

        return backups.backup_folders(self.paths.backup_dir, paths.data_dir())

    def _backup_todo(self) -> list[TodoItem]:
        from gojokai_desktop.services import backups
        from gojokai_desktop.services.dashboard import TodoItem

        if self.ctx.database.path is None:
            return []
        if backups.STATUS.last_error:
            return [TodoItem(f"バックアップできませんでした: {backups.STATUS.last_error}", "設定")]
        newest = backups.last_backup(self.ctx.database, self._backup_folders())
        if newest is None or (self.ctx.today() - newest[1].date()).days > 7:
            text = "バックアップが1週間以上ありません。［ファイル］→［今すぐバックアップ］"
            return [TodoItem(text, "設定")]
        return []

    def todo_items(self, work: WorkFigures | None = None) -> list[TodoItem]:
        """The to-do lines that are read at once (the benefits due come a moment later)."""
        from gojokai_desktop.services.dashboard import work_figures, work_todo

        return [*self._backup_todo(), *work_todo(work or work_figures(self.ctx))]

    def refresh_backup_todo(self) -> None:
        """The to-do list again after a backup ended (its line about backups may go or
        come), the figures as read last: not the whole home page, half a second at 50,000
        members on the GUI thread."""
        if self._ctx is None or self._work is None:
            self.refresh()
            return
        self.home_page.show_todo(self.todo_items(self._work))

    def refresh(self) -> None:
        from gojokai_desktop.services.dashboard import key_figures, work_figures
        from gojokai_desktop.services.society import load_profile

        if self._ctx is None:
            return
        self.profile = load_profile(self.ctx)
        figures = key_figures(self.ctx)
        work = self._work = work_figures(self.ctx)
        self.home_page.show_figures(figures, self.todo_items(work))
        self.home_page.show_work(work)
        self._due_stale = True
        if self.pages.currentWidget() is self.home_page:
            # Once the window has painted the figures: the worker then competes with nothing.
            QTimer.singleShot(0, self._load_due)
        self.fiscal_label.setText(f"{figures.fiscal_year_label}  ")
        if self.profile is not None:
            self.setWindowTitle(f"{self.profile.name} — {APP_TITLE}")

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
        if self._ctx is None:
            return
        self.open_area("設定", "団体情報")
        edit = getattr(getattr(self.pages.currentWidget(), "profile_tab", None), "edit", None)
        if edit is not None:
            edit()

    def _on_backup_requested(self) -> None:
        from gojokai_desktop import paths
        from gojokai_desktop.files import describe_os_error
        from gojokai_desktop.services import backups

        if self._ctx is None:
            return
        try:
            result = backups.make_backup(
                self.ctx.database, self.paths.backup_dir, settings_dir=paths.data_dir()
            )
        except backups.BackupError as exc:
            warn(
                self,
                "バックアップできませんでした",
                f"{exc}\n\n今までのバックアップはそのまま残っています。",
            )
            self.refresh()
            return
        except RuleViolation as exc:  # pg_dump missing or refused by the server
            warn(self, "バックアップできませんでした", exc.message)
            self.refresh()
            return
        except OSError as exc:
            log.exception("backup failed")
            warn(self, "バックアップできませんでした", describe_os_error(exc))
            return
        if result is None:
            inform(
                self,
                "バックアップ",
                "サーバーのデータベースはサーバー側でバックアップしてください。",
            )
            return
        note = f"（{result.note}）" if result.note else ""
        self.statusBar().showMessage(
            f"バックアップを保存しました（検証済み）: {result.path}{note}", 8000
        )
        self.refresh()

    def _on_change_password(self) -> None:
        from gojokai_desktop.ui.auth.password_dialog import ChangePasswordDialog

        if self._ctx is None or self.ctx.actor.user_id is None:
            return
        if ChangePasswordDialog(self.ctx, self).exec():
            self.statusBar().showMessage("パスワードを変更しました。", 8000)

    def log_in_again(self) -> None:
        """Ask who works now (another user, or anyone after a restore); closing the dialog
        closes the program, since nobody is logged in any more."""
        import getpass

        from gojokai_desktop.services.context import Actor, AppContext
        from gojokai_desktop.ui.auth.login_dialog import LoginDialog

        if self._ctx is None:
            return
        base = AppContext(self.ctx.database, Actor(None, "ログイン画面"), self.ctx.clock)
        try:
            login = getpass.getuser()
        except (OSError, KeyError):
            login = ""
        dialog = LoginDialog(base, login, self)
        if dialog.exec() and dialog.actor is not None:
            self.attach(AppContext(self.ctx.database, dialog.actor, self.ctx.clock))
        else:
            self.close()

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
