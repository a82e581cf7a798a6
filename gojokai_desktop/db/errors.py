"""Database errors a clerk can read: lost server, busy rows, timeouts, clashes that survived.

The unit of work (and every session used as a ``with`` block) hands the error of the
database driver to :func:`translate`; what comes back is a
:class:`~gojokai_desktop.domain.errors.DatabaseProblem` with a Japanese message, which
every screen already shows like any other refused action, and the driver's detail goes to
the log. :func:`retry_on_conflict` runs a service action again when the refusal was of the
passing kind (a deadlock, a number taken at the same moment): nothing of the failed attempt
was stored, so doing it again is safe.
"""

from __future__ import annotations

import functools
import logging
import random
import re
import time
from collections.abc import Callable
from types import TracebackType
from typing import ParamSpec, TypeVar

from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from gojokai_desktop.db.timeouts import LOCK_TIMEOUT, STATEMENT_TIMEOUT
from gojokai_desktop.domain.errors import DatabaseProblem

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

# A refused action is tried this many times in all before the clerk sees the message.
ATTEMPTS = 3

# What a unique number is called, by constraint (PostgreSQL) or "table.column" (SQLite).
_UNIQUE_LABELS = {
    "uq_members_number": "会員番号",
    "members.number": "会員番号",
    "uq_establishments_number": "事業所番号",
    "establishments.number": "事業所番号",
    "uq_receipts_fiscal_year": "領収書番号",
    "receipts.fiscal_year": "領収書番号",
    "uq_cash_book_entries_fiscal_year": "伝票番号",
    "cash_book_entries.fiscal_year": "伝票番号",
    "uq_benefit_claims_fiscal_year": "請求番号",
    "benefit_claims.fiscal_year": "請求番号",
    "uq_benefit_payment_batches_fiscal_year": "支払番号",
    "benefit_payment_batches.fiscal_year": "支払番号",
    "uq_dues_bills_live_period": "会費の請求",
    "dues_bills.establishment_id": "会費の請求",
}

_CONNECTION_STATES = ("08", "57P01", "57P02", "57P03", "25P03")
_SQLITE_BUSY = re.compile(r"database is (locked|busy)")
_SQLITE_FILE = re.compile(
    r"disk I/O error|unable to open database file|malformed|disk is full|readonly database"
)
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: ([\w.]+)")


def _sqlstate(exc: DBAPIError) -> str:
    return str(getattr(exc.orig, "sqlstate", "") or "")


def _server_of(url: str | None) -> str:
    if not url:
        return "データベースサーバー"
    parsed = make_url(url)
    return f"データベースサーバー（{parsed.host or 'localhost'}）"


def _unique_label(exc: IntegrityError) -> str:
    diag = getattr(exc.orig, "diag", None)
    name = str(getattr(diag, "constraint_name", "") or "")
    if not name:
        found = _SQLITE_UNIQUE.search(str(exc.orig))
        name = found.group(1) if found else ""
    return _UNIQUE_LABELS.get(name, "番号")


def _is_unique_violation(exc: IntegrityError) -> bool:
    return _sqlstate(exc) == "23505" or "UNIQUE constraint failed" in str(exc.orig)


