"""Dues printouts: invoices (請求書), receipts (領収書), reminders (督促状), arrears lists."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import (
    Affiliation,
    DuesBill,
    Establishment,
    Member,
    SettingValue,
)
from gojokai_desktop.domain.dues import add_months
from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.domain.holidays import next_business_day
from gojokai_desktop.domain.wareki import format_era_year, format_wareki
from gojokai_desktop.exports.dues import write_arrears, write_debit_requests
from gojokai_desktop.printing.listing import ListColumn, ListingSpec, render_listing
from gojokai_desktop.printing.render import Output, RenderResult
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.dues.payments import ArrearsRow
from gojokai_desktop.services.printing import (
    establishment_values,
    render_records,
)
from gojokai_desktop.services.society import load_profile

PAYMENT_INFO_KEY = "dues.payment_info"


def period_text(period: dt.date, months: int) -> str:
    """令和7年4月〜令和7年6月分（3か月）; one month reads 令和7年4月分."""
    last = add_months(period, months - 1)
    first = f"{format_era_year(period)}{period.month}月"
    if months == 1:
        return f"{first}分"
    return f"{first}〜{format_era_year(last)}{last.month}月分（{months}か月）"


def _setting(ctx: AppContext, key: str, default: object) -> object:
    with ctx.reader() as session:
        row = session.scalars(
            select(SettingValue)
            .where(SettingValue.key == key)
            .order_by(SettingValue.valid_from_year.desc())
            .limit(1)
        ).first()
        return default if row is None else json.loads(row.value_json)


def _bill_lines(bill: DuesBill, members: Sequence[tuple[str, str]]) -> list[dict[str, object]]:
    """The bill's lines, then the members counted on the base date (the 会員明細 attachment,
    which continues on further sheets of the same invoice)."""
    rows: list[dict[str, object]] = [
        {
            "description": line.description,
            "count": line.quantity,
            "unit_price": line.unit_amount,
            "months": line.months,
            "amount": line.amount,
        }
        for line in bill.lines
    ]
    if members and not any(line.member_id for line in bill.lines if line.kind == "dues"):
        rows.append({"description": f"【会員明細】基準日 {format_wareki(bill.base_date)} 現在"})
        rows += [{"description": f"{number}　{name}"} for number, name in members]
    return rows


def _members_on(session: Session, establishment_id: int, on: dt.date) -> list[tuple[str, str]]:
    rows = session.execute(
        select(Member.number, Member.name)
        .join(Affiliation, Affiliation.member_id == Member.id)
        .where(
            Affiliation.establishment_id == establishment_id,
            Affiliation.start_date <= on,
            or_(Affiliation.end_date.is_(None), Affiliation.end_date >= on),
        )
        .order_by(Member.number)
    ).all()
    return [(str(number), str(name)) for number, name in rows]


def invoice_records(
    ctx: AppContext, period: dt.date, establishment_ids: Sequence[int] | None = None
) -> list[dict[str, object]]:
    """One invoice per live bill of ``period`` (the member lines of salary-rate bills too)."""
    info = str(_setting(ctx, PAYMENT_INFO_KEY, ""))
    with ctx.reader() as session:
        query = (
            select(DuesBill, Establishment)
            .join(Establishment, Establishment.id == DuesBill.establishment_id)
            .where(DuesBill.period == period, DuesBill.status != "cancelled")
            .order_by(Establishment.number)
        )
        if establishment_ids is not None:
            query = query.where(DuesBill.establishment_id.in_(establishment_ids))
        records = []
        for bill, est in session.execute(query).all():
            method = "口座振替（引落日）" if est.collection_method == "debit" else ""
            records.append(
                {
                    **establishment_values(est),
                    "document.date": ctx.today(),
                    "invoice.number": f"{bill.period:%Y%m}-{est.number:04d}",
                    "invoice.period": period_text(bill.period, bill.months),
                    "invoice.due_date": bill.due_date,
                    "invoice.total": bill.amount,
                    "invoice.payment_info": info,
                    "invoice.note": f"基準日現在の会員数 {bill.head_count}人。{method}".rstrip(),
                    "invoice.lines": _bill_lines(
                        bill, _members_on(session, est.id, bill.base_date)
                    ),
                }
            )
        return records


def print_invoices(
    ctx: AppContext,
    period: dt.date,
    out: Output,
    *,
    establishment_ids: Sequence[int] | None = None,
    user_forms_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> RenderResult:
    records = invoice_records(ctx, period, establishment_ids)
    if not records:
        raise RuleViolation("この請求月の請求はありません。先に請求を作成してください。")
    return render_records(
        ctx,
        "dues_invoice",
        records,
        out,
        user_forms_dir=user_forms_dir,
        progress=progress,
        is_cancelled=is_cancelled,
    )


def set_payment_info(ctx: AppContext, text: str, valid_from_year: int) -> None:
    """お振込先 printed on invoices and reminders."""
    _save_setting(ctx, PAYMENT_INFO_KEY, text.strip(), valid_from_year, "会費の振込先の設定")


def _save_setting(ctx: AppContext, key: str, value: object, year: int, action: str) -> None:
    with ctx.unit_of_work(action) as uow:
        row = uow.session.scalars(
            select(SettingValue).where(
                SettingValue.key == key, SettingValue.valid_from_year == year
            )
        ).first()
        text = json.dumps(value, ensure_ascii=False)
        if row is None:
            uow.session.add(SettingValue(key=key, valid_from_year=year, value_json=text))
        else:
            row.value_json = text
        uow.commit()


def reminder_records(ctx: AppContext, rows: Sequence[ArrearsRow]) -> list[dict[str, object]]:
    """督促状 per establishment in arrears: the unpaid bills and a new payment date."""
    info = str(_setting(ctx, PAYMENT_INFO_KEY, ""))
    records = []
    with ctx.reader() as session:
        for row in rows:
            est = session.get(Establishment, row.establishment_id)
            assert est is not None
            bills = session.scalars(
                select(DuesBill)
                .where(
                    DuesBill.establishment_id == row.establishment_id,
                    DuesBill.status == "open",
                    DuesBill.period.in_(row.periods),
                )
                .order_by(DuesBill.period)
            ).all()
            lines = [
                {
                    "description": period_text(b.period, b.months)
                    + ("（振替不能）" if b.debit_failed else ""),
                    "count": b.head_count,
                    "unit_price": None,
                    "months": b.months,
                    "amount": b.amount - b.paid_amount,
                }
                for b in bills
            ]
            records.append(
                {
                    **establishment_values(est),
                    "document.date": ctx.today(),
                    "invoice.number": f"督-{est.number:04d}",
                    "invoice.period": f"{len(bills)}期分（{row.bucket}）",
                    "invoice.due_date": next_business_day(ctx.today() + dt.timedelta(days=14)),
                    "invoice.total": row.balance,
                    "invoice.payment_info": info,
                    "invoice.note": "本状と行き違いにお支払いの節はご容赦ください。",
                    "invoice.lines": lines,
                }
            )
    return records


def print_reminders(
    ctx: AppContext, rows: Sequence[ArrearsRow], out: Output, *, user_forms_dir: Path | None = None
) -> RenderResult:
    return render_records(
        ctx, "dues_reminder", reminder_records(ctx, rows), out, user_forms_dir=user_forms_dir
    )


_ARREARS_COLUMNS = (
    ListColumn("番号", "number", 14),
    ListColumn("事業所名", "name", 60),
    ListColumn("滞納期間", "bucket", 18),
    ListColumn("件数", "bills", 12, "number", total=True),
    ListColumn("月数", "months", 12, "number", total=True),
    ListColumn("最初の期限", "oldest", 24, "era_date_short"),
    ListColumn("請求額", "amount", 24, "yen", total=True),
    ListColumn("入金額", "paid", 24, "yen", total=True),
    ListColumn("未納額", "balance", 24, "yen", total=True),
    ListColumn("振替不能", "failed", 16, align="center"),
)


def print_arrears(
    ctx: AppContext, rows: Sequence[ArrearsRow], out: Output, *, on: dt.date
) -> RenderResult:
    """滞納一覧 as an A4 landscape list with totals."""
    profile = load_profile(ctx)
    spec = ListingSpec(
        title="会費滞納一覧",
        columns=_ARREARS_COLUMNS,
        printed_on=ctx.today(),
        conditions=(f"{format_era_year(on)}{on.month}月{on.day}日現在・期限を過ぎた未納の請求",),
        society_name=profile.name if profile else "",
        unit_note="単位:円",
        landscape=True,
        totals_label="合計",
    )
    records = [
        {"number": f"{r.number:04d}", "name": r.name, "bucket": r.bucket,
         "bills": r.overdue_bills, "months": r.months, "oldest": r.oldest_due,
         "amount": r.amount, "paid": r.paid, "balance": r.balance,
         "failed": "○" if r.debit_failed else ""}
        for r in rows
    ]  # fmt: skip
    return render_listing(spec, records, out)


def export_debit_requests(ctx: AppContext, period: dt.date, path: Path) -> int:
    """口座振替依頼一覧 for the collecting bank: live debit bills of ``period`` still owed."""
    with ctx.reader() as session:
        rows = session.execute(
            select(DuesBill, Establishment)
            .join(Establishment, Establishment.id == DuesBill.establishment_id)
            .where(
                DuesBill.period == period,
                DuesBill.status == "open",
                Establishment.collection_method == "debit",
            )
            .order_by(Establishment.number)
        ).all()
        data = [
            (f"{est.number:04d}", est.name, est.name_kana, period_text(b.period, b.months),
             b.due_date, b.head_count, b.amount, b.paid_amount, b.amount - b.paid_amount)
            for b, est in rows
        ]  # fmt: skip
    return write_debit_requests(path, data)


def export_arrears(ctx: AppContext, rows: Sequence[ArrearsRow], path: Path) -> int:
    data = [
        (f"{r.number:04d}", r.name, r.bucket, r.overdue_bills, r.months, r.oldest_due,
         r.amount, r.paid, r.balance, "○" if r.debit_failed else "")
        for r in rows
    ]  # fmt: skip
    return write_arrears(path, data)
