"""Benefit payment batches (給付の支払): choose approved claims, commit, post, write the bank file.

A batch is a draft until it is committed: claims can be added, removed and their payment
method changed. Committing checks every transfer as the bank file will (account digits,
payee name in bank kana) and refuses naming the member before anything is written; then, in
one transaction, it copies each account onto its payment, marks every claim paid, and posts
one cash-book entry per claim (the kind's 科目, else the ``benefits`` posting item). The
Zengin file is built from the committed payments only, so it always matches the books.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import (
    BankAccount,
    BenefitClaim,
    BenefitPayment,
    BenefitPaymentBatch,
    Establishment,
    FamilyMember,
    Item,
    Member,
    utcnow,
)
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.holidays import holiday_name, is_business_day, next_business_day
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.domain.zengin import (
    ZenginHeader,
    ZenginSettings,
    ZenginTransfer,
    build_zengin_file,
    zengin_records,
)
from gojokai_desktop.exports.zengin_file import write_zengin_file
from gojokai_desktop.services import ledger
from gojokai_desktop.services.bank_codes import bank, branch
from gojokai_desktop.services.benefit_claim_views import (
    METHOD_LABELS,
    ClaimFilter,
    ClaimRow,
    batch_number,
    claim_number,
    list_claims,
)
from gojokai_desktop.services.benefit_claims import add_step
from gojokai_desktop.services.benefit_tables import calendar_of_session, table_in_force
from gojokai_desktop.services.benefit_zengin import ZenginAccount, load_zengin_account
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.ledger_setup import account_id_of, find_item, item_for_purpose

BATCH_STATUS_LABELS = {"draft": "作成中", "committed": "支払済", "cancelled": "取消"}
TRANSFER_METHODS = ("member_account", "establishment_account")


@dataclass(frozen=True)
class BatchRow:
    """One payment batch, for the list of batches and the CLI."""

    id: int
    number: str
    fiscal_year: int
    payment_date: dt.date
    status: str
    claim_count: int
    total_amount: int
    transfer_count: int
    transfer_total: int
    note: str
    created_by: str
    committed_at: dt.datetime | None
    committed_by: str | None
    zengin_file: str | None
    zengin_written_at: dt.datetime | None

    @property
    def status_label(self) -> str:
        return BATCH_STATUS_LABELS[self.status]


@dataclass(frozen=True)
class BatchLine:
    """One claim in a batch with how it is paid; ``problem`` says what blocks a transfer."""

    payment_id: int
    claim_id: int
    claim_number: str
    member_number: str
    member_name: str
    establishment_name: str
    kind_code: str
    kind_name: str
    subject_name: str
    event_date: dt.date
    method: str
    amount: int
    payee_name: str
    bank_code: str
    branch_code: str
    account_type: str
    account_number: str
    account_holder_kana: str
    reversed: bool
    problem: str

    @property
    def method_label(self) -> str:
        return METHOD_LABELS[self.method]


@dataclass(frozen=True)
class BatchDetail:
    row: BatchRow
    lines: tuple[BatchLine, ...]


@dataclass(frozen=True)
class ZenginWritten:
    path: Path
    size: int
    count: int
    total: int


def _number(batch: BenefitPaymentBatch) -> str:
    return batch_number(batch.fiscal_year, batch.seq)


def _batch(session: Session, batch_id: int) -> BenefitPaymentBatch:
    batch = session.get(BenefitPaymentBatch, batch_id)
    if batch is None:
        raise ValidationError("指定の支払バッチがありません", "支払バッチ")
    return batch


def _draft(session: Session, batch_id: int) -> BenefitPaymentBatch:
    batch = _batch(session, batch_id)
    if batch.status != "draft":
        number = _number(batch)
        raise RuleViolation(
            f"支払 {number} は「{BATCH_STATUS_LABELS[batch.status]}」のため変更できません。"
        )
    return batch


def check_payment_date(day: dt.date) -> None:
    """Transfers happen on bank business days only: a weekend or holiday is refused with the
    next business day suggested."""
    if not is_business_day(day):
        why = holiday_name(day) or ("土曜日" if day.weekday() == 5 else "日曜日")
        if not holiday_name(day) and day.weekday() < 5:
            why = "銀行の休業日"
        following = format_wareki(next_business_day(day), weekday=True)
        raise ValidationError(
            f"{format_wareki(day, weekday=True)}は{why}です。銀行の営業日にしてください"
            f"（次の営業日は{following}）",
            "支払日",
        )


def _add_claims(
    uow: UnitOfWork,
    batch: BenefitPaymentBatch,
    claim_ids: Iterable[int],
    methods: dict[int, str] | None,
) -> None:
    session = uow.session
    for claim_id in dict.fromkeys(claim_ids):
        claim = session.get(BenefitClaim, claim_id)
        if claim is None:
            raise ValidationError("指定の請求がありません", "請求")
        number = claim_number(claim.fiscal_year, claim.seq)
        if claim.status != "approved":
            raise RuleViolation(f"請求 {number} は支給決定されていないため支払に入れられません。")
        live = session.scalar(
            select(BenefitPayment.batch_id).where(
                BenefitPayment.claim_id == claim.id, BenefitPayment.reversed.is_(False)
            )
        )
        if live is not None:
            other = _batch(session, live)
            raise RuleViolation(f"請求 {number} は既に支払 {_number(other)} に入っています。")
        method = (methods or {}).get(claim.id, claim.payment_method)
        if method not in METHOD_LABELS:
            raise ValidationError(f"請求 {number}: 支払方法が正しくありません", "支払方法")
        session.add(
            BenefitPayment(batch_id=batch.id, claim_id=claim.id, method=method, amount=claim.amount)
        )
        add_step(
            uow,
            claim,
            "batched",
            amount=claim.amount,
            reason=_number(batch),
        )
    uow.flush()
    _recount(session, batch)


def _recount(session: Session, batch: BenefitPaymentBatch) -> None:
    count, total = session.execute(
        select(func.count(), func.coalesce(func.sum(BenefitPayment.amount), 0)).where(
            BenefitPayment.batch_id == batch.id, BenefitPayment.reversed.is_(False)
        )
    ).one()
    batch.claim_count = int(count)
    batch.total_amount = int(total)


def create_batch(
    ctx: AppContext,
    payment_date: dt.date,
    claim_ids: Sequence[int],
    *,
    methods: dict[int, str] | None = None,
    note: str = "",
) -> BatchDetail:
    """A new draft batch paying ``claim_ids`` on ``payment_date`` (a bank business day)."""
    check_payment_date(payment_date)
    if not claim_ids:
        raise ValidationError("支払う請求を1件以上選んでください", "請求")
    with ctx.unit_of_work("給付の支払バッチ作成") as uow:
        session = uow.session
        fiscal_year = calendar_of_session(session).year_of(payment_date)
        last = session.scalar(
            select(func.max(BenefitPaymentBatch.seq)).where(
                BenefitPaymentBatch.fiscal_year == fiscal_year
            )
        )
        batch = BenefitPaymentBatch(
            fiscal_year=fiscal_year,
            seq=(last or 0) + 1,
            payment_date=payment_date,
            status="draft",
            note=note.strip()[:200],
            created_by=uow.actor.name,
        )
        session.add(batch)
        uow.flush()
        _add_claims(uow, batch, claim_ids, methods)
        uow.commit()
        batch_id = batch.id
    return get_batch(ctx, batch_id)


def add_to_batch(
    ctx: AppContext, batch_id: int, claim_ids: Sequence[int], methods: dict[int, str] | None = None
) -> BatchDetail:
    with ctx.unit_of_work("支払バッチへの追加") as uow:
        batch = _draft(uow.session, batch_id)
        _add_claims(uow, batch, claim_ids, methods)
        uow.commit()
    return get_batch(ctx, batch_id)


def remove_from_batch(ctx: AppContext, batch_id: int, claim_ids: Sequence[int]) -> BatchDetail:
    """Take claims out of a draft (they stay approved, ready for another batch)."""
    with ctx.unit_of_work("支払バッチからの除外") as uow:
        session = uow.session
        batch = _draft(session, batch_id)
        for payment in session.scalars(
            select(BenefitPayment).where(
                BenefitPayment.batch_id == batch.id, BenefitPayment.claim_id.in_(claim_ids)
            )
        ):
            claim = session.get(BenefitClaim, payment.claim_id)
            assert claim is not None
            add_step(uow, claim, "unbatched", reason=_number(batch))
            session.delete(payment)  # a draft line is not in the books yet
        uow.flush()
        _recount(session, batch)
        uow.commit()
    return get_batch(ctx, batch_id)


def set_method(ctx: AppContext, payment_id: int, method: str) -> BatchDetail:
    """Change how one claim of a draft is paid (cash, member's or establishment's account)."""
    if method not in METHOD_LABELS:
        raise ValidationError(f"支払方法は{'・'.join(METHOD_LABELS.values())}です", "支払方法")
    with ctx.unit_of_work("支払方法の変更") as uow:
        payment = uow.session.get(BenefitPayment, payment_id)
        if payment is None:
            raise ValidationError("指定の支払がありません", "支払")
        _draft(uow.session, payment.batch_id)
        payment.method = method
        uow.commit()
        batch_id = payment.batch_id
    return get_batch(ctx, batch_id)


def set_payment_date(ctx: AppContext, batch_id: int, payment_date: dt.date) -> BatchDetail:
    check_payment_date(payment_date)
    with ctx.unit_of_work("支払日の変更") as uow:
        batch = _draft(uow.session, batch_id)
        if calendar_of_session(uow.session).year_of(payment_date) != batch.fiscal_year:
            raise ValidationError("支払日は同じ年度の日付にしてください", "支払日")
        batch.payment_date = payment_date
        uow.commit()
    return get_batch(ctx, batch_id)


def cancel_batch(ctx: AppContext, batch_id: int, reason: str) -> BatchDetail:
    """Give up a draft: its claims stay approved; the batch keeps its number, marked 取消."""
    text = reason.strip()
    if not text:
        raise ValidationError("取消の理由を入力してください", "取消理由")
    with ctx.unit_of_work("支払バッチの取消") as uow:
        batch = _draft(uow.session, batch_id)
        claim_ids = list(
            uow.session.scalars(
                select(BenefitPayment.claim_id).where(BenefitPayment.batch_id == batch.id)
            )
        )
        uow.commit()
    if claim_ids:
        remove_from_batch(ctx, batch_id, claim_ids)
    with ctx.unit_of_work("支払バッチの取消") as uow:
        batch = _draft(uow.session, batch_id)
        batch.status = "cancelled"
        batch.note = f"取消: {text}"[:200]
        uow.commit()
    return get_batch(ctx, batch_id)


# -- where the money goes -------------------------------------------------------------------
def _account_of(session: Session, claim: BenefitClaim, method: str) -> tuple[str, ...]:
    """(payee, bank, branch, type, number, holder kana) for a transfer, from today's records."""
    member = session.get(Member, claim.member_id)
    assert member is not None
    if method == "member_account":
        return (
            member.name,
            member.bank_code,
            member.branch_code,
            member.account_type or "",
            member.account_number,
            member.account_holder_kana,
        )
    est = session.get(Establishment, member.establishment_id)
    assert est is not None
    return (
        est.name,
        est.bank_code,
        est.branch_code,
        est.account_type or "",
        est.account_number,
        est.account_holder_kana,
    )


