"""Establishments (事業所): register, change, leave, head count on a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.conflicts import expect_version
from gojokai_desktop.db.errors import retry_on_conflict
from gojokai_desktop.db.models.members import (
    BILLING_CYCLES,
    COLLECTION_METHODS,
    Affiliation,
    Establishment,
    Member,
)
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.contact import normalize_phone, normalize_postal_code
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.kana import normalize_for_search, validate_furigana
from gojokai_desktop.domain.text import clean_text
from gojokai_desktop.services import numbering
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.records import clean_bank_account
from gojokai_desktop.services.numbering import next_number

COLLECTION_LABELS = dict(zip(COLLECTION_METHODS, ("口座振替", "振込", "現金"), strict=True))
CYCLE_LABELS = dict(zip(BILLING_CYCLES, ("毎月", "四半期", "半年", "年1回"), strict=True))


@dataclass(frozen=True)
class EstablishmentInput:
    """Every field of DOMAIN.md §3 the establishment record edits, and the account that
    benefits paid through the establishment (事業所の口座へ振込) go to."""

    name: str
    name_kana: str = ""
    owner_name: str = ""
    postal_code: str = ""
    address: str = ""
    phone: str = ""
    contact_person: str = ""
    billing_contact: str = ""
    collection_method: str = "transfer"
    billing_cycle: str = "monthly"
    notes: str = ""
    bank_code: str = ""
    branch_code: str = ""
    account_type: str | None = None
    account_number: str = ""
    account_holder_kana: str = ""


@dataclass(frozen=True)
class EstablishmentRow:
    """One establishment in the list, with its present head count."""

    id: int
    number: int
    data: EstablishmentInput
    join_date: dt.date
    leave_date: dt.date | None
    present_members: int
    # The optimistic lock: a change names the version its screen loaded.
    version: int = 1

    @property
    def name(self) -> str:
        return self.data.name

    @property
    def is_present(self) -> bool:
        return self.leave_date is None


def validate_establishment(data: EstablishmentInput) -> EstablishmentInput:
    """Return ``data`` cleaned, or raise ValidationError naming the field."""
    if data.collection_method not in COLLECTION_METHODS:
        raise ValidationError("口座振替・振込・現金から選んでください。", "会費の納入方法")
    if data.billing_cycle not in BILLING_CYCLES:
        raise ValidationError("毎月・四半期・半年・年1回から選んでください。", "請求の周期")
    account = clean_bank_account(
        data.bank_code,
        data.branch_code,
        data.account_type,
        data.account_number,
        data.account_holder_kana,
    )
    return EstablishmentInput(
        name=clean_text(data.name, "事業所名", 100, required=True),
        name_kana=clean_text(
            validate_furigana(data.name_kana, "事業所名フリガナ"), "フリガナ", 200
        ),
        owner_name=clean_text(data.owner_name, "代表者", 60),
        postal_code=normalize_postal_code(data.postal_code) if data.postal_code.strip() else "",
        address=clean_text(data.address, "所在地", 200),
        phone=normalize_phone(data.phone) if data.phone.strip() else "",
        contact_person=clean_text(data.contact_person, "担当者", 60),
        billing_contact=clean_text(data.billing_contact, "請求先担当者", 60),
        collection_method=data.collection_method,
        billing_cycle=data.billing_cycle,
        notes=clean_text(data.notes, "備考", 2000),
        bank_code=account.bank_code,
        branch_code=account.branch_code,
        account_type=account.account_type,
        account_number=account.account_number,
        account_holder_kana=account.account_holder_kana,
    )


def _present_counts(session: Session) -> dict[int, int]:
    rows = session.execute(
        select(Member.establishment_id, func.count())
        .where(Member.leave_date.is_(None))
        .group_by(Member.establishment_id)
    )
    return {int(est_id): int(count) for est_id, count in rows}


def _row(est: Establishment, present: int) -> EstablishmentRow:
    names = [f.name for f in fields(EstablishmentInput)]
    data = EstablishmentInput(**{name: getattr(est, name) for name in names})
    return EstablishmentRow(
        est.id, est.number, data, est.join_date, est.leave_date, present, est.version
    )


def list_establishments(ctx: AppContext, *, include_former: bool = True) -> list[EstablishmentRow]:
    """Establishments by number, each with its present member count."""
    with ctx.reader() as session:
        query = select(Establishment).order_by(Establishment.number)
        if not include_former:
            query = query.where(Establishment.leave_date.is_(None))
        counts = _present_counts(session)
        return [_row(e, counts.get(e.id, 0)) for e in session.scalars(query)]


def get_establishment(ctx: AppContext, establishment_id: int) -> EstablishmentRow:
    with ctx.reader() as session:
        return _load(session, establishment_id)


def _load(session: Session, establishment_id: int) -> EstablishmentRow:
    est = session.get(Establishment, establishment_id)
    if est is None:
        raise RuleViolation(f"事業所（ID {establishment_id}）が見つかりません。")
    present = session.scalar(
        select(func.count())
        .select_from(Member)
        .where(Member.establishment_id == est.id, Member.leave_date.is_(None))
    )
    return _row(est, present or 0)


def find_establishment(ctx: AppContext, text: str) -> EstablishmentRow | None:
    """The establishment whose number or exact name is ``text`` (as import files write it)."""
    key = text.strip()
    if not key:
        return None
    with ctx.reader() as session:
        query = select(Establishment.id).where(Establishment.name == key)
        if key.isdigit():
            query = select(Establishment.id).where(
                or_(Establishment.number == int(key), Establishment.name == key)
            )
        found = session.scalars(query.order_by(Establishment.number)).first()
        return None if found is None else _load(session, found)


def next_establishment_number(uow: UnitOfWork) -> int:
    """The next 事業所番号 from its counter, past any number a clerk typed by hand."""
    session = uow.session

    def highest() -> int:
        return int(session.scalar(select(func.max(Establishment.number))) or 0)

    while True:
        number = next_number(uow, numbering.ESTABLISHMENT, floor=highest)
        if session.scalar(select(Establishment.id).where(Establishment.number == number)) is None:
            return number


@retry_on_conflict
def create_establishment(
    ctx: AppContext, data: EstablishmentInput, join_date: dt.date, *, number: int | None = None
) -> EstablishmentRow:
    """Register an establishment (事業所の加入); the number is the next free one unless given."""
    clean = validate_establishment(data)
    with ctx.unit_of_work("事業所の加入") as uow:
        session = uow.session
        if number is None:
            number = next_establishment_number(uow)
        elif number <= 0:
            raise ValidationError("1以上の数字で入力してください。", "事業所番号")
        elif session.scalar(select(Establishment.id).where(Establishment.number == number)):
            raise ValidationError(f"事業所番号 {number} は既に使われています。", "事業所番号")
        est = Establishment(
            number=number,
            join_date=join_date,
            kana_search=normalize_for_search(clean.name_kana or clean.name),
            **{f.name: getattr(clean, f.name) for f in fields(EstablishmentInput)},
        )
        session.add(est)
        uow.flush()
        row = _load(session, est.id)
        uow.commit()
        return row


def update_establishment(
    ctx: AppContext, establishment_id: int, data: EstablishmentInput, *, version: int | None = None
) -> EstablishmentRow:
    """変更; ``version`` is the one the clerk's screen loaded (refused when another PC saved
    the establishment since)."""
    clean = validate_establishment(data)
    with ctx.unit_of_work("事業所の変更") as uow:
        est = uow.session.get(Establishment, establishment_id)
        if est is None:
            raise RuleViolation(f"事業所（ID {establishment_id}）が見つかりません。")
        expect_version(uow.session, est, version, f"事業所 {est.number} {est.name}")
        for f in fields(EstablishmentInput):
            setattr(est, f.name, getattr(clean, f.name))
        est.kana_search = normalize_for_search(clean.name_kana or clean.name)
        uow.flush()
        row = _load(uow.session, est.id)
        uow.commit()
        return row


def close_establishment(
    ctx: AppContext, establishment_id: int, leave_date: dt.date
) -> EstablishmentRow:
    """The establishment leaves; refused while it has present members."""
    with ctx.unit_of_work("事業所の脱退") as uow:
        session = uow.session
        est = session.get(Establishment, establishment_id)
        if est is None:
            raise RuleViolation(f"事業所（ID {establishment_id}）が見つかりません。")
        if est.leave_date is not None:
            raise RuleViolation(f"{est.name}は既に脱退しています。")
        if leave_date < est.join_date:
            raise ValidationError("加入日より前の日付は脱退日にできません。", "脱退日")
        present = session.scalar(
            select(func.count())
            .select_from(Member)
            .where(Member.establishment_id == est.id, Member.leave_date.is_(None))
        )
        if present:
            raise RuleViolation(
                f"{est.name}には在籍中の会員が{present}人います。"
                "先に異動か退会の手続きをしてください。"
            )
        est.leave_date = leave_date
        uow.flush()
        row = _load(session, est.id)
        uow.commit()
        return row


def reopen_establishment(ctx: AppContext, establishment_id: int) -> EstablishmentRow:
    """Undo a leave (再加入): the establishment is present again."""
    with ctx.unit_of_work("事業所の再加入") as uow:
        est = uow.session.get(Establishment, establishment_id)
        if est is None:
            raise RuleViolation(f"事業所（ID {establishment_id}）が見つかりません。")
        est.leave_date = None
        uow.flush()
        row = _load(uow.session, est.id)
        uow.commit()
        return row


def head_count_on(ctx: AppContext, on: dt.date) -> dict[int, int]:
    """Members per establishment on ``on``: the affiliations covering that day."""
    with ctx.reader() as session:
        rows = session.execute(
            select(Affiliation.establishment_id, func.count())
            .where(
                Affiliation.start_date <= on,
                or_(Affiliation.end_date.is_(None), Affiliation.end_date >= on),
            )
            .group_by(Affiliation.establishment_id)
        )
        return {int(est_id): int(count) for est_id, count in rows}


@dataclass(frozen=True)
class AffiliatedMember:
    """A member who belongs or belonged to an establishment, with the dates there."""

    member_id: int
    number: str
    name: str
    name_kana: str
    start_date: dt.date
    end_date: dt.date | None
    present: bool


def establishment_members(
    ctx: AppContext, establishment_id: int, *, include_former: bool = True
) -> list[AffiliatedMember]:
    """Everyone affiliated with the establishment (present first, then by kana)."""
    query = (
        select(
            Member.id, Member.number, Member.name, Member.name_kana,
            Affiliation.start_date, Affiliation.end_date,
        )
        .join(Member, Affiliation.member_id == Member.id)
        .where(Affiliation.establishment_id == establishment_id)
        .order_by(Affiliation.end_date.is_not(None), Member.kana_search, Affiliation.start_date)
    )  # fmt: skip
    if not include_former:
        query = query.where(Affiliation.end_date.is_(None))
    with ctx.reader() as session:
        return [
            AffiliatedMember(mid, number, name, kana, start, end, end is None)
            for mid, number, name, kana, start, end in session.execute(query)
        ]
