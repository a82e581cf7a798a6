"""Logging in (ログイン): passwords checked, lock-out after repeated failures, own password change,
and the weaker "this PC logs in as clerk X" (自動ログイン) for a one-PC office.

The bookkeeping of a login (failures, lock, last login) is written by the program itself
(no user), so an auditor's login and password change are recorded although an auditor
writes nothing else; the entry names the person.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import User, utcnow
from gojokai_desktop.db.uow import Actor, UnitOfWork
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.auth.passwords import (
    check_new_password,
    hash_password,
    verify_password,
)
from gojokai_desktop.services.auth.roles import require_role
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.settings_store import get_setting, put_setting

MAX_FAILURES = 5
LOCK_MINUTES = 15
PC_LOGIN_KEY = "auth.pc_logins"


class LoginRefused(RuleViolation):
    """Wrong login or password, a disabled user, or a lock-out; the message says which."""


class PasswordNotSet(RuleViolation):
    """A user from before passwords: they choose one now (``set_first_password``)."""

    def __init__(self, login: str) -> None:
        self.login = login
        super().__init__(
            f"「{login}」にはまだパスワードがありません。新しいパスワードを決めてください。"
        )


@dataclass(frozen=True)
class LoginResult:
    """Who logged in, and whether they must choose a new password before working."""

    actor: Actor
    must_change_password: bool


def actor_of(user: User) -> Actor:
    return Actor(user.id, user.display_name, user.role)


def _bookkeeping(ctx: AppContext, who: str, action: str) -> UnitOfWork:
    return UnitOfWork(ctx.database, Actor(None, who[:60]), action)


def _find(session: Session, login: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.login) == login.strip().lower()))


def _local_time(moment: dt.datetime) -> str:
    return moment.replace(tzinfo=dt.UTC).astimezone().strftime("%H:%M")


def actor_for_login(ctx: AppContext, login: str) -> Actor | None:
    """The active user ``login`` as an actor (the administrator just made at setup)."""
    with ctx.reader() as session:
        user = _find(session, login)
        return actor_of(user) if user is not None and user.active else None


def has_users(ctx: AppContext) -> bool:
    """Whether anyone can log in yet (a database before its first setup has nobody)."""
    with ctx.reader() as session:
        return session.scalar(select(User.id).where(User.active.is_(True)).limit(1)) is not None


def login_names(ctx: AppContext) -> list[str]:
    """The active users' login names, for the login dialog's list."""
    with ctx.reader() as session:
        return list(
            session.scalars(select(User.login).where(User.active.is_(True)).order_by(User.login))
        )


def authenticate(
    ctx: AppContext, login: str, password: str, now: dt.datetime | None = None
) -> LoginResult:
    """Check the password; five failures in a row lock the user for 15 minutes."""
    moment = now or utcnow()
    name = login.strip()
    with _bookkeeping(ctx, f"ログイン画面（{name}）", "ログイン") as uow:
        user = _find(uow.session, name)
        if user is None:
            uow.audit("users", "", {"login": name, "result": "unknown"})
            uow.commit()
            raise LoginRefused("ログイン名かパスワードが違います。")
        if not user.active:
            raise LoginRefused(f"「{user.login}」は無効になっています。管理者に連絡してください。")
        if user.locked_until is not None and user.locked_until > moment:
            raise LoginRefused(
                f"パスワードを{MAX_FAILURES}回続けて間違えたため、"
                f"{_local_time(user.locked_until)}までログインできません。"
                "管理者がパスワードを再設定すると、すぐに解除されます。"
            )
        if not user.password_hash:
            raise PasswordNotSet(user.login)
        if not verify_password(password, user.password_hash):
            user.failed_logins += 1
            left = MAX_FAILURES - user.failed_logins
            if left <= 0:
                user.failed_logins = 0
                user.locked_until = moment + dt.timedelta(minutes=LOCK_MINUTES)
                message = (
                    f"パスワードを{MAX_FAILURES}回続けて間違えました。{LOCK_MINUTES}分間"
                    f"（{_local_time(user.locked_until)}まで）ログインできません。"
                )
            else:
                message = (
                    f"ログイン名かパスワードが違います（あと{left}回間違えるとロックします）。"
                )
            uow.commit()
            raise LoginRefused(message)
        user.failed_logins = 0
        user.locked_until = None
        user.last_login_at = moment
        uow.flush()
        result = LoginResult(actor_of(user), user.must_change_password)
        uow.commit()
    return result


def set_first_password(ctx: AppContext, login: str, new_password: str) -> LoginResult:
    """A user from before passwords chooses one (only while they have none)."""
    with _bookkeeping(ctx, f"ログイン画面（{login.strip()}）", "パスワードの設定") as uow:
        user = _find(uow.session, login)
        if user is None or not user.active:
            raise LoginRefused("ログイン名が違うか、無効になっている利用者です。")
        if user.password_hash:
            raise RuleViolation("パスワードは既に決まっています。ログインしてください。")
        check_new_password(new_password, user.login, "新しいパスワード")
        user.password_hash = hash_password(new_password)
        user.must_change_password = False
        user.last_login_at = utcnow()
        uow.flush()
        result = LoginResult(actor_of(user), False)
        uow.commit()
    return result


def change_password(ctx: AppContext, old_password: str, new_password: str) -> None:
    """パスワードの変更 by the user themselves: the old one first, then the new one."""
    actor = ctx.actor
    if actor.user_id is None:
        raise RuleViolation("ログインしている利用者だけがパスワードを変更できます。")
    with _bookkeeping(ctx, f"{actor.name}（本人）", "パスワードの変更") as uow:
        user = uow.session.get(User, actor.user_id)
        if user is None or not user.active:
            raise RuleViolation("この利用者は無効になっています。")
        if not verify_password(old_password, user.password_hash):
            raise ValidationError("いまのパスワードが違います。", "いまのパスワード")
        if old_password == new_password:
            raise ValidationError("いまと違うパスワードにしてください。", "新しいパスワード")
        check_new_password(new_password, user.login, "新しいパスワード")
        user.password_hash = hash_password(new_password)
        user.must_change_password = False
        uow.commit()


# ---------------------------------------------------------------- this PC logs in as
def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def _pc_logins(session: Session | UnitOfWork) -> list[dict[str, Any]]:
    value = get_setting(session, PC_LOGIN_KEY)
    return list(value) if isinstance(value, list) else []


def enable_pc_login(ctx: AppContext, user_id: int, pc_name: str) -> str:
    """自動ログイン (administrator): this PC starts as the clerk ``user_id`` without a password.

    Weaker on purpose, for a one-PC office: whoever sits at the PC acts as that clerk. Only
    a clerk (never an administrator) can be chosen. Returns the token the PC keeps; the
    database keeps only its hash, so the token file copied elsewhere opens nothing else.
    """
    token = secrets.token_urlsafe(32)
    with ctx.unit_of_work("自動ログインの設定") as uow:
        require_role(uow, "admin")
        user = uow.session.get(User, user_id)
        if user is None or not user.active:
            raise ValidationError("有効な利用者を選んでください。", "利用者")
        if user.role != "clerk":
            raise ValidationError("自動ログインにできるのは事務担当だけです。", "利用者")
        entries = [e for e in _pc_logins(uow) if e.get("pc") != pc_name]
        entries.append(
            {
                "user_id": user.id,
                "token_sha256": _token_hash(token),
                "pc": pc_name[:60],
                "since": utcnow().date().isoformat(),
            }
        )
        put_setting(uow, PC_LOGIN_KEY, entries)
        uow.commit()
    return token


def disable_pc_login(ctx: AppContext, pc_name: str) -> None:
    """Stop the automatic login of ``pc_name`` (the token file stays useless)."""
    with ctx.unit_of_work("自動ログインの解除") as uow:
        entries = _pc_logins(uow)
        kept = [e for e in entries if e.get("pc") != pc_name]
        if kept != entries:
            require_role(uow, "admin")
            put_setting(uow, PC_LOGIN_KEY, kept)
            uow.commit()


def pc_login(ctx: AppContext, token: str | None) -> Actor | None:
    """The clerk this PC logs in as, if its token is still valid for this database."""
    if not token:
        return None
    wanted = _token_hash(token)
    with ctx.reader() as session:
        for entry in _pc_logins(session):
            if entry.get("token_sha256") == wanted:
                user = session.get(User, int(entry.get("user_id", 0)))
                if user is not None and user.active and user.role == "clerk":
                    return actor_of(user)
    return None


def pc_login_user(ctx: AppContext, pc_name: str) -> str | None:
    """The display name of the clerk ``pc_name`` logs in as, for the settings page."""
    with ctx.reader() as session:
        for entry in _pc_logins(session):
            if entry.get("pc") == pc_name:
                user = session.get(User, int(entry.get("user_id", 0)))
                return None if user is None else user.display_name
    return None