def _transfer(
    label: str, account: Sequence[str], amount: int, customer_code: str
) -> ZenginTransfer:
    _payee, bank_code, branch_code, account_type, number, holder = account
    found_bank = bank(bank_code)
    found_branch = branch(bank_code, branch_code)
    return ZenginTransfer(
        payee_label=label,
        bank_code=bank_code,
        bank_name=found_bank.kana if found_bank else "",
        branch_code=branch_code,
        branch_name=found_branch.kana if found_branch else "",
        account_type=account_type,
        account_number=number,
        payee_name=holder,
        amount=amount,
        customer_code1=customer_code,
    )


def _missing_account(method: str, account: Sequence[str]) -> str:
    if method == "cash":
        return ""
    whose = "会員" if method == "member_account" else "事業所"
    _payee, bank_code, branch_code, account_type, number, holder = account
    if not (bank_code and branch_code and account_type and number and holder):
        return f"{whose}の振込先口座が登録されていません"
    return ""


def _label(member: Member) -> str:
    return f"{member.number} {member.name}"


def _check_transfers(
    session: Session, batch: BenefitPaymentBatch, zengin: ZenginAccount | None
) -> list[tuple[BenefitPayment, tuple[str, ...]]]:
    """Every payment with its account; the transfers are built exactly as the bank file will
    be, so any problem is refused now, naming the member, before anything is written."""
    lines = []
    transfers = []
    live = (BenefitPayment.batch_id == batch.id, BenefitPayment.reversed.is_(False))
    # One read brings every claim, member and establishment of the batch into the session, so
    # the lookups below do not each go to the database (a batch may hold 1,000 claims).
    session.execute(
        select(BenefitPayment, BenefitClaim, Member, Establishment)
        .join(BenefitClaim, BenefitClaim.id == BenefitPayment.claim_id)
        .join(Member, Member.id == BenefitClaim.member_id)
        .join(Establishment, Establishment.id == Member.establishment_id)
        .where(*live)
    ).all()
    for payment in session.scalars(select(BenefitPayment).where(*live).order_by(BenefitPayment.id)):
        claim = session.get(BenefitClaim, payment.claim_id)
        assert claim is not None
        member = session.get(Member, claim.member_id)
        assert member is not None
        account = _account_of(session, claim, payment.method)
        if payment.method != "cash":
            problem = _missing_account(payment.method, account)
            if problem:
                raise ValidationError(f"{_label(member)}: {problem}", f"{_label(member)}の口座")
            transfers.append(_transfer(_label(member), account, payment.amount, member.number))
        lines.append((payment, account))
    if transfers:
        if zengin is None:
            raise RuleViolation(
                "振込があるのに、振込元（団体の口座）と全銀ファイルの設定がありません。"
                "［慶弔給付］→［振込設定］で登録してください。"
            )
        zengin_records(zengin.header(batch.payment_date), transfers, zengin.settings)
    return lines


