"""Receipts (領収書) of every area: one gapless numbering per fiscal year, reissue, void, register.

Dues, ticket sales and event fees all number their receipts here, so the auditors' 領収書控
has one sequence per year. An area issues a receipt inside its own unit of work with
``issue_receipt_in`` (the money and its receipt are written together, or neither).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from gojokai_desktop.db.errors import retry_on_conflict
from gojokai_desktop.db.models import RECEIPT_SOURCES, Receipt
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.text import clean_text
from gojokai_desktop.services.accounts import ledger
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.numbering import next_number
from gojokai_desktop.services.society import load_profile

# Printing (ReportLab) is loaded when a receipt is printed, not by every area that issues one:
# the home page's to-do lines reach this module at the program's start.
if TYPE_CHECKING:
    from gojokai_desktop.printing.render import Output, RenderResult

#: What each source's receipts say the money was for, unless the area says more.
SOURCE_LABELS = {"dues": "会費", "tickets": "斡旋", "events": "行事", "other": "その他"}


@dataclass(frozen=True)
class ReceiptView:
    id: int
    fiscal_year: int
    number: int
    source: str
    source_id: int | None
    payment_id: int | None
    issued_date: dt.date
    addressee: str
    amount: int
    purpose: str
    status: str
    void_reason: str | None
    reissue_count: int

    @property
    def label(self) -> str:
        """The number as printed: 2025-0001."""
        return f"{self.fiscal_year}-{self.number:04d}"

    @property
    def reissued(self) -> bool:
        return self.reissue_count > 0

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source, self.source)


def _view(row: Receipt) -> ReceiptView:
    return ReceiptView(
        row.id,
        row.fiscal_year,
        row.number,
        row.source,
        row.source_id,
        row.payment_id,
        row.issued_date,
        row.addressee,
        row.amount,
        row.purpose,
        row.status,
        row.void_reason,
        row.reissue_count,
    )


def issue_receipt_in(
    uow: UnitOfWork,
    *,
    source: str,
    issued: dt.date,
    addressee: str,
    amount: int,
    purpose: str,
    source_id: int | None = None,
    payment_id: int | None = None,
) -> ReceiptView:
    """A new receipt with the next number of the fiscal year of ``issued``, in ``uow``.

    Nothing is committed here: the caller's action commits the money and its receipt together.
    """
    if source not in RECEIPT_SOURCES:
        raise ValueError(f"unknown receipt source {source!r}")
    name = clean_text(addressee, "宛名", 100, required=True)
    if amount <= 0:
        raise ValidationError("領収書の金額は1円以上にしてください", "金額")
    year = ledger.calendar_of(uow).year_of(issued)
    session = uow.session

    def used() -> int:
        return (
            session.scalar(
                select(func.coalesce(func.max(Receipt.number), 0)).where(
                    Receipt.fiscal_year == year
                )
            )
            or 0
        )

    row = Receipt(
        fiscal_year=year,
        number=next_number(uow, "receipt", year, floor=used),
        source=source,
        source_id=source_id,
        payment_id=payment_id,
        issued_date=issued,
        addressee=name,
        amount=amount,
        purpose=purpose,
        status="issued",
        reissue_count=0,
    )
    session.add(row)
    uow.flush()
    return _view(row)


def live_receipt_of(uow: UnitOfWork, source: str, source_id: int) -> ReceiptView | None:
    """The issued (not void) receipt of an area's row, if any."""
    row = uow.session.scalars(
        select(Receipt).where(
            Receipt.source == source, Receipt.source_id == source_id, Receipt.status == "issued"
        )
    ).first()
    return None if row is None else _view(row)


@retry_on_conflict
def reissue_receipt(ctx: AppContext, receipt_id: int) -> ReceiptView:
    """再発行: the same number and amount, counted, printed with 再発行."""
    with ctx.unit_of_work("領収書の再発行") as uow:
        # Locked, so two reissues at once count two (not one over the other).
        row = uow.session.get(Receipt, receipt_id, with_for_update=True)
        if row is None or row.status != "issued":
            raise RuleViolation("無効にした領収書は再発行できません。")
        row.reissue_count += 1
        uow.flush()
        result = _view(row)
        uow.commit()
        return result


