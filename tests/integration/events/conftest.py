"""Event fixtures: a society with books, two establishments and members with family."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

D = dt.date


@dataclass(frozen=True)
class EventSociety:
    """Ids the event tests use: 花子 (with spouse, child and mother) and 新人 from the
    benefit society at 福島商事; ten more members at 郡山工業 (``crew``); 退会者 left on
    2025-03-31."""

    establishment_id: int
    other_establishment_id: int
    bank_account_id: int
    hanako: int
    spouse: int
    child: int
    mother: int
    newcomer: int
    crew: tuple[int, ...]
    leaver: int


@pytest.fixture
def event_society(ctx, benefit_society) -> EventSociety:
    from gojokai_desktop.services.members.establishments import (
        EstablishmentInput,
        create_establishment,
    )
    from gojokai_desktop.services.members.membership import join_member, leave_member
    from gojokai_desktop.services.members.records import MemberInput

    other = create_establishment(
        ctx, EstablishmentInput(name="郡山工業", name_kana="コオリヤマコウギョウ"), D(2016, 4, 1)
    )
    kana = (
        "アイダ",
        "イトウ",
        "ウエダ",
        "エンドウ",
        "オオタ",
        "カトウ",
        "キムラ",
        "クボ",
        "ケン",
        "コバヤシ",
    )
    crew = tuple(
        join_member(
            ctx,
            MemberInput(name=f"{k}　太郎{n}", name_kana=f"{k}　タロウ"),
            other.id,
            D(2018, 3, 10),
            effective=D(2018, 4, 1),
        ).id
        for n, k in enumerate(kana, start=1)
    )
    leaver = join_member(
        ctx,
        MemberInput(name="退会　一郎", name_kana="タイカイ　イチロウ"),
        other.id,
        D(2018, 3, 10),
        effective=D(2018, 4, 1),
    )
    leave_member(ctx, leaver.id, D(2025, 3, 15), "retired")
    return EventSociety(
        benefit_society.establishment_id,
        other.id,
        benefit_society.bank_account_id,
        benefit_society.hanako,
        benefit_society.spouse,
        benefit_society.child,
        benefit_society.mother,
        benefit_society.newcomer,
        crew,
        leaver.id,
    )
