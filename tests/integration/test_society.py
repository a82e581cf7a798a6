"""The society profile: first-start setup, validation, fiscal year, key figures."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from gojokai_desktop.db.models import (
    AuditEntry,
    Establishment,
    FiscalYear,
    Member,
    MemberEvent,
    SocietySettings,
    User,
)
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.services.dashboard import key_figures
from gojokai_desktop.services.society import SocietyProfile, load_profile, save_profile


def test_empty_database_has_no_profile(ctx) -> None:
    assert load_profile(ctx) is None


def test_setup_stores_the_cleaned_profile_admin_and_current_fiscal_year(ctx, society) -> None:
    assert society.postal_code == "960-8101"
    assert society.phone == "024-521-1111"
    assert load_profile(ctx) == society
    with ctx.reader() as session:
        users = session.scalars(select(User)).all()
        years = session.scalars(select(FiscalYear)).all()
        audit = session.scalars(select(AuditEntry.entity)).all()
    assert [(u.login, u.display_name, u.role) for u in users] == [("admin", "事務 花子", "admin")]
    assert [(y.year, y.start_date, y.end_date, y.status) for y in years] == [
        (2025, dt.date(2025, 4, 1), dt.date(2026, 3, 31), "open")
    ]
    assert set(audit) == {"society_settings", "users", "fiscal_years"}


def test_saving_again_updates_the_one_row(ctx, society) -> None:
    save_profile(ctx, SocietyProfile(name="新しい名前の互助会", cutoff_day=15))
    with ctx.reader() as session:
        rows = session.scalars(select(SocietySettings)).all()
        users = session.scalars(select(User)).all()
    assert [(r.name, r.cutoff_day) for r in rows] == [("新しい名前の互助会", 15)]
    assert len(users) == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": "  "}, "団体名", "入力してください"),
        ({"name": "あ" * 101}, "団体名", "100文字以内"),
        ({"postal_code": "96-8101"}, "郵便番号", "7桁"),
        ({"cutoff_day": 0}, "締め日", "1から31"),
        ({"fiscal_year_start_month": 13}, "年度開始月", "1から12"),
        ({"member_number_pattern": "{kaiin}"}, "会員番号の形式", ""),
        ({"representative_title": ""}, "代表者の役職", "入力してください"),
    ],
)
def test_bad_profile_is_refused_naming_the_field_and_nothing_is_stored(
    ctx, change: dict[str, object], field: str, message: str
) -> None:
    values: dict[str, object] = {"name": "互助会", **change}
    with pytest.raises(ValidationError) as raised:
        save_profile(ctx, SocietyProfile(**values))  # type: ignore[arg-type]
    assert raised.value.field == field
    assert message in raised.value.message
    assert load_profile(ctx) is None
    with ctx.reader() as session:
        assert session.scalars(select(AuditEntry)).all() == []


def _member(session, number: str, join: dt.date, leave: dt.date | None, est: int) -> Member:
    member = Member(
        number=number,
        name="会員",
        name_kana="カイイン",
        kana_search="カイイン",
        establishment_id=est,
        join_date=join,
        leave_date=leave,
        leave_reason="retired" if leave else None,
    )
    session.add(member)
    session.flush()
    session.add(MemberEvent(member_id=member.id, kind="join", effective_date=join))
    if leave:
        session.add(MemberEvent(member_id=member.id, kind="leave", effective_date=leave))
    return member


def test_key_figures_count_as_of_today_and_this_fiscal_year(ctx, society) -> None:
    # today is 2025-06-15, fiscal year 2025 (令和7年度) runs 2025-04-01..2026-03-31
    with ctx.unit_of_work("テストデータ") as uow:
        s = uow.session
        open_est = Establishment(number=1, name="A", join_date=dt.date(2010, 4, 1))
        closed_est = Establishment(
            number=2, name="B", join_date=dt.date(2010, 4, 1), leave_date=dt.date(2024, 3, 31)
        )
        s.add_all([open_est, closed_est])
        s.flush()
        _member(s, "1", dt.date(2015, 4, 1), None, open_est.id)
        _member(s, "2", dt.date(2025, 5, 1), None, open_est.id)  # joined this year, May
        _member(s, "3", dt.date(2020, 4, 1), dt.date(2025, 4, 30), open_est.id)  # left April
        _member(s, "4", dt.date(2020, 4, 1), dt.date(2025, 6, 30), open_est.id)  # leaving
        _member(s, "5", dt.date(2025, 7, 1), None, open_est.id)  # starts next month
        _member(s, "6", dt.date(2010, 4, 1), dt.date(2024, 3, 31), closed_est.id)  # last year
        uow.commit()
    figures = key_figures(ctx)
    assert figures.fiscal_year == 2025
    assert figures.fiscal_year_label == "令和7年度"
    assert figures.members_present == 3  # 1, 2 and 4 (member 4 is a member until 6/30)
    assert figures.members_starting == 1
    assert figures.members_former == 2
    assert figures.establishments_present == 1
    assert figures.joins_this_year == 2  # May and July
    assert figures.leaves_this_year == 2  # April and June
    joins = dict(figures.joins_by_month)
    leaves = dict(figures.leaves_by_month)
    assert list(joins) == [f"2025-{m:02d}" for m in range(4, 13)] + [
        "2026-01",
        "2026-02",
        "2026-03",
    ]
    assert joins["2025-05"] == 1
    assert joins["2025-07"] == 1
    assert leaves["2025-04"] == 1
    assert leaves["2025-06"] == 1
