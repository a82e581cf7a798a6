"""Reading a roster to import: Excel sheets or CSV (UTF-8 or cp932), header row, column guess."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gojokai_desktop.services import collection, untrusted
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
    messages: tuple[str, ...] = ()


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
    """The sheets of a workbook (a CSV file has one, named after the file), checked first."""
    return untrusted.sheet_names(path)


@collection.paused()  # every cell of the file made at once, none of it garbage
def read_table(path: Path, sheet: str | None = None) -> RawTable:
    """Read every non-blank row of the sheet (the first one unless named) or of the CSV file.

    The file is checked before reading (``services/untrusted.py``): a hostile, broken or
    too large file is refused naming the problem. Formula cells stay ``FormulaCell`` and
    are refused on their row by the importer.
    """
    read = untrusted.read_rows(path, sheet)
    return RawTable(read.source, read.name, _numbered(read.rows), tuple(read.messages))


def _numbered(rows: Iterable[tuple[int, Sequence[Any]]]) -> list[tuple[int, tuple[Any, ...]]]:
    kept = []
    for number, row in rows:
        cells = tuple(untrusted.cell_text(v) for v in row)
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
