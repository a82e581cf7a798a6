"""Sources about dues: billed, collected and outstanding in the year, and the fee table.

Billed: the live bills (取消を除く) whose billing month lies in the year. Collected: the money
received in the year (入金日), reversed payments left out. Outstanding at the year end: what
those bills up to the last month asked for, less what payments received by the last day
settled of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from sqlalchemy import Select, and_, func, or_, select

from gojokai_desktop.db.models import DuesAllocation, DuesBill, DuesPayment, Establishment
from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.services.dues.fees import fee_table_in
from gojokai_desktop.services.dues.payments import METHOD_LABELS
from gojokai_desktop.services.survey.figures import (
    DetailColumn,
    Figure,
    Scope,
    SourceDetail,
    SourceInfo,
)

SOURCES = (
    SourceInfo(
        "dues.billed",
        "年度中の会費の請求額: 請求月が年度中の請求（取消を除く）の合計（入会金を含む）",
        "yen",
        "円",
    ),
    SourceInfo(
        "dues.collected",
        "年度中の会費の入金額: 入金日が年度中の入金（取消を除く）の合計",
        "yen",
        "円",
    ),
    SourceInfo(
        "dues.outstanding_at_end",
        "年度末の会費の未収額: 請求月が年度末までの請求のうち3月31日までに入金されていない額",
        "yen",
        "円",
    ),
    SourceInfo("dues.monthly_fee", "年度の会費月額（会費表、定額の場合）", "yen", "円"),
    SourceInfo("dues.entry_fee", "年度の入会金（会費表）", "yen", "円"),
)
NAMES = frozenset(s.name for s in SOURCES)
STATUS_LABELS = {"open": "未入金", "paid": "入金済"}


def _month(day: dt.date) -> str:
    return format_wareki(day).split("月")[0] + "月"


def _billed(scope: Scope) -> tuple[int, int, int]:
    count, establishments, total = scope.session.execute(
        select(
            func.count(),
            func.count(func.distinct(DuesBill.establishment_id)),
            func.coalesce(func.sum(DuesBill.amount), 0),
        ).where(DuesBill.status != "cancelled", DuesBill.period.between(scope.first, scope.last))
    ).one()
    return int(count), int(establishments), int(total)


def _collected(scope: Scope) -> tuple[int, int]:
    count, total = scope.session.execute(
        select(func.count(), func.coalesce(func.sum(DuesPayment.amount), 0)).where(
            DuesPayment.reversed.is_(False),
            DuesPayment.received_date.between(scope.first, scope.last),
        )
    ).one()
    return int(count), int(total)


def _outstanding_rows(scope: Scope) -> Select[int, int, str, dt.date, int, Any]:
    """(bill id, establishment number, name, period, amount, settled) of every bill up to the
    year end that the payments received by its last day did not wholly settle.

    Only a bill still open, or settled (in part) by money that came later or was taken back,
    can be one: the rest are left out before anything is summed.
    """
    later = (
        select(DuesAllocation.bill_id)
        .join(DuesPayment, DuesPayment.id == DuesAllocation.payment_id)
        .where(or_(DuesPayment.received_date > scope.last, DuesPayment.reversed.is_(True)))
    )
    in_question = and_(
        DuesBill.status != "cancelled",
        DuesBill.period <= scope.last,
        or_(DuesBill.status == "open", DuesBill.id.in_(later)),
    )
    settled = (
        select(DuesAllocation.bill_id, func.sum(DuesAllocation.amount).label("settled"))
        .join(DuesPayment, DuesPayment.id == DuesAllocation.payment_id)
        .join(DuesBill, DuesBill.id == DuesAllocation.bill_id)
        .where(
            in_question, DuesPayment.reversed.is_(False), DuesPayment.received_date <= scope.last
        )
        .group_by(DuesAllocation.bill_id)
        .subquery()
    )
    paid = func.coalesce(settled.c.settled, 0)
    return (
        select(
            DuesBill.id,
            Establishment.number,
            Establishment.name,
            DuesBill.period,
            DuesBill.amount,
            paid,
        )
        .join(Establishment, Establishment.id == DuesBill.establishment_id)
        .outerjoin(settled, settled.c.bill_id == DuesBill.id)
        .where(in_question, DuesBill.amount > paid)
        .order_by(Establishment.number, DuesBill.period)
    )


def _outstanding(scope: Scope) -> list[tuple[int, int, str, dt.date, int, int]]:
    return [
        (int(bill), int(number), str(name), period, int(amount), int(settled))
        for bill, number, name, period, amount, settled in scope.session.execute(
            _outstanding_rows(scope)
        )
    ]


def figures(scope: Scope, wanted: Collection[str]) -> dict[str, Figure]:
    """The dues figures of the year that ``wanted`` names."""
    out: dict[str, Figure] = {}
    months = f"{_month(scope.first)}〜{_month(scope.last)}"
    if "dues.billed" in wanted:
        count, establishments, total = _billed(scope)
        out["dues.billed"] = Figure(
            "dues.billed",
            total,
            f"請求月が{months}の会費の請求 {count:,}件（{establishments:,}事業所、取消を除く）の"
            f"請求額の合計 {total:,}円。",
            True,
        )
    if "dues.collected" in wanted:
        count, total = _collected(scope)
        out["dues.collected"] = Figure(
            "dues.collected",
            total,
            f"入金日が{scope.period}の会費の入金 {count:,}件（取消を除く）の合計 {total:,}円。",
            True,
        )
    if "dues.outstanding_at_end" in wanted:
        rows = _outstanding(scope)
        total = sum(amount - settled for *_rest, amount, settled in rows)
        establishments = len({r[1] for r in rows})
        out["dues.outstanding_at_end"] = Figure(
            "dues.outstanding_at_end",
            total,
            f"請求月が{_month(scope.last)}までの請求のうち、{format_wareki(scope.last)}までの入金で"
            f"消し込まれていない {len(rows):,}件（{establishments:,}事業所）の残額 {total:,}円。",
            True,
        )
    out.update(_fee_figures(scope, wanted))
    return out


def _fee_figures(scope: Scope, wanted: Collection[str]) -> dict[str, Figure]:
    out: dict[str, Figure] = {}
    if not {"dues.monthly_fee", "dues.entry_fee"} & set(wanted):
        return out
    try:
        fees = fee_table_in(scope.session, scope.fiscal_year)
    except RuleViolation as error:
        for name in ("dues.monthly_fee", "dues.entry_fee"):
            out[name] = Figure(name, None, error.message)
        return out
    version = f"{fees.fiscal_year}年度の会費表（第{fees.version}版）"
    if fees.model == "flat":
        out["dues.monthly_fee"] = Figure(
            "dues.monthly_fee", fees.monthly_dues, f"{version}の会費月額 {fees.monthly_dues:,}円。"
        )
    else:
        out["dues.monthly_fee"] = Figure(
            "dues.monthly_fee",
            None,
            f"{version}は給料比例（給料月額の{fees.per_mille}/1000）のため、月額は一律ではありません。"
            "手で答えてください。",
        )
    out["dues.entry_fee"] = Figure(
        "dues.entry_fee", fees.entry_fee, f"{version}の入会金 {fees.entry_fee:,}円。"
    )
    return out


def detail(scope: Scope, name: str) -> SourceDetail:
    """The bills or payments behind the figure ``name``."""
    rows: tuple[tuple[object, ...], ...]
    columns: tuple[DetailColumn, ...]
    if name == "dues.billed":
        rows = tuple(
            (number, est, _month(period), months, heads, amount, STATUS_LABELS.get(status, status))
            for number, est, period, months, heads, amount, status in scope.session.execute(
                select(
                    Establishment.number,
                    Establishment.name,
                    DuesBill.period,
                    DuesBill.months,
                    DuesBill.head_count,
                    DuesBill.amount,
                    DuesBill.status,
                )
                .join(Establishment, Establishment.id == DuesBill.establishment_id)
                .where(
                    DuesBill.status != "cancelled", DuesBill.period.between(scope.first, scope.last)
                )
                .order_by(DuesBill.period, Establishment.number)
            )
        )
        columns = (
            DetailColumn("事業所番号", "int"),
            DetailColumn("事業所名"),
            DetailColumn("請求月"),
            DetailColumn("月数", "int"),
            DetailColumn("人数", "int"),
            DetailColumn("請求額", "yen"),
            DetailColumn("状態"),
        )
        total = sum(int(str(r[5])) for r in rows)
        return SourceDetail(
            name, f"{scope.label}の会費の請求", columns, rows, f"計 {len(rows):,}件 {total:,}円"
        )
    if name == "dues.collected":
        rows = tuple(
            (day, number, est, METHOD_LABELS.get(method, method), amount)
            for day, number, est, method, amount in scope.session.execute(
                select(
                    DuesPayment.received_date,
                    Establishment.number,
                    Establishment.name,
                    DuesPayment.method,
                    DuesPayment.amount,
                )
                .join(Establishment, Establishment.id == DuesPayment.establishment_id)
                .where(
                    DuesPayment.reversed.is_(False),
                    DuesPayment.received_date.between(scope.first, scope.last),
                )
                .order_by(DuesPayment.received_date, DuesPayment.id)
            )
        )
        columns = (
            DetailColumn("入金日", "date"),
            DetailColumn("事業所番号", "int"),
            DetailColumn("事業所名"),
            DetailColumn("方法"),
            DetailColumn("入金額", "yen"),
        )
        total = sum(int(str(r[4])) for r in rows)
        return SourceDetail(
            name, f"{scope.label}の会費の入金", columns, rows, f"計 {len(rows):,}件 {total:,}円"
        )
    outstanding = _outstanding(scope)
    rows = tuple(
        (number, est, _month(period), amount, settled, amount - settled)
        for _bill, number, est, period, amount, settled in outstanding
    )
    columns = (
        DetailColumn("事業所番号", "int"),
        DetailColumn("事業所名"),
        DetailColumn("請求月"),
        DetailColumn("請求額", "yen"),
        DetailColumn("年度末までの入金", "yen"),
        DetailColumn("未収額", "yen"),
    )
    total = sum(int(str(r[5])) for r in rows)
    return SourceDetail(
        name,
        f"{format_wareki(scope.last)}の会費の未収",
        columns,
        rows,
        f"計 {len(rows):,}件 {total:,}円",
    )
