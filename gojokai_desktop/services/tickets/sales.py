"""Money for tickets handed over (販売代金): from a member or an establishment, receipts.

A payment settles handovers of one payer — the member, or the establishment collecting for
its members (振込, 給与天引). It is written with one 斡旋事業収入 entry per item (so the
year's sales per item can be read from the cash book) and, when asked, a receipt from the
shared numbering, in one transaction. A payment is undone by a recorded reversal: its entries
are reversed, its receipt voided, and its handovers are unpaid again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import (
    Establishment,
    Member,
    Receipt,
    TicketHandover,
    TicketItem,
    TicketPayment,
    TicketPaymentLine,
)
from gojokai_desktop.db.models.tickets import TICKET_PAYMENT_METHODS
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.text import clean_text
from gojokai_desktop.services.accounts import ledger
from gojokai_desktop.services.auth.roles import require_role
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.receipts import (
    ReceiptView,
    issue_receipt_in,
    live_receipt_of,
    void_receipt_in,
)
from gojokai_desktop.services.tickets._common import check_in_year, item_or_refuse, item_title
from gojokai_desktop.services.tickets._money import bank_for, reverse_all

METHOD_LABELS = {"cash": "現金", "transfer": "振込", "payroll": "給与天引"}
SALE_SOURCE = "ticket_sale"
RECEIPT_PURPOSE = "斡旋品代として"


@dataclass(frozen=True)
class PaymentLineView:
    item_id: int
    item_name: str
    quantity: int
    amount: int


@dataclass(frozen=True)
class PaymentView:
    id: int
    paid_on: dt.date
    method: str
    payer_name: str
    member_id: int | None
    establishment_id: int | None
    amount: int
    status: str
    reverse_reason: str | None
    receipt: ReceiptView | None
    lines: tuple[PaymentLineView, ...]

    @property
    def method_label(self) -> str:
        return METHOD_LABELS.get(self.method, self.method)

    @property
    def payer_kind(self) -> str:
        return "会員" if self.member_id is not None else "事業所"


@dataclass(frozen=True)
class UnpaidRow:
    """What one member owes for tickets handed over (未収)."""

    member_id: int
    member_number: str
    member_name: str
    establishment_id: int
    establishment_name: str
    handovers: int
    amount: int
    oldest: dt.date
    handover_ids: tuple[int, ...]


def unpaid(
    ctx: AppContext, *, fiscal_year: int | None = None, establishment_id: int | None = None
) -> list[UnpaidRow]:
    """Members with unpaid handovers (未収一覧), by establishment and member number."""
    query = (
        select(TicketHandover, Member.number, Member.name, Establishment.name)
        .join(Member, Member.id == TicketHandover.member_id)
        .join(Establishment, Establishment.id == TicketHandover.establishment_id)
        .join(TicketItem, TicketItem.id == TicketHandover.item_id)
        .where(
            TicketHandover.status == "live",
            TicketHandover.payment_id.is_(None),
            TicketHandover.amount > 0,
        )
        .order_by(Establishment.number, Member.number, TicketHandover.id)
    )
    if fiscal_year is not None:
        query = query.where(TicketItem.fiscal_year == fiscal_year)
    if establishment_id is not None:
        query = query.where(TicketHandover.establishment_id == establishment_id)
    rows: dict[int, list[tuple[TicketHandover, str, str, str]]] = defaultdict(list)
    with ctx.reader() as session:
        for handover, number, name, est in session.execute(query):
            rows[handover.member_id].append((handover, number, name, est))
    result = []
    for member_id, lines in rows.items():
        first = lines[0]
        result.append(
            UnpaidRow(
                member_id, first[1], first[2], first[0].establishment_id, first[3], len(lines),
                sum(h.amount for h, *_r in lines), min(h.handed_on for h, *_r in lines),
                tuple(h.id for h, *_r in lines),
            )
        )  # fmt: skip
    return result  # in the query's order: establishment number, then member number


def unpaid_totals(ctx: AppContext) -> tuple[int, int]:
    """Members with unpaid handovers and the amount (for the home page)."""
    with ctx.reader() as session:
        count, amount = session.execute(
            select(
                func.count(func.distinct(TicketHandover.member_id)),
                func.coalesce(func.sum(TicketHandover.amount), 0),
            ).where(
                TicketHandover.status == "live",
                TicketHandover.payment_id.is_(None),
                TicketHandover.amount > 0,
            )
        ).one()
        return int(count or 0), int(amount or 0)


def collect_payment(
    ctx: AppContext,
    handover_ids: Sequence[int],
    paid_on: dt.date,
    method: str,
    *,
    by_establishment: bool = False,
    issue_receipt: bool | None = None,
    addressee: str = "",
    bank_account_id: int | None = None,
    note: str = "",
) -> PaymentView:
    """入金: the handovers are paid by their member (or, ``by_establishment``, by their
    establishment); posts 斡旋事業収入 per item and, for cash by default, issues a receipt."""
    if method not in TICKET_PAYMENT_METHODS:
        raise ValidationError("入金方法は現金・振込・給与天引から選んでください。", "入金方法")
    if not handover_ids:
        raise ValidationError("入金する受渡を選んでください。", "受渡")
    receipt_wanted = (method == "cash") if issue_receipt is None else issue_receipt
    with ctx.unit_of_work("斡旋品代の入金") as uow:
        session = uow.session
        rows = session.scalars(
            select(TicketHandover).where(TicketHandover.id.in_(handover_ids))
        ).all()
        if len(rows) != len(set(handover_ids)):
            raise ValidationError("選んだ受渡が見つかりません。", "受渡")
        if any(r.status != "live" or r.payment_id is not None for r in rows):
            raise RuleViolation("取り消された受渡、または入金済みの受渡が含まれています。")
        if not sum(r.amount for r in rows):
            raise RuleViolation("選んだ受渡は無料配布のため、代金はありません。")
        payer_id, payer = _payer(session, rows, by_establishment)
        items: dict[int, TicketItem] = {}
        for row in rows:
            item = items.setdefault(row.item_id, item_or_refuse(session, row.item_id))
            check_in_year(session, item.fiscal_year, paid_on, "入金日")
        payment = TicketPayment(
            paid_on=paid_on, method=method, payer_name=payer[:100],
            member_id=None if by_establishment else payer_id,
            establishment_id=payer_id if by_establishment else None,
            amount=sum(r.amount for r in rows), status="live",
            note=clean_text(note, "備考", 200), entered_by=ctx.actor.name[:60],
        )  # fmt: skip
        session.add(payment)
        uow.flush()
        fiscal_year = ledger.calendar_of(uow).year_of(paid_on)
        bank = None if method == "cash" else bank_for(uow, "tickets", fiscal_year, bank_account_id)
        _post_lines(uow, payment, rows, items, bank)
        for row in rows:
            row.payment_id = payment.id
        if receipt_wanted:
            issue_receipt_in(
                uow, source="tickets", source_id=payment.id, issued=paid_on,
                addressee=addressee.strip() or payer, amount=payment.amount,
                purpose=RECEIPT_PURPOSE,
            )  # fmt: skip
        uow.flush()
        view = _view(session, payment)
        uow.commit()
    return view


def collect_for_member(
    ctx: AppContext,
    member_id: int,
    paid_on: dt.date,
    method: str = "cash",
    *,
    issue_receipt: bool | None = None,
) -> PaymentView:
    """Everything the member owes, paid at once (at the counter, usually in cash)."""
    rows = [r for r in unpaid(ctx) if r.member_id == member_id]
    if not rows:
        raise RuleViolation("この会員に未入金の受渡はありません。")
    return collect_payment(ctx, rows[0].handover_ids, paid_on, method, issue_receipt=issue_receipt)


def collect_for_establishment(
    ctx: AppContext,
    establishment_id: int,
    paid_on: dt.date,
    method: str = "transfer",
    *,
    issue_receipt: bool | None = None,
) -> PaymentView:
    """Everything the establishment's members owe, paid by the establishment at once."""
    ids = [i for r in unpaid(ctx, establishment_id=establishment_id) for i in r.handover_ids]
    if not ids:
        raise RuleViolation("この事業所に未入金の受渡はありません。")
    return collect_payment(
        ctx, ids, paid_on, method, by_establishment=True, issue_receipt=issue_receipt
    )


