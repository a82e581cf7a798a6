"""The year close (年度締め): the checklist, the close by an administrator, the re-opening.

The close takes a backup first (kept apart from the daily ones), then in one transaction
opens the next year with this year's closing money (前年度繰越金) and locks the year: from
then on the closed-year guard of every unit of work (``db/fiscal_lock.py``) refuses any row
dated in it. A crash before the commit leaves the year open and nothing carried.

Each area adds its own checks in a module ``services/<area>/year_checks.py`` with
``year_checks(scope) -> list[YearCheck]``; the modules are found by name (:data:`CHECK_MODULES`)
as the main window finds the pages, so an area that is not built yet is simply skipped and
the accounts never import the areas that post into them.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from gojokai_desktop.db.backup import backup_sqlite, unique_backup_path
from gojokai_desktop.db.models import (
    Account,
    BankAccount,
    FiscalYear,
    FiscalYearClosing,
    SocietySettings,
    User,
    utcnow,
)
from gojokai_desktop.db.server import check_dump, dump_name, pg_dump
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.domain.yen import format_report_yen
from gojokai_desktop.services.accounts.balances import Holding, carry_forward
from gojokai_desktop.services.auth.roles import require_role
from gojokai_desktop.services.context import AppContext

#: Modules that contribute checks; a module that does not exist (an area not built) is skipped.
CHECK_MODULES = (
    "gojokai_desktop.services.accounts.year_checks",
    "gojokai_desktop.services.dues.year_checks",
    "gojokai_desktop.services.benefits.year_checks",
    "gojokai_desktop.services.tickets.year_checks",
    "gojokai_desktop.services.events.year_checks",
    "gojokai_desktop.services.reports.year_checks",
)
CLOSE_BACKUP_FOLDER = "年度締め"


@dataclass(frozen=True)
class CheckScope:
    """What a check needs: the session (read only), the year and its dates, today."""

    session: Session
    fiscal_year: int
    calendar: FiscalCalendar
    label: str
    today: dt.date

    @property
    def first_day(self) -> dt.date:
        return self.calendar.first_day(self.fiscal_year)

    @property
    def last_day(self) -> dt.date:
        return self.calendar.last_day(self.fiscal_year)

    def label_of(self, year: int) -> str:
        settings = self.session.get(SocietySettings, 1)
        rule = settings.fiscal_label_rule if settings else "start"
        return self.calendar.label(year, era_rule=rule)


@dataclass(frozen=True)
class YearCheck:
    """One line of the checklist: what is wrong, how many, and the screen that fixes it.

    A blocking check stops the close; the others are shown so the clerk knows what is
    carried into the next year.
    """

    key: str
    title: str
    detail: str
    area: str
    tab: str
    blocking: bool
    count: int = 1

    @property
    def screen(self) -> str:
        return f"［{self.area}］→［{self.tab}］" if self.tab else f"［{self.area}］"


@dataclass(frozen=True)
class YearChecklist:
    fiscal_year: int
    label: str
    status: str
    items: tuple[YearCheck, ...]

    @property
    def blocking(self) -> tuple[YearCheck, ...]:
        return tuple(i for i in self.items if i.blocking)

    @property
    def can_close(self) -> bool:
        return self.status == "open" and not self.blocking


@dataclass(frozen=True)
class YearState:
    """A fiscal year as the 年度締め tab lists it."""

    fiscal_year: int
    label: str
    status: str
    closed_at: dt.datetime | None
    closed_by: str


@dataclass(frozen=True)
class ClosingRecord:
    fiscal_year: int
    action: str
    at: dt.datetime
    user_name: str
    reason: str
    backup_path: str


@dataclass(frozen=True)
class CloseResult:
    fiscal_year: int
    label: str
    backup: Path | None
    carried: tuple[tuple[str, int], ...]

    @property
    def carried_total(self) -> int:
        return sum(amount for _name, amount in self.carried)


def calendar_of(session: Session) -> FiscalCalendar:
    settings = session.get(SocietySettings, 1)
    return FiscalCalendar(settings.fiscal_year_start_month if settings else 4)


def _scope(session: Session, fiscal_year: int, today: dt.date) -> CheckScope:
    calendar = calendar_of(session)
    settings = session.get(SocietySettings, 1)
    rule = settings.fiscal_label_rule if settings else "start"
    return CheckScope(
        session, fiscal_year, calendar, calendar.label(fiscal_year, era_rule=rule), today
    )


def _check_functions() -> list[Callable[[CheckScope], list[YearCheck]]]:
    found = []
    for name in CHECK_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            # Only the contributing module (or its area) missing means "not built yet".
            if exc.name is None or not (name + ".").startswith(exc.name + "."):
                raise
            continue
        found.append(module.year_checks)
    return found


def run_checks(session: Session, fiscal_year: int, today: dt.date) -> list[YearCheck]:
    """Every area's checks for closing ``fiscal_year``, blocking ones first."""
    scope = _scope(session, fiscal_year, today)
    items: list[YearCheck] = []
    for check in _check_functions():
        items += check(scope)
    return sorted(items, key=lambda i: not i.blocking)


