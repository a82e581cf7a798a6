"""Who may do what: one helper every service calls before an administrator's action.

管理者 (admin): users, benefit tables, fee tables, overrides, year close, restore, the
society's profile. 事務担当 (clerk): the daily work. 監事 (auditor): reads, prints and
exports everything; the unit of work refuses any write of theirs. The program itself (no
user: the demo, the start-up, the tests) has every right.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import User
from gojokai_desktop.db.uow import ROLE_LABELS, UnitOfWork
from gojokai_desktop.domain.errors import PermissionDenied
from gojokai_desktop.services.context import AppContext

ROLE_ORDER = ("admin", "clerk", "auditor")
# What each role may do, for the settings page and the README.
ROLE_DESCRIPTIONS = {
    "admin": "すべての操作（利用者の管理、給付表・会費表、上書き、年度締め、復元）",
    "clerk": "日々の事務（会員、会費、給付の受付から支払まで、会計の記帳、印刷と出力）",
    "auditor": "閲覧・印刷・出力のみ（変更はできません）",
}
_RIGHTS = {"admin": {"admin", "clerk"}, "clerk": {"clerk"}, "auditor": set()}


def _current_role(session: Session, ctx_or_uow: AppContext | UnitOfWork) -> str:
    actor = ctx_or_uow.actor
    if actor.user_id is None:
        return "system"
    row = session.execute(select(User.role, User.active).where(User.id == actor.user_id)).first()
    if row is None or not row.active:
        return "disabled"
    return str(row.role)


def current_role(source: AppContext | UnitOfWork) -> str:
    """The acting user's role as stored now (``system`` for the program itself)."""
    if isinstance(source, UnitOfWork):
        return _current_role(source.session, source)
    with source.reader() as session:
        return _current_role(session, source)


def has_role(source: AppContext | UnitOfWork, role: str) -> bool:
    """Whether the acting user may act as ``role`` (``admin`` or ``clerk``)."""
    current = current_role(source)
    return current == "system" or role in _RIGHTS.get(current, set())


def require_role(source: AppContext | UnitOfWork, role: str, action: str = "") -> None:
    """Refuse with PermissionDenied (naming the action and who may do it) unless allowed."""
    if has_role(source, role):
        return
    what = action or (source.action if isinstance(source, UnitOfWork) else "") or "この操作"
    who = source.actor
    if current_role(source) == "auditor":
        raise PermissionDenied(
            f"監事（閲覧のみ）の利用者は記録を変更できません（{what}）。印刷と出力はできます。"
        )
    raise PermissionDenied(
        f"「{what}」は{ROLE_LABELS[role]}だけができます"
        f"（いまの利用者: {who.name}・{ROLE_LABELS.get(current_role(source), who.role_label)}）。"
    )
