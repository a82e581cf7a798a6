"""Two clerks, one record: the second save is refused with 「ほかの端末で先に変更されました」
and what the other changed; database refusals reach the clerk as Japanese messages."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import create_engine, select, text

from gojokai_desktop.db.errors import retry_on_conflict
from gojokai_desktop.db.models import Establishment, Member
from gojokai_desktop.db.uow import Actor
from gojokai_desktop.domain.errors import DatabaseProblem, EditConflict
from gojokai_desktop.services.benefits.claim_views import get_claim
from gojokai_desktop.services.benefits.claims import (
    ClaimInput,
    receive_claim,
    reject_claim,
    review_claim,
    update_claim,
)
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.establishments import (
    EstablishmentInput,
    create_establishment,
    get_establishment,
    update_establishment,
)
from gojokai_desktop.services.members.family import update_family
from gojokai_desktop.services.members.membership import get_member, update_member
from tests.conftest import TODAY

D = dt.date


def _other_clerk(ctx: AppContext) -> AppContext:
    """The same database as another PC's clerk sees it."""
    return AppContext(ctx.database, Actor(None, "窓口 次郎"), clock=lambda: TODAY)


def test_second_save_of_a_member_is_refused_with_the_others_change(ctx, benefit_society):
    mine = get_member(ctx, benefit_society.hanako)
    theirs = get_member(ctx, benefit_society.hanako)
    other = _other_clerk(ctx)
    update_member(other, theirs.id, replace(theirs.data, phone="024-555-0001"), version=1)
    with pytest.raises(EditConflict) as raised:
        update_member(ctx, mine.id, replace(mine.data, address="福島市森合1-1"), version=1)
    conflict = raised.value
    assert conflict.what.startswith("会員 0001-001 佐藤　花子")
    assert str(conflict).startswith("ほかの端末で先に変更されました（会員 0001-001 佐藤　花子）")
    [edit] = conflict.edits
    assert edit.by == "窓口 次郎"
    assert [(c.label, c.before, c.after) for c in edit.changes] == [
        ("電話番号", "（なし）", "024-555-0001")
    ]
    # Nothing of the refused save was stored; reading again gives the other's version.
    now = get_member(ctx, mine.id)
    assert (now.data.phone, now.data.address, now.version) == ("024-555-0001", "", 2)
    saved = update_member(
        ctx, mine.id, replace(now.data, address="福島市森合1-1"), version=now.version
    )
    assert (saved.data.phone, saved.data.address, saved.version) == (
        "024-555-0001",
        "福島市森合1-1",
        3,
    )


def test_family_establishment_and_claim_refuse_a_stale_version(ctx, benefit_society):
    family = next(f for f in get_member(ctx, benefit_society.hanako).family if f.relation == "子")
    update_family(
        _other_clerk(ctx), family.id, _family_input(family, notes="小学校入学"), version=1
    )
    with pytest.raises(EditConflict, match="家族 子 佐藤　一郎") as raised:
        update_family(ctx, family.id, _family_input(family, notes="別居"), version=1)
    assert [(c.label, c.after) for c in raised.value.edits[0].changes] == [("備考", "小学校入学")]

    est = get_establishment(ctx, benefit_society.establishment_id)
    update_establishment(_other_clerk(ctx), est.id, replace(est.data, phone="0245000000"),
                         version=est.version)  # fmt: skip
    with pytest.raises(EditConflict, match="事業所 1 福島商事"):
        update_establishment(ctx, est.id, replace(est.data, owner_name="福島 一"),
                             version=est.version)  # fmt: skip

    claim = receive_claim(
        ctx,
        ClaimInput(member_id=benefit_society.hanako, kind_code="sickness",
                   event_date=D(2025, 5, 1), claim_date=D(2025, 6, 1), days_off=45),
    )  # fmt: skip
    review_claim(_other_clerk(ctx), claim.row.id, version=claim.version)
    with pytest.raises(EditConflict, match=f"請求 {claim.row.number}"):
        reject_claim(ctx, claim.row.id, "書類不備", version=claim.version)
    with pytest.raises(EditConflict):
        update_claim(ctx, claim.row.id, replace(claim.data, days_off=50), version=claim.version)
    assert get_claim(ctx, claim.row.id).row.status == "reviewed"


def _family_input(row, **changes):
    from gojokai_desktop.services.members.records import FamilyInput

    base = FamilyInput(row.relation, row.name, row.name_kana, row.sex, row.birth_date,
                       row.dependent, row.from_date, row.notes, row.married_on)  # fmt: skip
    return replace(base, **changes)


@pytest.mark.postgres
def test_a_change_committed_between_read_and_write_is_caught_by_the_version(ctx, society):
    """The window the service's own check cannot see: both read version 1 in their
    transactions, the first commits, the second's UPDATE finds no row at version 1.
    (SQLite's writers queue with BEGIN IMMEDIATE, so there the window does not exist.)"""
    est = create_establishment(ctx, EstablishmentInput(name="山田商店"), D(2020, 4, 1))
    with ctx.unit_of_work("事業所の変更") as slow:
        row = slow.session.get(Establishment, est.id)
        assert row is not None
        row.phone = "0245111111"
        update_establishment(_other_clerk(ctx), est.id, replace(est.data, name="山田商店株式会社"))
        with pytest.raises(EditConflict) as raised:
            slow.commit()
    assert raised.value.what == "事業所 ID 1"
    assert [(c.label, c.after) for c in raised.value.edits[0].changes] == [
        ("事業所名", "山田商店株式会社")
    ]
    assert get_establishment(ctx, est.id).data.phone == ""


