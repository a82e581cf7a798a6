"""Dues workbooks: the bank debit request list (口座振替依頼) and the arrears list (滞納一覧)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from gojokai_desktop.exports.members import SheetColumn, write_workbook

DEBIT_COLUMNS = (
    SheetColumn("事業所番号", "text", 11),
    SheetColumn("事業所名", "text", 30),
    SheetColumn("フリガナ", "text", 28),
    SheetColumn("請求月", "text", 24),
    SheetColumn("引落日", "date", 18),
    SheetColumn("会員数", "int", 8),
    SheetColumn("請求額", "yen", 12),
    SheetColumn("充当済", "yen", 12),
    SheetColumn("引落額", "yen", 12),
)

ARREARS_COLUMNS = (
    SheetColumn("事業所番号", "text", 11),
    SheetColumn("事業所名", "text", 30),
    SheetColumn("滞納期間", "text", 10),
    SheetColumn("未納件数", "int", 9),
    SheetColumn("未納月数", "int", 9),
    SheetColumn("最初の期限", "date", 18),
    SheetColumn("請求額", "yen", 12),
    SheetColumn("入金額", "yen", 12),
    SheetColumn("未納額", "yen", 12),
    SheetColumn("振替不能", "text", 9),
)

DebitRow = tuple[str, str, str, str, dt.date, int, int, int, int]
ArrearsSheetRow = tuple[str, str, str, int, int, dt.date, int, int, int, str]


def write_debit_requests(path: Path, rows: Sequence[DebitRow]) -> int:
    """One row per establishment to debit, with the amount still to collect; no formulas."""
    return write_workbook(path, DEBIT_COLUMNS, rows, sheet_title="口座振替依頼")


def write_arrears(path: Path, rows: Sequence[ArrearsSheetRow]) -> int:
    return write_workbook(path, ARREARS_COLUMNS, rows, sheet_title="滞納一覧")
