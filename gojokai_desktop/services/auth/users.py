"""Users (利用者): made, changed, disabled and given a new password by an administrator."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import ROLES, User, utcnow
from gojokai_desktop.db.uow import ROLE_LABELS, UnitOfWork
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.text import clean_text
from gojokai_desktop.services.auth.passwords import check_new_password, hash_password
from gojokai_desktop.services.auth.roles import require_role
from gojokai_desktop.services.context import AppContext

_LOGIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,39}")


@dataclass(frozen=True)
class UserRow:
    """One line of the user list on the settings page."""

    id: int
    login: str
    display_name: str
    role: str
    active: bool
    has_password: bool
    must_change_password: bool
    locked_until: dt.datetime | None
    last_login_at: dt.datetime | None

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]

    @property
    def status_label(self) -> str:
        if not self.active:
            return "無効"
        if self.locked_until is not None and self.locked_until > utcnow():
            return "ロック中"
        if not self.has_password:
            return "パスワード未設定"
        return "パスワード変更待ち" if self.must_change_password else "有効"


def _row(user: User) -> UserRow:
    return UserRow(
        id=user.id,
        login=user.login,
        display_name=user.display_name,
        role=user.role,
        active=user.active,
        has_password=bool(user.password_hash),
        must_change_password=user.must_change_password,
        locked_until=user.locked_until,
        last_login_at=user.last_login_at,
    )


def list_users(ctx: AppContext, *, include_disabled: bool = True) -> list[UserRow]:
    with ctx.reader() as session:
        query = select(User).order_by(User.active.desc(), User.role, User.login)
        if not include_disabled:
            query = query.where(User.active.is_(True))
        return [_row(u) for u in session.scalars(query)]


def clean_login(login: str) -> str:
    text = login.strip()
    if not _LOGIN.fullmatch(text):
        raise ValidationError(
            "半角の英数字（. _ @ - も可）40文字以内で入力してください。", "ログイン名"
        )
    return text


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise ValidationError("管理者・事務担当・監事のどれかを選んでください。", "役割")
    return role


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise ValidationError("その利用者はいません。", "利用者")
    return user


def _login_taken(session: Session, login: str, except_id: int | None = None) -> bool:
    query = select(User.id).where(func.lower(User.login) == login.lower())
    if except_id is not None:
        query = query.where(User.id != except_id)
    return session.scalar(query) is not None


def new_user(
    uow: UnitOfWork,
    login: str,
    display_name: str,
    role: str,
    password: str,
    *,
    must_change: bool = True,
    check_password: bool = True,
) -> User:
    """Add a user inside ``uow`` (the caller checks who may)."""
    login = clean_login(login)
    name = clean_text(display_name, "氏名", 60, required=True)
    _check_role(role)
    if check_password:
        check_new_password(password, login)
    if _login_taken(uow.session, login):
        raise ValidationError(f"ログイン名「{login}」は既に使われています。", "ログイン名")
    user = User(
        login=login,
        display_name=name,
        role=role,
        active=True,
        password_hash=hash_password(password),
        must_change_password=must_change,
        failed_logins=0,
    )
    uow.session.add(user)
    uow.session.flush()
    return user


def create_user(
    ctx: AppContext, login: str, display_name: str, role: str, initial_password: str
) -> UserRow:
    """利用者の追加 (administrator): the user chooses their own password at the first login."""
    with ctx.unit_of_work("利用者の追加") as uow:
        require_role(uow, "admin")
        user = new_user(uow, login, display_name, role, initial_password, must_change=True)
        row = _row(user)
        uow.commit()
    return row


def _active_admins(session: Session, except_id: int) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(User)
            .where(User.role == "admin", User.active.is_(True), User.id != except_id)
        )
        or 0
    )


def update_user(ctx: AppContext, user_id: int, display_name: str, role: str) -> UserRow:
    """利用者の変更 (administrator): name and role; the last administrator stays one."""
    name = clean_text(display_name, "氏名", 60, required=True)
    _check_role(role)
    with ctx.unit_of_work("利用者の変更") as uow:
        require_role(uow, "admin")
        user = _user(uow.session, user_id)
        if user.role == "admin" and role != "admin" and not _active_admins(uow.session, user.id):
            raise RuleViolation("管理者が一人もいなくなるため、役割を変えられません。")
        user.display_name = name
        user.role = role
        uow.flush()
        row = _row(user)
        uow.commit()
    return row


def set_active(ctx: AppContext, user_id: int, active: bool) -> UserRow:
    """無効にする／有効に戻す (administrator). A user is never deleted: the audit trail
    keeps their name. Nobody disables themselves or the last administrator."""
    with ctx.unit_of_work("利用者を有効にする" if active else "利用者を無効にする") as uow:
        require_role(uow, "admin")
        user = _user(uow.session, user_id)
        if not active:
            if user.id == ctx.actor.user_id:
                raise RuleViolation("自分自身は無効にできません。")
            if user.role == "admin" and not _active_admins(uow.session, user.id):
                raise RuleViolation("管理者が一人もいなくなるため、無効にできません。")
        user.active = active
        uow.flush()
        row = _row(user)
        uow.commit()
    return row


def reset_password(ctx: AppContext, user_id: int, temporary_password: str) -> UserRow:
    """パスワードの再設定 (administrator): a temporary password, to be changed at the next
    login; the lock-out is lifted."""
    with ctx.unit_of_work("パスワードの再設定") as uow:
        require_role(uow, "admin")
        user = _user(uow.session, user_id)
        check_new_password(temporary_password, user.login, "仮のパスワード")
        user.password_hash = hash_password(temporary_password)
        user.must_change_password = True
        user.failed_logins = 0
        user.locked_until = None
        uow.flush()
        row = _row(user)
        uow.commit()
    return row
