"""Benefit printouts of one claim or batch: 請求書, 決定通知書, 支払通知書 and the 支払決議書.

Several claims make one PDF, one sheet each, like dues invoices. The notices leave the office,
so their templates print the account number masked unless the printing settings say not to.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from gojokai_desktop.db.models import (
    BenefitClaim,
    BenefitPayment,
    BenefitPaymentBatch,
    FamilyMember,
    Member,
)
from gojokai_desktop.domain.benefits.table import BenefitKind, BenefitTable
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.domain.yen import format_yen
from gojokai_desktop.printing.listing import ListColumn, ListingSpec, render_listing
from gojokai_desktop.printing.render import Output, RenderResult
from gojokai_desktop.services.benefits.batch_views import BATCH_STATUS_LABELS, BatchLine, get_batch
from gojokai_desktop.services.benefits.claim_views import (
    METHOD_LABELS,
    STATUS_LABELS,
    batch_number,
    label_of,
    number_of_claim,
)
from gojokai_desktop.services.benefits.tables import calendar_of_session, table_in_force
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.print_settings import load_print_settings
from gojokai_desktop.services.printing import account_values, member_values, render_records
from gojokai_desktop.services.society import load_profile

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

#: What each payment method is called in the narrow column of the payment list.
METHOD_SHORT = {
    "cash": "現金",
    "member_account": "振込（会員）",
    "establishment_account": "振込（事業所）",
}
PAYMENT_NOTES = {
    "cash": "事務局の窓口で現金でお渡ししました。",
    "member_account": "上記の口座へお振り込みしました。",
    "establishment_account": (
        "勤務先事業所の口座へお振り込みしました。事業所からお受け取りください。"
    ),
}
APPROVERS = ("会長", "事務局長", "担当")


@dataclass(frozen=True)
class _Claim:
    """A claim with everything its sheets print, read in one session."""

    claim: BenefitClaim
    member: Member
    family: FamilyMember | None
    payment: BenefitPayment | None
    batch: BenefitPaymentBatch | None
    kind: BenefitKind | None

    @property
    def number(self) -> str:
        return number_of_claim(self.claim)

    @property
    def method(self) -> str:
        return self.payment.method if self.payment is not None else self.claim.payment_method


def _load(session: Session, claim_ids: Sequence[int]) -> list[_Claim]:
    """The claims in the order asked; an unknown id is refused."""
    if not claim_ids:
        raise ValidationError("印刷する請求を1件以上選んでください", "請求")
    claims = {
        c.id: c for c in session.scalars(select(BenefitClaim).where(BenefitClaim.id.in_(claim_ids)))
    }
    missing = [i for i in claim_ids if i not in claims]
    if missing:
        raise ValidationError("指定の請求がありません", "請求")
    members = {
        m.id: m
        for m in session.scalars(
            select(Member)
            .where(Member.id.in_({c.member_id for c in claims.values()}))
            .options(selectinload(Member.establishment), selectinload(Member.family))
        )
    }
    calendar = calendar_of_session(session)
    tables: dict[int, BenefitTable] = {}  # one parse per fiscal year, not per claim
    loaded = []
    for claim_id in claim_ids:
        claim = claims[claim_id]
        payment = session.scalar(
            select(BenefitPayment).where(
                BenefitPayment.claim_id == claim.id, BenefitPayment.reversed.is_(False)
            )
        )
        year = calendar.year_of(claim.event_date)
        if year not in tables:
            tables[year] = table_in_force(session, year).table
        kind = next((k for k in tables[year].kinds if k.code == claim.kind_code), None)
        loaded.append(
            _Claim(
                claim=claim,
                member=members[claim.member_id],
                family=(
                    None
                    if claim.family_member_id is None
                    else session.get(FamilyMember, claim.family_member_id)
                ),
                payment=payment,
                batch=None
                if payment is None
                else session.get(BenefitPaymentBatch, payment.batch_id),
                kind=kind,
            )
        )
    return loaded


def _detail(item: _Claim) -> str:
    """事由の内容: what the clerk wrote and the facts the amount was computed from."""
    claim, kind = item.claim, item.kind
    facts = []
    if claim.days_off is not None:
        facts.append(f"休業日数 {claim.days_off}日")
    if claim.damage_class:
        found = kind.rule.class_for(claim.damage_class) if kind is not None else None
        facts.append(f"被害の程度 {found.label if found else claim.damage_class}")
    if kind is not None and kind.rule.kind == "per_child":
        facts.append(f"子 {claim.children}人")
    if claim.service_years is not None:
        facts.append(f"勤続 {claim.service_years}年")
    return "　".join([claim.detail.strip(), "　".join(facts)]).strip("　")


def _evidence(item: _Claim) -> str:
    """添付書類: ■ received, □ still missing (the kind's list, then anything else handed in)."""
    received = json.loads(item.claim.evidence_json)
    required = list(item.kind.evidence) if item.kind is not None else []
    papers = [f"{'■' if p in received else '□'}{p}" for p in required]
    papers += [f"■{p}" for p in received if p not in required]
    if item.kind is not None and item.kind.employer_certification:
        papers.append(f"{'■' if item.claim.employer_certified else '□'}事業主証明")
    return "　".join(papers)


def _claim_values(item: _Claim, today: dt.date) -> dict[str, object]:
    claim, member, family = item.claim, item.member, item.family
    return {
        **member_values(member, today),
        "document.date": today,
        "document.number": f"慶弔第{item.number}号",
        "claim.number": item.number,
        "claim.date": claim.claim_date,
        "claim.benefit_name": claim.kind_name,
        "claim.event_date": claim.event_date,
        "claim.subject_name": member.name if family is None else family.name,
        "claim.subject_relation": "本人" if family is None else family.relation,
    }


def _account(item: _Claim) -> dict[str, object]:
    """振込先 of a notice: the account the batch copied when it was committed, else where
    the method sends the money today; nothing for cash."""
    payment, member = item.payment, item.member
    if item.method == "cash":
        return dict(_NO_ACCOUNT)
    source: tuple[str, str, str | None, str, str]
    if payment is not None and payment.bank_code:
        source = (
            payment.bank_code,
            payment.branch_code,
            payment.account_type,
            payment.account_number,
            payment.account_holder_kana,
        )
    elif item.method == "establishment_account":
        est = member.establishment
        source = (
            est.bank_code,
            est.branch_code,
            est.account_type,
            est.account_number,
            est.account_holder_kana,
        )
    else:
        source = (
            member.bank_code,
            member.branch_code,
            member.account_type,
            member.account_number,
            member.account_holder_kana,
        )
    bank_code, branch_code, account_type, number, holder = source
    return account_values(
        "member",
        bank_code=bank_code,
        branch_code=branch_code,
        account_type=account_type,
        account_number=number,
        holder_kana=holder,
    )


_NO_ACCOUNT: dict[str, object] = dict.fromkeys(
    account_values(
        "member", bank_code="", branch_code="", account_type="", account_number="", holder_kana=""
    ),
    "",
)
#: Printed where a 不支給 notice has no payment to tell of, instead of a blank date guide.
NONE_MARK = "―"


def _how_decided(claim: BenefitClaim) -> str:
    """備考 of a 支給 notice: how the amount was computed (the rule's own line is on the
    rulebook); an amount set by an override or a change says so without the internal reason,
    which is for the register, not for the member."""
    if claim.overridden or claim.amount != claim.computed_amount:
        return "審査のうえ支給額を決定しました。"
    steps = claim.explanation.splitlines()[1:]
    return "支給額の算定: " + "　".join(steps) if steps else ""


# -- 慶弔給付金請求書 ---------------------------------------------------------------------------
def claim_form_records(ctx: AppContext, claim_ids: Sequence[int]) -> list[dict[str, object]]:
    """The claim form pre-filled for each claim; 事業主証明 stays for the employer to date.

    The form's 振込先 is the member's own account: filled only when the benefit is paid
    there, left blank when it goes to the establishment or is handed over in cash."""
    today = ctx.today()
    with ctx.reader() as session:
        records = []
        for item in _load(session, claim_ids):
            claim = item.claim
            amount = claim.amount if claim.status in ("approved", "paid") else 0
            own_account = item.method == "member_account"
            records.append(
                {
                    **_claim_values(item, today),
                    **({} if own_account else _NO_ACCOUNT),
                    "claim.detail": _detail(item),
                    "claim.amount": amount or claim.computed_amount or None,
                    "claim.evidence": _evidence(item),
                }
            )
        return records


def print_claim_forms(
    ctx: AppContext,
    claim_ids: Sequence[int],
    out: Output,
    *,
    user_forms_dir: Path | None = None,
    progress: Progress | None = None,
    is_cancelled: Cancelled | None = None,
) -> RenderResult:
    """慶弔給付金請求書 pre-filled, one sheet per claim (the blank one: ``render_blank``)."""
    return render_records(
        ctx,
        "benefit_claim",
        claim_form_records(ctx, claim_ids),
        out,
        user_forms_dir=user_forms_dir,
        progress=progress,
        is_cancelled=is_cancelled,
    )


# -- 給付決定通知書 -----------------------------------------------------------------------------
def decision_records(ctx: AppContext, claim_ids: Sequence[int]) -> list[dict[str, object]]:
    """A notice per decided claim: 支給 with amount, how and when it is paid, or 不支給 with
    the reason. A claim not decided yet is refused, naming it."""
    today = ctx.today()
    with ctx.reader() as session:
        records = []
        for item in _load(session, claim_ids):
            claim = item.claim
            base = {**_claim_values(item, today), "decision.date": claim.decided_on}
            if claim.status == "rejected":
                records.append(
                    {
                        **base,
                        **_NO_ACCOUNT,
                        "decision.result": "不支給",
                        "decision.amount": 0,
                        "decision.payment_date": NONE_MARK,
                        "decision.payment_method": NONE_MARK,
                        "decision.reason": claim.reject_reason,
                    }
                )
            elif claim.status in ("approved", "paid"):
                records.append(
                    {
                        **base,
                        **_account(item),
                        "decision.result": "支給",
                        "decision.amount": claim.amount,
                        "decision.payment_date": (
                            item.batch.payment_date
                            if item.batch is not None
                            else "決まり次第お知らせします"
                        ),
                        "decision.payment_method": METHOD_LABELS[item.method],
                        "decision.reason": _how_decided(claim),
                    }
                )
            else:
                raise RuleViolation(
                    f"請求 {item.number} はまだ決定していません（{STATUS_LABELS[claim.status]}）。"
                )
        return records


def print_decision_notices(
    ctx: AppContext,
    claim_ids: Sequence[int],
    out: Output,
    *,
    user_forms_dir: Path | None = None,
    progress: Progress | None = None,
    is_cancelled: Cancelled | None = None,
) -> RenderResult:
    """給付決定通知書, one sheet per claim, in the order asked."""
    return render_records(
        ctx,
        "benefit_decision",
        decision_records(ctx, claim_ids),
        out,
        user_forms_dir=user_forms_dir,
        progress=progress,
        is_cancelled=is_cancelled,
    )


# -- 給付金支払通知書 ---------------------------------------------------------------------------
def payment_notice_records(ctx: AppContext, claim_ids: Sequence[int]) -> list[dict[str, object]]:
    """A notice per paid claim: amount, date, method and account of its live payment."""
    today = ctx.today()
    with ctx.reader() as session:
        records = []
        for item in _load(session, claim_ids):
            payment, batch = item.payment, item.batch
            if item.claim.status != "paid" or payment is None or batch is None:
                raise RuleViolation(
                    f"請求 {item.number} はまだ支払っていません"
                    f"（{STATUS_LABELS[item.claim.status]}）。"
                )
            records.append(
                {
                    **_claim_values(item, today),
                    **_account(item),
                    "payment.number": batch_number(batch.fiscal_year, batch.seq, label_of(batch)),
                    "payment.date": batch.payment_date,
                    "payment.amount": payment.amount,
                    "payment.method": METHOD_LABELS[payment.method],
                    "payment.note": PAYMENT_NOTES[payment.method],
                }
            )
        return records


def print_payment_notices(
    ctx: AppContext,
    claim_ids: Sequence[int],
    out: Output,
    *,
    user_forms_dir: Path | None = None,
    progress: Progress | None = None,
    is_cancelled: Cancelled | None = None,
) -> RenderResult:
    """給付金支払通知書, one sheet per paid claim (e.g. every claim of a committed batch)."""
    return render_records(
        ctx,
        "benefit_payment_notice",
        payment_notice_records(ctx, claim_ids),
        out,
        user_forms_dir=user_forms_dir,
        progress=progress,
        is_cancelled=is_cancelled,
    )


# -- 支払決議書 -----------------------------------------------------------------------------------
def _payment_columns(mask: bool) -> tuple[ListColumn, ...]:
    return (
        ListColumn("受付番号", "claim", 16),
        ListColumn("会員番号", "member_number", 16),
        ListColumn("氏名", "name", 26),
        ListColumn("事業所", "establishment", 30),
        ListColumn("給付の種類", "kind", 32),
        ListColumn("対象者", "subject", 24),
        ListColumn("支払方法", "method", 18),
        ListColumn("振込先", "bank", 36),
        ListColumn("口座番号", "account", 16, "account_masked" if mask else "text"),
        ListColumn("金額", "amount", 20, "yen", total=True),
    )


def _payment_row(line: BatchLine) -> dict[str, object]:
    account = account_values(
        "x",
        bank_code=line.bank_code,
        branch_code=line.branch_code,
        account_type=line.account_type,
        account_number=line.account_number,
        holder_kana=line.account_holder_kana,
    )
    cash = line.method == "cash"
    return {
        "claim": line.claim_number,
        "member_number": line.member_number,
        "name": line.member_name,
        "establishment": line.establishment_name,
        "kind": line.kind_name,
        "subject": line.subject_name,
        "method": METHOD_SHORT[line.method],
        "bank": ""
        if cash
        else f"{account['x.bank_name']} {account['x.branch_name']} "
        f"{account['x.account_type']}".strip(),
        "account": "" if cash else line.account_number,
        "amount": line.amount,
    }


def payment_list_rows(
    ctx: AppContext, batch_id: int
) -> tuple[ListingSpec, list[dict[str, object]]]:
    """The 支払決議書 of a batch (draft or committed): its spec and rows, by method then
    claim number; reversed payments are left out, as they are of the batch's total."""
    detail = get_batch(ctx, batch_id)
    batch = detail.row
    if batch.status == "cancelled":
        raise RuleViolation(f"支払 {batch.number} は取り消されています。")
    lines = sorted(
        (x for x in detail.lines if not x.reversed),
        key=lambda x: (list(METHOD_SHORT).index(x.method), x.claim_number),
    )
    with ctx.reader() as session:
        mask = load_print_settings(session).mask_accounts
    by_method = []
    for method, label in METHOD_SHORT.items():
        mine = [x for x in lines if x.method == method]
        by_method.append(f"{label} {len(mine)}件 {format_yen(sum(x.amount for x in mine))}円")
    reversed_count = sum(1 for x in detail.lines if x.reversed)
    conditions = [
        "下記のとおり慶弔給付金を支払ってよろしいか伺います。",
        f"支払番号 {batch.number}　支払日 {format_wareki(batch.payment_date, weekday=True)}"
        f"　状態 {BATCH_STATUS_LABELS[batch.status]}",
        "支払方法別　" + "／".join(by_method),
        f"合計 {len(lines)}件 {format_yen(sum(x.amount for x in lines))}円"
        + (f"（支払取消 {reversed_count}件を除く）" if reversed_count else ""),
    ]
    profile = load_profile(ctx)
    spec = ListingSpec(
        title="慶弔給付金 支払決議書",
        columns=_payment_columns(mask),
        printed_on=ctx.today(),
        conditions=tuple(conditions),
        society_name=profile.name if profile else "",
        unit_note="単位:円",
        landscape=True,
        totals_label="合計",
        approvals=APPROVERS,
    )
    return spec, [_payment_row(x) for x in lines]


def print_payment_list(
    ctx: AppContext,
    batch_id: int,
    out: Output,
    *,
    progress: Progress | None = None,
    is_cancelled: Cancelled | None = None,
) -> RenderResult:
    """支払決議書 (A4 landscape): each claim of the batch, count and total per method and
    overall, and the 決裁欄 (会長・事務局長・担当) on the first page."""
    spec, rows = payment_list_rows(ctx, batch_id)
    return render_listing(spec, rows, out, progress=progress, is_cancelled=is_cancelled)
