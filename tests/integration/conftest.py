"""Shared integration fixtures: a society with books, an establishment, members and family."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

D = dt.date


@dataclass(frozen=True)
class BenefitSociety:
    """Ids of the people the benefit tests use.

    花子 joined on 2020-04-01 (spouse 太郎 married 2000-05-05, child 一郎 born 2019-05-10,
    mother ハナ born 1950-01-15); 新人 joined on 2025-04-01 and has no family.
    """

    establishment_id: int
    bank_account_id: int
    hanako: int
    spouse: int
    child: int
    mother: int
    newcomer: int


@pytest.fixture
def benefit_society(ctx, society) -> BenefitSociety:
    from gojokai_desktop.services.accounts.setup import add_bank_account, load_preset
    from gojokai_desktop.services.members.establishments import (
        EstablishmentInput,
        create_establishment,
    )
    from gojokai_desktop.services.members.family import add_family
    from gojokai_desktop.services.members.membership import join_member
    from gojokai_desktop.services.members.records import FamilyInput, MemberInput

    with ctx.unit_of_work("会計の準備") as uow:
        general = load_preset(uow, valid_from_year=2015)
        bank = add_bank_account(uow, general, "東邦銀行 普通 1234567")
        uow.commit()
    est = create_establishment(
        ctx, EstablishmentInput(name="福島商事", name_kana="フクシマショウジ"), D(2015, 4, 1)
    )
    hanako = join_member(
        ctx,
        MemberInput(
            name="佐藤　花子",
            name_kana="サトウ　ハナコ",
            birth_date=D(1975, 6, 20),
            bank_code="0001",
            branch_code="001",
            account_type="1",
            account_number="1234567",
            account_holder_kana="サトウ　ハナコ",
        ),
        est.id,
        D(2020, 3, 10),
        effective=D(2020, 4, 1),
    )
    detail = add_family(
        ctx,
        hanako.id,
        FamilyInput(
            relation="配偶者",
            name="佐藤　太郎",
            birth_date=D(1973, 2, 1),
            from_date=D(2020, 4, 1),
            married_on=D(2000, 5, 5),
        ),
    )
    detail = add_family(
        ctx,
        hanako.id,
        FamilyInput(
            relation="子", name="佐藤　一郎", birth_date=D(2019, 5, 10), from_date=D(2020, 4, 1)
        ),
    )
    detail = add_family(
        ctx,
        hanako.id,
        FamilyInput(
            relation="母", name="佐藤　ハナ", birth_date=D(1950, 1, 15), from_date=D(2020, 4, 1)
        ),
    )
    by_name = {f.name: f.id for f in detail.family}
    newcomer = join_member(
        ctx,
        MemberInput(name="鈴木　新人", name_kana="スズキ　シンジン", birth_date=D(2000, 8, 1)),
        est.id,
        D(2025, 3, 10),
        effective=D(2025, 4, 1),
    )
    return BenefitSociety(
        est.id,
        bank,
        hanako.id,
        by_name["佐藤　太郎"],
        by_name["佐藤　一郎"],
        by_name["佐藤　ハナ"],
        newcomer.id,
    )
