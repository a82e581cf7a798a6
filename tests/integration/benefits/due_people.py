"""The members the due-list tests use: each shows one rule of the due lists (see ``people``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.establishments import EstablishmentInput, create_establishment
from gojokai_desktop.services.members.family import add_family
from gojokai_desktop.services.members.membership import join_member, leave_member, rejoin_member
from gojokai_desktop.services.members.records import FamilyInput, MemberInput
from tests.integration.conftest import BenefitSociety

D = dt.date


@dataclass(frozen=True)
class People:
    """Member ids by what they show (see :func:`people`)."""

    hanako: int
    eve: int
    leap: int
    left: int
    rejoined: int
    parent: int
    child_1_april: int
    child_2_april: int
    junior: int


def join(ctx: AppContext, est: int, name: str, kana: str, *, birth: dt.date, start: dt.date) -> int:
    """Join on ``start`` (the 1st of a month), the form received on the 10th before it."""
    received = (start - dt.timedelta(days=20)).replace(day=10)
    data = MemberInput(name=name, name_kana=kana, birth_date=birth)
    return join_member(ctx, data, est, received, effective=start).id


def make_people(ctx: AppContext, benefit_society: BenefitSociety) -> People:
    old = create_establishment(
        ctx, EstablishmentInput(name="老舗商店", name_kana="シニセ"), D(2000, 4, 1)
    ).id
    est = benefit_society.establishment_id
    # 満70歳 on 2025-04-01, the eve of the 70th birthday (born 1955-04-02): FY2025.
    eve = join(ctx, est, "高橋　一", "タカハシ　ハジメ", birth=D(1955, 4, 2), start=D(2017, 4, 1))
    # Born 1955-04-01: 70 on 2025-03-31, FY2024 — not in FY2025's list.
    join(ctx, est, "高橋　二", "タカハシ　ジ", birth=D(1955, 4, 1), start=D(2017, 4, 1))
    # Born 29 February: 70 on 2026-02-28.
    leap = join(ctx, est, "閏　年男", "ウルウ　トシオ", birth=D(1956, 2, 29), start=D(2017, 4, 1))
    # 70 on 2025-10-09, but leaves on 2025-05-31.
    left = join(ctx, est, "去　る人", "サル　ヒト", birth=D(1955, 10, 10), start=D(2017, 4, 1))
    leave_member(ctx, left, D(2025, 5, 20), "retired")
    # 5 years (2010-04 … 2015-03), back on 2020-10-01: 10 years complete on 2025-09-30.
    rejoined = join(ctx, old, "戻　る人", "モドル　ヒト", birth=D(1980, 1, 1), start=D(2010, 4, 1))
    leave_member(ctx, rejoined, D(2015, 3, 10), "retired")
    rejoin_member(ctx, rejoined, est, D(2020, 9, 10), effective=D(2020, 10, 1))
    parent = join(ctx, est, "山田　親", "ヤマダ　オヤ", birth=D(1985, 5, 5), start=D(2018, 4, 1))
    for name, birth in (("山田　早生", D(2019, 4, 1)), ("山田　遅生", D(2019, 4, 2)),
                        ("山田　中一", D(2013, 4, 1))):  # fmt: skip
        detail = add_family(
            ctx,
            parent,
            FamilyInput(relation="子", name=name, birth_date=birth, from_date=D(2019, 4, 1)),
        )
    ids = {f.name: f.id for f in detail.family}
    return People(
        benefit_society.hanako,
        eve,
        leap,
        left,
        rejoined,
        parent,
        ids["山田　早生"],
        ids["山田　遅生"],
        ids["山田　中一"],
    )