def _status(session: Session, fiscal_year: int) -> str:
    row = session.get(FiscalYear, fiscal_year)
    return "open" if row is None else row.status


def year_checklist(ctx: AppContext, fiscal_year: int) -> YearChecklist:
    """The checklist the clerk reads before closing (also for a closed year: what it was)."""
    with ctx.reader() as session:
        items = run_checks(session, fiscal_year, ctx.today())
        scope = _scope(session, fiscal_year, ctx.today())
        return YearChecklist(fiscal_year, scope.label, _status(session, fiscal_year), tuple(items))


def _blocking_message(label: str, blocking: list[YearCheck]) -> str:
    lines = "\n".join(f"・{i.title}（{i.screen}）" for i in blocking)
    return f"{label}はまだ締められません。次を直してください:\n{lines}"


def _take_backup(
    ctx: AppContext, backup_dir: Path | None, fiscal_year: int, server_backup_confirmed: bool
) -> Path | None:
    """A copy of the database before the close, in a folder the daily rotation never thins
    (on a server, a pg_dump, unless the administrator has taken the server's backup)."""
    path = ctx.database.path
    if path is None and (server_backup_confirmed or not ctx.database.is_postgres):
        return None
    if backup_dir is None:
        raise ValidationError("締めの前のバックアップの保存先を指定してください。", "保存先")
    folder = backup_dir / CLOSE_BACKUP_FOLDER
    if path is None:
        target = folder / dump_name(ctx.database.url, f"close{fiscal_year}")
        pg_dump(ctx.database.url, target)
        check_dump(target)
        return target
    # Verified like every backup: a damaged database is refused here, before the close.
    target = unique_backup_path(folder, path, f"close{fiscal_year}")
    backup_sqlite(path, target)
    return target


def holding_name(session: Session, holding: Holding) -> str:
    """「一般会計 現金」, 「一般会計 東邦銀行 普通 1234567」."""
    account = session.get(Account, holding.account_id)
    prefix = f"{account.name} " if account else ""
    if holding.bank_account_id is None:
        return f"{prefix}現金"
    bank = session.get(BankAccount, holding.bank_account_id)
    return prefix + (bank.name if bank else f"口座{holding.bank_account_id}")


def _lock_year(uow: UnitOfWork, fiscal_year: int, actor_id: int | None) -> None:
    row = uow.session.scalar(
        select(FiscalYear).where(FiscalYear.year == fiscal_year).with_for_update()
    )
    if row is None:
        raise RuleViolation("この年度の記録がありません。")
    row.status = "closed"
    row.closed_at = utcnow()
    row.closed_by_user_id = actor_id
    uow.session.flush()