def test_a_number_taken_at_the_same_moment_is_a_message_and_retried(ctx, society):
    create_establishment(ctx, EstablishmentInput(name="一番"), D(2020, 4, 1))

    def same_number_by_hand() -> None:
        with ctx.unit_of_work("事業所の加入") as uow:
            uow.session.add(Establishment(number=1, name="同じ番号", join_date=D(2020, 4, 1)))
            uow.flush()

    with pytest.raises(DatabaseProblem) as raised:
        same_number_by_hand()
    assert raised.value.auto_retry
    assert "同じ事業所番号がほかの端末で同時に使われたため" in raised.value.message

    calls: list[int] = []

    @retry_on_conflict
    def join_twice() -> int:
        calls.append(1)
        if len(calls) == 1:
            raise raised.value
        return len(calls)

    assert join_twice() == 2


@pytest.mark.postgres
def test_a_row_held_too_long_by_another_pc_is_a_message(ctx, society, db_url, monkeypatch):
    import gojokai_desktop.db.engine as engine_module
    from gojokai_desktop.db.engine import Database
    from gojokai_desktop.services.members.establishments import update_establishment

    est = create_establishment(ctx, EstablishmentInput(name="山田商店"), D(2020, 4, 1))
    monkeypatch.setattr(engine_module, "LOCK_TIMEOUT", 1)
    impatient = AppContext(Database(db_url), Actor(None, "事務"), clock=lambda: TODAY)
    other_pc = create_engine(db_url)
    try:
        with other_pc.connect() as connection:
            connection.execute(text("SELECT * FROM establishments FOR UPDATE"))
            with pytest.raises(DatabaseProblem) as raised:
                update_establishment(impatient, est.id, replace(est.data, phone="0245000000"))
            connection.rollback()
    finally:
        other_pc.dispose()
        impatient.database.dispose()
    assert "ほかの端末が同じデータを使っているため" in raised.value.message
    assert raised.value.retry_safe


@pytest.mark.postgres
def test_a_connection_cut_by_the_server_is_a_message(ctx, society, db_url):

    def read_while_the_server_cuts_us_off() -> None:
        with ctx.unit_of_work("会員の変更") as uow:
            uow.session.scalar(select(Member.id).limit(1))
            killer = create_engine(db_url)
            with killer.begin() as connection:
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                )
            killer.dispose()
            uow.session.scalar(select(Member.id).limit(1))

    with pytest.raises(DatabaseProblem) as raised:
        read_while_the_server_cuts_us_off()
    assert "データベースサーバー（127.0.0.1）につながりません" in raised.value.message
    assert "この操作は保存されていません" in raised.value.message
    # The pool lets the dead connection go: the next action works.
    with ctx.reader() as session:
        assert session.scalar(text("SELECT 1")) == 1


def test_a_fee_table_saved_meanwhile_is_not_overwritten(ctx, society):
    from gojokai_desktop.services.dues.fees import FeeTableInput, fee_table_for, save_fee_table

    first = save_fee_table(ctx, FeeTableInput(2025, monthly_dues=500), based_on=0)
    save_fee_table(_other_clerk(ctx), FeeTableInput(2025, monthly_dues=600), based_on=first.id)
    with pytest.raises(EditConflict, match=r"2025年度の会費表（第2版）") as raised:
        save_fee_table(ctx, FeeTableInput(2025, monthly_dues=550), based_on=first.id)
    [edit] = raised.value.edits
    assert edit.by == "窓口 次郎"
    assert [(c.label, c.before, c.after) for c in edit.changes] == [("月額会費", "500", "600")]
    assert (fee_table_for(ctx, 2025).monthly_dues, fee_table_for(ctx, 2025).version) == (600, 2)


def test_a_benefit_table_saved_meanwhile_is_not_overwritten(ctx, society):
    from gojokai_desktop.domain.benefits.table import BenefitTable
    from gojokai_desktop.services.benefits.tables import (
        install_preset,
        save_table,
        table_in_force,
        table_versions,
    )

    install_preset(ctx, "small_gojokai", 2025)
    known = max(v.id for v in table_versions(ctx))
    table = table_in_force(ctx, 2025).table
    dropped = table.kinds[0]
    fewer = BenefitTable(table.name, 2025, table.kinds[1:])
    save_table(_other_clerk(ctx), fewer, 2025, "見直し", known_newest=known)
    with pytest.raises(EditConflict, match="給付表") as raised:
        save_table(ctx, table, 2025, "私の変更", known_newest=known)
    [edit] = raised.value.edits
    assert edit.by == "窓口 次郎"
    assert [(c.label, c.after) for c in edit.changes] == [
        ("保存された版", f"2025年度から・第2版「{table.name}」"),
        ("変わった給付", dropped.name),
    ]
    assert len(table_in_force(ctx, 2025).table.kinds) == len(table.kinds) - 1
