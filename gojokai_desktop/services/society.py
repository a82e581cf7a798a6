"""The society's own profile (互助会の基本情報) and its first-start setup."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import (
    DEFAULT_MEMBER_NUMBER_PATTERN,
    FiscalYear,
    SocietySettings,
    User,
)
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.contact import normalize_phone, normalize_postal_code
from gojokai_desktop.domain.errors import Problems
from gojokai_desktop.domain.fiscal import START_LABEL, FiscalCalendar, FiscalLabel
from gojokai_desktop.domain.membership import validate_number_pattern
from gojokai_desktop.domain.text import clean_text
from gojokai_desktop.services.auth.roles import require_role
from gojokai_desktop.services.auth.users import new_user
from gojokai_desktop.services.context import AppContext

FISCAL_LABEL_RULES = ("start", "reiwa_gannen")


@dataclass(frozen=True)
class SocietyProfile:
    """Everything the setup dialog and the settings page edit."""

    name: str
    postal_code: str = ""
    address: str = ""
    phone: str = ""
    representative_title: str = "会長"
    representative_name: str = ""
    clerk_name: str = ""
    member_number_pattern: str = DEFAULT_MEMBER_NUMBER_PATTERN
    cutoff_day: int = 20
    fiscal_year_start_month: int = 4
    fiscal_label_rule: str = "start"

    @property
    def calendar(self) -> FiscalCalendar:
        return FiscalCalendar(self.fiscal_year_start_month)


def validate_profile(profile: SocietyProfile) -> SocietyProfile:
    """Return the profile cleaned (postal code and phone formatted), or raise a
    ValidationError naming every field that is wrong."""
    problems = Problems()
    if not 1 <= profile.cutoff_day <= 31:
        problems.add("1から31までの日を入力してください。", "締め日")
    if not 1 <= profile.fiscal_year_start_month <= 12:
        problems.add("1から12までの月を入力してください。", "年度開始月")
    if profile.fiscal_label_rule not in FISCAL_LABEL_RULES:
        problems.add("「start」か「reiwa_gannen」を選んでください。", "年度の表記")
    name = problems.check(clean_text, profile.name, "団体名", 100, required=True)
    postal = problems.check(
        lambda: normalize_postal_code(profile.postal_code) if profile.postal_code else ""
    )
    address = problems.check(clean_text, profile.address, "住所", 200)
    phone = problems.check(normalize_phone, profile.phone)
    title = problems.check(
        clean_text, profile.representative_title, "代表者の役職", 30, required=True
    )
    representative = problems.check(clean_text, profile.representative_name, "代表者氏名", 60)
    clerk = problems.check(clean_text, profile.clerk_name, "事務担当者", 60)
    pattern = problems.check(validate_number_pattern, profile.member_number_pattern)
    problems.raise_if_any()
    return SocietyProfile(
        name=name or "",
        postal_code=postal or "",
        address=address or "",
        phone=phone or "",
        representative_title=title or "",
        representative_name=representative or "",
        clerk_name=clerk or "",
        member_number_pattern=pattern or "",
        cutoff_day=profile.cutoff_day,
        fiscal_year_start_month=profile.fiscal_year_start_month,
        fiscal_label_rule=profile.fiscal_label_rule,
    )


def _to_profile(row: SocietySettings) -> SocietyProfile:
    return SocietyProfile(
        name=row.name,
        postal_code=row.postal_code,
        address=row.address,
        phone=row.phone,
        representative_title=row.representative_title,
        representative_name=row.representative_name,
        clerk_name=row.clerk_name,
        member_number_pattern=row.member_number_pattern,
        cutoff_day=row.cutoff_day,
        fiscal_year_start_month=row.fiscal_year_start_month,
        fiscal_label_rule=row.fiscal_label_rule,
    )


def load_profile(ctx: AppContext) -> SocietyProfile | None:
    """The society's profile, or None on a database that was never set up."""
    with ctx.reader() as session:
        row = session.get(SocietySettings, 1)
        return None if row is None else _to_profile(row)


def ensure_fiscal_year(uow: UnitOfWork, calendar: FiscalCalendar, year: int) -> FiscalYear:
    """The fiscal-year row of ``year``, created open when it does not exist yet.

    Made in a savepoint: when two PCs book the first entry of a new year at once, the second
    insert waits for the first, fails on the key, and takes the row the first one made.
    """
    session = uow.session
    row = session.get(FiscalYear, year)
    if row is not None:
        return row
    try:
        with session.begin_nested():
            row = FiscalYear(
                year=year,
                start_date=calendar.first_day(year),
                end_date=calendar.last_day(year),
                status="open",
            )
            session.add(row)
        return row
    except IntegrityError:
        found = session.get(FiscalYear, year, populate_existing=True)
        if found is None:
            raise
        return found


@dataclass(frozen=True)
class FirstAdministrator:
    """The administrator made at the first start: login name and password."""

    login: str
    password: str
    display_name: str = ""


def store_profile(
    uow: UnitOfWork,
    clean: SocietyProfile,
    today: dt.date,
    administrator: FirstAdministrator | None = None,
) -> None:
    """Write a validated profile in ``uow``; on first setup also the administrator user,
    with the password chosen there (none yet: chosen at the first login)."""
    row = uow.session.get(SocietySettings, 1)
    if row is None:
        row = SocietySettings(id=1, **asdict(clean))
        uow.session.add(row)
    else:
        for key, value in asdict(clean).items():
            setattr(row, key, value)
    if uow.session.scalar(select(User.id).limit(1)) is None:
        name = clean.clerk_name or "管理者"
        if administrator is None:
            uow.session.add(User(login="admin", display_name=name, role="admin"))
        else:
            new_user(
                uow,
                administrator.login,
                administrator.display_name or name,
                "admin",
                administrator.password,
                must_change=False,
            )
    ensure_fiscal_year(uow, clean.calendar, clean.calendar.year_of(today))


def save_profile(
    ctx: AppContext, profile: SocietyProfile, administrator: FirstAdministrator | None = None
) -> SocietyProfile:
    """Validate and store the profile (later changes: administrators only); on first setup
    also create the administrator, with the password chosen there."""
    clean = validate_profile(profile)
    with ctx.unit_of_work("団体情報の保存") as uow:
        if uow.session.get(SocietySettings, 1) is not None:
            require_role(uow, "admin")
        store_profile(uow, clean, ctx.today(), administrator)
        uow.commit()
    return clean


def fiscal_label_in(session: Session) -> FiscalLabel:
    """The society's way of writing fiscal years (calendar and era rule), inside a session."""
    row = session.get(SocietySettings, 1)
    if row is None:
        return START_LABEL
    return FiscalLabel(FiscalCalendar(row.fiscal_year_start_month), row.fiscal_label_rule)


def fiscal_label(ctx: AppContext) -> FiscalLabel:
    """The society's way of writing fiscal years (令和元年度 or 平成31年度 for FY2019)."""
    with ctx.reader() as session:
        return fiscal_label_in(session)


def current_fiscal_year(ctx: AppContext, profile: SocietyProfile) -> int:
    return profile.calendar.year_of(ctx.today())


def fiscal_year_dates(profile: SocietyProfile, year: int) -> tuple[dt.date, dt.date]:
    return profile.calendar.first_day(year), profile.calendar.last_day(year)