def _payer(
    session: Session, rows: Sequence[TicketHandover], by_establishment: bool
) -> tuple[int, str]:
    payer_ids = {r.establishment_id if by_establishment else r.member_id for r in rows}
    if len(payer_ids) != 1:
        who = "事業所" if by_establishment else "会員"
        raise RuleViolation(f"一度の入金は1つの{who}の受渡だけにしてください。")
    payer_id = payer_ids.pop()
    if by_establishment:
        est = session.get(Establishment, payer_id)
        return payer_id, est.name if est is not None else ""
    member = session.get(Member, payer_id)
    return payer_id, member.name if member is not None else ""


def _post_lines(
    uow: UnitOfWork,
    payment: TicketPayment,
    rows: Sequence[TicketHandover],
    items: dict[int, TicketItem],
    bank: int | None,
) -> None:
    """One payment line and one 斡旋事業収入 entry per item."""
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        totals[row.item_id][0] += row.quantity
        totals[row.item_id][1] += row.amount
    for item_id, (quantity, amount) in totals.items():
        if not amount:
            continue
        line = TicketPaymentLine(payment_id=payment.id, item_id=item_id, quantity=quantity,
                                 amount=amount)  # fmt: skip
        uow.session.add(line)
        uow.flush()
        item = items[item_id]
        ledger.post(
            uow, date=payment.paid_on, amount=amount, purpose="tickets",
            description=f"斡旋 {item.name} {quantity}{item.unit} {payment.payer_name}"
            f"（{METHOD_LABELS[payment.method]}）",
            method="bank" if bank is not None else "cash", bank_account=bank,
            counterparty=payment.payer_name, source=(SALE_SOURCE, line.id),
        )  # fmt: skip


