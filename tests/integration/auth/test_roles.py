"""Roles enforced in the services: an auditor (監事) reads, prints and exports and changes
nothing; a clerk does the daily work; tables, users, overrides and restore are an
administrator's; the program itself (tests, demo) keeps every right."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, insert, select

from gojokai_desktop.db.models import AuditEntry, Establishment, Member
from gojokai_desktop.domain.errors import PermissionDenied
from gojokai_desktop.services.auth.login import (
    disable_pc_login,
    enable_pc_login,
    pc_login,
    pc_login_user,
)
from gojokai_desktop.services.auth.roles import current_role, has_role, require_role
from gojokai_desktop.services.auth.users import create_user, list_users
from gojokai_desktop.services.members.establishments import (
    EstablishmentInput,
    create_establishment,
)
from gojokai_desktop.services.members.membership import join_member
from gojokai_desktop.services.members.records import MemberInput

D = dt.date
READ_ONLY = "監事（閲覧のみ）の利用者は記録を変更できません"


def _counts(ctx) -> tuple[int, int, int]:
    with ctx.reader() as session:
        return (
            session.scalar(select(func.count()).select_from(Member)),
            session.scalar(select(func.count()).select_from(Establishment)),
            session.scalar(select(func.count()).select_from(AuditEntry)),
        )


def test_an_auditor_changes_nothing_through_any_door(ctx, auditor_ctx) -> None:
    from gojokai_desktop.services.society import SocietyProfile, save_profile

    est = create_establishment(ctx, EstablishmentInput(name="福島商事"), D(2020, 4, 1))
    before = _counts(ctx)
    attempts = [
        lambda: create_establishment(auditor_ctx, EstablishmentInput(name="新商店"), D(2025, 6, 1)),
        lambda: join_member(
            auditor_ctx,
            MemberInput(name="監査 花子", name_kana="カンサ ハナコ"),
            est.id,
            D(2025, 6, 1),
        ),
        lambda: save_profile(auditor_ctx, SocietyProfile(name="書き換え互助会")),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied, match=READ_ONLY):
            attempt()
    # Straight at the unit of work: an ORM row, and a bulk SQL insert.
    with auditor_ctx.unit_of_work("直接の書き込み") as uow:
        uow.session.add(Establishment(number=99, name="裏口商店", join_date=D(2025, 6, 1)))
        with pytest.raises(PermissionDenied, match=READ_ONLY):
            uow.flush()
    with auditor_ctx.unit_of_work("一括の書き込み") as uow, pytest.raises(PermissionDenied):
        uow.session.execute(
            insert(Establishment), [{"number": 98, "name": "一括商店", "join_date": D(2025, 6, 1)}]
        )
    assert _counts(ctx) == before
    assert current_role(auditor_ctx) == "auditor"
    assert not has_role(auditor_ctx, "clerk")


def test_an_auditor_reads_prints_and_exports_and_the_export_is_recorded(
    ctx, auditor_ctx, tmp_path: Path
) -> None:
    from gojokai_desktop.services import printing
    from gojokai_desktop.services.members.export import export_members
    from gojokai_desktop.services.members.search import load_member_rows

    est = create_establishment(ctx, EstablishmentInput(name="福島商事"), D(2020, 4, 1))
    join_member(
        ctx, MemberInput(name="佐藤 花子", name_kana="サトウ ハナコ"), est.id, D(2025, 4, 1)
    )
    assert [r.name for r in load_member_rows(auditor_ctx)] == ["佐藤 花子"]
    out = tmp_path / "名簿.xlsx"
    assert export_members(auditor_ctx, out) == 1
    sheet = openpyxl.load_workbook(out).active
    assert "佐藤 花子" in [c.value for c in sheet[2]]
    pdf = tmp_path / "form.pdf"
    printing.render_blank(auditor_ctx, "member_withdrawal", pdf, user_forms_dir=None)
    assert pdf.stat().st_size > 1000
    with ctx.reader() as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (last.action, last.user_name, last.operation) == ("会員名簿の出力", "監事 山田", "bulk")


def test_administrator_actions_are_refused_to_a_clerk_naming_the_action(
    ctx, clerk_ctx, admin_user_ctx
) -> None:
    from gojokai_desktop.services.benefits.tables import install_preset
    from gojokai_desktop.services.dues.fees import FeeTableInput, save_fee_table

    with pytest.raises(PermissionDenied, match="「会費表の登録」は管理者だけができます"):
        save_fee_table(clerk_ctx, FeeTableInput(2025, entry_fee=200, monthly_dues=500))
    with pytest.raises(PermissionDenied, match="「給付表の保存」は管理者だけができます"):
        install_preset(clerk_ctx, "small_gojokai", 2025)
    with pytest.raises(PermissionDenied, match="「利用者の追加」は管理者だけができます"):
        create_user(clerk_ctx, "tanaka", "田中", "clerk", "temporary-1")
    with pytest.raises(PermissionDenied, match="いまの利用者: 鈴木 一郎・事務担当"):
        require_role(clerk_ctx, "admin", "年度締め")
    # An administrator may; so may the program itself (the tests' own context).
    save_fee_table(admin_user_ctx, FeeTableInput(2025, entry_fee=200, monthly_dues=500))
    install_preset(ctx, "small_gojokai", 2025)
    assert has_role(ctx, "admin")


def test_this_pc_logs_in_as_a_clerk_only_when_an_administrator_said_so(
    ctx, clerk_ctx, auditor_ctx, admin_user_ctx
) -> None:
    users = {u.login: u for u in list_users(ctx)}
    with pytest.raises(PermissionDenied):
        enable_pc_login(clerk_ctx, users["suzuki"].id, "JIMU-PC")
    with pytest.raises(Exception, match="事務担当だけ"):
        enable_pc_login(admin_user_ctx, users["kanji"].id, "JIMU-PC")
    token = enable_pc_login(admin_user_ctx, users["suzuki"].id, "JIMU-PC")
    actor = pc_login(ctx, token)
    assert actor is not None
    assert (actor.name, actor.role) == ("鈴木 一郎", "clerk")
    assert pc_login(ctx, token + "x") is None
    assert pc_login_user(ctx, "JIMU-PC") == "鈴木 一郎"
    disable_pc_login(admin_user_ctx, "JIMU-PC")
    assert pc_login(ctx, token) is None
    assert pc_login_user(ctx, "JIMU-PC") is None
