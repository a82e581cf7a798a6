"""Reading a roster to import: Excel sheets or CSV (UTF-8 or cp932), header row, column guess."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.services.members.import_columns import (
    Match,
    is_my_number_header,
    looks_like_my_number,
    match_columns,
)

_HEADER_SCAN_ROWS = 15


@dataclass(frozen=True)
class RowError:
    """One problem of one row: where it is, what was there, what is wrong."""

    row: int
    column: str
    value: str
    message: str
    sheet: str = ""  # a companion sheet (事業所, 家族, 互助会); "" for the member sheet

    def __str__(self) -> str:
        shown = f"「{self.value}」" if self.value else ""
        where = f"{self.sheet}シート " if self.sheet else ""
        return f"{where}{self.row}行目 {self.column}{shown}: {self.message}"


@dataclass(frozen=True)
class RawTable:
    """A sheet as read: every row as text-or-date cells, row numbers as the clerk sees them."""

    source: str
    sheet: str
    rows: list[tuple[int, tuple[Any, ...]]]


@dataclass(frozen=True)
class Columns:
    """The header row chosen and what each column is mapped to (None = not imported)."""

    header_row: int
    headers: tuple[str, ...]
    mapping: tuple[str | None, ...]
    refused: tuple[int, ...]  # columns that look like My Number: never read, never stored
    matches: tuple[Match, ...] = ()  # why each column got its field (the mapping step)

    def with_mapping(self, mapping: tuple[str | None, ...]) -> Columns:
        """The clerk's own choice of fields (the reasons say which were changed)."""
        matches = tuple(
            m if m.field == f else Match(f, 0, "手で選んだ項目" if f else "手で外した")
            for m, f in zip(self.matches or (Match(None, 0, ""),) * len(mapping), mapping,
                            strict=True)
        )  # fmt: skip
        return Columns(self.header_row, self.headers, mapping, self.refused, matches)

    def column_of(self, field: str) -> int | None:
        return self.mapping.index(field) if field in self.mapping else None


def sheet_names(path: Path) -> list[str]:
    """The sheets of a workbook (a CSV file has one, named after the file)."""
    if path.suffix.lower() in (".csv", ".txt"):
        return [path.stem]
    workbook = load_workbook(path, read_only=True)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def _cell(value: Any) -> Any:
    if type(value) is str:  # most cells: nothing to convert (checked first, cheaply)
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    if value is None:
        return ""
    return value if isinstance(value, dt.date) else str(value)


def _decode(data: bytes, source: str) -> str:
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(f"{source} はUTF-8でもShift_JIS（cp932）でも読めません。", "ファイル")


def read_table(path: Path, sheet: str | None = None) -> RawTable:
    """Read every non-blank row of the sheet (the first one unless named) or of the CSV file."""
    if not path.exists():
        raise ValidationError(f"{path} が見つかりません。", "ファイル")
    if path.suffix.lower() in (".csv", ".txt"):
        text = _decode(path.read_bytes(), path.name)
        raw: Iterable[Sequence[Any]] = csv.reader(io.StringIO(text))
        name = path.stem
        return RawTable(path.name, name, _numbered(raw))
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            names = "、".join(workbook.sheetnames)
            raise ValidationError(f"シート「{sheet}」がありません（あるのは {names}）。", "シート")
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        return RawTable(
            path.name, worksheet.title, _numbered(worksheet.iter_rows(values_only=True))
        )
    finally:
        workbook.close()


def _numbered(rows: Iterable[Sequence[Any]]) -> list[tuple[int, tuple[Any, ...]]]:
    kept = []
    for number, row in enumerate(rows, start=1):
        cells = tuple(map(_cell, row))
        if any(c != "" and (not isinstance(c, str) or c.strip()) for c in cells):
            kept.append((number, cells))
    return kept


def guess_header_row(table: RawTable) -> int:
    """The first row (of the first 15) where at least two headers are recognised."""
    for number, cells in table.rows[:_HEADER_SCAN_ROWS]:
        if sum(1 for c in cells if isinstance(c, str) and _known_header(c)) >= 2:
            return number
    return table.rows[0][0] if table.rows else 1


def columns_for(table: RawTable, header_row: int) -> Columns:
    """Headers of ``header_row`` (a blank cell under a merged header takes the one above),
    each mapped by its Japanese name; My Number columns are refused."""
    rows = dict(table.rows)
    cells = rows.get(header_row, ())
    above = rows.get(header_row - 1, ())
    width = max((len(r) for _n, r in table.rows), default=0)
    headers = []
    for position in range(width):
        text = str(cells[position]).strip() if position < len(cells) else ""
        if not text and position < len(above):
            text = str(above[position]).strip()  # vertically merged header cell
        headers.append(text)
    data = [r for n, r in table.rows if n > header_row]
    values = [[r[p] if p < len(r) else "" for r in data] for p in range(width)]
    refused = tuple(
        p for p, header in enumerate(headers)
        if is_my_number_header(header) or looks_like_my_number(values[p])
    )  # fmt: skip
    mapping, matches = match_columns(headers, values, refused)
    return Columns(header_row, tuple(headers), mapping, refused, matches)


def _known_header(text: str) -> bool:
    return any(m.field for m in match_columns([text], [[]])[1])


def refused_message(columns: Columns) -> list[str]:
    """What the clerk is told about refused columns."""
    return [
        f"列「{columns.headers[p] or f'{p + 1}列目'}」はマイナンバー（個人番号）とみられるため"
        "取り込みません。この列の値は読み込まず、保存もしません。"
        for p in columns.refused
    ]