def _posting_item(
    uow: UnitOfWork, claim: BenefitClaim, fiscal_year: int, found: dict[tuple[str, int], Item]
) -> Item:
    """The item a claim is paid from; ``found`` remembers it per kind and table year, so a
    batch reads and parses each benefit table once."""
    event_year = calendar_of_session(uow.session).year_of(claim.event_date)
    key = (claim.kind_code, event_year)
    if key not in found:
        found[key] = _item_of_kind(uow, claim, event_year, fiscal_year)
    return found[key]


def _item_of_kind(uow: UnitOfWork, claim: BenefitClaim, event_year: int, fiscal_year: int) -> Item:
    table = table_in_force(uow, event_year)
    try:
        code = table.table.kind(claim.kind_code).item_code
    except ValidationError:
        code = ""
    if code:
        found = find_item(uow, account_id_of(uow, None), code)
        if found is not None:
            return found
    return item_for_purpose(uow, "benefits", fiscal_year)


def _bank_account_id(uow: UnitOfWork, zengin: ZenginAccount | None, account_id: int) -> int:
    if zengin is not None and zengin.bank_account_id is not None:
        return zengin.bank_account_id
    found = uow.session.scalar(
        select(BankAccount.id).where(BankAccount.account_id == account_id).order_by(BankAccount.id)
    )
    if found is None:
        raise RuleViolation(
            "振込の支払には預金口座が必要です。会計の設定で口座を登録してください。"
        )
    return found