def close_year(
    ctx: AppContext,
    fiscal_year: int,
    *,
    backup_dir: Path | None,
    server_backup_confirmed: bool = False,
) -> CloseResult:
    """Close ``fiscal_year``: checks, backup, carry-forward and lock, all or nothing.

    Only an administrator may close. On a server database (PostgreSQL) the backup is a
    pg_dump, or, when the administrator confirms the server's own backup was taken, none.
    """
    require_role(ctx, "admin", "年度の締め")
    with ctx.reader() as session:
        label = _scope(session, fiscal_year, ctx.today()).label
        if session.get(FiscalYear, fiscal_year) is None:
            raise RuleViolation(f"{label}の記録がありません。")
        if _status(session, fiscal_year) == "closed":
            raise RuleViolation(f"{label}は既に締め済みです。")
        blocking = [i for i in run_checks(session, fiscal_year, ctx.today()) if i.blocking]
    if blocking:
        raise RuleViolation(_blocking_message(label, blocking))
    if ctx.database.path is None and not ctx.database.is_postgres and not server_backup_confirmed:
        raise RuleViolation(
            "サーバーのデータベースはこのプログラムでは写しを取れません。"
            "サーバー側でバックアップを取ったことを確かめてから締めてください。"
        )
    backup = _take_backup(ctx, backup_dir, fiscal_year, server_backup_confirmed)
    with ctx.unit_of_work(f"{label}の締め") as uow:
        # Checked again inside the transaction: someone may have written since.
        again = [i for i in run_checks(uow.session, fiscal_year, ctx.today()) if i.blocking]
        if again:
            raise RuleViolation(_blocking_message(label, again))
        closing = carry_forward(uow, fiscal_year)
        carried = tuple((holding_name(uow.session, h), h.amount) for h in closing)
        _lock_year(uow, fiscal_year, ctx.actor.user_id)
        uow.session.add(
            FiscalYearClosing(
                fiscal_year=fiscal_year,
                action="close",
                user_id=ctx.actor.user_id,
                user_name=ctx.actor.name,
                reason="",
                backup_path=str(backup or ""),
                summary_json=json.dumps(
                    {"carried": [list(c) for c in carried]}, ensure_ascii=False
                ),
            )
        )
        uow.commit()
    return CloseResult(fiscal_year, label, backup, carried)


def reopen_year(ctx: AppContext, fiscal_year: int, reason: str) -> None:
    """再開: an administrator opens a closed year again, with the reason (in the audit trail).

    The next year must be open, because closing this one again carries its money there.
    """
    require_role(ctx, "admin", "締めた年度の再開")
    reason = reason.strip()
    if not reason:
        raise ValidationError("再開する理由を入力してください。", "理由")
    with ctx.unit_of_work("締めた年度の再開") as uow:
        label = _scope(uow.session, fiscal_year, ctx.today()).label
        row = uow.session.scalar(
            select(FiscalYear).where(FiscalYear.year == fiscal_year).with_for_update()
        )
        if row is None or row.status != "closed":
            raise RuleViolation(f"{label}は締められていません。")
        if _status(uow.session, fiscal_year + 1) == "closed":
            following = _scope(uow.session, fiscal_year + 1, ctx.today()).label
            raise RuleViolation(
                f"翌年度（{following}）が締め済みです。先に翌年度を再開してください。"
            )
        row.status = "open"
        row.closed_at = None
        row.closed_by_user_id = None
        uow.session.add(
            FiscalYearClosing(
                fiscal_year=fiscal_year,
                action="reopen",
                user_id=ctx.actor.user_id,
                user_name=ctx.actor.name,
                reason=reason,
            )
        )
        uow.commit()


def year_states(ctx: AppContext) -> list[YearState]:
    """Every fiscal year the books know, newest first."""
    with ctx.reader() as session:
        users = {u.id: u.display_name for u in session.scalars(select(User))}
        rows = session.scalars(select(FiscalYear).order_by(FiscalYear.year.desc())).all()
        return [
            YearState(
                r.year,
                _scope(session, r.year, ctx.today()).label,
                r.status,
                r.closed_at,
                users.get(r.closed_by_user_id or 0, ""),
            )
            for r in rows
        ]


def is_closed(ctx: AppContext, fiscal_year: int) -> bool:
    with ctx.reader() as session:
        return _status(session, fiscal_year) == "closed"


def closing_history(ctx: AppContext, fiscal_year: int | None = None) -> list[ClosingRecord]:
    """Closes and re-openings, newest first (of one year, or of all)."""
    with ctx.reader() as session:
        query = select(FiscalYearClosing).order_by(FiscalYearClosing.id.desc())
        if fiscal_year is not None:
            query = query.where(FiscalYearClosing.fiscal_year == fiscal_year)
        return [
            ClosingRecord(r.fiscal_year, r.action, r.at, r.user_name, r.reason, r.backup_path)
            for r in session.scalars(query)
        ]


def describe_carry(result: CloseResult) -> str:
    """The sentence the screen and the command line print after a close."""
    parts = "、".join(f"{name} {format_report_yen(amount)}円" for name, amount in result.carried)
    where = f"締めの前のバックアップ: {result.backup}" if result.backup else ""
    return (
        f"{result.label}を締めました。翌年度へ繰り越した額: 合計 "
        f"{format_report_yen(result.carried_total)}円（{parts}）。{where}"
    ).strip()
