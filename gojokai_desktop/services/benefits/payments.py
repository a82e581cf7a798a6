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
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.chunks import in_lists
from gojokai_desktop.db.errors import retry_on_conflict
from gojokai_desktop.db.models import (
    BankAccount,
    BenefitClaim,
    BenefitPayment,
    BenefitPaymentBatch,
    CashBookEntry,
    Establishment,
    Item,
    Member,
    SubLedger,
    utcnow,
)
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.holidays import holiday_name, is_business_day, next_business_day
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.domain.zengin import zengin_records
from gojokai_desktop.services import numbering
from gojokai_desktop.services.accounts import ledger
from gojokai_desktop.services.accounts.setup import account_id_of, find_item, item_for_purpose
from gojokai_desktop.services.benefits.batch_views import (
    BATCH_STATUS_LABELS,
    BatchDetail,
    account_of,
    batch_of,
    get_batch,
    missing_account,
    number_of,
)
from gojokai_desktop.services.benefits.claim_views import (
    METHOD_LABELS,
    number_of_claim,
)
from gojokai_desktop.services.benefits.claims import add_step
from gojokai_desktop.services.benefits.tables import calendar_of_session, table_in_force
from gojokai_desktop.services.benefits.zengin import (
    ZenginAccount,
    load_zengin_account,
    payee_label,
    transfer_of,
)
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.numbering import next_number


def _draft(session: Session, batch_id: int) -> BenefitPaymentBatch:
    """The draft batch, locked: a second PC committing or changing it waits, then sees it."""
    batch = batch_of(session, batch_id, lock=True)
    if batch.status != "draft":
        number = number_of(batch)
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


_Row = TypeVar("_Row", BenefitClaim, Member)


def _rows_by_id(session: Session, model: type[_Row], ids: list[int]) -> dict[int, _Row]:
    """The rows of ``ids`` read in a few queries and held (the session alone holds them
    weakly, and a batch asks for each one again)."""
    found: dict[int, _Row] = {}
    for chunk in in_lists(list(dict.fromkeys(ids))):
        found.update(
            (row.id, row) for row in session.scalars(select(model).where(model.id.in_(chunk)))
        )
    return found


def _add_claims(
    uow: UnitOfWork,
    batch: BenefitPaymentBatch,
    claim_ids: Iterable[int],
    methods: dict[int, str] | None,
) -> None:
    session = uow.session
    ids = list(dict.fromkeys(claim_ids))
    # The claims and their live payments read in a few queries, not two per claim.
    claims = _rows_by_id(session, BenefitClaim, ids)
    live_batches: dict[int, int] = {}
    for chunk in in_lists(ids):
        rows = session.execute(
            select(BenefitPayment.claim_id, BenefitPayment.batch_id).where(
                BenefitPayment.claim_id.in_(chunk),
                BenefitPayment.reversed.is_(False),
            )
        )
        live_batches.update((int(claim), int(batch)) for claim, batch in rows)
    for claim_id in ids:
        claim = claims.get(claim_id)
        if claim is None:
            raise ValidationError("指定の請求がありません", "請求")
        number = number_of_claim(claim)
        if claim.status != "approved":
            raise RuleViolation(f"請求 {number} は支給決定されていないため支払に入れられません。")
        live = live_batches.get(claim.id)
        if live is not None:
            other = batch_of(session, live)
            raise RuleViolation(f"請求 {number} は既に支払 {number_of(other)} に入っています。")
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
            reason=number_of(batch),
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