def commit_batch(ctx: AppContext, batch_id: int) -> BatchDetail:
    """支払確定: every claim paid and posted in one transaction, or nothing at all."""
    with ctx.unit_of_work("給付の支払確定") as uow:
        session = uow.session
        batch = _draft(session, batch_id)
        if batch.claim_count == 0:
            raise RuleViolation("支払う請求が1件もありません。")
        zengin = load_zengin_account(session)
        fiscal_year = ledger.open_fiscal_year(uow, batch.payment_date)
        items: dict[tuple[str, int], Item] = {}
        for payment, account in _check_transfers(session, batch, zengin):
            claim = session.get(BenefitClaim, payment.claim_id)
            assert claim is not None
            if claim.status != "approved" or claim.amount != payment.amount:
                raise RuleViolation(
                    f"請求 {claim_number(claim.fiscal_year, claim.seq)} の状態か金額が"
                    "変わっています。"
                    "一覧を更新してやり直してください。"
                )
            member = session.get(Member, claim.member_id)
            assert member is not None
            (
                payment.payee_name,
                payment.bank_code,
                payment.branch_code,
                payment.account_type,
                payment.account_number,
                payment.account_holder_kana,
            ) = account if payment.method != "cash" else (member.name, "", "", "", "", "")
            item = _posting_item(uow, claim, fiscal_year, items)
            cash = payment.method == "cash"
            payment.entry_id = ledger.post(
                uow,
                date=batch.payment_date,
                amount=payment.amount,
                description=f"{claim.kind_name} {member.name}"
                f"（{claim_number(claim.fiscal_year, claim.seq)}）",
                item=item.id,
                method="cash" if cash else "bank",
                bank_account=None if cash else _bank_account_id(uow, zengin, item.account_id),
                counterparty=member.name,
                source=("benefit_payment", payment.id),
            )
            claim.status = "paid"
            claim.paid_on = batch.payment_date
            add_step(
                uow,
                claim,
                "paid",
                amount=payment.amount,
                reason=_number(batch),
            )
        batch.status = "committed"
        batch.committed_at = utcnow()
        batch.committed_by = uow.actor.name
        uow.commit()
    return get_batch(ctx, batch_id)