def void_receipt_in(uow: UnitOfWork, receipt_id: int, reason: str) -> ReceiptView:
    """無効 inside the caller's action (e.g. a reversed sale voids its receipt)."""
    text = reason.strip()
    if not text:
        raise ValidationError("無効にする理由を入力してください", "無効理由")
    row = uow.session.get(Receipt, receipt_id, with_for_update=True)
    if row is None or row.status != "issued":
        raise RuleViolation("この領収書は既に無効です。")
    row.status = "void"
    row.void_reason = text
    uow.flush()
    return _view(row)


@retry_on_conflict
def void_receipt(ctx: AppContext, receipt_id: int, reason: str) -> ReceiptView:
    """無効: the number stays on the register with the reason; a new receipt may be issued."""
    if not reason.strip():
        raise ValidationError("無効にする理由を入力してください", "無効理由")
    with ctx.unit_of_work("領収書の無効") as uow:
        result = void_receipt_in(uow, receipt_id, reason)
        uow.commit()
        return result


def receipt_register(
    ctx: AppContext, fiscal_year: int, source: str | None = None
) -> list[ReceiptView]:
    """領収書控 for the auditors: every number of the year, voids included, in order."""
    with ctx.reader() as session:
        query = select(Receipt).where(Receipt.fiscal_year == fiscal_year)
        if source is not None:
            query = query.where(Receipt.source == source)
        rows = session.scalars(query.order_by(Receipt.number)).all()
        return [_view(r) for r in rows]


def print_receipt(
    ctx: AppContext, receipt: ReceiptView, out: Output, *, user_forms_dir: Path | None = None
) -> RenderResult:
    """A receipt on the ``receipt`` form; 再発行 when it was reissued; stamp box per settings."""
    if receipt.status != "issued":
        raise RuleViolation("無効にした領収書は印刷できません。")
    from gojokai_desktop.services.printing import receipt_values, render_records

    values = receipt_values(
        number=receipt.label,
        issued=receipt.issued_date,
        payer=receipt.addressee,
        amount=receipt.amount,
        purpose=receipt.purpose.removesuffix("として"),
        reissue=receipt.reissued,
        # The printing engine applies the society's stored stamp-box setting.
        stamp_box_setting=False,
    )
    return render_records(ctx, "receipt", [values], out, user_forms_dir=user_forms_dir)


def print_receipt_register(
    ctx: AppContext, fiscal_year: int, rows: Sequence[ReceiptView], out: Output
) -> RenderResult:
    """領収書控 for the auditors: every number, voids with their reason (not in the total)."""
    from gojokai_desktop.printing.listing import ListColumn, ListingSpec, render_listing

    columns = (
        ListColumn("番号", "number", 22),
        ListColumn("発行日", "issued", 24, "era_date_short"),
        ListColumn("区分", "source", 14),
        ListColumn("宛名", "addressee", 52),
        ListColumn("金額", "amount", 26, "yen", total=True),
        ListColumn("状態", "status", 30),
        ListColumn("再発行", "reissue", 12, "number"),
    )
    profile = load_profile(ctx)
    spec = ListingSpec(
        title=f"領収書発行簿（{fiscal_year}年度）",
        columns=columns,
        printed_on=ctx.today(),
        society_name=profile.name if profile else "",
        unit_note="単位:円",
        footnotes=("※ 無効の領収書は番号を残し、金額は合計に含めない。",),
    )
    records = [
        {"number": r.label, "issued": r.issued_date, "source": r.source_label,
         "addressee": r.addressee, "amount": r.amount if r.status == "issued" else 0,
         "status": "発行" if r.status == "issued" else f"無効（{r.void_reason}）",
         "reissue": r.reissue_count}
        for r in rows
    ]  # fmt: skip
    return render_listing(spec, records, out)