def translate(
    exc: BaseException, *, url: str | None = None, committing: bool = False
) -> DatabaseProblem | None:
    """The clerk's message for a database error, or None when ``exc`` is something else
    (a program error keeps its traceback for the unexpected-error dialog)."""
    if not isinstance(exc, DBAPIError):
        return None
    state = _sqlstate(exc)
    if isinstance(exc, IntegrityError):
        if not _is_unique_violation(exc):
            return None
        label = _unique_label(exc)
        return DatabaseProblem(
            f"同じ{label}がほかの端末で同時に使われたため、保存できませんでした。"
            "この操作は保存されていません。もう一度実行してください。",
            retry_safe=True,
            auto_retry=True,
        )
    if state in ("40001", "40P01"):
        return DatabaseProblem(
            "ほかの端末の処理と重なったため、保存できませんでした。"
            "この操作は保存されていません。もう一度実行してください。",
            retry_safe=True,
            auto_retry=True,
        )
    if state == "55P03" or (not state and _SQLITE_BUSY.search(str(exc.orig))):
        return DatabaseProblem(
            f"ほかの端末が同じデータを使っているため、{LOCK_TIMEOUT}秒待っても処理できませんでした"
            "（取り込みや請求の作成など、時間のかかる処理の最中かもしれません）。"
            "この操作は保存されていません。しばらく待ってから、もう一度実行してください。",
            retry_safe=True,
        )
    if state == "57014":
        return DatabaseProblem(
            f"データベースの処理が{STATEMENT_TIMEOUT}秒たっても終わらないため、中止しました。"
            "この操作は保存されていません。条件を絞ってもう一度実行するか、管理者に連絡してください。",
            retry_safe=True,
        )
    on_server = url is not None and not url.startswith("sqlite")
    if state.startswith(_CONNECTION_STATES) or (on_server and not state):
        where = _server_of(url)
        if committing:
            return DatabaseProblem(
                f"保存の途中で{where}との接続が切れました。保存されたかどうか分からないため、"
                "つながってから画面を読み直して確かめてください。",
                retry_safe=False,
                outcome_unknown=True,
            )
        return DatabaseProblem(
            f"{where}につながりません。ネットワークとサーバーが動いているか確かめてください。"
            "この操作は保存されていません。",
            retry_safe=True,
        )
    if isinstance(exc, OperationalError):
        if on_server:
            return DatabaseProblem(
                f"{_server_of(url)}がこの操作を受け付けませんでした（{state}）。"
                "この操作は保存されていません。続くときは管理者に連絡してください。",
                retry_safe=True,
            )
        if _SQLITE_FILE.search(str(exc.orig)):
            return DatabaseProblem(
                f"データベースファイルを読み書きできません（{exc.orig}）。"
                "ファイルの場所とディスクの空きを確かめてください。",
                retry_safe=False,
            )
    return None


def raise_translated(
    exc: BaseException, *, url: str | None = None, committing: bool = False
) -> None:
    """Raise the clerk's message in place of ``exc`` (logged with its detail), if it has one."""
    problem = translate(exc, url=url, committing=committing)
    if problem is None:
        return
    log.warning("database refused the action: %s", problem.message, exc_info=exc)
    raise problem from exc


def retry_on_conflict(action: Callable[P, R]) -> Callable[P, R]:
    """Run ``action`` (a whole service action with its own unit of work) again when the
    database refused it for a passing reason; the clerk sees a message only when it keeps
    failing. Only for actions that do nothing outside the database before they commit."""

    @functools.wraps(action)
    def attempt(*args: P.args, **kwargs: P.kwargs) -> R:
        for number in range(1, ATTEMPTS + 1):
            try:
                return action(*args, **kwargs)
            except DatabaseProblem as problem:
                if not problem.auto_retry or number == ATTEMPTS:
                    raise
                log.info("trying %s again (%d): %s", action.__qualname__, number, problem.message)
                # Apart at random, so two PCs that met once do not meet again.
                time.sleep(random.uniform(0.02, 0.2) * number)
        raise AssertionError("unreachable")

    return attempt


class TranslatingSession(Session):
    """A session that, used as a ``with`` block, turns database errors into messages."""

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            super().__exit__(exc_type, exc, tb)
        except DBAPIError:  # closing over a connection that is gone: the first error counts
            if exc is None:
                raise
            log.debug("closing the session after a database error failed too", exc_info=True)
        if exc is not None:
            bind = self.get_bind()
            engine = bind if isinstance(bind, Engine) else bind.engine
            url = engine.url.render_as_string(hide_password=True)
            raise_translated(exc, url=url)