def reverse_payment(ctx: AppContext, payment_id: int, reason: str, on: dt.date) -> BatchDetail:
    """支払の取消 (a returned transfer, a mistaken payment): the cash-book entry is reversed on
    ``on``, the claim goes back to 支給決定 and can be paid again in another batch."""
    text = reason.strip()
    if not text:
        raise ValidationError("取消の理由を入力してください", "取消理由")
    with ctx.unit_of_work("給付の支払取消") as uow:
        session = uow.session
        payment = session.get(BenefitPayment, payment_id)
        if payment is None or payment.reversed:
            raise RuleViolation("取り消せる支払がありません。")
        batch = _batch(session, payment.batch_id)
        if batch.status != "committed":
            raise RuleViolation("確定していない支払は、バッチから外してください。")
        claim = session.get(BenefitClaim, payment.claim_id)
        assert claim is not None
        if payment.entry_id is not None:
            ledger.reverse(uow, payment.entry_id, date=on, reason=text)
        payment.reversed = True
        payment.reverse_reason = text[:200]
        payment.reversed_on = on
        claim.status = "approved"
        claim.paid_on = None
        add_step(uow, claim, "payment_reversed", amount=payment.amount, reason=text)
        uow.flush()
        _recount(session, batch)
        uow.commit()
        batch_id = batch.id
    return get_batch(ctx, batch_id)


# -- the bank file ----------------------------------------------------------------------------
def zengin_bytes(ctx: AppContext, batch_id: int) -> tuple[bytes, int, int]:
    """The bank file of a committed batch (bytes, count, total) from its payments."""
    header, transfers, settings = _zengin_parts(ctx, batch_id)
    data = build_zengin_file(header, transfers, settings)
    return data, len(transfers), sum(t.amount for t in transfers)


def _zengin_parts(
    ctx: AppContext, batch_id: int
) -> tuple[ZenginHeader, list[ZenginTransfer], ZenginSettings]:
    with ctx.reader() as session:
        batch = _batch(session, batch_id)
        if batch.status != "committed":
            raise RuleViolation("全銀ファイルは支払を確定してから作成します。")
        zengin = load_zengin_account(session)
        if zengin is None:
            raise RuleViolation("振込元（団体の口座）と全銀ファイルの設定がありません。")
        rows = session.execute(
            select(BenefitPayment, Member)
            .join(BenefitClaim, BenefitClaim.id == BenefitPayment.claim_id)
            .join(Member, Member.id == BenefitClaim.member_id)
            .where(
                BenefitPayment.batch_id == batch.id,
                BenefitPayment.reversed.is_(False),
                BenefitPayment.method.in_(TRANSFER_METHODS),
            )
            .order_by(BenefitPayment.id)
        ).all()
        if not rows:
            raise RuleViolation("この支払には振込がありません（すべて現金です）。")
        transfers = [
            _transfer(
                _label(member),
                (
                    p.payee_name,
                    p.bank_code,
                    p.branch_code,
                    p.account_type,
                    p.account_number,
                    p.account_holder_kana,
                ),
                p.amount,
                member.number,
            )
            for p, member in rows
        ]
        return zengin.header(batch.payment_date), transfers, zengin.settings