def reverse_payment(ctx: AppContext, payment_id: int, reason: str, on: dt.date) -> None:
    """入金の取消: entries reversed, receipt voided, handovers unpaid again — one transaction."""
    require_role(ctx, "admin", "斡旋品代の入金の取消")
    text = reason.strip()
    if not text:
        raise ValidationError("取消の理由を入力してください。", "取消理由")
    with ctx.unit_of_work("斡旋品代の入金の取消") as uow:
        session = uow.session
        payment = session.get(TicketPayment, payment_id)
        if payment is None or payment.status != "live":
            raise RuleViolation("この入金は既に取り消されています。")
        for line in session.scalars(
            select(TicketPaymentLine).where(TicketPaymentLine.payment_id == payment.id)
        ):
            reverse_all(uow, SALE_SOURCE, line.id, on=on, reason=text)
        receipt = live_receipt_of(uow, "tickets", payment.id)
        if receipt is not None:
            void_receipt_in(uow, receipt.id, f"入金取消: {text}"[:200])
        for row in session.scalars(
            select(TicketHandover).where(TicketHandover.payment_id == payment.id)
        ):
            row.payment_id = None
        payment.status = "reversed"
        payment.reversed_on = on
        payment.reverse_reason = text[:200]
        uow.commit()


def issue_receipt(ctx: AppContext, payment_id: int, addressee: str = "") -> ReceiptView:
    """A receipt for a payment that has none (a transfer, asked for later)."""
    with ctx.unit_of_work("領収書の発行") as uow:
        payment = uow.session.get(TicketPayment, payment_id)
        if payment is None or payment.status != "live":
            raise RuleViolation("取り消された入金には領収書を発行できません。")
        if live_receipt_of(uow, "tickets", payment.id) is not None:
            raise RuleViolation("この入金の領収書は発行済みです。再発行を使ってください。")
        receipt = issue_receipt_in(
            uow, source="tickets", source_id=payment.id, issued=payment.paid_on,
            addressee=addressee.strip() or payment.payer_name, amount=payment.amount,
            purpose=RECEIPT_PURPOSE,
        )  # fmt: skip
        uow.commit()
    return receipt


def _receipt(session: Session, payment_id: int) -> ReceiptView | None:
    row = session.scalars(
        select(Receipt).where(
            Receipt.source == "tickets", Receipt.source_id == payment_id, Receipt.status == "issued"
        )
    ).first()
    if row is None:
        return None
    return ReceiptView(
        row.id, row.fiscal_year, row.number, row.source, row.source_id, row.payment_id,
        row.issued_date, row.addressee, row.amount, row.purpose, row.status, row.void_reason,
        row.reissue_count,
    )  # fmt: skip


def _view(session: Session, payment: TicketPayment) -> PaymentView:
    lines = session.execute(
        select(TicketPaymentLine, TicketItem)
        .join(TicketItem, TicketItem.id == TicketPaymentLine.item_id)
        .where(TicketPaymentLine.payment_id == payment.id)
        .order_by(TicketItem.sort_order)
    ).all()
    return PaymentView(
        payment.id, payment.paid_on, payment.method, payment.payer_name, payment.member_id,
        payment.establishment_id, payment.amount, payment.status, payment.reverse_reason,
        _receipt(session, payment.id),
        tuple(PaymentLineView(i.id, item_title(i), ln.quantity, ln.amount) for ln, i in lines),
    )  # fmt: skip


def payments(ctx: AppContext, fiscal_year: int) -> list[PaymentView]:
    """The year's payments, newest first, reversed ones too."""
    with ctx.reader() as session:
        rows = session.scalars(
            select(TicketPayment)
            .where(
                TicketPayment.id.in_(
                    select(TicketPaymentLine.payment_id)
                    .join(TicketItem, TicketItem.id == TicketPaymentLine.item_id)
                    .where(TicketItem.fiscal_year == fiscal_year)
                )
            )
            .order_by(TicketPayment.paid_on.desc(), TicketPayment.id.desc())
        ).all()
        return [_view(session, p) for p in rows]


def get_payment(ctx: AppContext, payment_id: int) -> PaymentView:
    with ctx.reader() as session:
        payment = session.get(TicketPayment, payment_id)
        if payment is None:
            raise ValidationError("入金が見つかりません。", "入金")
        return _view(session, payment)
