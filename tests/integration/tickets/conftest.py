"""A society ready for ticket brokering: books, two establishments, members, items, a round."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

D = dt.date


@dataclass(frozen=True)
class TicketSociety:
    """Ids the ticket tests use. Today is 2025-06-15; round 1 of 2025 is open (5/1–6/30).

    福島商事 has 佐藤花子 (spouse and child registered), 鈴木一郎 and 高橋退子 (left on
    2025-05-31); 杉妻工業 has 田中次郎. Items: ハワイアンズ (大人/小人, 1人2枚, 家族も可,
    lottery, partial allowed), 図書カード (5枚, one price), ディズニー (free, 1枚, 取扱数 2,
    first-come, no partial), 防災用品 (紹介のみ).
    """

    bank_account_id: int
    fukushima: int
    suginome: int
    hanako: int
    ichiro: int
    leaver: int
    jiro: int
    hawaiians: int
    book_card: int
    disney: int
    bousai: int
    round1: int


@pytest.fixture
def tickets(ctx, society) -> TicketSociety:
    from gojokai_desktop.services.accounts.setup import add_bank_account, load_preset
    from gojokai_desktop.services.members.establishments import (
        EstablishmentInput,
        create_establishment,
    )
    from gojokai_desktop.services.members.family import add_family
    from gojokai_desktop.services.members.membership import join_member, leave_member
    from gojokai_desktop.services.members.records import FamilyInput, MemberInput
    from gojokai_desktop.services.tickets.items import ItemInput, save_item
    from gojokai_desktop.services.tickets.rounds import RoundInput, save_round

    with ctx.unit_of_work("会計の準備") as uow:
        general = load_preset(uow, valid_from_year=2020)
        bank = add_bank_account(uow, general, "東邦銀行 普通 1234567")
        uow.commit()
    fukushima = create_establishment(
        ctx, EstablishmentInput(name="福島商事", name_kana="フクシマショウジ"), D(2015, 4, 1)
    )
    suginome = create_establishment(
        ctx, EstablishmentInput(name="杉妻工業", name_kana="スギノメコウギョウ"), D(2015, 4, 1)
    )

    def join(name: str, kana: str, est: int) -> int:
        return join_member(
            ctx, MemberInput(name=name, name_kana=kana), est, D(2020, 3, 10),
            effective=D(2020, 4, 1),
        ).id  # fmt: skip

    hanako = join("佐藤　花子", "サトウ　ハナコ", fukushima.id)
    ichiro = join("鈴木　一郎", "スズキ　イチロウ", fukushima.id)
    leaver = join("高橋　退子", "タカハシ　ノキコ", fukushima.id)
    jiro = join("田中　次郎", "タナカ　ジロウ", suginome.id)
    for relation, name in (("配偶者", "佐藤　太郎"), ("子", "佐藤　一郎")):
        add_family(ctx, hanako, FamilyInput(relation=relation, name=name, from_date=D(2020, 4, 1)))
    leave_member(ctx, leaver, D(2025, 5, 10), "retired")

    def item(**values) -> int:
        return save_item(ctx, ItemInput(fiscal_year=2025, **values)).id

    hawaiians = item(
        category="レジャー施設", name="スパリゾートハワイアンズ入場券", supplier="常磐興産",
        face_price=3_570, member_price=2_000, subsidy=1_000,
        child_face_price=2_520, child_member_price=1_300, child_subsidy=800,
        member_cap=2, eligibility="family", allocation_method="lottery",
    )  # fmt: skip
    book_card = item(
        category="図書カード", name="図書カード（1,000円）", supplier="日本図書普及",
        face_price=1_000, member_price=800, subsidy=150, member_cap=5,
    )  # fmt: skip
    disney = item(
        category="無料配布", name="東京ディズニーリゾート・コーポレートプログラム利用券",
        face_price=0, member_price=0, subsidy=0, is_free=True, member_cap=1,
        supply_limit=2, allocation_method="first_come", partial_allowed=False,
        valid_from=D(2025, 7, 1), valid_to=D(2025, 10, 31),
    )  # fmt: skip
    bousai = item(
        category="紹介", name="防災用品と家庭用常備薬", face_price=5_000, member_price=4_000,
        subsidy=0, referral_only=True,
    )  # fmt: skip
    round1 = save_round(
        ctx,
        RoundInput(2025, 1, D(2025, 5, 1), D(2025, 6, 30),
                   (hawaiians, book_card, disney, bousai), handover_on=D(2025, 7, 10)),
    )  # fmt: skip
    return TicketSociety(
        bank, fukushima.id, suginome.id, hanako, ichiro, leaver, jiro,
        hawaiians, book_card, disney, bousai, round1.id,
    )  # fmt: skip