@retry_on_conflict
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

        def last() -> int:
            return int(
                session.scalar(
                    select(func.max(BenefitPaymentBatch.seq)).where(
                        BenefitPaymentBatch.fiscal_year == fiscal_year
                    )
                )
                or 0
            )

        batch = BenefitPaymentBatch(
            fiscal_year=fiscal_year,
            seq=next_number(uow, numbering.PAYMENT_BATCH, fiscal_year, floor=last),
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


def _remove(uow: UnitOfWork, batch: BenefitPaymentBatch, claim_ids: Sequence[int]) -> None:
    session = uow.session
    for payment in session.scalars(
        select(BenefitPayment).where(
            BenefitPayment.batch_id == batch.id, BenefitPayment.claim_id.in_(claim_ids)
        )
    ):
        claim = session.get(BenefitClaim, payment.claim_id)
        assert claim is not None
        add_step(uow, claim, "unbatched", reason=number_of(batch))
        session.delete(payment)  # a draft line is not in the books yet
    uow.flush()
    _recount(session, batch)


def remove_from_batch(ctx: AppContext, batch_id: int, claim_ids: Sequence[int]) -> BatchDetail:
    """Take claims out of a draft (they stay approved, ready for another batch)."""
    with ctx.unit_of_work("支払バッチからの除外") as uow:
        _remove(uow, _draft(uow.session, batch_id), claim_ids)
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
        _remove(uow, batch, claim_ids)
        batch.status = "cancelled"
        batch.note = f"取消: {text}"[:200]
        uow.commit()
    return get_batch(ctx, batch_id)


# -- where the money goes -------------------------------------------------------------------
def _check_transfers(
    session: Session, batch: BenefitPaymentBatch, zengin: ZenginAccount | None
) -> list[tuple[BenefitPayment, BenefitClaim, Member, tuple[str, ...]]]:
    """Every payment with its claim, member and account; the transfers are built exactly as
    the bank file will be, so any problem is refused now, naming the member, before
    anything is written."""
    lines = []
    transfers = []
    # One read brings every payment, claim, member and establishment of the batch (a batch
    # may hold 1,000 claims); the rows are held while used, since the session alone holds
    # them only weakly.
    rows = session.execute(
        select(BenefitPayment, BenefitClaim, Member, Establishment)
        .join(BenefitClaim, BenefitClaim.id == BenefitPayment.claim_id)
        .join(Member, Member.id == BenefitClaim.member_id)
        .join(Establishment, Establishment.id == Member.establishment_id)
        .where(BenefitPayment.batch_id == batch.id, BenefitPayment.reversed.is_(False))
        .order_by(BenefitPayment.id)
    ).all()
    for payment, claim, member, _establishment in rows:
        account = account_of(session, claim, payment.method)
        if payment.method != "cash":
            problem = missing_account(payment.method, account)
            if problem:
                who = payee_label(member)
                raise ValidationError(f"{who}: {problem}", f"{who}の口座")
            label = payee_label(member)
            transfers.append(transfer_of(label, account, payment.amount, member.number))
        lines.append((payment, claim, member, account))
    if transfers:
        if zengin is None:
            raise RuleViolation(
                "振込があるのに、振込元（団体の口座）と全銀ファイルの設定がありません。"
                "［慶弔給付］→［振込設定］で登録してください。"
            )
        zengin_records(zengin.header(batch.payment_date), transfers, zengin.settings)
    return lines


def _posting_item(
    uow: UnitOfWork,
    claim: BenefitClaim,
    fiscal_year: int,
    found: dict[tuple[str, int], tuple[Item, str | None]],
) -> tuple[Item, str | None]:
    """The item a claim is paid from and its 経理区分 (when the account keeps the kind's);
    ``found`` remembers them per kind and table year, so a batch parses each table once."""
    event_year = calendar_of_session(uow.session).year_of(claim.event_date)
    key = (claim.kind_code, event_year)
    if key not in found:
        found[key] = _item_of_kind(uow, claim, event_year, fiscal_year)
    return found[key]


def _item_of_kind(
    uow: UnitOfWork, claim: BenefitClaim, event_year: int, fiscal_year: int
) -> tuple[Item, str | None]:
    table = table_in_force(uow, event_year)
    try:
        kind = table.table.kind(claim.kind_code)
        code, sub_ledger = kind.item_code, kind.sub_ledger
    except ValidationError:  # the kind left a later table: the general benefits item
        code, sub_ledger = "", ""
    item = find_item(uow, account_id_of(uow, None), code) if code else None
    if item is None:
        item = item_for_purpose(uow, "benefits", fiscal_year)
    kept = sub_ledger and uow.session.scalar(
        select(SubLedger.id).where(
            SubLedger.account_id == item.account_id, SubLedger.code == sub_ledger
        )
    )
    return item, sub_ledger if kept else None


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


@retry_on_conflict
def commit_batch(ctx: AppContext, batch_id: int) -> BatchDetail:
    """支払確定: every claim paid and posted in one transaction, or nothing at all."""
    with ctx.unit_of_work("給付の支払確定") as uow:
        session = uow.session
        batch = _draft(session, batch_id)
        if batch.claim_count == 0:
            raise RuleViolation("支払う請求が1件もありません。")
        zengin = load_zengin_account(session)
        fiscal_year = ledger.open_fiscal_year(uow, batch.payment_date)
        items: dict[tuple[str, int], tuple[Item, str | None]] = {}
        checked = _check_transfers(session, batch, zengin)
        banks: dict[int, int] = {}
        posted: list[tuple[BenefitPayment, CashBookEntry]] = []
        # Every entry, payment and claim is written by one flush after the loop (a flush per
        # claim, each with its audit entries and row hashes, took 8 s for 1,000 claims).
        with session.no_autoflush:
            for payment, claim, member, account in checked:
                if claim.status != "approved" or claim.amount != payment.amount:
                    raise RuleViolation(
                        f"請求 {number_of_claim(claim)} の状態か金額が"
                        "変わっています。"
                        "一覧を更新してやり直してください。"
                    )
                (
                    payment.payee_name,
                    payment.bank_code,
                    payment.branch_code,
                    payment.account_type,
                    payment.account_number,
                    payment.account_holder_kana,
                ) = account if payment.method != "cash" else (member.name, "", "", "", "", "")
                item, sub_ledger = _posting_item(uow, claim, fiscal_year, items)
                cash = payment.method == "cash"
                if not cash and item.account_id not in banks:
                    banks[item.account_id] = _bank_account_id(uow, zengin, item.account_id)
                (entry,) = ledger.stage_lines(
                    uow,
                    date=batch.payment_date,
                    amounts=[(payment.amount, sub_ledger)],
                    description=f"{claim.kind_name} {member.name}（{number_of_claim(claim)}）",
                    item=item.id,
                    method="cash" if cash else "bank",
                    bank_account=None if cash else banks[item.account_id],
                    counterparty=member.name,
                    source=("benefit_payment", payment.id),
                )
                posted.append((payment, entry))
                claim.status = "paid"
                claim.paid_on = batch.payment_date
                add_step(
                    uow,
                    claim,
                    "paid",
                    amount=payment.amount,
                    reason=number_of(batch),
                )
        uow.flush()
        for payment, entry in posted:
            payment.entry_id = entry.id
        batch.status = "committed"
        batch.committed_at = utcnow()
        batch.committed_by = uow.actor.name
        uow.commit()
    return get_batch(ctx, batch_id)


@retry_on_conflict
def reverse_payment(ctx: AppContext, payment_id: int, reason: str, on: dt.date) -> BatchDetail:
    """支払の取消 (a returned transfer, a mistaken payment): the cash-book entry is reversed on
    ``on``, the claim goes back to 支給決定 and can be paid again in another batch."""
    text = reason.strip()
    if not text:
        raise ValidationError("取消の理由を入力してください", "取消理由")
    with ctx.unit_of_work("給付の支払取消") as uow:
        session = uow.session
        payment = session.get(BenefitPayment, payment_id, with_for_update=True)
        if payment is None or payment.reversed:
            raise RuleViolation("取り消せる支払がありません。")
        batch = batch_of(session, payment.batch_id)
        if batch.status != "committed":
            raise RuleViolation("確定していない支払は、バッチから外してください。")
        if on < batch.payment_date:
            raise ValidationError(
                f"取消日は支払日（{format_wareki(batch.payment_date)}）以後にしてください",
                "取消日",
            )
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
