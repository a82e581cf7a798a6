"""Logins: passwords hashed, lock-out after five failures, own change, reset by an administrator,
users disabled not deleted, the first password of a user from before passwords."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from gojokai_desktop.db.models import AuditEntry, User
from gojokai_desktop.domain.errors import PermissionDenied, RuleViolation, ValidationError
from gojokai_desktop.services.auth.login import (
    LoginRefused,
    PasswordNotSet,
    authenticate,
    change_password,
    set_first_password,
)
from gojokai_desktop.services.auth.passwords import hash_password, verify_password
from gojokai_desktop.services.auth.users import (
    create_user,
    list_users,
    reset_password,
    set_active,
    update_user,
)

NOW = dt.datetime(2025, 6, 15, 1, 0)


def test_a_password_is_stored_as_an_scrypt_hash_and_checked_in_constant_time() -> None:
    stored = hash_password("sakura-2025")
    assert stored.startswith("scrypt$16384$8$1$")
    assert "sakura" not in stored
    assert verify_password("sakura-2025", stored)
    assert not verify_password("sakura-2024", stored)
    assert not verify_password("sakura-2025", None)
    assert not verify_password("sakura-2025", "scrypt$x$y")  # a damaged hash lets nobody in
    assert hash_password("sakura-2025") != stored  # a new salt each time


def test_login_of_a_clerk_records_the_time_and_the_role(ctx, admin_user_ctx) -> None:
    create_user(admin_user_ctx, "sato", "佐藤 花子", "clerk", "temporary-1")
    result = authenticate(ctx, "SATO", "temporary-1", NOW)
    assert result.actor.name == "佐藤 花子"
    assert result.actor.role == "clerk"
    assert result.must_change_password  # made by an administrator: to be changed first
    with ctx.reader() as session:
        user = session.scalar(select(User).where(User.login == "sato"))
        assert user.last_login_at == NOW
        assert user.password_hash.startswith("scrypt$")


def test_five_wrong_passwords_lock_the_user_for_fifteen_minutes(ctx, clerk_ctx) -> None:
    messages = []
    for _ in range(5):
        with pytest.raises(LoginRefused) as refused:
            authenticate(ctx, "suzuki", "wrong-password", NOW)
        messages.append(refused.value.message)
    assert messages[0] == "ログイン名かパスワードが違います（あと4回間違えるとロックします）。"
    assert messages[3].endswith("（あと1回間違えるとロックします）。")
    assert "5回続けて間違えました。15分間" in messages[4]
    # Even the right password waits until the lock ends.
    with pytest.raises(LoginRefused, match="までログインできません"):
        authenticate(ctx, "suzuki", "password-123", NOW + dt.timedelta(minutes=14))
    assert authenticate(ctx, "suzuki", "password-123", NOW + dt.timedelta(minutes=16)).actor


def test_an_administrator_lifts_a_lock_with_a_temporary_password(ctx, clerk_ctx, society) -> None:
    from gojokai_desktop.services.context import AppContext

    for _ in range(5):
        with pytest.raises(LoginRefused):
            authenticate(ctx, "suzuki", "nope-nope-nope", NOW)
    suzuki = next(u for u in list_users(ctx) if u.login == "suzuki")
    assert suzuki.status_label == "ロック中" or suzuki.locked_until is not None
    with pytest.raises(PermissionDenied, match="管理者だけ"):
        reset_password(clerk_ctx, suzuki.id, "temporary-22")
    reset_password(ctx, suzuki.id, "temporary-22")
    result = authenticate(ctx, "suzuki", "temporary-22", NOW)
    assert result.must_change_password
    logged_in = AppContext(ctx.database, result.actor, ctx.clock)
    with pytest.raises(ValidationError, match="いまのパスワードが違います"):
        change_password(logged_in, "temporary-2", "my-own-pass-1")
    with pytest.raises(ValidationError, match="8文字以上"):
        change_password(logged_in, "temporary-22", "short")
    change_password(logged_in, "temporary-22", "my-own-pass-1")
    assert not authenticate(ctx, "suzuki", "my-own-pass-1", NOW).must_change_password


def test_unknown_login_and_wrong_password_say_the_same(ctx, clerk_ctx) -> None:
    with pytest.raises(LoginRefused) as unknown:
        authenticate(ctx, "nobody", "whatever-1", NOW)
    assert unknown.value.message == "ログイン名かパスワードが違います。"
    with ctx.reader() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.user_name) == ("ログイン", "ログイン画面（nobody）")


def test_a_user_from_before_passwords_chooses_one_at_the_first_login(ctx, society) -> None:
    with pytest.raises(PasswordNotSet) as missing:
        authenticate(ctx, "admin", "", NOW)
    assert "まだパスワードがありません" in missing.value.message
    with pytest.raises(ValidationError, match="ログイン名と同じ"):
        set_first_password(ctx, "admin", "ADMIN")
    done = set_first_password(ctx, "admin", "first-pass-1")
    assert done.actor.role == "admin"
    with pytest.raises(RuleViolation, match="既に決まっています"):
        set_first_password(ctx, "admin", "second-pass-1")
    assert authenticate(ctx, "admin", "first-pass-1", NOW).actor.name == "事務 花子"


def test_users_are_disabled_not_deleted_and_the_last_administrator_stays(
    ctx, admin_user_ctx, clerk_ctx
) -> None:
    from gojokai_desktop.services.members.establishments import (
        EstablishmentInput,
        create_establishment,
    )

    create_establishment(clerk_ctx, EstablishmentInput(name="鈴木商店"), dt.date(2025, 6, 1))
    clerk = next(u for u in list_users(ctx) if u.login == "suzuki")
    set_active(admin_user_ctx, clerk.id, False)
    with pytest.raises(LoginRefused, match="無効になっています"):
        authenticate(ctx, "suzuki", "password-123", NOW)
    # Their name stays in the trail and in the list.
    assert [u.status_label for u in list_users(ctx) if u.login == "suzuki"] == ["無効"]
    with ctx.reader() as session:
        assert session.scalar(select(AuditEntry.id).where(AuditEntry.user_name == "鈴木 一郎"))
    # A disabled user's open session cannot write any more.
    with pytest.raises(PermissionDenied, match="無効"):
        create_establishment(clerk_ctx, EstablishmentInput(name="新商店"), dt.date(2025, 6, 1))
    me = next(u for u in list_users(ctx) if u.login == "kanri")
    with pytest.raises(RuleViolation, match="自分自身"):
        set_active(admin_user_ctx, me.id, False)
    admin = next(u for u in list_users(ctx) if u.login == "admin")
    set_active(admin_user_ctx, admin.id, False)
    with pytest.raises(RuleViolation, match="管理者が一人もいなくなる"):
        update_user(ctx, me.id, "管理 次郎", "clerk")


def test_the_audit_trail_never_shows_a_password_hash(ctx, admin_user_ctx) -> None:
    create_user(admin_user_ctx, "yamada", "山田 太郎", "auditor", "temporary-9")
    with ctx.reader() as session:
        entry = session.scalar(
            select(AuditEntry)
            .where(AuditEntry.entity == "users", AuditEntry.operation == "insert")
            .order_by(AuditEntry.id.desc())
        )
    assert '"password_hash": "（非表示）"' in entry.after_json
    assert "scrypt" not in entry.after_json
    assert entry.user_name == "管理 次郎"


def test_logins_and_roles_are_checked_when_a_user_is_made(admin_user_ctx) -> None:
    with pytest.raises(ValidationError, match="半角の英数字"):
        create_user(admin_user_ctx, "佐藤", "佐藤", "clerk", "temporary-1")
    with pytest.raises(ValidationError, match="役割"):
        create_user(admin_user_ctx, "sato", "佐藤", "boss", "temporary-1")
    create_user(admin_user_ctx, "sato", "佐藤", "clerk", "temporary-1")
    with pytest.raises(ValidationError, match="既に使われています"):
        create_user(admin_user_ctx, "SATO", "佐藤", "clerk", "temporary-1")
