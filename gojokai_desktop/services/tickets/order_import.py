"""Orders from the workbook an establishment filled in (申込書のExcel取込), untrusted.

The file is read as it is, never calculated: a formula, an unknown member number or item, a
quantity that is not a whole number from 0 to 99 — each refusal names its row (and column),
and one refusal stores nothing. What passes goes through the same checks as the counter
(caps, leavers, the round open) in one transaction.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from sqlalchemy import select

from gojokai_desktop.db.models import Member, TicketItem, TicketRoundItem
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.exports.tickets import SHEET_KEY, OrderSheetTemplate, write_order_sheet
from gojokai_desktop.services import untrusted
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.tickets._common import round_or_refuse, year_label
from gojokai_desktop.services.tickets.orders import (
    OrderChange,
    OrderResult,
    OrdersRefused,
    apply_orders,
)
from gojokai_desktop.services.tickets.sheet import establishment_sheet

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
MAX_COLUMNS = 200
MAX_IMPORT_QUANTITY = 99
_HEADER_SCAN = 15
# The checks every file from outside goes through (services/untrusted.py), this form's sizes.
LIMITS = untrusted.Limits(
    max_file_bytes=MAX_BYTES,
    max_uncompressed_bytes=100 * 1024 * 1024,
    max_rows=MAX_ROWS + _HEADER_SCAN + 1,
    max_columns=16_384,
    content="申込書のシート",
)


class ImportRefusedError(ValidationError):
    """The workbook has problems: every one is listed, nothing was stored."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems), "申込書ファイル")


@dataclass(frozen=True)
class ImportResult:
    rows: int
    orders: OrderResult


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def _read(path: Path) -> list[tuple[Any, ...]]:
    if not path.is_file():
        raise ValidationError(f"{path} が見つかりません。", "申込書ファイル")
    if path.stat().st_size > MAX_BYTES:
        raise ValidationError(
            f"ファイルが大きすぎます（{path.stat().st_size // 1024:,} KB、上限 5 MB）。"
            "申込書のシートだけを保存したファイルにしてください。",
            "申込書ファイル",
        )

    def keep(number: int, cells: tuple[Any, ...]) -> tuple[Any, ...]:
        if number > MAX_ROWS + _HEADER_SCAN:
            raise ValidationError(f"行が多すぎます（{MAX_ROWS:,}行まで）。", "申込書ファイル")
        # A formula is reported by its cell (``_formulas``) as the text it is.
        return tuple(
            f"={c.formula.lstrip('=')}" if isinstance(c, untrusted.FormulaCell) else c
            for c in cells[:MAX_COLUMNS]
        )

    try:
        read = untrusted.read_rows(path, limits=LIMITS, keep=keep)
    except untrusted.UntrustedFileError as error:
        raise ValidationError(
            f"{path.name} はExcelファイル（.xlsx）として読めません（{error.message}）",
            "申込書ファイル",
        ) from error
    # Rows as the sheet has them, row 1 first: the cell names in messages count on it.
    rows: list[tuple[Any, ...]] = []
    for number, cells in read.rows:
        rows.extend(() for _ in range(number - 1 - len(rows)))
        rows.append(cells)
    return rows


def _formulas(rows: list[tuple[Any, ...]]) -> list[str]:
    found = []
    for number, row in enumerate(rows, start=1):
        for col, value in enumerate(row, start=1):
            if isinstance(value, str) and value.startswith("="):
                found.append(
                    f"{number}行目 {get_column_letter(col)}列: 数式（{value[:30]}）は"
                    "取り込めません。数字を直接入力してください。"
                )
    return found


def _header_row(rows: list[tuple[Any, ...]]) -> int:
    for index, row in enumerate(rows[:_HEADER_SCAN]):
        if row and _text(row[0]) == "会員番号":
            return index
    raise ValidationError(
        "1列目に「会員番号」の見出しがありません。互助会の申込書（Excel）を使ってください。",
        "申込書ファイル",
    )


def _columns(
    rows: list[tuple[Any, ...]], header: int, offered: dict[str, tuple[int, str]]
) -> tuple[dict[int, tuple[int, str]], list[str]]:
    """Which item and price class each quantity column is; unknown columns are refused."""
    titles = rows[header]
    keys = rows[header + 1] if header + 1 < len(rows) else ()
    use_keys = bool(keys) and _text(keys[0]) == SHEET_KEY
    mapping: dict[int, tuple[int, str]] = {}
    problems = []
    for col in range(2, len(titles)):
        title = _text(titles[col]).split("\n")[0].split("(")[0].strip()
        key_text = _text(keys[col]) if use_keys and col < len(keys) else ""
        if not title and not key_text:
            continue
        found = None
        if key_text:
            item, _sep, price_class = key_text.partition(":")
            if item.isdigit() and (int(item), price_class) in offered.values():
                found = (int(item), price_class)
        found = found or offered.get(title)
        if found is None:
            problems.append(
                f"{header + 1}行目 {get_column_letter(col + 1)}列: 「{title or key_text}」は"
                "この回で取り扱う品目ではありません。"
            )
        else:
            mapping[col] = found
    return mapping, problems


