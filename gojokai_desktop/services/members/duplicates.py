"""Duplicate warning on entry: same kana and birth date, or same name in the same establishment."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from gojokai_desktop.db.models.members import Establishment, Member
from gojokai_desktop.domain.kana import normalize_for_search
from gojokai_desktop.services.context import AppContext


@dataclass(frozen=True)
class DuplicateHit:
    """Another member who may be the same person, and why the warning was raised."""

    member_id: int
    number: str
    name: str
    name_kana: str
    birth_date: dt.date | None
    establishment_name: str
    leave_date: dt.date | None
    reason: str


def find_duplicates(
    ctx: AppContext,
    name: str,
    name_kana: str,
    birth_date: dt.date | None,
    establishment_id: int | None,
    *,
    exclude_id: int | None = None,
) -> list[DuplicateHit]:
    """Same normalised kana and birth date, or the same name in the same establishment."""
    key = normalize_for_search(name_kana)
    plain_name = "".join(name.split())
    conditions = []
    if key and birth_date is not None:
        conditions.append((Member.kana_search == key) & (Member.birth_date == birth_date))
    if plain_name and establishment_id is not None:
        conditions.append(
            (func.replace(func.replace(Member.name, " ", ""), "　", "") == plain_name)
            & (Member.establishment_id == establishment_id)
        )
    if not conditions:
        return []
    query = (
        select(Member, Establishment.name)
        .join(Establishment, Member.establishment_id == Establishment.id)
        .where(or_(*conditions))
        .order_by(Member.number)
    )
    if exclude_id is not None:
        query = query.where(Member.id != exclude_id)
    hits = []
    with ctx.reader() as session:
        for member, est_name in session.execute(query):
            same_kana = member.kana_search == key and member.birth_date == birth_date
            why = "フリガナと生年月日が同じ" if same_kana else "同じ事業所に同じ氏名"
            hits.append(
                DuplicateHit(
                    member.id,
                    member.number,
                    member.name,
                    member.name_kana,
                    member.birth_date,
                    est_name,
                    member.leave_date,
                    why,
                )
            )
    return hits
