"""A month of benefit work for the printout and register tests: claims in every state, a
committed payment batch with a transfer, cash and an overridden claim."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import select

from gojokai_desktop.db.models import User
from gojokai_desktop.db.uow import Actor
from gojokai_desktop.services.benefits.claims import (
    ClaimInput,
    OverrideInput,
    approve_claim,
    receive_claim,
    reject_claim,
)
from gojokai_desktop.services.benefits.payments import commit_batch, create_batch
from gojokai_desktop.services.benefits.zengin import ZenginAccount, save_zengin_account
from gojokai_desktop.services.context import AppContext

D = dt.date
PAYDAY = D(2025, 6, 13)  # a Friday
DECIDED = D(2025, 6, 10)
SOCIETY_ACCOUNT = ZenginAccount(
    requester_code="1234567890",
    requester_name="テストチョウキンロウシャゴジョカイ",
    bank_code="0126",
    bank_name="トウホウ",
    branch_code="001",
    branch_name="ホンテン",
    account_type="1",
    account_number="7654321",
)
REJECT_REASON = "診断書の日付が事由と合わない"
OVERRIDE_REASON = "理事会で承認（災害救助法の適用なし）"


@dataclass(frozen=True)
class Scenario:
    """Claim ids by what happened to them, and the committed batch."""

    transfer: int  # 佐藤花子 傷病見舞金 20,000, paid to her account
    cash: int  # 佐藤花子 死亡弔慰金（父母）10,000, paid in cash
    overridden: int  # 鈴木新人 傷病見舞金 15,000 in the waiting period, approved by override
    rejected: int  # 佐藤花子 傷病見舞金, 不支給
    received: int  # 佐藤花子 結婚祝金, only received
    batch: int


def admin_ctx(ctx: AppContext) -> AppContext:
    with ctx.reader() as session:
        admin = session.scalar(select(User).where(User.role == "admin"))
        assert admin is not None
        return AppContext(ctx.database, Actor(admin.id, admin.display_name), ctx.clock)


def sickness(member: int, **extra: object) -> ClaimInput:
    data = ClaimInput(
        member_id=member,
        kind_code="sickness",
        event_date=D(2025, 5, 1),
        claim_date=D(2025, 6, 1),
        days_off=45,
        evidence=("医師の診断書",),
        employer_certified=True,
        detail="腰椎骨折により入院",
    )
    return replace(data, **extra)  # type: ignore[arg-type]


def month_of_benefits(ctx: AppContext, people) -> Scenario:
    save_zengin_account(ctx, SOCIETY_ACCOUNT)
    transfer = receive_claim(ctx, sickness(people.hanako)).row.id
    approve_claim(ctx, transfer, DECIDED)
    cash = receive_claim(
        ctx,
        sickness(
            people.hanako,
            kind_code="death_parent",
            family_member_id=people.mother,
            evidence=("死亡診断書の写しまたは会葬礼状",),
            payment_method="cash",
            days_off=None,
            detail="",
        ),
    ).row.id
    approve_claim(ctx, cash, DECIDED)
    overridden = receive_claim(
        ctx, sickness(people.newcomer, payment_method="cash", detail="")
    ).row.id
    approve_claim(
        admin_ctx(ctx), overridden, DECIDED, override=OverrideInput(OVERRIDE_REASON, 15_000)
    )
    rejected = receive_claim(
        ctx, sickness(people.hanako, event_date=D(2025, 6, 2), claim_date=D(2025, 6, 12))
    ).row.id
    reject_claim(ctx, rejected, REJECT_REASON)
    received = receive_claim(
        ctx,
        sickness(
            people.hanako,
            kind_code="death_spouse",
            family_member_id=people.spouse,
            event_date=D(2025, 6, 5),
            claim_date=D(2025, 6, 12),
            evidence=(),
            days_off=None,
        ),
    ).row.id
    batch = create_batch(ctx, PAYDAY, [transfer, cash, overridden]).row.id
    commit_batch(ctx, batch)
    return Scenario(transfer, cash, overridden, rejected, received, batch)