def _quantity(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, int):
        return value
    text = _text(value)
    return int(text) if text.isdigit() else None


def read_order_workbook(
    ctx: AppContext, round_id: int, path: Path
) -> tuple[list[OrderChange], int]:
    """The changes the workbook asks for, or :class:`ImportRefusedError` with every bad row."""
    rows = _read(path)
    problems = _formulas(rows)
    header = _header_row(rows)
    with ctx.reader() as session:
        round_or_refuse(session, round_id)
        items = session.scalars(
            select(TicketItem)
            .join(TicketRoundItem, TicketRoundItem.item_id == TicketItem.id)
            .where(TicketRoundItem.round_id == round_id)
        ).all()
        offered: dict[str, tuple[int, str]] = {}
        for item in items:
            two = item.child_face_price is not None
            offered[f"{item.name}（大人）" if two else item.name] = (item.id, "adult")
            if two:
                offered[f"{item.name}（小人）"] = (item.id, "child")
        mapping, column_problems = _columns(rows, header, offered)
        problems += column_problems
        first = header + 1
        if first < len(rows) and rows[first] and _text(rows[first][0]) == SHEET_KEY:
            first += 1
        numbers = {_text(r[0]) for r in rows[first:] if r and _text(r[0])}
        members = {
            m.number: m.id
            for m in session.scalars(select(Member).where(Member.number.in_(numbers)))
        }
    changes: list[OrderChange] = []
    read = 0
    for index in range(first, len(rows)):
        row, line = rows[index], index + 1
        number = _text(row[0]) if row else ""
        if not number:
            if row and any(_text(v) for v in row[1:]):
                problems.append(f"{line}行目: 会員番号が空欄です。")
            continue
        read += 1
        member_id = members.get(number)
        if member_id is None:
            problems.append(f"{line}行目: 会員番号「{number}」の会員はいません。")
            continue
        for col, (item_id, price_class) in mapping.items():
            value = row[col] if col < len(row) else None
            quantity = _quantity(value)
            where = f"{line}行目 {get_column_letter(col + 1)}列"
            if quantity is None or quantity < 0 or quantity > MAX_IMPORT_QUANTITY:
                problems.append(
                    f"{where}: 数量「{_text(value)}」は0〜{MAX_IMPORT_QUANTITY}の整数で"
                    "入力してください。"
                )
                continue
            changes.append(OrderChange(member_id, item_id, quantity, price_class, f"{line}行目"))
    if problems:
        raise ImportRefusedError(problems)
    return changes, read


def import_orders(
    ctx: AppContext, round_id: int, path: Path, received_on: dt.date | None = None
) -> ImportResult:
    """Read the workbook and store its orders, all of them or (on any refusal) none."""
    changes, read = read_order_workbook(ctx, round_id, path)
    if not changes:
        raise ImportRefusedError(["取り込める申込の行がありません。"])
    with ctx.unit_of_work(f"斡旋の申込（Excel取込 {path.name}）") as uow:
        try:
            current = _only_changes(uow, round_id, changes)
            result = apply_orders(
                uow, round_id, current, source="import", received_on=received_on or ctx.today()
            )
        except OrdersRefused as refused:
            raise ImportRefusedError(list(refused.problems)) from refused
        except RuleViolation as error:
            raise ImportRefusedError([error.message]) from error
        uow.audit("ticket_orders", path.name, {"rows": read, "changes": len(current)})
        uow.commit()
    return ImportResult(read, result)


def _only_changes(uow: Any, round_id: int, changes: list[OrderChange]) -> list[OrderChange]:
    """Leave out cells that say what is stored already (an empty cell with no order too)."""
    from gojokai_desktop.db.models import TicketOrder

    stored = {
        (o.member_id, o.item_id, o.price_class): o.quantity
        for o in uow.session.scalars(
            select(TicketOrder).where(
                TicketOrder.round_id == round_id, TicketOrder.status == "live"
            )
        )
    }
    return [
        c for c in changes if stored.get((c.member_id, c.item_id, c.price_class), 0) != c.quantity
    ]


def export_order_sheet(ctx: AppContext, round_id: int, establishment_id: int, path: Path) -> int:
    """The establishment's order sheet as a workbook to fill in and send back."""
    sheet = establishment_sheet(ctx, round_id, establishment_id)
    with ctx.reader() as session:
        deadline = round_or_refuse(session, round_id).closes_on
        label = year_label(session, sheet.fiscal_year)
    data = OrderSheetTemplate(
        title=f"{label} 第{sheet.round_number}回 斡旋申込書",
        establishment=f"{sheet.establishment_number:04d} {sheet.establishment_name}",
        deadline=deadline,
        columns=[(c.title, f"{c.item_id}:{c.price_class}", c.member_price) for c in sheet.columns],
        members=[(m.number, m.name, m.saved) for m in sheet.members if m.present],
    )
    if not sheet.is_open:
        raise RuleViolation("締め切った回の申込書は作れません。")
    return write_order_sheet(path, data)
