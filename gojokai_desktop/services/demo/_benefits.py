"""Demo steps: ten years of benefit claims (慶弔給付), their steps, and the monthly payments.

``benefits`` (before ``accounts``) saves the small-society table from the first fiscal year and
the 振込設定, finds what happened to the members (:mod:`demo_benefit_events`), turns most of it
into claims assessed by the domain exactly as :mod:`benefit_claims` does (amount, explanation,
failures), decides them (a few rejected with the failed check as the reason, a few late ones
overridden by the administrator, a few withdrawn) and pays the approved ones in one batch a
month on a bank business day (the coming one still a draft). Each payment becomes a
:class:`DemoPosting` that the accounts step books as :func:`benefit_payments.commit_batch`
would; ``link_benefit_entries`` (after ``accounts``) writes the entry ids back onto the
payments. The claims of the last weeks are still received, reviewed or approved, so the screens
have work to show; date-driven ones are claimed a month or so ahead, as offered from the due
list.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import asdict
from typing import Any

from sqlalchemy import bindparam, update

from gojokai_desktop.db.models import Base
from gojokai_desktop.domain.benefits.table import BenefitTable
from gojokai_desktop.services.benefits.claim_views import batch_number, claim_number
from gojokai_desktop.services.benefits.presets import benefit_table_to_dict, load_preset
from gojokai_desktop.services.benefits.zengin import (
    SETTING_KEY,
    ZenginAccount,
    validate_zengin_account,
)
from gojokai_desktop.services.demo._accounts import BANK_ID
from gojokai_desktop.services.demo._benefit_events import Register, load_register
from gojokai_desktop.services.demo._benefit_office import (
    CLERK,
    ClaimOffice,
    DemoBatch,
    DemoClaim,
    pay_monthly,
)
from gojokai_desktop.services.demo._context import DemoContext, DemoPosting
from gojokai_desktop.services.settings_store import EVERY_YEAR

PRESET = "small_gojokai"
TABLE_ID = 1
ACCOUNT_COLUMNS = (
    "bank_code",
    "branch_code",
    "account_type",
    "account_number",
    "account_holder_kana",
)


def _stamp(rng: random.Random, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9 + rng.randrange(8), rng.randrange(60)))


# -- settings ---------------------------------------------------------------------------------
def _table(ctx: DemoContext) -> BenefitTable:
    """The small-society table, saved as version 1 from the first fiscal year."""
    table = load_preset(PRESET)
    data: dict[str, Any] = benefit_table_to_dict(table)
    data["table"]["valid_from_year"] = ctx.first_year
    saved = dt.datetime.combine(ctx.calendar.first_day(ctx.first_year), dt.time(9))
    ctx.insert(
        "benefit_tables",
        [
            {
                "id": TABLE_ID,
                "valid_from_year": ctx.first_year,
                "version": 1,
                "name": table.name,
                "table_json": json.dumps(data, ensure_ascii=False, sort_keys=True),
                "note": f"ひな形「{PRESET}」から作成",
                "saved_at": saved,
                "saved_by": CLERK,
            }
        ],
    )
    account = validate_zengin_account(
        ZenginAccount(
            requester_code="0001234567",
            requester_name="フクシマシキンロウシャゴジョカイ",
            bank_code="0126",
            bank_name="トウホウ",
            branch_code="101",
            branch_name="ホンテンエイギョウブ",
            account_type="1",
            account_number="1234567",
            bank_account_id=BANK_ID,
        )
    )
    ctx.insert(
        "setting_values",
        [
            {
                "key": SETTING_KEY,
                "valid_from_year": EVERY_YEAR,
                "value_json": json.dumps(asdict(account), ensure_ascii=False, sort_keys=True),
                "created_at": saved,
                "updated_at": saved,
            }
        ],
    )
    return table


# -- rows -------------------------------------------------------------------------------------
class _Rows:
    """Every row of the benefit tables, and the postings for the accounts step."""

    def __init__(self, ctx: DemoContext, register: Register) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("benefit_rows")
        self.register = register
        self.claims: list[dict[str, Any]] = []
        self.steps: list[dict[str, Any]] = []
        self.batches: list[dict[str, Any]] = []
        self.payments: list[dict[str, Any]] = []

    def step(
        self, claim: DemoClaim, step: str, day: dt.date, amount: int | None, reason: str = ""
    ) -> dt.datetime:
        at = _stamp(self.rng, day)
        self.steps.append(
            {
                "claim_id": claim.id,
                "step": step,
                "at": at,
                "user_id": self.ctx.admin_user_id,
                "user_name": CLERK,
                "amount": amount,
                "reason": reason[:400],
            }
        )
        return at

    def claim(self, claim: DemoClaim) -> None:
        result = claim.result
        assert result is not None
        received = self.step(claim, "received", claim.claim_date, result.computed_amount)
        failures = " / ".join(f.message for f in result.failures)
        if claim.reviewed_on is not None:
            self.step(claim, "reviewed", claim.reviewed_on, result.computed_amount, failures)
        last = received
        decided = claim.decided_on
        if claim.status == "withdrawn" and decided is not None:
            last = self.step(claim, "withdrawn", decided, None, claim.closing_reason)
        elif claim.status == "rejected" and decided is not None:
            last = self.step(claim, "rejected", decided, 0, claim.closing_reason)
        elif claim.status in ("approved", "paid") and decided is not None:
            why = f"上書き: {claim.override_reason}" if claim.override_reason else ""
            last = self.step(claim, "approved", decided, result.amount, why)
        paid = claim.status == "paid"
        if claim.batch is not None:
            batch = claim.batch
            number = batch_number(batch.fiscal_year, batch.seq)
            last = self.step(claim, "batched", batch.created_on, result.amount, number)
            if paid:
                last = self.step(claim, "paid", batch.committed_on, result.amount, number)
        event, kind = claim.event, claim.kind
        self.claims.append(
            {
                "id": claim.id,
                "fiscal_year": claim.fiscal_year,
                "seq": claim.seq,
                "member_id": claim.person.id,
                "family_member_id": event.family_id,
                "table_id": TABLE_ID,
                "kind_code": kind.code,
                "kind_name": kind.name,
                "category": kind.category,
                "event_date": event.day,
                "claim_date": claim.claim_date,
                "days_off": event.days_off,
                "damage_class": event.damage_class,
                "children": 1,
                "service_years": event.service_years,
                "spouse_also_claimed": False,
                "detail": event.detail,
                "evidence_json": json.dumps(list(kind.evidence), ensure_ascii=False),
                "employer_certified": kind.employer_certification,
                "status": claim.status,
                "computed_amount": result.computed_amount,
                "amount": result.amount if claim.status in ("approved", "paid") else 0,
                "explanation": "\n".join(result.explanation),
                "failures_json": json.dumps(
                    [[f.code, f.message] for f in result.failures], ensure_ascii=False
                ),
                "overridden": result.overridden and claim.status in ("approved", "paid"),
                "override_by": CLERK if claim.override_reason else None,
                "override_reason": claim.override_reason or None,
                "decided_on": decided if claim.status in ("approved", "paid", "rejected") else None,
                "reject_reason": claim.closing_reason if claim.status == "rejected" else None,
                "payment_method": claim.method,
                "paid_on": claim.batch.payday if paid and claim.batch else None,
                "origin": claim.origin,
                "note": "",
                "created_at": received,
                "updated_at": last,
            }
        )

    def batch(self, batch: DemoBatch) -> None:
        created = _stamp(self.rng, batch.created_on)
        committed = _stamp(self.rng, batch.committed_on) if batch.committed else None
        number = batch_number(batch.fiscal_year, batch.seq)
        transfers = batch.committed and any(c.method != "cash" for c in batch.claims)
        self.batches.append(
            {
                "id": batch.id,
                "fiscal_year": batch.fiscal_year,
                "seq": batch.seq,
                "payment_date": batch.payday,
                "status": "committed" if batch.committed else "draft",
                "claim_count": len(batch.claims),
                "total_amount": sum(_amount(c) for c in batch.claims),
                "note": "",
                "created_by": CLERK,
                "committed_at": committed,
                "committed_by": CLERK if batch.committed else None,
                "zengin_file": f"振込_{number}.txt" if transfers else None,
                "zengin_written_at": committed if transfers else None,
                "created_at": created,
                "updated_at": committed or created,
            }
        )
        for claim in batch.claims:
            self._payment(batch, claim)

    def _payment(self, batch: DemoBatch, claim: DemoClaim) -> None:
        payment_id = len(self.payments) + 1
        person = claim.person
        if not batch.committed:  # a draft copies the account when it is committed
            payee, account = "", ("", "", "", "", "")
        elif claim.method == "member_account" and person.account is not None:
            payee, account = person.name, person.account
        elif claim.method == "establishment_account":
            workplace = self.register.workplaces[person.establishment_on(claim.claim_date)]
            assert workplace.account is not None
            payee, account = workplace.name, workplace.account
        else:
            payee, account = person.name, ("", "", "", "", "")
        amount = _amount(claim)
        self.payments.append(
            {
                "id": payment_id,
                "batch_id": batch.id,
                "claim_id": claim.id,
                "method": claim.method,
                "amount": amount,
                "payee_name": payee,
                "bank_code": account[0],
                "branch_code": account[1],
                "account_type": account[2],
                "account_number": account[3],
                "account_holder_kana": account[4],
                "entry_id": None,
                "reversed": False,
                "reverse_reason": None,
                "reversed_on": None,
            }
        )
        if not batch.committed:
            return
        number = claim_number(claim.fiscal_year, claim.seq)
        self.ctx.postings.append(
            DemoPosting(
                date=batch.payday,
                item_code=claim.kind.item_code or "201",
                amount=amount,
                description=f"{claim.kind.name} {person.name}（{number}）",
                counterparty=person.name,
                cash=claim.method == "cash",
                source_type="benefit_payment",
                source_id=payment_id,
            )
        )


def _amount(claim: DemoClaim) -> int:
    assert claim.result is not None
    return claim.result.amount


def _register_accounts(ctx: DemoContext, register: Register, before: set[int]) -> None:
    """The accounts members gave on their claim forms, saved on the member record."""
    table = Base.metadata.tables["members"]
    rows = [
        {"member_id": p.id, **dict(zip(ACCOUNT_COLUMNS, p.account, strict=True))}
        for p in register.persons.values()
        if p.account is not None and p.id not in before
    ]
    if rows:
        ctx.connection.execute(
            update(table)
            .where(table.c.id == bindparam("member_id"))
            .values(
                {
                    **{name: bindparam(name) for name in ACCOUNT_COLUMNS},
                    # Set to itself so that the clock-based onupdate stays out of the demo.
                    "updated_at": table.c.updated_at,
                }
            ),
            rows,
        )


def benefits(ctx: DemoContext) -> None:
    """The benefit table, 振込設定, ten years of claims with their steps, and the batches."""
    table = _table(ctx)
    register = load_register(ctx.connection)
    before = {p.id for p in register.persons.values() if p.account is not None}
    claims = ClaimOffice(ctx, table, register).claims()
    batches = pay_monthly(ctx, claims)
    rows = _Rows(ctx, register)
    for claim in claims:
        rows.claim(claim)
    for batch in batches:
        rows.batch(batch)
    _register_accounts(ctx, register, before)
    ctx.insert("benefit_claims", rows.claims)
    ctx.insert("benefit_claim_steps", rows.steps)
    ctx.insert("benefit_payment_batches", rows.batches)
    ctx.insert("benefit_payments", rows.payments)


def link_benefit_entries(ctx: DemoContext) -> None:
    """Each payment names the cash-book entry the accounts step booked for it."""
    table = Base.metadata.tables["benefit_payments"]
    links = [
        {"payment_id": source_id, "entry": entry_id}
        for (source_type, source_id), entry_id in ctx.entry_ids.items()
        if source_type == "benefit_payment"
    ]
    if links:
        ctx.connection.execute(
            update(table)
            .where(table.c.id == bindparam("payment_id"))
            .values(entry_id=bindparam("entry")),
            links,
        )