def write_zengin(ctx: AppContext, batch_id: int, path: Path) -> ZenginWritten:
    """Write the batch's 総合振込 file (never over an existing file) and note it on the batch."""
    header, transfers, settings = _zengin_parts(ctx, batch_id)
    size = write_zengin_file(path, header, transfers, settings)
    with ctx.unit_of_work("全銀ファイルの作成") as uow:
        batch = _batch(uow.session, batch_id)
        batch.zengin_file = str(path)[:260]
        batch.zengin_written_at = utcnow()
        uow.audit(
            "benefit_payment_batches", str(batch.id), {"zengin_file": str(path), "bytes": size}
        )
        uow.commit()
    return ZenginWritten(path, size, len(transfers), sum(t.amount for t in transfers))


# -- reading --------------------------------------------------------------------------------
def _batch_row(session: Session, batch: BenefitPaymentBatch) -> BatchRow:
    transfer_count, transfer_total = session.execute(
        select(func.count(), func.coalesce(func.sum(BenefitPayment.amount), 0)).where(
            BenefitPayment.batch_id == batch.id,
            BenefitPayment.reversed.is_(False),
            BenefitPayment.method.in_(TRANSFER_METHODS),
        )
    ).one()
    return BatchRow(
        id=batch.id,
        number=_number(batch),
        fiscal_year=batch.fiscal_year,
        payment_date=batch.payment_date,
        status=batch.status,
        claim_count=batch.claim_count,
        total_amount=batch.total_amount,
        transfer_count=int(transfer_count),
        transfer_total=int(transfer_total),
        note=batch.note,
        created_by=batch.created_by,
        committed_at=batch.committed_at,
        committed_by=batch.committed_by,
        zengin_file=batch.zengin_file,
        zengin_written_at=batch.zengin_written_at,
    )


def list_batches(ctx: AppContext, fiscal_year: int | None = None) -> list[BatchRow]:
    """Batches, newest first."""
    with ctx.reader() as session:
        query = select(BenefitPaymentBatch).order_by(
            BenefitPaymentBatch.payment_date.desc(), BenefitPaymentBatch.id.desc()
        )
        if fiscal_year is not None:
            query = query.where(BenefitPaymentBatch.fiscal_year == fiscal_year)
        return [_batch_row(session, b) for b in session.scalars(query)]


def get_batch(ctx: AppContext, batch_id: int) -> BatchDetail:
    with ctx.reader() as session:
        batch = _batch(session, batch_id)
        rows = session.execute(
            select(BenefitPayment, BenefitClaim, Member, Establishment.name, FamilyMember.name)
            .join(BenefitClaim, BenefitClaim.id == BenefitPayment.claim_id)
            .join(Member, Member.id == BenefitClaim.member_id)
            .join(Establishment, Establishment.id == Member.establishment_id)
            .outerjoin(FamilyMember, FamilyMember.id == BenefitClaim.family_member_id)
            .where(BenefitPayment.batch_id == batch.id)
            .order_by(BenefitPayment.id)
        ).all()
        lines = []
        for payment, claim, member, est_name, family_name in rows:
            committed = batch.status == "committed"
            account = (
                (
                    payment.payee_name,
                    payment.bank_code,
                    payment.branch_code,
                    payment.account_type,
                    payment.account_number,
                    payment.account_holder_kana,
                )
                if committed
                else _account_of(session, claim, payment.method)
            )
            if payment.method == "cash":
                account = (member.name, "", "", "", "", "")
            lines.append(
                BatchLine(
                    payment_id=payment.id,
                    claim_id=claim.id,
                    claim_number=claim_number(claim.fiscal_year, claim.seq),
                    member_number=member.number,
                    member_name=member.name,
                    establishment_name=est_name,
                    kind_code=claim.kind_code,
                    kind_name=claim.kind_name,
                    subject_name=family_name or member.name,
                    event_date=claim.event_date,
                    method=payment.method,
                    amount=payment.amount,
                    payee_name=account[0],
                    bank_code=account[1],
                    branch_code=account[2],
                    account_type=account[3],
                    account_number=account[4],
                    account_holder_kana=account[5],
                    reversed=payment.reversed,
                    problem="" if committed else _missing_account(payment.method, account),
                )
            )
        return BatchDetail(_batch_row(session, batch), tuple(lines))


def payable_claims(ctx: AppContext) -> list[ClaimRow]:
    """Approved claims not yet in a batch: what the next batch can pay."""
    return [
        row for row in list_claims(ctx, ClaimFilter(statuses=("approved",))) if not row.batch_label
    ]
